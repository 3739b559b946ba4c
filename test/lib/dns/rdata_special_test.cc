// The codecs of the types whose presentation form is not a plain list of
// fields: LOC, APL, SVCB/HTTPS, IPSECKEY, HIP.
//
// The round-trip vectors (rdata_special_vectors.inc) come from dnspython
// and ldns-read-zone through gen_special_vectors.py; the cases below them
// are the rules those tools do not settle or get wrong.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"

using namespace lnsd;
using Catch::Matchers::Contains;

namespace {

struct Vector {
  const char* type;
  const char* text;
  const char* wire_hex;
  const char* canonical;
  std::vector<size_t> valid_prefixes;  // proper prefixes that are valid rdata
  const char* source;
};

const Vector kVectors[] = {
#include "rdata_special_vectors.inc"
};

struct Codec {
  Expected<void, RdataError> (*from_text)(std::span<const Token>, const Name&,
                                          std::vector<uint8_t>&);
  Expected<void, Error> (*to_text)(std::span<const uint8_t>, std::string&);
  bool (*check_wire)(std::span<const uint8_t>, RdataNames&);
};

const Codec& codec(std::string_view type) {
  static const Codec loc{special::loc_from_text, special::loc_to_text, special::loc_check_wire};
  static const Codec apl{special::apl_from_text, special::apl_to_text, special::apl_check_wire};
  static const Codec svcb{special::svcb_from_text, special::svcb_to_text,
                          special::svcb_check_wire};
  static const Codec ipseckey{special::ipseckey_from_text, special::ipseckey_to_text,
                              special::ipseckey_check_wire};
  static const Codec hip{special::hip_from_text, special::hip_to_text, special::hip_check_wire};
  if (type == "LOC") return loc;
  if (type == "APL") return apl;
  if (type == "SVCB" || type == "HTTPS") return svcb;
  if (type == "IPSECKEY") return ipseckey;
  if (type == "HIP") return hip;
  FAIL("no codec for " << type);
  return loc;
}

// One line of presentation rdata split as zonec's lexer splits it:
// whitespace separates tokens, a double quote starts a quoted token that
// runs to the closing quote (so key="a b" is "key=" then the quoted "a b"),
// and a backslash escapes the next character; escapes stay in the text.
class Lexed {
 public:
  explicit Lexed(std::string_view line) : source_(line) {
    std::string_view s = source_;
    size_t i = 0;
    while (i < s.size()) {
      if (s[i] == ' ' || s[i] == '\t') {
        ++i;
      } else if (s[i] == '"') {
        size_t j = i + 1;
        while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
        tokens_.push_back(Token{s.substr(i + 1, std::min(j, s.size()) - i - 1), true});
        i = j + 1;
      } else {
        size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '"') {
          j += s[j] == '\\' ? 2 : 1;
        }
        j = std::min(j, s.size());
        tokens_.push_back(Token{s.substr(i, j - i), false});
        i = j;
      }
    }
  }
  Lexed(const Lexed&) = delete;
  Lexed& operator=(const Lexed&) = delete;
  std::span<const Token> tokens() const { return tokens_; }

 private:
  std::string source_;
  std::vector<Token> tokens_;
};

const Name& origin() {
  static const Name name = *Name::from_text("example.com.");
  return name;
}

// Hex digits to octets; spaces are ignored.
std::vector<uint8_t> from_hex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string digits;
  for (char c : hex) {
    if (c != ' ') digits += c;
  }
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(uint8_t(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
  }
  return out;
}

std::string to_hex(std::span<const uint8_t> data) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// Hex written with spaces for reading, as parse() returns it.
std::string hex(std::string_view spaced) { return to_hex(from_hex(spaced)); }

// Presentation text to wire hex, or "error: <message> @<token>".
std::string parse(std::string_view type, std::string_view text) {
  Lexed lexed(text);
  std::vector<uint8_t> wire;
  auto result = codec(type).from_text(lexed.tokens(), origin(), wire);
  if (!result) {
    return "error: " + result.error().message + " @" + std::to_string(result.error().token);
  }
  return to_hex(wire);
}

