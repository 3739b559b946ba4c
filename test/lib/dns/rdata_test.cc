// Rdata codecs (lib/dns/rdata.hh): every type lnsd knows against the
// examples in rdata_vectors.inc, whose wire form and canonical text come from
// ldns-read-zone and dnspython (gen_rdata_vectors.py); the positions and
// kinds of names inside rdata; canonical form; the special codecs' dispatch.
// rdata_text_test.cc and rdata_wire_test.cc hold the rest.
#include "dns/rdata.hh"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "rdata_test_util.hh"

// rdata_check_wire validates rdata from zone transfers and must not
// allocate. Every allocation of this test program is counted to prove it.
namespace {
std::atomic<size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n != 0 ? n : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort uses it), so that every block the
// program frees with free() came from malloc(), as AddressSanitizer checks.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n != 0 ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace lnsd;
using namespace lnsd::rdata_test;

namespace {

struct Vector {
  const char* type;
  const char* input;     // rdata as written in a zone file
  const char* text;      // canonical presentation form
  const char* wire;      // hex
  bool exact_text;       // false for the special codecs: only the wire form is checked here
  bool check_truncations;
  bool fixed_layout;     // nothing may follow the last field
  std::vector<size_t> valid_truncations;  // shorter lengths that are still well formed
};

const std::vector<Vector> kVectors = {
#include "rdata_vectors.inc"
};

}  // namespace

TEST_CASE("every example converts to the wire form ldns and dnspython give", "[rdata]") {
  for (const Vector& v : kVectors) {
    INFO(v.type << " " << v.input);
    CHECK(wire_of(v.type, v.input) == v.wire);
  }
}

TEST_CASE("every example prints in the canonical form ldns-read-zone prints", "[rdata]") {
  for (const Vector& v : kVectors) {
    INFO(v.type << " " << v.wire);
    std::string text = text_of(v.type, v.wire);
    if (v.exact_text) CHECK(text == v.text);
    // Whatever the codec prints reads back to the same octets.
    CHECK(wire_of(v.type, text) == v.wire);
    // The canonical text of the vectors reads back too (also for the special codecs).
    CHECK(wire_of(v.type, v.text) == v.wire);
  }
}

TEST_CASE("every type of the brief has an example", "[rdata]") {
  std::set<std::string> covered;
  for (const Vector& v : kVectors) covered.insert(v.type);
  for (const char* type :
       {"A", "NS", "CNAME", "SOA", "PTR", "HINFO", "MX", "TXT", "RP", "AFSDB", "AAAA", "LOC",
        "SRV", "NAPTR", "KX", "CERT", "DNAME", "APL", "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC",
        "DNSKEY", "DHCID", "NSEC3", "NSEC3PARAM", "TLSA", "SMIMEA", "HIP", "CDS", "CDNSKEY",
        "OPENPGPKEY", "CSYNC", "ZONEMD", "SVCB", "HTTPS", "SPF", "NID", "L32", "L64", "LP",
        "EUI48", "EUI64", "URI", "CAA", "MD", "MF", "MB", "MG", "MR", "MINFO", "RT", "PX", "NULL",
        "KEY", "SIG", "DLV"}) {
    INFO(type);
    CHECK(covered.count(type) == 1);
  }
}

TEST_CASE("check_wire accepts every example and lists its names without allocating", "[rdata]") {
  for (const Vector& v : kVectors) {
    INFO(v.type << " " << v.wire);
    auto wire = bytes(v.wire);
    RRType type = T(v.type);
    RdataNames names;
    size_t before = g_allocations.load();
    bool ok = rdata_check_wire(type, wire, names);
    size_t after = g_allocations.load();
    CHECK(ok);
    CHECK(after == before);
    for (size_t i = 0; i < names.count; ++i) {
      const RdataName& n = names.names[i];
      REQUIRE(size_t(n.offset) + n.length <= wire.size());
      CHECK(Name::from_wire(std::span(wire).subspan(n.offset, n.length)));
    }
  }
}

TEST_CASE("check_wire rejects every truncation that cuts a field", "[rdata]") {
  // A truncation stays valid only where the format lets the rdata end: in the
  // data that runs to the end (keys, digests, signatures), between the
  // character-strings of TXT, between the window blocks of a type bitmap.
  for (const Vector& v : kVectors) {
    if (!v.check_truncations) continue;
    auto wire = bytes(v.wire);
    std::set<size_t> valid(v.valid_truncations.begin(), v.valid_truncations.end());
    for (size_t length = 0; length < wire.size(); ++length) {
      INFO(v.type << " " << v.wire << " cut to " << length << " octets");
      RdataNames names;
      CHECK(rdata_check_wire(T(v.type), std::span(wire).first(length), names) ==
            (valid.count(length) == 1));
    }
  }
}

