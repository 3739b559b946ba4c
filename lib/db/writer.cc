#include "db/writer.hh"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <unordered_map>

#include "db/atomic_file.hh"
#include "db/bytes.hh"
#include "db/format.hh"
#include "db/hash64.hh"
#include "db/nsec3_index.hh"
#include "db/reader.hh"
#include "db/wire_name.hh"
#include "db/zone_tree.hh"
#include "dns/encoding.hh"
#include "dns/rdata.hh"
#include "util/free_memory.hh"

namespace lnsd::db {
namespace {

using format::Shape;

struct ShapeHash {
  size_t operator()(const Shape& s) const {
    uint64_t a = uint64_t(s.type) << 48 | uint64_t(s.covered) << 32 | s.ttl;
    uint64_t b = uint64_t(s.count) << 8 | s.flags;
    return size_t((a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBB67AE8584CAA73Bull >> 17);
  }
};

bool shape_less(const Shape& a, const Shape& b) {
  return std::tie(a.type, a.covered, a.ttl, a.count, a.flags) <
         std::tie(b.type, b.covered, b.ttl, b.count, b.flags);
}

Error rdata_error(const ZoneContent& content, const ZoneContent::RRset& set) {
  return Error{"malformed " + type_to_text(set.type) + " rdata at " +
               content.owner_name(content.rrset_owner(set)).to_text()};
}

// Where encode_nodes puts NodeData, the last and largest section: in
// memory after the sections before it, or into the file in pieces of about
// a mebibyte, so that a large zone's node data never sits in memory whole.
class NodeDataOut {
 public:
  static constexpr size_t kPiece = size_t(1) << 20;

  // In memory: NodeData follows what `image` holds.
  explicit NodeDataOut(std::vector<uint8_t>& image) : bytes_(image), start_(image.size()) {}
  // Into `file` from `file_at`, through `buffer`.
  NodeDataOut(std::vector<uint8_t>& buffer, AtomicFile& file, uint64_t file_at)
      : bytes_(buffer), start_(0), file_(&file), file_at_(file_at) {
    buffer.clear();
    buffer.reserve(kPiece + kPiece / 4);
  }

  std::vector<uint8_t>& bytes() { return bytes_; }
  // Octets of NodeData so far.
  uint64_t size() const { return written_ + bytes_.size() - start_; }
  // Writes the buffered octets out once there are a piece's worth, or all
  // of them when `last`.
  Expected<void, Error> flush(bool last) {
    if (file_ == nullptr || (!last && bytes_.size() < kPiece)) return {};
    if (auto ok = file_->write_at(bytes_, file_at_ + written_); !ok) return ok;
    written_ += bytes_.size();
    bytes_.clear();
    return {};
  }

 private:
  std::vector<uint8_t>& bytes_;
  size_t start_;
  AtomicFile* file_ = nullptr;
  uint64_t file_at_ = 0;
  uint64_t written_ = 0;
};

class Builder {
 public:
  explicit Builder(const ZoneContent& content) : content_(content) {}
  // The image in memory.
  Expected<std::vector<uint8_t>, Error> build();
  // The image written into `file` as it is encoded; only the sections
  // before NodeData are held in memory.
  Expected<void, Error> build_into(AtomicFile& file);
  // Whether build_into failed on the file rather than on the zone.
  bool io_failed() const { return io_failed_; }

 private:
  Expected<void, Error> check_rdata_and_count_shapes();
  void choose_shapes();
  Expected<void, Error> read_apex();
  uint64_t label_key(uint32_t node) const;
  Expected<void, Error> fill_hash_slots(std::span<uint8_t> slots, std::span<const uint8_t> base,
                                        std::span<const uint8_t> rel, uint64_t data_size);
  Expected<void, Error> plan_sections();
  Expected<void, Error> encode_nodes(NodeDataOut& out);
  Expected<void, Error> complete_front(uint64_t data_size);
  void store_checksums(uint64_t content_hash, uint64_t file_checksum);
  Unexpected<Error> io_failure(Error e) {
    io_failed_ = true;
    return unexpected(std::move(e));
  }
  void encode_rrset(const ZoneContent::RRset& set, bool has_names, std::vector<uint8_t>& out);
  void encode_rdata(RRType type, std::span<const uint8_t> rdata, bool has_names,
                    std::vector<uint8_t>& out);
  const ZoneContent::RRset* find_rrset(uint32_t tree_node, RRType type) const;

