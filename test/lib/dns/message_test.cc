// The message header, the forward-only reader, the meta-record checks, and
// the owning parse and text form. Well-formed inputs are messages dnspython
// wrote (message_vectors.inc); malformed ones are written out by hand.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "dns/parsed_message.hh"
#include "message_vectors.hh"

using namespace lnsd;
using lnsd::test::hex;
using lnsd::test::unhex;

namespace {

const std::pair<const char*, std::string_view> kVectors[] = {
    {"query", test::kQueryPlain},         {"query with EDNS", test::kQueryEdns},
    {"MX response", test::kResponseMx},   {"mixed case", test::kResponseCase},
    {"NXDOMAIN", test::kResponseNxdomain}, {"BADVERS", test::kResponseBadvers},
    {"padded", test::kResponsePadded},    {"NOTIFY", test::kNotify},
};

Name name(std::string_view text) {
  auto n = Name::from_text(text);
  REQUIRE(n);
  return *n;
}

// Reads everything and returns the reader's verdict.
std::optional<MessageError> read_all(std::span<const uint8_t> wire) {
  MessageReader reader(wire);
  Question q;
  while (reader.next_question(q)) {
  }
  RecordView rr;
  while (reader.next_record(rr)) {
  }
  if (!reader.error()) REQUIRE(reader.done());
  return reader.error();
}

// A header with the given counts, id 1, flags 0.
std::string header_hex(int qd, int an, int ns, int ar) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "00010000%04x%04x%04x%04x", qd, an, ns, ar);
  return buf;
}

const RdataNames kNoNames{};

}  // namespace

TEST_CASE("Header fields and flags", "[message]") {
  auto wire = unhex(test::kResponseMx);
  auto h = Header::parse(wire);
  REQUIRE(h);
  CHECK(h->id == 0x1234);
  CHECK(h->qr());
  CHECK(h->aa());
  CHECK(h->rd());
  CHECK_FALSE(h->tc());
  CHECK_FALSE(h->ra());
  CHECK_FALSE(h->ad());
  CHECK_FALSE(h->cd());
  CHECK(h->opcode() == Opcode::Query);
  CHECK(h->rcode() == Rcode::NoError);
  CHECK(h->count(Section::Question) == 1);
  CHECK(h->count(Section::Answer) == 2);
  CHECK(h->count(Section::Authority) == 2);
  CHECK(h->count(Section::Additional) == 3);

  SECTION("opcode and rcode keep to their bits") {
    Header x;
    x.flags = 0xFFFF;
    x.set_opcode(Opcode::Notify);
    x.set_rcode(Rcode::Refused);
    CHECK(x.flags == (0xFFFF & ~0x7800 & ~0xF | 4 << 11 | 5));
    CHECK(x.opcode() == Opcode::Notify);
    CHECK(x.rcode() == Rcode::Refused);
    // Only the low 4 bits of an extended RCODE fit in the header.
    x.set_rcode(Rcode::BadCookie);
    CHECK(x.rcode() == Rcode(23 & 0xF));
  }

  SECTION("each flag is its own bit (RFC 1035 §4.1.1, RFC 4035 §3.2)") {
    Header x;
    x.set_qr(true);
    CHECK(x.flags == 0x8000);
    x.set_qr(false);
    x.set_aa(true);
    CHECK(x.flags == 0x0400);
    x.set_aa(false);
    x.set_tc(true);
    CHECK(x.flags == 0x0200);
    x.set_tc(false);
    x.set_rd(true);
    CHECK(x.flags == 0x0100);
    x.set_rd(false);
    x.set_ra(true);
    CHECK(x.flags == 0x0080);
    x.set_ra(false);
    x.set_ad(true);
    CHECK(x.flags == 0x0020);
    x.set_ad(false);
    x.set_cd(true);
    CHECK(x.flags == 0x0010);
  }

  SECTION("write and parse are inverses") {
    Header x;
    x.id = 0xA1B2;
    x.flags = 0x8583;
    x.counts = {1, 2, 3, 65535};
    std::array<uint8_t, 12> out{};
    x.write(out);
    CHECK(hex(out) == "a1b28583" "0001" "0002" "0003" "ffff");
    auto back = Header::parse(out);
    REQUIRE(back);
    CHECK(back->id == x.id);
    CHECK(back->flags == x.flags);
    CHECK(back->counts == x.counts);
  }

  SECTION("fewer than 12 octets is no header") {
    CHECK(Header::parse(std::span(wire).first(11)).error() == MessageError::ShortHeader);
  }

  SECTION("text forms") {
    CHECK(opcode_to_text(Opcode::Query) == "QUERY");
    CHECK(opcode_to_text(Opcode::Notify) == "NOTIFY");
    CHECK(opcode_to_text(Opcode(3)) == "OPCODE3");
    CHECK(rcode_to_text(Rcode::NXDomain) == "NXDOMAIN");
    CHECK(rcode_to_text(Rcode::BadCookie) == "BADCOOKIE");
    CHECK(rcode_to_text(Rcode(12)) == "RCODE12");
  }
}

