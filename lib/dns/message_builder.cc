#include "dns/message_builder.hh"

#include <algorithm>
#include <cstring>

namespace lnsd {

namespace {

uint8_t ascii_lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? uint8_t(c + 32) : c; }

// A label with its length octet, as written at `offset`.
std::span<const uint8_t> label_at(std::span<const uint8_t> message, size_t offset) {
  return message.subspan(offset, size_t(message[offset]) + 1);
}

bool labels_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Compression pointers carry 14 bits of offset (RFC 1035 §4.1.4).
constexpr size_t kMaxPointerTarget = 0x3FFF;

}  // namespace

size_t CompressionTable::hash(uint16_t parent, std::span<const uint8_t> label) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a
  auto mix = [&h](uint8_t b) {
    h ^= b;
    h *= 1099511628211ull;
  };
  mix(uint8_t(parent));
  mix(uint8_t(parent >> 8));
  for (uint8_t c : label) mix(ascii_lower(c));
  return size_t(h ^ (h >> 32));
}

uint16_t CompressionTable::find(std::span<const uint8_t> message, uint16_t parent,
                                std::span<const uint8_t> label) const {
  // The table is at most half full, so the probe always meets an empty slot.
  for (size_t slot = hash(parent, label) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
    uint16_t v = slots_[slot];
    if (v == 0) return kNone;
    const Entry& e = entries_[v - 1];
    if (e.parent == parent && labels_equal(label_at(message, e.offset), label)) return uint16_t(v - 1);
  }
}

