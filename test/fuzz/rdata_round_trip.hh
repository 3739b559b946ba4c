// Presentation rdata as the zone compiler reads it: split into tokens by
// the zone file lexer, which is what reads rdata_to_text's output back when
// a database is dumped and compiled again.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"
#include "fuzz_common.hh"
#include "lexer.hh"

namespace lnsd::fuzz {

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

// The octets that the text form of `rdata` stands for. They are the rdata
// itself except for one choice of the rdata codecs: a LOC size or precision
// with a zero mantissa and a non-zero exponent (RFC 1876 §2 allows it) is
// zero, printed "0m" (as ldns does), which reads back as the octet 0x00.
inline std::vector<uint8_t> text_equivalent(RRType type, std::span<const uint8_t> rdata) {
  std::vector<uint8_t> out(rdata.begin(), rdata.end());
  if (type == RRType::LOC && out.size() >= 4) {
    for (size_t i = 1; i < 4; ++i) {
      if ((out[i] >> 4) == 0) out[i] = 0;
    }
  }
  return out;
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
  FUZZ_CHECK(again == text_equivalent(type, rdata),
             type_to_text(type) + " " + hex(rdata) + " printed as '" + text + "' reads back as " +
                 hex(again));
}

}  // namespace lnsd::fuzz
