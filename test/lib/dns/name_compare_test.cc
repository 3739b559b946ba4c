// Name comparison (case-insensitive, RFC 4034 §6.1 canonical order) and
// label arithmetic: ancestors, parents, suffixes, lowercasing (lib/dns/name.hh).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dns/name.hh"
#include "name_test_util.hh"

using namespace lnsd;
using namespace lnsd::test;

TEST_CASE("case-insensitive equality and hashing keep the case", "[name][compare]") {
  Name mixed = N("WWW.Example.COM.");
  Name lower = N("www.example.com.");
  CHECK(mixed == lower);
  CHECK(mixed.hash() == lower.hash());
  CHECK(mixed.canonical_compare(lower) == 0);
  CHECK(mixed.to_text() == "WWW.Example.COM.");
  CHECK_FALSE(N("www.example.com.") == N("www.example.net."));
  CHECK_FALSE(N("ab.c.") == N("a.bc."));  // same length, other labels
  CHECK_FALSE(N("a.") == N("a.a."));
  // Only A-Z fold: Latin-1 letters and the neighbours of the ASCII letters
  // (@ [ ` {) are distinct octets.
  CHECK_FALSE(N("\\192.") == N("\\224."));
  CHECK_FALSE(N("[.") == N("{."));
  CHECK_FALSE(N("\\@.") == N("`."));
  CHECK(N("\\192.").hash() != N("\\224.").hash());

  // Across the dnspython vectors, equal exactly when the lowercased octets
  // are, with equal hashes.
  std::vector<Name> all;
  for (const NameVector& v : kNameVectors) all.push_back(*Name::from_wire(bytes(v.wire_hex)));
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = 0; j < all.size(); ++j) {
      bool same = hex(all[i].lowercased().wire()) == hex(all[j].lowercased().wire());
      CHECK((all[i] == all[j]) == same);
      if (same) CHECK(all[i].hash() == all[j].hash());
    }
  }
}

TEST_CASE("canonical order is RFC 4034 section 6.1", "[name][compare]") {
  // The example of RFC 4034 §6.1, in its order.
  const char* rfc[] = {"example.",        "a.example.",     "yljkjljk.a.example.",
                       "Z.a.example.",    "zABC.a.EXAMPLE.", "z.example.",
                       "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
  std::vector<Name> expected;
  for (const char* t : rfc) expected.push_back(N(t));

  SECTION("every pair is ordered as listed") {
    for (size_t i = 0; i < expected.size(); ++i) {
      CHECK(expected[i].canonical_compare(expected[i]) == 0);
      for (size_t j = i + 1; j < expected.size(); ++j) {
        INFO(rfc[i] << " vs " << rfc[j]);
        CHECK(expected[i].canonical_compare(expected[j]) < 0);
        CHECK(expected[j].canonical_compare(expected[i]) > 0);
      }
    }
  }

  SECTION("sorting shuffled copies gives the RFC's list") {
    std::mt19937 rng(4034);
    for (int round = 0; round < 20; ++round) {
      std::vector<Name> names = expected;
      std::shuffle(names.begin(), names.end(), rng);
      std::sort(names.begin(), names.end(), NameCanonicalLess());
      for (size_t i = 0; i < names.size(); ++i) CHECK(names[i].to_text() == rfc[i]);
    }
  }

  SECTION("the root first, a shorter label first, a label shorter than its extension") {
    CHECK(Name().canonical_compare(N("a.")) < 0);
    CHECK(N("a.").canonical_compare(N("a\\000.")) < 0);
    CHECK(N("a.").canonical_compare(N("aa.")) < 0);
    CHECK(N("b.").canonical_compare(N("a.b.")) < 0);
    CHECK(N("a.c.").canonical_compare(N("b.")) > 0);  // rightmost labels decide first
    CHECK(N("Z.").canonical_compare(N("a.")) > 0);    // compared as lowercase
    CHECK(N("\\255.").canonical_compare(N("z.")) > 0);  // octets compare unsigned
  }

  SECTION("the dnspython vectors sort as dnspython sorts them") {
    std::vector<Name> all;
    for (const NameVector& v : kNameVectors) all.push_back(*Name::from_wire(bytes(v.wire_hex)));
    std::vector<size_t> order(all.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return all[a].canonical_compare(all[b]) < 0; });
    REQUIRE(std::size(kCanonicalOrder) == order.size());
    CHECK(std::equal(order.begin(), order.end(), std::begin(kCanonicalOrder)));
  }
}

TEST_CASE("ancestors and shared labels", "[name][compare]") {
  Name www = N("www.Example.com.");
  for (const char* ancestor : {"www.example.com.", "EXAMPLE.COM.", "com.", "."})
    CHECK(www.is_subdomain_of(N(ancestor)));
  for (const char* other : {"ample.com.", "xwww.example.com.", "a.www.example.com.", "example.",
                            "www.example.com.au.", "example.net."})
    CHECK_FALSE(www.is_subdomain_of(N(other)));
  CHECK(Name().is_subdomain_of(Name()));
  CHECK_FALSE(Name().is_subdomain_of(N("com.")));

  CHECK(www.common_labels(N("mail.EXAMPLE.com.")) == 2);
  CHECK(www.common_labels(www) == 3);
  CHECK(www.common_labels(Name()) == 0);
  CHECK(N("a.b.").common_labels(N("b.a.")) == 0);
  CHECK(N("ab.c.").common_labels(N("b.c.")) == 1);
  CHECK(N("x.c.").common_labels(N("y.a.b.c.")) == 1);
}

