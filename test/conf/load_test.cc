// Loading whole configurations: the seed guide's snippets verbatim, NSD's
// defaults, include-pattern inheritance and overrides, zone file templates,
// keys, and the report of configured features that are not active yet.
#include <catch2/catch.hpp>

#include "conf/features.hh"
#include "conf/load.hh"
#include "conf/print.hh"
#include "conf_test_util.hh"
#include "lnsd_config.h"

using namespace lnsd;
using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

Config load_file_ok(const std::string& path) {
  auto c = load_config(path);
  if (!c) {
    std::string all;
    for (const Diagnostic& d : c.error()) all += d.text() + "\n";
    INFO(all);
    REQUIRE(c.has_value());
  }
  return std::move(*c);
}

std::vector<std::string> texts(const Acl& acl) {
  std::vector<std::string> out;
  for (const AclElement& e : acl.elements) out.push_back(e.to_conf_text());
  return out;
}

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

}  // namespace

TEST_CASE("seed: the primary's key, pattern and zone", "[conf][seed]") {
  Config c = load_file_ok(data_dir() + "/seed_primary.conf");
  REQUIRE(c.keys.size() == 1);
  const Key& key = c.keys[0];
  CHECK(key.name == "secretkey0");
  CHECK(key.algorithm == TsigAlgorithm::HmacSha256);
  CHECK(key.secret.size() == 32);
  CHECK(key.secret_base64 == "7Q7KLOi44zuTjK/RavkFECLgglv6qkwN2y1GOdWFE/A=");

  REQUIRE(c.zones.size() == 1);
  const Zone& z = c.zones[0];
  CHECK(z.name == "linoderocks.com");
  CHECK(z.dname == *Name::from_text("linoderocks.com."));
  CHECK(z.includes == std::vector<std::string>{"secondary_outbound"});
  CHECK(z.settings.zonefile.value == "zones/master/linoderocks.com.zone");
  CHECK(z.zonefile_path == std::string(LNSD_SYSCONFDIR) + "/zones/master/linoderocks.com.zone");
  CHECK(texts(z.settings.notify) == std::vector<std::string>{"192.0.2.3 secretkey0"});
  CHECK(texts(z.settings.provide_xfr) == std::vector<std::string>{"192.0.2.3 secretkey0"});
  CHECK_FALSE(z.is_secondary());

  // The secondary may transfer only when it signs with the key.
  Name k = *Name::from_text("secretkey0.");
  CHECK(z.settings.provide_xfr.match(ip("192.0.2.3"), 40000, &k).verdict == AclMatch::Verdict::Allowed);
  CHECK(z.settings.provide_xfr.match(ip("192.0.2.3"), 40000, nullptr).verdict == AclMatch::Verdict::NoMatch);
  CHECK(z.settings.provide_xfr.match(ip("192.0.2.4"), 40000, &k).verdict == AclMatch::Verdict::NoMatch);
}

TEST_CASE("seed: the secondary's addresses, pattern and zone", "[conf][seed]") {
  Config c = load_file_ok(data_dir() + "/seed_secondary.conf");
  REQUIRE(c.server.ip_addresses.size() == 2);
  CHECK(c.server.ip_addresses[0].address == ip("192.0.2.3"));
  CHECK(c.server.ip_addresses[1].address == ip("2001:db8::3"));
  CHECK(c.server.ip_addresses[1].text == "2001:DB8::3");
  REQUIRE(c.zones.size() == 1);
  const Zone& z = c.zones[0];
  CHECK(z.is_secondary());
  CHECK(z.settings.zonefile.value == "zones/secondary/linoderocks.com.zone");
  REQUIRE(z.settings.request_xfr.elements.size() == 1);
  const AclElement& primary = z.settings.request_xfr.elements[0];
  CHECK(primary.axfr_only);
  CHECK_FALSE(primary.udp);
  CHECK(primary.address == ip("96.126.102.178"));
  CHECK(primary.key_name == "secretkey0");
  CHECK(texts(z.settings.allow_notify) == std::vector<std::string>{"96.126.102.178 secretkey0"});
}

