// ZoneDb::verify(): the full check that `lnsd-zonec --verify` and the
// writer run. The checksums come first (they say "damaged"); the structural
// walk after them finds what a checksum cannot: a database that some other
// writer built wrong.
#include <array>
#include <cstring>

#include "db/hash64.hh"
#include "db/reader.hh"
#include "db/wire_name.hh"
#include "dns/rdata.hh"

namespace lnsd::db {
namespace {

Unexpected<DbError> malformed(uint32_t node, const std::string& what) {
  return unexpected(DbError{DbErrorKind::Malformed, "node " + std::to_string(node) + ": " + what});
}

}  // namespace

Expected<void, DbError> ZoneDb::verify_checksum() const {
  if (hash64(image_.subspan(format::kFixedHeaderSize)) != header_.file_checksum) {
    return unexpected(DbError{DbErrorKind::FileChecksum, "bad checksum: the file is damaged"});
  }
  if (hash64(content()) != header_.content_hash) {
    return unexpected(DbError{DbErrorKind::FileChecksum, "bad content hash: the file is damaged"});
  }
  return {};
}

Expected<void, DbError> ZoneDb::verify() const {
  if (auto ok = verify_checksum(); !ok) return ok;
  return verify_structure();
}

// One pass in node order. Canonical order is checked as what it amounts to
// for a tree: every parent is an ancestor of the node before (preorder) and
// the children of a parent come in increasing label order.
Expected<void, DbError> ZoneDb::verify_structure() const {
  const uint32_t n = header_.node_count;
  uint64_t previous_end = 0;
  std::vector<uint8_t> wire;
  std::vector<uint32_t> path;      // the previous node and its ancestors
  std::vector<Label> last_child;   // per path entry: its last child so far
  std::vector<uint8_t> has_child;
  std::vector<uint64_t> key(n, 0); // each node's hash index key
  std::vector<uint8_t> node_flags(n, 0);
  std::array<uint8_t, Name::kMaxLabel> lower;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t begin = node_offset(i);
    uint64_t end = node_offset(i + 1);
    if (begin != previous_end || end < begin || end > node_data_.size()) {
      return malformed(i, "offset out of order or out of range");
    }
    previous_end = end;
    if (i % format::kLabelGroup == 0 && begin != group_offset(i)) {
      return malformed(i, "node base does not give the group's first node");
    }
    NodeView v = view(i);
    if (!v.ok) return malformed(i, "header does not parse");
    if (v.flags & ~format::kNodeFlagsKnown) return malformed(i, "unknown flags");
    if (bool(v.flags & format::kNodeApex) != (i == 0)) return malformed(i, "apex flag misplaced");
    if (i > 0) {
      while (!path.empty() && path.back() != v.parent) {
        path.pop_back();
        last_child.pop_back();
        has_child.pop_back();
      }
      if (path.empty()) return malformed(i, "parent is not an ancestor of the node before");
      if (has_child.back() && compare_labels(last_child.back().span(), v.label.span()) >= 0) {
        return malformed(i, "not in canonical order");
      }
      last_child.back() = v.label;
      has_child.back() = 1;
      for (size_t k = 0; k < v.label.size; ++k) lower[k] = ascii_lower(v.label.octets[k]);
      key[i] = hash64({lower.data(), v.label.size}, v.parent);
    }
    path.push_back(i);
    last_child.emplace_back();
    has_child.push_back(0);

    RRsetIterator it(v.rrsets, v.rrset_count, shapes_, origin_wire_);
    uint32_t rrset_count = 0;
    bool has_ns = false, has_cname = false, has_dname = false;
    std::pair<uint16_t, uint16_t> last_key{0, 0};
    for (; it != std::default_sentinel; ++it) {
      const RRsetRef& s = *it;
      std::pair<uint16_t, uint16_t> key{uint16_t(s.type()), uint16_t(s.covered())};
      if (rrset_count > 0 && key <= last_key) return malformed(i, "RRsets out of order");
      last_key = key;
      ++rrset_count;
      has_ns = has_ns || s.type() == RRType::NS;
      has_cname = has_cname || s.type() == RRType::CNAME;
      has_dname = has_dname || s.type() == RRType::DNAME;
      RdataIterator r = s.begin();
      uint32_t rdatas = 0;
      for (; r != std::default_sentinel; ++r) {
        wire.clear();
        r->append_wire(wire);
        RdataNames names;
        if (!rdata_check_wire(s.type(), wire, names)) {
          return malformed(i, "malformed " + type_to_text(s.type()) + " rdata");
        }
        ++rdatas;
      }
      if (!r.ok() || rdatas != s.count()) return malformed(i, "rdata does not decode");
    }
    if (!it.ok() || rrset_count != v.rrset_count) return malformed(i, "RRsets do not decode");
    if (it.position() != node_data_.data() + end) return malformed(i, "RRsets do not end where the node does");
    // The flags follow from the RRsets and the parent's flags (see
    // ZoneTree): a wrong flag would make the answer path answer wrongly.
    uint8_t expected = v.flags & format::kNodeWildcardParent;
    if (i == 0) {
      expected |= format::kNodeApex;
    } else {
      if (node_flags[v.parent] & (format::kNodeOccluded | format::kNodeDelegation | format::kNodeDname)) {
        expected |= format::kNodeOccluded;
      }
      if (has_ns && !(expected & format::kNodeOccluded)) expected |= format::kNodeDelegation;
      if (v.label.size == 1 && v.label.octets[0] == '*' &&
          !(node_flags[v.parent] & format::kNodeWildcardParent)) {
        return malformed(i, "wildcard without the wildcard parent flag on its parent");
      }
    }
    if (rrset_count == 0) expected |= format::kNodeEmpty;
    if (has_cname) expected |= format::kNodeCname;
    if (has_dname) expected |= format::kNodeDname;
    if (v.flags != expected) return malformed(i, "flags do not match the node");
    const uint8_t star[] = {'*'};
    if ((v.flags & format::kNodeWildcardParent) && !find_child(NodeRef{i}, star)) {
      return malformed(i, "wildcard parent flag without a wildcard child");
    }
    node_flags[i] = v.flags;
  }
  if (previous_end != node_data_.size()) return malformed(n, "node data has trailing octets");

