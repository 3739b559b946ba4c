// The message builder: the bytes it writes (checked against dnspython),
// name compression, and the all-or-nothing adds that truncation relies on.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "dns/edns.hh"
#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "dns/parsed_message.hh"
#include "message_vectors.hh"

using namespace lnsd;
using lnsd::test::hex;
using lnsd::test::unhex;

namespace {

Name name(std::string_view text) {
  auto n = Name::from_text(text);
  REQUIRE(n);
  return *n;
}

// Wire rdata with the positions of its names, as rdata_check_wire would
// list them; written out by hand so these tests pin the builder alone.
struct Rdata {
  std::vector<uint8_t> wire;
  RdataNames names;

  Rdata& bytes(std::vector<uint8_t> b) {
    wire.insert(wire.end(), b.begin(), b.end());
    return *this;
  }
  Rdata& u16(uint16_t v) { return bytes({uint8_t(v >> 8), uint8_t(v)}); }
  Rdata& u32(uint32_t v) { return u16(uint16_t(v >> 16)).u16(uint16_t(v)); }
  Rdata& dname(std::string_view text, RdataNameKind kind = RdataNameKind::Compressible) {
    Name n = name(text);
    names.names[names.count++] = RdataName{uint16_t(wire.size()), uint8_t(n.wire_size()), kind};
    wire.insert(wire.end(), n.wire().begin(), n.wire().end());
    return *this;
  }
};

Rdata mx(uint16_t preference, std::string_view exchange) { return Rdata().u16(preference).dname(exchange); }
Rdata ns(std::string_view target) { return Rdata().dname(target); }
Rdata soa(std::string_view mname, std::string_view rname, uint32_t serial) {
  return Rdata().dname(mname).dname(rname).u32(serial).u32(7200).u32(3600).u32(1209600).u32(300);
}
Rdata a(std::vector<uint8_t> address) { return Rdata().bytes(std::move(address)); }

bool add(MessageBuilder& b, Section s, std::string_view owner, uint32_t ttl, RRType type,
         const Rdata& rdata) {
  return b.add_record(s, name(owner), type, RRClass::IN, ttl, rdata.wire, rdata.names);
}

std::string finish_hex(MessageBuilder& b) { return hex(b.finish()); }

std::string expected(std::string_view vector) { return hex(unhex(vector)); }

std::vector<uint8_t> cookie_bytes(uint8_t first, size_t n) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(uint8_t(first + i));
  return out;
}

}  // namespace

