// Presentation form -> wire form, one field kind at a time.

#include <algorithm>

#include "dns/encoding.hh"
#include "dns/rdata_fields.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::rdata_fields {
namespace {

using F = Field;
using Result = Expected<void, RdataError>;

Result fail(Field field, const Token& token, size_t index, std::string_view detail = {}) {
  std::string message = "expected ";
  message += describe(field);
  message += ", got '";
  message += token.text;
  message += "'";
  if (!detail.empty()) {
    message += ": ";
    message += detail;
  }
  return unexpected(RdataError{std::move(message), index});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + uint64_t(c - '0');
    if (value > max) return std::nullopt;
  }
  return uint32_t(value);
}

// A TTL-like period: plain seconds, or numbers with units s, m, h, d, w in
// any case as in "1h30m" (RFC 2308 §4 uses this form; NSD, BIND and ldns
// accept it in SOA timers). A trailing number without a unit is seconds.
std::optional<uint32_t> parse_period(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto plain = parse_decimal(text, UINT32_MAX)) return plain;
  uint64_t total = 0, number = 0;
  bool have_digits = false;
  for (char c : text) {
    if (is_digit(c)) {
      number = number * 10 + uint64_t(c - '0');
      if (number > UINT32_MAX) return std::nullopt;
      have_digits = true;
      continue;
    }
    if (!have_digits) return std::nullopt;
    uint64_t unit = 0;
    switch (c) {
      case 's': case 'S': unit = 1; break;
      case 'm': case 'M': unit = 60; break;
      case 'h': case 'H': unit = 3600; break;
      case 'd': case 'D': unit = 86400; break;
      case 'w': case 'W': unit = 604800; break;
      default: return std::nullopt;
    }
    total += number * unit;
    if (total > UINT32_MAX) return std::nullopt;
    number = 0;
    have_digits = false;
  }
  total += number;
  if (total > UINT32_MAX) return std::nullopt;
  return uint32_t(total);
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = unsigned(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

bool is_leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC, or a plain number of seconds. The
// field is 32-bit serial arithmetic (RFC 4034 §3.1.5), so dates after
// 2106-02-07 wrap around as they do in BIND and ldns.
std::optional<uint32_t> parse_signature_time(std::string_view text) {
  if (text.size() != 14) return text.size() <= 10 ? parse_decimal(text, UINT32_MAX) : std::nullopt;
  for (char c : text)
    if (!is_digit(c)) return std::nullopt;
  auto num = [&](size_t at, size_t n) {
    unsigned v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + unsigned(text[i] - '0');
    return v;
  };
  unsigned year = num(0, 4), month = num(4, 2), day = num(6, 2);
  unsigned hour = num(8, 2), minute = num(10, 2), second = num(12, 2);
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1970 || month < 1 || month > 12 || day < 1) return std::nullopt;
  unsigned month_days = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  if (day > month_days || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return uint32_t(uint64_t(seconds) & 0xffffffffu);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 7043 §3.2, §4.2: hex pairs separated by hyphens.
bool parse_eui(std::string_view text, size_t octets, std::vector<uint8_t>& out) {
  if (text.size() != octets * 3 - 1) return false;
  for (size_t i = 0; i < octets; ++i) {
    int hi = hex_value(text[i * 3]), lo = hex_value(text[i * 3 + 1]);
    if (hi < 0 || lo < 0 || (i + 1 < octets && text[i * 3 + 2] != '-')) return false;
    out.push_back(uint8_t(hi << 4 | lo));
  }
  return true;
}

// RFC 6742 §2.1, §2.3: four groups of up to four hex digits, colon-separated.
bool parse_locator64(std::string_view text, std::vector<uint8_t>& out) {
  std::vector<uint8_t> octets;
  size_t at = 0;
  for (int group = 0; group < 4; ++group) {
    if (group > 0) {
      if (at >= text.size() || text[at] != ':') return false;
      ++at;
    }
    unsigned value = 0;
    size_t digits = 0;
    while (at < text.size() && text[at] != ':') {
      int v = hex_value(text[at++]);
      if (v < 0 || ++digits > 4) return false;
      value = value << 4 | unsigned(v);
    }
    if (digits == 0) return false;
    octets.push_back(uint8_t(value >> 8));
    octets.push_back(uint8_t(value));
  }
  if (at != text.size()) return false;
  out.insert(out.end(), octets.begin(), octets.end());
  return true;
}

// The remaining tokens joined: base64 and hex may be split by spaces.
std::string join_to_end(std::span<const Token> tokens, size_t& next) {
  std::string joined;
  for (; next < tokens.size(); ++next) joined += tokens[next].text;
  return joined;
}

// RFC 4034 §4.1.2: one window block per 256 types that holds any, each as
// short as its highest type allows.
void append_type_bitmap(std::vector<uint16_t>& types, std::vector<uint8_t>& out) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  size_t i = 0;
  while (i < types.size()) {
    unsigned window = types[i] >> 8;
    std::array<uint8_t, 32> bits{};
    size_t length = 0;
    for (; i < types.size() && (types[i] >> 8) == window; ++i) {
      unsigned low = types[i] & 0xff;
      bits[low / 8] |= uint8_t(0x80 >> (low % 8));
      length = low / 8 + 1;
    }
    out.push_back(uint8_t(window));
    out.push_back(uint8_t(length));
    out.insert(out.end(), bits.begin(), bits.begin() + std::ptrdiff_t(length));
  }
}

Result parse_character_string(Field field, const Token& token, size_t index,
                              std::vector<uint8_t>& out) {
  std::vector<uint8_t> octets;
  if (auto r = unescape(token.text, octets); !r) return fail(field, token, index, r.error().message);
  if (octets.size() > 255) return fail(field, token, index, "longer than 255 octets");
  out.push_back(uint8_t(octets.size()));
  out.insert(out.end(), octets.begin(), octets.end());
  return {};
}

Result parse_number(Field field, const Token& token, size_t index, uint32_t max,
                    std::vector<uint8_t>& out) {
  auto value = parse_decimal(token.text, max);
  if (!value) return fail(field, token, index);
  WireWriter w(out);
  if (max == 0xff)
    w.u8(uint8_t(*value));
  else if (max == 0xffff)
    w.u16(uint16_t(*value));
  else
    w.u32(*value);
  return {};
}

}  // namespace

