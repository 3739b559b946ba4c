// From the document to the Config: each clause's options are read through
// the option tables; patterns and zones are resolved through include-pattern;
// references and the checks that span options come last.
#include <algorithm>
#include <map>

#include "conf/fields.hh"
#include "conf/load.hh"
#include "conf/values.hh"
#include "dns/encoding.hh"

namespace lnsd::conf {

namespace {

std::string at(const Position& p) { return p.file + ":" + std::to_string(p.line); }

// The clauses whose option table holds `name`, for "belongs in" messages.
std::vector<std::string_view> clauses_knowing(std::string_view name) {
  std::vector<std::string_view> out;
  if (find_field(server_fields(), name)) out.push_back("server");
  if (find_field(remote_control_fields(), name)) out.push_back("remote-control");
  if (name == "name" || name == "algorithm" || name == "secret") out.push_back("key");
  if (find_field(zone_fields(), name) || name == "name" || name == "include-pattern") {
    out.push_back("pattern");
    out.push_back("zone");
  }
  for (const OtherOption& o : other_options()) {
    if (o.name == name && std::find(out.begin(), out.end(), o.clause) == out.end()) out.push_back(o.clause);
  }
  return out;
}

// `clause` is the table name ("zone" stands for pattern: and zone:),
// `written` the clause as the user wrote it.
void other_option(std::string_view clause, std::string_view written, const OptionEntry& e,
                  Diagnostics& diagnostics) {
  if (const OtherOption* o = find_other_option(clause, e.name)) {
    if (o->kind == OtherKind::Ignored) {
      if (e.values.size() != 1) diagnostics.error(e.where, e.name + ": " + expected("one value", e));
      return;
    }
    const bool harmless = e.values.size() == 1 &&
                          ((!o->harmless.empty() && e.values[0] == o->harmless) ||
                           (o->harmless_is_empty_string && e.values[0].empty()));
    if (harmless) return;
    std::string message = e.name + ": not supported by lnsd (" + std::string(o->why) + ")";
    if (!o->harmless.empty()) message += "; only '" + e.name + ": " + std::string(o->harmless) + "' is accepted";
    if (o->harmless_is_empty_string) message += "; only '" + e.name + ": \"\"' is accepted";
    diagnostics.error(e.where, message);
    return;
  }
  auto known = clauses_knowing(canonical_option_name(e.name));
  if (known.empty()) {
    diagnostics.error(e.where, "unknown option '" + e.name + "' in " + std::string(written) + ": clause");
    return;
  }
  std::string list;
  for (size_t i = 0; i < known.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == known.size() ? " or " : ", ") + std::string(known[i]) + ":";
  }
  diagnostics.error(e.where, "option '" + e.name + "' belongs in " + list + ", not in " +
                                 std::string(written) + ":");
}

template <class Owner>
void apply(Owner& owner, const std::vector<Field<Owner>>& fields, std::string_view clause,
           std::string_view written, const OptionEntry& e, Diagnostics& diagnostics) {
  if (const Field<Owner>* f = find_field(fields, e.name)) {
    if (auto error = f->set(owner, e)) diagnostics.error(e.where, e.name + ": " + *error);
    return;
  }
  other_option(clause, written, e, diagnostics);
}

std::optional<TsigAlgorithm> parse_algorithm(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower.ends_with(".")) lower.pop_back();
  if (lower == "hmac-md5.sig-alg.reg.int") return TsigAlgorithm::HmacMd5;
  if (lower.starts_with("hmac-")) lower.erase(0, 5);
  static constexpr std::pair<std::string_view, TsigAlgorithm> kNames[] = {
      {"md5", TsigAlgorithm::HmacMd5},       {"sha1", TsigAlgorithm::HmacSha1},
      {"sha224", TsigAlgorithm::HmacSha224}, {"sha256", TsigAlgorithm::HmacSha256},
      {"sha384", TsigAlgorithm::HmacSha384}, {"sha512", TsigAlgorithm::HmacSha512},
  };
  for (auto [name, algorithm] : kNames) {
    if (lower == name) return algorithm;
  }
  return std::nullopt;
}

