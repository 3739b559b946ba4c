// The message rules of the answer path: which queries are answered, with
// which header, and the errors NSD gives for the rest.
#include <catch2/catch.hpp>

#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

AnswerFixture example() {
  AnswerFixture f;
  f.zone("example.", kExampleZone);
  return f;
}

std::vector<uint8_t> with_header(std::vector<uint8_t> query, uint16_t flags, uint16_t qd, uint16_t an = 0,
                                 uint16_t ns = 0, uint16_t ar = 0) {
  query[2] = uint8_t(flags >> 8);
  query[3] = uint8_t(flags);
  query[4] = uint8_t(qd >> 8);
  query[5] = uint8_t(qd);
  query[6] = uint8_t(an >> 8);
  query[7] = uint8_t(an);
  query[8] = uint8_t(ns >> 8);
  query[9] = uint8_t(ns);
  query[10] = uint8_t(ar >> 8);
  query[11] = uint8_t(ar);
  return query;
}

}  // namespace

TEST_CASE("a response is never answered", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .flags = Header::kQR | Header::kRD});
  CHECK_FALSE(f.ask_wire(q).sent());
}

TEST_CASE("a message shorter than a header is dropped", "[answer][message]") {
  auto f = example();
  std::vector<uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00};
  CHECK_FALSE(f.ask_wire(q).sent());
}

TEST_CASE("a header without a question is FORMERR over UDP and dropped over TCP", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  q.resize(Header::kSize);
  auto udp = f.ask_wire(q);
  REQUIRE(udp.sent());
  CHECK(udp.rcode() == Rcode::FormErr);
  CHECK(udp.flag(Header::kRD));
  CHECK(udp.count(Section::Question) == 0);
  f.client.transport = Transport::Tcp;
  CHECK_FALSE(f.ask_wire(q).sent());
}

TEST_CASE("QDCOUNT other than one is FORMERR with RD cleared", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  auto two = q;
  two.insert(two.end(), q.begin() + Header::kSize, q.end());
  auto r = f.ask_wire(with_header(two, Header::kRD, 2));
  CHECK(r.rcode() == Rcode::FormErr);
  CHECK_FALSE(r.flag(Header::kRD));
  CHECK(r.count(Section::Question) == 0);
  CHECK(r.wire.size() == Header::kSize);
}

TEST_CASE("a question cut short is FORMERR keeping RD", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  q.resize(q.size() - 2);
  auto r = f.ask_wire(q);
  CHECK(r.rcode() == Rcode::FormErr);
  CHECK(r.flag(Header::kRD));
}

TEST_CASE("a compression pointer in the question is FORMERR", "[answer][message]") {
  auto f = example();
  std::vector<uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1};
  CHECK(f.ask_wire(q).rcode() == Rcode::FormErr);
}

TEST_CASE("a query with a non-zero RCODE is FORMERR", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false, .flags = Header::kRD | 5});
  CHECK(f.ask_wire(q).rcode() == Rcode::FormErr);
}

TEST_CASE("records in the answer or authority section of a query are FORMERR", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  // The question again, read as an answer record, is malformed anyway; a
  // count alone is enough for NSD's rule.
  CHECK(f.ask_wire(with_header(q, Header::kRD, 1, 1)).rcode() == Rcode::FormErr);
  CHECK(f.ask_wire(with_header(q, Header::kRD, 1, 0, 1)).rcode() == Rcode::FormErr);
}

TEST_CASE("two OPT records are FORMERR without an OPT in the response", "[answer][message]") {
  auto f = example();
  auto plain = make_query({.name = "www.example.", .edns = false});
  auto with_opt = make_query({.name = "www.example."});
  std::vector<uint8_t> opt(with_opt.begin() + long(plain.size()), with_opt.end());
  auto q = with_opt;
  q.insert(q.end(), opt.begin(), opt.end());
  auto r = f.ask_wire(with_header(q, Header::kRD, 1, 0, 0, 2));
  CHECK(r.rcode() == Rcode::FormErr);
  CHECK(r.opt() == nullptr);
}

