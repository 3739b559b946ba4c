// ZoneContent (lib/db/zone_content.hh): interning owners, then finalize()
// grouping records into canonically ordered nodes and RRsets.
#include "db/zone_content.hh"

#include <algorithm>
#include <array>

#include <catch2/catch.hpp>

#include "zone_builder.hh"

using namespace lnsd;
using lnsd::test::name;
using lnsd::test::ZoneBuilder;

namespace {

std::vector<std::string> owner_order(const db::ZoneContent& c) {
  std::vector<std::string> out;
  for (const auto& node : c.nodes()) out.push_back(c.owner_name(node.name).to_text());
  return out;
}

}  // namespace

TEST_CASE("intern_owner: one entry per run of a name, case-insensitive", "[db][content]") {
  db::ZoneContent c(name("example.com."));
  uint32_t a = c.intern_owner(name("WWW.Example.com."));
  uint32_t b = c.intern_owner(name("www.example.COM."));
  uint32_t d = c.intern_owner(name("mail.example.com."));
  uint32_t e = c.intern_owner(name("www.example.com."));
  CHECK(a == b);
  CHECK(a != d);
  CHECK(e != a);  // seen again further down: an entry of its own until finalize()
  CHECK(c.owner_count() == 3);
  CHECK(c.owner_name(a).to_text() == "WWW.Example.com.");
}

TEST_CASE("finalize: a name's entries become one node, named as first written", "[db][content]") {
  db::ZoneContent c(name("example.com."));
  const uint8_t a1[] = {192, 0, 2, 1}, a2[] = {192, 0, 2, 2}, txt[] = {1, 'x'};
  uint32_t www = c.intern_owner(name("WWW.Example.com."));
  c.add_record(www, RRType::A, 60, a2, {1, 1, 0});
  c.add_record(c.intern_owner(name("mail.example.com.")), RRType::A, 60, a1, {2, 1, 0});
  uint32_t again = c.intern_owner(name("www.EXAMPLE.com."));
  c.add_record(again, RRType::A, 60, a1, {3, 1, 0});
  c.add_record(again, RRType::TXT, 60, txt, {4, 1, 0});
  c.add_record(again, RRType::A, 60, a2, {5, 1, 0});  // a duplicate of line 1
  auto events = c.finalize();
  REQUIRE(c.nodes().size() == 2);
  CHECK(owner_order(c) == std::vector<std::string>{"mail.example.com.", "WWW.Example.com."});
  const auto& node = c.nodes()[1];
  CHECK(node.name == www);
  REQUIRE(node.rrset_count == 2);
  const auto& a_set = c.rrsets()[node.first_rrset];
  CHECK(a_set.type == RRType::A);
  CHECK(a_set.record_count == 2);
  CHECK(c.rrset_owner(a_set) == www);
  CHECK(c.rrset_owner(c.rrsets()[node.first_rrset + 1]) == www);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == db::ZoneContent::MergeEvent::Kind::DuplicateRecord);
  CHECK(c.position(events[0].record).line == 5);
  CHECK(c.position(events[0].first).line == 1);
}

TEST_CASE("finalize: thousands of names each written twice, far apart", "[db][content]") {
  // Past the two-thread thresholds of the ranking and the group sort.
  db::ZoneContent c(name("example."));
  const int count = 20000;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < count; ++i) {
      std::string label = (pass == 0 ? "h" : "H") + std::to_string(i);
      std::array<uint8_t, 4> a{192, 0, uint8_t(pass), uint8_t(i)};
      c.add_record(c.intern_owner(name(label + ".example.")), RRType::A, 60, a, {});
    }
  }
  CHECK(c.owner_count() == size_t(2 * count));
  CHECK(c.finalize().empty());
  REQUIRE(c.nodes().size() == size_t(count));
  for (const auto& node : c.nodes()) {
    REQUIRE(node.rrset_count == 1);
    CHECK(c.rrsets()[node.first_rrset].record_count == 2);
    CHECK(c.owner_name(node.name).to_text()[0] == 'h');
  }
}