TEST_CASE("check_wire rejects trailing octets after a fixed layout", "[rdata]") {
  for (const Vector& v : kVectors) {
    if (!v.check_truncations || !v.fixed_layout) continue;
    auto wire = bytes(v.wire);
    wire.push_back(0);
    INFO(v.type << " " << v.wire << " + 00");
    RdataNames names;
    CHECK_FALSE(rdata_check_wire(T(v.type), wire, names));
  }
}

TEST_CASE("whatever check_wire accepts prints and reads back to the same octets", "[rdata]") {
  // Mutations of every example: random octets changed, cut short, extended.
  // Each result is either rejected by check_wire, or printable in a form
  // that reads back to exactly the same rdata (RFC 3597 §5 form included).
  std::mt19937 random(20240101);
  size_t accepted = 0;
  for (const Vector& v : kVectors) {
    if (!v.exact_text) continue;  // the special codecs have their own tests
    const auto original = bytes(v.wire);
    for (int round = 0; round < 200; ++round) {
      auto wire = original;
      switch (random() % 3) {
        case 0:
          if (!wire.empty()) wire[random() % wire.size()] = uint8_t(random());
          break;
        case 1:
          wire.resize(wire.empty() ? 0 : random() % wire.size());
          break;
        default:
          wire.push_back(uint8_t(random()));
      }
      RdataNames names;
      if (!rdata_check_wire(T(v.type), wire, names)) continue;
      ++accepted;
      INFO(v.type << " " << hex(wire));
      std::string text = text_of(v.type, hex(wire));
      INFO("printed as " << text);
      CHECK(wire_of(v.type, text) == hex(wire));
    }
  }
  CHECK(accepted > 1000);
}

TEST_CASE("names inside rdata have a position and a kind", "[rdata]") {
  SECTION("RFC 1035 types: compressible (RFC 3597 §4)") {
    auto mx = names_of("MX", "10 mail.example.com.");
    REQUIRE(mx.count == 1);
    CHECK(mx.names[0].offset == 2);
    CHECK(mx.names[0].length == 18);
    CHECK(mx.names[0].kind == RdataNameKind::Compressible);
    auto soa = names_of("SOA", "ns1 hostmaster 1 2 3 4 5");
    REQUIRE(soa.count == 2);
    CHECK(soa.names[0].offset == 0);
    CHECK(soa.names[0].length == 17);
    CHECK(soa.names[1].offset == 17);
    CHECK(soa.names[1].length == 24);
    CHECK(soa.names[1].kind == RdataNameKind::Compressible);
    for (const char* type : {"NS", "MD", "MF", "CNAME", "MB", "MG", "MR", "PTR"}) {
      INFO(type);
      auto n = names_of(type, "a.example.");
      REQUIRE(n.count == 1);
      CHECK(n.names[0].kind == RdataNameKind::Compressible);
    }
    auto minfo = names_of("MINFO", "a. b.");
    REQUIRE(minfo.count == 2);
    CHECK(minfo.names[1].kind == RdataNameKind::Compressible);
  }
  SECTION("later types listed by RFC 4034 §6.2: canonical, never compressed") {
    struct Case {
      const char* type;
      const char* text;
      uint16_t offset;
    } cases[] = {
        {"RP", "a. b.", 0},        {"AFSDB", "1 a.", 2},      {"RT", "1 a.", 2},
        {"PX", "1 a. b.", 2},      {"SRV", "1 2 3 a.", 6},    {"NAPTR", "1 2 \"\" \"\" \"\" a.", 7},
        {"KX", "1 a.", 2},         {"DNAME", "a.", 0},
        {"RRSIG", "A 8 2 3600 1 2 3 a. AAAA", 18},
    };
    for (const Case& c : cases) {
      INFO(c.type);
      auto n = names_of(c.type, c.text);
      REQUIRE(n.count >= 1);
      CHECK(n.names[0].offset == c.offset);
      CHECK(n.names[0].kind == RdataNameKind::Canonical);
    }
    CHECK(names_of("RP", "a. b.").names[1].kind == RdataNameKind::Canonical);
    CHECK(names_of("PX", "1 a. b.").names[1].kind == RdataNameKind::Canonical);
  }
  SECTION("NSEC and LP: literal") {
    // RFC 6840 §5.1: the next domain name of NSEC is not lowercased.
    auto nsec = names_of("NSEC", "Host.example. A");
    REQUIRE(nsec.count == 1);
    CHECK(nsec.names[0].offset == 0);
    CHECK(nsec.names[0].kind == RdataNameKind::Literal);
    auto lp = names_of("LP", "10 l64.example.");
    REQUIRE(lp.count == 1);
    CHECK(lp.names[0].offset == 2);
    CHECK(lp.names[0].kind == RdataNameKind::Literal);
  }
  SECTION("types without names list none") {
    for (const char* type : {"A", "TXT", "DS", "NSEC3", "TYPE1234", "NULL"}) {
      INFO(type);
      RdataNames names;
      names.count = 3;
      const char* wire = std::string_view(type) == "TXT" ? "0161" : "c0000201";
      if (std::string_view(type) == "DS") wire = "0001080201";
      if (std::string_view(type) == "NSEC3") wire = "010000000001aa";
      REQUIRE(rdata_check_wire(T(type), bytes(wire), names));
      CHECK(names.count == 0);
    }
  }
}

