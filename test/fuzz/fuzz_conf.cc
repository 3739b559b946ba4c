// libFuzzer target: any bytes as an nsd.conf-syntax configuration, read
// with load_config_text as lnsd reads its configuration file.
//
// A configuration that loads must print (print_config, what
// `lnsd-checkconf -v` shows) to text that loads again to a configuration
// that prints the same; its zones must be found by name, and the queries of
// lnsd-checkconf -o and the YAML form must work on it.
//
// `include:` is disabled (renamed before reading) so that the fuzzer cannot
// make the reader open the machine's files, glob the file system or block
// on a device.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "conf/load.hh"
#include "conf/print.hh"
#include "fuzz_common.hh"

namespace lnsd::fuzz {
namespace {

// The name the text is read under; nothing is ever opened relative to it.
const std::string kName = "/nonexistent/lnsd-fuzz/lnsd.conf";
constexpr size_t kMaxQueriedZones = 16;

void disable_includes(std::string& text) {
  constexpr std::string_view kInclude = "include:";
  for (size_t at = text.find(kInclude); at != std::string::npos; at = text.find(kInclude, at + 1)) {
    text[at + 6] = '_';  // "includ_:", an unknown option
  }
}

void check_loaded(const conf::Config& config) {
  const std::string printed = conf::print_config(config);
  auto again = conf::load_config_text(printed, kName);
  std::string why;
  if (!again) {
    for (const auto& d : again.error()) why += d.text() + "\n";
  }
  FUZZ_CHECK(again, "the printed configuration does not load:\n" + why + "printed:\n" + printed);
  const std::string reprinted = conf::print_config(*again);
  FUZZ_CHECK(reprinted == printed,
             "printing is not stable:\nfirst:\n" + printed + "second:\n" + reprinted);
  FUZZ_CHECK(again->zones.size() == config.zones.size() && again->keys.size() == config.keys.size(),
             "zones or keys lost in printing:\n" + printed);

  for (const char* option : {"ip-address", "port", "zonesdir", "nsid", "identity", "pidfile"}) {
    (void)conf::query_server(config, option, true);
  }
  size_t queried = 0;
  for (const conf::Zone* zone : conf::zones_in_order(config)) {
    FUZZ_CHECK(config.find_zone(zone->dname) != nullptr, "zone " + zone->name + " not found");
    if (++queried > kMaxQueriedZones) continue;
    for (const char* option : {"zonefile", "request-xfr", "notify", "provide-xfr", "allow-notify"}) {
      (void)conf::query_zone(config, *zone, option, true);
    }
  }
  for (const std::string& name : conf::pattern_names_in_order(config)) {
    if (const conf::Pattern* pattern = config.find_pattern(name)) {
      (void)conf::query_pattern(config, *pattern, "zonefile");
    }
  }
  YAML::Emitter emitter;
  emitter << conf::config_to_yaml(config);
}

}  // namespace
}  // namespace lnsd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lnsd::fuzz;
  std::string text(reinterpret_cast<const char*>(data), size);
  disable_includes(text);
  auto config = lnsd::conf::load_config_text(text, kName);
  if (!config) {
    for (const auto& d : config.error()) (void)d.text();
    return 0;
  }
  check_loaded(*config);
  return 0;
}
