// reload-config in process: the generation file that carries a
// generation's zones and answer options from main to the servers
// (daemon/generation_file.hh), and DbZoneLoader rereading lnsd.conf on
// reload (daemon/db_zone_loader.hh) with an Answerer that switches as a
// server does.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../answer/answer_test_util.hh"
#include "conf/load.hh"
#include "db_zone_loader.hh"
#include "generation_file.hh"

namespace lnsd {
namespace {

namespace fs = std::filesystem;
using test::QuerySpec;
using test::Reply;

constexpr uint16_t kNsid = 3;  // RFC 5001 §2.3

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

std::string zone_text(const std::string& address) {
  return "$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A " + address + "\n";
}

conf::AclElement element(const std::string& spec, const std::string& key) {
  auto parsed = conf::parse_acl_element(spec, key);
  REQUIRE(parsed.has_value());
  return *parsed;
}

ServedZone served(const std::string& origin, const std::string& database) {
  ServedZone zone;
  zone.origin = *Name::from_text(origin);
  zone.name = origin;
  zone.database = database;
  return zone;
}

struct ConfigFixture {
  fs::path dir;
  fs::path conf;

  ConfigFixture() {
    char name[] = "/tmp/lnsd-reload-config-test-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    dir = name;
    conf = dir / "lnsd.conf";
    fs::create_directories(dir / "zones");
  }
  ~ConfigFixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void zone(const std::string& name, const std::string& address) {
    write_file(dir / "zones" / (name + ".zone"), zone_text(address));
  }

  void write_conf(const std::string& server_lines, const std::vector<std::string>& zones) {
    std::string text = "server:\n  zonesdir: \"" + (dir / "zones").string() + "\"\n  xfrdir: \"" +
                       (dir / "xfr").string() + "\"\n" + server_lines;
    for (const auto& name : zones) text += "zone:\n  name: " + name + "\n  zonefile: " + name + ".zone\n";
    write_file(conf, text);
  }

