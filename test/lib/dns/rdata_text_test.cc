// Rdata codecs (lib/dns/rdata.hh), presentation form: what is accepted
// besides the canonical form, the RFC 3597 generic form, and the errors,
// each naming the token at fault and what was expected there.
#include "dns/rdata.hh"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rdata_test_util.hh"

using namespace lnsd;
using namespace lnsd::rdata_test;

TEST_CASE("mnemonics in rdata are case-insensitive", "[rdata]") {
  CHECK(wire_of("DS", "1 rsasha256 2 00") == wire_of("DS", "1 8 2 00"));
  CHECK(wire_of("DNSKEY", "257 3 ed25519 AA==") == wire_of("DNSKEY", "257 3 15 AA=="));
  CHECK(wire_of("RRSIG", "a 8 2 1 1 1 1 . AA==") == wire_of("RRSIG", "A 8 2 1 1 1 1 . AA=="));
  CHECK(wire_of("CERT", "pkix 1 0 AA==") == wire_of("CERT", "1 1 0 AA=="));
  CHECK(wire_of("CERT", "IacPkix 1 0 AA==") == wire_of("CERT", "8 1 0 AA=="));
  CHECK(wire_of("NSEC", "a. mx Rrsig type99") == wire_of("NSEC", "a. MX RRSIG SPF"));
}

TEST_CASE("every DNSSEC algorithm mnemonic (IANA registry)", "[rdata]") {
  struct { const char* mnemonic; const char* number; } algorithms[] = {
      {"RSAMD5", "01"}, {"DH", "02"}, {"DSA", "03"}, {"RSASHA1", "05"}, {"DSA-NSEC3-SHA1", "06"},
      {"RSASHA1-NSEC3-SHA1", "07"}, {"RSASHA256", "08"}, {"RSASHA512", "0a"},
      {"ECC-GOST", "0c"}, {"ECDSAP256SHA256", "0d"}, {"ECDSAP384SHA384", "0e"},
      {"ED25519", "0f"}, {"ED448", "10"}, {"INDIRECT", "fc"}, {"PRIVATEDNS", "fd"},
      {"PRIVATEOID", "fe"},
  };
  for (const auto& a : algorithms) {
    INFO(a.mnemonic);
    CHECK(wire_of("DNSKEY", std::string("256 3 ") + a.mnemonic + " AA==") ==
          std::string("010003") + a.number + "00");
  }
  // Algorithms are printed as numbers, as ldns-read-zone does.
  CHECK(text_of("DNSKEY", "0100030d00") == "256 3 13 AA==");
}

TEST_CASE("every CERT type mnemonic (RFC 4398 §2.1) and its printed form", "[rdata]") {
  struct { const char* mnemonic; const char* number; } types[] = {
      {"PKIX", "0001"}, {"SPKI", "0002"}, {"PGP", "0003"}, {"IPKIX", "0004"},
      {"ISPKI", "0005"}, {"IPGP", "0006"}, {"ACPKIX", "0007"}, {"IACPKIX", "0008"},
      {"URI", "00fd"}, {"OID", "00fe"},
  };
  for (const auto& t : types) {
    INFO(t.mnemonic);
    std::string wire = std::string(t.number) + "0000" + "00" + "00";
    CHECK(wire_of("CERT", std::string(t.mnemonic) + " 0 0 AA==") == wire);
    CHECK(text_of("CERT", wire) == std::string(t.mnemonic) + " 0 0 AA==");
  }
  CHECK(text_of("CERT", "00ff0000" "0000") == "255 0 0 AA==");
}

TEST_CASE("SOA timers take TTL units (RFC 2308 §4 style), the serial does not", "[rdata]") {
  CHECK(wire_of("SOA", ". . 1 1w2d3h4m5s 1H 1M 1S").substr(4) ==
        "00000001" "000c08a5" "00000e10" "0000003c" "00000001");
  CHECK(wire_of("SOA", ". . 1 1h30 0 0 0").substr(12, 8) == "00000e2e");  // 3600 + 30
  CHECK(text_error("SOA", ". . 1h 1 1 1 1").token == 2);
  CHECK(text_error("SOA", ". . 1 1x 1 1 1").message ==
        "expected a time in seconds (0-4294967295, or with units as in 1h30m), got '1x'");
  CHECK(text_error("SOA", ". . 1 h 1 1 1").token == 3);
  CHECK(text_error("SOA", ". . 1 \"\" 1 1 1").token == 3);
  CHECK(text_error("SOA", ". . 1 1h- 1 1 1").token == 3);
  CHECK(text_error("SOA", ". . 1 7102w 1 1 1").token == 3);  // over 2^32 - 1 seconds
  CHECK(wire_of("SOA", ". . 1 4294967295 7101w 0 0").substr(12, 16) == "ffffffff" "fffbb080");
}

