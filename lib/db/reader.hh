// The reader of zone databases (lnsd-zonedb(5)): maps a file read-only and
// answers look-ups straight from the mapping. Opening checks the header and
// the bounds of every section, in time independent of the zone's size;
// verify() checks everything. Look-ups allocate nothing and never read
// outside the mapping, even when the body is damaged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/bytes.hh"
#include "db/format.hh"
#include "db/nsec3.hh"
#include "db/rrset_ref.hh"
#include "dns/name.hh"
#include "dns/rrtype.hh"
#include "dns/serial.hh"
#include "util/expected.hh"

namespace lnsd::db {

enum class DbErrorKind : uint8_t {
  Io,                  // the file cannot be opened, read or mapped
  BadMagic,            // not a zone database
  UnsupportedVersion,  // a format version this lnsd does not read
  Truncated,           // shorter than its header says
  HeaderChecksum,      // the header is damaged
  FileChecksum,        // the body is damaged (verify())
  Malformed,           // checksums match but the structure is wrong
};

// "wrong magic", "unsupported version", ...
std::string_view describe(DbErrorKind kind);

struct DbError {
  DbErrorKind kind = DbErrorKind::Io;
  std::string message;  // for a person: what and where
};

// A label copied out of the database (labels are stored front-coded, so
// there is no span of the mapping to return).
struct Label {
  std::array<uint8_t, 63> octets{};
  uint8_t size = 0;
  std::span<const uint8_t> span() const { return {octets.data(), size}; }
};

// A name of the zone: its position in canonical order (0 is the apex).
struct NodeRef {
  static constexpr uint32_t kUnlocated = 0xFFFFFFFF;
  uint32_t index = 0;
  // Where the node starts in NodeData, when the look-up that gave it read
  // that from the hash index (and it is below 4 GiB); reading the node then
  // skips NodeOffset, one cache miss on a large zone. 32 bits keep the
  // results of look-ups small enough to pass in registers.
  uint32_t at = kUnlocated;
  friend bool operator==(const NodeRef& a, const NodeRef& b) { return a.index == b.index; }
};

// The result of a closest-encloser search (RFC 5155 §7.2.1, RFC 4592 §3.3.1).
struct Encloser {
  NodeRef node;          // the longest existing ancestor-or-self of the name
  uint8_t labels = 0;    // its label count (the name's labels it matched)
  bool exact = false;    // the name itself exists
  // The first node on the way down from the apex that is a delegation point
  // (at or above the name) or owns a DNAME (strictly above the name, the
  // apex included): the answer is then a referral or a DNAME substitution
  // (RFC 1034 §4.3.2 step 3b, RFC 6672 §3.3), not data of this zone.
  std::optional<NodeRef> cut;
  // The flags of `node` (format::NodeFlag), found on the way.
  uint8_t flags = 0;
};

class ZoneDb {
 public:
  static Expected<ZoneDb, DbError> open(const std::string& path);
  // Checks `image` as open() does and reads it in place: the memory must
  // outlive the ZoneDb and every view taken from it (tests, fuzzing).
  static Expected<ZoneDb, DbError> from_memory(std::span<const uint8_t> image);

  ZoneDb(ZoneDb&& other) noexcept;
  ZoneDb& operator=(ZoneDb&& other) noexcept;
  ZoneDb(const ZoneDb&) = delete;
  ZoneDb& operator=(const ZoneDb&) = delete;
  ~ZoneDb();

  // The whole-file checksum, the content hash, and the structure of every
  // node, RRset, rdata and index entry.
  Expected<void, DbError> verify() const;
  // Only the whole-file checksum and the content hash (what the writer
  // checks on the file it has just written).
  Expected<void, DbError> verify_checksum() const;

  // Header.
  const Name& origin() const { return origin_; }
  Serial serial() const { return Serial(header_.serial); }
  RRClass rr_class() const { return RRClass(header_.rr_class); }
  uint16_t zone_flags() const { return header_.zone_flags; }
  bool nsec_signed() const { return header_.zone_flags & format::kZoneNsec; }
  bool nsec3_signed() const { return header_.zone_flags & format::kZoneNsec3; }
  const std::vector<format::SourceEntry>& sources() const { return header_.sources; }
  // Equal for two databases with equal content, whatever their sources.
  uint64_t content_hash() const { return header_.content_hash; }
  std::span<const uint8_t> image() const { return image_; }
  // Larger than a processor's caches hold (2 MiB): look-ups in it miss,
  // and fetching ahead pays.
  bool large() const { return image_.size() > kLargeImage; }
  static constexpr size_t kLargeImage = size_t(2) << 20;
  // The octets after the header: what the content hash covers.
  std::span<const uint8_t> content() const { return image_.subspan(header_.header_size); }
  const format::Header& header() const { return header_; }