TEST_CASE("seed: the hidden primary with its oddly indented notify", "[conf][seed]") {
  Config c = load_file_ok(data_dir() + "/seed_hidden_primary.conf");
  REQUIRE(c.patterns.size() == 1);
  const Pattern& p = c.patterns[0];
  CHECK(p.name == "secondary_outbound");
  CHECK(texts(p.settings.notify) == std::vector<std::string>{"192.0.2.2 secretkey0", "192.0.2.3 secretkey0"});
  CHECK(texts(p.settings.provide_xfr) == std::vector<std::string>{"192.0.2.2 secretkey0", "192.0.2.3 secretkey0"});
  REQUIRE(c.server.ip_addresses.size() == 2);
  CHECK(c.zones.at(0).settings.notify.elements.size() == 2);

  Config s = load_file_ok(data_dir() + "/seed_hidden_secondary.conf");
  CHECK(texts(s.zones.at(0).settings.request_xfr) == std::vector<std::string>{"AXFR 192.0.2.3 secretkey0"});
  CHECK(texts(s.zones.at(0).settings.allow_notify) == std::vector<std::string>{"192.0.2.3 secretkey0"});
}

TEST_CASE("etc/lnsd.conf.example: a primary, a secondary and a hidden primary", "[conf][seed]") {
  Config c = load_file_ok(source_root() + "/etc/lnsd.conf.example");
  REQUIRE(c.zones.size() == 3);
  CHECK_FALSE(c.zones[0].is_secondary());
  CHECK(texts(c.zones[0].settings.provide_xfr) == std::vector<std::string>{"192.0.2.3 secretkey0"});
  CHECK(c.zones[1].is_secondary());
  CHECK(texts(c.zones[1].settings.request_xfr) == std::vector<std::string>{"AXFR 96.126.102.178 secretkey0"});
  CHECK(c.zones[2].settings.notify.elements.size() == 2);
  CHECK(c.zones[2].zonefile_path == "/etc/lnsd/zones/master/example.org.zone");
}

TEST_CASE("an empty configuration has NSD's defaults", "[conf][defaults]") {
  Config c = load_ok("");
  const ServerOptions& s = c.server;
  CHECK(s.ip_addresses.empty());
  CHECK(s.port == 53);
  CHECK(s.do_ip4);
  CHECK(s.do_ip6);
  CHECK(s.server_count == 1);
  CHECK(s.tcp_count == 100);
  CHECK(s.tcp_timeout == 120);
  CHECK(s.tcp_query_count == 0);
  CHECK(s.ipv4_edns_size == 1232);
  CHECK(s.ipv6_edns_size == 1232);
  CHECK(s.xfrd_tcp_max == 128);
  CHECK(s.xfrd_tcp_pipeline == 128);
  CHECK(s.xfrd_reload_timeout == 1);
  CHECK(s.xfrdir == "/tmp");
  CHECK(s.verbosity == 0);
  CHECK(s.log_time_ascii);
  CHECK(s.zonefiles_check);
  CHECK(s.zonefiles_write == 0);
  CHECK(s.rrl_size == 1000000);
  CHECK(s.rrl_ratelimit == 200);
  CHECK(s.rrl_slip == 2);
  CHECK(s.rrl_ipv4_prefix_length == 24);
  CHECK(s.rrl_ipv6_prefix_length == 64);
  CHECK(s.rrl_whitelist_ratelimit == 2000);
  CHECK_FALSE(s.identity.has_value());
  CHECK_FALSE(s.answer_cookie);
  CHECK(s.chroot.empty());
  CHECK(s.zonesdir == LNSD_SYSCONFDIR);
  CHECK(c.remote_control.control_port == 8952);
  CHECK_FALSE(c.remote_control.control_enable);

  ZoneSettings z;
  CHECK(z.allow_axfr_fallback.value);
  CHECK(z.notify_retry.value == 5);
  CHECK(z.max_refresh_time.value == 2419200);
  CHECK(z.max_retry_time.value == 1209600);
  CHECK(z.ixfr_number.value == 5);
  CHECK(z.ixfr_size.value == 1048576);
  CHECK_FALSE(z.store_ixfr.value);
  CHECK(z.size_limit_xfr.value == 0);
}

