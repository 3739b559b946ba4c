// Resolved values compared with NSD's own reader: for each configuration in
// test/conf/compare (and the seed files), every option is asked of
// `nsd-checkconf -o` (server), `-z ZONE -o` and `-p PATTERN -o`, and must
// equal what lnsd resolved. nsd-checkconf must be installed (Debian's nsd);
// without it this test fails rather than passing silently.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "conf/fields.hh"
#include "conf/print.hh"
#include "conf_test_util.hh"

using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

// Server and remote-control options that NSD 4.6's -o knows.
const char* const kServerOptions[] = {
    "ip-address", "ip-transparent", "ip-freebind", "debug-mode", "do-ip4", "do-ip6", "reuseport",
    "hide-version", "hide-identity", "drop-updates", "zonefiles-check", "log-time-ascii", "round-robin",
    "minimal-responses", "confine-to-zone", "refuse-any", "tcp-reject-overflow", "log-only-syslog",
    "identity", "version", "nsid", "logfile", "pidfile", "chroot", "username", "zonesdir", "xfrdfile",
    "xfrdir", "zonelistfile", "port", "cookie-secret", "cookie-secret-file", "answer-cookie",
    "server-count", "tcp-count", "tcp-query-count", "tcp-timeout", "tcp-mss", "outgoing-tcp-mss",
    "xfrd-tcp-max", "xfrd-tcp-pipeline", "ipv4-edns-size", "ipv6-edns-size", "statistics",
    "xfrd-reload-timeout", "verbosity", "send-buffer-size", "receive-buffer-size", "rrl-size",
    "rrl-ratelimit", "rrl-slip", "rrl-ipv4-prefix-length", "rrl-ipv6-prefix-length",
    "rrl-whitelist-ratelimit", "zonefiles-write", "control-enable", "control-interface", "control-port",
    "server-key-file", "server-cert-file", "control-key-file", "control-cert-file", "zones", "patterns",
};

// Defaults that are lnsd's own (file locations under lnsd's directories,
// the lnsd user) or that Debian patched (control-enable: yes): compared
// only when the file sets them.
const char* const kOwnDefaults[] = {
    "pidfile", "username", "zonesdir", "xfrdfile", "zonelistfile", "cookie-secret-file", "control-enable",
    "server-key-file", "server-cert-file", "control-key-file", "control-cert-file",
};

// Zone options NSD's -z/-p -o prints faithfully. Not compared:
// notify-retry (NSD 4.6 prints it as yes/no) and rrl-whitelist rrsig
// (NSD 4.6 does not print that class); min-expire-time: refresh+retry+1
// prints as 0 in NSD, handled below.
std::vector<std::string> zone_options() {
  std::vector<std::string> out;
  for (const auto& f : zone_fields()) {
    if (f.name != "notify-retry") out.push_back(f.name);
  }
  return out;
}

bool is_own_default(const std::string& option) {
  for (const char* o : kOwnDefaults) {
    if (option == o) return true;
  }
  return false;
}

// Whether a line of the file (comments aside) sets the option.
bool file_sets(const std::string& text, const std::string& option) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    const size_t start = line.find_first_not_of(" \t");
    if (start != std::string::npos && line.compare(start, option.size() + 1, option + ":") == 0) return true;
  }
  return false;
}

std::string nsd_value(const std::string& file, const std::string& args) {
  const auto dir = std::filesystem::path(file).parent_path().string();
  RunResult r = run("cd " + shell_quote(dir) + " && nsd-checkconf " + args + " " + shell_quote(file) + " 2>&1");
  INFO("nsd-checkconf " << args << " " << file << "\n" << r.out);
  REQUIRE(r.status == 0);
  return r.out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> compare_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_root() + "/test/conf/compare")) {
    if (entry.path().extension() == ".conf") files.push_back(entry.path().string());
  }
  for (const char* seed : {"seed_primary.conf", "seed_secondary.conf", "seed_hidden_primary.conf",
                           "seed_hidden_secondary.conf"}) {
    files.push_back(data_dir() + "/" + seed);
  }
  files.push_back(source_root() + "/etc/lnsd.conf.example");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("nsd-checkconf is installed for the comparisons", "[conf][nsd]") {
  RunResult r = run("command -v nsd-checkconf");
  INFO("install Debian's nsd package: the comparison with NSD cannot run without nsd-checkconf");
  REQUIRE(r.status == 0);
}

TEST_CASE("server options resolve as nsd-checkconf -o prints them", "[conf][nsd]") {
  REQUIRE(run("command -v nsd-checkconf").status == 0);
  size_t compared = 0;
  for (const std::string& file : compare_files()) {
    const std::string text = read_file(file);
    auto config = load_config(file);
    REQUIRE(config.has_value());
    for (const char* option : kServerOptions) {
      if (is_own_default(option) && !file_sets(text, option)) continue;
      INFO(file << ": -o " << option);
      auto ours = query_server(*config, option);
      REQUIRE(ours.has_value());
      std::string nsd = nsd_value(file, std::string("-o ") + option);
      // With a chroot, NSD's own checks leave a slash at the end of these.
      const std::string o = option;
      if (!config->server.chroot.empty() && (o == "chroot" || o == "zonesdir" || o == "xfrdir") &&
          nsd.ends_with("/\n")) {
        nsd.erase(nsd.size() - 2, 1);
      }
      CHECK(joined(*ours) == nsd);
      ++compared;
    }
  }
  CHECK(compared > 300);
}

TEST_CASE("zone and pattern options resolve as nsd-checkconf -z/-p -o prints them", "[conf][nsd]") {
  REQUIRE(run("command -v nsd-checkconf").status == 0);
  size_t compared = 0;
  for (const std::string& file : compare_files()) {
    auto config = load_config(file);
    REQUIRE(config.has_value());
    for (const Zone& zone : config->zones) {
      for (const std::string& option : zone_options()) {
        INFO(file << ": -z " << zone.name << " -o " << option);
        auto ours = query_zone(*config, zone, option);
        REQUIRE(ours.has_value());
        std::string expected = joined(*ours);
        if (expected == "refresh+retry+1\n") expected = "0\n";
        CHECK(expected == nsd_value(file, "-z " + shell_quote(zone.name) + " -o " + option));
        ++compared;
      }
      CHECK(joined(*query_zone(*config, zone, "pattern")) ==
            nsd_value(file, "-z " + shell_quote(zone.name) + " -o pattern"));
    }
    for (const Pattern& pattern : config->patterns) {
      for (const std::string& option : zone_options()) {
        INFO(file << ": -p " << pattern.name << " -o " << option);
        auto ours = query_pattern(*config, pattern, option);
        REQUIRE(ours.has_value());
        std::string expected = joined(*ours);
        if (expected == "refresh+retry+1\n") expected = "0\n";
        CHECK(expected == nsd_value(file, "-p " + shell_quote(pattern.name) + " -o " + option));
        ++compared;
      }
    }
  }
  CHECK(compared > 300);
}

TEST_CASE("keys resolve as nsd-checkconf -s and -a print them", "[conf][nsd]") {
  REQUIRE(run("command -v nsd-checkconf").status == 0);
  for (const std::string& file : compare_files()) {
    auto config = load_config(file);
    REQUIRE(config.has_value());
    for (const Key& key : config->keys) {
      CHECK(key.secret_base64 + "\n" == nsd_value(file, "-s " + shell_quote(key.name)));
      CHECK(key.algorithm_text + "\n" == nsd_value(file, "-a " + shell_quote(key.name)));
    }
  }
}
