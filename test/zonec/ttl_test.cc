// TTLs as zone files write them.
#include <catch2/catch.hpp>

#include "ttl.hh"

using lnsd::zonec::parse_ttl;

TEST_CASE("a TTL is seconds or a sum of numbers with units", "[ttl]") {
  CHECK(parse_ttl("0") == 0u);
  CHECK(parse_ttl("3600") == 3600u);
  CHECK(parse_ttl("2D") == 172800u);
  CHECK(parse_ttl("2d") == 172800u);
  CHECK(parse_ttl("24h") == 86400u);
  CHECK(parse_ttl("4w2d") == 4u * 604800 + 2 * 86400);
  CHECK(parse_ttl("1w2d3h4m5s") == 604800u + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  CHECK(parse_ttl("1W2D3H4M5S") == 604800u + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  CHECK(parse_ttl("90m") == 5400u);
  CHECK(parse_ttl("4294967295") == 4294967295u);
}

TEST_CASE("what is not a TTL", "[ttl]") {
  CHECK_FALSE(parse_ttl(""));
  CHECK_FALSE(parse_ttl("h"));
  CHECK_FALSE(parse_ttl("1x"));
  CHECK_FALSE(parse_ttl("1h30"));  // 30 what?
  CHECK_FALSE(parse_ttl("-1"));
  CHECK_FALSE(parse_ttl("1.5h"));
  CHECK_FALSE(parse_ttl("4294967296"));  // over 32 bits
  CHECK_FALSE(parse_ttl("8000w"));       // over 32 bits once multiplied
}
