#include "conf/load.hh"

#include "conf/document.hh"
#include "conf/token.hh"

namespace lnsd::conf {

namespace {

Expected<Config, std::vector<Diagnostic>> finish(const std::vector<Token>& tokens, const std::string& name,
                                                 Diagnostics& diagnostics) {
  YAML::Node document = build_document(tokens, diagnostics);
  Config config = build_config(document, diagnostics);
  if (!diagnostics.empty()) return unexpected(diagnostics.take());
  config.file = name;
  return config;
}

}  // namespace

Expected<Config, std::vector<Diagnostic>> load_config(const std::string& path) {
  Diagnostics diagnostics;
  std::vector<Token> tokens = read_tokens(path, diagnostics);
  return finish(tokens, path, diagnostics);
}

Expected<Config, std::vector<Diagnostic>> load_config_text(std::string_view text, const std::string& name) {
  Diagnostics diagnostics;
  std::vector<Token> tokens = read_tokens_from_text(text, name, diagnostics);
  return finish(tokens, name, diagnostics);
}

Expected<YAML::Node, std::vector<Diagnostic>> load_document(const std::string& path) {
  Diagnostics diagnostics;
  YAML::Node document = build_document(read_tokens(path, diagnostics), diagnostics);
  if (!diagnostics.empty()) return unexpected(diagnostics.take());
  return document;
}

}  // namespace lnsd::conf
