#include "conf/document.hh"

#include <array>
#include <string_view>

namespace lnsd::conf {

namespace {

constexpr std::array<std::string_view, 8> kClauses = {
    "server", "remote-control", "key", "pattern", "zone", "verify", "tls-auth", "dnstap",
};

YAML::Node option_node(const Token& keyword) {
  YAML::Node option(YAML::NodeType::Map);
  option["name"] = keyword.text;
  option["values"] = YAML::Node(YAML::NodeType::Sequence);
  option["file"] = keyword.where.file;
  option["line"] = keyword.where.line;
  return option;
}

}  // namespace

bool is_clause_keyword(std::string_view keyword) {
  for (std::string_view c : kClauses) {
    if (c == keyword) return true;
  }
  return false;
}

YAML::Node build_document(const std::vector<Token>& tokens, Diagnostics& diagnostics) {
  YAML::Node document(YAML::NodeType::Sequence);
  // yaml-cpp nodes are handles: these refer into `document`.
  YAML::Node clause, option;
  bool in_clause = false;     // a clause has started
  bool in_option = false;     // values go to `option`
  bool after_clause = false;  // the last token was a clause keyword
  bool orphan = false;        // values of an option already reported
  for (const Token& tok : tokens) {
    if (tok.kind == Token::Kind::Keyword) {
      after_clause = false;
      in_option = false;
      orphan = false;
      if (is_clause_keyword(tok.text)) {
        clause.reset(YAML::Node(YAML::NodeType::Map));
        clause["clause"] = tok.text;
        clause["file"] = tok.where.file;
        clause["line"] = tok.where.line;
        clause["options"] = YAML::Node(YAML::NodeType::Sequence);
        document.push_back(clause);
        in_clause = true;
        after_clause = true;
        continue;
      }
      if (!in_clause) {
        diagnostics.error(tok.where, "option '" + tok.text +
                                         "' outside of a clause (server:, remote-control:, key:, "
                                         "pattern: or zone: must come first)");
        orphan = true;
        continue;
      }
      option.reset(option_node(tok));
      YAML::Node options = clause["options"];
      options.push_back(option);
      in_option = true;
      continue;
    }
    if (in_option) {
      YAML::Node values = option["values"];
      values.push_back(tok.text);
    } else if (after_clause) {
      diagnostics.error(tok.where, "'" + clause["clause"].as<std::string>() +
                                       ":' takes no value, found '" + tok.text + "'");
    } else if (!in_clause && !orphan) {
      diagnostics.error(tok.where, "unexpected '" + tok.text + "' outside of a clause");
    }
  }
  return document;
}

std::vector<ClauseEntry> clauses_of(const YAML::Node& document) {
  std::vector<ClauseEntry> out;
  for (const YAML::Node& c : document) {
    ClauseEntry clause;
    clause.clause = c["clause"].as<std::string>();
    clause.where = {c["file"].as<std::string>(), c["line"].as<int>()};
    for (const YAML::Node& o : c["options"]) {
      OptionEntry option;
      option.name = o["name"].as<std::string>();
      for (const YAML::Node& v : o["values"]) option.values.push_back(v.as<std::string>());
      option.where = {o["file"].as<std::string>(), o["line"].as<int>()};
      clause.options.push_back(std::move(option));
    }
    out.push_back(std::move(clause));
  }
  return out;
}

}  // namespace lnsd::conf