TEST_CASE("The reader walks question and records in order", "[message]") {
  auto wire = unhex(test::kResponseMx);
  MessageReader reader(wire);
  REQUIRE_FALSE(reader.error());
  CHECK(reader.header().id == 0x1234);

  Question q;
  REQUIRE(reader.next_question(q));
  CHECK(q.name == name("example.com."));
  CHECK(q.type == RRType::MX);
  CHECK(q.cls == RRClass::IN);
  CHECK(q.name_offset == 12);
  CHECK_FALSE(reader.next_question(q));

  struct Expect {
    Section section;
    const char* owner;
    RRType type;
    uint16_t rdlength;
  };
  const Expect expect[] = {
      {Section::Answer, "example.com.", RRType::MX, 9},       // 10, "mail" + pointer
      {Section::Answer, "example.com.", RRType::MX, 16},      // 20, mx.other.org. whole
      {Section::Authority, "example.com.", RRType::NS, 6},    // "ns1" + pointer
      {Section::Authority, "example.com.", RRType::NS, 16},   // ns.example.net. whole
      {Section::Additional, "mail.example.com.", RRType::A, 4},
      {Section::Additional, "ns1.example.com.", RRType::AAAA, 16},
      {Section::Additional, ".", RRType::OPT, 7},
  };
  RecordView rr;
  size_t i = 0;
  std::vector<RecordView> seen;
  while (reader.next_record(rr)) {
    REQUIRE(i < std::size(expect));
    INFO("record " << i);
    CHECK(rr.section == expect[i].section);
    auto owner = rr.owner(wire);
    REQUIRE(owner);
    CHECK(owner->to_text() == expect[i].owner);
    CHECK(rr.type == expect[i].type);
    CHECK(rr.rdlength == expect[i].rdlength);
    seen.push_back(rr);
    ++i;
  }
  CHECK(i == std::size(expect));
  CHECK_FALSE(reader.error());
  CHECK(reader.done());
  CHECK(reader.trailing_size() == 0);
  CHECK(reader.position() == wire.size());

  CHECK(seen[0].ttl == 3600);
  CHECK(seen[0].cls == RRClass::IN);
  CHECK(hex(seen[4].rdata(wire)) == "c0000219");
  CHECK(seen[6].cls == RRClass(1232));  // OPT: the UDP payload size
  CHECK(seen[6].end() == wire.size());
}

TEST_CASE("Records can be read without reading the questions", "[message]") {
  auto wire = unhex(test::kResponseCase);
  MessageReader reader(wire);
  RecordView rr;
  REQUIRE(reader.next_record(rr));
  CHECK(rr.type == RRType::CNAME);
  CHECK(rr.owner_offset == 33);
  Question q;
  CHECK_FALSE(reader.next_question(q));
  REQUIRE(reader.next_record(rr));
  CHECK(rr.type == RRType::A);
  CHECK_FALSE(reader.next_record(rr));
  CHECK(reader.done());
}