TEST_CASE("an additional record other than OPT and TSIG is FORMERR", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  // An A record for the root in the additional section.
  const uint8_t a_record[] = {0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1};
  q.insert(q.end(), std::begin(a_record), std::end(a_record));
  CHECK(f.ask_wire(with_header(q, Header::kRD, 1, 0, 0, 1)).rcode() == Rcode::FormErr);
}

TEST_CASE("trailing octets after the last record are ignored", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example."});
  q.push_back(0);
  CHECK(f.ask_wire(q).rcode() == Rcode::NoError);
}

TEST_CASE("UPDATE and unknown opcodes get NOTIMP with the header alone", "[answer][message]") {
  auto f = example();
  for (Opcode op : {Opcode::Update, Opcode::Status, Opcode(3), Opcode(15)}) {
    auto r = f.ask({.name = "example.", .type = RRType::SOA, .opcode = op});
    REQUIRE(r.sent());
    CHECK(r.rcode() == Rcode::NotImp);
    CHECK(r.message.header.opcode() == op);
    CHECK(r.flag(Header::kRD));
    CHECK(r.wire.size() == Header::kSize);
  }
  f.config.drop_updates = true;
  CHECK_FALSE(f.ask({.name = "example.", .type = RRType::SOA, .opcode = Opcode::Update}).sent());
}

TEST_CASE("NOTIFY without an allow-notify match: REFUSED for a served zone, NXDOMAIN otherwise",
          "[answer][message]") {
  auto f = example();
  auto served = f.ask({.name = "example.", .type = RRType::SOA, .edns = false, .opcode = Opcode::Notify,
                       .flags = Header::kAA});
  CHECK(served.rcode() == Rcode::Refused);
  CHECK(served.message.header.opcode() == Opcode::Notify);
  CHECK(served.count(Section::Question) == 0);
  auto other = f.ask({.name = "other.", .type = RRType::SOA, .edns = false, .opcode = Opcode::Notify});
  CHECK(other.rcode() == Rcode::NXDomain);
}

TEST_CASE("RD is copied, RA stays clear, AD and CD are cleared, AA is set", "[answer][message]") {
  auto f = example();
  auto with_rd = f.ask({.name = "www.example.", .flags = Header::kRD | Header::kCD | Header::kAD});
  CHECK(with_rd.flag(Header::kQR));
  CHECK(with_rd.flag(Header::kRD));
  CHECK(with_rd.flag(Header::kAA));
  CHECK_FALSE(with_rd.flag(Header::kRA));
  CHECK_FALSE(with_rd.flag(Header::kCD));
  CHECK_FALSE(with_rd.flag(Header::kAD));
  auto without_rd = f.ask({.name = "www.example.", .flags = 0});
  CHECK_FALSE(without_rd.flag(Header::kRD));
  CHECK(without_rd.message.header.id == 0x4242);
}

TEST_CASE("the question and answer owners echo the client's letter case", "[answer][message]") {
  auto f = example();
  auto r = f.ask({.name = "WwW.ExAmPle."});
  REQUIRE(r.message.questions.size() == 1);
  CHECK(r.message.questions[0].name.to_text() == "WwW.ExAmPle.");
  REQUIRE_FALSE(r.message.answer.empty());
  CHECK(r.message.answer[0].owner.to_text() == "WwW.ExAmPle.");
  // The zone's NS owner is a suffix of the question, written as a pointer to it.
  CHECK(r.message.authority[0].owner.to_text() == "ExAmPle.");
}

TEST_CASE("names are compressed in every section", "[answer][message]") {
  auto f = example();
  auto r = f.ask({.name = "www.example."});
  // Header 12, question 17, two A records of 16 (owner: a pointer to the
  // question), NS with ns1 (18: owner pointer, "ns1" and a pointer) and
  // ns2.elsewhere.test. (32), ns1's A (16) and AAAA (28) owned by a pointer
  // into the NS rdata, OPT 11.
  CHECK(r.wire.size() == 12 + 17 + 2 * 16 + 18 + 32 + 16 + 28 + 11);
}

TEST_CASE("names outside the served zones are REFUSED with EDE 20", "[answer][message]") {
  auto f = example();
  auto r = f.ask({.name = "www.example.org."});
  CHECK(r.rcode() == Rcode::Refused);
  CHECK_FALSE(r.flag(Header::kAA));
  CHECK(r.count(Section::Question) == 1);
  CHECK(r.option(15) == std::vector<uint8_t>{0, 20});
}