// Wire hex to presentation text, or "error".
std::string print(std::string_view type, std::string_view hex) {
  auto wire = from_hex(hex);
  std::string out;
  auto result = codec(type).to_text(wire, out);
  return result ? out : "error";
}

bool wire_ok(std::string_view type, std::string_view hex) {
  auto wire = from_hex(hex);
  RdataNames names;
  return codec(type).check_wire(wire, names);
}

RdataNames names_of(std::string_view type, std::string_view hex) {
  auto wire = from_hex(hex);
  RdataNames names;
  REQUIRE(codec(type).check_wire(wire, names));
  return names;
}

void check_vectors(std::initializer_list<std::string_view> types) {
  size_t count = 0;
  for (const Vector& v : kVectors) {
    if (std::find(types.begin(), types.end(), v.type) == types.end()) continue;
    ++count;
    INFO(v.type << " " << v.text << "  (" << v.source << ")");
    CHECK(parse(v.type, v.text) == v.wire_hex);
    CHECK(wire_ok(v.type, v.wire_hex));
    CHECK(print(v.type, v.wire_hex) == v.canonical);
    CHECK(parse(v.type, v.canonical) == v.wire_hex);
  }
  CHECK(count >= 4);
}

// Every proper prefix of valid wire rdata is rejected, except those that
// are themselves valid rdata of the type for dnspython (a list cut at an
// item boundary): a zone transfer cut short must never pass as data.
void check_truncations(std::initializer_list<std::string_view> types) {
  for (const Vector& v : kVectors) {
    if (std::find(types.begin(), types.end(), v.type) == types.end()) continue;
    auto wire = from_hex(v.wire_hex);
    for (size_t length = 0; length < wire.size(); ++length) {
      bool valid = std::find(v.valid_prefixes.begin(), v.valid_prefixes.end(), length) !=
                   v.valid_prefixes.end();
      INFO(v.type << " " << v.text << " cut to " << length << " of " << wire.size());
      RdataNames names;
      std::span<const uint8_t> prefix(wire.data(), length);
      CHECK(codec(v.type).check_wire(prefix, names) == valid);
      std::string text;
      CHECK(codec(v.type).to_text(prefix, text).has_value() == valid);
    }
  }
}

struct Rejection {
  const char* text;
  const char* message;  // a part of the message
  size_t token;
};

void check_rejections(std::string_view type, std::initializer_list<Rejection> cases) {
  for (const Rejection& r : cases) {
    INFO(type << " '" << r.text << "'");
    Lexed lexed(r.text);
    std::vector<uint8_t> wire;
    auto result = codec(type).from_text(lexed.tokens(), origin(), wire);
    REQUIRE_FALSE(result.has_value());
    CHECK_THAT(result.error().message, Contains(r.message));
    CHECK(result.error().token == r.token);
  }
}

void check_wire_rejections(std::string_view type, std::initializer_list<const char*> cases) {
  for (const char* hex : cases) {
    INFO(type << " wire " << hex);
    CHECK_FALSE(wire_ok(type, hex));
    CHECK(print(type, hex) == "error");
  }
}

}  // namespace

// --- LOC (RFC 1876) -----------------------------------------------------

TEST_CASE("LOC: RFC 1876 examples round trip as ldns prints them", "[special]") {
  check_vectors({"LOC"});
}

TEST_CASE("LOC: every truncation is rejected", "[special]") { check_truncations({"LOC"}); }

TEST_CASE("LOC: precisions print as ldns prints them", "[special]") {
  // size 0x51 = 5e1 cm, hp 0x02 = 0e2 cm, vp 0x99 = 9e9 cm
  CHECK(print("LOC", "00 51 02 99 80000000 80000000 00989680") ==
        "00 00 0.000 S 00 00 0.000 W 0m 0.50m 0m 90000000m");
  // A zero mantissa with a large exponent is zero, printed as such. The
  // presentation form (RFC 1876 appendix A) holds only the value, so 0x05
  // reads back as 0x00: wire -> text -> wire keeps the meaning, not the
  // octet, in ldns and BIND as here.
  CHECK(print("LOC", "00 05 10 11 80000001 80000001 00989680") ==
        "00 00 0.001 N 00 00 0.001 E 0m 0m 0.01m 0.10m");
}

