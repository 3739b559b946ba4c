// EDNS(0): the OPT fields (RFC 6891), option framing, the options lnsd acts
// on and their length rules, and the OPT writer.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "dns/edns.hh"
#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "message_vectors.hh"

using namespace lnsd;
using lnsd::test::hex;
using lnsd::test::unhex;

namespace {

// OPT rdata from (code, data) pairs.
std::vector<uint8_t> options_wire(std::initializer_list<std::pair<uint16_t, std::vector<uint8_t>>> options) {
  std::vector<uint8_t> out;
  for (const auto& [code, data] : options) {
    out.insert(out.end(), {uint8_t(code >> 8), uint8_t(code), uint8_t(data.size() >> 8),
                           uint8_t(data.size())});
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

std::vector<uint8_t> octets(size_t n, uint8_t first = 1) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(uint8_t(first + i));
  return out;
}

constexpr uint16_t kNsid = uint16_t(EdnsOptionCode::Nsid);
constexpr uint16_t kCookie = uint16_t(EdnsOptionCode::Cookie);
constexpr uint16_t kKeepalive = uint16_t(EdnsOptionCode::TcpKeepalive);
constexpr uint16_t kPadding = uint16_t(EdnsOptionCode::Padding);

// The OPT of a finished message, found and parsed the way the answer path does.
OptRecord opt_of(std::span<const uint8_t> wire) {
  MessageReader reader(wire);
  auto meta = find_meta_records(reader);
  REQUIRE(meta);
  REQUIRE(meta->opt);
  auto opt = parse_opt(wire, *meta->opt);
  REQUIRE(opt);
  return *opt;
}

}  // namespace

TEST_CASE("The OPT fields of a dnspython query", "[edns]") {
  auto wire = unhex(test::kQueryEdns);
  OptRecord opt = opt_of(wire);
  CHECK(opt.edns.udp_payload_size == 1232);
  CHECK(opt.edns.version == 0);
  CHECK(opt.edns.extended_rcode == 0);
  CHECK(opt.edns.dnssec_ok());
  CHECK(opt.edns.flags == Edns::kDO);

  EdnsOptionReader reader(opt.options);
  EdnsOption o;
  REQUIRE(reader.next(o));
  CHECK(o.code == kNsid);
  CHECK(o.data.empty());
  REQUIRE(reader.next(o));
  CHECK(o.code == kCookie);
  CHECK(hex(o.data) == "0102030405060708");
  // Options are views into the message, not copies.
  CHECK(o.data.data() >= wire.data());
  CHECK(o.data.data() + o.data.size() == wire.data() + wire.size());
  CHECK_FALSE(reader.next(o));
  CHECK_FALSE(reader.failed());

  auto query = parse_query_options(opt.options);
  REQUIRE(query);
  CHECK(query->nsid);
  CHECK(query->has_cookie());
  CHECK(hex(query->client_cookie) == "0102030405060708");
  CHECK(query->server_cookie.empty());
  CHECK_FALSE(query->tcp_keepalive);
  CHECK_FALSE(query->padding);
}

TEST_CASE("The TTL of OPT holds extended RCODE, version and flags", "[edns]") {
  Edns e;
  e.extended_rcode = 0x12;
  e.version = 0x34;
  e.flags = 0x8001;
  CHECK(e.ttl() == 0x12348001u);
  auto parsed = parse_opt(RRClass(4096), 0x12348001u, {});
  REQUIRE(parsed);
  CHECK(parsed->edns.udp_payload_size == 4096);
  CHECK(parsed->edns.extended_rcode == 0x12);
  CHECK(parsed->edns.version == 0x34);
  CHECK(parsed->edns.flags == 0x8001);
  CHECK(parsed->edns.dnssec_ok());
  e.set_dnssec_ok(false);
  CHECK(e.flags == 0x0001);
}

TEST_CASE("The 12-bit RCODE is split between header and OPT", "[edns]") {
  // RFC 6891 §6.1.3: the OPT holds the upper 8 bits.
  CHECK(extended_rcode_bits(Rcode::NXDomain) == 0);
  CHECK(extended_rcode_bits(Rcode::BadVers) == 1);
  CHECK(extended_rcode_bits(Rcode::BadCookie) == 1);
  Header h;
  h.set_rcode(Rcode::BadCookie);
  Edns e;
  e.extended_rcode = extended_rcode_bits(Rcode::BadCookie);
  CHECK(full_rcode(h, e) == Rcode::BadCookie);

  auto wire = unhex(test::kResponseBadvers);
  auto header = Header::parse(wire);
  REQUIRE(header);
  CHECK(header->rcode() == Rcode::NoError);
  CHECK(full_rcode(*header, opt_of(wire).edns) == Rcode::BadVers);
}

TEST_CASE("Options are framed inside the rdata", "[edns]") {
  SECTION("unknown options are passed over and still listed") {
    auto rdata = options_wire({{65001, {'a', 'b', 'c'}}, {kNsid, {}}, {9, {}}});
    EdnsOptionReader reader(rdata);
    EdnsOption o;
    REQUIRE(reader.next(o));
    CHECK(o.code == 65001);
    CHECK(hex(o.data) == "616263");
    REQUIRE(reader.next(o));
    CHECK(o.code == kNsid);
    REQUIRE(reader.next(o));
    CHECK(o.code == 9);
    CHECK_FALSE(reader.next(o));
    CHECK_FALSE(reader.failed());
    auto query = parse_query_options(rdata);
    REQUIRE(query);
    CHECK(query->nsid);
    CHECK_FALSE(query->has_cookie());
  }
  SECTION("empty rdata has no options") {
    EdnsOptionReader reader({});
    EdnsOption o;
    CHECK_FALSE(reader.next(o));
    CHECK_FALSE(reader.failed());
  }
  SECTION("every truncation of an option list fails cleanly") {
    auto rdata = options_wire({{kNsid, {}}, {kCookie, octets(8)}, {65001, {1, 2}}});
    // Cuts at an option boundary leave a shorter valid list.
    const size_t boundaries[] = {0, 4, 16, 22};
    for (size_t n = 0; n < rdata.size(); ++n) {
      INFO("cut to " << n);
      auto cut = std::span<const uint8_t>(rdata).first(n);
      bool boundary = std::find(std::begin(boundaries), std::end(boundaries), n) != std::end(boundaries);
      EdnsOptionReader reader(cut);
      EdnsOption o;
      size_t seen = 0;
      while (reader.next(o)) ++seen;
      CHECK(reader.failed() == !boundary);
      CHECK(bool(parse_opt(RRClass(512), 0, cut)) == boundary);
      if (!boundary) CHECK(parse_opt(RRClass(512), 0, cut).error() == EdnsError::BadOptionList);
      CHECK(bool(parse_query_options(cut)) == boundary);
    }
  }
  SECTION("a length past the end") {
    auto rdata = options_wire({{kNsid, {1, 2, 3}}});
    rdata[3] = 4;
    CHECK(parse_opt(RRClass(512), 0, rdata).error() == EdnsError::BadOptionList);
    CHECK(parse_query_options(rdata).error() == EdnsError::BadOptionList);
  }
}

TEST_CASE("COOKIE lengths (RFC 7873 §4, §5.2.2)", "[edns][cookie]") {
  for (size_t n = 0; n <= 48; ++n) {
    INFO("cookie of " << n << " octets");
    auto rdata = options_wire({{kCookie, octets(n)}});
    auto q = parse_query_options(rdata);
    bool valid = n == 8 || (n >= 16 && n <= 40);
    REQUIRE(bool(q) == valid);
    if (valid) {
      CHECK(q->client_cookie.size() == 8);
      CHECK(q->server_cookie.size() == n - 8);
      CHECK(hex(q->client_cookie) == "0102030405060708");
    } else {
      CHECK(q.error() == EdnsError::BadCookieLength);
    }
  }
  SECTION("the first cookie counts; a later malformed one is still FORMERR") {
    auto two = options_wire({{kCookie, octets(8, 0x10)}, {kCookie, octets(16, 0x20)}});
    auto q = parse_query_options(two);
    REQUIRE(q);
    CHECK(q->client_cookie[0] == 0x10);
    CHECK(q->server_cookie.empty());
    auto bad_second = options_wire({{kCookie, octets(8)}, {kCookie, octets(12)}});
    CHECK(parse_query_options(bad_second).error() == EdnsError::BadCookieLength);
  }
}

TEST_CASE("edns-tcp-keepalive lengths (RFC 7828 §3.1)", "[edns]") {
  auto empty = parse_query_options(options_wire({{kKeepalive, {}}}));
  REQUIRE(empty);
  CHECK(empty->tcp_keepalive);
  CHECK_FALSE(empty->keepalive_timeout);

  // A query must not carry a TIMEOUT (§3.2.1); the caller decides what to do.
  auto timeout = parse_query_options(options_wire({{kKeepalive, {0x01, 0x2c}}}));
  REQUIRE(timeout);
  CHECK(timeout->keepalive_timeout == 300);

  for (size_t n : {1, 3, 4}) {
    INFO(n << " octets");
    CHECK(parse_query_options(options_wire({{kKeepalive, octets(n)}})).error() ==
          EdnsError::BadKeepaliveLength);
  }
  CHECK(keepalive_option_data(300) == std::array<uint8_t, 2>{0x01, 0x2c});
}

TEST_CASE("PADDING in a query asks for a padded response (RFC 7830 §4)", "[edns]") {
  auto q = parse_query_options(options_wire({{kPadding, std::vector<uint8_t>(20, 0)}}));
  REQUIRE(q);
  CHECK(q->padding);
  CHECK_FALSE(q->nsid);
}

TEST_CASE("The OPT writer", "[edns][builder]") {
  std::vector<uint8_t> buffer(4096);
  MessageBuilder b(buffer);
  auto q = Name::from_text("example.com.");
  REQUIRE(q);
  REQUIRE(b.add_question(*q, RRType::A, RRClass::IN));
  const size_t before = b.size();

  SECTION("options round-trip through the wire") {
    const uint8_t nsid[] = {'n', 's', '1'};
    auto cookie = octets(24);
    auto keepalive = keepalive_option_data(1200);
    const uint8_t unknown[] = {0xAA};
    const EdnsOption options[] = {{kNsid, nsid},
                                  {kCookie, cookie},
                                  {kKeepalive, keepalive},
                                  {65001, unknown}};
    Edns edns;
    edns.udp_payload_size = 1400;
    edns.version = 0;
    edns.extended_rcode = extended_rcode_bits(Rcode::BadCookie);
    edns.set_dnssec_ok(true);
    REQUIRE(add_opt(b, edns, options));
    CHECK(b.size() - before == opt_record_size(options));
    CHECK(b.header().count(Section::Additional) == 1);

    auto wire = b.finish();
    OptRecord opt = opt_of(wire);
    CHECK(opt.edns.udp_payload_size == 1400);
    CHECK(opt.edns.extended_rcode == 1);
    CHECK(opt.edns.dnssec_ok());
    EdnsOptionReader reader(opt.options);
    EdnsOption o;
    for (const EdnsOption& expected : options) {
      REQUIRE(reader.next(o));
      CHECK(o.code == expected.code);
      CHECK(hex(o.data) == hex(expected.data));
    }
    CHECK_FALSE(reader.next(o));
    CHECK_FALSE(reader.failed());
  }

  SECTION("padding brings the message to a multiple of the block") {
    for (size_t extra = 0; extra < 40; ++extra) {
      INFO("extra option data " << extra);
      MessageBuilder::Mark m = b.mark();
      auto data = octets(extra);
      const EdnsOption options[] = {{65001, data}};
      REQUIRE(add_opt(b, Edns{}, options, 468));
      CHECK(b.size() == 468);
      auto wire = b.finish();
      EdnsOptionReader reader(opt_of(wire).options);
      EdnsOption o;
      REQUIRE(reader.next(o));
      REQUIRE(reader.next(o));
      CHECK(o.code == kPadding);
      CHECK(o.data.size() == 468 - (before + 11 + 4 + extra + 4));
      for (uint8_t byte : o.data) CHECK(byte == 0);
      b.rollback(m);
    }
  }

  SECTION("a message already on a block boundary gets an empty PADDING") {
    // 29 octets so far and 15 of OPT with an empty PADDING: 44.
    REQUIRE(add_opt(b, Edns{}, {}, 44));
    CHECK(b.size() == 44);
    EdnsOptionReader reader(opt_of(b.finish()).options);
    EdnsOption o;
    REQUIRE(reader.next(o));
    CHECK(o.code == kPadding);
    CHECK(o.data.empty());
  }

  SECTION("padding stops at the limit") {
    b.set_limit(before + 11 + 4 + 10);
    REQUIRE(add_opt(b, Edns{}, {}, 468));
    CHECK(b.size() == b.limit());
  }

  SECTION("no room even for the PADDING header: no padding") {
    b.set_limit(before + 11 + 3);
    REQUIRE(add_opt(b, Edns{}, {}, 468));
    CHECK(b.size() == before + 11);
  }

  SECTION("an OPT that does not fit is not written at all") {
    const uint8_t nsid[] = {'n', 's', '1'};
    const EdnsOption options[] = {{kNsid, nsid}};
    for (size_t limit = before; limit < before + opt_record_size(options); ++limit) {
      b.set_limit(limit);
      CHECK_FALSE(add_opt(b, Edns{}, options));
      CHECK(b.size() == before);
      CHECK(b.header().count(Section::Additional) == 0);
    }
    b.set_limit(before + opt_record_size(options));
    CHECK(add_opt(b, Edns{}, options));
  }
}

TEST_CASE("Options as text", "[edns][text]") {
  auto text = [](uint16_t code, std::vector<uint8_t> data) {
    std::string out;
    append_option_text(EdnsOption{code, data}, out);
    return out;
  };
  CHECK(text(kNsid, {'n', 's', '1'}) == "NSID: 6e7331 (\"ns1\")");
  CHECK(text(kCookie, octets(8)) == "COOKIE: 0102030405060708");
  CHECK(text(kKeepalive, {0x01, 0x2c}) == "TCP-KEEPALIVE: 30.0 secs");
  CHECK(text(kKeepalive, {}) == "TCP-KEEPALIVE:");
  CHECK(text(kPadding, std::vector<uint8_t>(12, 0)) == "PADDING: 12 octets");
  CHECK(text(65001, {0xAB}) == "OPT=65001: ab");
  CHECK(edns_option_name(15) == "EDE");
}
