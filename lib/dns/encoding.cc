// Text encodings of presentation formats. Decoders are strict in the way NSD
// is: base64 must be padded to whole quanta (RFC 4648 §3.2) and the bits a
// final quantum does not use must be zero (§3.5), so that every decoded value
// has exactly one text form.
#include "dns/encoding.hh"

#include <array>

namespace lnsd {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase32HexAlphabet[] = "0123456789abcdefghijklmnopqrstuv";
constexpr int8_t kInvalid = -1;

template <size_t N>
constexpr std::array<int8_t, 256> make_decode_table(const char (&alphabet)[N], bool fold_case) {
  std::array<int8_t, 256> t{};
  t.fill(kInvalid);
  for (size_t i = 0; i + 1 < N; ++i) {
    uint8_t c = uint8_t(alphabet[i]);
    t[c] = int8_t(i);
    if (fold_case && c >= 'a' && c <= 'z') t[c - 'a' + 'A'] = int8_t(i);
    if (fold_case && c >= 'A' && c <= 'Z') t[c - 'A' + 'a'] = int8_t(i);
  }
  return t;
}
constexpr auto kHexValue = make_decode_table(kHexDigits, true);
constexpr auto kBase64Value = make_decode_table(kBase64Alphabet, false);
constexpr auto kBase32HexValue = make_decode_table(kBase32HexAlphabet, true);

// 'x' for a printable character, \DDD for any other octet, so that an error
// message shows exactly what the input held.
std::string show_char(char c) {
  uint8_t u = uint8_t(c);
  if (u > 0x20 && u < 0x7f) return std::string{'\'', c, '\''};
  return std::string{'\\', char('0' + u / 100), char('0' + u / 10 % 10), char('0' + u % 10)};
}

Unexpected<Error> bad_char(std::string_view what, char c, size_t pos) {
  return unexpected(Error{"invalid " + std::string(what) + " character " + show_char(c) +
                          " at position " + std::to_string(pos + 1)});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The decoders append as they go; on failure the caller's buffer goes back to
// what it held, so that a rejected field leaves no trace.
Expected<void, Error> keep_whole(std::vector<uint8_t>& out, size_t before,
                                 Expected<void, Error> result) {
  if (!result) out.resize(before);
  return result;
}

Expected<void, Error> hex_decode_append(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 2 != 0)
    return unexpected(Error{"odd number of hex digits (" + std::to_string(text.size()) + ")"});
  for (size_t i = 0; i < text.size(); i += 2) {
    int8_t hi = kHexValue[uint8_t(text[i])];
    if (hi == kInvalid) return bad_char("hex", text[i], i);
    int8_t lo = kHexValue[uint8_t(text[i + 1])];
    if (lo == kInvalid) return bad_char("hex", text[i + 1], i + 1);
    out.push_back(uint8_t(hi << 4 | lo));
  }
  return {};
}

Expected<void, Error> base64_decode_append(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 4 != 0)
    return unexpected(Error{"base64 length " + std::to_string(text.size()) +
                            " is not a multiple of 4"});
  // Padding may only end the last quantum: "xx==" or "xxx=".
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  size_t data_chars = text.size() - padding;
  uint32_t bits = 0;
  int nbits = 0;
  for (size_t i = 0; i < data_chars; ++i) {
    int8_t v = kBase64Value[uint8_t(text[i])];
    if (v == kInvalid) {
      if (text[i] == '=') return unexpected(Error{"base64 padding '=' before the end"});
      return bad_char("base64", text[i], i);
    }
    bits = (bits << 6 | uint32_t(v)) & 0xFFFFFF;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(uint8_t(bits >> nbits));
    }
  }
  // A final quantum of two characters leaves 4 bits unused, of three 2 bits.
  if (nbits > 0 && (bits & ((1u << nbits) - 1)) != 0)
    return unexpected(Error{"base64 has non-zero bits before the padding"});
  return {};
}