  const ZoneContent& content_;
  ZoneTree tree_;
  std::vector<uint8_t> rrset_has_names_;  // by ZoneContent rrset index
  std::unordered_map<Shape, uint32_t, ShapeHash> shape_use_;
  std::unordered_map<Shape, uint8_t, ShapeHash> shape_code_;
  Shape last_shape_;
  uint32_t* last_uses_ = nullptr;          // shape_use_ entries of last_shape_
  uint32_t* last_general_uses_ = nullptr;
  // The encoding of the last RRset's shape: a code, and whether the count follows.
  Shape last_encoded_;
  int last_code_ = -1;
  bool last_count_follows_ = false;
  std::vector<Shape> shapes_;
  uint32_t serial_ = 0;
  uint16_t zone_flags_ = 0;
  std::optional<Nsec3Index> nsec3_;
  std::vector<uint8_t> scratch_;
  // The header and the sections before NodeData, at their file offsets.
  std::vector<uint8_t> front_;
  bool io_failed_ = false;
  format::Header header_;
  size_t header_size_ = 0;
};

Shape natural_shape(const ZoneContent::RRset& set, bool has_names) {
  Shape s;
  s.type = uint16_t(set.type);
  s.covered = uint16_t(set.covered);
  s.ttl = set.ttl;
  s.count = set.record_count <= 0xFFFF ? uint16_t(set.record_count) : 0;
  s.flags = has_names ? format::kShapeHasNames : 0;
  return s;
}

Shape general_shape(Shape s) {
  s.count = 0;
  return s;
}

const ZoneContent::RRset* Builder::find_rrset(uint32_t tree_node, RRType type) const {
  return tree_.find_rrset(content_, tree_node, type);
}

Expected<void, Error> Builder::check_rdata_and_count_shapes() {
  rrset_has_names_.assign(content_.rrsets().size(), 0);
  for (size_t i = 0; i < content_.rrsets().size(); ++i) {
    const auto& set = content_.rrsets()[i];
    bool has_names = false;
    for (uint32_t r = 0; r < set.record_count; ++r) {
      RdataNames names;
      if (!rdata_check_wire(set.type, content_.rdata(content_.records()[set.first_record + r]), names)) {
        return unexpected(rdata_error(content_, set));
      }
      // encode_rdata relies on names listed in order, apart.
      for (size_t k = 1; k < names.count; ++k) {
        if (names.names[k].offset < names.names[k - 1].offset + names.names[k - 1].length) {
          return unexpected(rdata_error(content_, set));
        }
      }
      has_names = has_names || names.count > 0;
    }
    rrset_has_names_[i] = has_names;
    // Neighbouring RRsets mostly share a shape: count those without a
    // look-up.
    Shape s = natural_shape(set, has_names);
    if (!(s == last_shape_) || last_uses_ == nullptr) {
      last_shape_ = s;
      last_uses_ = &shape_use_[s];
      last_general_uses_ = s.count != 0 ? &shape_use_[general_shape(s)] : nullptr;
    }
    ++*last_uses_;
    if (last_general_uses_ != nullptr) ++*last_general_uses_;
  }
  return {};
}

// The 255 most used shapes, natural or with the count left open, get codes;
// ties go to the smaller shape so that the choice is deterministic.
void Builder::choose_shapes() {
  std::vector<std::pair<uint32_t, Shape>> ranked;
  ranked.reserve(shape_use_.size());
  for (const auto& [shape, uses] : shape_use_) ranked.emplace_back(uses, shape);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return shape_less(a.second, b.second);
  });
  if (ranked.size() > format::kMaxShapes) ranked.resize(format::kMaxShapes);
  for (const auto& [uses, shape] : ranked) {
    shape_code_[shape] = uint8_t(shapes_.size());
    shapes_.push_back(shape);
  }
}

Expected<void, Error> Builder::read_apex() {
  const auto* soa = find_rrset(0, RRType::SOA);
  if (soa == nullptr) {
    return unexpected(Error{"no SOA record at the apex " + content_.origin().to_text()});
  }
  auto rdata = content_.rdata(content_.records()[soa->first_record]);
  RdataNames names;
  if (!rdata_check_wire(RRType::SOA, rdata, names) || names.count != 2) {
    return unexpected(rdata_error(content_, *soa));
  }
  size_t at = size_t(names.names[1].offset) + names.names[1].length;
  serial_ = uint32_t(rdata[at]) << 24 | uint32_t(rdata[at + 1]) << 16 |
            uint32_t(rdata[at + 2]) << 8 | rdata[at + 3];
  if (find_rrset(0, RRType::NSEC) != nullptr) zone_flags_ |= format::kZoneNsec;
  return {};
}

// A node's key in the hash index: its lowercased label hashed with its
// parent's index (lnsd-zonedb(5)).
uint64_t Builder::label_key(uint32_t node) const {
  auto label = tree_.label(content_, node);
  std::array<uint8_t, 63> lower;
  for (size_t k = 0; k < label.size(); ++k) lower[k] = ascii_lower(label[k]);
  return hash64({lower.data(), label.size()}, tree_.nodes[node].parent);
}

// Once the nodes are encoded, each slot can say where its node starts.
Expected<void, Error> Builder::fill_hash_slots(std::span<uint8_t> slots, std::span<const uint8_t> base,
                                               std::span<const uint8_t> rel, uint64_t data_size) {
  const auto n = uint32_t(tree_.nodes.size());
  const format::SlotLayout layout(n, data_size);
  if (!layout.fits()) return unexpected(Error{"the zone is too large for one database"});
  const uint64_t buckets = format::bucket_count_for(n);
  std::vector<uint8_t> used(buckets, 0);
  // Keys a chunk at a time, then the chunk's slots: mixing the label reads
  // with the slot writes, both cache misses, makes each wait on the other.
  constexpr uint32_t kChunk = 4096;
  std::array<uint64_t, kChunk> keys;
  for (uint32_t first = 1; first < n; first += kChunk) {
    const uint32_t end = std::min(n, first + kChunk);
    for (uint32_t i = first; i < end; ++i) keys[i - first] = label_key(i);
    for (uint32_t i = first; i < end; ++i) {
      const uint64_t key = keys[i - first];
      uint64_t b = format::home_bucket(key, buckets);
      while (used[b] == format::kSlotsPerBucket) b = b + 1 == buckets ? 0 : b + 1;
      // NodeBase gives the group's first node; the node's relative offset
      // is its distance from it.
      const uint32_t delta = load_le<uint32_t>(rel.data() + size_t(i) * 4);
      const uint64_t offset = load_le<uint64_t>(base.data() + size_t(i / format::kLabelGroup) * 8) + delta;
      store_le<uint64_t>(slots.data() + b * format::kBucketSize + used[b]++ * 8,
                         layout.make(key, i, offset, delta));
    }
  }
  return {};
}

// Stored rdata (lnsd-zonedb(5)): a listed name that ends in the origin,
// octet for octet, ends in the two-octet origin reference instead.
void Builder::encode_rdata(RRType type, std::span<const uint8_t> rdata, bool has_names,
                           std::vector<uint8_t>& out) {
  RdataNames names;
  if (has_names) rdata_check_wire(type, rdata, names);  // checked once already
  auto origin = content_.origin().wire();
  scratch_.clear();
  std::array<uint64_t, RdataNames::kMax> name_codes{};
  size_t copied = 0;
  for (size_t k = 0; k < names.count; ++k) {
    const RdataName& nm = names.names[k];
    size_t begin = nm.offset;
    size_t end = begin + nm.length;
    size_t ref = end;  // where the origin reference goes; end when none
    if (origin.size() > sizeof format::kOriginRef) {
      for (size_t p = begin; p < end && rdata[p] != 0; p += 1 + rdata[p]) {
        if (end - p == origin.size() && std::equal(origin.begin(), origin.end(), rdata.begin() + p)) {
          ref = p;
          break;
        }
      }
    }
    scratch_.insert(scratch_.end(), rdata.begin() + copied, rdata.begin() + begin);
    uint64_t stored_offset = scratch_.size();
    bool has_ref = ref != end;
    if (has_ref) {
      scratch_.insert(scratch_.end(), rdata.begin() + begin, rdata.begin() + ref);
      scratch_.insert(scratch_.end(), std::begin(format::kOriginRef), std::end(format::kOriginRef));
    } else {
      scratch_.insert(scratch_.end(), rdata.begin() + begin, rdata.begin() + end);
    }
    copied = end;
    name_codes[k] = stored_offset << 3 | uint64_t(has_ref) << 2 | uint64_t(nm.kind);
  }
  scratch_.insert(scratch_.end(), rdata.begin() + copied, rdata.end());

  append_varint(out, scratch_.size());
  if (has_names) {
    out.push_back(names.count);
    for (size_t k = 0; k < names.count; ++k) append_varint(out, name_codes[k]);
  }
  out.insert(out.end(), scratch_.begin(), scratch_.end());
}

void Builder::encode_rrset(const ZoneContent::RRset& set, bool has_names, std::vector<uint8_t>& out) {
  Shape natural = natural_shape(set, has_names);
  if (last_code_ < 0 || !(natural == last_encoded_)) {
    last_encoded_ = natural;
    last_code_ = format::kExplicitShape;
    last_count_follows_ = false;
    if (auto it = shape_code_.find(natural); it != shape_code_.end()) {
      last_code_ = it->second;
      last_count_follows_ = natural.count == 0;  // over 65535 records
    } else if (auto gen = shape_code_.find(general_shape(natural)); gen != shape_code_.end()) {
      last_code_ = gen->second;
      last_count_follows_ = true;
    }
  }
  out.push_back(uint8_t(last_code_));
  if (last_code_ == format::kExplicitShape) {
    append_varint(out, uint16_t(set.type));
    if (set.type == RRType::RRSIG) append_varint(out, uint16_t(set.covered));
    append_varint(out, set.ttl);
    append_varint(out, set.record_count);
    out.push_back(natural.flags);
  } else if (last_count_follows_) {
    append_varint(out, set.record_count);
  }
  for (uint32_t r = 0; r < set.record_count; ++r) {
    encode_rdata(set.type, content_.rdata(content_.records()[set.first_record + r]), has_names, out);
  }
}

Expected<void, Error> Builder::encode_nodes(NodeDataOut& sink) {
  const auto n = uint32_t(tree_.nodes.size());
  const size_t base_at = header_.sections[1].offset;
  const size_t rel_at = header_.sections[2].offset;
  std::vector<uint8_t>& out = sink.bytes();
  uint64_t base = 0;
  for (uint32_t i = 0; i <= n; ++i) {
    uint64_t offset = sink.size();
    if (i % format::kLabelGroup == 0) {
      if (auto ok = sink.flush(false); !ok) return io_failure(ok.error());
      base = offset;
      store_le<uint64_t>(front_.data() + base_at + (i / format::kLabelGroup) * 8, base);
    }
    if (offset - base > UINT32_MAX) {
      return unexpected(Error{"16 consecutive names hold more than 4 GiB of data"});
    }
    store_le<uint32_t>(front_.data() + rel_at + size_t(i) * 4, uint32_t(offset - base));
    if (i == n) break;

    const TreeNode& node = tree_.nodes[i];
    out.push_back(node.flags);
    append_varint(out, i == 0 ? 0 : node.parent == 0 ? 1 : 1 + (i - node.parent));
    auto label = tree_.label(content_, i);
    size_t shared = 0;
    if (i % format::kLabelGroup != 0) {
      auto first = tree_.label(content_, i - i % format::kLabelGroup);
      while (shared < label.size() && shared < first.size() && label[shared] == first[shared]) ++shared;
    }
    const uint32_t rrsets =
        node.content_node == format::kNone ? 0 : content_.nodes()[node.content_node].rrset_count;
    const uint32_t inline_count = std::min(rrsets, format::kInlineRRsetCount);
    out.push_back(uint8_t(shared | (inline_count & 3) << 6));
    out.push_back(uint8_t((label.size() - shared) | (inline_count >> 2) << 6));
    out.insert(out.end(), label.begin() + shared, label.end());
    if (inline_count == format::kInlineRRsetCount) append_varint(out, rrsets - format::kInlineRRsetCount);
    if (rrsets == 0) continue;
    const auto& cn = content_.nodes()[node.content_node];
    for (uint32_t k = 0; k < cn.rrset_count; ++k) {
      uint32_t index = cn.first_rrset + k;
      encode_rrset(content_.rrsets()[index], rrset_has_names_[index], out);
    }
  }
  return {};
}

// Everything before NodeData: the analysis of the zone, then front_ holding
// the header's space and each section but the hash slots, at its offset.
Expected<void, Error> Builder::plan_sections() {
  if (!content_.finalized()) return unexpected(Error{"zone content not finalized"});
  auto tree = build_zone_tree(content_);
  if (!tree) return unexpected(tree.error());
  tree_ = std::move(*tree);
  if (tree_.nodes.size() >= UINT32_MAX) return unexpected(Error{"too many names for one database"});
  if (auto ok = read_apex(); !ok) return unexpected(ok.error());
  if (auto ok = check_rdata_and_count_shapes(); !ok) return unexpected(ok.error());
  choose_shapes();
  nsec3_ = build_nsec3_index(content_, tree_);
  if (nsec3_) zone_flags_ |= format::kZoneNsec3;

  const auto n = uint32_t(tree_.nodes.size());
  std::vector<uint8_t> shape_bytes;
  for (const Shape& s : shapes_) {
    append_le<uint16_t>(shape_bytes, s.type);
    append_le<uint16_t>(shape_bytes, s.covered);
    append_le<uint32_t>(shape_bytes, s.ttl);
    append_le<uint16_t>(shape_bytes, s.count);
    shape_bytes.push_back(s.flags);
    shape_bytes.push_back(0);
  }

  // Every section but NodeData has its size now; NodeData goes last.
  struct Planned {
    format::SectionId id;
    const std::vector<uint8_t>* bytes;  // nullptr: filled in place
    uint64_t size;
  };
  const size_t base_size = size_t(n / format::kLabelGroup + 1) * 8;
  const size_t rel_size = (size_t(n) + 1) * 4;
  const size_t slots_size = format::bucket_count_for(n) * format::kBucketSize;
  // The hash slots first, where the header ends on a 64-octet boundary of
  // the file (and so of the mapping): each bucket is then one cache line.
  std::vector<Planned> plan = {
      {format::SectionId::HashSlots, nullptr, slots_size},
      {format::SectionId::NodeBase, nullptr, base_size},
      {format::SectionId::NodeOffset, nullptr, rel_size},
      {format::SectionId::Shapes, &shape_bytes, shape_bytes.size()},
  };
  if (nsec3_) {
    plan.push_back({format::SectionId::Nsec3Param, &nsec3_->param, nsec3_->param.size()});
    plan.push_back({format::SectionId::Nsec3Hashes, &nsec3_->hashes, nsec3_->hashes.size()});
    plan.push_back({format::SectionId::Nsec3NodeMap, &nsec3_->node_map, nsec3_->node_map.size()});
  }
  plan.push_back({format::SectionId::NodeData, nullptr, 0});

  header_.node_count = n;
  header_.serial = serial_;
  header_.rr_class = uint16_t(RRClass::IN);
  header_.zone_flags = zone_flags_;
  auto origin = content_.origin().wire();
  header_.origin.assign(origin.begin(), origin.end());
  for (const SourceFile& src : content_.sources()) header_.sources.push_back({src.path, src.sha256});
  header_.sections.resize(plan.size());
  header_size_ = format::encode_header(header_).size();

  uint64_t at = header_size_;
  for (size_t k = 0; k < plan.size(); ++k) {
    header_.sections[k] = {uint32_t(plan[k].id), at, plan[k].size};
    at = format::align_up(at + plan[k].size);
  }
  front_.assign(at, 0);
  for (size_t k = 0; k + 1 < plan.size(); ++k) {
    if (plan[k].bytes != nullptr && !plan[k].bytes->empty()) {
      std::memcpy(front_.data() + header_.sections[k].offset, plan[k].bytes->data(), plan[k].size);
    }
  }
  return {};
}

// Once NodeData is encoded (`data_size` octets, before padding): the hash
// slots, which say where each node starts, and the header.
Expected<void, Error> Builder::complete_front(uint64_t data_size) {
  header_.sections.back().size = data_size;
  header_.file_size = header_.sections.back().offset + format::align_up(data_size);
  std::span<uint8_t> file(front_);
  auto section = [&](size_t k) { return file.subspan(header_.sections[k].offset, header_.sections[k].size); };
  if (auto ok = fill_hash_slots(section(0), section(1), section(2), data_size); !ok) {
    return unexpected(ok.error());
  }
  auto head = format::encode_header(header_);
  std::memcpy(front_.data(), head.data(), head.size());
  return {};
}

void Builder::store_checksums(uint64_t content_hash, uint64_t file_checksum) {
  store_le<uint64_t>(front_.data() + format::field::kContentHash, content_hash);
  store_le<uint64_t>(front_.data() + format::field::kFileChecksum, file_checksum);
  store_le<uint64_t>(front_.data() + format::field::kFixedChecksum,
                     format::fixed_header_checksum(std::span(front_).first(format::kFixedHeaderSize)));
}

Expected<std::vector<uint8_t>, Error> Builder::build() {
  if (auto ok = plan_sections(); !ok) return unexpected(ok.error());
  const size_t data_start = front_.size();
  front_.reserve(data_start + content_.records().size() * 12 + tree_.nodes.size() * 16);
  NodeDataOut sink(front_);
  if (auto ok = encode_nodes(sink); !ok) return unexpected(ok.error());
  const uint64_t data_size = sink.size();
  front_.resize(data_start + format::align_up(data_size), 0);
  if (auto ok = complete_front(data_size); !ok) return unexpected(ok.error());
  std::span<const uint8_t> file(front_);
  store_checksums(hash64(file.subspan(header_size_)), hash64(file.subspan(format::kFixedHeaderSize)));
  return std::move(front_);
}

Expected<void, Error> Builder::build_into(AtomicFile& file) {
  if (auto ok = plan_sections(); !ok) return ok;
  const size_t data_start = front_.size();
  std::vector<uint8_t> buffer;
  NodeDataOut sink(buffer, file, data_start);
  if (auto ok = encode_nodes(sink); !ok) return ok;
  const uint64_t data_size = sink.size();
  buffer.resize(buffer.size() + (format::align_up(data_size) - data_size), 0);
  if (auto ok = sink.flush(true); !ok) return io_failure(ok.error());
  free_memory(buffer);
  if (auto ok = complete_front(data_size); !ok) return ok;

  // The checksums cover NodeData too, which is read back from the file.
  Hash64Stream content_hash;
  Hash64Stream file_checksum;
  std::span<const uint8_t> front(front_);
  file_checksum.update(front.subspan(format::kFixedHeaderSize, header_size_ - format::kFixedHeaderSize));
  content_hash.update(front.subspan(header_size_));
  file_checksum.update(front.subspan(header_size_));
  std::vector<uint8_t> piece(NodeDataOut::kPiece);
  for (uint64_t at = data_start; at < header_.file_size;) {
    auto part = std::span(piece).first(size_t(std::min<uint64_t>(piece.size(), header_.file_size - at)));
    if (auto ok = file.read_at(part, at); !ok) return io_failure(ok.error());
    content_hash.update(part);
    file_checksum.update(part);
    at += part.size();
  }
  store_checksums(content_hash.finish(), file_checksum.finish());
  if (auto ok = file.write_at(front_, 0); !ok) return io_failure(ok.error());
  return {};
}

}  // namespace