TEST_CASE("The builder writes the messages dnspython writes", "[builder]") {
  std::vector<uint8_t> buffer(65535);
  MessageBuilder b(buffer);

  SECTION("a plain query") {
    b.header().id = 0x1234;
    b.header().set_rd(true);
    REQUIRE(b.add_question(name("www.example.com."), RRType::A, RRClass::IN));
    CHECK(finish_hex(b) == expected(test::kQueryPlain));
  }

  SECTION("a query with EDNS options") {
    b.header().id = 0xBEEF;
    b.header().set_rd(true);
    b.header().set_ad(true);
    REQUIRE(b.add_question(name("example.org."), RRType::AAAA, RRClass::IN));
    Edns edns;
    edns.udp_payload_size = 1232;
    edns.set_dnssec_ok(true);
    auto client = cookie_bytes(1, 8);
    const EdnsOption options[] = {{uint16_t(EdnsOptionCode::Nsid), {}},
                                  {uint16_t(EdnsOptionCode::Cookie), client}};
    REQUIRE(add_opt(b, edns, options));
    CHECK(finish_hex(b) == expected(test::kQueryEdns));
  }

  SECTION("owners and rdata names compressed against each other") {
    b.header().id = 0x1234;
    b.header().flags = Header::kQR | Header::kAA | Header::kRD;
    REQUIRE(b.add_question(name("example.com."), RRType::MX, RRClass::IN));
    REQUIRE(add(b, Section::Answer, "example.com.", 3600, RRType::MX, mx(10, "mail.example.com.")));
    REQUIRE(add(b, Section::Answer, "example.com.", 3600, RRType::MX, mx(20, "mx.other.org.")));
    REQUIRE(add(b, Section::Authority, "example.com.", 3600, RRType::NS, ns("ns1.example.com.")));
    REQUIRE(add(b, Section::Authority, "example.com.", 3600, RRType::NS, ns("ns.example.net.")));
    REQUIRE(add(b, Section::Additional, "mail.example.com.", 3600, RRType::A, a({192, 0, 2, 25})));
    REQUIRE(add(b, Section::Additional, "ns1.example.com.", 3600, RRType::AAAA,
                a({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53})));
    Edns edns;
    edns.udp_payload_size = 1232;
    const uint8_t nsid[] = {'n', 's', '1'};
    const EdnsOption options[] = {{uint16_t(EdnsOptionCode::Nsid), nsid}};
    REQUIRE(add_opt(b, edns, options));
    CHECK(finish_hex(b) == expected(test::kResponseMx));
  }

  SECTION("compression ignores case and points to the first spelling") {
    b.header().id = 0x0102;
    b.header().flags = Header::kQR | Header::kAA;
    REQUIRE(b.add_question(name("WWW.Example.COM."), RRType::A, RRClass::IN));
    REQUIRE(add(b, Section::Answer, "www.example.com.", 300, RRType::CNAME, ns("web.EXAMPLE.com.")));
    REQUIRE(add(b, Section::Answer, "web.example.com.", 300, RRType::A, a({192, 0, 2, 80})));
    CHECK(finish_hex(b) == expected(test::kResponseCase));
  }

  SECTION("both names of a SOA") {
    b.header().id = 0xCAFE;
    b.header().flags = Header::kQR | Header::kAA;
    b.header().set_rcode(Rcode::NXDomain);
    REQUIRE(b.add_question(name("nope.example.com."), RRType::A, RRClass::IN));
    REQUIRE(add(b, Section::Authority, "example.com.", 300, RRType::SOA,
                soa("ns1.example.com.", "hostmaster.example.com.", 2024010101)));
    CHECK(finish_hex(b) == expected(test::kResponseNxdomain));
  }

  SECTION("an extended RCODE split between header and OPT") {
    b.header().id = 0x0BAD;
    b.header().set_qr(true);
    b.header().set_rcode(Rcode::BadVers);
    REQUIRE(b.add_question(name("example.com."), RRType::SOA, RRClass::IN));
    Edns edns;
    edns.udp_payload_size = 1232;
    edns.extended_rcode = extended_rcode_bits(Rcode::BadVers);
    REQUIRE(add_opt(b, edns, {}));
    CHECK(finish_hex(b) == expected(test::kResponseBadvers));
  }

  SECTION("a full cookie and padding to a block") {
    b.header().id = 0x7777;
    b.header().flags = Header::kQR | Header::kAA;
    REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
    REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
    Edns edns;
    edns.udp_payload_size = 1232;
    auto cookie = cookie_bytes(1, 8);
    auto server = cookie_bytes(0x11, 16);
    cookie.insert(cookie.end(), server.begin(), server.end());
    const EdnsOption options[] = {{uint16_t(EdnsOptionCode::Cookie), cookie}};
    REQUIRE(add_opt(b, edns, options, 128));
    CHECK(b.size() == 128);
    CHECK(finish_hex(b) == expected(test::kResponsePadded));
  }

  SECTION("a NOTIFY") {
    b.header().id = 0x4242;
    b.header().set_opcode(Opcode::Notify);
    b.header().set_aa(true);
    REQUIRE(b.add_question(name("example.com."), RRType::SOA, RRClass::IN));
    REQUIRE(add(b, Section::Answer, "example.com.", 3600, RRType::SOA,
                soa("ns1.example.com.", "hostmaster.example.com.", 2024010102)));
    CHECK(finish_hex(b) == expected(test::kNotify));
  }
}

TEST_CASE("An owner written as a pointer echoes the question's spelling", "[builder]") {
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("WwW.ExAmPlE.cOm."), RRType::A, RRClass::IN));
  REQUIRE(b.add_record(Section::Answer, NamePointer{12}, RRType::A, RRClass::IN, 60,
                       a({192, 0, 2, 1}).wire, {}));
  auto wire = b.finish();
  // Header, question (17 + 4), then the answer owner as the pointer c00c.
  CHECK(hex(wire.subspan(33, 2)) == "c00c");
  auto parsed = parse_message(wire);
  REQUIRE(parsed);
  REQUIRE(parsed->answer.size() == 1);
  CHECK(parsed->answer[0].owner.to_text() == "WwW.ExAmPlE.cOm.");

  SECTION("a pointer must point to something already written") {
    auto before = hex(b.finish());
    CHECK_FALSE(b.add_record(Section::Answer, NamePointer{uint16_t(b.size())}, RRType::A,
                             RRClass::IN, 60, a({192, 0, 2, 2}).wire, {}));
    CHECK_FALSE(b.add_record(Section::Answer, NamePointer{4}, RRType::A, RRClass::IN, 60,
                             a({192, 0, 2, 2}).wire, {}));
    CHECK(hex(b.finish()) == before);
  }
}

