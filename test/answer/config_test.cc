// AnswerConfig from the configuration: the options that show on the wire.
#include <catch2/catch.hpp>

#include "answer_config.hh"
#include "conf/load.hh"
#include "conf/zone_stats.hh"
#include "lnsd_config.h"

namespace lnsd::test {
namespace {

AnswerConfig from_text(const std::string& text) {
  auto config = conf::load_config_text(text, "test.conf");
  REQUIRE(config.has_value());
  auto answer = answer_config_from(*config);
  INFO((answer ? std::string() : answer.error()));
  REQUIRE(answer.has_value());
  return *answer;
}

}  // namespace

TEST_CASE("the defaults are NSD's: host name, our version, 1232 octets, options off", "[answer][config]") {
  AnswerConfig a = from_text("server:\n");
  CHECK_FALSE(a.identity.empty());
  CHECK(a.version == "lnsd " LNSD_VERSION);
  CHECK(a.ipv4_edns_size == 1232);
  CHECK(a.ipv6_edns_size == 1232);
  CHECK(a.nsid.empty());
  CHECK_FALSE(a.minimal_responses);
  CHECK_FALSE(a.refuse_any);
  CHECK_FALSE(a.round_robin);
  CHECK_FALSE(a.answer_cookie);
  CHECK_FALSE(a.hide_version);
  CHECK_FALSE(a.hide_identity);
  CHECK(a.tcp_timeout_seconds == 120);
}

TEST_CASE("every option that shows on the wire is taken from the configuration", "[answer][config]") {
  AnswerConfig a = from_text(
      "server:\n"
      "  identity: \"ns1.example\"\n"
      "  version: \"9.9\"\n"
      "  hide-version: yes\n"
      "  hide-identity: yes\n"
      "  nsid: \"ascii_ns1\"\n"
      "  ipv4-edns-size: 1400\n"
      "  ipv6-edns-size: 1220\n"
      "  minimal-responses: yes\n"
      "  refuse-any: yes\n"
      "  round-robin: yes\n"
      "  answer-cookie: yes\n"
      "  cookie-secret: \"e5e973e5a6b2a43f48e7dc849e37bfcf\"\n"
      "  tcp-timeout: 30\n");
  CHECK(a.identity == "ns1.example");
  CHECK(a.version == "9.9");
  CHECK(a.hide_version);
  CHECK(a.hide_identity);
  CHECK(a.nsid == std::vector<uint8_t>{'n', 's', '1'});
  CHECK(a.ipv4_edns_size == 1400);
  CHECK(a.ipv6_edns_size == 1220);
  CHECK(a.minimal_responses);
  CHECK(a.refuse_any);
  CHECK(a.round_robin);
  CHECK(a.answer_cookie);
  CHECK(a.cookie_secret[0] == 0xe5);
  CHECK(a.cookie_secret[15] == 0xcf);
  CHECK(a.tcp_timeout_seconds == 30);
}

TEST_CASE("a zone's allow-query and provide-xfr lists come with it", "[answer][config]") {
  auto config = conf::load_config_text(
      "zone:\n  name: example\n  zonefile: example.zone\n  allow-query: 10.0.0.0/8 NOKEY\n"
      "  provide-xfr: 192.0.2.1 NOKEY\n",
      "test.conf");
  REQUIRE(config.has_value());
  ZoneAccess access = zone_access_from(config->zones.at(0), {});
  CHECK(access.allow_query.elements.size() == 1);
  CHECK(access.provide_xfr.elements.size() == 1);
  CHECK(access.stats_group == kNoStatsGroup);
}

TEST_CASE("a zone's zonestats group is its index among the configuration's groups", "[answer][config]") {
  auto config = conf::load_config_text(
      "zone:\n  name: b.test\n  zonefile: b.zone\n  zonestats: shared\n"
      "zone:\n  name: a.test\n  zonefile: a.zone\n  zonestats: \"%s\"\n"
      "zone:\n  name: c.test\n  zonefile: c.zone\n  zonestats: shared\n"
      "zone:\n  name: d.test\n  zonefile: d.zone\n",
      "test.conf");
  REQUIRE(config.has_value());
  // "%s" is the zone's own name, without its final dot, as NSD names it.
  const auto groups = conf::zone_stats_groups(*config);
  CHECK(groups == std::vector<std::string>{"a.test", "shared"});
  CHECK(zone_access_from(config->zones.at(0), groups).stats_group == 1);
  CHECK(zone_access_from(config->zones.at(1), groups).stats_group == 0);
  CHECK(zone_access_from(config->zones.at(2), groups).stats_group == 1);
  CHECK(zone_access_from(config->zones.at(3), groups).stats_group == kNoStatsGroup);
  // A group unknown to the list (first named by a reread configuration)
  // is counted nowhere.
  CHECK(zone_access_from(config->zones.at(1), {"shared"}).stats_group == kNoStatsGroup);
}

}  // namespace lnsd::test