  // Names.
  uint32_t node_count() const { return header_.node_count; }
  NodeRef apex() const { return {0}; }
  std::optional<NodeRef> find_exact(const Name& name) const;
  // nullopt when `name` is not at or below the origin.
  std::optional<Encloser> closest_encloser(const Name& name) const;
  // The child of `parent` with this label (raw octets, any case).
  std::optional<NodeRef> find_child(NodeRef parent, std::span<const uint8_t> label) const;
  // The last node before `name` in canonical order (RFC 4034 §6.1);
  // nullopt when `name` is outside the zone or is the apex.
  std::optional<NodeRef> predecessor(const Name& name) const;
  // The node whose NSEC covers `name` (RFC 4035 §3.1.3.2): the last node
  // before `name` that has an NSEC RRset, wrapping to the last such node
  // (RFC 4034 §4.1.1); nullopt when `name` is outside the zone or no node
  // has an NSEC RRset.
  std::optional<NodeRef> nsec_cover(const Name& name) const;

  // Nodes.
  uint8_t flags(NodeRef node) const;  // format::NodeFlag
  bool has_flag(NodeRef node, format::NodeFlag flag) const { return flags(node) & flag; }
  std::optional<NodeRef> parent(NodeRef node) const;
  Label label(NodeRef node) const;  // the leftmost label; empty for the apex
  Name name(NodeRef node) const;
  // All RRsets of the node, RRSIG sets included, by type then covered type.
  RRsetRange rrsets(NodeRef node) const;
  // The RRset of one type; RRSIGs are found per covered type with rrsigs().
  std::optional<RRsetRef> rrset(NodeRef node, RRType type) const;
  std::optional<RRsetRef> rrsigs(NodeRef node, RRType covered) const;

  // NSEC3 (RFC 5155), when nsec3_signed(): the chain of the apex's
  // NSEC3PARAM, by hash.
  std::optional<Nsec3Params> nsec3_params() const;
  size_t nsec3_count() const { return nsec3_hashes_.size() / format::kNsec3EntrySize; }
  std::span<const uint8_t> nsec3_hash(size_t entry) const;
  NodeRef nsec3_node(size_t entry) const;
  // The NSEC3 node whose owner hash equals `hash`.
  std::optional<NodeRef> nsec3_find(std::span<const uint8_t> hash) const;
  // The NSEC3 node that covers `hash`: the greatest owner hash below it,
  // wrapping to the last (RFC 5155 §7.2.1).
  std::optional<NodeRef> nsec3_cover(std::span<const uint8_t> hash) const;
  // The NSEC3 node matching `node`'s own hash, computed when the database
  // was written; nullopt for occluded names and names the chain omits.
  std::optional<NodeRef> nsec3_of(NodeRef node) const;

 private:
  friend class DescentBatch;  // the same look-up, interleaved over a batch
  struct NodeView {
    uint8_t flags = 0;
    uint32_t parent = format::kNone;
    Label label;
    std::span<const uint8_t> rrsets;  // as RawNode's
    uint32_t rrset_count = 0;
    bool ok = false;
  };
  struct RawNode {
    uint8_t flags = 0;
    uint32_t parent = format::kNone;
    uint8_t shared = 0;
    std::span<const uint8_t> suffix;
    // From the first RRset to the end of NodeData: the count, not the
    // span, ends the node's RRsets.
    std::span<const uint8_t> rrsets;
    uint32_t rrset_count = 0;
    bool ok = false;
  };
  // A hash index look-up, resumable: after a candidate that is not the
  // label's, scanning goes on from the next slot.
  struct SlotCursor {
    uint64_t hash = 0;
    uint64_t bucket = 0;
    uint64_t buckets_seen = 0;
    uint8_t slot = 0;
    // Where the last candidate's label group starts, from its slot; kNoGroup
    // when the slot does not say (NodeBase does).
    uint64_t group_at = kNoGroup;
  };
  static constexpr uint64_t kNoGroup = ~uint64_t(0);
  enum class SlotScan : uint8_t {
    Candidate,   // a slot with the key's tag: `node` to check
    NextBucket,  // the bucket is full and has no more candidates: go on to cursor.bucket
    NotFound,    // an empty slot, or every bucket seen
  };