TEST_CASE("Names that may not be compressed are copied and are no targets", "[builder]") {
  // RFC 3597 §4: only the RFC 1035 types compress names in rdata. An SRV
  // target (Canonical) stays whole, and a later name equal to it compresses
  // against the question instead.
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::SRV, RRClass::IN));
  Rdata srv = Rdata().u16(0).u16(0).u16(53).dname("ns.example.com.", RdataNameKind::Canonical);
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::SRV, srv));
  size_t additional_at = b.size();
  REQUIRE(add(b, Section::Additional, "ns.example.com.", 60, RRType::A, a({192, 0, 2, 53})));
  auto wire = b.finish();
  // The SRV rdata is exactly the input: no pointer inside.
  CHECK(hex(wire.subspan(additional_at - srv.wire.size(), srv.wire.size())) == hex(srv.wire));
  // "ns" then a pointer to example.com. in the question.
  CHECK(hex(wire.subspan(additional_at, 5)) == "026e73c00c");

  SECTION("the same holds for Literal names") {
    MessageBuilder b2(buffer);
    REQUIRE(b2.add_question(name("example.com."), RRType::SRV, RRClass::IN));
    Rdata literal = Rdata().dname("ns.example.com.", RdataNameKind::Literal);
    REQUIRE(add(b2, Section::Answer, "example.com.", 60, RRType(65280), literal));
    size_t at = b2.size();
    REQUIRE(add(b2, Section::Additional, "ns.example.com.", 60, RRType::A, a({192, 0, 2, 53})));
    CHECK(hex(b2.finish().subspan(at, 5)) == "026e73c00c");
  }
}

TEST_CASE("Sections are written in order", "[builder]") {
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
  REQUIRE(add(b, Section::Authority, "example.com.", 60, RRType::NS, ns("ns.example.com.")));
  CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  CHECK_FALSE(b.add_question(name("example.net."), RRType::A, RRClass::IN));
  CHECK_FALSE(add(b, Section::Question, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  REQUIRE(add(b, Section::Authority, "example.com.", 60, RRType::NS, ns("ns2.example.com.")));
  REQUIRE(add(b, Section::Additional, "ns.example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  const Header& h = b.header();
  CHECK(h.count(Section::Question) == 1);
  CHECK(h.count(Section::Answer) == 0);
  CHECK(h.count(Section::Authority) == 2);
  CHECK(h.count(Section::Additional) == 1);
  auto parsed = Header::parse(b.finish());
  REQUIRE(parsed);
  CHECK(parsed->counts == h.counts);
}

TEST_CASE("An add that does not fit leaves the message as it was", "[builder][truncation]") {
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::MX, RRClass::IN));
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::MX, mx(10, "mail.example.com.")));
  const std::string before = hex(b.finish());
  const size_t size = b.size();
  const auto counts = b.header().counts;

  // Measure the record on a copy of the state, then try every smaller limit.
  MessageBuilder::Mark m = b.mark();
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::MX, mx(20, "mx.other.example.")));
  const size_t record_size = b.size() - size;
  const std::string with_record = hex(b.finish());
  b.rollback(m);
  CHECK(hex(b.finish()) == before);

  for (size_t limit = size; limit < size + record_size; ++limit) {
    INFO("limit " << limit);
    b.set_limit(limit);
    CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::MX, mx(20, "mx.other.example.")));
    CHECK(b.size() == size);
    CHECK(b.header().counts == counts);
    CHECK(hex(b.finish()) == before);
  }
  b.set_limit(size + record_size);
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::MX, mx(20, "mx.other.example.")));
  CHECK(hex(b.finish()) == with_record);
  CHECK(b.room() == 0);
}

