// Serial number arithmetic, RFC 1982 with SERIAL_BITS = 32 (lib/dns/serial.hh).
#include "dns/serial.hh"

#include <catch2/catch.hpp>

#include <cstdint>

using lnsd::Serial;

namespace {
constexpr uint32_t kHalf = 0x80000000u;  // 2^(SERIAL_BITS - 1)

// Exactly one of <, == and > holds, or none when the comparison is undefined.
int relations(Serial a, Serial b) { return int(a < b) + int(a == b) + int(a > b); }
}  // namespace

TEST_CASE("serials compare on a circle (RFC 1982 section 3.2)", "[serial]") {
  SECTION("ordinary increase") {
    CHECK(Serial(1) < Serial(2));
    CHECK(Serial(2) > Serial(1));
    CHECK_FALSE(Serial(2) < Serial(1));
    CHECK(Serial(2024010100) < Serial(2024010101));
  }

  SECTION("equality") {
    CHECK(Serial(7) == Serial(7));
    CHECK_FALSE(Serial(7) < Serial(7));
    CHECK_FALSE(Serial(7) > Serial(7));
    CHECK(Serial(7) <= Serial(7));
    CHECK(Serial(7) >= Serial(7));
    CHECK(Serial(7).comparable(Serial(7)));
  }

  SECTION("wrap-around: the largest value is less than 0") {
    CHECK(Serial(0xFFFFFFFFu) < Serial(0));
    CHECK(Serial(0) > Serial(0xFFFFFFFFu));
    CHECK(Serial(0xFFFFFFF0u) < Serial(5));
    CHECK(Serial(5) >= Serial(0xFFFFFFF0u));
  }

  SECTION("the largest defined distance is 2^31 - 1, both ways round the circle") {
    CHECK(Serial(0) < Serial(kHalf - 1));
    CHECK(Serial(kHalf - 1) > Serial(0));
    CHECK(Serial(kHalf + 1) < Serial(0));  // i1 > i2 and i1 - i2 > 2^31
    CHECK(Serial(0) > Serial(kHalf + 1));
    CHECK(Serial(kHalf) < Serial(0xFFFFFFFFu));
    CHECK(Serial(0xFFFFFFFFu) < Serial(kHalf - 2));
  }

  SECTION("a distance of exactly 2^31 is undefined: no relation holds") {
    for (uint32_t base : {0u, 1u, 12345u, kHalf - 1, kHalf, 0xFFFFFFFFu}) {
      Serial a(base), b(base + kHalf);
      INFO("base " << base);
      CHECK(relations(a, b) == 0);
      CHECK(relations(b, a) == 0);
      CHECK_FALSE(a <= b);
      CHECK_FALSE(a >= b);
      CHECK_FALSE(a.comparable(b));
      CHECK_FALSE(b.comparable(a));
    }
  }

  SECTION("every other distance has exactly one relation") {
    for (uint32_t base : {0u, 99u, kHalf, 0xFFFFFFFFu}) {
      for (uint32_t d : {0u, 1u, 2u, 1000u, kHalf - 1, kHalf + 1, 0xFFFFFFFEu, 0xFFFFFFFFu}) {
        Serial a(base), b(base + d);
        INFO("base " << base << " distance " << d);
        CHECK(relations(a, b) == 1);
        CHECK(a.comparable(b));
        CHECK((a < b) == (b > a));
        // Going up by less than 2^31 is "greater"; by more, "less".
        if (d > 0 && d < kHalf) CHECK(a < b);
        if (d > kHalf) CHECK(a > b);
      }
    }
  }

  SECTION("the order is not transitive (RFC 1982 section 3.2)") {
    Serial a(0), b(kHalf / 2), c(kHalf);
    CHECK(a < b);
    CHECK(b < c);
    CHECK_FALSE(a < c);
    Serial d(kHalf + 1);
    CHECK(b < c);
    CHECK(c < d);
    CHECK(d < a);  // round the circle: a < b < c < d < a
  }
}

TEST_CASE("serial addition (RFC 1982 section 3.1)", "[serial]") {
  CHECK(Serial(1).plus(1).value() == 2);
  CHECK(Serial(0xFFFFFFFFu).plus(1).value() == 0);
  CHECK(Serial(0xFFFFFFF0u).plus(0x20).value() == 0x10);
  CHECK(Serial(5).plus(0) == Serial(5));
  // Adding any n in [1, 2^31 - 1] gives a greater serial, wherever it starts.
  for (uint32_t base : {0u, 1u, kHalf - 1, kHalf, 0xFFFFFFFFu}) {
    for (uint32_t n : {1u, 2u, 1000u, kHalf - 2, kHalf - 1}) {
      INFO("base " << base << " plus " << n);
      CHECK(Serial(base) < Serial(base).plus(n));
    }
  }
  // Adding 2^31 would land at the undefined distance: that is why the RFC
  // bounds n below it.
  CHECK_FALSE(Serial(3).comparable(Serial(3).plus(kHalf)));
}

TEST_CASE("the serial to move past an old one", "[serial]") {
  CHECK(Serial::next_after(Serial(41)).value() == 42);
  CHECK(Serial::next_after(Serial(0xFFFFFFFFu)).value() == 0);
  CHECK(Serial::next_after(Serial(0xFFFFFFFFu)) > Serial(0xFFFFFFFFu));
  CHECK(Serial::next_after(Serial(kHalf - 1)) > Serial(kHalf - 1));
  static_assert(Serial(1) < Serial(2), "comparisons are usable at compile time");
}
