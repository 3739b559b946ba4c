// Every option of the server:, remote-control:, key:, pattern: and zone:
// clauses with a valid value (and the value it resolves to) and an invalid
// one; every unsupported option refused unless its value is harmless. A
// test below checks that this table covers the option tables completely.
#include <catch2/catch.hpp>

#include <set>

#include "conf/fields.hh"
#include "conf/print.hh"
#include "conf_test_util.hh"

using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

struct OptionCase {
  const char* clause;    // server, remote-control, zone, key
  const char* option;
  const char* valid;     // the text after "option: "
  const char* resolved;  // what -o prints for it, lines joined by '|'; nullptr: not queried
  const char* invalid;
  const char* query = nullptr;  // the option to query, when not `option`
  const char* extra = "";       // more lines for the clause, to make it valid
};

const char* kSecret = "0123456789abcdef0123456789abcdef";

const OptionCase kCases[] = {
    {"server", "debug-mode", "yes", "yes", "1"},
    {"server", "ip-transparent", "yes", "yes", "true"},
    {"server", "ip-freebind", "yes", "yes", "y"},
    {"server", "reuseport", "yes", "yes", "on"},
    {"server", "do-ip4", "no", "no", "No"},
    {"server", "do-ip6", "no", "no", "off"},
    {"server", "ip4-only", "yes", "no", "sure", "do-ip6"},
    {"server", "ip6-only", "yes", "no", "sure", "do-ip4"},
    {"server", "send-buffer-size", "65536", "65536", "64k"},
    {"server", "receive-buffer-size", "65536", "65536", "-1"},
    {"server", "hide-version", "yes", "yes", "maybe"},
    {"server", "hide-identity", "yes", "yes", "\"\""},
    {"server", "drop-updates", "yes", "yes", "2"},
    {"server", "tcp-reject-overflow", "yes", "yes", "nope"},
    {"server", "identity", "\"ns1 example\"", "ns1 example", "a b"},
    {"server", "version", "\"1.0\"", "1.0", "1 0"},
    {"server", "nsid", "ascii_ns1", "6e7331", "xyz"},
    {"server", "logfile", "\"/var/log/lnsd.log\"", "/var/log/lnsd.log", "a b"},
    {"server", "log-only-syslog", "yes", "yes", "sometimes"},
    {"server", "server-count", "4", "4", "0"},
    {"server", "cpu-affinity", "0 1 \"2 3\"", "0 1 2 3", "a"},
    {"server", "xfrd-cpu-affinity", "1", "1", "x"},
    {"server", "server-2-cpu-affinity", "3", nullptr, "three"},
    {"server", "tcp-count", "1000", "1000", "0"},
    {"server", "tcp-query-count", "10", "10", "ten"},
    {"server", "tcp-timeout", "30", "30", "30s"},
    {"server", "tcp-mss", "1220", "1220", "65536"},
    {"server", "outgoing-tcp-mss", "1220", "1220", "x"},
    {"server", "tcp-listen-queue", "512", "512", "-5"},
    {"server", "xfrd-tcp-max", "32", "32", "0"},
    {"server", "xfrd-tcp-pipeline", "65536", "65536", "65537"},
    {"server", "ipv4-edns-size", "1400", "1400", "511"},
    {"server", "ipv6-edns-size", "4096", "4096", "65536"},
    {"server", "pidfile", "\"\"", "", "a b"},
    {"server", "port", "5353", "5353", "0"},
    {"server", "statistics", "3600", "3600", "hourly"},
    {"server", "chroot", "\"/var/lnsd\"", "/var/lnsd", "a b", nullptr,
     "zonesdir: /var/lnsd/zones\npidfile: /var/lnsd/pid\nxfrdfile: xfrd.state\nzonelistfile: /var/lnsd/zl\nxfrdir: /var/lnsd/tmp\n"},
    {"server", "username", "nsd", "nsd", "a b"},
    {"server", "zonesdir", "\"/var/zones\"", "/var/zones", "a b"},
    {"server", "xfrdfile", "xfrd.state", "xfrd.state", "a b"},
    {"server", "zonelistfile", "zone.list", "zone.list", "a b"},
    {"server", "xfrdir", "/var/tmp", "/var/tmp", "a b"},
    {"server", "xfrd-reload-timeout", "10", "10", "-1"},
    {"server", "verbosity", "2", "2", "-1"},
    {"server", "log-time-ascii", "no", "no", "ascii"},
    {"server", "log-time-iso", "yes", "yes", "iso"},
    {"server", "round-robin", "yes", "yes", "rr"},
    {"server", "minimal-responses", "yes", "yes", "minimal"},
    {"server", "confine-to-zone", "yes", "yes", "confined"},
    {"server", "refuse-any", "yes", "yes", "refuse"},
    {"server", "ip-address", "192.0.2.1@5353 servers=1-2", "192.0.2.1@5353", "192.0.2.300"},
    {"server", "rrl-size", "2000", "2000", "0"},
    {"server", "rrl-ratelimit", "0", "0", "fast"},
    {"server", "rrl-slip", "0", "0", "slip"},
    {"server", "rrl-ipv4-prefix-length", "32", "32", "33"},
    {"server", "rrl-ipv6-prefix-length", "48", "48", "65"},
    {"server", "rrl-whitelist-ratelimit", "0", "0", "x"},
    {"server", "reload-config", "yes", "yes", "reload"},
    {"server", "zonefiles-check", "no", "no", "check"},
    {"server", "zonefiles-write", "3600", "3600", "hourly"},
    {"server", "answer-cookie", "yes", "yes", "cookie"},
    {"server", "cookie-secret", kSecret, kSecret, "0123456789abcdef0123456789abcd"},
    {"server", "cookie-staging-secret", kSecret, kSecret, "0123456789abcdef0123456789abcdeg"},
    {"server", "cookie-secret-file", "/etc/lnsd/cookies", "/etc/lnsd/cookies", "a b"},
    {"remote-control", "control-enable", "yes", "yes", "enable"},
    {"remote-control", "control-interface", "/run/lnsd.sock", "/run/lnsd.sock", "300.1.1.1"},
    {"remote-control", "control-port", "8953", "8953", "0"},
    {"remote-control", "server-key-file", "s.key", "s.key", "a b"},
    {"remote-control", "server-cert-file", "s.pem", "s.pem", "a b"},
    {"remote-control", "control-key-file", "c.key", "c.key", "a b"},
    {"remote-control", "control-cert-file", "c.pem", "c.pem", "a b"},
    {"key", "name", "tsig.example.", nullptr, "a..b"},
    {"key", "algorithm", "hmac-sha1", nullptr, "hmac-sha3"},
    {"key", "secret", "\"aGVsbG8=\"", nullptr, "\"***\""},
    {"zone", "name", "example.net", "example.net", "\"a b..\""},
    {"zone", "include-pattern", "p", nullptr, "missing"},
    {"zone", "zonefile", "\"%s.zone\"", "%s.zone", "a b", nullptr, "request-xfr: 192.0.2.1 NOKEY\n"},
    {"zone", "rrl-whitelist", "nxdomain", "nxdomain", "foo"},
    {"zone", "allow-query", "192.0.2.0/24 NOKEY", "192.0.2.0/24 NOKEY", "192.0.2.0/24"},
    {"zone", "allow-notify", "192.0.2.1 NOKEY", "192.0.2.1 NOKEY", "192.0.2.1 NOKEY extra", nullptr,
     "request-xfr: 192.0.2.1 NOKEY\n"},
    {"zone", "request-xfr", "UDP 192.0.2.1@53 NOKEY", "192.0.2.1@53 NOKEY", "192.0.2.0/24 NOKEY"},
    {"zone", "multi-master-check", "yes", "yes", "both"},
    {"zone", "multi-primary-check", "yes", "yes", "both", "multi-master-check"},
    {"zone", "notify-retry", "3", "3", "256"},
    {"zone", "notify", "192.0.2.1@5300 NOKEY", "192.0.2.1@5300 NOKEY", "192.0.2.1 BLOCKED"},
    {"zone", "provide-xfr", "::0/0 BLOCKED", "::0/0 BLOCKED", "::0/0"},
    {"zone", "zonestats", "\"%s\"", "%s", "a b"},
    {"zone", "outgoing-interface", "192.0.2.1", "192.0.2.1", "192.0.2.1 NOKEY"},
    {"zone", "allow-axfr-fallback", "no", "no", "fallback"},
    {"zone", "max-refresh-time", "3600", "3600", "1h"},
    {"zone", "min-refresh-time", "60", "60", "1m"},
    {"zone", "max-retry-time", "600", "600", "-600"},
    {"zone", "min-retry-time", "30", "30", "4294967296"},
    {"zone", "min-expire-time", "refresh+retry+1", "refresh+retry+1", "1d"},
    {"zone", "size-limit-xfr", "1000000", "1000000", "-1"},
    {"zone", "store-ixfr", "yes", "yes", "store"},
    {"zone", "ixfr-number", "10", "10", "ten"},
    {"zone", "ixfr-size", "0", "0", "1M"},
    {"zone", "create-ixfr", "yes", "yes", "create"},
};