uint16_t CompressionTable::add(std::span<const uint8_t> message, uint16_t parent, uint16_t offset) {
  if (size_ == kCapacity) return kNone;
  size_t slot = hash(parent, label_at(message, offset)) & (kSlots - 1);
  while (slots_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
  entries_[size_] = Entry{offset, parent, uint16_t(slot)};
  slots_[slot] = uint16_t(size_ + 1);
  return uint16_t(size_++);
}

void CompressionTable::truncate(size_t size) {
  // Removing in reverse order of insertion leaves every remaining probe
  // sequence as it was when that entry was added.
  while (size_ > size) {
    --size_;
    slots_[entries_[size_].slot] = 0;
  }
}

MessageBuilder::MessageBuilder(std::span<uint8_t> buffer) : buffer_(buffer) {
  capacity_ = std::min(buffer.size(), kMaxSize);
  if (capacity_ < Header::kSize) capacity_ = 0;
  limit_ = capacity_;
  size_ = capacity_ == 0 ? 0 : Header::kSize;
}

void MessageBuilder::set_limit(size_t limit) { limit_ = std::min(limit, capacity_); }

bool MessageBuilder::can_add(Section section) const {
  return !record_open_ && capacity_ != 0 && section != Section::Question && section >= section_ &&
         header_.count(section) < 0xFFFF;
}

bool MessageBuilder::write_bytes(std::span<const uint8_t> bytes) {
  if (bytes.size() > room()) return false;
  if (!bytes.empty()) std::memcpy(buffer_.data() + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
  return true;
}

bool MessageBuilder::write_u16(uint16_t v) {
  const uint8_t b[2] = {uint8_t(v >> 8), uint8_t(v)};
  return write_bytes(b);
}

bool MessageBuilder::write_u32(uint32_t v) {
  const uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
  return write_bytes(b);
}

bool MessageBuilder::write_pointer(uint16_t offset) {
  // Only a name written earlier can be pointed to.
  if (offset < Header::kSize || offset >= size_ || offset > kMaxPointerTarget) return false;
  return write_u16(uint16_t(0xC000 | offset));
}

bool MessageBuilder::write_name(std::span<const uint8_t> wire) {
  // Where each label starts; the name must be uncompressed and fill `wire`.
  std::array<uint8_t, Name::kMaxLabels> starts;
  size_t count = 0;
  size_t root = 0;  // offset of the root label in `wire`
  if (wire.empty() || wire.size() > Name::kMaxWire) return false;
  while (wire[root] != 0) {
    size_t len = wire[root];
    if (len > Name::kMaxLabel || count == starts.size() || root + len + 1 >= wire.size()) return false;
    starts[count++] = uint8_t(root);
    root += len + 1;
  }
  if (root + 1 != wire.size()) return false;

  // The longest suffix already in the message, found from the root upwards.
  const std::span<const uint8_t> written = buffer_.first(size_);
  uint16_t suffix = CompressionTable::kRoot;
  size_t matched = 0;
  while (matched < count) {
    size_t k = count - 1 - matched;
    uint16_t e = compression_.find(written, suffix, wire.subspan(starts[k], size_t(wire[starts[k]]) + 1));
    if (e == CompressionTable::kNone) break;
    suffix = e;
    ++matched;
  }

  size_t literal_labels = count - matched;
  size_t literal_size = literal_labels < count ? starts[literal_labels] : root;
  if (literal_size + (matched ? 2 : 1) > room()) return false;
  size_t start = size_;
  write_bytes(wire.first(literal_size));
  if (matched) {
    write_u16(uint16_t(0xC000 | compression_.offset(suffix)));
  } else {
    buffer_[size_++] = 0;
  }

  // Every suffix written here becomes a target, the shortest first so each
  // entry can link to the one after it. The rightmost label has the largest
  // offset: when it is out of a pointer's reach, the longer suffixes have
  // nothing to link to.
  const std::span<const uint8_t> now = buffer_.first(size_);
  uint16_t next = suffix;
  for (size_t k = literal_labels; k-- > 0;) {
    size_t offset = start + starts[k];
    if (offset > kMaxPointerTarget) break;
    next = compression_.add(now, next, uint16_t(offset));
    if (next == CompressionTable::kNone) break;
  }
  return true;
}

bool MessageBuilder::write_rdata(std::span<const uint8_t> rdata, const RdataNames& names) {
  size_t pos = 0;
  for (size_t i = 0; i < names.count && i < names.names.size(); ++i) {
    const RdataName& n = names.names[i];
    if (n.offset < pos || size_t(n.offset) + n.length > rdata.size()) return false;
    if (!write_bytes(rdata.subspan(pos, n.offset - pos))) return false;
    auto name = rdata.subspan(n.offset, n.length);
    bool ok = n.kind == RdataNameKind::Compressible ? write_name(name) : write_bytes(name);
    if (!ok) return false;
    pos = size_t(n.offset) + n.length;
  }
  return write_bytes(rdata.subspan(pos));
}

bool MessageBuilder::write_record_fields(RRType type, RRClass cls, uint32_t ttl) {
  return write_u16(uint16_t(type)) && write_u16(uint16_t(cls)) && write_u32(ttl) &&
         write_u16(0);  // RDLENGTH, set when the rdata is written
}

void MessageBuilder::finish_record(Section section, size_t rdlength_at) {
  size_t rdlength = size_ - rdlength_at - 2;
  buffer_[rdlength_at] = uint8_t(rdlength >> 8);
  buffer_[rdlength_at + 1] = uint8_t(rdlength);
  ++header_.counts[size_t(section)];
  section_ = section;
}

bool MessageBuilder::write_record_after_owner(Section section, RRType type, RRClass cls,
                                              uint32_t ttl, std::span<const uint8_t> rdata,
                                              const RdataNames& names) {
  if (!write_record_fields(type, cls, ttl)) return false;
  size_t rdlength_at = size_ - 2;
  if (!write_rdata(rdata, names)) return false;
  finish_record(section, rdlength_at);
  return true;
}

bool MessageBuilder::add_question(const Name& name, RRType type, RRClass cls) {
  if (record_open_ || capacity_ == 0 || section_ != Section::Question ||
      header_.count(Section::Question) == 0xFFFF) {
    return false;
  }
  Mark before = mark();
  if (write_name(name.wire()) && write_u16(uint16_t(type)) && write_u16(uint16_t(cls))) {
    ++header_.counts[size_t(Section::Question)];
    return true;
  }
  rollback(before);
  return false;
}

bool MessageBuilder::add_record(Section section, const Name& owner, RRType type, RRClass cls,
                                uint32_t ttl, std::span<const uint8_t> rdata,
                                const RdataNames& names) {
  if (!can_add(section)) return false;
  Mark before = mark();
  if (write_name(owner.wire()) &&
      write_record_after_owner(section, type, cls, ttl, rdata, names)) {
    return true;
  }
  rollback(before);
  return false;
}

bool MessageBuilder::add_record(Section section, NamePointer owner, RRType type, RRClass cls,
                                uint32_t ttl, std::span<const uint8_t> rdata,
                                const RdataNames& names) {
  if (!can_add(section)) return false;
  Mark before = mark();
  if (write_pointer(owner.offset) &&
      write_record_after_owner(section, type, cls, ttl, rdata, names)) {
    return true;
  }
  rollback(before);
  return false;
}

bool MessageBuilder::begin_record(Section section, const Name& owner, RRType type, RRClass cls,
                                  uint32_t ttl) {
  if (!can_add(section)) return false;
  open_mark_ = mark();
  if (!write_name(owner.wire()) || !write_record_fields(type, cls, ttl)) {
    rollback(open_mark_);
    return false;
  }
  record_open_ = true;
  open_section_ = section;
  open_rdlength_at_ = size_ - 2;
  return true;
}

bool MessageBuilder::append_rdata(std::span<const uint8_t> bytes) {
  if (!record_open_) return false;
  if (!write_bytes(bytes)) {
    rollback(open_mark_);
    return false;
  }
  return true;
}

bool MessageBuilder::append_rdata_zeros(size_t count) {
  if (!record_open_) return false;
  if (count > room()) {
    rollback(open_mark_);
    return false;
  }
  std::memset(buffer_.data() + size_, 0, count);
  size_ += count;
  return true;
}

void MessageBuilder::end_record() {
  if (!record_open_) return;
  record_open_ = false;
  finish_record(open_section_, open_rdlength_at_);
}

MessageBuilder::Mark MessageBuilder::mark() const {
  return Mark{uint16_t(size_), header_.counts, section_, uint16_t(compression_.size())};
}

void MessageBuilder::rollback(const Mark& mark) {
  size_ = mark.size;
  header_.counts = mark.counts;
  section_ = mark.section;
  compression_.truncate(mark.compression_entries);
  record_open_ = false;
}

std::span<const uint8_t> MessageBuilder::finish() {
  if (capacity_ == 0) return {};
  header_.write(buffer_);
  return buffer_.first(size_);
}

}  // namespace lnsd
