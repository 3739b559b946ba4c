#include "ttl.hh"

namespace lnsd::zonec {

namespace {

uint32_t unit_seconds(char c) {
  switch (c) {
    case 's': case 'S': return 1;
    case 'm': case 'M': return 60;
    case 'h': case 'H': return 3600;
    case 'd': case 'D': return 86400;
    case 'w': case 'W': return 604800;
    default: return 0;
  }
}

}  // namespace

std::optional<uint32_t> parse_ttl(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t total = 0;
  size_t i = 0;
  bool had_unit = false;
  while (i < text.size()) {
    uint64_t number = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + uint64_t(text[i] - '0');
      if (number > UINT32_MAX) return std::nullopt;
      ++i;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i == text.size()) {
      // A bare number is seconds, but only on its own: in "1h30" the 30
      // could mean minutes or seconds, and BIND refuses it too.
      if (had_unit) return std::nullopt;
      total = number;
      break;
    }
    uint32_t unit = unit_seconds(text[i]);
    if (unit == 0) return std::nullopt;
    ++i;
    had_unit = true;
    total += number * unit;
    if (total > UINT32_MAX) return std::nullopt;
  }
  return uint32_t(total);
}

}  // namespace lnsd::zonec
