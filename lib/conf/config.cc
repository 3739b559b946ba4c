#include "conf/config.hh"

#include "lnsd_config.h"

namespace lnsd::conf {

ServerOptions::ServerOptions()
    : pidfile("/run/lnsd/lnsd.pid"),
      username("lnsd"),
      zonesdir(LNSD_SYSCONFDIR),
      xfrdfile("/var/lib/lnsd/xfrd.state"),
      zonelistfile("/var/lib/lnsd/zone.list"),
      cookie_secret_file(LNSD_SYSCONFDIR "/lnsd_cookiesecrets.txt") {}

RemoteControl::RemoteControl()
    : server_key_file(LNSD_SYSCONFDIR "/lnsd_server.key"),
      server_cert_file(LNSD_SYSCONFDIR "/lnsd_server.pem"),
      control_key_file(LNSD_SYSCONFDIR "/lnsd_control.key"),
      control_cert_file(LNSD_SYSCONFDIR "/lnsd_control.pem") {}

std::string ListenAddress::to_text() const {
  std::string out = text;
  if (!servers.empty()) {
    out += " servers=\"";
    for (size_t i = 0; i < servers.size(); ++i) {
      if (i > 0) out += ' ';
      out += std::to_string(servers[i].first);
      if (servers[i].second != servers[i].first) out += "-" + std::to_string(servers[i].second);
    }
    out += '"';
  }
  if (bind_to_device) out += " bindtodevice=yes";
  if (setfib) out += " setfib=" + std::to_string(*setfib);
  return out;
}

std::string_view tsig_algorithm_name(TsigAlgorithm algorithm) {
  switch (algorithm) {
    case TsigAlgorithm::HmacMd5: return "hmac-md5";
    case TsigAlgorithm::HmacSha1: return "hmac-sha1";
    case TsigAlgorithm::HmacSha224: return "hmac-sha224";
    case TsigAlgorithm::HmacSha256: return "hmac-sha256";
    case TsigAlgorithm::HmacSha384: return "hmac-sha384";
    case TsigAlgorithm::HmacSha512: return "hmac-sha512";
  }
  return "";
}

Expected<Name, NameError> parse_config_name(std::string_view text) {
  std::string absolute(text);
  size_t backslashes = 0;
  for (size_t i = absolute.size(); i >= 2 && absolute[i - 2] == '\\'; --i) ++backslashes;
  if (absolute.empty() || absolute.back() != '.' || backslashes % 2 == 1) absolute += '.';
  return Name::from_text(absolute);
}

const Key* Config::find_key(const Name& name) const {
  for (const Key& k : keys) {
    if (k.dname == name) return &k;
  }
  return nullptr;
}

const Key* Config::find_key(std::string_view name) const {
  auto dname = parse_config_name(name);
  return dname ? find_key(*dname) : nullptr;
}

const Pattern* Config::find_pattern(std::string_view name) const {
  for (const Pattern& p : patterns) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Zone* Config::find_zone(const Name& name) const {
  for (const Zone& z : zones) {
    if (z.dname == name) return &z;
  }
  return nullptr;
}

const Zone* Config::find_zone(std::string_view name) const {
  auto dname = parse_config_name(name);
  return dname ? find_zone(*dname) : nullptr;
}

namespace {

// Label `from_top` counted from the top (1 = the tld), or "." if the zone
// has fewer labels.
std::string label_from_top(const Name& name, size_t from_top) {
  if (from_top == 0 || from_top > name.label_count()) return ".";
  auto label = name.label(name.label_count() - from_top);
  return std::string(label.begin(), label.end());
}

std::string character(std::string_view name, size_t i) {
  if (i >= name.size()) return ".";
  return std::string(1, name[i]);
}

void replace_all(std::string& s, std::string_view what, const std::string& with) {
  size_t at = 0;
  while ((at = s.find(what, at)) != std::string::npos) {
    s.replace(at, what.size(), with);
    at += with.size();  // never rescans the replacement
  }
}

}  // namespace

std::string expand_zone_template(std::string_view text, const Zone& zone) {
  std::string out(text);
  if (out.find('%') == std::string::npos) return out;
  replace_all(out, "%1", character(zone.name, 0));
  replace_all(out, "%2", character(zone.name, 1));
  replace_all(out, "%3", character(zone.name, 2));
  replace_all(out, "%z", label_from_top(zone.dname, 1));
  replace_all(out, "%y", label_from_top(zone.dname, 2));
  replace_all(out, "%x", label_from_top(zone.dname, 3));
  replace_all(out, "%s", zone.name);
  return out;
}

}  // namespace lnsd::conf
