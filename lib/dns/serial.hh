// Serial number arithmetic (RFC 1982) for SOA serials: 32-bit values compared
// on a circle, where a difference of exactly 2^31 is undefined.
#pragma once

#include <cstdint>

namespace lnsd {

class Serial {
 public:
  constexpr Serial() = default;
  constexpr explicit Serial(uint32_t v) : value_(v) {}
  constexpr uint32_t value() const { return value_; }

  // RFC 1982 §3.2: s1 < s2 when (i1 < i2 and i2 - i1 < 2^31) or
  // (i1 > i2 and i1 - i2 > 2^31). Neither is less at distance 2^31.
  constexpr bool operator<(Serial o) const {
    return (value_ < o.value_ && o.value_ - value_ < kHalf) ||
           (value_ > o.value_ && value_ - o.value_ > kHalf);
  }
  constexpr bool operator>(Serial o) const { return o < *this; }
  constexpr bool operator==(Serial o) const { return value_ == o.value_; }
  constexpr bool operator<=(Serial o) const { return *this == o || *this < o; }
  constexpr bool operator>=(Serial o) const { return *this == o || *this > o; }
  // The comparison is defined: equal, or at a distance other than 2^31.
  constexpr bool comparable(Serial o) const {
    return value_ == o.value_ || *this < o || *this > o;
  }

  // RFC 1982 §3.1: addition of n in [0, 2^31 - 1], modulo 2^32.
  constexpr Serial plus(uint32_t n) const { return Serial(value_ + n); }

  // The serial to suggest to an operator who must move past `old`.
  static constexpr Serial next_after(Serial old) { return old.plus(1); }

 private:
  static constexpr uint32_t kHalf = 0x80000000u;
  uint32_t value_ = 0;
};

}  // namespace lnsd