Expected<std::vector<uint8_t>, Error> build_database(const ZoneContent& content) {
  return Builder(content).build();
}

Expected<PendingDatabase, DatabaseWriteError> PendingDatabase::write(const ZoneContent& content,
                                                                     const std::string& path) {
  auto file = AtomicFile::create(path);
  if (!file) return unexpected(DatabaseWriteError{file.error().message, true});
  Builder builder(content);
  if (auto ok = builder.build_into(*file); !ok) {
    return unexpected(DatabaseWriteError{ok.error().message, builder.io_failed()});
  }
  return PendingDatabase(std::move(*file));
}

Expected<void, Error> PendingDatabase::commit() {
  return file_.commit([](const std::string& temp) -> Expected<void, Error> {
    auto db = ZoneDb::open(temp);
    if (!db) return unexpected(Error{"the database just written does not read back: " + db.error().message});
    if (auto ok = db->verify_checksum(); !ok) {
      return unexpected(Error{"the database just written does not read back: " + ok.error().message});
    }
    return {};
  });
}

Expected<void, Error> write_database(const ZoneContent& content, const std::string& path) {
  auto pending = PendingDatabase::write(content, path);
  if (!pending) return unexpected(Error{pending.error().message});
  return pending->commit();
}

}  // namespace lnsd::db
