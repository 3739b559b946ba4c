#include "db/zone_content.hh"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "db/wire_name.hh"
#include "dns/rdata.hh"
#include "util/two_halves.hh"
#include "util/free_memory.hh"

namespace lnsd::db {
namespace {

constexpr size_t kSourceOctetsPerRecord = 16;
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

void ZoneContent::reserve_for_source(size_t octets) {
  if (finalized_) return;
  // A plain zone spends about 30 octets of text on a record; signed zones
  // spend far more. Reserving for too many costs only address space: the
  // memory is touched as records fill it.
  records_.reserve(records_.size() + octets / kSourceOctetsPerRecord);
  positions_.reserve(positions_.size() + octets / kSourceOctetsPerRecord);
  name_offsets_.reserve(name_offsets_.size() + octets / kSourceOctetsPerRecord);
  // Relative owners grow by the origin on the way to wire form: the names
  // of a plain zone take about 0.6 of its text, and growing the arena past
  // its reservation near the end would copy it whole.
  rdata_arena_.reserve(rdata_arena_.size() + octets / 2);
  name_arena_.reserve(name_arena_.size() + octets);
  canonical_order_.reserve(name_offsets_.capacity(), name_arena_.capacity());
}

uint32_t ZoneContent::intern_owner(const Name& owner) { return intern_owner_wire(owner.wire()); }

uint32_t ZoneContent::intern_owner_wire(std::span<const uint8_t> wire) {
  if (!name_offsets_.empty()) {
    auto last = uint32_t(name_offsets_.size() - 1);
    if (names_equal_wire(owner_wire(last), wire)) return last;
  }
  auto index = uint32_t(name_offsets_.size());
  name_offsets_.push_back(uint32_t(name_arena_.size()));
  name_arena_.insert(name_arena_.end(), wire.begin(), wire.end());
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

  // Each owner entry's name's place in canonical order; the copies of a name
  // (entered again further down the file) share one, and its node takes
  // the case of the first.
  std::vector<uint32_t> node_owner;  // by node: the owner entry it is named by
  std::vector<uint32_t> order;       // records by node, then as grouped below
  std::vector<uint32_t> start;       // node g's records are order[start[g], start[g + 1])
  const size_t n = records_.size();
  {
    CanonicalOrder::Ranking ranking = canonical_order_.rank();
    canonical_order_ = {};
    node_owner = std::move(ranking.first);
    // Records grouped by owner rank with a counting sort (zone files list a
    // name's records together, so the groups are small).
    const size_t groups = node_owner.size();
    order.resize(n);
    start.assign(groups + 1, 0);
    for (const Record& r : records_) ++start[ranking.rank[r.owner] + 1];
    for (size_t i = 1; i <= groups; ++i) start[i] += start[i - 1];
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < n; ++i) order[next[ranking.rank[records_[i].owner]]++] = i;
  }
  const size_t groups = node_owner.size();