TEST_CASE("include-pattern applies a pattern where it stands; later lines override", "[conf][pattern]") {
  Config c = load_ok(R"(
key:
	name: k
	secret: "aGVsbG8="
pattern:
	name: base
	zonefile: "base/%s"
	max-refresh-time: 100
	store-ixfr: yes
	notify: 192.0.2.1 NOKEY
	rrl-whitelist: nxdomain
pattern:
	name: middle
	notify: 192.0.2.2 k
	include-pattern: base
	max-refresh-time: 200
	rrl-whitelist: any
zone:
	name: before.example
	max-refresh-time: 1
	zonefile: mine
	include-pattern: middle
zone:
	name: after.example
	include-pattern: middle
	max-refresh-time: 1
	zonefile: mine
	notify: 192.0.2.3 NOKEY
	store-ixfr: no
)");
  const Pattern* middle = c.find_pattern("middle");
  REQUIRE(middle != nullptr);
  CHECK(middle->includes == std::vector<std::string>{"base"});
  // Its own notify came first, the included one follows.
  CHECK(texts(middle->settings.notify) == std::vector<std::string>{"192.0.2.2 k", "192.0.2.1 NOKEY"});
  CHECK(middle->settings.max_refresh_time.value == 200);
  CHECK(middle->settings.rrl_whitelist.value == (kRrlNxdomain | kRrlAny));

  const Zone* before = c.find_zone("before.example");
  REQUIRE(before != nullptr);
  // Set before the include: the pattern's values win.
  CHECK(before->settings.max_refresh_time.value == 200);
  CHECK(before->settings.zonefile.value == "base/%s");
  CHECK(before->zonefile_path == std::string(LNSD_SYSCONFDIR) + "/base/before.example");
  CHECK(before->settings.store_ixfr.value);

  const Zone* after = c.find_zone("after.example.");
  REQUIRE(after != nullptr);
  CHECK(after->settings.max_refresh_time.value == 1);
  CHECK(after->settings.zonefile.value == "mine");
  CHECK_FALSE(after->settings.store_ixfr.value);
  CHECK(after->settings.store_ixfr.set);
  CHECK(texts(after->settings.notify) ==
        std::vector<std::string>{"192.0.2.2 k", "192.0.2.1 NOKEY", "192.0.2.3 NOKEY"});

  // A pattern's untouched defaults do not override what the zone said.
  CHECK(after->settings.allow_axfr_fallback.value);
  CHECK_FALSE(after->settings.allow_axfr_fallback.set);
}

TEST_CASE("patterns may be defined after the zones that use them", "[conf][pattern]") {
  Config c = load_ok("zone:\n name: a.example\n include-pattern: later\npattern:\n name: later\n zonefile: \"%s.zone\"\n");
  CHECK(c.zones.at(0).settings.zonefile.value == "%s.zone");
}

TEST_CASE("nested patterns: each level's settings reach the zone", "[conf][pattern]") {
  Config c = load_ok(R"(
pattern:
	name: one
	provide-xfr: 0.0.0.0/0 NOKEY
pattern:
	name: two
	include-pattern: one
	provide-xfr: ::0/0 NOKEY
pattern:
	name: three
	include-pattern: two
	zonefile: "%z/%y/%s"
zone:
	name: www.example.org
	include-pattern: three
zone:
	name: example.net
	include-pattern: one
	include-pattern: three
)");
  const Zone& z = c.zones.at(0);
  CHECK(texts(z.settings.provide_xfr) == std::vector<std::string>{"0.0.0.0/0 NOKEY", "::0/0 NOKEY"});
  CHECK(z.zonefile_path == std::string(LNSD_SYSCONFDIR) + "/org/example/www.example.org");
  // Including a pattern twice (directly and through another) repeats its lines, as NSD does.
  CHECK(c.zones.at(1).settings.provide_xfr.elements.size() == 3);
}