TEST_CASE("Every truncation of a valid message is rejected", "[message][truncation]") {
  for (const auto& [label, vector] : kVectors) {
    auto wire = unhex(vector);
    REQUIRE(read_all(wire) == std::nullopt);
    REQUIRE(parse_message(wire));
    for (size_t n = 0; n < wire.size(); ++n) {
      INFO(label << " cut to " << n << " of " << wire.size() << " octets");
      auto cut = std::span<const uint8_t>(wire).first(n);
      auto error = read_all(cut);
      REQUIRE(error);
      CHECK(*error == (n < 12 ? MessageError::ShortHeader : MessageError::Truncated));
      auto parsed = parse_message(cut);
      REQUIRE_FALSE(parsed);
      CHECK(parsed.error() == *error);
    }
  }
}

TEST_CASE("Counts larger than what the message holds are errors", "[message]") {
  auto wire = unhex(test::kQueryPlain);
  for (size_t count_at : {4, 6, 8, 10}) {
    INFO("count at offset " << count_at);
    auto bumped = wire;
    ++bumped[count_at + 1];
    CHECK(read_all(bumped) == MessageError::Truncated);
    CHECK(parse_message(bumped).error() == MessageError::Truncated);
  }
  SECTION("a count of 65535 over a short message") {
    auto huge = wire;
    huge[8] = 0xFF;
    huge[9] = 0xFF;
    CHECK(read_all(huge) == MessageError::Truncated);
  }
  SECTION("rdlength beyond the end") {
    auto msg = unhex(test::kResponseCase);
    msg[msg.size() - 5] = 5;  // RDLENGTH of the last A record: 4 -> 5
    CHECK(read_all(msg) == MessageError::Truncated);
  }
}

TEST_CASE("Trailing octets are detected", "[message]") {
  auto wire = unhex(test::kQueryPlain);
  wire.insert(wire.end(), {0xDE, 0xAD, 0xBE});
  MessageReader reader(wire);
  Question q;
  REQUIRE(reader.next_question(q));
  RecordView rr;
  CHECK_FALSE(reader.next_record(rr));
  CHECK(reader.done());
  CHECK(reader.trailing_size() == 3);
  auto parsed = parse_message(wire);
  REQUIRE(parsed);
  CHECK(parsed->trailing_size == 3);
}

TEST_CASE("Compression pointers must point backwards", "[message]") {
  const std::string q1 = header_hex(1, 0, 0, 0);
  SECTION("a question name pointing at itself") {
    CHECK(read_all(unhex(q1 + "c00c" "00010001")) == MessageError::BadName);
  }
  SECTION("a question name pointing forward") {
    CHECK(read_all(unhex(q1 + "c00e" "0161" "00" "00010001")) == MessageError::BadName);
  }
  SECTION("a loop through an earlier label") {
    // "a" then a pointer back to "a": backwards, but it never ends.
    CHECK(read_all(unhex(q1 + "0161c00c" "00010001")) == MessageError::BadName);
  }
  SECTION("a pointer out of the message") {
    CHECK(read_all(unhex(q1 + "ffff" "00010001")) == MessageError::BadName);
  }
  SECTION("label types 0x40 and 0x80 (RFC 6891 §5)") {
    CHECK(read_all(unhex(q1 + "4161" "00" "00010001")) == MessageError::BadName);
    CHECK(read_all(unhex(q1 + "8161" "00" "00010001")) == MessageError::BadName);
  }
  SECTION("a name over 255 octets") {
    std::string long_name;
    for (int i = 0; i < 128; ++i) long_name += "0161";
    CHECK(read_all(unhex(q1 + long_name + "00" "00010001")) == MessageError::BadName);
  }

  // Question "www." at 12..16, type and class to 21, the answer owner at 21.
  const std::string qa = header_hex(1, 1, 0, 0) + "0377777700" "00010001";
  const std::string rest = "0001" "0001" "00000000" "0000";
  SECTION("a record owner pointing at itself") {
    CHECK(read_all(unhex(qa + "c015" + rest)) == MessageError::BadName);
  }
  SECTION("a record owner pointing forward") {
    CHECK(read_all(unhex(qa + "c017" + rest)) == MessageError::BadName);
  }
  SECTION("a record owner in a loop is found when the owner is decoded") {
    auto wire = unhex(qa + "0161c015" + rest);
    MessageReader reader(wire);
    RecordView rr;
    REQUIRE(reader.next_record(rr));
    CHECK(rr.owner(wire).error() == MessageError::BadName);
  }
  SECTION("a record owner pointing back to the question") {
    auto wire = unhex(qa + "c00c" + rest);
    MessageReader reader(wire);
    RecordView rr;
    REQUIRE(reader.next_record(rr));
    auto owner = rr.owner(wire);
    REQUIRE(owner);
    CHECK(owner->to_text() == "www.");
    CHECK(rr.rdlength == 0);
    CHECK(reader.done());
  }
}