  // Each group sorted by type, covered type and canonical rdata (RFC 4034
  // §6.3); equal keys keep the order they were written in. Groups are
  // sorted on their own, so they split between two threads; each thread
  // writes only its groups' entries of `order` and of `duplicate`.
  std::vector<uint8_t> duplicate(n, 0);  // by place in `order`
  in_two_halves(groups, [&](size_t first_group, size_t end_group) {
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
          if (std::equal(rx.begin(), rx.end(), ry.begin(), ry.end())) duplicate[start[g] + i] = 1;
        }
      }
    }
  });

  // The records move into this order now, before the nodes and RRsets are
  // built (a gather: its reads are independent, and the old array is gone
  // before the new arrays grow). Every record of a node takes the node's
  // owner entry.
  {
    std::vector<Record> sorted(n);
    for (size_t g = 0; g < groups; ++g) {
      for (uint32_t k = start[g]; k < start[g + 1]; ++k) {
        if (k + kPrefetchAhead < n) __builtin_prefetch(&records_[order[k + kPrefetchAhead]]);
        sorted[k] = records_[order[k]];
        sorted[k].owner = node_owner[g];
      }
    }
    free_memory(records_);
    records_ = std::move(sorted);
    std::vector<SourcePos> sorted_positions(positions_.size());
    for (uint32_t k = 0; k < positions_.size(); ++k) sorted_positions[k] = positions_[order[k]];
    free_memory(positions_);
    positions_ = std::move(sorted_positions);
  }

  // RRsets and nodes, with the duplicates squeezed out in place and put
  // after the last RRset's records, so that a MergeEvent gives the
  // positions of both records. `order` still says which record was
  // written first, whose TTL the RRset takes (RFC 2181 §5.2).
  // Room for the most there can be: a node per owner, an RRset per record;
  // memory past the zone's real counts is address space, never touched.
  nodes_.clear();
  rrsets_.clear();
  nodes_.reserve(groups);
  rrsets_.reserve(n);
  struct Removed {
    Record record;
    SourcePos position;
    uint32_t kept;  // the index of the record it repeats
  };
  std::vector<Removed> removed;
  // An RRset's earliest-written record, for its TTL mismatch events: a kept
  // index, or kRemovedFlag | its place in `removed` when it was a duplicate
  // itself (resolved once `removed` follows the kept records).
  constexpr uint32_t kRemovedFlag = 0x80000000u;
  const bool has_positions = !positions_.empty();
  uint32_t kept = 0;
  auto same_rrset = [&](const Record& head, RRType covered, const Record& r) {
    return r.type == head.type && covered_type(head.type, rdata(r)) == covered;
  };
  for (size_t g = 0; g < groups; ++g) {
    if (start[g] == start[g + 1]) continue;
    Node node;
    node.name = node_owner[g];
    node.first_rrset = uint32_t(rrsets_.size());
    for (uint32_t k = start[g]; k < start[g + 1];) {
      const Record head = records_[k];
      const RRType covered = covered_type(head.type, rdata(head));
      RRset set;
      set.type = head.type;
      set.covered = covered;
      set.first_record = kept;
      uint32_t earliest_written = UINT32_MAX;
      uint32_t earliest = 0;
      for (; k < start[g + 1] && same_rrset(head, covered, records_[k]); ++k) {
        uint32_t now;
        if (duplicate[k]) {
          now = kRemovedFlag | uint32_t(removed.size());
          removed.push_back({records_[k], has_positions ? positions_[k] : SourcePos{}, kept - 1});
        } else {
          now = kept;
          records_[kept] = records_[k];
          if (has_positions) positions_[kept] = positions_[k];
          ++kept;
        }
        if (order[k] < earliest_written) {
          earliest_written = order[k];
          earliest = now;
        }
      }
      set.ttl = earliest & kRemovedFlag ? removed[earliest & ~kRemovedFlag].record.ttl
                                        : records_[earliest].ttl;
      set.record_count = kept - set.first_record;
      for (uint32_t i = set.first_record; i < kept; ++i) {
        if (records_[i].ttl != set.ttl) events.push_back({MergeEvent::Kind::TtlMismatch, i, earliest});
      }
      rrsets_.push_back(set);
    }
    node.rrset_count = uint32_t(rrsets_.size()) - node.first_rrset;
    nodes_.push_back(node);
  }
  free_memory(order);
  free_memory(start);
  free_memory(duplicate);
  free_memory(node_owner);

  for (MergeEvent& e : events) {
    if (e.first & kRemovedFlag) e.first = kept + (e.first & ~kRemovedFlag);
  }
  for (size_t i = 0; i < removed.size(); ++i) {
    const auto at = uint32_t(kept + i);
    records_[at] = removed[i].record;
    if (has_positions) positions_[at] = removed[i].position;
    events.push_back({MergeEvent::Kind::DuplicateRecord, at, removed[i].kept});
  }
  return events;
}

}  // namespace lnsd::db
