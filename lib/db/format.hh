// The on-disk layout of a zone database, version 2 (lnsd-zonedb(5) is the
// reference; keep the two in step). One immutable file per zone:
//
//   fixed header (128 octets)  magic, version, sizes, checksums, serial, flags
//   variable header            section table, zone name, source files
//   sections                   each 8-octet aligned (the hash slots 64),
//                              zero padding between
//
// All integers are little-endian. Sections refer to each other by index or
// offset, never by address, so the file maps into any process unchanged.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lnsd::db::format {

inline constexpr std::array<uint8_t, 8> kMagic = {'L', 'N', 'S', 'D', 'Z', 'D', 'B', '\n'};
inline constexpr uint32_t kVersion = 2;
inline constexpr size_t kFixedHeaderSize = 128;
inline constexpr size_t kAlignment = 8;
inline constexpr size_t kHeaderAlignment = 64;
inline constexpr size_t kSectionEntrySize = 24;

// Offsets of the fixed header's fields.
namespace field {
inline constexpr size_t kMagic = 0;            // u8[8]
inline constexpr size_t kVersion = 8;          // u32
inline constexpr size_t kFixedSize = 12;       // u32, 128
inline constexpr size_t kFileSize = 16;        // u64
inline constexpr size_t kFixedChecksum = 24;   // u64: hash64 of the fixed header, this field zero
inline constexpr size_t kHeaderChecksum = 32;  // u64: hash64 of [128, header_size)
inline constexpr size_t kFileChecksum = 40;    // u64: hash64 of [128, file_size)
inline constexpr size_t kContentHash = 48;     // u64: hash64 of [header_size, file_size)
inline constexpr size_t kHeaderSize = 56;      // u32: fixed + variable header, padded
inline constexpr size_t kSectionCount = 60;    // u32
inline constexpr size_t kNodeCount = 64;       // u32
inline constexpr size_t kSerial = 68;          // u32: SOA serial
inline constexpr size_t kClass = 72;           // u16
inline constexpr size_t kZoneFlags = 74;       // u16
// 76..127 reserved, zero.
}  // namespace field

enum class SectionId : uint32_t {
  NodeBase = 1,      // u64[nodes / 16 + 1]: NodeData offset of node 16k
  NodeOffset = 2,    // u32[nodes + 1]: offset of node i relative to NodeBase[i / 16]
  NodeData = 3,      // the nodes in canonical order (see below)
  HashSlots = 4,     // 64-octet buckets of eight u64 slots (see below)
  Shapes = 7,        // 12-octet RRset shapes, at most 255
  Nsec3Param = 8,    // the NSEC3PARAM rdata the index was built with (wire form)
  Nsec3Hashes = 9,   // 24-octet entries: 20-octet hash, u32 node; sorted by hash
  Nsec3NodeMap = 10, // u32[nodes]: each node's entry in Nsec3Hashes, or kNone
};

inline constexpr uint32_t kNone = 0xFFFFFFFF;

// Zone flags (header).
enum ZoneFlag : uint16_t {
  kZoneNsec = 0x0001,   // the apex has an NSEC RRset
  kZoneNsec3 = 0x0002,  // the NSEC3 sections are present (an NSEC3PARAM with SHA-1)
};

// Node flags (first octet of each node).
enum NodeFlag : uint8_t {
  kNodeApex = 0x01,
  kNodeDelegation = 0x02,      // NS below the apex, not itself occluded
  kNodeOccluded = 0x04,        // below a delegation or a DNAME: glue or unserved data
  kNodeWildcardParent = 0x08,  // has a child labelled "*"
  kNodeEmpty = 0x10,           // empty non-terminal: no RRsets
  kNodeCname = 0x20,           // has a CNAME RRset
  kNodeDname = 0x40,           // has a DNAME RRset
};
inline constexpr uint8_t kNodeFlagsKnown = 0x7f;