TEST_CASE("A message over 65535 octets is refused", "[message]") {
  std::vector<uint8_t> wire(65536);
  CHECK(read_all(wire) == MessageError::TooLong);
}

namespace {

// A message with the question example.com. A and then the given records:
// (section, owner, type) with a few octets of rdata each.
struct Rec {
  Section section;
  const char* owner;
  RRType type;
};

std::vector<uint8_t> with_records(std::initializer_list<Rec> records) {
  std::vector<uint8_t> buffer(1024);
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
  const uint8_t rdata[] = {192, 0, 2, 1};
  for (const Rec& r : records) {
    REQUIRE(b.add_record(r.section, name(r.owner), r.type, RRClass::IN, 0, rdata, kNoNames));
  }
  auto wire = b.finish();
  return {wire.begin(), wire.end()};
}

Expected<MetaRecords, MessageError> meta_of(const std::vector<uint8_t>& wire) {
  MessageReader reader(wire);
  return find_meta_records(reader);
}

}  // namespace

TEST_CASE("OPT and TSIG are where RFC 6891 and RFC 8945 put them", "[message][opt]") {
  SECTION("the OPT of a dnspython query") {
    auto wire = unhex(test::kQueryEdns);
    MessageReader reader(wire);
    Question q;
    REQUIRE(reader.next_question(q));
    auto meta = find_meta_records(reader);
    REQUIRE(meta);
    REQUIRE(meta->opt);
    CHECK_FALSE(meta->tsig);
    CHECK(meta->opt->section == Section::Additional);
    CHECK(meta->opt->cls == RRClass(1232));
    CHECK(meta->opt->ttl == 0x8000);
    CHECK(meta->opt->rdlength == 16);
  }
  SECTION("no OPT, no TSIG") {
    auto meta = meta_of(unhex(test::kResponseCase));
    REQUIRE(meta);
    CHECK_FALSE(meta->opt);
    CHECK_FALSE(meta->tsig);
  }
  SECTION("OPT anywhere in the additional section") {
    auto meta = meta_of(with_records({{Section::Additional, ".", RRType::OPT},
                                      {Section::Additional, "example.com.", RRType::A}}));
    REQUIRE(meta);
    CHECK(meta->opt);
  }
  SECTION("two OPT records") {
    auto wire = with_records({{Section::Additional, ".", RRType::OPT},
                              {Section::Additional, ".", RRType::OPT}});
    CHECK(meta_of(wire).error() == MessageError::MultipleOpt);
    CHECK(parse_message(wire).error() == MessageError::MultipleOpt);
  }
  SECTION("OPT in the answer or authority section") {
    CHECK(meta_of(with_records({{Section::Answer, ".", RRType::OPT}})).error() ==
          MessageError::OptNotInAdditional);
    CHECK(meta_of(with_records({{Section::Authority, ".", RRType::OPT}})).error() ==
          MessageError::OptNotInAdditional);
  }
  SECTION("OPT owned by another name than the root") {
    auto wire = with_records({{Section::Additional, "example.com.", RRType::OPT}});
    CHECK(meta_of(wire).error() == MessageError::OptOwnerNotRoot);
    CHECK(parse_message(wire).error() == MessageError::OptOwnerNotRoot);
  }
  SECTION("TSIG last, after OPT") {
    auto wire = with_records({{Section::Additional, ".", RRType::OPT},
                              {Section::Additional, "key.", RRType::TSIG}});
    auto meta = meta_of(wire);
    REQUIRE(meta);
    CHECK(meta->opt);
    REQUIRE(meta->tsig);
    CHECK(meta->tsig->owner(wire)->to_text() == "key.");
    CHECK(meta->tsig->end() == wire.size());
  }
  SECTION("TSIG followed by another record") {
    CHECK(meta_of(with_records({{Section::Additional, "key.", RRType::TSIG},
                                {Section::Additional, ".", RRType::OPT}}))
              .error() == MessageError::TsigNotLast);
  }
  SECTION("two TSIG records") {
    CHECK(meta_of(with_records({{Section::Additional, "key.", RRType::TSIG},
                                {Section::Additional, "key.", RRType::TSIG}}))
              .error() == MessageError::TsigNotLast);
  }
  SECTION("TSIG in the answer section") {
    CHECK(meta_of(with_records({{Section::Answer, "key.", RRType::TSIG}})).error() ==
          MessageError::TsigNotLast);
  }
  SECTION("a malformed message is reported as such") {
    auto wire = unhex(test::kResponseMx);
    wire.pop_back();
    CHECK(meta_of(wire).error() == MessageError::Truncated);
  }
}

