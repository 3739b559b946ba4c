// Reading a configuration: file -> tokens -> document (yaml-cpp) -> Config.
// All errors are collected; a configuration with any error is refused as a
// whole, so a running daemon keeps its current configuration.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "conf/config.hh"
#include "conf/diagnostic.hh"
#include "util/expected.hh"

namespace lnsd::conf {

Expected<Config, std::vector<Diagnostic>> load_config(const std::string& path);
// Configuration text named `name` (positions, the base of relative includes).
Expected<Config, std::vector<Diagnostic>> load_config_text(std::string_view text, const std::string& name);

// The document of a file, for tools that show the configuration as written.
Expected<YAML::Node, std::vector<Diagnostic>> load_document(const std::string& path);

// Gives the document its meaning: options to typed values, pattern
// inheritance, key and pattern references, the checks across options.
Config build_config(const YAML::Node& document, Diagnostics& diagnostics);

}  // namespace lnsd::conf
