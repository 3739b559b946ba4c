// Helpers shared by the rdata tests: a tokenizer that splits presentation
// rdata as the zone file lexer does, and conversions that fail the test
// case when a conversion the caller expects to work does not.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"

namespace lnsd::rdata_test {

inline const Name& origin() {
  static const Name o = *Name::from_text("example.com.");
  return o;
}

// Splits presentation rdata into tokens the way the zone file lexer does:
// whitespace separates, double quotes group (and are dropped), backslash
// escapes stay in the text for the codecs to resolve.
inline std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    bool quoted = text[i] == '"';
    size_t start = quoted ? i + 1 : i;
    size_t j = start;
    while (j < text.size()) {
      if (text[j] == '\\' && j + 1 < text.size()) {
        j += 2;
        continue;
      }
      if (quoted ? text[j] == '"' : (text[j] == ' ' || text[j] == '\t')) break;
      ++j;
    }
    tokens.push_back(Token{text.substr(start, j - start), quoted});
    i = quoted ? j + 1 : j;
  }
  return tokens;
}

inline RRType T(std::string_view mnemonic) {
  auto t = type_from_text(mnemonic);
  INFO("type " << mnemonic);
  REQUIRE(t);
  return *t;
}

inline std::vector<uint8_t> bytes(std::string_view hex) {
  std::vector<uint8_t> out;
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(uint8_t(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

inline std::string hex(std::span<const uint8_t> data) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// Presentation rdata to wire hex; fails the test when it is rejected.
inline std::string wire_of(std::string_view type, std::string_view text) {
  auto tokens = tokenize(text);
  std::vector<uint8_t> out;
  auto r = rdata_from_text(T(type), tokens, origin(), out);
  INFO(type << " " << text << ": " << (r ? "" : r.error().message));
  REQUIRE(r);
  return hex(out);
}

// Wire hex to presentation form; fails the test when it is rejected.
inline std::string text_of(std::string_view type, std::string_view wire_hex) {
  std::string out;
  auto r = rdata_to_text(T(type), bytes(wire_hex), out);
  INFO(type << " " << wire_hex << ": " << (r ? "" : r.error().message));
  REQUIRE(r);
  return out;
}

// The error for presentation rdata that must be rejected.
inline RdataError text_error(std::string_view type, std::string_view text) {
  auto tokens = tokenize(text);
  std::vector<uint8_t> out = {0xaa};  // what was there before stays as it was
  auto r = rdata_from_text(T(type), tokens, origin(), out);
  INFO(type << " " << text << " gave " << hex(out));
  REQUIRE_FALSE(r);
  CHECK(out == std::vector<uint8_t>{0xaa});
  return r.error();
}

inline bool wire_ok(std::string_view type, std::string_view wire_hex) {
  RdataNames names;
  return rdata_check_wire(T(type), bytes(wire_hex), names);
}

inline RdataNames names_of(std::string_view type, std::string_view text) {
  auto wire = bytes(wire_of(type, text));
  RdataNames names;
  REQUIRE(rdata_check_wire(T(type), wire, names));
  return names;
}

}  // namespace lnsd::rdata_test
