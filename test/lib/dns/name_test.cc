// Domain names: presentation form, wire form, message decompression,
// comparison and label arithmetic (lib/dns/name.hh).
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

namespace {

struct NameVector {
  const char* text;
  const char* origin;
  const char* wire_hex;
  const char* canonical;
};
#include "name_vectors.inc"

Name N(std::string_view text) {
  auto n = Name::from_text(text);
  INFO("name " << text);
  REQUIRE(n);
  return *n;
}

NameError text_error(std::string_view text, const Name* origin = nullptr) {
  auto n = Name::from_text(text, origin);
  INFO("text '" << text << "' parsed as " << (n ? n->to_text() : ""));
  REQUIRE_FALSE(n);
  return n.error();
}

std::vector<uint8_t> bytes(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(uint8_t(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

std::string hex(std::span<const uint8_t> data) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

// An absolute name of `wire` octets in wire form: 63-octet labels and a
// shorter last one (sizes of 64k + 2 octets would need an empty label; the
// tests use none).
std::string name_of_wire_size(size_t wire) {
  std::string text;
  size_t left = wire - 1;  // minus the root
  while (left > 0) {
    size_t label = std::min<size_t>(left - 1, 63);
    text += std::string(label, 'a') + ".";
    left -= label + 1;
  }
  return text;
}

// The same name built octet by octet, without the parser under test.
std::vector<uint8_t> wire_of_size(size_t wire) {
  std::vector<uint8_t> out;
  size_t left = wire - 1;
  while (left > 0) {
    size_t label = std::min<size_t>(left - 1, 63);
    out.push_back(uint8_t(label));
    out.insert(out.end(), label, 'a');
    left -= label + 1;
  }
  out.push_back(0);
  return out;
}

// A DNS message: a zeroed 12-octet header followed by `parts`.
std::vector<uint8_t> message(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> m(12, 0);
  for (const auto& p : parts) m.insert(m.end(), p.begin(), p.end());
  return m;
}

NameError message_error(std::span<const uint8_t> m, size_t offset) {
  size_t at = offset;
  auto n = Name::from_message(m, at);
  INFO("offset " << offset << " of " << m.size() << " parsed as " << (n ? n->to_text() : ""));
  REQUIRE_FALSE(n);
  CHECK(at == offset);  // a failed read leaves the offset alone
  return n.error();
}

}  // namespace

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
