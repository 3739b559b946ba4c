// reload-config: the configuration file read again on SIGHUP, and what of
// it a running lnsd can apply (db_zone_loader.hh).
#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "conf/features.hh"
#include "conf/fields.hh"
#include "conf/load.hh"
#include "db_zone_loader.hh"
#include "log.hh"
#include "privileges.hh"
#include "settings_from_config.hh"

namespace lnsd {
namespace {

// The server: options a reload applies: the answer options (AnswerConfig),
// and reload-config itself. Every other server: and remote-control: option
// keeps its running value until a restart, as in NSD, whose reconfig
// leaves sockets, processes, users and paths alone.
constexpr std::array<std::string_view, 16> kApplied = {
    "identity",       "version",           "hide-identity", "hide-version",  "nsid",          "ipv4-edns-size",
    "ipv6-edns-size", "minimal-responses", "refuse-any",    "round-robin",   "confine-to-zone", "drop-updates",
    "answer-cookie",  "cookie-secret",     "cookie-secret-file", "reload-config",
};

bool applied(std::string_view option) { return std::find(kApplied.begin(), kApplied.end(), option) != kApplied.end(); }

// The options of one clause whose value differs, among those that need a
// restart. An option of a feature lnsd does not perform yet changes
// nothing either way and is not named.
template <class Owner>
void restart_only_changes(const std::vector<conf::Field<Owner>>& fields, const Owner& running, const Owner& next,
                          std::string& out) {
  for (const conf::Field<Owner>& f : fields) {
    if (!f.conf || applied(f.name) || !conf::feature_active(f.feature)) continue;
    if (f.conf(running) == f.conf(next)) continue;
    if (!out.empty()) out += ", ";
    out += f.name;
  }
}

}  // namespace

void DbZoneLoader::set_config_file(const std::string& path) { config_file_ = resolve(path); }

bool DbZoneLoader::reread_config() {
  auto loaded = conf::load_config(config_file_);
  if (!loaded) {
    for (const auto& diagnostic : loaded.error()) log_error("%s", diagnostic.text().c_str());
    log_error("reload: %s has %zu error%s: the running configuration stays", config_file_.c_str(),
              loaded.error().size(), loaded.error().size() == 1 ? "" : "s");
    return false;
  }
  conf::Config& next = *loaded;
  // What would stop lnsd from starting with this file stops the reload too.
  auto settings = settings_from_config(next);
  auto answer = answer_config_from(next);
  if (!settings || !answer) {
    log_error("reload: %s: %s: the running configuration stays", config_file_.c_str(),
              settings ? answer.error().c_str() : settings.error().message.c_str());
    return false;
  }

  std::string restart;
  restart_only_changes(conf::server_fields(), startup_config_.server, next.server, restart);
  restart_only_changes(conf::remote_control_fields(), startup_config_.remote_control, next.remote_control, restart);
  if (!restart.empty()) {
    log_warning("reload: %s changed: needs a restart to take effect (the running value stays)", restart.c_str());
  }

  // zonesdir keeps its running value, and relative zone files with it.
  if (next.server.zonesdir != startup_config_.server.zonesdir) {
    const std::string& zonesdir = startup_config_.server.zonesdir;
    for (conf::Zone& zone : next.zones) {
      if (zone.settings.zonefile.value.empty()) continue;
      std::string path = conf::expand_zone_template(zone.settings.zonefile.value, zone);
      if (path[0] != '/' && !zonesdir.empty()) path = zonesdir + "/" + path;
      zone.zonefile_path = path;
    }
  }

  // As at startup: what the file asks for that lnsd does not do yet, once
  // (what the running configuration asked for was logged already).
  std::vector<std::string> known;
  for (const auto& inactive : conf::inactive_features(config_)) known.push_back(inactive.message());
  for (const auto& inactive : conf::inactive_features(next)) {
    std::string message = inactive.message();
    if (std::find(known.begin(), known.end(), message) == known.end()) log_warning("%s", message.c_str());
  }

  // The answer options. The TCP idle timeout belongs to the servers' TCP
  // service, which keeps its startup value; a secret made at random at
  // startup stays, or every cookie handed out would turn invalid (RFC 9018
  // §4.3): the secret file is read at startup only.
  answer->tcp_timeout_seconds = answer_config_.tcp_timeout_seconds;
  if (!next.server.cookie_secret && !config_.server.cookie_secret &&
      next.server.cookie_secret_file == config_.server.cookie_secret_file) {
    answer->cookie_secret = answer_config_.cookie_secret;
  }
  answer_config_ = std::move(*answer);

  // The zones, in the new file's order. A kept zone keeps what main knows
  // of its database; one whose zone file moved is compiled again. Found
  // through a map: configurations with many thousands of zones exist.
  std::unordered_map<std::string, size_t> running;
  for (size_t i = 0; i < zones_.size(); ++i) running.emplace(zones_[i].origin.lowercased().to_text(), i);
  std::vector<bool> kept(zones_.size(), false);
  std::vector<ZoneEntry> zones;
  size_t added = 0;
  for (const conf::Zone& zone : next.zones) {
    ZoneEntry entry = make_entry(zone);
    auto found = running.find(entry.origin.lowercased().to_text());
    if (found == running.end() || kept[found->second]) {
      log_notice("reload: zone %s added", entry.name.c_str());
      ++added;
      zones.push_back(std::move(entry));
      continue;
    }
    ZoneEntry& old = zones_[found->second];
    kept[found->second] = true;
    if (old.zonefile != entry.zonefile) {
      log_info("reload: zone %s: zone file now %s", entry.name.c_str(), entry.zonefile.c_str());
      old.zonefile = entry.zonefile;
      old.sources.clear();
      old.sources_served = false;
    }
    old.secondary = entry.secondary;
    old.access = std::move(entry.access);
    zones.push_back(std::move(old));
  }
  // What is left is no longer configured: its database goes, so that no
  // later server maps it; servers still on the previous generation keep
  // their mapping until they switch.
  size_t removed = 0;
  for (size_t i = 0; i < zones_.size(); ++i) {
    if (kept[i]) continue;
    log_notice("reload: zone %s removed", zones_[i].name.c_str());
    drop_database(zones_[i]);
    ++removed;
  }
  zones_ = std::move(zones);
  config_ = std::move(next);
  log_notice("reload: configuration %s applied: %zu zone%s added, %zu removed, %zu configured", config_file_.c_str(),
             added, added == 1 ? "" : "s", removed, zones_.size());
  return true;
}

}  // namespace lnsd
