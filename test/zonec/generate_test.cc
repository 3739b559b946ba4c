// $GENERATE ranges and substitutions (BIND's syntax).
#include <catch2/catch.hpp>

#include "generate.hh"

using namespace lnsd::zonec;

namespace {

std::string sub(std::string_view pattern, int64_t value) {
  std::string out;
  auto r = generate_substitute(pattern, value, out);
  return r ? out : "<error: " + r.error().message + ">";
}

}  // namespace

TEST_CASE("$GENERATE ranges", "[generate]") {
  auto r = parse_generate_range("1-10");
  REQUIRE(r);
  CHECK(r->start == 1);
  CHECK(r->stop == 10);
  CHECK(r->step == 1);
  CHECK(r->count() == 10);
  auto s = parse_generate_range("0-255/4");
  REQUIRE(s);
  CHECK(s->step == 4);
  CHECK(s->count() == 64);
  CHECK(parse_generate_range("7-7")->count() == 1);
  CHECK_FALSE(parse_generate_range("10-1"));
  CHECK_FALSE(parse_generate_range("1-10/0"));
  CHECK_FALSE(parse_generate_range("1"));
  CHECK_FALSE(parse_generate_range("a-b"));
  CHECK_FALSE(parse_generate_range("1-2/x"));
}

TEST_CASE("$ is the value; modifiers add an offset, a width and a base", "[generate]") {
  CHECK(sub("host$", 7) == "host7");
  CHECK(sub("$.$", 3) == "3.3");
  CHECK(sub("host${0,3}", 7) == "host007");
  CHECK(sub("host${10}", 7) == "host17");
  CHECK(sub("host${-2}", 7) == "host5");
  CHECK(sub("${0,0,d}", 255) == "255");
  CHECK(sub("${0,4,o}", 8) == "0010");
  CHECK(sub("${0,2,x}", 255) == "ff");
  CHECK(sub("${0,4,X}", 255) == "00FF");
  CHECK(sub("${0,0,n}", 0x1a) == "a.1");
  CHECK(sub("${0,0,N}", 0x1a) == "A.1");
  CHECK(sub("${0,7,n}", 0x1a) == "a.1.0.0");
  CHECK(sub("${0,0,n}", 0) == "0");
}

TEST_CASE("escaped dollars and other escapes pass through", "[generate]") {
  CHECK(sub("a\\$b$", 1) == "a\\$b1");
  CHECK(sub("a\\.b$", 2) == "a\\.b2");
}

TEST_CASE("malformed modifiers are errors", "[generate]") {
  CHECK(sub("${0,3", 1).rfind("<error", 0) == 0);
  CHECK(sub("${x}", 1).rfind("<error", 0) == 0);
  CHECK(sub("${0,3,q}", 1).rfind("<error", 0) == 0);
  CHECK(sub("${0,3,x,1}", 1).rfind("<error", 0) == 0);
  CHECK(sub("${-5,0,x}", 1).rfind("<error", 0) == 0);  // negative in hex
}
