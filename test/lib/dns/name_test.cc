// Domain names: presentation and wire forms, and the promise that the
// query path never allocates (lib/dns/name.hh). Decompression is in
// name_message_test.cc, comparison and labels in name_compare_test.cc.
#include "dns/name.hh"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "name_test_util.hh"

// The query path relies on names never touching the heap. Every allocation
// of this test program is counted so that a test below can prove it. All
// the plain forms of new and delete are replaced together, so that whatever
// allocates also frees through malloc/free (AddressSanitizer checks the
// pairing); the over-aligned forms are left to the library, uncounted.
namespace {
std::atomic<size_t> g_allocations{0};

void* counted_malloc(std::size_t n) noexcept {
  ++g_allocations;
  return std::malloc(n != 0 ? n : 1);
}
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace lnsd;
using namespace lnsd::test;

TEST_CASE("a name in presentation form becomes its wire form", "[name][text]") {
  SECTION("the root, absolute and relative names, and @") {
    CHECK(hex(N(".").wire()) == "00");
    CHECK(hex(N("www.Example.com.").wire()) == "03777777074578616d706c6503636f6d00");
    Name origin = N("example.com.");
    auto relative = Name::from_text("www", &origin);
    REQUIRE(relative);
    CHECK(relative->to_text() == "www.example.com.");
    auto at = Name::from_text("@", &origin);
    REQUIRE(at);
    CHECK(*at == origin);
    // An absolute name ignores the origin.
    auto absolute = Name::from_text("www.example.net.", &origin);
    REQUIRE(absolute);
    CHECK(absolute->to_text() == "www.example.net.");
    auto root = Name::from_text(".", &origin);
    REQUIRE(root);
    CHECK(root->is_root());
  }

  SECTION("\\DDD is the octet DDD and \\X the octet X") {
    CHECK(N("\\065.") == N("A."));
    CHECK(N("\\065.").to_text() == "A.");  // the case written is kept
    CHECK(hex(N("\\000\\255\\032.").wire()) == "0300ff2000");
    CHECK(hex(N("\\a\\-\\\\.").wire()) == "03612d5c00");
  }

  SECTION("an escaped dot is part of a label") {
    Name n = N("a\\.b.example.");
    CHECK(n.label_count() == 2);
    CHECK(n.label(0).size() == 3);
    CHECK(n.to_text() == "a\\.b.example.");
    CHECK(N("a\\046b.example.") == n);
  }

  SECTION("@ is only special as the whole text") {
    CHECK(hex(N("@.").wire()) == "014000");
    CHECK(hex(N("\\@.").wire()) == "014000");
    CHECK(hex(N("a@b.").wire()) == "0361406200");
    Name origin = N("example.");
    auto n = Name::from_text("\\@", &origin);
    REQUIRE(n);
    CHECK(n->to_text() == "\\@.example.");
  }

  SECTION("other octets are taken as they are") {
    CHECK(hex(N(" (x);\".").wire()) == "06202878293b2200");
  }

  SECTION("the longest label and the longest name") {
    CHECK(N(std::string(63, 'x') + ".").wire_size() == 65);
    CHECK(N(name_of_wire_size(255)).wire_size() == 255);
    std::string many_labels;
    for (int i = 0; i < 127; ++i) many_labels += "a.";
    Name n = N(many_labels);
    CHECK(n.wire_size() == 255);
    CHECK(n.label_count() == 127);
    Name origin = N(name_of_wire_size(253));
    auto completed = Name::from_text("a", &origin);
    REQUIRE(completed);
    CHECK(completed->wire_size() == 255);
  }
}

TEST_CASE("presentation form errors", "[name][text]") {
  Name origin = N("example.");

  SECTION("Empty") { CHECK(text_error("") == NameError::Empty); }

  SECTION("EmptyLabel") {
    for (const char* t : {".a", "..", "a..", "a..b.", ".example.", "a...", "..a"})
      CHECK(text_error(t, &origin) == NameError::EmptyLabel);
  }

  SECTION("LabelTooLong at 64 octets, however written") {
    CHECK(text_error(std::string(64, 'x') + ".") == NameError::LabelTooLong);
    CHECK(text_error(std::string(64, 'x'), &origin) == NameError::LabelTooLong);
    std::string escaped;
    for (int i = 0; i < 64; ++i) escaped += "\\255";
    CHECK(text_error(escaped + ".") == NameError::LabelTooLong);
    CHECK(text_error("a." + std::string(63, 'x') + "\\..") == NameError::LabelTooLong);
    // A long label is reported as such, not as a long name.
    CHECK(text_error(std::string(10000, 'a') + ".") == NameError::LabelTooLong);
  }

  SECTION("NameTooLong at 256 octets, also when only the origin pushes it over") {
    CHECK(text_error(name_of_wire_size(256)) == NameError::NameTooLong);
    std::string labels;
    for (int i = 0; i < 128; ++i) labels += "a.";
    CHECK(text_error(labels) == NameError::NameTooLong);
    Name long_origin = N(name_of_wire_size(254));
    CHECK(text_error("a", &long_origin) == NameError::NameTooLong);
    std::string huge;
    for (int i = 0; i < 10000; ++i) huge += "ab.";
    CHECK(text_error(huge) == NameError::NameTooLong);
  }

  SECTION("BadEscape") {
    for (const char* t : {"\\", "a\\", "a.\\", "\\1", "\\12", "\\1.", "\\12.", "\\1x.", "\\12x.",
                          "\\256.", "\\999.", "\\300."})
      CHECK(text_error(t, &origin) == NameError::BadEscape);
  }

  SECTION("RelativeName without an origin") {
    for (const char* t : {"www", "@", "a\\.", "www.example", "\\@"})
      CHECK(text_error(t) == NameError::RelativeName);
  }

  SECTION("every error has its own description") {
    std::set<std::string_view> seen;
    for (NameError e : {NameError::Empty, NameError::EmptyLabel, NameError::LabelTooLong,
                        NameError::NameTooLong, NameError::BadEscape, NameError::RelativeName,
                        NameError::Truncated, NameError::BadLabelType, NameError::BadPointer,
                        NameError::TrailingData, NameError::NotSubdomain}) {
      CHECK_FALSE(describe(e).empty());
      CHECK(seen.insert(describe(e)).second);
    }
  }
}

TEST_CASE("text and wire forms agree with dnspython", "[name][text][interop]") {
  // test/lib/dns/name_vectors.inc is generated by gen_name_vectors.py.
  for (const NameVector& v : kNameVectors) {
    INFO("text '" << v.text << "'");
    std::optional<Name> origin;
    if (v.origin != nullptr) origin = N(v.origin);
    auto n = Name::from_text(v.text, origin ? &*origin : nullptr);
    REQUIRE(n);
    CHECK(hex(n->wire()) == v.wire_hex);
    CHECK(n->to_text() == v.canonical);
    // The canonical text reads back as the same octets, case included.
    CHECK(hex(N(v.canonical).wire()) == v.wire_hex);
    auto from_wire = Name::from_wire(bytes(v.wire_hex));
    REQUIRE(from_wire);
    CHECK(from_wire->to_text() == v.canonical);
    CHECK(from_wire->label_count() == n->label_count());
  }
}

TEST_CASE("presentation output escapes as dnspython and ldns do", "[name][text][interop]") {
  // Printed by ldns-read-zone 1.8 and dnspython 2.3 alike.
  for (const char* t : {"a\\032b.example.", "a\\.b.example.", "a\\\\b.example.", "a\\(b.example.",
                        "a\\)b.example.", "a\\;b.example.", "a\\000b.example.", "a\\009b.example.",
                        "a\\127b.example.", "a\\200b.example.", "a\\255b.example.", "a~b.example.",
                        "a*b.example.", "a_b.example.", "a/b.example.", "AbC.example."})
    CHECK(N(t).to_text() == t);
  // ldns prints these three bare; dnspython and lnsd escape them, because a
  // bare " @ or $ can change how a zone file is read (name.hh).
  CHECK(N("a\"b.").to_text() == "a\\\"b.");
  CHECK(N("\\@.").to_text() == "\\@.");
  CHECK(N("$b.").to_text() == "\\$b.");
  // Letters written as \DDD print as letters.
  CHECK(N("\\097\\066.").to_text() == "aB.");
}

TEST_CASE("relative presentation output", "[name][text]") {
  Name origin = N("Example.com.");
  auto relative = [&](std::string_view text) {
    std::string out;
    N(text).append_text_relative(out, origin);
    return out;
  };
  CHECK(relative("www.example.com.") == "www");
  CHECK(relative("a.b.EXAMPLE.COM.") == "a.b");
  CHECK(relative("example.com.") == "@");
  CHECK(relative("\\@.example.com.") == "\\@");
  CHECK(relative("a\\.b.example.com.") == "a\\.b");
  CHECK(relative("example.net.") == "example.net.");
  CHECK(relative("com.") == "com.");
  CHECK(relative("wwwexample.com.") == "wwwexample.com.");
  std::string below_root;
  N("a.b.").append_text_relative(below_root, Name());
  CHECK(below_root == "a.b");
  std::string appended = "x ";
  N("a.").append_text(appended);
  CHECK(appended == "x a.");
}

TEST_CASE("uncompressed wire form", "[name][wire]") {
  SECTION("a name that fills the input exactly") {
    auto n = Name::from_wire(bytes("03777777076578616d706c6500"));
    REQUIRE(n);
    CHECK(n->to_text() == "www.example.");
    auto root = Name::from_wire(bytes("00"));
    REQUIRE(root);
    CHECK(root->is_root());
  }

  SECTION("from_wire_at reads one name and moves past it") {
    auto data = bytes("ff0161000162c000");
    size_t offset = 1;
    auto a = Name::from_wire_at(data, offset);
    REQUIRE(a);
    CHECK(a->to_text() == "a.");
    CHECK(offset == 4);
    CHECK(Name::from_wire_at(data, offset).error() == NameError::BadPointer);
    CHECK(offset == 4);
  }

  SECTION("63/64-octet labels and 255/256-octet names") {
    CHECK(Name::from_wire(bytes("3f" + std::string(126, '6') + "00")));
    // A length octet of 64 has the 0x40 label type bits set.
    CHECK(Name::from_wire(bytes("40" + std::string(128, '6') + "00")).error() ==
          NameError::BadLabelType);
    auto w255 = wire_of_size(255);
    auto n = Name::from_wire(w255);
    REQUIRE(n);
    CHECK(n->to_text() == name_of_wire_size(255));
    CHECK(Name::from_wire(wire_of_size(256)).error() == NameError::NameTooLong);
  }

  SECTION("errors") {
    CHECK(Name::from_wire({}).error() == NameError::Truncated);
    CHECK(Name::from_wire(bytes("03616263")).error() == NameError::Truncated);
    CHECK(Name::from_wire(bytes("036162")).error() == NameError::Truncated);
    CHECK(Name::from_wire(bytes("03")).error() == NameError::Truncated);
    CHECK(Name::from_wire(bytes("4161")).error() == NameError::BadLabelType);
    CHECK(Name::from_wire(bytes("8161")).error() == NameError::BadLabelType);
    CHECK(Name::from_wire(bytes("016140")).error() == NameError::BadLabelType);
    CHECK(Name::from_wire(bytes("c000")).error() == NameError::BadPointer);
    CHECK(Name::from_wire(bytes("0161c000")).error() == NameError::BadPointer);
    CHECK(Name::from_wire(bytes("000000")).error() == NameError::TrailingData);
    CHECK(Name::from_wire(bytes("01610000")).error() == NameError::TrailingData);
  }
}

TEST_CASE("the query path never allocates", "[name][alloc]") {
  // Everything is prepared first: Catch and the helpers allocate.
  auto m = message({bytes("076578616d706c6503636f6d00"), bytes("03777777c00c"), bytes("c00c")});
  auto bad = message({bytes("c00c")});
  auto wire = bytes("03777777076578616d706c6503636f6d00");
  Name a = N("www.example.com.");
  Name b = N("MAIL.example.com.");
  Name owner = N("example.com.");
  Name target = N("example.net.");
  const uint8_t label[] = {'x'};

  size_t before = g_allocations.load();
  size_t offset = 25;
  auto from_message = Name::from_message(m, offset);
  size_t bad_offset = 12;
  auto from_bad = Name::from_message(bad, bad_offset);
  auto from_wire = Name::from_wire(wire);
  int order = a.canonical_compare(b);
  bool equal = a == b;
  uint64_t hash = a.hash();
  Name parent = a.parent();
  Name suffix = a.suffix(2);
  auto wildcard = a.wildcard_child();
  auto replaced = a.replace_suffix(owner, target);
  auto prepended = a.prepend(label);
  bool below = a.is_subdomain_of(owner);
  size_t common = a.common_labels(b);
  Name lower = b.lowercased();
  size_t after = g_allocations.load();

  CHECK(after == before);
  REQUIRE(from_message);
  CHECK(*from_message == a);
  CHECK(from_bad.error() == NameError::BadPointer);
  CHECK(*from_wire == a);
  CHECK(order > 0);
  CHECK_FALSE(equal);
  CHECK(hash == N("WWW.EXAMPLE.COM.").hash());
  CHECK(parent == owner);
  CHECK(suffix == owner);
  CHECK(wildcard->to_text() == "*.www.example.com.");
  CHECK(replaced->to_text() == "www.example.net.");
  CHECK(prepended->to_text() == "x.www.example.com.");
  CHECK(below);
  CHECK(common == 2);
  CHECK(lower.to_text() == "mail.example.com.");

  // The counter does see allocations, so the check above can fail.
  Name longer = N("a-name-too-long-for-small-string-storage.example.");
  size_t start = g_allocations.load();
  std::string text = longer.to_text();
  CHECK(g_allocations.load() > start);
}