// A configuration with `line` in a clause of the case's kind.
std::string config_with(const OptionCase& c, const std::string& value) {
  const std::string line = std::string(c.option) + ": " + value + "\n";
  const std::string clause = c.clause;
  if (clause == "key") {
    std::string text = "key:\n";
    if (std::string(c.option) != "name") text += "name: k\n";
    if (std::string(c.option) != "secret") text += "secret: \"aGVsbG8=\"\n";
    return text + line;
  }
  if (clause == "zone") {
    std::string text = "pattern:\nname: p\nzone:\n";
    if (std::string(c.option) != "name") text += "name: example.com\n";
    if (std::string(c.option) != "zonefile") text += "zonefile: z.zone\n";
    return text + c.extra + line;
  }
  return clause + ":\n" + c.extra + line;
}

std::string resolved(const Config& config, const OptionCase& c) {
  const std::string query = c.query ? c.query : c.option;
  std::optional<std::vector<std::string>> values;
  if (std::string(c.clause) == "zone") {
    REQUIRE(config.zones.size() == 1);
    values = query_zone(config, config.zones[0], query);
  } else {
    values = query_server(config, query);
  }
  REQUIRE(values.has_value());
  std::string out;
  for (const std::string& v : *values) out += (out.empty() ? "" : "|") + v;
  return out;
}

}  // namespace

