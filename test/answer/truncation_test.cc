// Truncation as NSD does it (RFC 2181 §9, RFC 9471): answer and authority
// RRsets that do not fit set TC; additional ones are left out quietly.
#include <catch2/catch.hpp>

#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

using Lines = std::vector<std::string>;

std::string big_zone() {
  std::string zone = "@ SOA ns1 hostmaster 1 2 3 4 300\n@ NS ns1\n@ NS ns2\n@ NS ns3\n"
                     "ns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\nns2 A 192.0.2.2\nns2 AAAA 2001:db8::2\n"
                     "ns3 A 192.0.2.3\nns3 AAAA 2001:db8::3\n";
  for (int i = 0; i < 6; ++i) zone += "big TXT \"" + std::to_string(i) + std::string(99, 'x') + "\"\n";
  for (int i = 0; i < 4; ++i) zone += "mid TXT \"" + std::to_string(i) + std::string(99, 'y') + "\"\n";
  for (int i = 0; i < 25; ++i) zone += "many A 10.0.0." + std::to_string(i) + "\n";
  zone += "sub NS ns.sub\n";
  for (int i = 0; i < 30; ++i) zone += "sub NS ns" + std::to_string(i) + ".far-away-name-server-" +
                                       std::to_string(i) + ".test.\n";
  zone += "ns.sub A 192.0.2.9\n";
  return zone;
}

AnswerFixture big() {
  AnswerFixture f;
  f.zone("example.", big_zone());
  return f;
}

}  // namespace

TEST_CASE("without EDNS an answer over 512 octets is truncated: TC and no records", "[answer][truncation]") {
  auto f = big();
  auto r = f.ask({.name = "big.example.", .type = RRType::TXT, .edns = false});
  CHECK(r.flag(Header::kTC));
  CHECK(r.flag(Header::kAA));
  CHECK(r.count(Section::Answer) == 0);
  CHECK(r.count(Section::Authority) == 0);
  CHECK(r.count(Section::Additional) == 0);
  CHECK(r.wire.size() <= 512);
}

TEST_CASE("with EDNS the client's payload size allows it", "[answer][truncation]") {
  auto f = big();
  auto r = f.ask({.name = "big.example.", .type = RRType::TXT, .payload = 1232});
  CHECK_FALSE(r.flag(Header::kTC));
  CHECK(r.count(Section::Answer) == 6);
  CHECK(r.wire.size() <= 1232);
}

TEST_CASE("a payload size below 512 counts as 512; above ours, ours", "[answer][truncation]") {
  auto f = big();
  CHECK(f.ask({.name = "mid.example.", .type = RRType::TXT, .payload = 100}).count(Section::Answer) == 4);
  f.config.ipv4_edns_size = 512;
  CHECK(f.ask({.name = "big.example.", .type = RRType::TXT, .payload = 4096}).flag(Header::kTC));
}

TEST_CASE("additional records that do not fit are left out without TC", "[answer][truncation]") {
  auto f = big();
  auto r = f.ask({.name = "mid.example.", .type = RRType::TXT, .edns = false});
  CHECK_FALSE(r.flag(Header::kTC));
  CHECK(r.count(Section::Answer) == 4);
  // The NS of the zone did not fit either: left out, as optional.
  CHECK(r.count(Section::Authority) == 0);
  CHECK(r.count(Section::Additional) == 0);
}

TEST_CASE("the additional section stops at the first RRset that does not fit", "[answer][truncation]") {
  auto f = big();
  // 30 octets of header and question, 25 A records (400), the zone's three
  // NS (54): the first address record fits at 500 octets, the next would
  // not, and there the additional section ends.
  auto r = f.ask({.name = "many.example.", .edns = false});
  CHECK_FALSE(r.flag(Header::kTC));
  CHECK(r.count(Section::Answer) == 25);
  CHECK(r.count(Section::Authority) == 3);
  CHECK(r.owners_and_types(Section::Additional) == Lines{"ns1.example. A"});
  CHECK(r.wire.size() == 500);
}

TEST_CASE("a referral whose NS set does not fit is truncated", "[answer][truncation]") {
  auto f = big();
  auto r = f.ask({.name = "host.sub.example.", .edns = false});
  CHECK(r.flag(Header::kTC));
  CHECK(r.count(Section::Authority) == 0);
}

TEST_CASE("over TCP nothing is truncated", "[answer][truncation]") {
  auto f = big();
  f.client.transport = Transport::Tcp;
  auto r = f.ask({.name = "host.sub.example.", .edns = false});
  CHECK_FALSE(r.flag(Header::kTC));
  CHECK(r.count(Section::Authority) == 31);
  CHECK(r.owners_and_types(Section::Additional) == Lines{"ns.sub.example. A"});
}

TEST_CASE("with a large EDNS size, a UDP response stops adding optional records past 1232 octets",
          "[answer][truncation]") {
  AnswerFixture f;
  std::string zone = big_zone();
  for (int i = 0; i < 12; ++i) {
    std::string target = "t" + std::to_string(i) + std::string(58, 'm');
    zone += "fat MX " + std::to_string(i) + " " + target + "\n" + target + " A 192.0.2." + std::to_string(i) + "\n";
  }
  f.zone("example.", zone);
  f.config.ipv4_edns_size = 4096;
  // The answer, the NS, and address records while the message stays under
  // 1232 octets: the next one (16 octets) would pass it, though 4096 would
  // hold them all. No AAAA record is reached.
  auto r = f.ask({.name = "fat.example.", .type = RRType::MX, .payload = 4096});
  CHECK_FALSE(r.flag(Header::kTC));
  CHECK(r.count(Section::Answer) == 12);
  CHECK(r.count(Section::Authority) == 3);
  const size_t without_opt = r.wire.size() - 11;
  CHECK(without_opt <= 1232);
  CHECK(without_opt + 16 > 1232);
  for (const std::string& line : r.owners_and_types(Section::Additional)) CHECK(line.find("AAAA") == std::string::npos);
  CHECK(r.count(Section::Additional) > 12);
  f.client.transport = Transport::Tcp;
  CHECK(f.ask({.name = "fat.example.", .type = RRType::MX, .payload = 4096}).count(Section::Additional) ==
        12 + 6 + 1);
}

}  // namespace lnsd::test
