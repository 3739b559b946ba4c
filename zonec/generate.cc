#include "generate.hh"

#include <charconv>

namespace lnsd::zonec {

namespace {

bool parse_u32(std::string_view text, uint32_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

void append_padded(std::string& out, std::string_view digits, size_t width, bool negative) {
  size_t length = digits.size() + (negative ? 1 : 0);
  if (negative) out.push_back('-');
  if (width > length) out.append(width - length, '0');
  out.append(digits);
}

// Nibble form: the hex digits least significant first, separated by dots,
// padded with zero nibbles until the text (dots included) is `width` long.
void append_nibbles(std::string& out, uint64_t value, size_t width, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  size_t written = 0;
  do {
    if (written > 0) {
      out.push_back('.');
      ++written;
    }
    out.push_back(digits[value & 0xf]);
    ++written;
    value >>= 4;
  } while (value != 0 || written < width);
}

Expected<void, Error> append_value(std::string& out, int64_t value, size_t width, char base) {
  char buffer[32];
  bool negative = value < 0;
  if (negative && base != 'd') {
    return unexpected(Error{"the value " + std::to_string(value) +
                            " is negative and cannot be written in base '" +
                            std::string(1, base) + "'"});
  }
  uint64_t magnitude = negative ? uint64_t(-value) : uint64_t(value);
  int radix = 10;
  switch (base) {
    case 'd': radix = 10; break;
    case 'o': radix = 8; break;
    case 'x': case 'X': radix = 16; break;
    case 'n': case 'N':
      append_nibbles(out, magnitude, width, base == 'N');
      return {};
    default:
      return unexpected(Error{std::string("unknown base '") + base +
                              "' (use d, o, x, X, n or N)"});
  }
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, magnitude, radix);
  (void)ec;
  std::string_view digits(buffer, size_t(end - buffer));
  if (base == 'X') {
    for (char* c = buffer; c < end; ++c) {
      if (*c >= 'a' && *c <= 'f') *c = char(*c - 'a' + 'A');
    }
  }
  append_padded(out, digits, width, negative);
  return {};
}

}  // namespace

Expected<GenerateRange, Error> parse_generate_range(std::string_view text) {
  GenerateRange range;
  std::string_view rest = text;
  size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    if (!parse_u32(rest.substr(slash + 1), range.step) || range.step == 0) {
      return unexpected(Error{"bad $GENERATE step in '" + std::string(text) +
                              "': expected a number of at least 1 after '/'"});
    }
    rest = rest.substr(0, slash);
  }
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos || !parse_u32(rest.substr(0, dash), range.start) ||
      !parse_u32(rest.substr(dash + 1), range.stop)) {
    return unexpected(Error{"bad $GENERATE range '" + std::string(text) +
                            "': expected start-stop or start-stop/step"});
  }
  if (range.start > range.stop) {
    return unexpected(Error{"bad $GENERATE range '" + std::string(text) +
                            "': the start is after the stop"});
  }
  return range;
}

Expected<void, Error> generate_substitute(std::string_view pattern, int64_t value,
                                          std::string& out) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out.push_back(c);
      out.push_back(pattern[++i]);
      continue;
    }
    if (c != '$') {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= pattern.size() || pattern[i + 1] != '{') {
      auto r = append_value(out, value, 0, 'd');
      if (!r) return r;
      continue;
    }
    size_t close = pattern.find('}', i + 2);
    if (close == std::string_view::npos) {
      return unexpected(Error{"'${' without its closing '}' in '" + std::string(pattern) + "'"});
    }
    std::string_view spec = pattern.substr(i + 2, close - i - 2);
    i = close;
    // offset[,width[,base]]
    std::string_view fields[3];
    size_t count = 0;
    while (true) {
      size_t comma = spec.find(',');
      if (count == 3) {
        return unexpected(Error{"too many fields in a ${...} modifier: expected "
                                "${offset}, ${offset,width} or ${offset,width,base}"});
      }
      fields[count++] = spec.substr(0, comma);
      if (comma == std::string_view::npos) break;
      spec = spec.substr(comma + 1);
    }
    int64_t offset = 0;
    std::string_view off = fields[0];
    bool negative = !off.empty() && off[0] == '-';
    uint32_t magnitude = 0;
    if (!parse_u32(negative ? off.substr(1) : off, magnitude)) {
      return unexpected(Error{"bad offset '" + std::string(off) + "' in ${offset,width,base}"});
    }
    offset = negative ? -int64_t(magnitude) : int64_t(magnitude);
    uint32_t width = 0;
    if (count >= 2 && (!parse_u32(fields[1], width) || width > 255)) {
      return unexpected(Error{"bad width '" + std::string(fields[1]) +
                              "' in ${offset,width,base}: expected 0 to 255"});
    }
    char base = 'd';
    if (count == 3) {
      if (fields[2].size() != 1) {
        return unexpected(Error{"bad base '" + std::string(fields[2]) +
                                "' in ${offset,width,base}: use d, o, x, X, n or N"});
      }
      base = fields[2][0];
    }
    auto r = append_value(out, value + offset, width, base);
    if (!r) return r;
  }
  return {};
}

}  // namespace lnsd::zonec