TEST_CASE("labels, parents and suffixes", "[name][labels]") {
  Name n = N("a.Bc.d.");
  CHECK(n.label_count() == 3);
  CHECK(hex(n.label(1)) == "4263");
  CHECK(n.label(3).empty());
  CHECK(Name().label_count() == 0);
  CHECK(Name().is_root());

  SECTION("parent walks up to the root and stays there") {
    Name p = n.parent();
    CHECK(p.to_text() == "Bc.d.");
    CHECK(hex(p.label(0)) == "4263");
    CHECK(p.parent().to_text() == "d.");
    CHECK(p.parent().parent().is_root());
    CHECK(Name().parent().is_root());
    CHECK(p == N("bc.d."));
    CHECK(p.hash() == N("bc.d.").hash());
  }

  SECTION("suffix keeps the rightmost labels") {
    CHECK(n.suffix(0).is_root());
    CHECK(n.suffix(2).to_text() == "Bc.d.");
    CHECK(n.suffix(2).canonical_compare(N("bc.d.")) == 0);
    CHECK(n.suffix(3).to_text() == "a.Bc.d.");
    CHECK(n.suffix(9).to_text() == "a.Bc.d.");
  }

  SECTION("wildcards") {
    CHECK(N("*.example.").is_wildcard());
    CHECK(N("\\042.example.").is_wildcard());
    CHECK(N("*.").is_wildcard());
    CHECK_FALSE(N("**.example.").is_wildcard());
    CHECK_FALSE(N("a.*.example.").is_wildcard());
    CHECK_FALSE(Name().is_wildcard());
    auto w = N("Example.").wildcard_child();
    REQUIRE(w);
    CHECK(w->to_text() == "*.Example.");
    CHECK(w->is_wildcard());
    CHECK(w->parent() == N("example."));
    CHECK(Name().wildcard_child()->to_text() == "*.");
    CHECK(N(name_of_wire_size(253)).wildcard_child()->wire_size() == 255);
    CHECK(N(name_of_wire_size(254)).wildcard_child().error() == NameError::NameTooLong);
  }

  SECTION("prepend takes raw octets") {
    const uint8_t dotted[] = {'x', '.', 'y'};
    auto p = n.prepend(dotted);
    REQUIRE(p);
    CHECK(p->to_text() == "x\\.y.a.Bc.d.");
    CHECK(p->label_count() == 4);
    CHECK(hex(p->label(3)) == "64");
    CHECK(n.prepend({}).error() == NameError::EmptyLabel);
    std::vector<uint8_t> label(63, 'q');
    CHECK(n.prepend(label));
    label.push_back('q');
    CHECK(n.prepend(label).error() == NameError::LabelTooLong);
    std::vector<uint8_t> two(2, 'q');
    CHECK(N(name_of_wire_size(252)).prepend(two)->wire_size() == 255);
    CHECK(N(name_of_wire_size(253)).prepend(two).error() == NameError::NameTooLong);
  }

  SECTION("replace_suffix substitutes a DNAME target (RFC 6672 section 2.2)") {
    Name owner = N("EXAMPLE.com.");
    auto r = N("A.b.example.COM.").replace_suffix(owner, N("example.net."));
    REQUIRE(r);
    CHECK(r->to_text() == "A.b.example.net.");
    CHECK(r->label_count() == 4);
    CHECK(*r == N("a.b.example.net."));
    CHECK(r->hash() == N("a.b.example.net.").hash());
    CHECK(r->parent().to_text() == "b.example.net.");
    CHECK(N("example.com.").replace_suffix(owner, N("x."))->to_text() == "x.");
    CHECK(N("a.example.com.").replace_suffix(owner, Name())->to_text() == "a.");
    CHECK(N("a.example.org.").replace_suffix(owner, N("x.")).error() == NameError::NotSubdomain);
    CHECK(N("com.").replace_suffix(owner, N("x.")).error() == NameError::NotSubdomain);
    Name long_target = N(name_of_wire_size(253));
    CHECK(N("a.example.com.").replace_suffix(owner, long_target)->wire_size() == 255);
    CHECK(N("ab.example.com.").replace_suffix(owner, long_target).error() ==
          NameError::NameTooLong);
  }
}

TEST_CASE("lowercasing touches only A-Z", "[name]") {
  Name n = N("WwW.\\200Ab\\064[.");
  CHECK(n.lowercased().to_text() == "www.\\200ab\\@[.");
  CHECK(n.to_text() == "WwW.\\200Ab\\@[.");
  CHECK(n.lowercased() == n);

  auto wire = bytes("03414243015a00");
  lowercase_wire_name(wire);
  CHECK(hex(wire) == "03616263017a00");
  // A truncated input is lowercased up to its end and no further.
  auto cut = bytes("054142");
  lowercase_wire_name(cut);
  CHECK(hex(cut) == "056162");
  // An octet that is no label length ends the walk: nothing after it changes.
  auto malformed = bytes("014141414100");
  lowercase_wire_name(malformed);
  CHECK(hex(malformed) == "016141414100");
}
