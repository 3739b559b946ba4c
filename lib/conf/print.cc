#include "conf/print.hh"

#include <algorithm>

#include "conf/fields.hh"

namespace lnsd::conf {

namespace {

std::string normalized(std::string_view option) {
  std::string out;
  for (char c : option) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    out += c;
  }
  return out;
}

bool is_path_option(std::string_view name) {
  return name == "logfile" || name == "pidfile" || name == "zonesdir" || name == "xfrdfile" ||
         name == "xfrdir" || name == "zonelistfile" || name == "zonefile";
}

std::vector<std::string> finalized(const Config& config, std::string_view name,
                                   std::vector<std::string> values, bool final) {
  const std::string& root = config.server.chroot;
  if (!final || root.empty() || !is_path_option(name)) return values;
  for (std::string& v : values) {
    if (!v.empty() && v[0] != '/') v = (root.back() == '/' ? root : root + "/") + v;
  }
  return values;
}

template <class Owner>
std::optional<std::vector<std::string>> query_fields(const Config& config,
                                                     const std::vector<Field<Owner>>& fields,
                                                     const Owner& owner, const std::string& name,
                                                     bool final) {
  const Field<Owner>* f = find_field(fields, name);
  if (f == nullptr || !f->get || f->name == "server-N-cpu-affinity") return std::nullopt;
  return finalized(config, f->name, f->get(owner), final);
}

void append_lines(std::string& out, const std::vector<std::string>& lines) {
  for (const std::string& l : lines) {
    out += '\t';
    out += l;
    out += '\n';
  }
}

void print_settings(std::string& out, const ZoneSettings& settings) {
  for (const Field<ZoneSettings>& f : zone_fields()) {
    if (f.is_set(settings)) append_lines(out, f.conf(settings));
  }
}

YAML::Node settings_to_yaml(const ZoneSettings& s) {
  YAML::Node node(YAML::NodeType::Map);
  for (const Field<ZoneSettings>& f : zone_fields()) {
    if (!f.is_set(s)) continue;
    if (f.list && f.name != "rrl-whitelist") {
      // Access lists keep their AXFR/UDP markers here.
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const std::string& line : f.conf(s)) seq.push_back(line.substr(f.name.size() + 2));
      node[f.name] = seq;
    } else {
      node[f.name] = values_to_yaml(f.get(s), f.list);
    }
  }
  return node;
}

template <class Owner>
YAML::Node fields_to_yaml(const std::vector<Field<Owner>>& fields, const Owner& owner) {
  YAML::Node node(YAML::NodeType::Map);
  for (const Field<Owner>& f : fields) {
    if (!f.get) continue;
    // An unset optional value ("#identity:" in nsd.conf syntax) is null.
    const bool unset = f.conf && f.conf(owner).size() == 1 && f.conf(owner)[0].starts_with("#");
    node[f.name] = unset ? YAML::Node(YAML::NodeType::Null) : values_to_yaml(f.get(owner), f.list);
  }
  return node;
}

}  // namespace

std::vector<const Zone*> zones_in_order(const Config& config) {
  std::vector<const Zone*> out;
  for (const Zone& z : config.zones) out.push_back(&z);
  std::stable_sort(out.begin(), out.end(),
                   [](const Zone* a, const Zone* b) { return a->dname.canonical_compare(b->dname) < 0; });
  return out;
}

std::vector<std::string> pattern_names_in_order(const Config& config) {
  std::vector<std::string> out;
  for (const Pattern& p : config.patterns) out.push_back(p.name);
  for (const Zone& z : config.zones) out.push_back(z.implicit_pattern());
  std::sort(out.begin(), out.end());
  return out;
}