// A node in NodeData:
//   u8 flags
//   varint parent: 0 for the apex (node 0), 1 when the parent is the apex,
//                  else 1 + (index - parent index)
//   u8 shared | c0 << 6, u8 suffix length | c1 << 6, suffix octets: the
//      leftmost label (empty for the apex) is the first `shared` octets of
//      the label of node index & ~15 (the group's first node, whose `shared`
//      is 0 and whose offset is NodeBase[index / 16]), then the suffix.
//      Neighbours in canonical order share prefixes ("host1041",
//      "host1042"), and one look-back keeps decoding O(1).
//      c1 << 2 | c0 is the number of RRsets, or 15 when a varint of the
//      number minus 15 follows the suffix: a node found through the hash
//      index is read without NodeOffset, which would cost a cache line.
//   RRsets, by type then covered type, up to the next node's offset.
inline constexpr uint32_t kLabelGroup = 16;
inline constexpr uint8_t kLabelLengthMask = 0x3f;
inline constexpr uint32_t kInlineRRsetCount = 15;
inline constexpr uint32_t inline_rrset_count(uint8_t shared_octet, uint8_t suffix_octet) {
  return uint32_t(shared_octet >> 6) | uint32_t(suffix_octet >> 6) << 2;
}
//
// An RRset:
//   u8 shape: an index into Shapes, or kExplicitShape followed by
//             varint type, [varint covered if type is RRSIG], varint TTL,
//             varint count, u8 shape flags
//   [varint count when the shape's count is 0]
//   rdatas, each:
//     varint stored length
//     [if kShapeHasNames: u8 name count, then per name
//      varint (offset << 3 | origin_ref << 2 | kind)]
//     stored octets: the wire rdata, except that a listed name ending in the
//     zone origin (octet for octet) ends in the reference 0xC0 0x00 instead.
inline constexpr uint8_t kExplicitShape = 0xFF;
inline constexpr size_t kMaxShapes = 255;
inline constexpr size_t kShapeSize = 12;
inline constexpr uint8_t kShapeHasNames = 0x01;
inline constexpr uint8_t kOriginRef[2] = {0xC0, 0x00};

struct Shape {
  uint16_t type = 0;
  uint16_t covered = 0;
  uint32_t ttl = 0;
  uint16_t count = 0;  // 0: a varint count follows the shape octet
  uint8_t flags = 0;
  bool operator==(const Shape&) const = default;
};

inline constexpr size_t kNsec3HashSize = 20;  // SHA-1, the only NSEC3 hash (RFC 5155 §11)
inline constexpr size_t kNsec3EntrySize = 24;

// The hash index: an open-addressed table of 64-octet buckets (one cache
// line each), eight u64 slots per bucket, at most 3/4 full. The key of a
// node below the apex is hash64 of its lowercased label, seeded with its
// parent's index; its home bucket is ((hash mod 2^32) * buckets) >> 32.
// Nodes are placed in index order, each in the first slot left in its home
// bucket or, when that is full, in the buckets after it (wrapping). A
// look-up stops at the first empty slot: a key placed further on passed
// only full buckets. A slot is
//   tag | group delta << (index bits + offset bits)
//       | NodeData offset << index bits | node index
// (zero when empty: node 0, the apex, is not in the table). The offset lets
// a found node be read at once, with no table between the slot and the
// node; the group delta (how far before the node its label group's first
// node starts, all ones when it does not fit) lets the front-coded prefix
// be fetched with it, without NodeBase. The tag is the hash's top bits.
inline constexpr size_t kBucketSize = 64;
inline constexpr size_t kSlotsPerBucket = 8;
inline constexpr uint64_t bucket_count_for(uint32_t nodes) { return (uint64_t(nodes) - 1) / 6 + 1; }

