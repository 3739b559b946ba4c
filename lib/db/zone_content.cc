#include "db/zone_content.hh"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "db/wire_name.hh"
#include "dns/rdata.hh"
#include "util/two_halves.hh"
#include "util/free_memory.hh"

namespace lnsd::db {
namespace {

constexpr size_t kInitialTableSize = 1024;
constexpr size_t kSourceOctetsPerRecord = 16;
constexpr size_t kSourceOctetsPerOwner = 48;
constexpr size_t kPrefetchAhead = 16;

// The type an RRSIG covers (RFC 4034 §3.1), 0 for other types.
RRType covered_type(RRType type, std::span<const uint8_t> rdata) {
  if (type != RRType::RRSIG || rdata.size() < 2) return RRType(0);
  return RRType(uint16_t(rdata[0] << 8 | rdata[1]));
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

void ZoneContent::resize_owner_table(size_t size) {
  std::vector<uint64_t> table(size, 0);
  for (uint64_t entry : name_hash_table_) {
    if (entry == 0) continue;
    size_t slot = (entry >> 32) & (size - 1);
    while (table[slot] != 0) slot = (slot + 1) & (size - 1);
    table[slot] = entry;
  }
  name_hash_table_ = std::move(table);
}

void ZoneContent::reserve_for_source(size_t octets) {
  if (finalized_) return;
  // A plain zone spends about 30 octets of text on a record and a little
  // more on an owner; signed zones spend far more. Reserving for too many
  // records costs only address space, so err high there; the owner table is
  // written in full, so aim it low and let it double once if need be.
  records_.reserve(records_.size() + octets / kSourceOctetsPerRecord);
  positions_.reserve(positions_.size() + octets / kSourceOctetsPerRecord);
  name_offsets_.reserve(name_offsets_.size() + octets / kSourceOctetsPerRecord);
  rdata_arena_.reserve(rdata_arena_.size() + octets / 2);
  name_arena_.reserve(name_arena_.size() + octets / 2);
  canonical_order_.reserve(name_offsets_.capacity(), name_arena_.capacity());
  size_t owners = name_offsets_.size() + octets / kSourceOctetsPerOwner;
  size_t size = std::max(kInitialTableSize, name_hash_table_.size());
  while (owners * 4 > size * 3) size *= 2;
  if (size > name_hash_table_.size()) resize_owner_table(size);
}

uint32_t ZoneContent::intern_owner(const Name& owner) {
  return intern_hashed(owner.wire(), name_hash_wire(owner.wire()) >> 32);
}

void ZoneContent::intern_owners(std::span<const std::span<const uint8_t>> owners,
                                std::span<uint32_t> indices) {
  // Most owners of a large zone are new, and the probe of each is a cache
  // miss at a random slot; fetching the slots a few owners ahead overlaps
  // those misses.
  constexpr size_t kAhead = 8;
  std::array<uint64_t, kAhead> highs{};
  auto look_ahead = [&](size_t i) {
    highs[i % kAhead] = name_hash_wire(owners[i]) >> 32;
    if (!name_hash_table_.empty()) {
      __builtin_prefetch(&name_hash_table_[highs[i % kAhead] & (name_hash_table_.size() - 1)]);
    }
  };
  for (size_t i = 0; i < std::min(kAhead, owners.size()); ++i) look_ahead(i);
  for (size_t i = 0; i < owners.size(); ++i) {
    uint64_t high = highs[i % kAhead];
    if (i + kAhead < owners.size()) look_ahead(i + kAhead);
    indices[i] = intern_hashed(owners[i], high);
  }
}

uint32_t ZoneContent::intern_hashed(std::span<const uint8_t> wire, uint64_t high) {
  if ((name_offsets_.size() + 1) * 4 > name_hash_table_.size() * 3) {
    // Grow to keep the load under 3/4; the stored hashes place the owners.
    resize_owner_table(std::max(kInitialTableSize, name_hash_table_.size() * 2));
  }
  const size_t mask = name_hash_table_.size() - 1;
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
  canonical_order_.add(wire);
  return index;
}

void ZoneContent::add_record(uint32_t owner, RRType type, uint32_t ttl,
                             std::span<const uint8_t> rdata, SourcePos pos) {
  if (rdata_arena_.size() + rdata.size() > UINT32_MAX) {
    throw std::length_error("zone rdata exceeds 4 GiB");
  }
  Record r;
  r.owner = owner;
  r.ttl = ttl;
  r.rdata_offset = uint32_t(rdata_arena_.size());
  r.rdata_length = uint16_t(rdata.size());
  r.type = type;
  rdata_arena_.insert(rdata_arena_.end(), rdata.begin(), rdata.end());
  records_.push_back(r);
  positions_.push_back(pos);
}

std::vector<ZoneContent::MergeEvent> ZoneContent::finalize() {
  std::vector<MergeEvent> events;
  if (finalized_) return events;
  finalized_ = true;
  free_memory(name_hash_table_);  // interning is over

  const size_t owners = name_offsets_.size();
  std::vector<uint32_t> owner_rank = canonical_order_.ranks();
  canonical_order_ = {};

  // Records grouped by owner rank with a counting sort (zone files list a
  // name's records together, so the groups are small), then each group
  // sorted by type, covered type and canonical rdata (RFC 4034 §6.3); equal
  // keys keep the order they were written in. The records themselves move
  // only once, at the end, once the sorting temporaries are freed.
  const size_t n = records_.size();
  std::vector<uint32_t> order(n);
  std::vector<uint32_t> start(owners + 1, 0);
  {
    for (const Record& r : records_) ++start[owner_rank[r.owner] + 1];
    for (size_t i = 1; i <= owners; ++i) start[i] += start[i - 1];
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < n; ++i) order[next[owner_rank[records_[i].owner]]++] = i;
  }
  free_memory(owner_rank);

  // Each owner's group is sorted on its own, so the groups split between
  // two threads; each thread writes only its groups' entries of `order`
  // and their records' entries of `duplicate`.
  std::vector<uint8_t> duplicate(n, 0);
  in_two_halves(owners, [&](size_t first_group, size_t end_group) {
    struct Member {
      uint32_t record;
      uint32_t canonical_at;  // offset of its canonical rdata in `canonical`
    };
    std::vector<uint8_t> canonical;  // canonical rdata of one group
    std::vector<Member> members;
    for (size_t g = first_group; g < end_group; ++g) {
      auto first = order.begin() + start[g];
      auto last = order.begin() + start[g + 1];
      if (last - first < 2) continue;
      canonical.clear();
      members.clear();
      for (auto it = first; it != last; ++it) {
        auto rd = rdata(records_[*it]);
        auto at = uint32_t(canonical.size());
        canonical.insert(canonical.end(), rd.begin(), rd.end());
        rdata_canonicalize(records_[*it].type, {canonical.data() + at, rd.size()});
        members.push_back({*it, at});
      }
      auto canon = [&](const Member& m) {
        return std::span<const uint8_t>(canonical.data() + m.canonical_at,
                                        records_[m.record].rdata_length);
      };
      std::sort(members.begin(), members.end(), [&](const Member& a, const Member& b) {
        const Record& x = records_[a.record];
        const Record& y = records_[b.record];
        if (x.type != y.type) return x.type < y.type;
        RRType cx = covered_type(x.type, rdata(x));
        RRType cy = covered_type(y.type, rdata(y));
        if (cx != cy) return cx < cy;
        auto rx = canon(a);
        auto ry = canon(b);
        // Empty rdata (all records of a group may have none) leaves
        // `canonical` empty and its data() null: memcmp must not see it.
        const size_t common = std::min(rx.size(), ry.size());
        int c = common == 0 ? 0 : std::memcmp(rx.data(), ry.data(), common);
        if (c != 0) return c < 0;
        if (rx.size() != ry.size()) return rx.size() < ry.size();
        return a.record < b.record;
      });
      // Mark duplicates (equal canonical rdata) now, while the canonical
      // forms are at hand.
      for (size_t i = 0; i < members.size(); ++i) {
        first[i] = members[i].record;
        if (i == 0) continue;
        const Record& x = records_[members[i - 1].record];
        const Record& y = records_[members[i].record];
        if (x.type == y.type && covered_type(x.type, rdata(x)) == covered_type(y.type, rdata(y))) {
          auto rx = canon(members[i - 1]);
          auto ry = canon(members[i]);
          if (std::equal(rx.begin(), rx.end(), ry.begin(), ry.end())) duplicate[members[i].record] = 1;
        }
      }
    }
  });

  // Room for the most there can be: a node per owner, an RRset per record.
  // Memory past the zone's real counts is address space, never touched.
  auto same_rrset = [&](const Record& head, RRType covered, const Record& r) {
    return r.type == head.type && covered_type(head.type, rdata(r)) == covered;
  };
  nodes_.clear();
  rrsets_.clear();
  nodes_.reserve(owners);
  rrsets_.reserve(n);

  // Build RRsets and nodes in the new record order; duplicates go last.
  std::vector<uint32_t> new_index(n);  // old record index -> new
  {
    std::vector<uint32_t> duplicates;    // old indices
    std::vector<uint32_t> duplicate_of;  // old index of the record kept
    uint32_t kept = 0;
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
        set.type = head.type;
        set.covered = covered;
        set.first_record = kept;
        uint32_t earliest = order[k];
        uint32_t end = k;
        while (end < start[g + 1] && same_rrset(head, covered, records_[order[end]])) {
          // `order` visits the records in canonical order, which is not the
          // order they were read in: fetch ahead.
          if (end + kPrefetchAhead < n) __builtin_prefetch(&records_[order[end + kPrefetchAhead]]);
          uint32_t old = order[end];
          if (duplicate[old]) {
            duplicates.push_back(old);
            duplicate_of.push_back(kept_old);
          } else {
            kept_old = old;
            new_index[old] = kept++;
          }
          earliest = std::min(earliest, old);
          ++end;
        }
        set.ttl = records_[earliest].ttl;
        set.record_count = kept - set.first_record;
        for (uint32_t i = k; i < end; ++i) {
          uint32_t old = order[i];
          if (!duplicate[old] && records_[old].ttl != set.ttl) {
            // `first` is an old index, renumbered below.
            events.push_back({MergeEvent::Kind::TtlMismatch, new_index[old], earliest});
          }
        }
        rrsets_.push_back(set);
        k = end;
      }
      node.rrset_count = uint32_t(rrsets_.size()) - node.first_rrset;
      nodes_.push_back(node);
    }
    for (uint32_t old : duplicates) new_index[old] = kept++;
    // The earliest record of an RRset may itself have been a duplicate; its
    // TTL still counts, as it was written first.
    for (MergeEvent& e : events) e.first = new_index[e.first];
    for (size_t i = 0; i < duplicates.size(); ++i) {
      events.push_back({MergeEvent::Kind::DuplicateRecord, new_index[duplicates[i]],
                        new_index[duplicate_of[i]]});
    }
  }
  free_memory(order);
  free_memory(start);
  free_memory(duplicate);

  // A scatter into a second array, not swaps along the permutation's cycles:
  // the writes do not wait on one another, where each step of a cycle waits
  // for a cache miss. The temporaries above are gone by now, so this is not
  // where the memory peaks.
  {
    std::vector<Record> sorted(n);
    for (uint32_t i = 0; i < n; ++i) sorted[new_index[i]] = records_[i];
    records_ = std::move(sorted);
    std::vector<SourcePos> sorted_positions(positions_.size());
    for (uint32_t i = 0; i < positions_.size(); ++i) sorted_positions[new_index[i]] = positions_[i];
    positions_ = std::move(sorted_positions);
  }
  return events;
}

}  // namespace lnsd::db
