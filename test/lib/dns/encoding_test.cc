// Text encodings of presentation formats (lib/dns/encoding.hh).
#include "dns/encoding.hh"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace lnsd;

namespace {

std::vector<uint8_t> octets(std::string_view s) { return {s.begin(), s.end()}; }

template <class Decode>
std::vector<uint8_t> decoded(Decode decode, std::string_view text) {
  std::vector<uint8_t> out;
  auto r = decode(text, out);
  INFO("'" << text << "': " << (r ? "" : r.error().message));
  REQUIRE(r);
  return out;
}

// Decoding must fail, leave the buffer as it was, and say something.
template <class Decode>
std::string rejected(Decode decode, std::string_view text) {
  std::vector<uint8_t> out = {0xAA, 0xBB};
  auto r = decode(text, out);
  INFO("'" << text << "' was accepted");
  REQUIRE_FALSE(r);
  CHECK(out == std::vector<uint8_t>{0xAA, 0xBB});
  CHECK_FALSE(r.error().message.empty());
  return r.error().message;
}

template <class Encode>
std::string encoded(Encode encode, std::string_view data) {
  std::string out;
  encode(octets(data), out);
  return out;
}

// RFC 4648 section 10: the same inputs for every encoding.
const char* const kInputs[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};

}  // namespace