TEST_CASE("reserve_for_source changes no result, before or between records", "[db][content]") {
  auto fill = [](db::ZoneContent& c) {
    for (int i = 0; i < 2000; ++i) {
      uint32_t owner = c.intern_owner(name("h" + std::to_string(1999 - i) + ".example."));
      std::array<uint8_t, 4> a{192, 0, 2, uint8_t(i)};
      c.add_record(owner, RRType::A, 60, a, {});
      if (i == 1000) c.reserve_for_source(1 << 20);  // a second source, read midway
    }
  };
  db::ZoneContent plain(name("example."));
  db::ZoneContent reserved(name("example."));
  reserved.reserve_for_source(50'000'000);
  fill(plain);
  fill(reserved);
  plain.finalize();
  reserved.finalize();
  REQUIRE(reserved.records().size() == plain.records().size());
  for (size_t i = 0; i < plain.records().size(); ++i) {
    CHECK(reserved.records()[i].owner == plain.records()[i].owner);
    CHECK(std::ranges::equal(reserved.rdata(reserved.records()[i]), plain.rdata(plain.records()[i])));
  }
  CHECK(owner_order(reserved) == owner_order(plain));
}

TEST_CASE("finalize: owners in canonical order (RFC 4034 §6.1)", "[db][content]") {
  // The example of RFC 4034 §6.1, written out of order.
  ZoneBuilder z("example.");
  z.add_lines(R"(
    *.z.example. 60 A 192.0.2.1
    \200.z.example. 60 A 192.0.2.1
    Z.a.example. 60 A 192.0.2.1
    example. 60 A 192.0.2.1
    yljkjljk.a.example. 60 A 192.0.2.1
    zABC.a.EXAMPLE. 60 A 192.0.2.1
    a.example. 60 A 192.0.2.1
    z.example. 60 A 192.0.2.1
    \001.z.example. 60 A 192.0.2.1
  )");
  z.content().finalize();
  CHECK(owner_order(z.content()) ==
        std::vector<std::string>{"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
                                 "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.",
                                 "\\200.z.example."});
}

TEST_CASE("finalize: RRsets by type, rdata in canonical order, duplicates merged", "[db][content]") {
  ZoneBuilder z("example.");
  z.add_lines(R"(
    www.example. 60 TXT "b"
    www.example. 60 A 192.0.2.2
    www.example. 60 TXT "a"
    www.example. 60 A 192.0.2.1
    www.example. 60 A 192.0.2.2
    www.example. 60 NS NS1.example.
    www.example. 60 NS ns1.example.
  )");
  auto& c = z.content();
  auto events = c.finalize();
  REQUIRE(c.nodes().size() == 1);
  REQUIRE(c.rrsets().size() == 3);
  CHECK(c.rrsets()[0].type == RRType::A);
  CHECK(c.rrsets()[1].type == RRType::NS);
  CHECK(c.rrsets()[2].type == RRType::TXT);
  const auto& a = c.rrsets()[0];
  REQUIRE(a.record_count == 2);
  CHECK(c.rdata(c.records()[a.first_record])[3] == 1);
  CHECK(c.rdata(c.records()[a.first_record + 1])[3] == 2);
  // NS names compare in canonical (lowercase) form: the second is a duplicate
  // and the first written, with its case, stays.
  const auto& ns = c.rrsets()[1];
  REQUIRE(ns.record_count == 1);
  CHECK(c.rdata(c.records()[ns.first_record])[1] == 'N');
  const auto& txt = c.rrsets()[2];
  CHECK(c.rdata(c.records()[txt.first_record])[1] == 'a');

  REQUIRE(events.size() == 2);
  for (const auto& e : events) {
    CHECK(e.kind == db::ZoneContent::MergeEvent::Kind::DuplicateRecord);
    // The removed record follows every RRset's records; both stay readable.
    CHECK(e.record >= 5);
    CHECK(e.first < 5);
    CHECK(c.records()[e.record].type == c.records()[e.first].type);
  }
  CHECK(c.records().size() == 7);
}

TEST_CASE("finalize: an RRset with differing TTLs takes the first written", "[db][content]") {
  ZoneBuilder z("example.");
  z.add("a.example. 300 A 192.0.2.9");
  z.add("a.example. 60 A 192.0.2.1");
  z.add("a.example. 300 A 192.0.2.5");
  auto& c = z.content();
  auto events = c.finalize();
  REQUIRE(c.rrsets().size() == 1);
  CHECK(c.rrsets()[0].ttl == 300);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == db::ZoneContent::MergeEvent::Kind::TtlMismatch);
  CHECK(c.records()[events[0].record].ttl == 60);
  CHECK(c.records()[events[0].first].ttl == 300);
  CHECK(c.rdata(c.records()[events[0].first])[3] == 9);
}