class SlotLayout {
 public:
  // The fewest bits that hold every node index and NodeData offset. Of the
  // rest, the tag keeps at least kMinTagBits and the group delta gets up to
  // kMaxDeltaBits. A zone whose indexes and offsets need more than 64 bits
  // is refused (fits() is false).
  static constexpr unsigned kMinTagBits = 8;
  static constexpr unsigned kMaxDeltaBits = 12;
  SlotLayout(uint32_t nodes, uint64_t node_data_size) {
    const unsigned ib = unsigned(std::bit_width(nodes > 0 ? nodes - 1 : 0u));
    const unsigned ob = unsigned(std::bit_width(node_data_size));
    fits_ = ib + ob <= 64;
    if (!fits_) return;
    const unsigned free = 64 - ib - ob;
    const unsigned db = free > kMinTagBits ? std::min(free - kMinTagBits, kMaxDeltaBits) : 0;
    index_bits_ = uint8_t(ib);
    delta_shift_ = uint8_t(ib + ob);
    index_mask_ = low_mask(ib);
    offset_mask_ = low_mask(ob);
    delta_mask_ = low_mask(db);
    tag_mask_ = ~low_mask(ib + ob + db);
  }
  SlotLayout() = default;
  bool fits() const { return fits_; }
  uint64_t make(uint64_t hash, uint32_t index, uint64_t offset, uint64_t group_delta) const {
    const uint64_t delta = std::min(group_delta, delta_mask_);
    return (hash & tag_mask_) | delta << delta_shift_ | offset << index_bits_ | index;
  }
  bool tag_matches(uint64_t slot, uint64_t hash) const { return ((slot ^ hash) & tag_mask_) == 0; }
  uint32_t index(uint64_t slot) const { return uint32_t(slot & index_mask_); }
  uint64_t offset(uint64_t slot) const { return (slot >> index_bits_) & offset_mask_; }
  // The group delta, or no_delta() when the slot does not give it.
  uint64_t group_delta(uint64_t slot) const { return (slot >> delta_shift_) & delta_mask_; }
  uint64_t no_delta() const { return delta_mask_; }

 private:
  static constexpr uint64_t low_mask(unsigned bits) {
    return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  }
  bool fits_ = true;
  uint8_t index_bits_ = 0;
  uint8_t delta_shift_ = 0;
  uint64_t index_mask_ = 0, offset_mask_ = 0, delta_mask_ = 0, tag_mask_ = 0;
};

inline uint64_t home_bucket(uint64_t hash, uint64_t buckets) { return (uint64_t(uint32_t(hash)) * buckets) >> 32; }

struct SectionEntry {
  uint32_t id = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};

struct SourceEntry {
  std::string path;
  std::array<uint8_t, 32> sha256{};
};

// The header's content, decoded.
struct Header {
  uint32_t version = kVersion;
  uint64_t file_size = 0;
  uint64_t fixed_checksum = 0;
  uint64_t header_checksum = 0;
  uint64_t file_checksum = 0;
  uint64_t content_hash = 0;
  uint32_t header_size = 0;
  uint32_t node_count = 0;
  uint32_t serial = 0;
  uint16_t rr_class = 1;
  uint16_t zone_flags = 0;
  std::vector<SectionEntry> sections;
  std::vector<uint8_t> origin;  // wire form
  std::vector<SourceEntry> sources;
};

// The header in file form: fixed header, variable header, padding. The size
// fields and the header checksums are filled in; the file checksum and the
// content hash are whatever `h` holds.
std::vector<uint8_t> encode_header(const Header& h);

// Decodes the fixed header's fields (no checks beyond the length).
void decode_fixed_header(std::span<const uint8_t> fixed, Header& h);
// Decodes the variable header; false when it does not parse.
bool decode_variable_header(std::span<const uint8_t> var, size_t section_count, Header& h);

// hash64 of the fixed header with its own checksum field taken as zero.
uint64_t fixed_header_checksum(std::span<const uint8_t> fixed);

inline constexpr size_t align_up(size_t n) { return (n + kAlignment - 1) & ~(kAlignment - 1); }

}  // namespace lnsd::db::format