std::string print_config(const Config& config) {
  std::string out = "# Read file " + config.file + ": " +
                    std::to_string(config.patterns.size() + config.zones.size()) + " patterns, " +
                    std::to_string(config.zones.size()) + " fixed-zones, " +
                    std::to_string(config.keys.size()) + " keys.\n";
  out += "# Config settings.\nserver:\n";
  for (const Field<ServerOptions>& f : server_fields()) {
    if (f.conf) append_lines(out, f.conf(config.server));
  }
  out += "\nremote-control:\n";
  for (const Field<RemoteControl>& f : remote_control_fields()) {
    if (f.conf) append_lines(out, f.conf(config.remote_control));
  }

  std::vector<const Key*> keys;
  for (const Key& k : config.keys) keys.push_back(&k);
  std::sort(keys.begin(), keys.end(), [](const Key* a, const Key* b) { return a->name < b->name; });
  for (const Key* k : keys) {
    out += "\nkey:\n";
    append_lines(out, {"name: \"" + k->name + "\"", "algorithm: \"" + k->algorithm_text + "\"",
                       "secret: \"" + k->secret_base64 + "\""});
  }

  std::vector<const Pattern*> patterns;
  for (const Pattern& p : config.patterns) patterns.push_back(&p);
  std::sort(patterns.begin(), patterns.end(),
            [](const Pattern* a, const Pattern* b) { return a->name < b->name; });
  for (const Pattern* p : patterns) {
    out += "\npattern:\n\tname: \"" + p->name + "\"\n";
    print_settings(out, p->settings);
  }
  for (const Zone* z : zones_in_order(config)) {
    out += "\nzone:\n\tname: \"" + z->name + "\"\n";
    print_settings(out, z->settings);
  }
  return out;
}

std::optional<std::vector<std::string>> query_server(const Config& config, std::string_view option,
                                                     bool final) {
  const std::string name = normalized(option);
  if (name == "zones") {
    std::vector<std::string> out;
    for (const Zone* z : zones_in_order(config)) out.push_back(z->name);
    return out;
  }
  if (name == "patterns") return pattern_names_in_order(config);
  if (auto v = query_fields(config, server_fields(), config.server, name, final)) return v;
  return query_fields(config, remote_control_fields(), config.remote_control, name, final);
}

std::optional<std::vector<std::string>> query_zone(const Config& config, const Zone& zone,
                                                   std::string_view option, bool final) {
  const std::string name = normalized(option);
  if (name == "name") return std::vector<std::string>{zone.name};
  if (name == "pattern") return std::vector<std::string>{zone.implicit_pattern()};
  return query_fields(config, zone_fields(), zone.settings, name, final);
}

std::optional<std::vector<std::string>> query_pattern(const Config& config, const Pattern& pattern,
                                                      std::string_view option, bool final) {
  const std::string name = normalized(option);
  if (name == "name") return std::vector<std::string>{pattern.name};
  return query_fields(config, zone_fields(), pattern.settings, name, final);
}

YAML::Node values_to_yaml(const std::vector<std::string>& values, bool list) {
  if (!list && values.size() == 1) return YAML::Node(values[0]);
  if (!list && values.empty()) return YAML::Node(YAML::NodeType::Null);
  YAML::Node seq(YAML::NodeType::Sequence);
  for (const std::string& v : values) seq.push_back(v);
  return seq;
}

YAML::Node config_to_yaml(const Config& config) {
  YAML::Node root(YAML::NodeType::Map);
  root["file"] = config.file;
  YAML::Node server = fields_to_yaml(server_fields(), config.server);
  YAML::Node addresses(YAML::NodeType::Sequence);
  for (const ListenAddress& a : config.server.ip_addresses) addresses.push_back(a.to_text());
  server["ip-address"] = addresses;
  root["server"] = server;
  root["remote-control"] = fields_to_yaml(remote_control_fields(), config.remote_control);

  YAML::Node keys(YAML::NodeType::Sequence);
  for (const Key& k : config.keys) {
    YAML::Node key(YAML::NodeType::Map);
    key["name"] = k.name;
    key["algorithm"] = std::string(tsig_algorithm_name(k.algorithm));
    key["secret"] = k.secret_base64;
    keys.push_back(key);
  }
  root["keys"] = keys;

  YAML::Node patterns(YAML::NodeType::Sequence);
  for (const Pattern& p : config.patterns) {
    YAML::Node node(YAML::NodeType::Map);
    node["name"] = p.name;
    if (!p.includes.empty()) node["include-pattern"] = values_to_yaml(p.includes, true);
    for (const auto& kv : settings_to_yaml(p.settings)) node[kv.first] = kv.second;
    patterns.push_back(node);
  }
  root["patterns"] = patterns;

  YAML::Node zones(YAML::NodeType::Sequence);
  for (const Zone& z : config.zones) {
    YAML::Node node(YAML::NodeType::Map);
    node["name"] = z.name;
    if (!z.includes.empty()) node["include-pattern"] = values_to_yaml(z.includes, true);
    for (const auto& kv : settings_to_yaml(z.settings)) node[kv.first] = kv.second;
    if (!z.zonefile_path.empty()) node["zonefile-path"] = z.zonefile_path;
    zones.push_back(node);
  }
  root["zones"] = zones;
  return root;
}

}  // namespace lnsd::conf
