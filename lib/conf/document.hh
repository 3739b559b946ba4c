// The document: what the configuration files say, clause by clause and
// option by option, with the file and line of each option, before any
// meaning is given to it. It is a yaml-cpp tree:
//
//   - clause: zone
//     file: /etc/lnsd/lnsd.conf
//     line: 12
//     options:
//       - {name: name, values: [example.com], file: /etc/lnsd/lnsd.conf, line: 13}
//       - {name: notify, values: [192.0.2.2, key0], file: ..., line: 14}
//
// Includes are already expanded, so an option's file may differ from its
// clause's.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "conf/diagnostic.hh"
#include "conf/token.hh"

namespace lnsd::conf {

// The top-level keywords.
bool is_clause_keyword(std::string_view keyword);

YAML::Node build_document(const std::vector<Token>& tokens, Diagnostics& diagnostics);

// The same document as plain structs, for the model builder.
struct OptionEntry {
  std::string name;
  std::vector<std::string> values;
  Position where;
};

struct ClauseEntry {
  std::string clause;
  Position where;
  std::vector<OptionEntry> options;
};

std::vector<ClauseEntry> clauses_of(const YAML::Node& document);

}  // namespace lnsd::conf
