// Test data shared by the message, builder and EDNS tests: the messages
// dnspython renders (message_vectors.inc, from gen_message_vectors.py) and
// hex helpers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lnsd::test {

#include "message_vectors.inc"

// Hex digits to octets; spaces may separate fields for readability.
inline std::vector<uint8_t> unhex(std::string_view hex) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return uint8_t(c - '0');
    if (c >= 'a' && c <= 'f') return uint8_t(c - 'a' + 10);
    return uint8_t(c - 'A' + 10);
  };
  std::vector<uint8_t> out;
  bool high = true;
  for (char c : hex) {
    if (c == ' ') continue;
    if (high) {
      out.push_back(uint8_t(nibble(c) << 4));
    } else {
      out.back() |= nibble(c);
    }
    high = !high;
  }
  return out;
}

inline std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

}  // namespace lnsd::test
