// What the fuzz targets share: a failed invariant aborts with a message
// libFuzzer shows next to the crashing input, and presentation rdata is
// split into tokens by the zone file lexer, which reads what
// rdata_to_text prints when a database is dumped and compiled again.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/rdata.hh"
#include "lexer.hh"

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

// Presentation rdata split into tokens by the zone file lexer, as
// lnsd-zonec reads it after an owner: the first entry of "@ <text>".
struct LexedRdata {
  std::string line;
  zonec::Entry entry;
  bool clean = false;  // no lexer error, and the text is one entry

  std::span<const Token> tokens() const { return entry.tokens(1); }
};

inline void lex_rdata(std::string_view text, LexedRdata& out) {
  out.line = "@ ";
  out.line += text;
  zonec::Lexer lexer(out.line);
  const bool found = lexer.next(out.entry);
  out.clean = found && lexer.errors().empty();
  zonec::Entry rest;
  out.clean = out.clean && !lexer.next(rest) && lexer.errors().empty();
  if (!found) out.entry.clear();
}

// Presentation rdata that rdata_to_text printed must read back to the same
// octets (names are absolute, so the origin plays no part).
inline void check_text_round_trip(RRType type, std::span<const uint8_t> rdata) {
  std::string text;
  auto printed = rdata_to_text(type, rdata, text);
  FUZZ_CHECK(printed, type_to_text(type) + " " + hex(rdata) + ": " + printed.error().message);
  LexedRdata lexed;
  lex_rdata(text, lexed);
  FUZZ_CHECK(lexed.clean && lexed.entry.size() >= 1,
             type_to_text(type) + " " + hex(rdata) + " printed as '" + text + "' does not lex");
  std::vector<uint8_t> again;
  static const Name root;
  auto parsed = rdata_from_text(type, lexed.tokens(), root, again);
  FUZZ_CHECK(parsed, type_to_text(type) + " " + hex(rdata) + " printed as '" + text +
                         "' does not read back: " + parsed.error().message);
  FUZZ_CHECK(std::equal(again.begin(), again.end(), rdata.begin(), rdata.end()),
             type_to_text(type) + " " + hex(rdata) + " printed as '" + text + "' reads back as " +
                 hex(again));
}

}  // namespace lnsd::fuzz
