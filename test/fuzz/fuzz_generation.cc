// libFuzzer target: any bytes as a generation file (daemon/generation_file.hh),
// the description of a zone generation that main writes and every server
// reads when it switches. Only main writes it, but a server must refuse a
// damaged one with an error, never crash on it.
//
// A text that parses must format to text that parses to the same
// description: format(parse(format(parse(x)))) == format(parse(x)).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hh"
#include "generation_file.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = lnsd::parse_generation(text);
  if (!parsed) return 0;
  const std::string formatted = lnsd::format_generation(*parsed);
  auto again = lnsd::parse_generation(formatted);
  FUZZ_CHECK(again.has_value(), "formatted text refused: " + again.error().message + "\n" + formatted);
  const std::string reformatted = lnsd::format_generation(*again);
  FUZZ_CHECK(reformatted == formatted, "first:\n" + formatted + "second:\n" + reformatted);
  return 0;
}
