// libFuzzer target: presentation rdata. The first two octets pick the type
// (big-endian, any of the 65536); the rest is rdata text, split into tokens
// by the zone file lexer (one entry, as after an owner), with example.com.
// as the origin.
//
// rdata_from_text either refuses the text and leaves its output as it was,
// or appends rdata that is well formed for the type (rdata_check_wire),
// that prints with rdata_to_text and reads back to the same octets, and
// whose RFC 3597 generic form "\# <length> <hex>" reads back to the same
// octets too.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"
#include "fuzz_common.hh"
#include "rdata_round_trip.hh"

namespace lnsd::fuzz {
namespace {

constexpr uint8_t kSentinel = 0xAA;

void check_generic_form(RRType type, std::span<const uint8_t> rdata) {
  const std::string digits = hex(rdata);
  std::vector<Token> tokens = {{"\\#", false}};
  const std::string length = std::to_string(rdata.size());
  tokens.push_back({length, false});
  if (!rdata.empty()) tokens.push_back({digits, false});
  std::vector<uint8_t> again;
  auto parsed = rdata_from_text(type, tokens, Name(), again);
  FUZZ_CHECK(parsed && std::ranges::equal(again, rdata),
             type_to_text(type) + " generic form \\# " + length + " " + digits + " " +
                 (parsed ? "reads back as " + hex(again) : "is refused: " + parsed.error().message));
}

}  // namespace
}  // namespace lnsd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lnsd;
  using namespace lnsd::fuzz;
  if (size < 2) return 0;
  static const Name origin = *Name::from_text("example.com.");
  const RRType type = RRType(uint16_t(data[0] << 8 | data[1]));
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  static LexedRdata lexed;
  lex_rdata(text, lexed);
  if (!lexed.clean) return 0;  // the compiler reports the entry and skips it
  const std::span<const Token> tokens = lexed.tokens();

  std::vector<uint8_t> out = {kSentinel};
  auto parsed = rdata_from_text(type, tokens, origin, out);
  if (!parsed) {
    FUZZ_CHECK(out.size() == 1 && out[0] == kSentinel,
               type_to_text(type) + " '" + std::string(text) + "' refused but output changed");
    FUZZ_CHECK(parsed.error().token <= tokens.size(), "error token index out of range");
    return 0;
  }
  FUZZ_CHECK(out[0] == kSentinel, "output before the rdata changed");
  const std::span<const uint8_t> rdata = std::span<const uint8_t>(out).subspan(1);
  FUZZ_CHECK(rdata.size() <= 65535, type_to_text(type) + " '" + std::string(text) + "' too long");
  RdataNames names;
  FUZZ_CHECK(rdata_check_wire(type, rdata, names),
             type_to_text(type) + " '" + std::string(text) + "' gives malformed " + hex(rdata));
  check_text_round_trip(type, rdata);
  check_generic_form(type, rdata);
  std::vector<uint8_t> canonical(rdata.begin(), rdata.end());
  rdata_canonicalize(type, canonical);
  FUZZ_CHECK(rdata_check_wire(type, canonical, names),
             type_to_text(type) + " canonical form malformed " + hex(canonical));
  return 0;
}