TEST_CASE("Rollback drops a whole RRset and what it taught the compression table",
          "[builder][truncation]") {
  std::array<uint8_t, 1024> buffer{};
  std::array<uint8_t, 1024> reference_buffer{};
  MessageBuilder b(buffer);
  MessageBuilder reference(reference_buffer);
  for (MessageBuilder* m : {&b, &reference}) {
    REQUIRE(m->add_question(name("example.com."), RRType::NS, RRClass::IN));
  }
  // An RRset that is then dropped: its names must not be pointed to later.
  MessageBuilder::Mark mark = b.mark();
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::NS, ns("a.dropped.example.com.")));
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::NS, ns("b.dropped.example.com.")));
  b.rollback(mark);
  CHECK(b.header().count(Section::Answer) == 0);

  for (MessageBuilder* m : {&b, &reference}) {
    REQUIRE(add(*m, Section::Authority, "example.com.", 60, RRType::NS, ns("c.dropped.example.com.")));
    REQUIRE(add(*m, Section::Additional, "a.dropped.example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  }
  CHECK(hex(b.finish()) == hex(reference.finish()));
  auto parsed = parse_message(b.finish());
  REQUIRE(parsed);
  CHECK(parsed->additional[0].owner.to_text() == "a.dropped.example.com.");
}

TEST_CASE("Rollback reopens the section the mark was taken in", "[builder][truncation]") {
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::NS, RRClass::IN));
  MessageBuilder::Mark after_question = b.mark();
  REQUIRE(add(b, Section::Additional, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
  b.rollback(after_question);
  CHECK(add(b, Section::Answer, "example.com.", 60, RRType::A, a({192, 0, 2, 1})));
}

TEST_CASE("Truncating a UDP response: drop what does not fit, set TC", "[builder][truncation]") {
  std::vector<uint8_t> buffer(65535);
  MessageBuilder b(buffer);
  b.set_limit(512);  // RFC 1035 §4.2.1 without EDNS
  b.header().set_qr(true);
  REQUIRE(b.add_question(name("big.example.com."), RRType::A, RRClass::IN));
  MessageBuilder::Mark before_rrset = b.mark();
  bool complete = true;
  for (uint8_t i = 0; i < 40 && complete; ++i) {  // 40 A records need 33 + 40 * 16 octets
    complete = b.add_record(Section::Answer, NamePointer{12}, RRType::A, RRClass::IN, 60,
                            a({192, 0, 2, i}).wire, {});
  }
  REQUIRE_FALSE(complete);
  CHECK(b.size() <= 512);
  b.rollback(before_rrset);
  b.header().set_tc(true);
  auto parsed = parse_message(b.finish());
  REQUIRE(parsed);
  CHECK(parsed->header.tc());
  CHECK(parsed->answer.empty());
  CHECK(parsed->questions.size() == 1);
}

TEST_CASE("Pointers only reach offsets below 0x4000", "[builder]") {
  std::vector<uint8_t> buffer(65535);
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::TXT, RRClass::IN));
  // One large record carries the message past 0x4000.
  Rdata filler;
  filler.wire.assign(0x4000, 'x');
  REQUIRE(add(b, Section::Answer, "example.com.", 60, RRType::NULL_, filler));
  REQUIRE(b.size() > 0x4000);
  REQUIRE(add(b, Section::Answer, "far.away.test.", 60, RRType::A, a({192, 0, 2, 1})));
  REQUIRE(add(b, Section::Answer, "far.away.test.", 60, RRType::A, a({192, 0, 2, 2})));
  REQUIRE(add(b, Section::Answer, "www.example.com.", 60, RRType::A, a({192, 0, 2, 3})));
  auto wire = b.finish();

  MessageReader reader(wire);
  RecordView rr;
  std::vector<size_t> owner_sizes;
  while (reader.next_record(rr)) owner_sizes.push_back(rr.rdata_offset - 10 - rr.owner_offset);
  REQUIRE(reader.done());
  REQUIRE(owner_sizes.size() == 4);
  CHECK(owner_sizes[0] == 2);   // pointer to the question
  CHECK(owner_sizes[1] == 15);  // far.away.test. written whole
  CHECK(owner_sizes[2] == 15);  // ... and again: its first copy is out of reach
  CHECK(owner_sizes[3] == 6);   // "www" and a pointer to example.com. far back

  auto parsed = parse_message(wire);
  REQUIRE(parsed);
  CHECK(parsed->answer[2].owner.to_text() == "far.away.test.");
  CHECK(parsed->answer[3].owner.to_text() == "www.example.com.");
}

