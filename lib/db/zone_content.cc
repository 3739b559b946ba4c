#include "db/zone_content.hh"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "db/wire_name.hh"
#include "dns/rdata.hh"

namespace lnsd::db {
namespace {

constexpr size_t kInitialTableSize = 1024;

// The type an RRSIG covers (RFC 4034 §3.1), 0 for other types.
RRType covered_type(RRType type, std::span<const uint8_t> rdata) {
  if (type != RRType::RRSIG || rdata.size() < 2) return RRType(0);
  return RRType(uint16_t(rdata[0] << 8 | rdata[1]));
}

// A byte string whose memcmp order is the canonical order of names (RFC 4034
// §6.1): labels from the rightmost, lowercased, each ended by 0x00. The
// octets 0x00 and 0x01 inside a label become 0x01 0x01 and 0x01 0x02 so that
// the terminator stays below every octet of a label.
void append_sort_key(std::span<const uint8_t> wire, std::vector<uint8_t>& out) {
  std::array<uint8_t, 128> offsets;
  size_t n = label_offsets(wire, offsets);
  while (n > 0) {
    --n;
    auto label = wire.subspan(offsets[n] + 1, wire[offsets[n]]);
    for (uint8_t c : label) {
      c = ascii_lower(c);
      if (c <= 1) {
        out.push_back(1);
        out.push_back(uint8_t(c + 1));
      } else {
        out.push_back(c);
      }
    }
    out.push_back(0);
  }
}

}  // namespace

ZoneContent::ZoneContent(const Name& origin) : origin_(origin) {}

size_t ZoneContent::owner_count() const { return name_offsets_.size(); }

std::span<const uint8_t> ZoneContent::owner_wire(uint32_t owner) const {
  size_t begin = name_offsets_[owner];
  size_t end = owner + 1 < name_offsets_.size() ? name_offsets_[owner + 1] : name_arena_.size();
  return {name_arena_.data() + begin, end - begin};
}

Name ZoneContent::owner_name(uint32_t owner) const {
  // The arena holds only wire forms that Name produced, so this cannot fail.
  return Name::from_wire(owner_wire(owner)).value();
}

uint32_t ZoneContent::intern_owner(const Name& owner) {
  auto wire = owner.wire();
  if ((name_offsets_.size() + 1) * 4 > name_hash_table_.size() * 3) {
    // Grow to keep the load under 3/4; the stored hashes place the owners.
    size_t size = std::max(kInitialTableSize, name_hash_table_.size() * 2);
    std::vector<uint64_t> table(size, 0);
    for (uint64_t entry : name_hash_table_) {
      if (entry == 0) continue;
      size_t slot = (entry >> 32) & (size - 1);
      while (table[slot] != 0) slot = (slot + 1) & (size - 1);
      table[slot] = entry;
    }
    name_hash_table_ = std::move(table);
  }
  const size_t mask = name_hash_table_.size() - 1;
  const uint64_t high = name_hash_wire(wire) >> 32;
  size_t slot = high & mask;
  while (uint64_t entry = name_hash_table_[slot]) {
    if (entry >> 32 == high) {
      auto index = uint32_t(entry) - 1;
      if (names_equal_wire(owner_wire(index), wire)) return index;
    }
    slot = (slot + 1) & mask;
  }
  auto index = uint32_t(name_offsets_.size());
  name_offsets_.push_back(uint32_t(name_arena_.size()));
  name_arena_.insert(name_arena_.end(), wire.begin(), wire.end());
  name_hash_table_[slot] = high << 32 | (uint64_t(index) + 1);
  return index;
}

void ZoneContent::add_record(uint32_t owner, RRType type, uint32_t ttl,
                             std::span<const uint8_t> rdata, SourcePos pos) {
  Record r;
  r.owner = owner;
  r.ttl = ttl;
  r.rdata_offset = rdata_arena_.size();
  r.rdata_length = uint16_t(rdata.size());
  r.type = type;
  r.pos = pos;
  rdata_arena_.insert(rdata_arena_.end(), rdata.begin(), rdata.end());
  records_.push_back(r);
}

std::vector<ZoneContent::MergeEvent> ZoneContent::finalize() {
  std::vector<MergeEvent> events;
  if (finalized_) return events;
  finalized_ = true;
  name_hash_table_ = {};  // interning is over; give the memory back

  // Owners in canonical order, through memcmp-ordered sort keys.
  const size_t owners = name_offsets_.size();
  std::vector<uint32_t> owner_rank(owners);
  {
    std::vector<uint8_t> keys;
    std::vector<uint32_t> key_offsets(owners + 1);
    keys.reserve(name_arena_.size() + name_arena_.size() / 4);
    for (uint32_t i = 0; i < owners; ++i) {
      key_offsets[i] = uint32_t(keys.size());
      append_sort_key(owner_wire(i), keys);
    }
    key_offsets[owners] = uint32_t(keys.size());
    auto key = [&](uint32_t i) {
      return std::string_view(reinterpret_cast<const char*>(keys.data()) + key_offsets[i],
                              key_offsets[i + 1] - key_offsets[i]);
    };
    // Keys share a long prefix (the origin); sort on the eight octets after
    // it, held next to the index, and compare whole keys only on ties.
    size_t common = owners > 0 ? key(0).size() : 0;
    for (uint32_t i = 1; i < owners; ++i) {
      auto k = key(i);
      size_t limit = std::min(common, k.size());
      size_t j = 0;
      auto k0 = key(0);
      while (j < limit && k0[j] == k[j]) ++j;
      common = j;
    }
    struct Item {
      uint64_t prefix;
      uint32_t owner;
    };
    std::vector<Item> items(owners);
    for (uint32_t i = 0; i < owners; ++i) {
      auto k = key(i).substr(common);
      uint64_t prefix = 0;
      for (size_t j = 0; j < 8; ++j) prefix = prefix << 8 | (j < k.size() ? uint8_t(k[j]) : 0);
      items[i] = {prefix, i};
    }
    // LSD radix sort on the prefix (stable), skipping octets all share,
    // then whole keys within runs of equal prefixes.
    std::vector<Item> scratch(owners);
    for (unsigned shift = 0; shift < 64; shift += 8) {
      std::array<size_t, 257> count{};
      for (const Item& it : items) ++count[((it.prefix >> shift) & 0xff) + 1];
      if (std::any_of(count.begin() + 1, count.end(), [&](size_t c) { return c == owners; })) continue;
      for (size_t b = 1; b < count.size(); ++b) count[b] += count[b - 1];
      for (const Item& it : items) scratch[count[(it.prefix >> shift) & 0xff]++] = it;
      items.swap(scratch);
    }
    for (size_t run = 0; run < owners;) {
      size_t end = run + 1;
      while (end < owners && items[end].prefix == items[run].prefix) ++end;
      if (end - run > 1) {
        std::sort(items.begin() + run, items.begin() + end, [&](const Item& a, const Item& b) {
          return key(a.owner).substr(common) < key(b.owner).substr(common);
        });
      }
      run = end;
    }
    for (uint32_t rank = 0; rank < owners; ++rank) owner_rank[items[rank].owner] = rank;
  }

  // Records grouped by owner rank with a counting sort (zone files list a
  // name's records together, so the groups are small), then each group
  // sorted by type, covered type and canonical rdata (RFC 4034 §6.3); equal
  // keys keep the order they were written in.
  const size_t n = records_.size();
  std::vector<uint32_t> order(n);
  {
    std::vector<uint32_t> start(owners + 1, 0);
    for (const Record& r : records_) ++start[owner_rank[r.owner] + 1];
    for (size_t i = 1; i <= owners; ++i) start[i] += start[i - 1];
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < n; ++i) order[next[owner_rank[records_[i].owner]]++] = i;

    std::vector<uint8_t> canonical;        // canonical rdata of one group
    std::vector<uint32_t> canonical_at(n); // record -> offset in `canonical`
    std::vector<uint8_t> duplicate(n, 0);
    for (size_t g = 0; g < owners; ++g) {
      auto first = order.begin() + start[g];
      auto last = order.begin() + start[g + 1];
      if (last - first < 2) continue;
      canonical.clear();
      for (auto it = first; it != last; ++it) {
        const Record& r = records_[*it];
        canonical_at[*it] = uint32_t(canonical.size());
        auto rd = rdata(r);
        canonical.insert(canonical.end(), rd.begin(), rd.end());
        rdata_canonicalize(r.type, {canonical.data() + canonical_at[*it], rd.size()});
      }
      auto canon = [&](uint32_t i) {
        return std::span<const uint8_t>(canonical.data() + canonical_at[i], records_[i].rdata_length);
      };
      std::sort(first, last, [&](uint32_t a, uint32_t b) {
        const Record& x = records_[a];
        const Record& y = records_[b];
        if (x.type != y.type) return x.type < y.type;
        RRType cx = covered_type(x.type, rdata(x));
        RRType cy = covered_type(y.type, rdata(y));
        if (cx != cy) return cx < cy;
        auto rx = canon(a);
        auto ry = canon(b);
        int c = std::memcmp(rx.data(), ry.data(), std::min(rx.size(), ry.size()));
        if (c != 0) return c < 0;
        if (rx.size() != ry.size()) return rx.size() < ry.size();
        return a < b;
      });
      // Mark duplicates (equal canonical rdata) now, while the canonical
      // forms are at hand.
      for (auto it = first + 1; it != last; ++it) {
        const Record& x = records_[*(it - 1)];
        const Record& y = records_[*it];
        if (x.type == y.type && covered_type(x.type, rdata(x)) == covered_type(y.type, rdata(y))) {
          auto rx = canon(*(it - 1));
          auto ry = canon(*it);
          if (std::equal(rx.begin(), rx.end(), ry.begin(), ry.end())) duplicate[*it] = 1;
        }
      }
    }

    // Build RRsets and nodes in the new record order; duplicates go last.
    std::vector<Record> sorted;
    sorted.reserve(n);
    std::vector<uint32_t> new_index(n);
    std::vector<uint32_t> duplicates;  // old indices
    std::vector<uint32_t> duplicate_of;  // old index of the record kept
    nodes_.clear();
    rrsets_.clear();
    uint32_t kept_old = 0;
    for (size_t g = 0; g < owners; ++g) {
      if (start[g] == start[g + 1]) continue;
      Node node;
      node.name = records_[order[start[g]]].owner;
      node.first_rrset = uint32_t(rrsets_.size());
      for (uint32_t k = start[g]; k < start[g + 1];) {
        const Record& head = records_[order[k]];
        RRType covered = covered_type(head.type, rdata(head));
        RRset set;
        set.owner = head.owner;
        set.type = head.type;
        set.covered = covered;
        set.first_record = uint32_t(sorted.size());
        uint32_t earliest = order[k];
        uint32_t end = k;
        while (end < start[g + 1] && records_[order[end]].type == head.type &&
               covered_type(head.type, rdata(records_[order[end]])) == covered) {
          uint32_t old = order[end];
          if (duplicate[old]) {
            duplicates.push_back(old);
            duplicate_of.push_back(kept_old);
          } else {
            kept_old = old;
            new_index[old] = uint32_t(sorted.size());
            sorted.push_back(records_[old]);
          }
          earliest = std::min(earliest, old);
          ++end;
        }
        set.ttl = records_[earliest].ttl;
        set.record_count = uint32_t(sorted.size()) - set.first_record;
        for (uint32_t r = set.first_record; r < sorted.size(); ++r) {
          if (sorted[r].ttl != set.ttl) {
            events.push_back({MergeEvent::Kind::TtlMismatch, r, 0});
            events.back().first = earliest;  // an old index, renumbered below
          }
        }
        rrsets_.push_back(set);
        k = end;
      }
      node.rrset_count = uint32_t(rrsets_.size()) - node.first_rrset;
      nodes_.push_back(node);
    }
    for (size_t i = 0; i < duplicates.size(); ++i) {
      new_index[duplicates[i]] = uint32_t(sorted.size());
      sorted.push_back(records_[duplicates[i]]);
    }
    // The earliest record of an RRset may itself have been a duplicate; its
    // TTL still counts, as it was written first.
    for (MergeEvent& e : events) e.first = new_index[e.first];
    for (size_t i = 0; i < duplicates.size(); ++i) {
      events.push_back({MergeEvent::Kind::DuplicateRecord, new_index[duplicates[i]],
                        new_index[duplicate_of[i]]});
    }
    records_ = std::move(sorted);
  }
  return events;
}

}  // namespace lnsd::db
