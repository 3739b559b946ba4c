// The apex tail (the zone's NS RRset and the addresses of its name servers,
// encoded once per zone) must give the very records, counts and flags the
// general encoding gives, at every response size limit: whether it fits is
// decided as each of its RRsets would be.
#include <catch2/catch.hpp>

#include <string>

#include "answer_test_util.hh"

using namespace lnsd;
using namespace lnsd::test;

namespace {

constexpr std::string_view kZone = R"(
@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300
@ 3600 NS ns1
@ 3600 NS ns2
@ 3600 NS ns.elsewhere.net.
@ 3600 NS x.wild
@ 3600 NS y.wild
@ 3600 MX 10 mail
ns1 3600 A 192.0.2.1
ns1 3600 A 192.0.2.11
ns1 3600 AAAA 2001:db8::1
ns2 7200 A 192.0.2.2
*.wild 3600 A 192.0.2.4
mail 3600 A 192.0.2.25
www 3600 A 192.0.2.80
www 3600 TXT "a text record long enough to matter when the limit is close"
alias 3600 CNAME www
deleg 3600 NS ns.deleg
ns.deleg 3600 A 192.0.2.53
)";

// Enough name servers that the tail crosses every limit between 512 and
// the 1232 octets past which NSD adds no optional records.
std::string many_servers() {
  std::string text(kZone);
  for (int i = 0; i < 24; ++i) {
    const std::string n = "server" + std::to_string(i);
    text += "@ 3600 NS " + n + "\n" + n + " 3600 A 192.0.2." + std::to_string(100 + i) + "\n";
    if (i % 3 == 0) text += n + " 3600 AAAA 2001:db8::" + std::to_string(100 + i) + "\n";
  }
  return text;
}

void check_same(const Reply& tail, const Reply& general) {
  INFO("with the tail:\n" << tail.text() << "\ngeneral:\n" << general.text());
  REQUIRE(tail.sent() == general.sent());
  CHECK(tail.message.header.flags == general.message.header.flags);
  for (Section s : {Section::Answer, Section::Authority, Section::Additional}) {
    CHECK(tail.lines(s) == general.lines(s));
  }
  CHECK(tail.wire.size() <= general.wire.size() + 64);
}

}  // namespace

TEST_CASE("apex tail: the same records as the general encoding at every size", "[answer][apex-tail]") {
  AnswerFixture with_tail;
  with_tail.zone("example.", many_servers());
  AnswerFixture general;
  general.zone("example.", many_servers());
  general.config.use_apex_tail = false;
  REQUIRE(with_tail.zones().zone(0).apex_tail(false).usable());

  size_t compared = 0;
  auto compare_all_queries = [&] {
    for (const char* qname : {"www.example.", "WwW.ExAmPlE.", "ns1.example.", "ns2.example.", "mail.example.",
                              "example.", "alias.example.", "x.wild.example.", "www.deleg.example."}) {
      for (RRType type : {RRType::A, RRType::AAAA, RRType::TXT, RRType::MX, RRType::NS}) {
        for (uint16_t payload = 512; payload <= 2000; payload += 13) {
          QuerySpec spec{.name = qname, .type = type, .payload = payload};
          check_same(with_tail.ask(spec), general.ask(spec));
          ++compared;
        }
        QuerySpec plain{.name = qname, .type = type, .edns = false};
        check_same(with_tail.ask(plain), general.ask(plain));
      }
    }
  };
  // With a server size above 1232, NSD's cap on optional records decides.
  for (uint16_t server_size : {uint16_t(1232), uint16_t(4096)}) {
    for (AnswerConfig* config : {&with_tail.config, &general.config}) {
      config->ipv4_edns_size = config->ipv6_edns_size = server_size;
    }
    for (const char* address : {"192.0.2.7", "2001:db8::7"}) {
      for (Transport transport : {Transport::Udp, Transport::Tcp}) {
        with_tail.client = general.client = client_at(address, 5353, transport);
        compare_all_queries();
      }
    }
  }
  CHECK(compared > 10000);
}

TEST_CASE("apex tail: signed zones, with and without DO", "[answer][apex-tail]") {
  AnswerFixture with_tail;
  with_tail.zone_file("nsec3.test.", "nsec3.test.zone");
  AnswerFixture general;
  general.zone_file("nsec3.test.", "nsec3.test.zone");
  general.config.use_apex_tail = false;
  for (bool dnssec_ok : {false, true}) {
    for (const char* qname : {"www.nsec3.test.", "mail.nsec3.test.", "x.wild.nsec3.test.", "a.b.c.nsec3.test.",
                              "ns1.nsec3.test."}) {
      for (RRType type : {RRType::A, RRType::AAAA, RRType::MX}) {
        for (uint16_t payload : {uint16_t(512), uint16_t(700), uint16_t(1232), uint16_t(4096)}) {
          QuerySpec spec{.name = qname, .type = type, .payload = payload, .dnssec_ok = dnssec_ok};
          check_same(with_tail.ask(spec), general.ask(spec));
        }
      }
    }
  }
}

TEST_CASE("apex tail: records in the order NSD gives for the transport", "[answer][apex-tail]") {
  AnswerFixture f;
  f.zone("example.", kZone);
  Reply v4 = f.ask({.name = "www.example."});
  CHECK(v4.owners_and_types(Section::Authority).size() == 5);
  // The NS records in canonical rdata order (\001x sorts before \003ns1);
  // y.wild is the same wildcard node as x.wild, so its address is not
  // repeated.
  CHECK(v4.owners_and_types(Section::Additional) ==
        std::vector<std::string>{"x.wild.example. A", "ns1.example. A", "ns1.example. A", "ns2.example. A",
                                 "ns1.example. AAAA"});
  f.client = client_at("2001:db8::7", 5353);
  Reply v6 = f.ask({.name = "www.example."});
  CHECK(v6.owners_and_types(Section::Additional) ==
        std::vector<std::string>{"ns1.example. AAAA", "x.wild.example. A", "ns1.example. A", "ns1.example. A",
                                 "ns2.example. A"});
}

TEST_CASE("apex tail: not used where the answer differs", "[answer][apex-tail]") {
  AnswerFixture f;
  f.zone("example.", kZone);
  // A zone without NS at its apex has no tail; the answer has no authority.
  f.zone("bare.", "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\nwww 3600 A 192.0.2.1\n");
  CHECK_FALSE(f.zones().find(*Name::from_text("bare."))->apex_tail(false).usable());
  Reply bare = f.ask({.name = "www.bare."});
  CHECK(bare.count(Section::Authority) == 0);
  // An answer with the address of a name server keeps it in the answer
  // section only.
  Reply ns1 = f.ask({.name = "ns1.example."});
  CHECK(ns1.lines(Section::Answer).size() == 2);
  for (const std::string& line : ns1.lines(Section::Additional)) CHECK(line.find("ns1.example.\t3600\tIN\tA\t") == std::string::npos);
}
