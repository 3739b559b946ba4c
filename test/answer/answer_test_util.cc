#include "answer_test_util.hh"

#include <arpa/inet.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "dns/message_builder.hh"
#include "dns/rdata.hh"
#include "zone_compile.hh"

namespace lnsd::test {

const char* const kExampleZone = R"(
$TTL 3600
@               SOA     ns1 hostmaster 2026112101 7200 3600 1209600 300
                NS      ns1
                NS      ns2.elsewhere.test.
                MX      10 mail
                A       192.0.2.1
ns1             A       192.0.2.53
                AAAA    2001:db8::53
mail            A       192.0.2.25
www             A       192.0.2.80
                A       192.0.2.81
                AAAA    2001:db8::80
alias           CNAME   www
chain1          CNAME   chain2
chain2          CNAME   www
loop1           CNAME   loop2
loop2           CNAME   loop1
out             CNAME   www.elsewhere.test.
nxtarget        CNAME   nothing
a.b.c           A       192.0.2.10
*.wild          A       192.0.2.100
                MX      10 mail
exists.wild     A       192.0.2.101
*.wc            CNAME   www
dn              DNAME   target
target          A       192.0.2.110
www.target      A       192.0.2.111
sub             NS      ns.sub
                NS      ns.elsewhere.test.
ns.sub          A       192.0.2.200
                AAAA    2001:db8::200
secure          NS      ns.secure
                DS      12345 13 2 6A934B45144E3758911EFA29ED68FB2D420FA7BD568739CDCDA9251FA9609B1E
ns.secure       A       192.0.2.201
_sip._udp       SRV     10 60 5060 sip
sip             A       192.0.2.60
mxwild          MX      10 host.wild
mxglue          MX      10 ns.sub
soaonly         TXT     "x"
)";

namespace {

Name name_of(std::string_view text) {
  auto n = Name::from_text(text);
  REQUIRE(n.has_value());
  return *n;
}

}  // namespace

std::string source_path(std::string_view relative) {
  const char* root = std::getenv("LNSD_SOURCE_ROOT");
  std::string base = root ? root : ".";
  return base + "/" + std::string(relative);
}

std::vector<uint8_t> make_query(const QuerySpec& spec) {
  std::vector<uint8_t> buffer(65535);
  MessageBuilder b(buffer);
  b.header().id = spec.id;
  b.header().flags = spec.flags;
  b.header().set_opcode(spec.opcode);
  REQUIRE(b.add_question(name_of(spec.name), spec.type, spec.cls));
  if (spec.edns) {
    Edns e;
    e.udp_payload_size = spec.payload;
    e.version = spec.edns_version;
    e.set_dnssec_ok(spec.dnssec_ok);
    REQUIRE(add_opt(b, e, spec.options));
  }
  auto wire = b.finish();
  return {wire.begin(), wire.end()};
}

Client client_at(std::string_view address, uint16_t port, Transport transport) {
  Client c;
  c.transport = transport;
  std::string text(address);
  if (text.find(':') != std::string::npos) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&c.address);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    REQUIRE(inet_pton(AF_INET6, text.c_str(), &sin6->sin6_addr) == 1);
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(&c.address);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    REQUIRE(inet_pton(AF_INET, text.c_str(), &sin->sin_addr) == 1);
  }
  return c;
}

AnswerFixture::AnswerFixture() {
  config.identity = "ns.test";
  config.version = "lnsd test";
  config.clock = [] { return uint32_t(1559731985); };
  client = client_at("192.0.2.7", 5353);
}

AnswerFixture& AnswerFixture::zone(std::string_view origin, std::string_view text, ZoneAccess access) {
  Name o = name_of(origin);
  auto image = compile_zone_text(o, std::string("$ORIGIN ") + o.to_text() + "\n" + std::string(text));
  INFO((image ? std::string() : image.error()));
  REQUIRE(image.has_value());
  images_.push_back(std::make_unique<std::vector<uint8_t>>(std::move(*image)));
  auto db = db::ZoneDb::from_memory(*images_.back());
  REQUIRE(db.has_value());
  zones_.add(std::move(*db), std::move(access));
  return *this;
}

AnswerFixture& AnswerFixture::zone_file(std::string_view origin, std::string_view file) {
  Name o = name_of(origin);
  auto image = compile_zone_file(o, source_path("test/answer/zones/" + std::string(file)));
  INFO((image ? std::string() : image.error()));
  REQUIRE(image.has_value());
  images_.push_back(std::make_unique<std::vector<uint8_t>>(std::move(*image)));
  auto db = db::ZoneDb::from_memory(*images_.back());
  REQUIRE(db.has_value());
  zones_.add(std::move(*db));
  return *this;
}

AnswerFixture& AnswerFixture::broken_zone(std::string_view origin, ZoneAccess access) {
  zones_.add_broken(name_of(origin), std::move(access));
  return *this;
}

namespace {

// `result` already holds what answering `buffer` returned.
Reply parsed_reply(AnswerResult result, const std::vector<uint8_t>& buffer) {
  Reply r;
  r.result = result;
  REQUIRE(r.result.length <= buffer.size());
  r.wire.assign(buffer.begin(), buffer.begin() + long(r.result.length));
  if (r.sent()) {
    auto m = parse_message(r.wire);
    INFO("the response does not parse");
    REQUIRE(m.has_value());
    r.message = std::move(*m);
    r.parsed = true;
  }
  return r;
}

}  // namespace

Reply ask_through(const QueryHandler& handler, const QuerySpec& spec) {
  auto query = make_query(spec);
  std::vector<uint8_t> buffer(65535);
  return parsed_reply(handler(query, Client{}, buffer), buffer);
}

Reply AnswerFixture::ask_wire(std::span<const uint8_t> query) const {
  std::vector<uint8_t> buffer(65535);
  return parsed_reply(answer(query, zones_, config, client, buffer), buffer);
}

Rcode Reply::rcode() const {
  uint16_t rcode = message.header.flags & 0xF;
  if (const ParsedRecord* o = opt()) rcode = uint16_t(rcode | (o->ttl >> 24) << 4);
  return Rcode(rcode);
}

std::vector<std::string> Reply::lines(Section s) const {
  std::vector<std::string> out;
  for (const ParsedRecord& r : message.records(s)) {
    if (r.type == RRType::OPT) continue;
    std::string line = r.owner.to_text() + " " + std::to_string(r.ttl) + " " + class_to_text(r.cls) + " " +
                       type_to_text(r.type) + " ";
    auto ok = rdata_to_text(r.type, r.rdata, line);
    REQUIRE(ok.has_value());
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> Reply::owners_and_types(Section s) const {
  std::vector<std::string> out;
  for (const ParsedRecord& r : message.records(s)) {
    if (r.type == RRType::OPT) continue;
    out.push_back(r.owner.to_text() + " " + type_to_text(r.type));
  }
  return out;
}

std::vector<uint8_t> Reply::option(uint16_t code, bool* present) const {
  if (present) *present = false;
  const ParsedRecord* o = opt();
  if (!o) return {};
  EdnsOptionReader reader(o->rdata);
  EdnsOption option;
  while (reader.next(option)) {
    if (option.code == code) {
      if (present) *present = true;
      return {option.data.begin(), option.data.end()};
    }
  }
  return {};
}

std::string Reply::text() const { return parsed ? message_to_text(message) : std::string("(no response)"); }

}  // namespace lnsd::test