TEST_CASE("signature times: YYYYMMDDHHmmSS or seconds (RFC 4034 §3.2)", "[rdata]") {
  auto times = [](std::string_view expiration, std::string_view inception) {
    return wire_of("RRSIG", "A 8 2 0 " + std::string(expiration) + " " + std::string(inception) +
                                " 0 . AA==")
        .substr(16, 16);
  };
  CHECK(times("20240101000000", "1704067200") == "6592008065920080");
  CHECK(times("19700101000000", "0") == "0000000000000000");
  CHECK(times("20380119031408", "2147483648") == "8000000080000000");
  CHECK(times("21060207062815", "4294967295") == "ffffffffffffffff");
  CHECK(times("20000229235959", "20241231235959") == "38bc5d7f6774857f");  // leap days
  // Past 2106 the 32-bit field wraps (serial arithmetic, RFC 4034 §3.1.5).
  CHECK(times("21060207062816", "21060207062817") == "0000000000000001");
  // Printing uses the date form for every value.
  CHECK(text_of("RRSIG", "0001080200000000" "00000000" "ffffffff" "0000" "00" "00") ==
        "A 8 2 0 19700101000000 21060207062815 0 . AA==");
  for (const char* bad : {"20231301000000", "20230230000000", "20230229000000", "20240100000000",
                          "20240101240000", "20240101006000", "20240101000060", "19691231235959",
                          "2024010100000", "202401010000000", "4294967296", "2024-01-01",
                          "99999999999"}) {
    INFO(bad);
    CHECK(text_error("RRSIG", "A 8 2 0 " + std::string(bad) + " 0 0 . AA==").token == 4);
    CHECK(text_error("RRSIG", "A 8 2 0 0 " + std::string(bad) + " 0 . AA==").token == 5);
  }
}

TEST_CASE("base64 and hex fields may be split into several tokens", "[rdata]") {
  CHECK(wire_of("DNSKEY", "256 3 8 AwEA AQ==") == wire_of("DNSKEY", "256 3 8 AwEAAQ=="));
  CHECK(wire_of("DNSKEY", "256 3 8 A wEAAQ ==") == wire_of("DNSKEY", "256 3 8 AwEAAQ=="));
  CHECK(wire_of("DS", "1 8 2 ab cd e f") == "00010802abcdef");
  CHECK(wire_of("TLSA", "3 1 1 A BCD") == "030101abcd");
}

TEST_CASE("character-strings: quoted or not, with escapes (RFC 1035 §5.1)", "[rdata]") {
  CHECK(wire_of("TXT", "hello") == "0568656c6c6f");
  CHECK(wire_of("TXT", "\"hello world\"") == "0b68656c6c6f20776f726c64");
  CHECK(wire_of("TXT", "a\\ b") == "03612062");
  CHECK(wire_of("TXT", "\"\\065\\066\\\"\\\\\"") == "044142225c");
  CHECK(text_of("TXT", "044142225c") == "\"AB\\\"\\\\\"");
  CHECK(text_of("TXT", "03000aff") == "\"\\000\\010\\255\"");
  CHECK(wire_of("HINFO", "\"\" x") == "000178");
  std::string max(255, 'x');
  CHECK(wire_of("TXT", max).size() == 2 * 256);
  auto e = text_error("TXT", "a " + max + "y");
  CHECK(e.token == 1);
  CHECK(e.message.find("longer than 255 octets") != std::string::npos);
  // An escaped octet counts once.
  std::string escaped;
  for (int i = 0; i < 255; ++i) escaped += "\\255";
  CHECK(wire_of("TXT", escaped).size() == 2 * 256);
}

TEST_CASE("CAA: tag of letters and digits, value quoted or not (RFC 8659 §4.1.1)", "[rdata]") {
  CHECK(wire_of("CAA", "0 issue letsencrypt.org") == wire_of("CAA", "0 issue \"letsencrypt.org\""));
  CHECK(wire_of("CAA", "0 x1 \"\"") == "00027831");
  for (const char* bad : {"0 \"\" \"v\"", "0 is-sue \"v\"", "0 is.sue v", "0 issu\\e v"}) {
    INFO(bad);
    CHECK(text_error("CAA", bad).token == 1);
  }
  CHECK(text_error("CAA", "0 issue").message ==
        "missing field 3 of the CAA rdata: expected a string");
  CHECK(text_error("CAA", "0 issue a b").message == "extra data after the CAA rdata: 'b'");
}