Expected<void, Error> base32hex_decode_append(std::string_view text, std::vector<uint8_t>& out) {
  // Without padding, a final quantum of 1, 3 or 6 characters cannot come
  // from whole octets (RFC 4648 §6).
  size_t rest = text.size() % 8;
  if (rest == 1 || rest == 3 || rest == 6)
    return unexpected(Error{"base32hex length " + std::to_string(text.size()) +
                            " cannot encode whole octets"});
  uint32_t bits = 0;
  int nbits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    int8_t v = kBase32HexValue[uint8_t(text[i])];
    if (v == kInvalid) return bad_char("base32hex", text[i], i);
    bits = (bits << 5 | uint32_t(v)) & 0xFFF;
    nbits += 5;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(uint8_t(bits >> nbits));
    }
  }
  if (nbits > 0 && (bits & ((1u << nbits) - 1)) != 0)
    return unexpected(Error{"base32hex has non-zero bits after the last octet"});
  return {};
}

Expected<void, Error> unescape_append(std::string_view raw, std::vector<uint8_t>& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out.push_back(uint8_t(raw[i]));
      continue;
    }
    if (i + 1 == raw.size()) return unexpected(Error{"backslash at the end of the text"});
    if (!is_digit(raw[i + 1])) {
      out.push_back(uint8_t(raw[++i]));
      continue;
    }
    if (i + 3 >= raw.size() || !is_digit(raw[i + 2]) || !is_digit(raw[i + 3]))
      return unexpected(Error{"escape \\" + std::string(raw.substr(i + 1, 3)) +
                              " is not three decimal digits"});
    unsigned v = unsigned(raw[i + 1] - '0') * 100 + unsigned(raw[i + 2] - '0') * 10 +
                 unsigned(raw[i + 3] - '0');
    if (v > 255) return unexpected(Error{"escape \\" + std::to_string(v) + " is over 255"});
    out.push_back(uint8_t(v));
    i += 3;
  }
  return {};
}

}  // namespace

Expected<void, Error> hex_decode(std::string_view text, std::vector<uint8_t>& out) {
  size_t before = out.size();
  return keep_whole(out, before, hex_decode_append(text, out));
}

Expected<void, Error> base64_decode(std::string_view text, std::vector<uint8_t>& out) {
  size_t before = out.size();
  return keep_whole(out, before, base64_decode_append(text, out));
}

Expected<void, Error> base32hex_decode(std::string_view text, std::vector<uint8_t>& out) {
  size_t before = out.size();
  return keep_whole(out, before, base32hex_decode_append(text, out));
}

Expected<void, Error> unescape(std::string_view raw, std::vector<uint8_t>& out) {
  size_t before = out.size();
  return keep_whole(out, before, unescape_append(raw, out));
}

void hex_encode(std::span<const uint8_t> data, std::string& out) {
  for (uint8_t b : data) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0xF]);
  }
}

void base64_encode(std::span<const uint8_t> data, std::string& out) {
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8 | data[i + 2];
    out.push_back(kBase64Alphabet[v >> 18]);
    out.push_back(kBase64Alphabet[v >> 12 & 0x3F]);
    out.push_back(kBase64Alphabet[v >> 6 & 0x3F]);
    out.push_back(kBase64Alphabet[v & 0x3F]);
  }
  size_t rest = data.size() - i;
  if (rest == 0) return;
  uint32_t v = uint32_t(data[i]) << 16 | (rest == 2 ? uint32_t(data[i + 1]) << 8 : 0);
  out.push_back(kBase64Alphabet[v >> 18]);
  out.push_back(kBase64Alphabet[v >> 12 & 0x3F]);
  out.push_back(rest == 2 ? kBase64Alphabet[v >> 6 & 0x3F] : '=');
  out.push_back('=');
}

void base32hex_encode(std::span<const uint8_t> data, std::string& out) {
  uint32_t bits = 0;
  int nbits = 0;
  for (uint8_t b : data) {
    bits = (bits << 8 | b) & 0xFFF;
    nbits += 8;
    while (nbits >= 5) {
      nbits -= 5;
      out.push_back(kBase32HexAlphabet[bits >> nbits & 0x1F]);
    }
  }
  if (nbits > 0) out.push_back(kBase32HexAlphabet[bits << (5 - nbits) & 0x1F]);
}

void append_quoted_string(std::span<const uint8_t> data, std::string& out) {
  out.push_back('"');
  for (uint8_t c : data) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(char(c));
    } else {
      const char ddd[4] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10), char('0' + c % 10)};
      out.append(ddd, 4);
    }
  }
  out.push_back('"');
}

}  // namespace lnsd