  DbZoneLoader loader() {
    auto config = conf::load_config(conf.string());
    REQUIRE(config.has_value());
    ServerSettings settings;
    settings.zonesdir = (dir / "zones").string();
    auto made = DbZoneLoader::create(*config, settings);
    REQUIRE(made.has_value());
    made->set_config_file(conf.string());
    return std::move(*made);
  }
};

Reply ask(Answerer& answerer, const std::string& name, bool nsid = false) {
  QuerySpec spec{name, RRType::A};
  if (nsid) spec.options.push_back({kNsid, {}});
  Reply r = test::ask_through(answerer.handler(), spec);
  REQUIRE(r.parsed);
  return r;
}

uint64_t generation_of(const Expected<uint64_t, Error>& generation) {
  INFO((generation.has_value() ? std::string() : generation.error().message));
  REQUIRE(generation.has_value());
  return *generation;
}

}  // namespace

TEST_CASE("a generation file gives back the zones and answer options written", "[reload-config]") {
  GenerationDescription d;
  d.answer.identity = "ns1 \"primary\"";
  d.answer.version = "";
  d.answer.hide_version = true;
  d.answer.nsid = {0x00, 0xff, 0x41};
  d.answer.ipv4_edns_size = 1400;
  d.answer.ipv6_edns_size = 1220;
  d.answer.minimal_responses = true;
  d.answer.refuse_any = true;
  d.answer.confine_to_zone = true;
  d.answer.answer_cookie = true;
  d.answer.cookie_secret[0] = 0xab;
  d.answer.cookie_secret[15] = 0x01;
  d.answer.tcp_timeout_seconds = 30;
  d.zones.push_back(served("example.com.", "/var/db/with space/example.com.zdb"));
  d.zones[0].access.allow_query.elements.push_back(element("192.0.2.0/24", "NOKEY"));
  d.zones[0].access.allow_query.elements.push_back(element("2001:db8::1", "BLOCKED"));
  d.zones[0].access.provide_xfr.elements.push_back(element("198.51.100.1@5353", "tsig.key"));
  d.zones.push_back(served("example.net.", "/db/example.net.zdb"));

  const std::string text = format_generation(d);
  auto back = parse_generation(text);
  INFO(text);
  REQUIRE(back.has_value());
  CHECK(format_generation(*back) == text);
  const AnswerConfig& a = back->answer;
  CHECK(a.identity == d.answer.identity);
  CHECK(a.version.empty());
  CHECK(a.hide_version);
  CHECK_FALSE(a.hide_identity);
  CHECK(a.nsid == d.answer.nsid);
  CHECK(a.ipv4_edns_size == 1400);
  CHECK(a.ipv6_edns_size == 1220);
  CHECK(a.minimal_responses);
  CHECK(a.refuse_any);
  CHECK_FALSE(a.round_robin);
  CHECK(a.confine_to_zone);
  CHECK_FALSE(a.drop_updates);
  CHECK(a.answer_cookie);
  CHECK(a.cookie_secret == d.answer.cookie_secret);
  CHECK(a.tcp_timeout_seconds == 30);

  REQUIRE(back->zones.size() == 2);
  const ServedZone& z = back->zones[0];
  CHECK(z.origin == d.zones[0].origin);
  CHECK(z.database == "/var/db/with space/example.com.zdb");
  REQUIRE(z.access.allow_query.elements.size() == 2);
  auto allowed = [&](const conf::Acl& acl, const char* address, uint16_t port) {
    return acl.match(*conf::IpAddress::parse(address), port, nullptr).verdict == conf::AclMatch::Verdict::Allowed;
  };
  CHECK(allowed(z.access.allow_query, "192.0.2.77", 1000));
  CHECK_FALSE(allowed(z.access.allow_query, "192.0.3.1", 1000));
  CHECK_FALSE(allowed(z.access.allow_query, "2001:db8::1", 1000));
  REQUIRE(z.access.provide_xfr.elements.size() == 1);
  CHECK(z.access.provide_xfr.elements[0].key == conf::AclKey::Named);
  CHECK(z.access.provide_xfr.elements[0].port == std::optional<uint16_t>(5353));
  CHECK(back->zones[1].access.allow_query.empty());
}

TEST_CASE("a generation file that is cut short or foreign is refused", "[reload-config]") {
  GenerationDescription d;
  d.zones.push_back(served("example.com.", "/db/example.com.zdb"));
  d.zones.push_back(served("example.net.", "/db/example.net.zdb"));
  const std::string text = format_generation(d);
  CHECK_FALSE(parse_generation(text.substr(0, text.find("zone example.net."))).has_value());
  CHECK_FALSE(parse_generation("lnsd-generation 2\nend\n").has_value());
  CHECK_FALSE(parse_generation(text + "zone example.org. 00\n").has_value());
  std::string bad_flag = text;
  bad_flag.replace(bad_flag.find("refuse-any 0"), 12, "refuse-any 2");
  CHECK_FALSE(parse_generation(bad_flag).has_value());
}

TEST_CASE("reload-config: a valid file adds and removes zones and changes answer options", "[reload-config]") {
  ConfigFixture f;
  f.zone("a.example", "192.0.2.10");
  f.zone("b.example", "192.0.2.20");
  f.zone("c.example", "192.0.2.30");
  f.write_conf("  reload-config: yes\n", {"a.example", "b.example"});
  auto loader = f.loader();
  const uint64_t first = generation_of(loader.load());
  auto answerer = loader.open_answerer(first);
  REQUIRE(answerer.has_value());
  Answerer& server = **answerer;
  CHECK(ask(server, "www.c.example.").rcode() == Rcode::Refused);
  CHECK(ask(server, "www.a.example.").count(Section::Authority) == 1);

  f.write_conf("  reload-config: yes\n  minimal-responses: yes\n  nsid: ascii_ns1\n", {"a.example", "c.example"});
  const uint64_t second = generation_of(loader.reload());
  REQUIRE(second == first + 1);
  // The server reads the new generation from the file main wrote.
  REQUIRE(server.switch_to(second).has_value());
  CHECK(ask(server, "www.c.example.").lines(Section::Answer) ==
        std::vector<std::string>{"www.c.example. 300 IN A 192.0.2.30"});
  CHECK(ask(server, "www.b.example.").rcode() == Rcode::Refused);
  CHECK_FALSE(fs::exists(f.dir / "xfr" / kDatabaseSubdirectory / "b.example.zdb"));
  Reply a = ask(server, "www.a.example.", true);
  CHECK(a.rcode() == Rcode::NoError);
  CHECK(a.count(Section::Authority) == 0);
  CHECK(a.option(kNsid) == std::vector<uint8_t>{'n', 's', '1'});

  // Nothing changed: no new generation.
  CHECK(generation_of(loader.reload()) == second);
}

TEST_CASE("reload-config: a file with errors changes nothing", "[reload-config]") {
  ConfigFixture f;
  f.zone("a.example", "192.0.2.10");
  f.zone("b.example", "192.0.2.20");
  f.write_conf("  reload-config: yes\n", {"a.example"});
  auto loader = f.loader();
  const uint64_t first = generation_of(loader.load());

  f.write_conf("  reload-config: yes\n  minimal-responses: perhaps\n", {"a.example", "b.example"});
  CHECK(generation_of(loader.reload()) == first);
  auto answerer = loader.open_answerer(first);
  REQUIRE(answerer.has_value());
  CHECK(ask(**answerer, "www.b.example.").rcode() == Rcode::Refused);
  CHECK(ask(**answerer, "www.a.example.").count(Section::Authority) == 1);
}

TEST_CASE("reload-config: zonesdir needs a restart, and zone files stay relative to the running one",
          "[reload-config]") {
  ConfigFixture f;
  f.zone("a.example", "192.0.2.10");
  f.write_conf("  reload-config: yes\n", {"a.example"});
  auto loader = f.loader();
  const uint64_t first = generation_of(loader.load());
  fs::create_directories(f.dir / "other");
  write_file(f.dir / "other" / "a.example.zone", zone_text("198.51.100.1"));
  write_file(f.dir / "other" / "b.example.zone", zone_text("198.51.100.2"));
  f.zone("b.example", "192.0.2.20");

  std::string text = "server:\n  reload-config: yes\n  zonesdir: \"" + (f.dir / "other").string() + "\"\n  xfrdir: \"" +
                     (f.dir / "xfr").string() + "\"\n";
  for (const char* name : {"a.example", "b.example"}) {
    text += std::string("zone:\n  name: ") + name + "\n  zonefile: " + name + ".zone\n";
  }
  write_file(f.conf, text);
  const uint64_t second = generation_of(loader.reload());
  REQUIRE(second == first + 1);
  auto answerer = loader.open_answerer(second);
  REQUIRE(answerer.has_value());
  CHECK(ask(**answerer, "www.a.example.").lines(Section::Answer) ==
        std::vector<std::string>{"www.a.example. 300 IN A 192.0.2.10"});
  CHECK(ask(**answerer, "www.b.example.").lines(Section::Answer) ==
        std::vector<std::string>{"www.b.example. 300 IN A 192.0.2.20"});
}

TEST_CASE("without reload-config a reload reads the zone files only", "[reload-config]") {
  ConfigFixture f;
  f.zone("a.example", "192.0.2.10");
  f.zone("b.example", "192.0.2.20");
  f.write_conf("", {"a.example"});
  auto loader = f.loader();
  const uint64_t first = generation_of(loader.load());
  f.write_conf("  minimal-responses: yes\n", {"a.example", "b.example"});
  CHECK(generation_of(loader.reload()) == first);
  auto answerer = loader.open_answerer(first);
  REQUIRE(answerer.has_value());
  CHECK(ask(**answerer, "www.b.example.").rcode() == Rcode::Refused);
}

}  // namespace lnsd