TEST_CASE("a zone that did not load is SERVFAIL with EDE 14", "[answer][message]") {
  AnswerFixture f;
  f.broken_zone("broken.");
  auto r = f.ask({.name = "www.broken."});
  CHECK(r.rcode() == Rcode::ServFail);
  auto ede = r.option(15);
  REQUIRE(ede.size() > 2);
  CHECK(ede[1] == 14);
}

TEST_CASE("classes other than IN, CH and ANY are REFUSED without the question", "[answer][message]") {
  auto f = example();
  auto r = f.ask({.name = "example.", .type = RRType::SOA, .cls = RRClass::HS});
  CHECK(r.rcode() == Rcode::Refused);
  CHECK(r.count(Section::Question) == 0);
  CHECK(r.option(15) == std::vector<uint8_t>{0, 21});
}

TEST_CASE("class ANY is answered without AA and without the SOA of negative answers", "[answer][message]") {
  auto f = example();
  auto positive = f.ask({.name = "www.example.", .cls = RRClass::ANY});
  CHECK(positive.count(Section::Answer) == 2);
  CHECK_FALSE(positive.flag(Header::kAA));
  CHECK(positive.count(Section::Authority) == 0);
  auto negative = f.ask({.name = "nothing.example.", .cls = RRClass::ANY});
  CHECK(negative.rcode() == Rcode::NXDomain);
  CHECK(negative.count(Section::Authority) == 0);
}

TEST_CASE("CHAOS TXT gives the identity and the version, without AA, TTL 0", "[answer][chaos]") {
  auto f = example();
  auto version = f.ask({.name = "VERSION.bind.", .type = RRType::TXT, .cls = RRClass::CH});
  CHECK(version.lines(Section::Answer) == std::vector<std::string>{"VERSION.bind. 0 CH TXT \"lnsd test\""});
  CHECK_FALSE(version.flag(Header::kAA));
  CHECK(f.ask({.name = "version.server.", .type = RRType::TXT, .cls = RRClass::CH}).lines(Section::Answer).size() == 1);
  for (const char* name : {"id.server.", "hostname.bind."}) {
    auto id = f.ask({.name = name, .type = RRType::TXT, .cls = RRClass::CH});
    CHECK(id.lines(Section::Answer) == std::vector<std::string>{std::string(name) + " 0 CH TXT \"ns.test\""});
  }
  auto any = f.ask({.name = "id.server.", .type = RRType::ANY, .cls = RRClass::CH});
  CHECK(any.count(Section::Answer) == 1);
}

TEST_CASE("hidden identity and version, other CHAOS names and types are REFUSED", "[answer][chaos]") {
  auto f = example();
  f.config.hide_version = true;
  f.config.hide_identity = true;
  auto version = f.ask({.name = "version.bind.", .type = RRType::TXT, .cls = RRClass::CH});
  CHECK(version.rcode() == Rcode::Refused);
  CHECK(version.count(Section::Question) == 1);
  CHECK(version.option(15) == std::vector<uint8_t>{0, 18});
  CHECK(f.ask({.name = "id.server.", .type = RRType::TXT, .cls = RRClass::CH}).rcode() == Rcode::Refused);
  auto other = f.ask({.name = "authors.bind.", .type = RRType::TXT, .cls = RRClass::CH});
  CHECK(other.rcode() == Rcode::Refused);
  CHECK(other.option(15) == std::vector<uint8_t>{0, 21});
  f.config.hide_version = false;
  CHECK(f.ask({.name = "version.bind.", .type = RRType::A, .cls = RRClass::CH}).rcode() == Rcode::Refused);
}

TEST_CASE("AXFR over UDP is NOTIMP; IXFR needs provide-xfr", "[answer][message]") {
  AnswerFixture f;
  ZoneAccess access;
  access.provide_xfr.elements.push_back(*conf::parse_acl_element("192.0.2.0/24", "NOKEY"));
  f.zone("example.", kExampleZone, access);
  f.zone("closed.", "@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n");
  auto axfr = f.ask({.name = "example.", .type = RRType::AXFR});
  CHECK(axfr.rcode() == Rcode::NotImp);
  CHECK(axfr.count(Section::Question) == 1);
  auto ixfr = f.ask({.name = "example.", .type = RRType::IXFR});
  CHECK(ixfr.rcode() == Rcode::NoError);
  CHECK(ixfr.owners_and_types(Section::Answer) == std::vector<std::string>{"example. SOA"});
  auto refused = f.ask({.name = "closed.", .type = RRType::IXFR});
  CHECK(refused.rcode() == Rcode::Refused);
  CHECK(refused.option(15) == std::vector<uint8_t>{0, 18});
}

