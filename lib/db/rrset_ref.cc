#include "db/rrset_ref.hh"

#include <cstring>

namespace lnsd::db {
namespace {

// The stored length of the name at `at`: labels up to the root label or the
// origin reference. 0 when it runs past the end or meets another pointer.
size_t stored_name_length(std::span<const uint8_t> stored, size_t at, bool origin_ref) {
  size_t p = at;
  while (p < stored.size()) {
    uint8_t len = stored[p];
    if (len == 0) return origin_ref ? 0 : p + 1 - at;
    if (len == format::kOriginRef[0]) {
      bool is_ref = origin_ref && p + 1 < stored.size() && stored[p + 1] == format::kOriginRef[1];
      return is_ref ? p + 2 - at : 0;
    }
    if (len > 63) return 0;
    p += 1 + size_t(len);
  }
  return 0;
}

}  // namespace

size_t RdataRef::expand(std::span<uint8_t> out) const {
  if (out.size() < wire_size_) return 0;
  size_t copied = 0;
  size_t written = 0;
  for (size_t k = 0; k < name_count_; ++k) {
    const StoredName& nm = names_[k];
    if (!nm.origin_ref) continue;
    size_t cut = size_t(nm.offset) + nm.length - 2;
    std::memcpy(out.data() + written, stored_.data() + copied, cut - copied);
    written += cut - copied;
    std::memcpy(out.data() + written, origin_.data(), origin_.size());
    written += origin_.size();
    copied = cut + 2;
  }
  // Empty rdata may have no storage on either side: memcpy takes no null pointer.
  if (copied < stored_.size()) {
    std::memcpy(out.data() + written, stored_.data() + copied, stored_.size() - copied);
  }
  return written + stored_.size() - copied;
}

void RdataRef::append_wire(std::vector<uint8_t>& out) const {
  size_t at = out.size();
  out.resize(at + wire_size_);
  expand({out.data() + at, wire_size_});
}

RdataIterator::RdataIterator(std::span<const uint8_t> body, std::span<const uint8_t> origin,
                             uint32_t count, bool has_names)
    : cursor_(body), origin_(origin), left_(count), has_names_(has_names), done_(false) {
  advance();
}

void RdataIterator::advance() {
  if (left_ == 0) {
    done_ = true;
    return;
  }
  --left_;
  RdataRef r;
  r.origin_ = origin_;
  size_t length = cursor_.varint(32);
  std::array<uint64_t, RdataNames::kMax> codes{};
  if (has_names_) {
    r.name_count_ = cursor_.u8();
    if (r.name_count_ > RdataNames::kMax) cursor_.fail();
    for (size_t k = 0; k < r.name_count_ && cursor_.ok(); ++k) codes[k] = cursor_.varint(32);
  }
  r.stored_ = cursor_.bytes(length);
  // Names must lie inside the stored rdata, in order, and be well formed.
  size_t wire = length;
  size_t min_offset = 0;
  for (size_t k = 0; k < r.name_count_ && cursor_.ok(); ++k) {
    StoredName& nm = r.names_[k];
    uint64_t code = codes[k];
    nm.offset = uint16_t(code >> 3);
    nm.origin_ref = (code >> 2) & 1;
    uint8_t kind = code & 3;
    size_t nlen = (code >> 3) < length ? stored_name_length(r.stored_, nm.offset, nm.origin_ref) : 0;
    if (kind > uint8_t(RdataNameKind::Literal) || nm.offset < min_offset || nlen == 0 || nlen > 255) {
      cursor_.fail();
      break;
    }
    nm.kind = RdataNameKind(kind);
    nm.length = uint8_t(nlen);
    min_offset = nm.offset + nlen;
    if (nm.origin_ref) wire += origin_.size() - 2;
  }
  r.wire_size_ = wire;
  if (!cursor_.ok() || wire > 0xFFFF) {
    ok_ = false;
    done_ = true;
    return;
  }
  current_ = r;
}

RRsetIterator::RRsetIterator(std::span<const uint8_t> rrsets, uint32_t count,
                             std::span<const format::Shape> shapes, std::span<const uint8_t> origin)
    : cursor_(rrsets), left_(count), shapes_(shapes), origin_(origin), done_(false) {
  advance();
}

void RRsetIterator::advance() {
  if (left_ == 0) {
    done_ = true;
    return;
  }
  --left_;
  RRsetRef s;
  s.origin_ = origin_;
  uint8_t code = cursor_.u8();
  if (code == format::kExplicitShape) {
    s.type_ = RRType(cursor_.varint(16));
    if (s.type_ == RRType::RRSIG) s.covered_ = RRType(cursor_.varint(16));
    s.ttl_ = uint32_t(cursor_.varint(32));
    s.count_ = uint32_t(cursor_.varint(32));
    s.has_names_ = cursor_.u8() & format::kShapeHasNames;
  } else if (code < shapes_.size()) {
    const format::Shape& shape = shapes_[code];
    s.type_ = RRType(shape.type);
    s.covered_ = RRType(shape.covered);
    s.ttl_ = shape.ttl;
    s.count_ = shape.count != 0 ? shape.count : uint32_t(cursor_.varint(32));
    s.has_names_ = shape.flags & format::kShapeHasNames;
  } else {
    cursor_.fail();
  }
  // Skip the rdatas to find where this RRset ends.
  const uint8_t* body = cursor_.position();
  for (uint32_t r = 0; r < s.count_ && cursor_.ok(); ++r) {
    size_t length = cursor_.varint(32);
    if (s.has_names_) {
      uint8_t names = cursor_.u8();
      for (uint8_t k = 0; k < names; ++k) cursor_.varint(32);
    }
    cursor_.skip(length);
  }
  if (!cursor_.ok() || s.count_ == 0) {
    ok_ = false;
    done_ = true;
    return;
  }
  s.body_ = {body, size_t(cursor_.position() - body)};
  current_ = s;
}

}  // namespace lnsd::db