TEST_CASE("LOC: malformed presentation is rejected", "[special]") {
  check_rejections("LOC", {
      {"", "expected latitude degrees", 0},
      {"91 N 0 E 0", "latitude degrees (0..90)", 0},
      {"90 0 0.001 N 0 E 0", "latitude beyond 90 degrees", 0},
      {"42 60 N 0 E 0", "latitude minutes (0..59)", 1},
      {"42 21 60 N 0 E 0", "latitude seconds (0..59.999)", 2},
      {"42 21 54.1234 N 0 E 0", "latitude seconds", 2},
      {"42 21 54. N 0 E 0", "latitude seconds", 2},
      {"42 21 54 X 71 W 0", "expected N or S after the latitude, got 'X'", 3},
      {"42 21 x N 71 W 0", "expected N or S after the latitude, got 'x'", 2},
      {"42 21 54 n 71 W 0", "expected N or S", 3},
      {"42 21 54", "expected N or S", 3},
      {"42 21 54 N", "expected longitude degrees", 4},
      {"42 N 181 E 0", "longitude degrees (0..180)", 2},
      {"42 N 180 0 0.001 E 0", "longitude beyond 180 degrees", 2},
      {"42 N 71 S 0", "expected E or W", 3},
      {"42 N 71 W", "expected an altitude", 4},
      {"42 N 71 W -100000.01m", "altitude", 4},
      {"42 N 71 W 42849672.96m", "altitude", 4},
      {"42 N 71 W 10M", "altitude", 4},
      {"42 N 71 W 10.123m", "altitude", 4},
      {"42 N 71 W m", "altitude", 4},
      {"42 N 71 W 10m -1m", "a size", 5},
      {"42 N 71 W 10m 90000000.01m", "a size", 5},
      {"42 N 71 W 10m 1m x", "a horizontal precision", 6},
      {"42 N 71 W 10m 1m 1m 1e3m", "a vertical precision", 7},
      {"42 N 71 W 10m 1m 1m 1m 1m", "unexpected '1m'", 8},
  });
}

TEST_CASE("LOC: malformed wire form is rejected", "[special]") {
  check_wire_rejections("LOC", {
      "01 12 16 13 80000000 80000000 00989680",     // version 1 (RFC 1876 §2)
      "00 a2 16 13 80000000 80000000 00989680",     // size mantissa 10
      "00 12 1a 13 80000000 80000000 00989680",     // horizontal exponent 10
      "00 12 16 f3 80000000 80000000 00989680",     // vertical mantissa 15
      "00 12 16 13 934fd901 80000000 00989680",     // 90 degrees + 1 ms north
      "00 12 16 13 6cb026ff 80000000 00989680",     // 90 degrees + 1 ms south
      "00 12 16 13 80000000 a69fb201 00989680",     // 180 degrees + 1 ms east
      "00 12 16 13 80000000 80000000 00989680 00",  // 17 octets
  });
  // The exact limits are valid.
  CHECK(wire_ok("LOC", "00 12 16 13 934fd900 59604e00 00989680"));
  CHECK(wire_ok("LOC", "00 12 16 13 934fd900 a69fb200 00989680"));
  CHECK(names_of("LOC", "00 12 16 13 934fd900 59604e00 00989680").count == 0);
}

// --- APL (RFC 3123) -----------------------------------------------------

TEST_CASE("APL: RFC 3123 examples round trip", "[special]") { check_vectors({"APL"}); }

TEST_CASE("APL: every truncation inside an item is rejected", "[special]") {
  check_truncations({"APL"});
}

