#include "db/reader.hh"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "db/hash64.hh"
#include "db/wire_name.hh"

namespace lnsd::db {
namespace {

Unexpected<DbError> fail(DbErrorKind kind, std::string message) {
  return unexpected(DbError{kind, std::move(message)});
}

struct SectionRule {
  format::SectionId id;
  const char* name;
  bool required;
};

constexpr SectionRule kSections[] = {
    {format::SectionId::NodeBase, "node base", true},
    {format::SectionId::NodeOffset, "node offset", true},
    {format::SectionId::NodeData, "node data", true},
    {format::SectionId::HashSlots, "hash slot", true},
    {format::SectionId::Shapes, "shape", true},
    {format::SectionId::Nsec3Param, "NSEC3PARAM", false},
    {format::SectionId::Nsec3Hashes, "NSEC3 hash", false},
    {format::SectionId::Nsec3NodeMap, "NSEC3 node map", false},
};

}  // namespace

std::string_view describe(DbErrorKind kind) {
  switch (kind) {
    case DbErrorKind::Io: return "cannot read";
    case DbErrorKind::BadMagic: return "wrong magic";
    case DbErrorKind::UnsupportedVersion: return "unsupported format version";
    case DbErrorKind::Truncated: return "truncated";
    case DbErrorKind::HeaderChecksum: return "bad header checksum";
    case DbErrorKind::FileChecksum: return "bad checksum";
    case DbErrorKind::Malformed: return "malformed";
  }
  return "unknown error";
}

ZoneDb::ZoneDb(ZoneDb&& other) noexcept { *this = std::move(other); }

ZoneDb& ZoneDb::operator=(ZoneDb&& other) noexcept {
  if (this == &other) return *this;
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  image_ = other.image_;
  mapping_ = std::exchange(other.mapping_, nullptr);
  mapping_size_ = std::exchange(other.mapping_size_, 0);
  header_ = std::move(other.header_);
  origin_ = other.origin_;
  origin_wire_ = other.origin_wire_;
  node_base_ = other.node_base_;
  node_offset_ = other.node_offset_;
  node_data_ = other.node_data_;
  slots_ = other.slots_;
  slot_layout_ = other.slot_layout_;
  nsec3_param_ = other.nsec3_param_;
  nsec3_hashes_ = other.nsec3_hashes_;
  nsec3_map_ = other.nsec3_map_;
  shapes_ = std::move(other.shapes_);
  bucket_count_ = other.bucket_count_;
  apex_flags_ = other.apex_flags_;
  return *this;
}

ZoneDb::~ZoneDb() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

Expected<ZoneDb, DbError> ZoneDb::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(DbErrorKind::Io, path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    return fail(DbErrorKind::Io, path + ": " + std::strerror(saved));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(DbErrorKind::Io, path + ": not a regular file");
  }
  size_t size = size_t(st.st_size);
  if (size == 0) {
    ::close(fd);
    return fail(DbErrorKind::Truncated, path + ": empty file");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  int saved = errno;
  ::close(fd);
  if (map == MAP_FAILED) return fail(DbErrorKind::Io, path + ": cannot map: " + std::strerror(saved));

  auto db = validate({static_cast<const uint8_t*>(map), size});
  if (!db) {
    ::munmap(map, size);
    DbError e = db.error();
    e.message = path + ": " + e.message;
    return unexpected(std::move(e));
  }
  db->mapping_ = map;
  db->mapping_size_ = size;
  return db;
}

Expected<ZoneDb, DbError> ZoneDb::from_memory(std::span<const uint8_t> image) {
  return validate(image);
}

// The order of the checks decides which error a damaged file gets: the magic
// and version first (a newer layout may move everything else), then the
// fixed header's checksum before any of its fields is trusted.
Expected<ZoneDb, DbError> ZoneDb::validate(std::span<const uint8_t> image) {
  using namespace format;
  const size_t size = image.size();
  size_t magic_part = std::min(size, kMagic.size());
  if (!std::equal(image.begin(), image.begin() + magic_part, kMagic.begin())) {
    return fail(DbErrorKind::BadMagic, "not an lnsd zone database (wrong magic)");
  }
  if (size < field::kVersion + 4) {
    return fail(DbErrorKind::Truncated, "truncated: " + std::to_string(size) + " octets");
  }
  uint32_t version = load_le<uint32_t>(image.data() + field::kVersion);
  if (version != kVersion) {
    return fail(DbErrorKind::UnsupportedVersion,
                "format version " + std::to_string(version) + ", this lnsd reads version " +
                    std::to_string(kVersion) + "; recompile the zone");
  }
  if (size < kFixedHeaderSize) {
    return fail(DbErrorKind::Truncated, "truncated inside the header: " + std::to_string(size) + " octets");
  }
  ZoneDb db;
  db.image_ = image;
  Header& h = db.header_;
  decode_fixed_header(image.first(kFixedHeaderSize), h);
  if (fixed_header_checksum(image.first(kFixedHeaderSize)) != h.fixed_checksum) {
    return fail(DbErrorKind::HeaderChecksum, "bad header checksum: the header is damaged");
  }
  if (load_le<uint32_t>(image.data() + field::kFixedSize) != kFixedHeaderSize) {
    return fail(DbErrorKind::Malformed, "fixed header size is not 128");
  }
  if (size < h.file_size) {
    return fail(DbErrorKind::Truncated, "truncated: " + std::to_string(size) + " of " +
                                            std::to_string(h.file_size) + " octets");
  }
  if (size > h.file_size) {
    return fail(DbErrorKind::Malformed, std::to_string(size - h.file_size) +
                                            " octets after the end the header gives");
  }
  if (h.header_size < kFixedHeaderSize || h.header_size > size || h.header_size % kAlignment != 0) {
    return fail(DbErrorKind::Malformed, "header size out of range");
  }
  auto var = image.subspan(kFixedHeaderSize, h.header_size - kFixedHeaderSize);
  if (hash64(var) != h.header_checksum) {
    return fail(DbErrorKind::HeaderChecksum, "bad header checksum: the section table or zone name is damaged");
  }
  uint32_t section_count = load_le<uint32_t>(image.data() + field::kSectionCount);
  if (section_count > var.size() / kSectionEntrySize || !decode_variable_header(var, section_count, h)) {
    return fail(DbErrorKind::Malformed, "the variable header does not parse");
  }
  auto origin = Name::from_wire(h.origin);
  if (!origin) return fail(DbErrorKind::Malformed, "the zone name is not a valid name");
  db.origin_ = *origin;
  db.origin_wire_ = image.subspan(kFixedHeaderSize + section_count * kSectionEntrySize + 1, h.origin.size());
  if (h.node_count == 0) return fail(DbErrorKind::Malformed, "no names (not even the apex)");

  for (size_t i = 0; i < h.sections.size(); ++i) {
    const SectionEntry& s = h.sections[i];
    if (s.offset < h.header_size || s.offset % kAlignment != 0 || s.offset > size ||
        s.size > size - s.offset) {
      return fail(DbErrorKind::Malformed, "section " + std::to_string(s.id) + " lies outside the file");
    }
    for (size_t j = 0; j < i; ++j) {
      if (h.sections[j].id == s.id) {
        return fail(DbErrorKind::Malformed, "section " + std::to_string(s.id) + " appears twice");
      }
    }
  }
  bool nsec3 = h.zone_flags & kZoneNsec3;
  for (const SectionRule& rule : kSections) {
    bool present = false;
    for (const SectionEntry& s : h.sections) present = present || s.id == uint32_t(rule.id);
    if (!present && (rule.required || nsec3)) {
      return fail(DbErrorKind::Malformed, std::string("the ") + rule.name + " section is missing");
    }
  }

  // Sizes that follow from the node count; the node data itself is only
  // checked by verify().
  const uint64_t n = h.node_count;
  db.node_base_ = db.section(SectionId::NodeBase);
  db.node_offset_ = db.section(SectionId::NodeOffset);
  db.node_data_ = db.section(SectionId::NodeData);
  db.slots_ = db.section(SectionId::HashSlots);
  auto shapes = db.section(SectionId::Shapes);
  auto wrong_size = [](const char* what) {
    return fail(DbErrorKind::Malformed, std::string("the ") + what + " section has the wrong size");
  };
  if (db.node_base_.size() != (n / kLabelGroup + 1) * 8) return wrong_size("node base");
  if (db.node_offset_.size() != (n + 1) * 4) return wrong_size("node offset");
  db.bucket_count_ = bucket_count_for(uint32_t(n));
  if (db.slots_.size() != db.bucket_count_ * kBucketSize) return wrong_size("hash slot");
  db.slot_layout_ = SlotLayout(uint32_t(n), db.node_data_.size());
  if (!db.slot_layout_.fits()) {
    return fail(DbErrorKind::Malformed, "the node data is too large for the hash index's slots");
  }
  if (shapes.size() % kShapeSize != 0 || shapes.size() / kShapeSize > kMaxShapes) return wrong_size("shape");
  for (size_t k = 0; k < shapes.size(); k += kShapeSize) {
    Shape s;
    s.type = load_le<uint16_t>(shapes.data() + k);
    s.covered = load_le<uint16_t>(shapes.data() + k + 2);
    s.ttl = load_le<uint32_t>(shapes.data() + k + 4);
    s.count = load_le<uint16_t>(shapes.data() + k + 8);
    s.flags = shapes[k + 10];
    db.shapes_.push_back(s);
  }
  if (nsec3) {
    db.nsec3_param_ = db.section(SectionId::Nsec3Param);
    db.nsec3_hashes_ = db.section(SectionId::Nsec3Hashes);
    db.nsec3_map_ = db.section(SectionId::Nsec3NodeMap);
    if (!Nsec3Params::from_rdata(db.nsec3_param_)) return wrong_size("NSEC3PARAM");
    if (db.nsec3_hashes_.size() % kNsec3EntrySize != 0) return wrong_size("NSEC3 hash");
    if (db.nsec3_map_.size() != n * 4) return wrong_size("NSEC3 node map");
  }
  db.apex_flags_ = db.flags(db.apex());
  return db;
}

std::span<const uint8_t> ZoneDb::section(format::SectionId id) const {
  for (const format::SectionEntry& s : header_.sections) {
    if (s.id == uint32_t(id)) return image_.subspan(s.offset, s.size);
  }
  return {};
}

ZoneDb::RawNode ZoneDb::raw_node(uint32_t index, uint64_t at) const {
  RawNode r;
  if (index >= header_.node_count || at >= node_data_.size()) return r;
  ByteCursor c(node_data_.subspan(at));
  r.flags = c.u8();
  uint64_t code = c.varint(32);
  if (index == 0) {
    if (code != 0) return r;
  } else if (code == 1) {
    r.parent = 0;
  } else if (code >= 2 && code - 1 <= index) {
    r.parent = uint32_t(index - (code - 1));
  } else {
    return r;
  }
  const uint8_t shared_octet = c.u8();
  const uint8_t suffix_octet = c.u8();
  r.shared = shared_octet & format::kLabelLengthMask;
  r.suffix = c.bytes(suffix_octet & format::kLabelLengthMask);
  r.rrset_count = format::inline_rrset_count(shared_octet, suffix_octet);
  if (r.rrset_count == format::kInlineRRsetCount) r.rrset_count += uint32_t(c.varint(31));
  r.rrsets = {c.position(), c.remaining()};
  r.ok = c.ok() && size_t(r.shared) + r.suffix.size() <= Name::kMaxLabel &&
         (index == 0) == (r.shared + r.suffix.size() == 0) &&
         (index % format::kLabelGroup != 0 || r.shared == 0);
  return r;
}

ZoneDb::NodeView ZoneDb::view(uint32_t index) const {
  NodeView v;
  RawNode r = raw_node(index, node_offset(index));
  if (!r.ok) return v;
  if (r.shared > 0) {
    auto prefix = shared_prefix(index, r.shared, kNoGroup);
    if (prefix.empty()) return v;
    std::memcpy(v.label.octets.data(), prefix.data(), r.shared);
  }
  std::memcpy(v.label.octets.data() + r.shared, r.suffix.data(), r.suffix.size());
  v.label.size = uint8_t(r.shared + r.suffix.size());
  v.flags = r.flags;
  v.parent = r.parent;
  v.rrsets = r.rrsets;
  v.rrset_count = r.rrset_count;
  v.ok = true;
  return v;
}

// The flags are a node's first octet: no need to decode the rest.
uint8_t ZoneDb::flags(NodeRef node) const {
  if (node.index >= header_.node_count) return 0;
  const uint64_t at = offset_of(node);
  return at < node_data_.size() ? node_data_[at] : 0;
}

std::optional<NodeRef> ZoneDb::parent(NodeRef node) const {
  RawNode r = raw_node(node);
  if (!r.ok || r.parent == format::kNone) return std::nullopt;
  return NodeRef{r.parent};
}

Label ZoneDb::label(NodeRef node) const {
  NodeView v = view(node.index);
  return v.ok ? v.label : Label{};
}

Name ZoneDb::name(NodeRef node) const {
  std::array<uint8_t, Name::kMaxWire> wire;
  size_t size = 0;
  uint32_t at = node.index;
  while (at != 0) {
    NodeView v = view(at);
    if (!v.ok || size + 1 + v.label.size + origin_wire_.size() > wire.size()) return origin_;
    wire[size++] = v.label.size;
    std::memcpy(wire.data() + size, v.label.octets.data(), v.label.size);
    size += v.label.size;
    at = v.parent;  // strictly smaller, so this ends
  }
  std::memcpy(wire.data() + size, origin_wire_.data(), origin_wire_.size());
  auto name = Name::from_wire({wire.data(), size + origin_wire_.size()});
  return name ? *name : origin_;
}

std::optional<NodeRef> ZoneDb::find_child(NodeRef parent, std::span<const uint8_t> label) const {
  if (label.empty() || label.size() > Name::kMaxLabel) return std::nullopt;
  std::array<uint8_t, Name::kMaxLabel> lower;
  for (size_t i = 0; i < label.size(); ++i) lower[i] = ascii_lower(label[i]);
  uint8_t flags = 0;
  NodeRef child;
  if (!find_child_lower(parent, {lower.data(), label.size()}, child, flags)) return std::nullopt;
  return child;
}

// The stored label is front-coded: its own suffix is compared first (in the
// node, already in cache), the shared prefix of the group's first node only
// when the suffix matches.
bool ZoneDb::label_is(uint32_t index, const RawNode& r, std::span<const uint8_t> lower,
                      uint64_t group_at) const {
  if (size_t(r.shared) + r.suffix.size() != lower.size()) return false;
  for (size_t i = 0; i < r.suffix.size(); ++i) {
    if (ascii_lower(r.suffix[i]) != lower[r.shared + i]) return false;
  }
  if (r.shared == 0) return true;
  auto prefix = shared_prefix(index, r.shared, group_at);
  if (prefix.empty()) return false;
  for (size_t i = 0; i < r.shared; ++i) {
    if (ascii_lower(prefix[i]) != lower[i]) return false;
  }
  return true;
}

// Only the label of the group's first node is read: its flags and parent
// are skipped, not checked (verify() checks every node).
std::span<const uint8_t> ZoneDb::shared_prefix(uint32_t index, uint8_t shared, uint64_t group_at) const {
  const uint64_t at = group_of(index, group_at);
  if (at >= node_data_.size()) return {};
  ByteCursor c(node_data_.subspan(at));
  c.u8();
  c.varint(32);
  const uint8_t group_shared = c.u8() & format::kLabelLengthMask;
  auto label = c.bytes(c.u8() & format::kLabelLengthMask);
  if (!c.ok() || group_shared != 0 || label.size() < shared) return {};
  return label.first(shared);
}

void ZoneDb::prefetch_candidate(NodeRef node, uint64_t group_at) const {
  if (node.at < node_data_.size()) __builtin_prefetch(node_data_.data() + node.at);
  if (node.index % format::kLabelGroup != 0) {
    const uint64_t at = group_of(node.index, group_at);
    if (at < node_data_.size()) __builtin_prefetch(node_data_.data() + at);
  }
}

bool ZoneDb::find_child_lower(NodeRef parent, std::span<const uint8_t> lower, NodeRef& node,
                              uint8_t& flags) const {
  SlotCursor cursor = slot_cursor(hash64(lower, parent.index));
  for (;;) {
    switch (scan_slots(cursor, node)) {
      case SlotScan::NotFound: return false;
      case SlotScan::NextBucket: continue;
      case SlotScan::Candidate: break;
    }
    // The label's shared prefix is in the group's first node: fetch it while
    // this node is fetched, not after (on a large zone, both are misses).
    if (large()) prefetch_candidate(node, cursor.group_at);
    if (is_child(node, parent, lower, cursor.group_at, flags)) return true;
  }
}

bool ZoneDb::is_child(NodeRef candidate, NodeRef parent, std::span<const uint8_t> lower, uint64_t group_at,
                      uint8_t& flags) const {
  RawNode r = raw_node(candidate);
  if (!r.ok || r.parent != parent.index || !label_is(candidate.index, r, lower, group_at)) return false;
  flags = r.flags;
  return true;
}

bool ZoneDb::encloser_start(const Name& name, Encloser& e) const {
  const size_t origin_labels = origin_.label_count();
  if (!name.is_subdomain_of(origin_)) return false;
  e.node = NodeRef{0};
  e.labels = uint8_t(origin_labels);
  e.exact = false;
  e.cut.reset();
  e.flags = apex_flags_;
  if (name.label_count() > origin_labels && (apex_flags_ & format::kNodeDname)) e.cut = e.node;
  return true;
}

void ZoneDb::encloser_step(Encloser& e, NodeRef child, uint8_t child_flags, bool more_labels) const {
  e.node = child;
  e.flags = child_flags;
  ++e.labels;
  const bool below_dname = (child_flags & format::kNodeDname) && more_labels;
  if (!e.cut && ((child_flags & format::kNodeDelegation) || below_dname)) e.cut = e.node;
}

std::optional<Encloser> ZoneDb::closest_encloser(const Name& name) const {
  // One object, returned in place: every return names `result`.
  std::optional<Encloser> result(std::in_place);
  Encloser& e = *result;
  if (!encloser_start(name, e)) {
    result.reset();
    return result;
  }
  // Walk down from the apex one label at a time; empty non-terminals are
  // nodes, so the first missing label ends the search.
  std::array<uint8_t, Name::kMaxLabel> lower;
  for (size_t i = name.label_count() - origin_.label_count(); i > 0; --i) {
    std::span<const uint8_t> label = name.label(i - 1);
    if (label.empty() || label.size() > Name::kMaxLabel) return result;
    for (size_t k = 0; k < label.size(); ++k) lower[k] = ascii_lower(label[k]);
    uint8_t child_flags = 0;
    NodeRef child;
    if (!find_child_lower(e.node, {lower.data(), label.size()}, child, child_flags)) return result;
    encloser_step(e, child, child_flags, i > 1);
  }
  e.exact = true;
  return result;
}

std::optional<NodeRef> ZoneDb::find_exact(const Name& name) const {
  auto e = closest_encloser(name);
  if (!e || !e->exact) return std::nullopt;
  return e->node;
}

int ZoneDb::compare_node(uint32_t index, const Name& name) const {
  // The node's labels, leftmost first, up to the apex.
  std::array<Label, Name::kMaxLabels> chain;
  size_t depth = 0;
  for (uint32_t at = index; at != 0 && depth < chain.size();) {
    NodeView v = view(at);
    if (!v.ok) break;
    chain[depth++] = v.label;
    at = v.parent;
  }
  size_t name_depth = name.label_count() - origin_.label_count();
  for (size_t k = 0; k < depth && k < name_depth; ++k) {
    int c = compare_labels(chain[depth - 1 - k].span(), name.label(name_depth - 1 - k));
    if (c != 0) return c;
  }
  if (depth == name_depth) return 0;
  return depth < name_depth ? -1 : 1;
}

std::optional<NodeRef> ZoneDb::predecessor(const Name& name) const {
  if (!name.is_subdomain_of(origin_)) return std::nullopt;
  uint32_t lo = 0;
  uint32_t hi = header_.node_count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (compare_node(mid, name) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == 0) return std::nullopt;
  return NodeRef{lo - 1};
}

std::optional<NodeRef> ZoneDb::nsec_cover(const Name& name) const {
  if (!name.is_subdomain_of(origin_)) return std::nullopt;
  auto pred = predecessor(name);
  const uint32_t n = header_.node_count;
  uint32_t at = pred ? pred->index : n - 1;
  // Occluded names and empty non-terminals have no NSEC: step back, jumping
  // from occluded data to the cut above it. Bounded so that a zone without
  // NSEC records ends the search.
  for (uint32_t steps = 0; steps <= n; ++steps) {
    NodeView v = view(at);
    if (!v.ok) return std::nullopt;
    if (v.flags & format::kNodeOccluded) {
      while (v.ok && (v.flags & format::kNodeOccluded) && v.parent != format::kNone) {
        at = v.parent;
        v = view(at);
      }
      continue;
    }
    if (rrset(NodeRef{at}, RRType::NSEC)) return NodeRef{at};
    at = at == 0 ? n - 1 : at - 1;
  }
  return std::nullopt;
}

RRsetRange ZoneDb::rrsets(NodeRef node) const {
  RawNode r = raw_node(node);
  if (!r.ok) return {};
  return {RRsetIterator(r.rrsets, r.rrset_count, shapes_, origin_wire_)};
}

std::optional<RRsetRef> ZoneDb::rrset(NodeRef node, RRType type) const {
  for (const RRsetRef& s : rrsets(node)) {
    if (s.type() == type && type != RRType::RRSIG) return s;
    if (s.type() > type) break;
  }
  return std::nullopt;
}

std::optional<RRsetRef> ZoneDb::rrsigs(NodeRef node, RRType covered) const {
  for (const RRsetRef& s : rrsets(node)) {
    if (s.type() == RRType::RRSIG && s.covered() == covered) return s;
    if (s.type() > RRType::RRSIG) break;
  }
  return std::nullopt;
}

std::optional<Nsec3Params> ZoneDb::nsec3_params() const {
  if (!nsec3_signed()) return std::nullopt;
  return Nsec3Params::from_rdata(nsec3_param_);
}

std::span<const uint8_t> ZoneDb::nsec3_hash(size_t entry) const {
  return nsec3_hashes_.subspan(entry * format::kNsec3EntrySize, format::kNsec3HashSize);
}

NodeRef ZoneDb::nsec3_node(size_t entry) const {
  uint32_t node = load_le<uint32_t>(nsec3_hashes_.data() + entry * format::kNsec3EntrySize +
                                    format::kNsec3HashSize);
  return NodeRef{node < header_.node_count ? node : 0};
}

std::optional<NodeRef> ZoneDb::nsec3_find(std::span<const uint8_t> hash) const {
  if (hash.size() != format::kNsec3HashSize) return std::nullopt;
  size_t lo = 0;
  size_t hi = nsec3_count();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = std::memcmp(nsec3_hash(mid).data(), hash.data(), hash.size());
    if (c == 0) return nsec3_node(mid);
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::optional<NodeRef> ZoneDb::nsec3_cover(std::span<const uint8_t> hash) const {
  const size_t count = nsec3_count();
  if (hash.size() != format::kNsec3HashSize || count == 0) return std::nullopt;
  // The first entry not below `hash`; the one before it covers.
  size_t lo = 0;
  size_t hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (std::memcmp(nsec3_hash(mid).data(), hash.data(), hash.size()) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return nsec3_node(lo == 0 ? count - 1 : lo - 1);
}

std::optional<NodeRef> ZoneDb::nsec3_of(NodeRef node) const {
  if (!nsec3_signed() || node.index >= header_.node_count) return std::nullopt;
  uint32_t entry = load_le<uint32_t>(nsec3_map_.data() + size_t(node.index) * 4);
  if (entry >= nsec3_count()) return std::nullopt;
  return nsec3_node(entry);
}

}  // namespace lnsd::db
