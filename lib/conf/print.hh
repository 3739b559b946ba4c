// Showing a configuration: the resolved whole in nsd.conf syntax (what
// nsd-checkconf -v prints, and lnsd reads back), single options as
// nsd-checkconf -o prints them, and the whole as YAML for programs.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/config.hh"

namespace lnsd::conf {

// nsd.conf syntax with every server option and, for keys, patterns and
// zones, every option they set (patterns flattened: no include-pattern).
std::string print_config(const Config& config);

// Option names compare as nsd-checkconf does: case-insensitive, '_' = '-'.
// nullopt: no such option here. With `final` a relative path is shown with
// the chroot in front, as the daemon will see it.
std::optional<std::vector<std::string>> query_server(const Config& config, std::string_view option,
                                                     bool final = false);
std::optional<std::vector<std::string>> query_zone(const Config& config, const Zone& zone,
                                                   std::string_view option, bool final = false);
std::optional<std::vector<std::string>> query_pattern(const Config& config, const Pattern& pattern,
                                                      std::string_view option, bool final = false);

YAML::Node config_to_yaml(const Config& config);
// One option's value as YAML: a scalar, or a sequence for a list option.
YAML::Node values_to_yaml(const std::vector<std::string>& values, bool list);

// The order nsd-checkconf lists zones (canonical, RFC 4034 §6.1), and
// patterns (by name, with the zones' implicit patterns).
std::vector<const Zone*> zones_in_order(const Config& config);
std::vector<std::string> pattern_names_in_order(const Config& config);

}  // namespace lnsd::conf
