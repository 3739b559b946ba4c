// BIND's $GENERATE directive: "$GENERATE range lhs [ttl] [class] type rhs"
// makes one record per value of the range, with "$" in lhs and rhs
// replaced by the value. "${offset,width,base}" adds an offset, pads to a
// width and picks a base: d (decimal), o (octal), x / X (hex), n / N
// (nibbles, reversed and dot-separated as ip6.arpa names want them, lower
// or upper case). "\$" is a literal dollar sign.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hh"

namespace lnsd::zonec {

struct GenerateRange {
  uint32_t start = 0;
  uint32_t stop = 0;
  uint32_t step = 1;

  uint64_t count() const { return (uint64_t(stop) - start) / step + 1; }
};

// "start-stop" or "start-stop/step", start <= stop, step >= 1.
Expected<GenerateRange, Error> parse_generate_range(std::string_view text);

// Appends `pattern` to `out` with every "$" or "${...}" replaced for
// `value`. Other escapes ("\$", "\.") are copied as they are, for the name
// and rdata parsers to resolve. Fails on a malformed "${...}" or a value
// that the base cannot show (a negative number in hex).
Expected<void, Error> generate_substitute(std::string_view pattern, int64_t value,
                                          std::string& out);

}  // namespace lnsd::zonec