Result parse_field(Field field, std::span<const Token> tokens, size_t& next, const Name& origin,
                   std::vector<uint8_t>& out) {
  const size_t index = next;
  WireWriter w(out);
  switch (field) {
    case F::CompressibleName:
    case F::CanonicalName:
    case F::LiteralName: {
      const Token& token = tokens[next++];
      auto name = Name::from_text(token.text, &origin);
      if (!name) return fail(field, token, index, lnsd::describe(name.error()));
      w.bytes(name->wire());
      return {};
    }
    case F::U8: return parse_number(field, tokens[next++], index, 0xff, out);
    case F::U16: return parse_number(field, tokens[next++], index, 0xffff, out);
    case F::U32: return parse_number(field, tokens[next++], index, UINT32_MAX, out);
    case F::Period: {
      const Token& token = tokens[next++];
      auto value = parse_period(token.text);
      if (!value) return fail(field, token, index);
      w.u32(*value);
      return {};
    }
    case F::Algorithm: {
      const Token& token = tokens[next++];
      auto value = parse_decimal(token.text, 0xff);
      if (!value) value = algorithm_from_text(token.text);
      if (!value) return fail(field, token, index);
      w.u8(uint8_t(*value));
      return {};
    }
    case F::CertType: {
      const Token& token = tokens[next++];
      auto value = parse_decimal(token.text, 0xffff);
      if (!value) value = cert_type_from_text(token.text);
      if (!value) return fail(field, token, index);
      w.u16(uint16_t(*value));
      return {};
    }
    case F::Type: {
      const Token& token = tokens[next++];
      auto type = type_from_text(token.text);
      if (!type) return fail(field, token, index);
      w.u16(uint16_t(*type));
      return {};
    }
    case F::Time: {
      const Token& token = tokens[next++];
      auto value = parse_signature_time(token.text);
      if (!value) return fail(field, token, index);
      w.u32(*value);
      return {};
    }
    case F::IPv4: {
      const Token& token = tokens[next++];
      auto address = special::detail::parse_ipv4(token.text);
      if (!address) return fail(field, token, index);
      w.bytes(*address);
      return {};
    }
    case F::IPv6: {
      const Token& token = tokens[next++];
      auto address = special::detail::parse_ipv6(token.text);
      if (!address) return fail(field, token, index);
      w.bytes(*address);
      return {};
    }
    case F::CharString: return parse_character_string(field, tokens[next++], index, out);
    case F::CharStrings:
      for (; next < tokens.size(); ++next)
        if (auto r = parse_character_string(field, tokens[next], next, out); !r) return r;
      return {};
    case F::StringToEnd: {
      const Token& token = tokens[next++];
      if (auto r = unescape(token.text, out); !r) return fail(field, token, index, r.error().message);
      return {};
    }
    case F::CaaTag: {
      const Token& token = tokens[next++];
      bool alphanumeric = !token.text.empty() && token.text.size() <= 255;
      for (char c : token.text)
        alphanumeric = alphanumeric && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c));
      if (!alphanumeric) return fail(field, token, index);
      w.u8(uint8_t(token.text.size()));
      w.bytes({reinterpret_cast<const uint8_t*>(token.text.data()), token.text.size()});
      return {};
    }
    case F::Base64ToEnd:
    case F::HexToEnd: {
      std::string joined = join_to_end(tokens, next);
      auto r = field == F::Base64ToEnd ? base64_decode(joined, out) : hex_decode(joined, out);
      if (!r) return fail(field, Token{joined}, index, r.error().message);
      return {};
    }
    case F::Salt:
    case F::Base32Hash: {
      const Token& token = tokens[next++];
      std::vector<uint8_t> octets;
      if (field == F::Salt && token.text == "-") {
        w.u8(0);
        return {};
      }
      auto r = field == F::Salt ? hex_decode(token.text, octets) : base32hex_decode(token.text, octets);
      if (!r) return fail(field, token, index, r.error().message);
      if (octets.size() > 255) return fail(field, token, index, "longer than 255 octets");
      if (octets.empty()) return fail(field, token, index);
      w.u8(uint8_t(octets.size()));
      w.bytes(octets);
      return {};
    }
    case F::TypeBitmap: {
      std::vector<uint16_t> types;
      for (; next < tokens.size(); ++next) {
        auto type = type_from_text(tokens[next].text);
        if (!type) return fail(field, tokens[next], next);
        types.push_back(uint16_t(*type));
      }
      append_type_bitmap(types, out);
      return {};
    }
    case F::EUI48:
    case F::EUI64: {
      const Token& token = tokens[next++];
      if (!parse_eui(token.text, field == F::EUI48 ? 6 : 8, out)) return fail(field, token, index);
      return {};
    }
    case F::Locator64: {
      const Token& token = tokens[next++];
      if (!parse_locator64(token.text, out)) return fail(field, token, index);
      return {};
    }
  }
  return unexpected(RdataError{"unknown field kind", index});
}

}  // namespace lnsd::rdata_fields
