// ZoneDb::verify(): the full check that `lnsd-zonec --verify` and the
// writer run. The checksums come first (they say "damaged"); the structural
// walk after them finds what a checksum cannot: a database that some other
// writer built wrong.
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

Expected<void, DbError> ZoneDb::verify() const {
  if (hash64(image_.subspan(format::kFixedHeaderSize)) != header_.file_checksum) {
    return unexpected(DbError{DbErrorKind::FileChecksum, "bad checksum: the file is damaged"});
  }
  if (hash64(content()) != header_.content_hash) {
    return unexpected(DbError{DbErrorKind::FileChecksum, "bad content hash: the file is damaged"});
  }
  return verify_structure();
}

Expected<void, DbError> ZoneDb::verify_structure() const {
  const uint32_t n = header_.node_count;
  uint64_t previous_end = 0;
  std::vector<uint8_t> wire;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t begin = node_offset(i);
    uint64_t end = node_offset(i + 1);
    if (begin != previous_end || end < begin || end > node_data_.size()) {
      return malformed(i, "offset out of order or out of range");
    }
    previous_end = end;
    NodeView v = view(i);
    if (!v.ok) return malformed(i, "header does not parse");
    if (v.flags & ~format::kNodeFlagsKnown) return malformed(i, "unknown flags");
    if (bool(v.flags & format::kNodeApex) != (i == 0)) return malformed(i, "apex flag misplaced");
    if (i > 0) {
      if (compare_node(i - 1, name(NodeRef{i})) >= 0) return malformed(i, "not in canonical order");
      auto found = find_child(NodeRef{v.parent}, v.label);
      if (!found || found->index != i) return malformed(i, "not found through the hash index");
    }
    RRsetIterator it(v.rrsets, shapes_, origin_wire_);
    uint32_t rrset_count = 0;
    std::pair<uint16_t, uint16_t> last_key{0, 0};
    for (; it != std::default_sentinel; ++it) {
      const RRsetRef& s = *it;
      std::pair<uint16_t, uint16_t> key{uint16_t(s.type()), uint16_t(s.covered())};
      if (rrset_count > 0 && key <= last_key) return malformed(i, "RRsets out of order");
      last_key = key;
      ++rrset_count;
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
    if (!it.ok()) return malformed(i, "RRsets do not decode");
    if (bool(v.flags & format::kNodeEmpty) != (rrset_count == 0)) {
      return malformed(i, "empty non-terminal flag wrong");
    }
  }
  if (previous_end != node_data_.size()) return malformed(n, "node data has trailing octets");

  uint32_t previous = 0;
  for (uint32_t b = 0; b <= bucket_count_; ++b) {
    uint32_t start = load_le<uint32_t>(buckets_.data() + size_t(b) * 4);
    if (start < previous || start > n - 1 || (b == bucket_count_ && start != n - 1)) {
      return unexpected(DbError{DbErrorKind::Malformed, "hash bucket " + std::to_string(b) + " out of range"});
    }
    previous = start;
  }

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