TEST_CASE("canonical form lowercases the names RFC 4034 §6.2 and RFC 6840 §5.1 list", "[rdata]") {
  auto canonical = [](std::string_view type, std::string_view text) {
    auto wire = bytes(wire_of(type, text));
    rdata_canonicalize(T(type), wire);
    std::string out;
    REQUIRE(rdata_to_text(T(type), wire, out));
    return out;
  };
  CHECK(canonical("NS", "NS1.Example.COM.") == "ns1.example.com.");
  CHECK(canonical("MX", "10 Mail.Example.") == "10 mail.example.");
  CHECK(canonical("SOA", "NS.X. Host.X. 1 2 3 4 5") == "ns.x. host.x. 1 2 3 4 5");
  CHECK(canonical("SRV", "0 1 2 SIP.X.") == "0 1 2 sip.x.");
  CHECK(canonical("DNAME", "Target.X.") == "target.x.");
  CHECK(canonical("NAPTR", "1 2 \"S\" \"SIP\" \"\" _SIP.X.") == "1 2 \"S\" \"SIP\" \"\" _sip.x.");
  CHECK(canonical("RRSIG", "A 8 2 3600 20240101000000 20240101000000 1 Example.COM. AAAA") ==
        "A 8 2 3600 20240101000000 20240101000000 1 example.com. AAAA");
  // RFC 6840 §5.1: names in NSEC rdata are not lowercased.
  CHECK(canonical("NSEC", "Host.Example. A") == "Host.Example. A");
  // Types outside the list keep their case, character-strings too.
  CHECK(canonical("LP", "1 L64.Example.") == "1 L64.Example.");
  CHECK(canonical("TXT", "\"ABC\"") == "\"ABC\"");
  CHECK(canonical("HINFO", "PC Linux") == "\"PC\" \"Linux\"");
}

TEST_CASE("rdata_canonicalize leaves malformed rdata alone", "[rdata]") {
  auto wire = bytes("000a03414243");  // MX whose name has no root label
  auto before = wire;
  rdata_canonicalize(RRType::MX, wire);
  CHECK(wire == before);
}

TEST_CASE("rdata_from_text appends to what is in the buffer", "[rdata]") {
  std::vector<uint8_t> out = {0xff};
  auto tokens = tokenize("10 a.");
  REQUIRE(rdata_from_text(RRType::MX, tokens, origin(), out));
  CHECK(hex(out) == "ff000a016100");
}

TEST_CASE("the special types are handed to the special codecs", "[rdata]") {
  // The generic form of a special type is checked by that codec's wire check.
  CHECK(wire_of("LOC", "\\# 16 000016138b3cf018810cbce0009895b8") ==
        "000016138b3cf018810cbce0009895b8");
  CHECK(text_error("LOC", "\\# 3 000016").message ==
        "generic rdata is not a valid LOC rdata in wire form");
  CHECK(text_error("HTTPS", "\\# 1 00").message ==
        "generic rdata is not a valid HTTPS rdata in wire form");
  CHECK(wire_of("HTTPS", "1 . alpn=h2") == wire_of("SVCB", "1 . alpn=h2"));
  // Their names are listed and literal: never compressed nor lowercased.
  RdataNames names;
  auto ipseckey = bytes(wire_of("IPSECKEY", "10 3 2 GW.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="));
  REQUIRE(rdata_check_wire(RRType::IPSECKEY, ipseckey, names));
  REQUIRE(names.count == 1);
  CHECK(names.names[0].offset == 3);
  CHECK(names.names[0].kind == RdataNameKind::Literal);
  rdata_canonicalize(RRType::IPSECKEY, ipseckey);
  CHECK(text_of("IPSECKEY", hex(ipseckey)) ==
        "10 3 2 GW.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==");
  CHECK_FALSE(wire_ok("APL", "0001"));
  CHECK_FALSE(wire_ok("HIP", "00"));
}
