// Rdata codecs (lib/dns/rdata.hh), wire form: the checks that guard rdata
// from transfers, rdata that only the generic form can print, and rdata
// inside messages (decompression, RFC 3597 §4).
#include "dns/rdata.hh"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "rdata_test_util.hh"

using namespace lnsd;
using namespace lnsd::rdata_test;

TEST_CASE("check_wire rejects malformed names in rdata", "[rdata]") {
  CHECK(wire_ok("NS", "00"));
  CHECK_FALSE(wire_ok("NS", ""));
  CHECK_FALSE(wire_ok("NS", "0161"));              // no root label
  CHECK_FALSE(wire_ok("NS", "c00c"));              // compression pointer
  CHECK_FALSE(wire_ok("NS", "41" + std::string(130, 'a') + "00"));  // label type 0x40
  CHECK_FALSE(wire_ok("NS", "80" "00"));           // label type 0x80
  CHECK_FALSE(wire_ok("NS", "0161" "00" "00"));    // octets after the name
  std::string label63 = "3f" + std::string(126, '6');
  CHECK(wire_ok("NS", label63 + label63 + label63 + "3d" + std::string(122, '6') + "00"));  // 255
  CHECK_FALSE(wire_ok("NS", label63 + label63 + label63 + "3e" + std::string(124, '6') + "00"));
  CHECK_FALSE(wire_ok("MX", "000a" "c00c"));
  CHECK_FALSE(wire_ok("SOA", "00" "0161" "0000000100000002000000030000000400000005"));
  CHECK_FALSE(wire_ok("RRSIG", "0001080200000e10000000010000000200030161" "AA"));
  CHECK_FALSE(wire_ok("NSEC", "c00c" "000140"));
  CHECK_FALSE(wire_ok("SRV", "000100020003" "02" "61"));
}

TEST_CASE("check_wire rejects malformed fixed-size and counted fields", "[rdata]") {
  CHECK_FALSE(wire_ok("A", "c00002"));
  CHECK_FALSE(wire_ok("A", "c000020101"));
  CHECK_FALSE(wire_ok("AAAA", std::string(30, '0')));
  CHECK_FALSE(wire_ok("AAAA", std::string(34, '0')));
  CHECK_FALSE(wire_ok("EUI48", "00005e0053"));
  CHECK_FALSE(wire_ok("EUI64", "00005e00532a"));
  CHECK_FALSE(wire_ok("NID", "000a00144fffff20ee"));
  CHECK_FALSE(wire_ok("L32", "000a0a0102"));
  CHECK_FALSE(wire_ok("HINFO", "0150"));           // the second string is missing
  CHECK_FALSE(wire_ok("HINFO", "035043"));         // the first runs past the end
  CHECK_FALSE(wire_ok("TXT", "05616263"));        // length 5, 3 octets follow
  CHECK_FALSE(wire_ok("CAA", "0005697373"));       // tag longer than the rdata
  CHECK_FALSE(wire_ok("NSEC3PARAM", "0100000005aabb"));  // salt longer than the rdata
  CHECK_FALSE(wire_ok("NSEC3", "010000000014aabb")); // hash longer than the rdata
  CHECK_FALSE(wire_ok("NAPTR", "0001000201610162" "05" "00"));
}

TEST_CASE("check_wire enforces the type bitmap rules of RFC 4034 §4.1.2", "[rdata]") {
  CHECK(wire_ok("NSEC", "00" "000140"));
  CHECK(wire_ok("NSEC", "00" "000140" "0101ff"));
  CHECK_FALSE(wire_ok("NSEC", "00" "0000"));                    // empty window
  CHECK_FALSE(wire_ok("NSEC", "00" "0021" + std::string(66, 'f')));  // 33 octets
  CHECK(wire_ok("NSEC", "00" "0020" + std::string(64, 'f')));   // 32 octets
  CHECK_FALSE(wire_ok("NSEC", "00" "0101ff" "000140"));         // windows out of order
  CHECK_FALSE(wire_ok("NSEC", "00" "000140" "000140"));         // window repeated
  CHECK_FALSE(wire_ok("NSEC", "00" "00"));                      // no length
  CHECK_FALSE(wire_ok("NSEC", "00" "0002ff"));                  // runs past the end
  CHECK_FALSE(wire_ok("CSYNC", "000000010003" "0000"));
  CHECK_FALSE(wire_ok("NSEC3", "0100000000" "0161" "0101ff" "0001ff"));
}

TEST_CASE("rdata the presentation form cannot express prints in the generic form", "[rdata]") {
  // These are well formed but a field is empty where the presentation form
  // needs a token; the generic form reads back to the same octets.
  struct Case { const char* type; const char* wire; } cases[] = {
      {"DNSKEY", "01010308"},        // no public key
      {"DS", "00010802"},            // no digest
      {"RRSIG", "0001080200000e100000000000000000303900"},  // no signature
      {"TLSA", "030101"},
      {"DHCID", ""},
      {"NSEC3", "0101000000" "00"},  // hash of length 0
      {"CAA", "0000"},               // empty tag
      {"CAA", "00026120"},           // tag "a "
      {"TXT", ""},                   // no strings at all
  };
  for (const Case& c : cases) {
    INFO(c.type << " " << c.wire);
    REQUIRE(wire_ok(c.type, c.wire));
    std::string text = text_of(c.type, c.wire);
    CHECK(text.rfind("\\# ", 0) == 0);
    CHECK(wire_of(c.type, text) == c.wire);
  }
}