TEST_CASE("parse_message decompresses names and rdata", "[message][parse]") {
  auto parsed = parse_message(unhex(test::kResponseMx));
  REQUIRE(parsed);
  const ParsedMessage& m = *parsed;
  CHECK(m.header.id == 0x1234);
  REQUIRE(m.questions.size() == 1);
  CHECK(m.questions[0].name.to_text() == "example.com.");
  CHECK(m.questions[0].type == RRType::MX);
  REQUIRE(m.answer.size() == 2);
  REQUIRE(m.authority.size() == 2);
  REQUIRE(m.additional.size() == 3);
  CHECK(m.answer[0].owner.to_text() == "example.com.");
  CHECK(m.answer[0].ttl == 3600);
  // The compressed exchange is expanded: 10, then mail.example.com. in full.
  CHECK(hex(m.answer[0].rdata) == "000a" "046d61696c076578616d706c6503636f6d00");
  CHECK(m.additional[0].owner.to_text() == "mail.example.com.");
  CHECK(hex(m.additional[0].rdata) == "c0000219");
  REQUIRE(m.opt() == &m.additional[2]);
  CHECK(hex(m.opt()->rdata) == "00030003" "6e7331");
  CHECK(m.trailing_size == 0);
  CHECK(m.records(Section::Question).empty());
  CHECK(&m.records(Section::Authority) == &m.authority);

  SECTION("names keep the case of where the pointers lead") {
    auto c = parse_message(unhex(test::kResponseCase));
    REQUIRE(c);
    CHECK(c->questions[0].name.to_text() == "WWW.Example.COM.");
    CHECK(c->answer[0].owner.to_text() == "WWW.Example.COM.");
    CHECK(hex(c->answer[0].rdata) == "03776562" "074578616d706c6503434f4d00");  // web.Example.COM.
    CHECK(c->answer[1].owner.to_text() == "web.Example.COM.");
  }
}

TEST_CASE("parse_message checks rdata against its type", "[message][parse]") {
  std::vector<uint8_t> buffer(512);
  MessageBuilder b(buffer);
  REQUIRE(b.add_question(name("example.com."), RRType::A, RRClass::IN));
  SECTION("an A record of 3 octets") {
    const uint8_t three[] = {192, 0, 2};
    REQUIRE(b.add_record(Section::Answer, name("example.com."), RRType::A, RRClass::IN, 0, three,
                         kNoNames));
    CHECK(parse_message(b.finish()).error() == MessageError::BadRdata);
  }
  SECTION("empty rdata with class ANY or NONE (RFC 2136 §2.4)") {
    REQUIRE(b.add_record(Section::Answer, name("example.com."), RRType::A, RRClass::ANY, 0, {},
                         kNoNames));
    REQUIRE(b.add_record(Section::Answer, name("example.com."), RRType::MX, RRClass::NONE, 0, {},
                         kNoNames));
    auto parsed = parse_message(b.finish());
    REQUIRE(parsed);
    CHECK(parsed->answer.size() == 2);
    CHECK(parsed->answer[1].rdata.empty());
  }
  SECTION("an OPT whose option overruns its rdata") {
    const uint8_t bad[] = {0, 3, 0, 5, 'n'};
    REQUIRE(b.add_record(Section::Additional, Name(), RRType::OPT, RRClass(1232), 0, bad,
                         kNoNames));
    CHECK(parse_message(b.finish()).error() == MessageError::BadRdata);
  }
}