  // The hash index holds every node but the apex once, with its key's tag
  // and its offset, where a look-up finds it: in its home bucket or past
  // only full buckets. Slots fill each bucket from its start.
  std::vector<uint8_t> seen(n, 0);
  uint64_t placed = 0;
  auto bad_slot = [](uint64_t bucket, size_t k, const char* what) {
    return unexpected(DbError{DbErrorKind::Malformed, "hash slot " + std::to_string(bucket * format::kSlotsPerBucket + k) + ": " + what});
  };
  // full_before[b]: how many full buckets come right before bucket b.
  std::vector<uint64_t> full_before(bucket_count_, 0);
  uint64_t run = 0;
  for (uint64_t i = 0; i < 2 * bucket_count_; ++i) {
    const uint64_t b = i % bucket_count_;
    if (i >= bucket_count_) full_before[b] = run;
    const bool full = load_le<uint64_t>(bucket_address(b) + (format::kSlotsPerBucket - 1) * 8) != 0;
    run = full ? run + 1 : 0;
  }
  for (uint64_t b = 0; b < bucket_count_; ++b) {
    const uint8_t* bucket = bucket_address(b);
    bool empty_seen = false;
    for (size_t k = 0; k < format::kSlotsPerBucket; ++k) {
      const uint64_t slot = load_le<uint64_t>(bucket + k * 8);
      if (slot == 0) {
        empty_seen = true;
        continue;
      }
      if (empty_seen) return bad_slot(b, k, "after an empty slot");
      const uint32_t node = slot_layout_.index(slot);
      if (node == 0 || node >= n || seen[node]) return bad_slot(b, k, "no node, or a node twice");
      const uint64_t at = node_offset(node);
      if (slot_layout_.make(key[node], node, at, at - group_offset(node)) != slot) {
        return bad_slot(b, k, "wrong tag, offset or group delta");
      }
      const uint64_t home = format::home_bucket(key[node], bucket_count_);
      if ((b + bucket_count_ - home) % bucket_count_ > full_before[b]) {
        return bad_slot(b, k, "past a bucket with room: a look-up stops before it");
      }
      seen[node] = 1;
      ++placed;
    }
  }
  if (placed != n - 1) return unexpected(DbError{DbErrorKind::Malformed, "the hash index misses nodes"});

  if (nsec3_signed()) {
    const size_t count = nsec3_count();
    for (size_t e = 0; e < count; ++e) {
      uint32_t node = load_le<uint32_t>(nsec3_hashes_.data() + e * format::kNsec3EntrySize +
                                        format::kNsec3HashSize);
      if (node >= n || !rrset(NodeRef{node}, RRType::NSEC3)) {
        return unexpected(DbError{DbErrorKind::Malformed, "NSEC3 entry " + std::to_string(e) + " names no NSEC3 node"});
      }
      if (e > 0 && std::memcmp(nsec3_hash(e - 1).data(), nsec3_hash(e).data(), format::kNsec3HashSize) >= 0) {
        return unexpected(DbError{DbErrorKind::Malformed, "NSEC3 hashes out of order"});
      }
    }
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t entry = load_le<uint32_t>(nsec3_map_.data() + size_t(i) * 4);
      if (entry != format::kNone && entry >= count) return malformed(i, "NSEC3 map entry out of range");
    }
  }
  return {};
}

}  // namespace lnsd::db
