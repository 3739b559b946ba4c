// The interleaved descent only warms the cache, so what it must get right
// is that it walks the same tree as ZoneDb::closest_encloser (else it warms
// the wrong lines), ends for every name, and takes no more than a batch.
#include <catch2/catch.hpp>

#include "db/bytes.hh"
#include "db/descent_batch.hh"
#include "db/format.hh"
#include "db/reader.hh"
#include "zone_builder.hh"

using namespace lnsd;
using lnsd::test::name;

namespace {

test::OpenDb open_zone() {
  test::ZoneBuilder z("example.com.");
  z.add_lines(R"(
    @ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300
    @ 3600 NS ns1
    ns1 3600 A 192.0.2.53
    www 3600 A 192.0.2.80
    a.b.c 3600 TXT "deep"
    sub 3600 NS ns.sub
    ns.sub 3600 A 192.0.2.77
    *.wild 3600 TXT "wild"
    moved 3600 DNAME example.net.
  )");
  // Many siblings, so that buckets hold several entries and labels share
  // front-coded prefixes with their group's first node.
  for (int i = 0; i < 300; ++i) z.add("host" + std::to_string(i) + " 3600 A 192.0.2.1");
  return test::open_image(z.build());
}

}  // namespace

TEST_CASE("descent batch: finds exactly the names closest_encloser finds", "[db][descent]") {
  test::OpenDb opened = open_zone();
  const std::unique_ptr<db::ZoneDb>& db = opened.db;
  std::vector<Name> names;
  for (const char* n : {"example.com.", "www.example.com.", "WWW.Example.COM.", "a.b.c.example.com.",
                        "b.c.example.com.", "x.a.b.c.example.com.", "nothing.example.com.", "ns.sub.example.com.",
                        "deep.below.ns.sub.example.com.", "x.wild.example.com.", "host0.example.com.",
                        "host17.example.com.", "host299.example.com.", "host300.example.com.", "host2.example.com.",
                        "moved.example.com.", "a.moved.example.com.", "x.y.moved.example.com."}) {
    names.push_back(name(n));
  }
  size_t exact = 0;
  db::DescentBatch descent;
  for (const Name& n : names) {
    REQUIRE(descent.add(*db, n));
    auto e = db->closest_encloser(n);
    exact += e && e->exact;
  }
  CHECK(descent.size() == names.size());
  CHECK(exact == 11);
  CHECK(descent.run(db::DescentBatch::Last::Check) == exact);
  // Each result is the closest encloser, cut and flags included.
  for (size_t i = 0; i < names.size(); ++i) {
    INFO(names[i].to_text());
    auto e = db->closest_encloser(names[i]);
    REQUIRE(e);
    const db::Encloser& r = descent.result(i);
    CHECK(r.node == e->node);
    CHECK(r.labels == e->labels);
    CHECK(r.exact == e->exact);
    CHECK(r.cut == e->cut);
    CHECK(r.flags == e->flags);
  }
  descent.clear();
  CHECK(descent.size() == 0);
}

TEST_CASE("descent batch: names outside the zone are not taken", "[db][descent]") {
  test::OpenDb opened = open_zone();
  const std::unique_ptr<db::ZoneDb>& db = opened.db;
  Name outside = name("www.example.net.");
  Name parent = name("com.");
  db::DescentBatch descent;
  CHECK_FALSE(descent.add(*db, outside));
  CHECK_FALSE(descent.add(*db, parent));
  CHECK(descent.run(db::DescentBatch::Last::Check) == 0);
}

TEST_CASE("descent batch: holds one receive batch", "[db][descent]") {
  test::OpenDb opened = open_zone();
  const std::unique_ptr<db::ZoneDb>& db = opened.db;
  Name www = name("www.example.com.");
  db::DescentBatch descent;
  for (size_t i = 0; i < db::DescentBatch::kCapacity; ++i) REQUIRE(descent.add(*db, www));
  CHECK_FALSE(descent.add(*db, www));
  CHECK(descent.run(db::DescentBatch::Last::Check) == db::DescentBatch::kCapacity);
  CHECK_FALSE(descent.add(*db, www));
  descent.clear();
  CHECK(descent.add(*db, www));
  CHECK(descent.run(db::DescentBatch::Last::Check) == 1);
}

TEST_CASE("look-ups: a label group longer than a slot's distance is found through NodeBase", "[db][descent]") {
  // A slot tells how far back its node's label group starts in up to 12
  // bits (lnsd-zonedb(5)). Here the group's first node, "big", holds 5 kB
  // of TXT, so the slots of "big-1" to "big-15" cannot say where it starts:
  // their labels' shared prefix "big" is found through NodeBase instead.
  test::ZoneBuilder z("example.com.");
  z.add_lines("@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 NS ns1\nns1 3600 A 192.0.2.53\n");
  for (int i = 1; i <= 15; ++i) z.add("a" + std::to_string(i) + " 3600 A 192.0.2.1");  // nodes 1 to 15
  const std::string text(250, 'x');
  for (int i = 0; i < 20; ++i) z.add("big 3600 TXT \"" + std::to_string(i) + text + "\"");
  for (int i = 1; i <= 15; ++i) z.add("big-" + std::to_string(i) + " 3600 A 192.0.2.2");
  test::OpenDb opened = test::open_image(z.build());
  const db::ZoneDb& db = *opened.db;
  REQUIRE(db.verify());

  auto big = db.find_exact(name("big.example.com."));
  REQUIRE(big);
  REQUIRE(big->index % db::format::kLabelGroup == 0);
  // No slot of the group's other nodes gives the distance.
  const auto& h = db.header();
  std::span<const uint8_t> slots, data;
  for (const auto& s : h.sections) {
    if (s.id == uint32_t(db::format::SectionId::HashSlots)) slots = db.image().subspan(s.offset, s.size);
    if (s.id == uint32_t(db::format::SectionId::NodeData)) data = db.image().subspan(s.offset, s.size);
  }
  const db::format::SlotLayout layout(h.node_count, data.size());
  size_t without_distance = 0;
  for (size_t k = 0; k < slots.size(); k += 8) {
    const uint64_t slot = db::load_le<uint64_t>(slots.data() + k);
    const uint32_t index = layout.index(slot);
    if (slot != 0 && index > big->index && index < big->index + db::format::kLabelGroup) {
      without_distance += layout.group_delta(slot) == layout.no_delta();
    }
  }
  CHECK(without_distance == 15);

  std::vector<Name> names;
  for (int i = 1; i <= 15; ++i) names.push_back(name("big-" + std::to_string(i) + ".example.com."));
  names.push_back(name("big-16.example.com."));  // shares the prefix, does not exist
  db::DescentBatch descent;
  for (const Name& n : names) REQUIRE(descent.add(db, n));
  CHECK(descent.run(db::DescentBatch::Last::Check) == 15);
  for (size_t i = 0; i < names.size(); ++i) {
    INFO(names[i].to_text());
    auto found = db.find_exact(names[i]);
    CHECK(found.has_value() == (i < 15));
    CHECK(descent.result(i).exact == (i < 15));
    if (found) {
      CHECK(descent.result(i).node == *found);
      CHECK(db.name(*found) == names[i]);
    }
  }
}
