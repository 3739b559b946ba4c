// What the fuzz targets share: a failed invariant aborts with a message
// libFuzzer shows next to the crashing input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

namespace lnsd::fuzz {

[[noreturn]] inline void invariant_failed(const char* expression, const char* file, int line,
                                          const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s\n%s\n", file, line, expression,
               detail.c_str());
  std::abort();
}

// FUZZ_CHECK(cond, detail): `detail` is only built when `cond` is false.
#define FUZZ_CHECK(cond, detail)                                                     \
  do {                                                                               \
    if (!(cond)) ::lnsd::fuzz::invariant_failed(#cond, __FILE__, __LINE__, (detail)); \
  } while (0)

inline std::string hex(std::span<const uint8_t> data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace lnsd::fuzz
