// The type and class registry (lib/dns/rrtype.hh): mnemonics both ways, the
// generic TYPEnnn / CLASSnnn forms of RFC 3597 §5, and the type predicates.
#include "dns/rrtype.hh"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace lnsd;

namespace {

// Every type lnsd names, with the mnemonic IANA registers for it.
const std::vector<std::pair<uint16_t, std::string>> kTypeMnemonics = {
    {1, "A"},          {2, "NS"},          {3, "MD"},        {4, "MF"},
    {5, "CNAME"},      {6, "SOA"},         {7, "MB"},        {8, "MG"},
    {9, "MR"},         {10, "NULL"},       {11, "WKS"},      {12, "PTR"},
    {13, "HINFO"},     {14, "MINFO"},      {15, "MX"},       {16, "TXT"},
    {17, "RP"},        {18, "AFSDB"},      {19, "X25"},      {20, "ISDN"},
    {21, "RT"},        {22, "NSAP"},       {23, "NSAP-PTR"}, {24, "SIG"},
    {25, "KEY"},       {26, "PX"},         {27, "GPOS"},     {28, "AAAA"},
    {29, "LOC"},       {30, "NXT"},        {31, "EID"},      {32, "NIMLOC"},
    {33, "SRV"},       {34, "ATMA"},       {35, "NAPTR"},    {36, "KX"},
    {37, "CERT"},      {38, "A6"},         {39, "DNAME"},    {40, "SINK"},
    {41, "OPT"},       {42, "APL"},        {43, "DS"},       {44, "SSHFP"},
    {45, "IPSECKEY"},  {46, "RRSIG"},      {47, "NSEC"},     {48, "DNSKEY"},
    {49, "DHCID"},     {50, "NSEC3"},      {51, "NSEC3PARAM"}, {52, "TLSA"},
    {53, "SMIMEA"},    {55, "HIP"},        {56, "NINFO"},    {57, "RKEY"},
    {58, "TALINK"},    {59, "CDS"},        {60, "CDNSKEY"},  {61, "OPENPGPKEY"},
    {62, "CSYNC"},     {63, "ZONEMD"},     {64, "SVCB"},     {65, "HTTPS"},
    {99, "SPF"},       {104, "NID"},       {105, "L32"},     {106, "L64"},
    {107, "LP"},       {108, "EUI48"},     {109, "EUI64"},   {249, "TKEY"},
    {250, "TSIG"},     {251, "IXFR"},      {252, "AXFR"},    {253, "MAILB"},
    {254, "MAILA"},    {255, "ANY"},       {256, "URI"},     {257, "CAA"},
    {258, "AVC"},      {259, "DOA"},       {260, "AMTRELAY"}, {32768, "TA"},
    {32769, "DLV"},
};

std::string lowercase(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

}  // namespace

TEST_CASE("every type mnemonic maps to its number and back", "[rrtype]") {
  for (const auto& [number, mnemonic] : kTypeMnemonics) {
    INFO(mnemonic);
    auto type = type_from_text(mnemonic);
    REQUIRE(type);
    CHECK(uint16_t(*type) == number);
    CHECK(type_to_text(RRType(number)) == mnemonic);
  }
}

TEST_CASE("type mnemonics are case-insensitive", "[rrtype]") {
  for (const auto& [number, mnemonic] : kTypeMnemonics) {
    INFO(mnemonic);
    auto type = type_from_text(lowercase(mnemonic));
    REQUIRE(type);
    CHECK(uint16_t(*type) == number);
  }
  CHECK(type_from_text("Dnskey") == RRType::DNSKEY);
  CHECK(type_from_text("nsap-ptr") == RRType::NSAP_PTR);
}

TEST_CASE("the enumerators carry the IANA numbers", "[rrtype]") {
  CHECK(uint16_t(RRType::A) == 1);
  CHECK(uint16_t(RRType::NULL_) == 10);
  CHECK(uint16_t(RRType::NSAP_PTR) == 23);
  CHECK(uint16_t(RRType::HIP) == 55);
  CHECK(uint16_t(RRType::HTTPS) == 65);
  CHECK(uint16_t(RRType::CAA) == 257);
  CHECK(uint16_t(RRType::DLV) == 32769);
}

TEST_CASE("TYPEnnn is accepted for any 16-bit value (RFC 3597 §5)", "[rrtype]") {
  CHECK(type_from_text("TYPE0") == RRType(0));
  CHECK(type_from_text("TYPE1") == RRType::A);  // a known type in the generic form
  CHECK(type_from_text("type15") == RRType::MX);
  CHECK(type_from_text("Type65535") == RRType(65535));
  CHECK(type_from_text("TYPE54") == RRType(54));
  CHECK(type_from_text("TYPE00028") == RRType::AAAA);
}

TEST_CASE("TYPEnnn out of range or malformed is rejected", "[rrtype]") {
  for (const char* bad : {"TYPE65536", "TYPE99999999999999999999", "TYPE", "TYPE-1", "TYPE+1",
                          "TYPE1a", "TYPE 1", "TYPE0x10", " A", "A ", "", "AA", "NSAP_PTR",
                          "CLASS1", "*", "IN"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(type_from_text(bad));
  }
}

TEST_CASE("types without a mnemonic print as TYPEnnn", "[rrtype]") {
  CHECK(type_to_text(RRType(0)) == "TYPE0");
  CHECK(type_to_text(RRType(54)) == "TYPE54");
  CHECK(type_to_text(RRType(1234)) == "TYPE1234");
  CHECK(type_to_text(RRType(65535)) == "TYPE65535");
  // Printing and reading agree for all 65536 values.
  for (uint32_t n = 0; n <= 65535; ++n) {
    std::string text = type_to_text(RRType(uint16_t(n)));
    auto back = type_from_text(text);
    if (!back || uint16_t(*back) != n) FAIL("type " << n << " printed as " << text);
  }
}

TEST_CASE("append_type_text appends to what is there", "[rrtype]") {
  std::string out = "covers ";
  append_type_text(RRType::RRSIG, out);
  out += ' ';
  append_type_text(RRType(4321), out);
  CHECK(out == "covers RRSIG TYPE4321");
}

TEST_CASE("class mnemonics map both ways", "[rrtype]") {
  CHECK(class_from_text("IN") == RRClass::IN);
  CHECK(class_from_text("CH") == RRClass::CH);
  CHECK(class_from_text("HS") == RRClass::HS);
  CHECK(class_from_text("NONE") == RRClass::NONE);
  CHECK(class_from_text("ANY") == RRClass::ANY);
  // RFC 1035 §3.2.4 spells out CHAOS and HESIOD; they print as CH and HS.
  CHECK(class_from_text("CHAOS") == RRClass::CH);
  CHECK(class_from_text("hesiod") == RRClass::HS);
  CHECK(class_from_text("in") == RRClass::IN);
  CHECK(class_from_text("Ch") == RRClass::CH);
  CHECK(class_to_text(RRClass::IN) == "IN");
  CHECK(class_to_text(RRClass::CH) == "CH");
  CHECK(class_to_text(RRClass::HS) == "HS");
  CHECK(class_to_text(RRClass::NONE) == "NONE");
  CHECK(class_to_text(RRClass::ANY) == "ANY");
}

TEST_CASE("CLASSnnn is accepted for any 16-bit value (RFC 3597 §5)", "[rrtype]") {
  CHECK(class_from_text("CLASS1") == RRClass::IN);
  CHECK(class_from_text("class3") == RRClass::CH);
  CHECK(class_from_text("CLASS0") == RRClass(0));
  CHECK(class_from_text("CLASS65535") == RRClass(65535));
  CHECK(class_to_text(RRClass(2)) == "CLASS2");
  CHECK(class_to_text(RRClass(65535)) == "CLASS65535");
  for (const char* bad : {"CLASS65536", "CLASS", "CLASS-1", "CLASSx", "TYPE1", "INET", "", "C"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(class_from_text(bad));
  }
}

TEST_CASE("meta-types are OPT and 128-255 (RFC 6895 §3.1)", "[rrtype]") {
  for (RRType t : {RRType::OPT, RRType::TKEY, RRType::TSIG, RRType::IXFR, RRType::AXFR,
                   RRType::MAILB, RRType::MAILA, RRType::ANY, RRType(128), RRType(200)})
    CHECK(is_meta_type(t));
  for (RRType t : {RRType::A, RRType::SOA, RRType::RRSIG, RRType::NSEC3, RRType(127),
                   RRType::URI, RRType::CAA, RRType::DLV, RRType(65535)})
    CHECK_FALSE(is_meta_type(t));
}

TEST_CASE("the types allowed next to a CNAME are RRSIG and NSEC (RFC 4035 §2.5)", "[rrtype]") {
  std::set<uint16_t> dnssec;
  for (uint32_t n = 0; n <= 65535; ++n)
    if (is_dnssec_type(RRType(uint16_t(n)))) dnssec.insert(uint16_t(n));
  CHECK(dnssec == std::set<uint16_t>{46, 47});
}