TEST_CASE("zone file templates substitute %s %1 %2 %3 %z %y %x", "[conf][zonefile]") {
  Zone z;
  z.name = "Example.COM";
  z.dname = *Name::from_text("Example.COM.");
  CHECK(expand_zone_template("%s.zone", z) == "Example.COM.zone");
  CHECK(expand_zone_template("%1/%2/%3/%s", z) == "E/x/a/Example.COM");
  CHECK(expand_zone_template("%z/%y/%x", z) == "COM/Example/.");
  CHECK(expand_zone_template("plain.zone", z) == "plain.zone");
  CHECK(expand_zone_template("%%s", z) == "%Example.COM");

  Zone root;
  root.name = ".";
  CHECK(expand_zone_template("%1%2-%z", root) == "..-.");

  Zone dotted;
  dotted.name = "ab.";
  dotted.dname = *Name::from_text("ab.");
  CHECK(expand_zone_template("%3 %s.zone", dotted) == ". ab..zone");

  Config c = load_ok("server:\n zonesdir: \"\"\nzone:\n name: x.example\n zonefile: \"%s\"\nzone:\n name: y.example\n zonefile: /abs/%s\n");
  CHECK(c.zones[0].zonefile_path == "x.example");
  CHECK(c.zones[1].zonefile_path == "/abs/y.example");
}

TEST_CASE("key algorithms: every HMAC, with or without hmac-, any case", "[conf][key]") {
  auto algorithm = [](const std::string& text) {
    Config c = load_ok("key:\n name: k\n algorithm: " + text + "\n secret: \"aGVsbG8=\"\n");
    return c.keys.at(0).algorithm;
  };
  CHECK(algorithm("hmac-md5") == TsigAlgorithm::HmacMd5);
  CHECK(algorithm("HMAC-MD5.SIG-ALG.REG.INT.") == TsigAlgorithm::HmacMd5);
  CHECK(algorithm("hmac-sha1") == TsigAlgorithm::HmacSha1);
  CHECK(algorithm("sha224") == TsigAlgorithm::HmacSha224);
  CHECK(algorithm("hmac-sha256") == TsigAlgorithm::HmacSha256);
  CHECK(algorithm("hmac-sha384") == TsigAlgorithm::HmacSha384);
  CHECK(algorithm("Hmac-Sha512") == TsigAlgorithm::HmacSha512);
  Config def = load_ok("key:\n name: k\n secret: \"aGVsbG8=\"\n");
  CHECK(def.keys.at(0).algorithm == TsigAlgorithm::HmacSha256);
  CHECK(def.keys.at(0).secret == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
  CHECK(def.find_key("K.") == &def.keys.at(0));
}

TEST_CASE("repeated clauses and options accumulate or override as in NSD", "[conf][load]") {
  Config c = load_ok(R"(
server:
	port: 5300
	ip-address: 127.0.0.1
server:
	port: 5301
	interface: ::1@5353
	ip4-only: yes
	ip-address: lo servers="1 3-4" bindtodevice=yes setfib=2
)");
  CHECK(c.server.port == 5301);
  REQUIRE(c.server.ip_addresses.size() == 3);
  CHECK(c.server.ip_addresses[1].port == 5353);
  CHECK(c.server.ip_addresses[2].interface == "lo");
  CHECK(c.server.ip_addresses[2].servers == std::vector<std::pair<unsigned, unsigned>>{{1, 1}, {3, 4}});
  CHECK(c.server.ip_addresses[2].bind_to_device);
  CHECK(c.server.ip_addresses[2].setfib == 2);
  CHECK(c.server.do_ip4);
  CHECK_FALSE(c.server.do_ip6);
}

TEST_CASE("obsolete and harmless options load; their values do not matter", "[conf][load]") {
  Config c = load_ok(R"(
server:
	database: "/var/lib/nsd/nsd.db"
	difffile: "/var/lib/nsd/ixfr.db"
	use-systemd: yes
	tls-service-key: ""
	metrics-enable: no
dnstap:
	dnstap-enable: no
verify:
	enable: no
	verify-zones: no
zone:
	name: example.com
	zonefile: example.com.zone
	verify-zone: no
)");
  CHECK(c.zones.size() == 1);
}

TEST_CASE("all errors are collected, each with file and line", "[conf][load]") {
  auto errors = load_errors("server:\n port: 0\n bogus: 1\nzone:\n name: a.example\n", "e.conf");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "e.conf:2: port: expected <number from 1 to 65535>, not '0'");
  CHECK(errors[1] == "e.conf:3: unknown option 'bogus' in server: clause");
  CHECK(errors[2].starts_with("e.conf:5: zone 'a.example' is a primary zone"));
}