TEST_CASE("rdata_to_text rejects malformed rdata and appends otherwise", "[rdata]") {
  std::string out = "keep";
  auto r = rdata_to_text(RRType::A, bytes("0102"), out);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "malformed A rdata (2 octets)");
  CHECK(out == "keep");
  CHECK(rdata_to_text(RRType::MX, bytes("000a00"), out));
  CHECK(out == "keep10 .");
  CHECK_FALSE(rdata_to_text(RRType(65), bytes("00"), out));  // HTTPS goes to the SVCB checks
}

namespace {

// A message: 12-octet header, then "example.com." at offset 12 so that
// rdata can point at it with c00c.
std::vector<uint8_t> message_with(std::string_view rdata_hex) {
  auto m = bytes("000000000000000000000000" "076578616d706c6503636f6d00");
  auto r = bytes(rdata_hex);
  m.insert(m.end(), r.begin(), r.end());
  return m;
}

constexpr size_t kRdataAt = 12 + 13;

std::optional<std::string> from_message(std::string_view type, std::string_view rdata_hex) {
  auto m = message_with(rdata_hex);
  std::vector<uint8_t> out = {0xee};
  if (!rdata_from_message(T(type), m, kRdataAt, uint16_t(rdata_hex.size() / 2), out)) {
    CHECK(out == std::vector<uint8_t>{0xee});
    return std::nullopt;
  }
  REQUIRE(out.at(0) == 0xee);
  return hex(std::span(out).subspan(1));
}

}  // namespace

TEST_CASE("names of the RFC 1035 types are decompressed (RFC 3597 §4)", "[rdata]") {
  const std::string example = "076578616d706c6503636f6d00";
  CHECK(from_message("NS", "c00c") == example);
  CHECK(from_message("NS", "036e7331c00c") == "036e7331" + example);
  CHECK(from_message("MX", "000a046d61696cc00c") == "000a046d61696c" + example);
  CHECK(from_message("SOA", "c00c0161c00c" "0000000100000002000000030000000400000005") ==
        example + "0161" + example + "0000000100000002000000030000000400000005");
  CHECK(from_message("MINFO", "c00cc00c") == example + example);
  CHECK(from_message("PTR", "00") == "00");
  CHECK(from_message("CNAME", example) == example);
}

TEST_CASE("names RFC 3597 §4 says SHOULD be decompressed are too", "[rdata]") {
  // RP, AFSDB, RT, PX, NAPTR and SRV: older servers compressed them.
  const std::string example = "076578616d706c6503636f6d00";
  CHECK(from_message("SRV", "000100020003c00c") == "000100020003" + example);
  CHECK(from_message("RP", "c00c00") == example + "00");
  CHECK(from_message("AFSDB", "0001c00c") == "0001" + example);
  CHECK(from_message("RT", "0001c00c") == "0001" + example);
  CHECK(from_message("PX", "0001c00cc00c") == "0001" + example + example);
  CHECK(from_message("NAPTR", "0001000201610000c00c") == "00010002016100" "00" + example);
}

TEST_CASE("other rdata is copied as it is, so pointers in it are rejected", "[rdata]") {
  // RFC 3597 §4: names in later types are never compressed; a pointer there
  // is a malformed name.
  CHECK_FALSE(from_message("DNAME", "c00c"));
  CHECK_FALSE(from_message("KX", "0001c00c"));
  CHECK_FALSE(from_message("NSEC", "c00c000140"));
  CHECK_FALSE(from_message("RRSIG", "0001080200000e1000000000000000003039c00c00"));
  CHECK_FALSE(from_message("LP", "0001c00c"));
  // Unknown types are opaque: the octets are kept, whatever they look like.
  CHECK(from_message("TYPE4321", "c00c") == "c00c");
  CHECK(from_message("TYPE4321", "") == "");
  CHECK(from_message("TXT", "03616263") == "03616263");
}

TEST_CASE("rdata_from_message rejects what does not fit", "[rdata]") {
  auto m = message_with("c00c");
  std::vector<uint8_t> out;
  CHECK_FALSE(rdata_from_message(RRType::NS, m, kRdataAt, 3, out));   // past the message
  CHECK_FALSE(rdata_from_message(RRType::NS, m, m.size() + 1, 0, out));
  CHECK(out.empty());
  // A name that runs past its rdlength, although the message goes on.
  auto m2 = message_with("0161" "00" "ffff");
  CHECK_FALSE(rdata_from_message(RRType::NS, m2, kRdataAt, 2, out));
  CHECK(rdata_from_message(RRType::NS, m2, kRdataAt, 3, out));
  // Octets left over after the last field.
  CHECK_FALSE(from_message("NS", "c00c00"));
  CHECK_FALSE(from_message("MX", "000a"));
  // Pointers must point backwards (RFC 1035 §4.1.4 as name.hh enforces).
  CHECK_FALSE(from_message("NS", "c01b"));
  CHECK_FALSE(from_message("NS", "c0ff"));
  // Decompressed rdata is checked like any other.
  CHECK_FALSE(from_message("A", "c00002"));
  CHECK_FALSE(from_message("SOA", "c00cc00c00"));
}