TEST_CASE("the generic form works for every type (RFC 3597 §5)", "[rdata]") {
  CHECK(wire_of("TYPE4321", "\\# 0") == "");
  CHECK(wire_of("TYPE4321", "\\# 3 abcdef") == "abcdef");
  CHECK(wire_of("TYPE4321", "\\# 3 ab cd ef") == "abcdef");
  CHECK(wire_of("NULL", "\\# 1 00") == "00");
  CHECK(wire_of("AAAA", "\\# 16 20010db8000000000000000000000001") ==
        wire_of("AAAA", "2001:db8::1"));
  CHECK(wire_of("NSEC", "\\# 3 016100") == "016100");  // a. with no types
  // Unknown types have no other form, and print in this one.
  CHECK(text_of("TYPE4321", "abcdef") == "\\# 3 abcdef");
  CHECK(text_of("NULL", "") == "\\# 0");
  CHECK(text_of("OPT", "0001") == "\\# 2 0001");
  CHECK(text_of("WKS", "c000020106") == "\\# 5 c000020106");
}

TEST_CASE("generic rdata of a known type must be valid for that type", "[rdata]") {
  struct Case { const char* type; const char* text; } cases[] = {
      {"A", "\\# 3 c00002"},
      {"A", "\\# 5 c000020101"},
      {"MX", "\\# 3 000a03"},
      {"NS", "\\# 2 c00c"},           // a compression pointer
      {"SOA", "\\# 2 0000"},
      {"NSEC", "\\# 5 0161000000"},    // a window of length 0
      {"DS", "\\# 3 000108"},
      {"TXT", "\\# 2 0561"},
  };
  for (const Case& c : cases) {
    INFO(c.type << " " << c.text);
    auto e = text_error(c.type, c.text);
    CHECK(e.message == "generic rdata is not a valid " + std::string(c.type) +
                           " rdata in wire form");
  }
}

TEST_CASE("generic form errors say what is wrong", "[rdata]") {
  CHECK(text_error("TYPE4321", "\\#").message ==
        "missing the rdata length after \\# (RFC 3597 generic form)");
  CHECK(text_error("TYPE4321", "\\# x 00").message ==
        "expected the rdata length after \\# (0-65535), got 'x'");
  CHECK(text_error("TYPE4321", "\\# 65536").token == 1);
  CHECK(text_error("TYPE4321", "\\# -1").token == 1);
  CHECK(text_error("TYPE4321", "\\# 2 abc").token == 2);
  CHECK(text_error("TYPE4321", "\\# 2 zz00").message.find("bad hex in generic rdata") == 0);
  CHECK(text_error("TYPE4321", "\\# 2 00").message ==
        "generic rdata length is 2 but the hex holds 1 octets");
  CHECK(text_error("TYPE4321", "\\# 1").message ==
        "generic rdata length is 1 but the hex holds 0 octets");
  CHECK(text_error("TYPE4321", "\\# 0 00").token == 2);
  // A quoted "\#" is a character-string, not the generic form.
  CHECK(wire_of("TXT", "\"\\\\#\" 0") == "025c230130");
  auto e = text_error("TYPE4321", "00");
  CHECK(e.message ==
        "type TYPE4321 has no presentation format here; write its rdata in the generic form "
        "\\# <length> <hex> (RFC 3597 §5)");
  CHECK(text_error("NULL", "00").token == 0);
}

TEST_CASE("rdata longer than 65535 octets is rejected", "[rdata]") {
  std::string many;
  for (int i = 0; i < 300; ++i) many += " \"" + std::string(250, 'a') + "\"";
  CHECK(text_error("TXT", many).message == "rdata longer than 65535 octets");
  std::vector<uint8_t> big(65536);
  RdataNames names;
  CHECK_FALSE(rdata_check_wire(RRType(4321), big, names));
  CHECK(rdata_check_wire(RRType(4321), std::span(big).first(65535), names));
}

// ---------------------------------------------------------------------------
// Presentation form errors: each names the token and what was expected.