TEST_CASE("configured features that are not active yet are listed for the startup log", "[conf][features]") {
  CHECK(inactive_features(load_ok("")).empty());
  CHECK(feature_active(Feature::Core));

  Config seed = load_file_ok(data_dir() + "/seed_primary.conf");
  auto inactive = inactive_features(seed);
  std::vector<std::string> messages;
  for (const InactiveFeature& f : inactive) messages.push_back(f.message());
  CHECK(messages == std::vector<std::string>{
                        "TSIG keys (RFC 8945) (key) is configured but not active yet",
                        "sending NOTIFY (RFC 1996) (notify) is configured but not active yet",
                        "zone transfers out (provide-xfr) (provide-xfr) is configured but not active yet",
                    });

  Config c = load_ok("server:\n rrl-ratelimit: 50\n port: 5353\nremote-control:\n control-port: 9000\n");
  auto f = inactive_features(c);
  REQUIRE(f.size() == 1);
  CHECK(f[0].description == "response rate limiting");
  CHECK(f[0].options == std::vector<std::string>{"rrl-ratelimit"});
  // The control channel counts only once it is enabled.
  Config rc = load_ok("remote-control:\n control-enable: yes\n");
  REQUIRE(inactive_features(rc).size() == 1);
  CHECK(inactive_features(rc)[0].options == std::vector<std::string>{"control-enable"});
}

TEST_CASE("the options the daemon acts on are not reported as inactive", "[conf][features]") {
  // Each of these is read by the answer path, the log or the sockets
  // (daemon/answer*.cc, log.cc, sockets.cc, xfrd.cc) or applied on SIGHUP.
  Config active = load_ok(
      "server:\n minimal-responses: yes\n refuse-any: yes\n round-robin: yes\n confine-to-zone: yes\n"
      " drop-updates: yes\n nsid: ascii_ns1\n answer-cookie: yes\n"
      " cookie-secret: 000102030405060708090a0b0c0d0e0f\n statistics: 60\n log-time-iso: yes\n"
      " tcp-listen-queue: 64\n reload-config: yes\n xfrdir: /var/tmp\n"
      "zone:\n name: a.example\n zonefile: a.zone\n allow-query: 192.0.2.0/24 NOKEY\n");
  CHECK(inactive_features(active).empty());
  for (Feature f : {Feature::AnswerShaping, Feature::Nsid, Feature::QueryAcl, Feature::Cookies, Feature::Statistics,
                    Feature::LogFormat, Feature::TcpListenQueue, Feature::ReloadConfig}) {
    CHECK(feature_active(f));
  }
  // A second secret for a rollover is kept but not yet accepted.
  auto staging = inactive_features(load_ok("server:\n cookie-staging-secret: 000102030405060708090a0b0c0d0e0f\n"));
  REQUIRE(staging.size() == 1);
  CHECK(staging[0].options == std::vector<std::string>{"cookie-staging-secret"});
}

TEST_CASE("the nsd.conf form of a configuration reads back to the same configuration", "[conf][load]") {
  const std::string text = R"(
server:
	identity: "two
lines"
	version: a\ b\"c
	logfile: "#not-a-comment"
	zonesdir: "dir:"
key:
	name: "odd key"
	secret: "aGVsbG8="
key:
	name: "#hash"
	secret: "aGVsbG8="
key:
	name: "colon:"
	secret: "aGVsbG8="
zone:
	name: "a\.b.example"
	zonefile: "%s zone"
	notify: 192.0.2.1 "odd key"
	provide-xfr: 192.0.2.0/24 "#hash"
	allow-query: ::0/0 "colon:"
)";
  Config first = load_ok(text, "rt.conf");
  const std::string printed = print_config(first);
  Config second = load_ok(printed, "rt.conf");
  CHECK(print_config(second) == printed);
  CHECK(second.server.identity == std::optional<std::string>("two\nlines"));
  CHECK(second.server.version == std::optional<std::string>("a\\ b\\\"c"));
  CHECK(second.zones.at(0).settings.notify.elements.at(0).key_name == "odd key");
  CHECK(second.zones.at(0).settings.provide_xfr.elements.at(0).key_name == "#hash");
  CHECK(second.zones.at(0).settings.allow_query.elements.at(0).key_name == "colon:");
}
