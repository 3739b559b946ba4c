// CanonicalOrder (lib/db/canonical_order.hh): ranking a zone's names in
// canonical order (RFC 4034 §6.1) gives the order Name::canonical_compare
// gives, including names that share long prefixes, octets 0x00 and 0x01
// inside labels, and names that differ only in case.
#include "db/canonical_order.hh"

#include <algorithm>
#include <numeric>
#include <random>

#include <catch2/catch.hpp>

#include "zone_builder.hh"

using namespace lnsd;
using lnsd::test::name;

namespace {

// The distinct names in the order CanonicalOrder ranks them, each as it
// was first added; every copy must have its first's rank.
std::vector<Name> ranked(const std::vector<Name>& names) {
  db::CanonicalOrder order;
  for (const Name& n : names) order.add(n.wire());
  REQUIRE(order.size() == names.size());
  auto ranking = order.rank();
  REQUIRE(ranking.rank.size() == names.size());
  std::vector<Name> out;
  for (uint32_t first : ranking.first) {
    REQUIRE(first < names.size());
    out.push_back(names[first]);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    REQUIRE(ranking.rank[i] < out.size());
    CHECK(names[i] == out[ranking.rank[i]]);  // equal apart from case
    CHECK(ranking.first[ranking.rank[i]] <= i);
  }
  return out;
}

// Sorted by Name::canonical_compare, and of names equal apart from case
// only the first added kept.
std::vector<Name> sorted_by_compare(std::vector<Name> names) {
  std::stable_sort(names.begin(), names.end(),
                   [](const Name& a, const Name& b) { return a.canonical_compare(b) < 0; });
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> texts(const std::vector<Name>& names) {
  std::vector<std::string> out;
  for (const Name& n : names) out.push_back(n.to_text());
  return out;
}

}  // namespace

TEST_CASE("CanonicalOrder: the example of RFC 4034 §6.1", "[db][canonical]") {
  // Given out of order; the RFC lists them in this order.
  std::vector<std::string> rfc = {"example.",         "a.example.",        "yljkjljk.a.example.",
                                  "Z.a.example.",     "zABC.a.EXAMPLE.",   "z.example.",
                                  "\\001.z.example.", "*.z.example.",      "\\200.z.example."};
  std::vector<Name> names;
  for (size_t i = 0; i < rfc.size(); ++i) names.push_back(name(rfc[(i * 5) % rfc.size()]));
  std::vector<std::string> expected;
  for (const auto& t : rfc) expected.push_back(name(t).to_text());
  CHECK(texts(ranked(names)) == expected);
}

TEST_CASE("CanonicalOrder: numbered names that tie on many octets", "[db][canonical]") {
  // host1, host10 ... host1999 share up to nine octets after the origin, so
  // the order is decided past the first eight and past the second eight.
  std::vector<Name> names;
  for (int i = 0; i < 3000; ++i) {
    names.push_back(name("host" + std::to_string((i * 7919) % 3000) + ".big.test."));
    names.push_back(name("a-very-long-common-label-prefix-" + std::to_string(i) + ".big.test."));
  }
  names.push_back(name("big.test."));
  CHECK(texts(ranked(names)) == texts(sorted_by_compare(names)));
}

TEST_CASE("CanonicalOrder: a name sorts before the names below it", "[db][canonical]") {
  std::vector<Name> names = {name("b.a.x.test."), name("a.x.test."), name("a.a.x.test."),
                             name("x.test."), name("-.a.x.test."), name("a\\000.x.test.")};
  CHECK(texts(ranked(names)) ==
        std::vector<std::string>{"x.test.", "a.x.test.", "-.a.x.test.", "a.a.x.test.",
                                 "b.a.x.test.", "a\\000.x.test."});
}

TEST_CASE("CanonicalOrder: random names over a small alphabet, octets 0 and 1 included",
          "[db][canonical]") {
  std::mt19937 rng(20261121);
  const std::vector<std::string> atoms = {"a", "A", "b", "\\000", "\\001", "\\002", "-"};
  std::vector<Name> names;
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    int labels = 1 + int(rng() % 3);
    for (int l = 0; l < labels; ++l) {
      int len = 1 + int(rng() % 10);
      for (int k = 0; k < len; ++k) text += atoms[rng() % atoms.size()];
      text += ".";
    }
    // Repeats, in the same case or another, are kept: they must share a rank.
    names.push_back(name(text + "zone.test."));
  }
  auto distinct = sorted_by_compare(names);
  REQUIRE(distinct.size() > 3000);
  REQUIRE(distinct.size() < names.size());
  CHECK(texts(ranked(names)) == texts(distinct));
}

TEST_CASE("CanonicalOrder: copies of a name share its rank, and the first added names it",
          "[db][canonical]") {
  std::vector<Name> names = {name("WWW.test."), name("mail.test."), name("www.TEST."),
                             name("Www.test.")};
  CHECK(texts(ranked(names)) == std::vector<std::string>{"mail.test.", "WWW.test."});
}

TEST_CASE("CanonicalOrder: copies that tie with other names past 8 and 16 octets",
          "[db][canonical]") {
  // Each long name is added twice, far apart, the second time in capitals:
  // the copies must meet however deep their run's ties are broken.
  std::vector<Name> names;
  for (int i = 0; i < 500; ++i) {
    names.push_back(name("a-very-long-common-label-prefix-" + std::to_string(i) + ".big.test."));
  }
  for (int i = 499; i >= 0; i -= 3) {
    names.push_back(name("A-VERY-LONG-common-label-prefix-" + std::to_string(i) + ".big.test."));
  }
  auto out = ranked(names);
  CHECK(out.size() == 500);
  CHECK(texts(out) == texts(sorted_by_compare(names)));
}

TEST_CASE("CanonicalOrder: no names, one name", "[db][canonical]") {
  db::CanonicalOrder none;
  CHECK(none.rank().rank.empty());
  CHECK(none.rank().first.empty());
  db::CanonicalOrder one;
  one.add(name("test.").wire());
  CHECK(one.rank().rank == std::vector<uint32_t>{0});
  CHECK(one.rank().first == std::vector<uint32_t>{0});
}