TEST_CASE("refuse-any sends ANY over UDP to TCP with an empty truncated answer", "[answer][message]") {
  auto f = example();
  f.config.refuse_any = true;
  auto udp = f.ask({.name = "www.example.", .type = RRType::ANY});
  CHECK(udp.flag(Header::kTC));
  CHECK(udp.rcode() == Rcode::NoError);
  CHECK(udp.count(Section::Answer) == 0);
  f.client.transport = Transport::Tcp;
  CHECK(f.ask({.name = "www.example.", .type = RRType::ANY}).count(Section::Answer) == 2);
}

TEST_CASE("allow-query refuses other clients with EDE 18 but lets provide-xfr hosts ask the apex SOA",
          "[answer][message]") {
  AnswerFixture f;
  ZoneAccess access;
  access.allow_query.elements.push_back(*conf::parse_acl_element("10.0.0.0/8", "NOKEY"));
  access.provide_xfr.elements.push_back(*conf::parse_acl_element("192.0.2.7", "NOKEY"));
  f.zone("example.", kExampleZone, access);
  auto refused = f.ask({.name = "www.example."});
  CHECK(refused.rcode() == Rcode::Refused);
  CHECK(refused.option(15) == std::vector<uint8_t>{0, 18});
  CHECK(f.ask({.name = "example.", .type = RRType::SOA}).rcode() == Rcode::NoError);
  f.client = client_at("10.1.2.3", 4000);
  CHECK(f.ask({.name = "www.example."}).count(Section::Answer) == 2);
}

TEST_CASE("the answer names the zonestats group of the question's zone, whatever the rcode", "[answer][message]") {
  AnswerFixture f;
  ZoneAccess counted;
  counted.stats_group = 7;
  f.zone("example.", kExampleZone, counted);
  f.zone("other.", "@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nalias CNAME www.example.\n");
  CHECK(f.ask({.name = "www.example."}).result.stats_group == 7);
  CHECK(f.ask({.name = "nothing.example."}).result.stats_group == 7);
  // The question's zone counts, not the zone a CNAME leads to.
  CHECK(f.ask({.name = "alias.other."}).result.stats_group == kNoStatsGroup);
  CHECK(f.ask({.name = "www.elsewhere."}).result.stats_group == kNoStatsGroup);
}

TEST_CASE("a signed query is NOTAUTH with a BADKEY TSIG", "[answer][message]") {
  auto f = example();
  auto q = make_query({.name = "www.example.", .edns = false});
  // TSIG: key "k.", class ANY, TTL 0; hmac-sha256., time, fudge, MAC(2), id, error, other.
  std::vector<uint8_t> tsig = {1, 'k', 0, 0, 250, 0, 255, 0, 0, 0, 0};
  std::vector<uint8_t> rdata = {11, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '2', '5', '6', 0,
                                0,  0,   0x65, 0,  0,  1,   1,   44,  0,   2,   0xAB, 0xCD,
                                0x42, 0x42, 0, 0, 0, 0};
  tsig.push_back(0);
  tsig.push_back(uint8_t(rdata.size()));
  tsig.insert(tsig.end(), rdata.begin(), rdata.end());
  q.insert(q.end(), tsig.begin(), tsig.end());
  auto r = f.ask_wire(with_header(q, Header::kRD, 1, 0, 0, 1));
  CHECK(r.rcode() == Rcode::NotAuth);
  REQUIRE(r.message.additional.size() == 1);
  const ParsedRecord& t = r.message.additional[0];
  CHECK(t.type == RRType::TSIG);
  CHECK(t.owner.to_text() == "k.");
  // error BADKEY (17), no MAC
  CHECK(t.rdata[t.rdata.size() - 3] == 17);
}

}  // namespace lnsd::test