TEST_CASE("base64 (RFC 4648 section 4)", "[encoding][base64]") {
  const char* expected[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};

  SECTION("the RFC 4648 test vectors, both ways") {
    for (size_t i = 0; i < std::size(kInputs); ++i) {
      CHECK(encoded(base64_encode, kInputs[i]) == expected[i]);
      CHECK(decoded(base64_decode, expected[i]) == octets(kInputs[i]));
    }
  }

  SECTION("appends to what the buffers hold") {
    std::string text = "key ";
    base64_encode(octets("f"), text);
    CHECK(text == "key Zg==");
    std::vector<uint8_t> out = {1};
    REQUIRE(base64_decode("Zg==", out));
    CHECK(out == std::vector<uint8_t>{1, 'f'});
  }

  SECTION("all 64 characters decode") {
    auto all = decoded(base64_decode,
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    CHECK(all.size() == 48);
    std::string back;
    base64_encode(all, back);
    CHECK(back == "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  }

  SECTION("rejections") {
    CHECK(rejected(base64_decode, "Zm9v!A==").find("'!'") != std::string::npos);
    CHECK(rejected(base64_decode, "Zm9 YmFy").find("\\032") != std::string::npos);
    rejected(base64_decode, "Zm9vYmF\n");
    rejected(base64_decode, "Zm9-");          // base64url is another alphabet
    rejected(base64_decode, "Zg");            // padding is required
    rejected(base64_decode, "Zm8");
    rejected(base64_decode, "Zm9vY");         // length not a multiple of 4
    rejected(base64_decode, "Z===");          // one character cannot end a quantum
    rejected(base64_decode, "====");
    rejected(base64_decode, "Zg=A");          // padding before the end
    rejected(base64_decode, "Zg==Zm9v");
    rejected(base64_decode, "=Zm9");
    rejected(base64_decode, "Zh==");          // non-zero bits under the padding
    rejected(base64_decode, "Zm9=");
    CHECK(rejected(base64_decode, std::string("Zm\0v", 4)).find("\\000") != std::string::npos);
    CHECK(rejected(base64_decode, "Zm9\xff").find("\\255") != std::string::npos);
  }
}

TEST_CASE("base32hex without padding (RFC 4648 section 7, RFC 5155)", "[encoding][base32]") {
  // The RFC's vectors are upper case and padded; NSEC3 prints them lower
  // case without padding.
  const char* rfc[] = {"",         "CO======", "CPNG====", "CPNMU===",
                       "CPNMUOG=", "CPNMUOJ1", "CPNMUOJ1E8======"};
  const char* nsec3[] = {"", "co", "cpng", "cpnmu", "cpnmuog", "cpnmuoj1", "cpnmuoj1e8"};

  SECTION("the RFC 4648 test vectors, both ways and in both cases") {
    for (size_t i = 0; i < std::size(kInputs); ++i) {
      CHECK(encoded(base32hex_encode, kInputs[i]) == nsec3[i]);
      CHECK(decoded(base32hex_decode, nsec3[i]) == octets(kInputs[i]));
      std::string unpadded(rfc[i]);
      unpadded.erase(unpadded.find_last_not_of('=') + 1);
      CHECK(decoded(base32hex_decode, unpadded) == octets(kInputs[i]));
    }
  }

  SECTION("an NSEC3 hash of RFC 5155 appendix A") {
    auto hash = decoded(base32hex_decode, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
    CHECK(hash.size() == 20);
    CHECK(encoded(base32hex_encode, std::string_view(reinterpret_cast<const char*>(hash.data()),
                                                     hash.size())) ==
          "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  }

  SECTION("rejections") {
    CHECK(rejected(base32hex_decode, "cpnw").find("'w'") != std::string::npos);
    rejected(base32hex_decode, "CO======");  // no padding in NSEC3
    rejected(base32hex_decode, "co==");
    rejected(base32hex_decode, "c");         // 1, 3 or 6 characters end no octet
    rejected(base32hex_decode, "cpn");
    rejected(base32hex_decode, "cpnmuo");
    rejected(base32hex_decode, "cp");        // non-zero bits after the last octet
    rejected(base32hex_decode, "cpnh");
    rejected(base32hex_decode, "cpnmuoj1 e8");
    rejected(base32hex_decode, "CPNMUOJ1E8-");
  }
}

TEST_CASE("hex (RFC 4648 section 8)", "[encoding][hex]") {
  const char* expected[] = {"", "66", "666F", "666F6F", "666F6F62", "666F6F6261", "666F6F626172"};
  for (size_t i = 0; i < std::size(kInputs); ++i) {
    CHECK(encoded(hex_encode, kInputs[i]) == expected[i]);
    CHECK(decoded(hex_decode, expected[i]) == octets(kInputs[i]));
  }
  CHECK(decoded(hex_decode, "0aFf") == std::vector<uint8_t>{0x0A, 0xFF});
  CHECK(encoded(hex_encode, "\x0a\xff") == "0AFF");
  CHECK(rejected(hex_decode, "0g").find("'g'") != std::string::npos);
  rejected(hex_decode, "abc");  // odd number of digits
  rejected(hex_decode, "ab cd");
  rejected(hex_decode, "0x12");
}

TEST_CASE("encodings round-trip every length", "[encoding]") {
  std::mt19937 rng(4648);
  for (size_t length = 0; length <= 70; ++length) {
    std::vector<uint8_t> data(length);
    for (auto& b : data) b = uint8_t(rng());
    INFO("length " << length);
    std::string b64, b32, b16;
    base64_encode(data, b64);
    base32hex_encode(data, b32);
    hex_encode(data, b16);
    CHECK(b64.size() == (length + 2) / 3 * 4);
    CHECK(b32.size() == (length * 8 + 4) / 5);
    CHECK(b16.size() == length * 2);
    CHECK(decoded(base64_decode, b64) == data);
    CHECK(decoded(base32hex_decode, b32) == data);
    CHECK(decoded(hex_decode, b16) == data);
  }
}

TEST_CASE("unescape resolves RFC 1035 section 5.1 escapes", "[encoding][escape]") {
  CHECK(decoded(unescape, "plain text") == octets("plain text"));
  CHECK(decoded(unescape, "") == octets(""));
  CHECK(decoded(unescape, "a\\\"b\\\\c\\;") == octets("a\"b\\c;"));
  CHECK(decoded(unescape, "\\065\\000\\255") == std::vector<uint8_t>{'A', 0, 255});
  CHECK(decoded(unescape, "\\0651") == octets("A1"));  // three digits, no more
  CHECK(decoded(unescape, "\\x\\ ") == octets("x "));
  CHECK(rejected(unescape, "abc\\").find("backslash") != std::string::npos);
  CHECK(rejected(unescape, "\\256").find("256") != std::string::npos);
  rejected(unescape, "\\999");
  rejected(unescape, "\\1");
  rejected(unescape, "\\12");
  rejected(unescape, "\\12x");
  rejected(unescape, "\\1x2");
}

TEST_CASE("character-strings print quoted", "[encoding][escape]") {
  auto quoted = [](std::string_view data) {
    std::string out;
    append_quoted_string(octets(data), out);
    return out;
  };
  CHECK(quoted("") == "\"\"");
  CHECK(quoted("v=spf1 -all") == "\"v=spf1 -all\"");
  // The TXT string below printed by dnspython 2.3 (ldns differs only in
  // printing the tab as it is).
  CHECK(quoted("a\"b\\c d\te\x7f" "f\x80g;h(i)j@$.k") ==
        "\"a\\\"b\\\\c d\\009e\\127f\\128g;h(i)j@$.k\"");
  CHECK(quoted(std::string_view("\0\x1f\xff", 3)) == "\"\\000\\031\\255\"");

  std::string appended = "TXT ";
  append_quoted_string(octets("x"), appended);
  CHECK(appended == "TXT \"x\"");

  // Every octet survives printing and unescaping.
  std::vector<uint8_t> all(256);
  for (size_t i = 0; i < 256; ++i) all[i] = uint8_t(i);
  std::string text;
  append_quoted_string(all, text);
  REQUIRE(text.size() >= 2);
  CHECK(decoded(unescape, std::string_view(text).substr(1, text.size() - 2)) == all);
}