TEST_CASE("Parsing and rebuilding gives dnspython's bytes back", "[message][parse][builder]") {
  for (const auto& [label, vector] : kVectors) {
    INFO(label);
    auto wire = unhex(vector);
    auto parsed = parse_message(wire);
    REQUIRE(parsed);
    std::vector<uint8_t> buffer(65535);
    MessageBuilder b(buffer);
    REQUIRE(build_message(*parsed, b));
    CHECK(hex(b.finish()) == hex(wire));
  }
  SECTION("a message that does not fit is refused") {
    auto parsed = parse_message(unhex(test::kResponseMx));
    REQUIRE(parsed);
    std::vector<uint8_t> buffer(100);
    MessageBuilder b(buffer);
    CHECK_FALSE(build_message(*parsed, b));
  }
}

TEST_CASE("Messages print like dig", "[message][text]") {
  auto parsed = parse_message(unhex(test::kResponseMx));
  REQUIRE(parsed);
  CHECK(message_to_text(*parsed) ==
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660\n"
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 2, ADDITIONAL: 3\n"
        "\n"
        ";; OPT PSEUDOSECTION:\n"
        "; EDNS: version: 0, flags:; udp: 1232\n"
        "; NSID: 6e7331 (\"ns1\")\n"
        "\n"
        ";; QUESTION SECTION:\n"
        ";example.com.\tIN\tMX\n"
        "\n"
        ";; ANSWER SECTION:\n"
        "example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"
        "example.com.\t3600\tIN\tMX\t20 mx.other.org.\n"
        "\n"
        ";; AUTHORITY SECTION:\n"
        "example.com.\t3600\tIN\tNS\tns1.example.com.\n"
        "example.com.\t3600\tIN\tNS\tns.example.net.\n"
        "\n"
        ";; ADDITIONAL SECTION:\n"
        "mail.example.com.\t3600\tIN\tA\t192.0.2.25\n"
        "ns1.example.com.\t3600\tIN\tAAAA\t2001:db8::53\n");

  SECTION("the extended RCODE and the DO flag") {
    auto badvers = parse_message(unhex(test::kResponseBadvers));
    REQUIRE(badvers);
    std::string text = message_to_text(*badvers);
    CHECK(text.find("status: BADVERS, id: 2989\n") != std::string::npos);
    auto query = parse_message(unhex(test::kQueryEdns));
    REQUIRE(query);
    text = message_to_text(*query);
    CHECK(text.find("; EDNS: version: 0, flags: do; udp: 1232\n") != std::string::npos);
    CHECK(text.find(";; flags: rd ad; QUERY: 1") != std::string::npos);
    CHECK(text.find("; COOKIE: 0102030405060708\n") != std::string::npos);
  }
  SECTION("the opcode of a NOTIFY and an NXDOMAIN") {
    auto notify = parse_message(unhex(test::kNotify));
    REQUIRE(notify);
    CHECK(message_to_text(*notify).rfind(";; ->>HEADER<<- opcode: NOTIFY, status: NOERROR", 0) == 0);
    auto nx = parse_message(unhex(test::kResponseNxdomain));
    REQUIRE(nx);
    std::string text = message_to_text(*nx);
    CHECK(text.find("status: NXDOMAIN") != std::string::npos);
    CHECK(text.find(";; AUTHORITY SECTION:\nexample.com.\t300\tIN\tSOA\tns1.example.com. "
                    "hostmaster.example.com. 2024010101 7200 3600 1209600 300\n") !=
          std::string::npos);
  }
}
