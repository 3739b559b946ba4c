// Query statistics in the shared region (daemon/stats.hh,
// daemon/shared_region.hh, daemon/stats_report.hh).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "daemon/shared_region.hh"
#include "daemon/stats_report.hh"

using namespace lnsd;

namespace {

// A query for example.com with the given type and opcode.
std::vector<uint8_t> query(uint16_t qtype, uint8_t opcode = 0) {
  std::vector<uint8_t> q = {0x12, 0x34, uint8_t(opcode << 3), 0, 0, 1, 0, 0, 0, 0, 0, 0,
                            7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  q.push_back(uint8_t(qtype >> 8));
  q.push_back(uint8_t(qtype));
  q.push_back(0);
  q.push_back(1);
  return q;
}

std::vector<uint8_t> response(uint8_t rcode, bool truncated = false) {
  std::vector<uint8_t> r(12, 0);
  r[2] = uint8_t(0x84 | (truncated ? 0x02 : 0));
  r[3] = rcode;
  return r;
}

Client client(int family, Transport transport) {
  Client c;
  c.address.ss_family = sa_family_t(family);
  c.transport = transport;
  return c;
}

uint64_t find(const std::vector<StatLine>& lines, const std::string& name) {
  for (const auto& line : lines) {
    if (line.name == name) return line.value;
  }
  return UINT64_MAX;
}

}  // namespace

TEST_CASE("a query is counted by type, opcode, rcode and transport", "[stats]") {
  auto region = SharedRegion::create(1, 0).value();
  ServerStats& stats = region.slot(0).stats;
  auto q = query(28);
  auto r = response(3);
  count_query(stats, q, client(AF_INET6, Transport::Tcp), AnswerResult{Disposition::Send, r.size()}, r);
  CHECK(value_of(stats.queries) == 1);
  CHECK(value_of(stats.qtype[28]) == 1);
  CHECK(value_of(stats.opcode[0]) == 1);
  CHECK(value_of(stats.rcode[3]) == 1);
  CHECK(value_of(stats.tcp6) == 1);
  CHECK(value_of(stats.truncated) == 0);
  CHECK(value_of(stats.dropped) == 0);
}

TEST_CASE("truncated, dropped, high types and unreadable questions have their counters", "[stats]") {
  auto region = SharedRegion::create(1, 0).value();
  ServerStats& stats = region.slot(0).stats;
  Client udp = client(AF_INET, Transport::Udp);
  auto tc = response(0, true);
  count_query(stats, query(1), udp, AnswerResult{Disposition::Send, tc.size()}, tc);
  CHECK(value_of(stats.truncated) == 1);

  count_query(stats, query(257), udp, AnswerResult{}, {});  // CAA, dropped
  CHECK(value_of(stats.qtype_high) == 1);
  CHECK(value_of(stats.dropped) == 1);

  auto broken = query(1);
  broken.resize(15);  // the name ends early
  count_query(stats, broken, udp, AnswerResult{}, {});
  CHECK(value_of(stats.malformed) == 1);

  count_query(stats, query(6, 4), udp, AnswerResult{}, {});  // NOTIFY
  CHECK(value_of(stats.opcode[4]) == 1);
  CHECK(value_of(stats.udp4) == 4);
}

TEST_CASE("readers sum the slots of every server", "[stats]") {
  auto region = SharedRegion::create(3, 0).value();
  auto q = query(1);
  auto r = response(0);
  for (uint32_t server = 0; server < 3; ++server) {
    for (uint32_t i = 0; i <= server; ++i) {
      count_query(region.slot(server).stats, q, client(AF_INET, Transport::Udp),
                  AnswerResult{Disposition::Send, r.size()}, r);
    }
  }
  StatsTotals totals = region.totals();
  CHECK(totals.queries == 6);
  CHECK(totals.qtype[1] == 6);
  CHECK(totals.udp4 == 6);
}

TEST_CASE("servers in other processes count into the same region", "[stats]") {
  auto region = SharedRegion::create(2, 0).value();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    bump(region.slot(1).stats.queries, 5);
    region.slot(1).serving_generation.store(9);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(value_of(region.slot(1).stats.queries) == 5);
  CHECK(region.slot(1).serving_generation.load() == 9);
}

TEST_CASE("slots and zone groups never share a cache line", "[stats]") {
  auto region = SharedRegion::create(2, 3).value();
  auto address = [](const void* p) { return reinterpret_cast<uintptr_t>(p); };
  CHECK(address(&region.slot(0)) % 64 == 0);
  CHECK(address(&region.slot(1)) % 64 == 0);
  CHECK(address(&region.slot(1)) - address(&region.slot(0)) >= sizeof(ServerSlot) + 3 * sizeof(ZoneStats));
  CHECK(address(&region.zone_stats(0, 1)) % 64 == 0);
  CHECK(address(&region.zone_stats(0, 2)) + sizeof(ZoneStats) <= address(&region.slot(1)));
  CHECK(std::string(region.header().magic) == "LNSDSHM");
  CHECK(region.header().version == kSharedRegionVersion);
}

TEST_CASE("zone groups count their own queries", "[stats]") {
  auto region = SharedRegion::create(1, 2).value();
  auto r = response(0);
  count_zone_query(region.zone_stats(0, 1), client(AF_INET6, Transport::Udp), AnswerResult{Disposition::Send, r.size()},
                   r);
  CHECK(value_of(region.zone_stats(0, 1).queries) == 1);
  CHECK(value_of(region.zone_stats(0, 1).udp6) == 1);
  CHECK(value_of(region.zone_stats(0, 0).queries) == 0);
}

TEST_CASE("a reload is complete when every live server serves the generation", "[stats]") {
  auto region = SharedRegion::create(2, 0).value();
  region.slot(0).pid = 100;
  region.slot(1).pid = 101;
  region.slot(0).serving_generation = 2;
  region.slot(1).serving_generation = 1;
  CHECK_FALSE(region.all_serving(2));
  region.slot(1).pid = 0;  // died; its replacement starts on the published generation
  CHECK(region.all_serving(2));
}

TEST_CASE("statistics read with nsd-control's names", "[stats]") {
  StatsTotals totals;
  totals.queries = 10;
  totals.qtype[1] = 7;
  totals.qtype[28] = 3;
  totals.rcode[0] = 8;
  totals.rcode[3] = 2;
  totals.opcode[0] = 10;
  totals.udp4 = 9;
  totals.tcp6 = 1;
  auto lines = stats_report(totals);
  CHECK(find(lines, "num.queries") == 10);
  CHECK(find(lines, "num.type.A") == 7);
  CHECK(find(lines, "num.type.AAAA") == 3);
  CHECK(find(lines, "num.type.MX") == UINT64_MAX);  // only the types seen
  CHECK(find(lines, "num.rcode.NOERROR") == 8);
  CHECK(find(lines, "num.rcode.NXDOMAIN") == 2);
  CHECK(find(lines, "num.opcode.QUERY") == 10);
  CHECK(find(lines, "num.udp") == 9);
  CHECK(find(lines, "num.tcp6") == 1);
  CHECK(find(lines, "num.dropped") == 0);
  CHECK(stats_log_line(totals).rfind("num.queries=10 num.type.A=7 num.type.AAAA=3", 0) == 0);
}

TEST_CASE("a query the answer path places in a zonestats group is counted there too", "[stats]") {
  auto region = SharedRegion::create(2, 3);
  REQUIRE(region.has_value());
  CHECK(region->zone_group_count() == 3);
  QueryCounters server1(&region->slot(0).stats, region->zone_stats_table(0));
  QueryCounters server2(&region->slot(1).stats, region->zone_stats_table(1));
  auto q = query(1);
  auto r = response(3);
  AnswerResult in_group{Disposition::Send, r.size(), 2};
  server1.count(q, client(AF_INET, Transport::Udp), in_group, r);
  server2.count(q, client(AF_INET6, Transport::Tcp), in_group, r);
  AnswerResult truncated{Disposition::Send, r.size(), 0};
  auto tc = response(0, true);
  server1.count(q, client(AF_INET, Transport::Udp), truncated, tc);
  // No group, and a group the region has no counters for: the server's
  // totals alone.
  server1.count(q, client(AF_INET, Transport::Udp), AnswerResult{Disposition::Send, r.size()}, r);
  server1.count(q, client(AF_INET, Transport::Udp), AnswerResult{Disposition::Send, r.size(), 3}, r);

  CHECK(region->totals().queries == 5);
  ZoneStatsTotals group2 = region->zone_totals(2);
  CHECK(group2.queries == 2);
  CHECK(group2.rcode[3] == 2);
  CHECK(group2.udp4 == 1);
  CHECK(group2.tcp6 == 1);
  ZoneStatsTotals group0 = region->zone_totals(0);
  CHECK(group0.queries == 1);
  CHECK(group0.truncated == 1);
  CHECK(region->zone_totals(1).queries == 0);
  CHECK(region->zone_totals(3).queries == 0);  // beyond the region: nothing, never out of bounds

  auto lines = zone_stats_report("shared", group2);
  CHECK(find(lines, "shared.num.queries") == 2);
  CHECK(find(lines, "shared.num.rcode.NXDOMAIN") == 2);
  CHECK(find(lines, "shared.num.tcp6") == 1);
  CHECK(find(lines, "shared.num.rcode.NOERROR") == UINT64_MAX);  // only the rcodes seen
  CHECK(zone_stats_log_line("shared", group0).find("shared.num.truncated=1") != std::string::npos);
}

TEST_CASE("zonestats counters of different servers live on different cache lines", "[stats]") {
  auto region = SharedRegion::create(2, 2);
  REQUIRE(region.has_value());
  auto a = reinterpret_cast<std::uintptr_t>(&region->zone_stats(0, 1));
  auto b = reinterpret_cast<std::uintptr_t>(&region->zone_stats(1, 0));
  CHECK(a % 64 == 0);
  CHECK(b % 64 == 0);
  CHECK(b >= a + sizeof(ZoneStats));
}
