// EDNS(0) in the answer path (RFC 6891): the OPT record of responses,
// BADVERS, NSID (RFC 5001), cookies (RFC 7873, RFC 9018) and TCP keepalive
// (RFC 7828).
#include <catch2/catch.hpp>

#include "answer_edns.hh"
#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

AnswerFixture example() {
  AnswerFixture f;
  f.zone("example.", kExampleZone);
  return f;
}

std::vector<uint8_t> hex(std::string_view text) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) out.push_back(uint8_t(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  return out;
}

}  // namespace

TEST_CASE("without EDNS there is no OPT in the response", "[answer][edns]") {
  auto f = example();
  auto r = f.ask({.name = "www.example.", .edns = false});
  CHECK(r.opt() == nullptr);
  CHECK(r.rcode() == Rcode::NoError);
}

TEST_CASE("the OPT record carries our payload size for the client's address family", "[answer][edns]") {
  auto f = example();
  f.config.ipv4_edns_size = 1400;
  f.config.ipv6_edns_size = 1220;
  auto v4 = f.ask({.name = "www.example.", .payload = 4096});
  REQUIRE(v4.opt());
  CHECK(uint16_t(v4.opt()->cls) == 1400);
  CHECK((v4.opt()->ttl >> 16 & 0xFF) == 0);  // version 0
  f.client = client_at("2001:db8::1", 53);
  CHECK(uint16_t(f.ask({.name = "www.example."}).opt()->cls) == 1220);
}

TEST_CASE("DO is copied to the response (RFC 3225 §3)", "[answer][edns]") {
  auto f = example();
  CHECK(f.ask({.name = "www.example.", .dnssec_ok = true}).opt()->ttl == 0x8000);
  CHECK(f.ask({.name = "www.example."}).opt()->ttl == 0);
}

TEST_CASE("EDNS version 1 is BADVERS, with the question and the query's flags", "[answer][edns]") {
  auto f = example();
  auto r = f.ask({.name = "www.example.", .dnssec_ok = true, .edns_version = 1,
                  .flags = Header::kRD | Header::kCD});
  CHECK(r.rcode() == Rcode::BadVers);
  CHECK(r.count(Section::Question) == 1);
  CHECK(r.count(Section::Answer) == 0);
  CHECK(r.flag(Header::kCD));
  CHECK(r.flag(Header::kRD));
  REQUIRE(r.opt());
  CHECK(r.opt()->ttl == 0x01000000);  // extended RCODE 1, version 0, no DO
}

TEST_CASE("unknown EDNS options are ignored; a malformed option list is FORMERR", "[answer][edns]") {
  auto f = example();
  const uint8_t data[] = {1, 2, 3};
  auto known = f.ask({.name = "www.example.", .options = {EdnsOption{65001, data}}});
  CHECK(known.rcode() == Rcode::NoError);
  CHECK(known.count(Section::Answer) == 2);
  // An option header announcing more data than the OPT holds.
  auto q = make_query({.name = "www.example."});
  q[q.size() - 1] = 4;  // RDLENGTH 4
  const uint8_t overrun[] = {0xFD, 0xE9, 0, 9};
  q.insert(q.end(), std::begin(overrun), std::end(overrun));
  CHECK(f.ask_wire(q).rcode() == Rcode::FormErr);
}

TEST_CASE("NSID is answered when configured and asked for", "[answer][edns]") {
  auto f = example();
  const std::vector<EdnsOption> ask_nsid = {EdnsOption{3, {}}};
  bool present = true;
  f.ask({.name = "www.example.", .options = ask_nsid}).option(3, &present);
  CHECK_FALSE(present);
  f.config.nsid = {'n', 's', '1'};
  CHECK(f.ask({.name = "www.example.", .options = ask_nsid}).option(3) == std::vector<uint8_t>{'n', 's', '1'});
  f.ask({.name = "www.example."}).option(3, &present);
  CHECK_FALSE(present);
}

TEST_CASE("SipHash-2-4 gives the reference output", "[answer][edns]") {
  std::array<uint8_t, 16> key;
  std::vector<uint8_t> message;
  for (uint8_t i = 0; i < 16; ++i) key[i] = i;
  for (uint8_t i = 0; i < 15; ++i) message.push_back(i);
  CHECK(answer_detail::siphash24(key, message) == 0xa129ca6149be45e5ull);
}

TEST_CASE("server cookies are RFC 9018's: the example of its appendix A.1", "[answer][edns]") {
  auto f = example();
  f.config.answer_cookie = true;
  auto secret = hex("e5e973e5a6b2a43f48e7dc849e37bfcf");
  std::copy(secret.begin(), secret.end(), f.config.cookie_secret.begin());
  f.client = client_at("198.51.100.100", 5353);
  auto client_cookie = hex("2464c4abcf10c957");
  auto r = f.ask({.name = "www.example.", .options = {EdnsOption{10, client_cookie}}});
  CHECK(r.option(10) == hex("2464c4abcf10c957010000005cf79f111f8130c3eee29480"));
  // A client and server cookie: a new server cookie all the same.
  auto both = hex("2464c4abcf10c957010000005cf79f1100000000000000000");
  both.pop_back();
  CHECK(f.ask({.name = "www.example.", .options = {EdnsOption{10, both}}}).option(10).size() == 24);
}

TEST_CASE("a cookie of a wrong length is FORMERR; without answer-cookie cookies are ignored",
          "[answer][edns]") {
  auto f = example();
  const uint8_t bad[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const uint8_t good[] = {1, 2, 3, 4, 5, 6, 7, 8};
  bool present = true;
  auto ignored = f.ask({.name = "www.example.", .options = {EdnsOption{10, bad}}});
  CHECK(ignored.rcode() == Rcode::NoError);
  ignored.option(10, &present);
  CHECK_FALSE(present);
  f.config.answer_cookie = true;
  CHECK(f.ask({.name = "www.example.", .options = {EdnsOption{10, bad}}}).rcode() == Rcode::FormErr);
  CHECK(f.ask({.name = "www.example.", .options = {EdnsOption{10, good}}}).option(10).size() == 24);
}

TEST_CASE("edns-tcp-keepalive is answered over TCP with tcp-timeout", "[answer][edns]") {
  auto f = example();
  f.config.tcp_timeout_seconds = 120;
  const std::vector<EdnsOption> keepalive = {EdnsOption{11, {}}};
  bool present = true;
  f.ask({.name = "www.example.", .options = keepalive}).option(11, &present);
  CHECK_FALSE(present);
  f.client.transport = Transport::Tcp;
  CHECK(f.ask({.name = "www.example.", .options = keepalive}).option(11) == std::vector<uint8_t>{0x04, 0xB0});
}

TEST_CASE("an OPT record without a question gets NOERROR and an OPT, as NSD answers it", "[answer][edns]") {
  auto f = example();
  std::vector<uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 1,
                            0,    0,    41,   0x04, 0xD0, 0, 0, 0, 0, 0, 0};
  auto r = f.ask_wire(q);
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.count(Section::Question) == 0);
  CHECK(r.opt() != nullptr);
}

}  // namespace lnsd::test
