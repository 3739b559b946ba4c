// Little-endian fields and LEB128 varints for the zone database format
// (lnsd-zonedb(5)). Every read goes through memcpy, so a field may sit at any
// offset of a mapping without a misaligned access, and every read of a
// variable-length field is bounded by the end of its section: a damaged
// database gives wrong data, never a read outside the mapping.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace lnsd::db {

template <class T>
inline T byteswap_le(T v) {
  if constexpr (sizeof(T) == 1) return v;
  else if constexpr (sizeof(T) == 2) return T(__builtin_bswap16(uint16_t(v)));
  else if constexpr (sizeof(T) == 4) return T(__builtin_bswap32(uint32_t(v)));
  else return T(__builtin_bswap64(uint64_t(v)));
}

template <class T>
inline T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = byteswap_le(v);
  return v;
}

template <class T>
inline void store_le(uint8_t* p, T v) {
  if constexpr (std::endian::native == std::endian::big) v = byteswap_le(v);
  std::memcpy(p, &v, sizeof v);
}

template <class T>
inline void append_le(std::vector<uint8_t>& out, T v) {
  size_t at = out.size();
  out.resize(at + sizeof v);
  store_le(out.data() + at, v);
}

// Unsigned LEB128: seven bits per octet, least significant group first, the
// high bit set on every octet but the last.
inline void append_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(uint8_t(v | 0x80));
    v >>= 7;
  }
  out.push_back(uint8_t(v));
}

inline size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// A bounded cursor over one section or one node of a database. A read past
// the end, or a varint longer than its type allows, fails the cursor; the
// reads after a failure return zeros.
class ByteCursor {
 public:
  ByteCursor() = default;
  explicit ByteCursor(std::span<const uint8_t> bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }
  size_t remaining() const { return size_t(end_ - p_); }
  const uint8_t* position() const { return p_; }

  uint8_t u8() {
    if (!need(1)) return 0;
    return *p_++;
  }
  template <class T>
  T le() {
    if (!need(sizeof(T))) return 0;
    T v = load_le<T>(p_);
    p_ += sizeof(T);
    return v;
  }
  uint64_t varint(unsigned max_bits = 64) {
    // Most varints (lengths, counts, parent distances) fit one octet.
    if (ok_ && p_ != end_ && *p_ < 0x80) return *p_++;
    uint64_t v = 0;
    for (unsigned shift = 0; shift < max_bits; shift += 7) {
      if (!need(1)) return 0;
      uint8_t b = *p_++;
      uint64_t part = uint64_t(b & 0x7f) << shift;
      if (shift + 7 > max_bits && (b & 0x7f) >> (max_bits - shift) != 0) return fail();
      v |= part;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  std::span<const uint8_t> bytes(size_t n) {
    if (!need(n)) return {};
    std::span<const uint8_t> s(p_, n);
    p_ += n;
    return s;
  }
  void skip(size_t n) { (void)bytes(n); }
  uint64_t fail() {
    ok_ = false;
    p_ = end_;
    return 0;
  }

 private:
  bool need(size_t n) {
    if (!ok_ || size_t(end_ - p_) < n) {
      fail();
      return false;
    }
    return true;
  }
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  bool ok_ = true;
};

}  // namespace lnsd::db