std::optional<Name> checked_name(const OptionEntry& e, std::string_view what, Diagnostics& diagnostics) {
  auto name = parse_config_name(e.values[0]);
  if (!name) {
    diagnostics.error(e.where, "name: '" + e.values[0] + "' is not a valid " + std::string(what) + " (" +
                                   std::string(describe(name.error())) + ")");
    return std::nullopt;
  }
  return *name;
}

// A pattern or zone as written, before include-pattern is applied.
struct Scope {
  std::string name;
  Position where;
  Position name_at;
  std::vector<OptionEntry> options;
};

class Builder {
 public:
  explicit Builder(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  Config build(const YAML::Node& document) {
    for (const ClauseEntry& clause : clauses_of(document)) {
      if (config_.file.empty()) config_.file = clause.where.file;
      if (clause.clause == "server") {
        for (const OptionEntry& e : clause.options) {
          apply(config_.server, server_fields(), "server", "server", e, diagnostics_);
          server_at_[std::string(canonical_option_name(e.name))] = e.where;
        }
      } else if (clause.clause == "remote-control") {
        for (const OptionEntry& e : clause.options) {
          apply(config_.remote_control, remote_control_fields(), "remote-control", "remote-control", e,
                diagnostics_);
        }
      } else if (clause.clause == "key") {
        read_key(clause);
      } else if (clause.clause == "pattern" || clause.clause == "zone") {
        read_scope(clause);
      } else {
        for (const OptionEntry& e : clause.options) other_option(clause.clause, clause.clause, e, diagnostics_);
      }
    }
    resolve_patterns();
    resolve_zones();
    check_key_references();
    check_server();
    return std::move(config_);
  }

 private:
  bool one_value(const OptionEntry& e, std::string_view form) {
    if (e.values.size() == 1) return true;
    diagnostics_.error(e.where, e.name + ": " + expected(form, e));
    return false;
  }

  void read_key(const ClauseEntry& clause) {
    Key key;
    key.where = clause.where;
    bool named = false, name_given = false, has_secret = false;
    Position name_at = clause.where;
    for (const OptionEntry& e : clause.options) {
      if (e.name == "name") {
        name_given = true;
        if (!one_value(e, "<key name>")) continue;
        if (auto dname = checked_name(e, "key name", diagnostics_)) {
          key.name = e.values[0];
          key.dname = *dname;
          named = true;
          name_at = e.where;
        }
      } else if (e.name == "algorithm") {
        if (!one_value(e, "<hmac-md5 | hmac-sha1 | hmac-sha224 | hmac-sha256 | hmac-sha384 | hmac-sha512>")) continue;
        auto algorithm = parse_algorithm(e.values[0]);
        if (!algorithm) {
          diagnostics_.error(e.where, "algorithm: " + expected("hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, "
                                                               "hmac-sha384 or hmac-sha512", e));
          continue;
        }
        key.algorithm = *algorithm;
        key.algorithm_text = e.values[0];
      } else if (e.name == "secret") {
        if (!one_value(e, "<base64 blob>")) continue;
        std::vector<uint8_t> secret;
        if (!base64_decode(e.values[0], secret) || secret.empty()) {
          diagnostics_.error(e.where, "secret: " + expected("a base64 encoded secret", e));
          has_secret = true;  // reported; do not also say it is missing
          continue;
        }
        key.secret_base64 = e.values[0];
        key.secret = std::move(secret);
        has_secret = true;
      } else {
        other_option("key", "key", e, diagnostics_);
      }
    }
    if (!named) {
      if (!name_given) diagnostics_.error(clause.where, "key: clause without a name");
      return;
    }
    if (!has_secret) diagnostics_.error(clause.where, "key '" + key.name + "' has no secret");
    if (const Key* first = config_.find_key(key.dname)) {
      diagnostics_.error(name_at, "key '" + key.name + "' is defined twice (first at " + at(first->where) + ")");
      return;
    }
    config_.keys.push_back(std::move(key));
  }

  void read_scope(const ClauseEntry& clause) {
    const bool is_zone = clause.clause == "zone";
    Scope scope;
    scope.where = clause.where;
    bool named = false, name_given = false;
    std::optional<Name> dname;
    for (const OptionEntry& e : clause.options) {
      if (e.name != "name") {
        scope.options.push_back(e);
        continue;
      }
      name_given = true;
      if (!one_value(e, is_zone ? "<zone name>" : "<pattern name>")) continue;
      if (named) {
        diagnostics_.error(e.where, "name: given twice in one " + clause.clause + ": clause");
        continue;
      }
      if (is_zone) {
        dname = checked_name(e, "zone name", diagnostics_);
        if (!dname) continue;
      } else if (e.values[0].empty() || e.values[0].find_first_of(" \t") != std::string::npos) {
        diagnostics_.error(e.where, "name: a pattern name cannot be empty or contain spaces");
        continue;
      } else if (e.values[0].starts_with("_implicit_")) {
        diagnostics_.error(e.where, "name: pattern names starting with _implicit_ are reserved");
        continue;
      }
      scope.name = e.values[0];
      scope.name_at = e.where;
      named = true;
    }
    if (!named) {
      if (!name_given) diagnostics_.error(clause.where, clause.clause + ": clause without a name");
      return;
    }
    if (is_zone) {
      for (size_t i = 0; i < zones_.size(); ++i) {
        if (zone_names_[i] == *dname) {
          diagnostics_.error(scope.name_at, "zone '" + scope.name + "' is defined twice (first at " +
                                                at(zones_[i].name_at) + ")");
          return;
        }
      }
      zones_.push_back(std::move(scope));
      zone_names_.push_back(*dname);
    } else {
      if (pattern_index_.count(scope.name)) {
        diagnostics_.error(scope.name_at, "pattern '" + scope.name + "' is defined twice (first at " +
                                              at(patterns_[pattern_index_[scope.name]].name_at) + ")");
        return;
      }
      pattern_index_[scope.name] = patterns_.size();
      patterns_.push_back(std::move(scope));
    }
  }

  // Applies a scope's options in order; include-pattern copies the named
  // pattern's settings at that point, so what follows it overrides them.
  void apply_scope(const Scope& scope, std::string_view clause, ZoneSettings& settings,
                   std::vector<std::string>& includes) {
    for (const OptionEntry& e : scope.options) {
      if (e.name != "include-pattern") {
        apply(settings, zone_fields(), "zone", clause, e, diagnostics_);
        continue;
      }
      if (!one_value(e, "<pattern name>")) continue;
      const std::string& target = e.values[0];
      auto it = pattern_index_.find(target);
      if (it == pattern_index_.end()) {
        diagnostics_.error(e.where, "include-pattern: pattern '" + target + "' is not defined");
        continue;
      }
      if (state_[it->second] == State::Resolving) {
        std::string loop;
        for (const std::string& p : stack_) loop += p + " -> ";
        diagnostics_.error(e.where, "include-pattern: pattern loop " + loop + target);
        continue;
      }
      resolve_pattern(it->second);
      for (const Field<ZoneSettings>& f : zone_fields()) f.inherit(settings, resolved_[it->second]);
      includes.push_back(target);
    }
  }

  enum class State : uint8_t { Unresolved, Resolving, Resolved };

  void resolve_pattern(size_t i) {
    if (state_[i] != State::Unresolved) return;
    state_[i] = State::Resolving;
    stack_.push_back(patterns_[i].name);
    Pattern p;
    p.name = patterns_[i].name;
    p.where = patterns_[i].where;
    apply_scope(patterns_[i], "pattern", p.settings, p.includes);
    resolved_[i] = p.settings;
    stack_.pop_back();
    state_[i] = State::Resolved;
    built_[i] = std::move(p);
  }

  void resolve_patterns() {
    state_.assign(patterns_.size(), State::Unresolved);
    resolved_.assign(patterns_.size(), ZoneSettings{});
    built_.assign(patterns_.size(), Pattern{});
    for (size_t i = 0; i < patterns_.size(); ++i) resolve_pattern(i);
    config_.patterns = std::move(built_);
  }

  void resolve_zones() {
    for (size_t i = 0; i < zones_.size(); ++i) {
      Zone z;
      z.name = zones_[i].name;
      z.dname = zone_names_[i];
      z.where = zones_[i].where;
      apply_scope(zones_[i], "zone", z.settings, z.includes);
      check_zone(z, zones_[i].name_at);
      config_.zones.push_back(std::move(z));
    }
  }

  // NSD's checks: data must come from somewhere, and a NOTIFY is only
  // useful if the zone can then be transferred.
  void check_zone(const Zone& z, const Position& name_at) {
    const ZoneSettings& s = z.settings;
    if (s.request_xfr.empty() && s.zonefile.value.empty()) {
      diagnostics_.error(name_at, "zone '" + z.name + "' is a primary zone (no request-xfr) without a "
                                  "zonefile: where would its data come from?");
    }
    if (!s.allow_notify.empty() && s.request_xfr.empty()) {
      diagnostics_.error(name_at, "zone '" + z.name + "' has allow-notify but no request-xfr: a NOTIFY "
                                  "could not be followed by a transfer");
    }
  }

  void check_acl_keys(const Acl& acl) {
    for (const AclElement& e : acl.elements) {
      if (e.key == AclKey::Named && config_.find_key(e.key_dname) == nullptr) {
        diagnostics_.error(e.where, "key '" + e.key_name + "' is not defined by a key: clause");
      }
    }
  }

  void check_settings_keys(const ZoneSettings& s) {
    check_acl_keys(s.allow_query);
    check_acl_keys(s.allow_notify);
    check_acl_keys(s.request_xfr);
    check_acl_keys(s.notify);
    check_acl_keys(s.provide_xfr);
  }

  void check_key_references() {
    for (const Pattern& p : config_.patterns) check_settings_keys(p.settings);
    for (const Zone& z : config_.zones) check_settings_keys(z.settings);
  }

  Position server_at(std::string_view option) const {
    auto it = server_at_.find(std::string(option));
    if (it != server_at_.end()) return it->second;
    auto chroot = server_at_.find("chroot");
    return chroot != server_at_.end() ? chroot->second : Position{config_.file, 0};
  }

  // With a chroot every file must be reachable inside it (NSD's checks).
  void check_server() {
    ServerOptions& s = config_.server;
    if (!s.chroot.empty()) {
      std::string root = s.chroot;
      if (root.back() != '/') root += '/';
      auto inside = [&](const std::string& path) {
        return path.empty() || path[0] != '/' || path.starts_with(root);
      };
      if (s.zonesdir.empty() || s.zonesdir[0] != '/' || !(s.zonesdir + "/").starts_with(root)) {
        diagnostics_.error(server_at("zonesdir"), "zonesdir '" + s.zonesdir +
                                                      "' must be an absolute path inside the chroot '" +
                                                      s.chroot + "'");
      }
      const std::pair<std::string_view, const std::string*> files[] = {
          {"pidfile", &s.pidfile}, {"xfrdfile", &s.xfrdfile}, {"zonelistfile", &s.zonelistfile},
          {"xfrdir", &s.xfrdir}};
      for (auto [option, path] : files) {
        if (!inside(*path)) {
          diagnostics_.error(server_at(option), std::string(option) + " '" + *path +
                                                    "' is outside the chroot '" + s.chroot + "'");
        }
      }
    }
    for (Zone& z : config_.zones) {
      const std::string& file = z.settings.zonefile.value;
      if (file.empty()) continue;
      std::string path = expand_zone_template(file, z);
      if (path[0] != '/' && !s.zonesdir.empty()) path = s.zonesdir + "/" + path;
      z.zonefile_path = path;
    }
  }

  Diagnostics& diagnostics_;
  Config config_;
  std::map<std::string, Position> server_at_;
  std::vector<Scope> patterns_;
  std::map<std::string, size_t> pattern_index_;
  std::vector<State> state_;
  std::vector<ZoneSettings> resolved_;
  std::vector<Pattern> built_;
  std::vector<std::string> stack_;
  std::vector<Scope> zones_;
  std::vector<Name> zone_names_;
};

}  // namespace

Config build_config(const YAML::Node& document, Diagnostics& diagnostics) {
  return Builder(diagnostics).build(document);
}

}  // namespace lnsd::conf