TEST_CASE("every option takes a valid value and resolves it", "[conf][options]") {
  for (const OptionCase& c : kCases) {
    const std::string text = config_with(c, c.valid);
    INFO(text);
    Config config = load_ok(text);
    if (c.resolved != nullptr) CHECK(resolved(config, c) == c.resolved);
  }
}

TEST_CASE("every option refuses an invalid value, at its line", "[conf][options]") {
  for (const OptionCase& c : kCases) {
    const std::string text = config_with(c, c.invalid);
    INFO(text);
    auto errors = load_errors(text);
    CHECK(errors.size() == 1);
    // The error is on the option's line, the last one.
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    CHECK(errors[0].starts_with("test.conf:" + std::to_string(lines) + ": "));
  }
}

TEST_CASE("the option cases cover every option of the tables", "[conf][options]") {
  std::set<std::string> covered;
  for (const OptionCase& c : kCases) {
    covered.insert(std::string(c.clause) + "/" + std::string(canonical_option_name(c.option)));
  }
  for (const auto& f : server_fields()) CHECK(covered.count("server/" + f.name) == 1);
  for (const auto& f : remote_control_fields()) CHECK(covered.count("remote-control/" + f.name) == 1);
  for (const auto& f : zone_fields()) CHECK(covered.count("zone/" + f.name) == 1);
}

TEST_CASE("server-N-cpu-affinity numbers its server in the option name", "[conf][options]") {
  Config c = load_ok("server:\n cpu-affinity: 0 1\n server-1-cpu-affinity: 0\n server-12-cpu-affinity: 1\n");
  CHECK(c.server.server_cpu_affinity == std::map<uint32_t, uint32_t>{{1, 0}, {12, 1}});
  auto errors = load_errors("server:\n server-0-cpu-affinity: 1\n");
  CHECK(errors == std::vector<std::string>{"test.conf:2: server-0-cpu-affinity: the server number must be at least 1"});
}

TEST_CASE("unsupported options: refused, unless their value asks for nothing", "[conf][options]") {
  for (const OtherOption& o : other_options()) {
    const std::string clause = o.clause == "zone" ? "zone:\nname: example.com\nzonefile: z\n" : std::string(o.clause) + ":\n";
    const std::string line = std::string(o.name) + ": ";
    INFO(o.clause << " " << o.name);
    if (o.kind == OtherKind::Ignored) {
      load_ok(clause + line + (o.name == "use-systemd" ? "yes" : "\"/var/lib/nsd/x\"") + "\n");
      continue;
    }
    if (!o.harmless.empty()) load_ok(clause + line + std::string(o.harmless) + "\n");
    if (o.harmless_is_empty_string) load_ok(clause + line + "\"\"\n");
    auto errors = load_errors(clause + line + "something\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find(std::string(o.name) + ": not supported by lnsd (" + std::string(o.why) + ")") !=
          std::string::npos);
  }
}