TEST_CASE("APL: other address families print in the generic form", "[special]") {
  // RFC 3123 §5 gives only families 1 and 2 a presentation form.
  CHECK(wire_ok("APL", "0003 08 01 0a"));
  CHECK(print("APL", "0003 08 01 0a") == "\\# 5 000308010A");
  CHECK(print("APL", "0001 08 01 0a 0003 00 00") == "\\# 9 000108010A00030000");
  check_rejections("APL", {{"3:10.0.0.0/8", "address family must be 1 (IPv4) or 2 (IPv6)", 0}});
}

TEST_CASE("APL: malformed presentation is rejected", "[special]") {
  check_rejections("APL", {
      {"1:192.168.0.0", "missing ':' or '/'", 0},
      {"192.168.0.0/16", "missing ':' or '/'", 0},
      {"x:192.168.0.0/16", "bad address family", 0},
      {"1:192.168.0.0/33", "prefix length must be 0..32", 0},
      {"2:::/129", "prefix length must be 0..128", 0},
      {"1:192.168.0.0/", "prefix length", 0},
      {"1:::/0", "bad IPv4 address", 0},
      {"1:1.2.3/8", "bad IPv4 address", 0},
      {"2:1.2.3.4/8", "bad IPv6 address", 0},
      {"!!1:1.2.3.4/8", "bad address family", 0},
      {"1:192.168.0.0/16 1:10.0.0.0/x", "APL item", 1},
  });
}

TEST_CASE("APL: malformed wire form is rejected", "[special]") {
  check_wire_rejections("APL", {
      "0001 08 02 0a00",             // trailing zero octet (RFC 3123 §4)
      "0001 21 01 0a",               // IPv4 prefix 33
      "0002 81 01 20",               // IPv6 prefix 129
      "0001 20 05 0102030405",       // five octets of IPv4
      "0002 80 11 2001" "0db8000000000000000000000000000001",  // seventeen of IPv6
      "0001 08 03 0a",               // AFDPART runs past the end
      "0001 08",                     // header cut short
  });
}

// --- SVCB and HTTPS (RFC 9460) -------------------------------------------

TEST_CASE("SVCB: RFC 9460 Appendix D vectors round trip", "[special]") {
  check_vectors({"SVCB", "HTTPS"});
}

TEST_CASE("SVCB: every truncation inside a field is rejected", "[special]") {
  check_truncations({"SVCB", "HTTPS"});
}

TEST_CASE("SVCB: a quoted value is the token after key=", "[special]") {
  // zonec's lexer ends a word at a quote: key="value" arrives as two tokens.
  const Token tokens[] = {{"1", false}, {".", false},   {"alpn=", false},
                          {"h2,h3 x", true}, {"port=", false}, {"443", true}};
  std::vector<uint8_t> wire;
  REQUIRE(special::svcb_from_text(tokens, origin(), wire));
  CHECK(to_hex(wire) == hex("0001 00 0001 0008 026832 0468332078 0003 0002 01bb"));
  CHECK(print("SVCB", to_hex(wire)) == R"(1 . alpn="h2,h3 x" port=443)");
  CHECK(parse("SVCB", R"(1 . alpn="h2,h3 x" port="443")") == to_hex(wire));
  // "key=" before an unquoted token is an empty value.
  CHECK_THAT(parse("SVCB", "1 . alpn= h2"), Contains("alpn requires a value @2"));
  CHECK_THAT(parse("SVCB", R"(1 . alpn="")"), Contains("alpn requires a value @3"));
  CHECK(parse("SVCB", R"(1 . key666="")") == hex("0001 00 029a 0000"));
}

TEST_CASE("SVCB: keyNNNNN of a registered key carries its wire form", "[special]") {
  CHECK(parse("SVCB", R"(1 . key1=\002h2)") == parse("SVCB", "1 . alpn=h2"));
  CHECK(parse("SVCB", R"(1 . key3=\000\053)") == parse("SVCB", "1 . port=53"));
  CHECK(parse("SVCB", "1 . key2 alpn=h2") == parse("SVCB", "1 . no-default-alpn alpn=h2"));
  CHECK(print("SVCB", "0001 00 0003 0002 0035") == "1 . port=53");
  CHECK_THAT(parse("SVCB", R"(1 . key1=\000)"), Contains("key1 is not a valid alpn value"));
  CHECK_THAT(parse("SVCB", "1 . key3=5"), Contains("key3 is not a valid port value"));
}