  ZoneDb() = default;
  static Expected<ZoneDb, DbError> validate(std::span<const uint8_t> image);
  std::span<const uint8_t> section(format::SectionId id) const;
  // Where node `index` starts in NodeData (index <= node_count, checked
  // by the caller; validate() checked the tables' sizes).
  uint64_t node_offset(uint32_t index) const {
    return load_le<uint64_t>(node_base_.data() + size_t(index / format::kLabelGroup) * 8) +
           load_le<uint32_t>(node_offset_.data() + size_t(index) * 4);
  }
  // Where the first node of `index`'s label group starts.
  uint64_t group_offset(uint32_t index) const {
    return load_le<uint64_t>(node_base_.data() + size_t(index / format::kLabelGroup) * 8);
  }
  uint64_t offset_of(NodeRef node) const {
    return node.at != NodeRef::kUnlocated ? node.at : node_offset(node.index);
  }
  // Node `index`, which starts at `at` (bounds checked here).
  RawNode raw_node(uint32_t index, uint64_t at) const;
  RawNode raw_node(NodeRef node) const { return raw_node(node.index, offset_of(node)); }
  SlotCursor slot_cursor(uint64_t hash) const {
    return {hash, format::home_bucket(hash, bucket_count_), 0, 0};
  }
  // Scans on from `cursor` for a slot with the key's tag; a candidate's
  // index (checked against the node count) and offset go to `node`.
  SlotScan scan_slots(SlotCursor& cursor, NodeRef& node) const;
  // The first line of bucket `bucket`.
  const uint8_t* bucket_address(uint64_t bucket) const { return slots_.data() + bucket * format::kBucketSize; }
  NodeView view(uint32_t index) const;
  // find_child over a label already lowercased, giving the child and its
  // flags through references: returned through memory, an optional<NodeRef>
  // built field by field stalls the caller's wider load of it.
  bool find_child_lower(NodeRef parent, std::span<const uint8_t> lower, NodeRef& child,
                        uint8_t& flags) const;
  // closest_encloser's walk: where it starts (nullopt for a name outside
  // the zone), and one label down to `child`, whose flags are given.
  // Fills `e` in place (it is larger than the registers that return
  // values); false when the name is outside the zone.
  bool encloser_start(const Name& name, Encloser& e) const;
  void encloser_step(Encloser& e, NodeRef child, uint8_t child_flags, bool more_labels) const;
  // Whether node `index`, decoded as `r`, has the label `lower` (lowercased).
  // `group_at`: where its label group starts, when known (else kNoGroup).
  bool label_is(uint32_t index, const RawNode& r, std::span<const uint8_t> lower,
                uint64_t group_at = kNoGroup) const;
  // The first `shared` octets of the label of `index`'s group's first node
  // (empty when they are not there).
  std::span<const uint8_t> shared_prefix(uint32_t index, uint8_t shared, uint64_t group_at) const;
  // Where the label group of a candidate starts.
  uint64_t group_of(uint32_t index, uint64_t group_at) const {
    return group_at != kNoGroup ? group_at : group_offset(index);
  }
  // Fetches what a candidate's check reads: the node, and the group's
  // first node when the label is front-coded.
  void prefetch_candidate(NodeRef node, uint64_t group_at) const;
  // Whether `candidate`, found under `lower`'s key, is the child of `parent`
  // with that label; its flags go to `flags` when it is.
  bool is_child(NodeRef candidate, NodeRef parent, std::span<const uint8_t> lower, uint64_t group_at,
                uint8_t& flags) const;
  // Canonical comparison of node `index` with `name` (below the origin).
  int compare_node(uint32_t index, const Name& name) const;
  Expected<void, DbError> verify_structure() const;

  std::span<const uint8_t> image_;
  void* mapping_ = nullptr;  // munmap'd on destruction when set
  size_t mapping_size_ = 0;

  format::Header header_;
  Name origin_;
  std::span<const uint8_t> origin_wire_;  // inside the mapping
  std::span<const uint8_t> node_base_, node_offset_, node_data_;
  std::span<const uint8_t> slots_;
  format::SlotLayout slot_layout_;
  std::span<const uint8_t> nsec3_param_, nsec3_hashes_, nsec3_map_;
  std::vector<format::Shape> shapes_;
  uint64_t bucket_count_ = 0;
  uint8_t apex_flags_ = 0;  // read on every look-up
};

inline ZoneDb::SlotScan ZoneDb::scan_slots(SlotCursor& cursor, NodeRef& node) const {
  const uint8_t* bucket = bucket_address(cursor.bucket);
  while (cursor.slot < format::kSlotsPerBucket) {
    const uint64_t slot = load_le<uint64_t>(bucket + size_t(cursor.slot) * 8);
    if (slot == 0) return SlotScan::NotFound;
    ++cursor.slot;
    if (!slot_layout_.tag_matches(slot, cursor.hash)) continue;
    node.index = slot_layout_.index(slot);
    const uint64_t at = slot_layout_.offset(slot);
    node.at = at < NodeRef::kUnlocated ? uint32_t(at) : NodeRef::kUnlocated;
    const uint64_t delta = slot_layout_.group_delta(slot);
    cursor.group_at = delta != slot_layout_.no_delta() && delta <= at ? at - delta : kNoGroup;
    if (node.index != 0 && node.index < header_.node_count) return SlotScan::Candidate;
  }
  // A full bucket: the key may have been pushed on to the next.
  if (++cursor.buckets_seen == bucket_count_) return SlotScan::NotFound;
  cursor.bucket = cursor.bucket + 1 == bucket_count_ ? 0 : cursor.bucket + 1;
  cursor.slot = 0;
  return SlotScan::NextBucket;
}

}  // namespace lnsd::db