TEST_CASE("numbers out of range", "[rdata]") {
  CHECK(text_error("MX", "70000 mail").message ==
        "expected a 16-bit number (0-65535), got '70000'");
  CHECK(text_error("MX", "70000 mail").token == 0);
  CHECK(text_error("SSHFP", "256 1 00").message == "expected an 8-bit number (0-255), got '256'");
  CHECK(text_error("SOA", ". . 4294967296 1 1 1 1").message ==
        "expected a 32-bit number (0-4294967295), got '4294967296'");
  CHECK(text_error("SOA", ". . 4294967296 1 1 1 1").token == 2);
  for (const char* bad : {"-1", "+1", "1.5", "0x10", "1e3", "", "ten", "99999999999999999999"}) {
    INFO("'" << bad << "'");
    CHECK(text_error("SRV", std::string("1 \"") + bad + "\" 3 a.").token == 1);
  }
  CHECK(text_error("DNSKEY", "256 3 RSASHA999 AA==").message ==
        "expected a DNSSEC algorithm (0-255, or a mnemonic such as RSASHA256), got 'RSASHA999'");
  CHECK(text_error("DS", "1 256 2 00").token == 1);
  CHECK(text_error("CERT", "X509 0 0 AA==").message ==
        "expected a certificate type (0-65535, or a mnemonic such as PKIX), got 'X509'");
  CHECK(text_error("CERT", "65536 0 0 AA==").token == 0);
  CHECK(wire_of("CERT", "65535 65535 255 AA==") == "ffffffffff00");
  CHECK(wire_of("MX", "00010 a.") == "000a016100");  // leading zeros are still decimal
}

TEST_CASE("bad addresses", "[rdata]") {
  for (const char* bad : {"1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "a.b.c.d", "::1",
                          "1.2.3.4/24", " 1.2.3.4", ""}) {
    INFO("'" << bad << "'");
    auto e = text_error("A", std::string("\"") + bad + "\"");
    CHECK(e.message == "expected an IPv4 address, got '" + std::string(bad) + "'");
  }
  for (const char* bad : {"2001:db8::1::1", "2001:db8:1:2:3:4:5:6:7", "12345::", "1.2.3.4",
                          "fe80::1%eth0", "g::1", ":::"}) {
    INFO(bad);
    CHECK(text_error("AAAA", bad).message ==
          "expected an IPv6 address, got '" + std::string(bad) + "'");
  }
  CHECK(text_error("L32", "1 10.0.0").token == 1);
}

TEST_CASE("bad names, with the reason from the name parser", "[rdata]") {
  std::string label64(64, 'a');
  auto e = text_error("NS", label64 + ".example.");
  CHECK(e.message == "expected a domain name, got '" + label64 + ".example.': " +
                         std::string(describe(NameError::LabelTooLong)));
  CHECK(text_error("MX", "10 a..b.").message ==
        "expected a domain name, got 'a..b.': " + std::string(describe(NameError::EmptyLabel)));
  CHECK(text_error("CNAME", "a\\").message ==
        "expected a domain name, got 'a\\': " + std::string(describe(NameError::BadEscape)));
  CHECK(text_error("CNAME", "a\\256.").message.find(describe(NameError::BadEscape)) !=
        std::string::npos);
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'x') + ".";
  CHECK(text_error("PTR", long_name).message.find(describe(NameError::NameTooLong)) !=
        std::string::npos);
  CHECK(text_error("SOA", "ns. a..b 1 2 3 4 5").token == 1);
  CHECK(text_error("SRV", "1 2 3 a..").token == 3);
  // Relative names take the origin; "@" is the origin.
  CHECK(text_of("NS", wire_of("NS", "@")) == "example.com.");
  CHECK(text_of("NS", wire_of("NS", "www")) == "www.example.com.");
}

TEST_CASE("bad escapes in character-strings", "[rdata]") {
  for (const char* bad : {"\"\\256\"", "abc\\"}) {
    INFO(bad);
    auto e = text_error("TXT", bad);
    CHECK(e.token == 0);
    CHECK(e.message.find("expected one or more character-strings") == 0);
  }
  CHECK(text_error("HINFO", "a \"\\999\"").token == 1);
}