TEST_CASE("SVCB: dohpath and ohttp are known keys", "[special]") {
  // RFC 9461 §5 and RFC 9540 §4.
  CHECK(parse("SVCB", "1 dns.example. alpn=h2 dohpath=/dns-query{?dns} ohttp") ==
        hex("0001 03646e73076578616d706c6500 0001 0003 026832"
            " 0007 0010 2f646e732d71756572797b3f646e737d 0008 0000"));
  CHECK(print("SVCB", parse("SVCB", "1 . alpn=h2 dohpath=/q{?dns} ohttp")) ==
        "1 . alpn=h2 dohpath=/q{?dns} ohttp");
  CHECK_THAT(parse("SVCB", "1 . ohttp=1"), Contains("ohttp takes no value"));
  CHECK_THAT(parse("SVCB", "1 . dohpath"), Contains("dohpath requires a value"));
}

TEST_CASE("SVCB: values print unquoted unless a space or ; ( ) needs quotes", "[special]") {
  CHECK(print("SVCB", "0001 00 029b 0003 613b62") == R"(1 . key667="a;b")");
  CHECK(print("SVCB", "0001 00 029b 0003 612862") == R"(1 . key667="a(b")");
  CHECK(print("SVCB", "0001 00 029b 0006 61 09 7f 80 22 5c") == R"(1 . key667=a\009\127\128\"\\)");
  CHECK(print("SVCB", "0001 00 029b 0004 6120 2262") == R"(1 . key667="a \"b")");
  // alpn: the value-list escapes "," and "\" first (RFC 9460 Appendix A.1).
  CHECK(print("SVCB", "0001 00 0001 0004 03 612c62") == R"(1 . alpn=a\\,b)");
  CHECK(print("SVCB", "0001 00 0001 0004 03 61 2062") == R"(1 . alpn="a b")");
  for (const char* text : {R"(1 . key667="a;b")", R"(1 . key667=a\009\127\128\"\\)",
                           R"(1 . alpn=a\\,b)", R"(1 . key667="a \"b")"}) {
    INFO(text);
    CHECK(print("SVCB", parse("SVCB", text)) == text);
  }
}

TEST_CASE("SVCB: the TargetName is a literal name", "[special]") {
  auto names = names_of("SVCB", "0001 03666f6f076578616d706c6503636f6d00 0003 0002 0035");
  REQUIRE(names.count == 1);
  CHECK(names.names[0].offset == 2);
  CHECK(names.names[0].length == 17);
  CHECK(names.names[0].kind == RdataNameKind::Literal);
  CHECK(names.complete);
}

TEST_CASE("SVCB: malformed presentation is rejected (RFC 9460 D.3 and more)", "[special]") {
  check_rejections("SVCB", {
      // RFC 9460 Appendix D.3 failure cases.
      {"1 foo.example.com. key123=abc key123=def", "duplicate SvcParam key key123", 3},
      {"1 foo.example.com. mandatory", "mandatory requires a value", 2},
      {"1 foo.example.com. alpn", "alpn requires a value", 2},
      {"1 foo.example.com. port", "port requires a value", 2},
      {"1 foo.example.com. ipv4hint", "ipv4hint requires a value", 2},
      {"1 foo.example.com. ipv6hint", "ipv6hint requires a value", 2},
      {"1 foo.example.com. no-default-alpn=abc", "no-default-alpn takes no value", 2},
      {"1 foo.example.com. mandatory=key123", "mandatory lists key123, which is not among", 2},
      {"1 foo.example.com. mandatory=mandatory", "mandatory cannot list itself", 2},
      {"1 foo.example.com. mandatory=key123,key123 key123=abc", "mandatory lists key123 twice",
       2},
      // Self-consistency (§2.4.2, §2.4.3, §7.1.1).
      {"0 foo.example.com. alpn=h2", "AliasMode (SvcPriority 0) takes no SvcParams", 2},
      {"1 . port=1 no-default-alpn", "no-default-alpn requires alpn", 3},
      {"1 . port=1 port=2", "duplicate SvcParam key port", 3},
      {"1 . key3=\\000\\001 port=2", "duplicate SvcParam key port", 3},
      // Keys (§2.1): lower case, keyNNNNN without leading zeros.
      {"1 . Alpn=h2", "unknown SvcParam key 'Alpn'", 2},
      {"1 . key01=a", "unknown SvcParam key 'key01'", 2},
      {"1 . key65536=a", "unknown SvcParam key", 2},
      {"1 . key=a", "unknown SvcParam key", 2},
      {"1 . foo=a", "unknown SvcParam key 'foo'", 2},
      {"1 . =a", "unknown SvcParam key ''", 2},
      {"1 . \"alpn=h2\"", "quoted text", 2},
      {"1 . mandatory=foo alpn=h2", "mandatory: unknown key 'foo'", 2},
      // Value-lists (Appendix A.1).
      {"1 . alpn=h2,,h3", "empty item", 2},
      {"1 . alpn=h2,", "empty item", 2},
      {"1 . alpn=,h2", "empty item", 2},
      {R"(1 . alpn=a\\b)", "must escape ',' or '\\'", 2},
      {"1 . ipv4hint=1.2.3.4,", "empty item", 2},
      // Values.
      {"1 . port=65536", "port: expected 0..65535", 2},
      {"1 . port=-1", "port: expected 0..65535", 2},
      {"1 . port=http", "port: expected 0..65535", 2},
      {"1 . ipv4hint=1.2.3", "ipv4hint: bad IPv4 address '1.2.3'", 2},
      {"1 . ipv6hint=1.2.3.4", "ipv6hint: bad IPv6 address", 2},
      {"1 . ech=!!!!", "ech: expected base64", 2},
      {"1 . ech=\"\"", "ech requires a value", 3},
      {R"(1 . key667=\256)", "key667:", 2},
      // Priority and target.
      {"", "expected a SvcPriority (0..65535), got nothing", 0},
      {"65536 .", "SvcPriority", 0},
      {"1", "expected a TargetName, got nothing", 1},
      {"1 a..b", "expected a TargetName, got 'a..b'", 1},
  });
}

TEST_CASE("SVCB: malformed wire form is rejected", "[special]") {
  check_wire_rejections("SVCB", {
      "0001 00 0003 0002 0035 0001 0003 026832",       // keys out of order (§2.2)
      "0001 00 0003 0002 0035 0003 0002 0035",         // duplicate key
      "0000 00 0003 0002 0035",                        // AliasMode with SvcParams
      "0001 00 0000 0002 0003",                        // mandatory lists an absent key
      "0001 00 0000 0004 0003 0001 0001 0003 026832 0003 0002 0035",  // list unsorted
      "0001 00 0000 0004 0001 0001 0001 0003 026832",  // listed twice
      "0001 00 0000 0002 0000",                        // mandatory lists itself
      "0001 00 0000 0003 000100 0001 0003 026832",     // odd length
      "0001 00 0000 0000",                             // empty mandatory
      "0001 00 0001 0000",                             // empty alpn
      "0001 00 0001 0003 00 0168",                     // empty alpn-id
      "0001 00 0001 0003 03 6832",                     // alpn-id runs past the value
      "0001 00 0001 0003 026832 0002 0001 00",         // no-default-alpn with a value
      "0001 00 0002 0000",                             // no-default-alpn without alpn
      "0001 00 0003 0003 000035",                      // port of three octets
      "0001 00 0004 0005 0102030405",                  // ipv4hint of five octets
      "0001 00 0004 0000",                             // empty ipv4hint
      "0001 00 0005 0000",                             // empty ech
      "0001 00 0006 000f 20010db80000000000000000000001",  // ipv6hint of fifteen
      "0001 00 0007 0000",                             // empty dohpath
      "0001 00 0008 0001 00",                          // ohttp with a value
      "0001 00 029b 0004 6162",                        // value runs past the end
      "0001 00 029b",                                  // key without length
      "0001 c000",                                     // compressed TargetName
      "0001 03666f6f",                                 // TargetName cut short
      "00",                                            // no priority
  });
  // Unknown keys may be empty, and AliasMode without SvcParams is fine.
  CHECK(wire_ok("SVCB", "0001 00 029b 0000"));
  CHECK(wire_ok("SVCB", "0000 03666f6f00"));
}

// --- IPSECKEY (RFC 4025) -------------------------------------------------

TEST_CASE("IPSECKEY: RFC 4025 examples round trip", "[special]") { check_vectors({"IPSECKEY"}); }

TEST_CASE("IPSECKEY: every truncation before the key is rejected", "[special]") {
  check_truncations({"IPSECKEY"});
}

TEST_CASE("IPSECKEY: the public key is optional and may span tokens", "[special]") {
  CHECK(parse("IPSECKEY", "10 0 0 .") == "0a0000");
  CHECK(print("IPSECKEY", "0a0000") == "10 0 0 .");
  CHECK(parse("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47u sntb102uFJtugbo6BSGvgqt4AQ==") ==
        parse("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="));
}

TEST_CASE("IPSECKEY: a gateway name is literal and completed with the origin", "[special]") {
  CHECK(parse("IPSECKEY", "10 3 2 GW AQID") ==
        hex("0a0302 024757076578616d706c6503636f6d00 010203"));
  CHECK(print("IPSECKEY", "0a0302 024757076578616d706c6503636f6d00 010203") ==
        "10 3 2 GW.example.com. AQID");
  auto names = names_of("IPSECKEY", "0a0302 024757076578616d706c6503636f6d00 010203");
  REQUIRE(names.count == 1);
  CHECK(names.names[0].offset == 3);
  CHECK(names.names[0].length == 16);
  CHECK(names.names[0].kind == RdataNameKind::Literal);
  CHECK(names_of("IPSECKEY", "0a0102 c0000226 010203").count == 0);
}

TEST_CASE("IPSECKEY: malformed presentation is rejected", "[special]") {
  check_rejections("IPSECKEY", {
      {"", "expected a precedence (0..255), got nothing", 0},
      {"256 0 2 .", "expected a precedence (0..255), got '256'", 0},
      {"10 4 2 . AQID", "expected a gateway type (0..3), got '4'", 1},
      {"10 0 x .", "expected an algorithm (0..255)", 2},
      {"10 0 2", "expected '.' for no gateway, got nothing", 3},
      {"10 0 2 foo. AQID", "expected '.' for gateway type 0", 3},
      {"10 1 2 . AQID", "expected an IPv4 gateway, got '.'", 3},
      {"10 1 2 2001:db8::1 AQID", "expected an IPv4 gateway", 3},
      {"10 2 2 192.0.2.1 AQID", "expected an IPv6 gateway, got '192.0.2.1'", 3},
      {"10 3 2", "expected a gateway domain name, got nothing", 3},
      {"10 3 2 a..b AQID", "expected a gateway domain name, got 'a..b'", 3},
      {"10 0 2 . AQ!D", "expected a base64 public key", 4},
  });
}

TEST_CASE("IPSECKEY: malformed wire form is rejected", "[special]") {
  check_wire_rejections("IPSECKEY", {
      "0a0402 00",         // gateway type 4 has no defined format
      "0a0302 c000 0102",  // compressed gateway name
      "0a0302 036162",     // gateway name cut short
      "0a0102 c00002",     // IPv4 gateway cut short
      "0a0202 20010db8",   // IPv6 gateway cut short
      "0a01",              // header cut short
  });
}

// --- HIP (RFC 8005) ------------------------------------------------------

TEST_CASE("HIP: RFC 8005 examples round trip", "[special]") { check_vectors({"HIP"}); }

TEST_CASE("HIP: every truncation inside a field is rejected", "[special]") {
  check_truncations({"HIP"});
}

TEST_CASE("HIP: rendezvous servers are literal names, the first four listed", "[special]") {
  auto wire = parse("HIP", "1 00 AA== a b. c d. e");
  auto names = names_of("HIP", wire);
  REQUIRE(names.count == RdataNames::kMax);
  CHECK_FALSE(names.complete);
  const uint16_t offsets[] = {6, 21, 24, 39};
  for (size_t i = 0; i < RdataNames::kMax; ++i) {
    CHECK(names.names[i].offset == offsets[i]);
    CHECK(names.names[i].kind == RdataNameKind::Literal);
  }
  CHECK(names.names[1].length == 3);  // "b."
  auto two = names_of("HIP", parse("HIP", "1 00 AA== a. b."));
  CHECK(two.count == 2);
  CHECK(two.complete);
}

TEST_CASE("HIP: malformed presentation is rejected", "[special]") {
  check_rejections("HIP", {
      {"", "expected a public key algorithm (0..255), got nothing", 0},
      {"256 00 AA==", "public key algorithm", 0},
      {"2", "expected a HIT in hex, got nothing", 1},
      {"2 XYZ AA==", "expected a HIT of 1..255 octets in hex, got 'XYZ'", 1},
      {"2 ABC AA==", "HIT", 1},
      {"2 00", "expected a base64 public key, got nothing", 2},
      {"2 00 A!==", "expected a base64 public key, got 'A!=='", 2},
      {"2 00 AA== a..b", "expected a rendezvous server name, got 'a..b'", 3},
  });
}

TEST_CASE("HIP: a HIT is at most 255 octets", "[special]") {
  std::string text = "2 " + std::string(2 * 255, '0') + " AA==";
  CHECK(parse("HIP", text).substr(0, 8) == "ff020001");
  text = "2 " + std::string(2 * 256, '0') + " AA==";
  CHECK_THAT(parse("HIP", text), Contains("expected a HIT of 1..255 octets in hex"));
}

TEST_CASE("HIP: malformed wire form is rejected", "[special]") {
  check_wire_rejections("HIP", {
      "00 02 0001 00",          // no HIT
      "01 02 0000 00",          // no public key
      "01 02 0001 00 00 c000",  // compressed rendezvous server
      "01 02 0001 00 00 05",    // a label that runs past the end
      "01 02 0001 00",          // public key cut short
  });
}

TEST_CASE("IPv4 text: exactly what inet_pton(AF_INET) accepts", "[special][address]") {
  // parse_ipv4 is written out for speed; inet_pton is the reference.
  std::vector<std::string> inputs = {"0.0.0.0", "255.255.255.255", "192.0.2.1", "256.0.0.1",
                                     "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1.2.3.0",
                                     "00.1.2.3", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ",
                                     " 1.2.3.4", "1.2.3.-4", "1.2.3.4a", "", "1000.1.1.1",
                                     "1.2.3.2555", "0x1.2.3.4", "9.9.9.99"};
  // And every string of up to 8 characters over a few digits and the dot.
  const std::string alphabet = "0125.";
  std::vector<std::string> level = {""};
  for (int len = 1; len <= 8; ++len) {
    std::vector<std::string> next;
    for (const auto& prefix : level)
      for (char c : alphabet) next.push_back(prefix + c);
    inputs.insert(inputs.end(), next.begin(), next.end());
    level = std::move(next);
  }
  size_t accepted = 0;
  for (const auto& text : inputs) {
    uint8_t reference[4];
    bool ok = inet_pton(AF_INET, text.c_str(), reference) == 1;
    auto ours = special::detail::parse_ipv4(text);
    INFO(text);
    REQUIRE(ours.has_value() == ok);
    if (ok) {
      ++accepted;
      REQUIRE(std::equal(ours->begin(), ours->end(), reference));
    }
  }
  CHECK(accepted > 1000);
}