TEST_CASE("finalize: RRSIGs form one RRset per covered type, each with its TTL", "[db][content]") {
  ZoneBuilder z("example.");
  z.add("example. 60 RRSIG MX 8 1 60 20300101000000 20200101000000 1 example. AAAA");
  z.add("example. 300 RRSIG A 8 1 300 20300101000000 20200101000000 1 example. AAAA");
  z.add("example. 300 RRSIG A 8 1 300 20300101000000 20200101000000 2 example. AAAA");
  auto& c = z.content();
  CHECK(c.finalize().empty());
  REQUIRE(c.rrsets().size() == 2);
  CHECK(c.rrsets()[0].covered == RRType::A);
  CHECK(c.rrsets()[0].ttl == 300);
  CHECK(c.rrsets()[0].record_count == 2);
  CHECK(c.rrsets()[1].covered == RRType::MX);
  CHECK(c.rrsets()[1].ttl == 60);
}

TEST_CASE("finalize: a zone large enough to sort on two threads keeps every rule", "[db][content]") {
  // 40,000 owners, past the size where owners and groups split between two
  // threads. Records are added out of order; every seventh owner has a
  // duplicate and a TTL that differs within an RRset.
  ZoneBuilder z("big.test.");
  const int owners = 40000;
  int duplicates = 0, ttl_mismatches = 0;
  for (int k = 0; k < owners; ++k) {
    int i = int((uint64_t(k) * 7919) % owners);
    std::string owner = "h" + std::to_string(i) + ".big.test. ";
    z.add(owner + "60 A 192.0.2." + std::to_string(i % 200 + 2));
    z.add(owner + "60 A 192.0.2.1");
    z.add(owner + "60 TXT \"t" + std::to_string(i) + "\"");
    if (i % 7 == 0) {
      z.add(owner + "60 A 192.0.2.1");
      ++duplicates;
      z.add(owner + "300 TXT \"u\"");
      ++ttl_mismatches;
    }
  }
  auto& c = z.content();
  auto events = c.finalize();
  REQUIRE(c.nodes().size() == size_t(owners));
  for (size_t n = 1; n < c.nodes().size(); ++n) {
    REQUIRE(c.owner_name(c.nodes()[n - 1].name).canonical_compare(c.owner_name(c.nodes()[n].name)) < 0);
  }
  size_t records_in_rrsets = 0;
  for (const auto& set : c.rrsets()) {
    records_in_rrsets += set.record_count;
    for (uint32_t r = 1; r < set.record_count; ++r) {
      auto a = c.rdata(c.records()[set.first_record + r - 1]);
      auto b = c.rdata(c.records()[set.first_record + r]);
      REQUIRE(std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end()));
    }
  }
  CHECK(records_in_rrsets + size_t(duplicates) == c.records().size());
  CHECK(c.rrsets().size() == size_t(owners) * 2);
  size_t seen_duplicates = 0, seen_mismatches = 0;
  for (const auto& e : events) {
    (e.kind == db::ZoneContent::MergeEvent::Kind::DuplicateRecord ? seen_duplicates : seen_mismatches)++;
  }
  CHECK(seen_duplicates == size_t(duplicates));
  CHECK(seen_mismatches == size_t(ttl_mismatches));
}

TEST_CASE("release_positions: positions read as unknown afterwards, records stay", "[db][content]") {
  db::ZoneContent c(name("example."));
  const uint8_t a1[] = {192, 0, 2, 1}, a2[] = {192, 0, 2, 2};
  uint32_t www = c.intern_owner(name("www.example."));
  c.add_record(www, RRType::A, 60, a2, {7, 3, 0});
  c.add_record(www, RRType::A, 60, a1, {9, 5, 0});
  c.finalize();
  // Sorted by rdata, each record keeps its own position.
  CHECK(c.position(0).line == 9);
  CHECK(c.position(1).line == 7);
  CHECK(c.position(1).column == 3);
  c.release_positions();
  CHECK(c.position(1).line == 0);
  CHECK(c.records().size() == 2);
}