TEST_CASE("A full compression table leaves later names whole but correct", "[builder]") {
  std::vector<uint8_t> buffer(65535);
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
  const size_t count = CompressionTable::kCapacity + 100;
  for (size_t i = 0; i < count; ++i) {
    std::string owner = "host" + std::to_string(i) + ".example.com.";
    REQUIRE(add(b, Section::Answer, owner, 60, RRType::A, a({192, 0, 2, uint8_t(i)})));
  }
  // The same names again: early ones are pointers, the last ones (not in the
  // table) are written out again.
  REQUIRE(add(b, Section::Additional, "host0.example.com.", 60, RRType::A, a({192, 0, 2, 0})));
  const std::string last_label = "host" + std::to_string(count - 1);
  const std::string last = last_label + ".example.com.";
  REQUIRE(add(b, Section::Additional, last, 60, RRType::A, a({192, 0, 2, 0})));
  auto wire = b.finish();
  MessageReader reader(wire);
  RecordView rr;
  std::vector<size_t> owner_sizes;
  while (reader.next_record(rr)) {
    if (rr.section == Section::Additional) owner_sizes.push_back(rr.rdata_offset - 10 - rr.owner_offset);
  }
  REQUIRE(reader.done());
  REQUIRE(owner_sizes.size() == 2);
  CHECK(owner_sizes[0] == 2);
  CHECK(owner_sizes[1] == 1 + last_label.size() + 2);  // the label, then a pointer to example.com.

  auto parsed = parse_message(wire);
  REQUIRE(parsed);
  REQUIRE(parsed->answer.size() == count);
  for (size_t i = 0; i < count; ++i) {
    CHECK(parsed->answer[i].owner.to_text() == "host" + std::to_string(i) + ".example.com.");
  }
  CHECK(parsed->additional[1].owner.to_text() == last);
}

TEST_CASE("Records written in pieces", "[builder]") {
  std::array<uint8_t, 64> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
  const size_t size = b.size();

  SECTION("begin, append, end") {
    REQUIRE(b.begin_record(Section::Additional, Name(), RRType(65280), RRClass::IN, 7));
    CHECK_FALSE(add(b, Section::Additional, "example.com.", 60, RRType::A, a({1, 2, 3, 4})));
    const uint8_t part[] = {1, 2, 3};
    REQUIRE(b.append_rdata(part));
    REQUIRE(b.append_rdata_zeros(2));
    b.end_record();
    CHECK(b.header().count(Section::Additional) == 1);
    auto wire = b.finish();
    CHECK(hex(wire.subspan(size)) == "00" "ff00" "0001" "00000007" "0005" "0102030000");
  }

  SECTION("an append that does not fit drops the record") {
    REQUIRE(b.begin_record(Section::Additional, Name(), RRType(65280), RRClass::IN, 7));
    std::vector<uint8_t> big(64, 0);
    CHECK_FALSE(b.append_rdata(big));
    CHECK(b.size() == size);
    CHECK(b.header().count(Section::Additional) == 0);
    CHECK_FALSE(b.append_rdata(std::span<const uint8_t>(big).first(1)));
    REQUIRE(add(b, Section::Additional, "example.com.", 60, RRType::A, a({1, 2, 3, 4})));
  }

  SECTION("zeros that do not fit drop the record") {
    REQUIRE(b.begin_record(Section::Additional, Name(), RRType(65280), RRClass::IN, 7));
    CHECK_FALSE(b.append_rdata_zeros(64));
    CHECK(b.size() == size);
  }
}

TEST_CASE("Malformed rdata name positions are refused", "[builder]") {
  std::array<uint8_t, 512> buffer{};
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::MX, RRClass::IN));
  const size_t size = b.size();
  Rdata good = mx(10, "mail.example.com.");

  Rdata past_end = good;
  past_end.names.names[0].length = uint8_t(past_end.names.names[0].length + 1);
  CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::MX, past_end));

  Rdata not_a_name = good;  // the listed span ends before the root label
  not_a_name.names.names[0].length = uint8_t(not_a_name.names.names[0].length - 1);
  CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::MX, not_a_name));

  Rdata overlapping = Rdata().dname("a.example.").dname("b.example.");
  overlapping.names.names[1].offset = 1;
  CHECK_FALSE(add(b, Section::Answer, "example.com.", 60, RRType::MINFO, overlapping));

  CHECK(b.size() == size);
  CHECK(b.header().count(Section::Answer) == 0);
  CHECK(add(b, Section::Answer, "example.com.", 60, RRType::MX, good));
}

TEST_CASE("The builder's buffer bounds", "[builder]") {
  SECTION("a buffer shorter than a header takes nothing") {
    std::array<uint8_t, 11> tiny{};
    MessageBuilder b(tiny);
    CHECK_FALSE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
    CHECK(b.finish().empty());
  }
  SECTION("a header alone") {
    std::array<uint8_t, 12> exact{};
    MessageBuilder b(exact);
    b.header().id = 0xABCD;
    CHECK_FALSE(b.add_question(Name(), RRType::A, RRClass::IN));
    CHECK(hex(b.finish()) == "abcd00000000000000000000");
  }
  SECTION("at most 65535 octets are used") {
    std::vector<uint8_t> large(70000);
    MessageBuilder b(large);
    CHECK(b.limit() == 65535);
    b.set_limit(100000);
    CHECK(b.limit() == 65535);
  }
}
