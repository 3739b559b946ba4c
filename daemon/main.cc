// lnsd: the command line, the configuration file, then run_daemon
// (daemon/daemon.hh). Command-line flags override lnsd.conf, as in NSD.
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "command_line.hh"
#include "conf/features.hh"
#include "conf/load.hh"
#include "daemon.hh"
#include "db_zone_loader.hh"
#include "lnsd_config.h"
#include "settings_from_config.hh"

int main(int argc, char** argv) {
  auto line = lnsd::parse_command_line(std::span<const char* const>(argv + 1, size_t(argc > 0 ? argc - 1 : 0)));
  if (!line) {
    std::fprintf(stderr, "lnsd: %s\n", line.error().message.c_str());
    return 1;
  }
  if (line->show_help) {
    std::fputs(lnsd::usage_text().c_str(), stdout);
    return 0;
  }
  if (line->show_version) {
    std::printf("lnsd %s\n", LNSD_VERSION);
    return 0;
  }

  std::string path = line->config_file.value_or(lnsd::ServerSettings{}.config_file);
  auto config = lnsd::conf::load_config(path);
  if (!config) {
    for (const auto& diagnostic : config.error()) std::fprintf(stderr, "%s\n", diagnostic.text().c_str());
    std::fprintf(stderr, "lnsd: cannot use the configuration %s\n", path.c_str());
    return 1;
  }
  auto settings = lnsd::settings_from_config(*config);
  if (!settings) {
    std::fprintf(stderr, "lnsd: %s: %s\n", path.c_str(), settings.error().message.c_str());
    return 1;
  }
  lnsd::apply_command_line(*line, *settings);

  std::vector<std::string> warnings;
  for (const auto& inactive : lnsd::conf::inactive_features(*config)) warnings.push_back(inactive.message());
  auto loader = lnsd::DbZoneLoader::create(*config, *settings);
  if (!loader) {
    std::fprintf(stderr, "lnsd: %s: %s\n", path.c_str(), loader.error().message.c_str());
    return 1;
  }
  loader->set_config_file(path);
  return lnsd::run_daemon(*settings, *loader, warnings);
}