TEST_CASE("bad base64, hex and base32hex", "[rdata]") {
  auto e = text_error("DNSKEY", "256 3 8 AwEA!Q==");
  CHECK(e.token == 3);
  CHECK(e.message.find("expected base64 data, got 'AwEA!Q=='") == 0);
  CHECK(text_error("DNSKEY", "256 3 8 AwE").token == 3);
  CHECK(text_error("DHCID", "====").token == 0);
  CHECK(text_error("DS", "1 8 2 abc").message.find("expected hexadecimal data, got 'abc'") == 0);
  CHECK(text_error("DS", "1 8 2 0g").token == 3);
  CHECK(text_error("SSHFP", "1 1 0x00").token == 2);
  CHECK(text_error("NSEC3", "1 0 1 xyz 2t7b4g4vsa5smi47k61mv5bv1a22bojr").message.find(
            "expected a salt in hexadecimal (at most 255 octets), or '-' for none, got 'xyz'") == 0);
  CHECK(text_error("NSEC3", "1 0 1 \"\" 2t7b4g4vsa5smi47k61mv5bv1a22bojr").token == 3);
  CHECK(text_error("NSEC3", "1 0 1 - 2t7b4g4vsa5smi47k61mv5bv1a22bojz").token == 4);
  CHECK(text_error("NSEC3", "1 0 1 - -").token == 4);
  CHECK(text_error("NSEC3PARAM", "1 0 1 " + std::string(512, 'a')).message.find(
            "longer than 255 octets") != std::string::npos);
}

TEST_CASE("bad type bitmaps, EUI and locators", "[rdata]") {
  CHECK(text_error("NSEC", "a. A BOGUS").message ==
        "expected a list of record types, got 'BOGUS'");
  CHECK(text_error("NSEC", "a. A BOGUS").token == 2);
  CHECK(text_error("NSEC", "a. TYPE65536").token == 1);
  CHECK(text_error("CSYNC", "1 3 A MX X").token == 4);
  for (const char* bad : {"00-00-5e-00-53", "00-00-5e-00-53-2a-01", "00:00:5e:00:53:2a",
                          "0-00-5e-00-53-2aa", "00-00-5e-00-53-2g", "00005e00532a"}) {
    INFO(bad);
    CHECK(text_error("EUI48", bad).message.find("expected an EUI-48 address") == 0);
  }
  CHECK(text_error("EUI64", "00-00-5e-00-53-2a").message.find("expected an EUI-64 address") == 0);
  for (const char* bad : {"0014:4fff:ff20", "0014:4fff:ff20:ee64:1", "00144:fff:ff20:ee64",
                          "0014::ff20:ee64", "0014:4fff:ff20:ee6g", "2001:db8::1"}) {
    INFO(bad);
    CHECK(text_error("NID", std::string("10 ") + bad).message.find(
              "expected a 64-bit locator or node ID (xxxx:xxxx:xxxx:xxxx)") == 0);
  }
  CHECK(wire_of("L64", "1 0:1:a:FFFF") == "00010000" "0001000affff");
}

TEST_CASE("missing and extra fields", "[rdata]") {
  auto e = text_error("MX", "10");
  CHECK(e.message == "missing field 2 of the MX rdata: expected a domain name");
  CHECK(e.token == 1);
  CHECK(text_error("MX", "").message ==
        "missing field 1 of the MX rdata: expected a 16-bit number (0-65535)");
  CHECK(text_error("SOA", "a. b. 1 2 3 4").message ==
        "missing field 7 of the SOA rdata: expected a time in seconds (0-4294967295, or with "
        "units as in 1h30m)");
  CHECK(text_error("TXT", "").message ==
        "missing field 1 of the TXT rdata: expected one or more character-strings (at most 255 "
        "octets each)");
  CHECK(text_error("DNSKEY", "256 3 8").message ==
        "missing field 4 of the DNSKEY rdata: expected base64 data");
  CHECK(text_error("NSEC3", "1 0 1 -").message ==
        "missing field 5 of the NSEC3 rdata: expected a hashed owner name in base32hex (1 to 255 "
        "octets)");
  auto extra = text_error("A", "192.0.2.1 192.0.2.2");
  CHECK(extra.message == "extra data after the A rdata: '192.0.2.2'");
  CHECK(extra.token == 1);
  CHECK(text_error("NSEC3PARAM", "1 0 1 - extra").token == 4);
  CHECK(text_error("HINFO", "a b c").token == 2);
  // Type bitmaps may be empty (NSEC3 of an empty non-terminal, RFC 5155 §7.1).
  CHECK(wire_of("NSEC3", "1 0 1 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr").size() == 2 * 26);
  CHECK(wire_of("NSEC", "a.") == "016100");
}
