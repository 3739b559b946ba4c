// Names inside DNS messages: decompression with strict bounds, pointers
// only backwards, label types and lengths (lib/dns/name.hh, RFC 1035 §4.1.4).
#include <catch2/catch.hpp>

#include "dns/name.hh"
#include "name_test_util.hh"

using namespace lnsd;
using namespace lnsd::test;

TEST_CASE("message names are decompressed with strict bounds", "[name][message]") {
  // 12: example.com.   25: www + pointer to 12   31: pointer to 25
  // 33: mail + pointer to "com" at 20            40: the root
  auto m = message({bytes("076578616d706c6503636f6d00"), bytes("03777777c00c"), bytes("c019"),
                    bytes("046d61696cc014"), bytes("00")});
  struct Expect {
    size_t offset;
    const char* text;
    size_t end;
  };
  const Expect names[] = {{12, "example.com.", 25},
                          {25, "www.example.com.", 31},
                          {31, "www.example.com.", 33},
                          {33, "mail.com.", 40},
                          {40, ".", 41}};

  SECTION("pointers are followed and the offset moves past the name in place") {
    for (const Expect& e : names) {
      size_t offset = e.offset;
      auto n = Name::from_message(m, offset);
      REQUIRE(n);
      CHECK(n->to_text() == e.text);
      CHECK(offset == e.end);
    }
  }

  SECTION("every truncation of every name fails as Truncated") {
    for (const Expect& e : names) {
      for (size_t cut = 0; cut < e.end; ++cut) {
        std::span<const uint8_t> prefix(m.data(), cut);
        CHECK(message_error(prefix, e.offset) == NameError::Truncated);
      }
    }
  }

  SECTION("an offset at or past the end is Truncated") {
    CHECK(message_error(m, m.size()) == NameError::Truncated);
    CHECK(message_error(m, m.size() + 7) == NameError::Truncated);
  }

  SECTION("case is kept as written") {
    auto upper = message({bytes("0145014200"), bytes("0178c00c")});
    size_t offset = 17;
    auto n = Name::from_message(upper, offset);
    REQUIRE(n);
    CHECK(n->to_text() == "x.E.B.");
  }
}

TEST_CASE("compression pointers may only point backwards", "[name][message]") {
  SECTION("forward and self pointers") {
    CHECK(message_error(message({bytes("c00e00")}), 12) == NameError::BadPointer);  // to 14
    CHECK(message_error(message({bytes("0161c01000")}), 12) == NameError::BadPointer);  // to 16
    CHECK(message_error(message({bytes("c00c")}), 12) == NameError::BadPointer);  // to itself
    CHECK(message_error(message({bytes("0161c00e")}), 12) == NameError::BadPointer);
  }

  SECTION("a pointer to the start of its own stretch or inside it") {
    CHECK(message_error(message({bytes("0161c00c")}), 12) == NameError::BadPointer);
    CHECK(message_error(message({bytes("03616263c00d")}), 12) == NameError::BadPointer);
  }

  SECTION("two pointers pointing at each other") {
    auto m = message({bytes("c00e"), bytes("c00c")});
    CHECK(message_error(m, 14) == NameError::BadPointer);
    CHECK(message_error(m, 12) == NameError::BadPointer);
  }

  SECTION("a pointer before where it sits but not before its stretch") {
    // 12: "a" + pointer to 20; 20: the root; 24: pointer to 12. From 24 the
    // pointer at 14 sits after 20, but 20 is not before its stretch (12).
    auto m = message({bytes("0161c014"), bytes("00000000"), bytes("00000000"), bytes("c00c")});
    CHECK(message_error(m, 24) == NameError::BadPointer);
    size_t offset = 12;
    CHECK(Name::from_message(m, offset).error() == NameError::BadPointer);
  }

  SECTION("a chain of backward pointers as long as the message allows ends") {
    std::vector<uint8_t> m(12, 0);
    m.push_back(0);  // the root at 12
    size_t last = 12;
    while (m.size() + 2 <= 0x4000) {
      size_t here = m.size();
      m.push_back(uint8_t(0xC0 | last >> 8));
      m.push_back(uint8_t(last));
      last = here;
    }
    size_t offset = last;
    auto n = Name::from_message(m, offset);
    REQUIRE(n);
    CHECK(n->is_root());
    CHECK(offset == last + 2);
  }

  SECTION("the pointer's second octet must be present") {
    CHECK(message_error(message({bytes("00c0")}), 13) == NameError::Truncated);
  }
}

TEST_CASE("message names: label types and length", "[name][message]") {
  SECTION("label types 0x40 and 0x80 are rejected, also behind a pointer") {
    CHECK(message_error(message({bytes("4100")}), 12) == NameError::BadLabelType);
    CHECK(message_error(message({bytes("8000")}), 12) == NameError::BadLabelType);
    CHECK(message_error(message({bytes("0161bf00")}), 12) == NameError::BadLabelType);
    CHECK(message_error(message({bytes("01614000"), bytes("c00e")}), 16) ==
          NameError::BadLabelType);
  }

  SECTION("255 octets assembled from pieces, and not one more") {
    // 12: 63 a's; 77: 63 b's -> 12; 143: 63 c's -> 77; 209: 61 d's -> 143
    // (255 octets); 273: 62 e's -> 143 (256 octets).
    std::vector<uint8_t> m(12, 0);
    auto piece = [&](size_t length, char c, int pointer) {
      size_t at = m.size();
      m.push_back(uint8_t(length));
      m.insert(m.end(), length, uint8_t(c));
      if (pointer < 0) {
        m.push_back(0);
      } else {
        m.push_back(0xC0);
        m.push_back(uint8_t(pointer));
      }
      return at;
    };
    size_t a = piece(63, 'a', -1), b = piece(63, 'b', int(a)), c = piece(63, 'c', int(b));
    size_t d = piece(61, 'd', int(c)), e = piece(62, 'e', int(c));
    REQUIRE(e == 273);
    size_t offset = d;
    auto n = Name::from_message(m, offset);
    REQUIRE(n);
    CHECK(n->wire_size() == 255);
    CHECK(n->label_count() == 4);
    CHECK(message_error(m, e) == NameError::NameTooLong);
  }
}
