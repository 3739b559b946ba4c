// Writer and reader together: a zone built as ZoneContent, written with
// build_database(), read back with ZoneDb: every RRset comes back octet for
// octet, the names come back in canonical order with empty non-terminals,
// and the flags and look-ups say what RFC 1034, 4592, 4034 and 6672 say.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

#include "db/reader.hh"
#include "db/writer.hh"
#include "zone_builder.hh"

// Look-ups must not allocate (the answer path depends on it): every
// allocation of this test program is counted.
namespace {
std::atomic<size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n != 0 ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n != 0 ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace lnsd;
using db::NodeRef;
using lnsd::test::name;
using lnsd::test::ZoneBuilder;
namespace fmt = lnsd::db::format;

namespace {

constexpr const char* kExampleZone = R"(
@ 3600 SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ 3600 NS ns1
@ 3600 NS ns2.example.net.
@ 3600 MX 10 mail
@ 3600 A 192.0.2.1
ns1 3600 A 192.0.2.53
mail 3600 A 192.0.2.25
mail 3600 AAAA 2001:db8::25
MiXeD 3600 A 192.0.2.26
www 300 CNAME example.com.
*.wild 3600 A 192.0.2.99
a.b.c 3600 TXT "deep"
sub 3600 NS ns.sub
sub 3600 NS ns1
ns.sub 3600 A 192.0.2.77
dn 3600 DNAME example.net.
x.dn 3600 A 192.0.2.5
txt 3600 TXT "hello world" "second"
srv 3600 SRV 0 5 5060 sip.example.com.
)";

// Every RRset of the content is in the database with its TTL and its
// rdatas, in order and octet for octet; and the database holds no other.
void check_same_content(db::ZoneContent& content, const db::ZoneDb& db) {
  size_t db_rrsets = 0;
  for (uint32_t i = 0; i < db.node_count(); ++i) {
    for (const auto& s : db.rrsets(NodeRef{i})) {
      (void)s;
      ++db_rrsets;
    }
  }
  CHECK(db_rrsets == content.rrsets().size());
  std::vector<uint8_t> wire;
  for (const auto& set : content.rrsets()) {
    Name owner = content.owner_name(content.rrset_owner(set));
    INFO(owner.to_text() << " " << type_to_text(set.type));
    auto node = db.find_exact(owner);
    REQUIRE(node.has_value());
    CHECK(db.name(*node) == owner);
    auto got = set.type == RRType::RRSIG ? db.rrsigs(*node, set.covered) : db.rrset(*node, set.type);
    REQUIRE(got.has_value());
    CHECK(got->type() == set.type);
    CHECK(got->ttl() == set.ttl);
    REQUIRE(got->count() == set.record_count);
    uint32_t r = 0;
    for (const auto& rdata : *got) {
      auto want = content.rdata(content.records()[set.first_record + r]);
      wire.clear();
      rdata.append_wire(wire);
      CHECK(wire == std::vector<uint8_t>(want.begin(), want.end()));
      CHECK(rdata.wire_size() == want.size());
      ++r;
    }
    CHECK(r == set.record_count);
  }
}

}  // namespace

TEST_CASE("round trip: records, names and header of an ordinary zone", "[db][round-trip]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  z.content().sources().push_back({"example.com.zone", {}});
  z.content().sources()[0].sha256[0] = 0xAB;
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;

  CHECK(db.origin() == name("example.com."));
  CHECK(db.serial().value() == 2024010101u);
  CHECK(db.rr_class() == RRClass::IN);
  CHECK_FALSE(db.nsec_signed());
  CHECK_FALSE(db.nsec3_signed());
  REQUIRE(db.sources().size() == 1);
  CHECK(db.sources()[0].path == "example.com.zone");
  CHECK(db.sources()[0].sha256[0] == 0xAB);
  CHECK(db.image().size() % 8 == 0);
  CHECK(db.verify().has_value());
  check_same_content(z.content(), db);

  // Owners and the empty non-terminals c, b.c and wild, in canonical order.
  CHECK(test::node_names(db) ==
        std::vector<std::string>{
            "example.com.", "c.example.com.", "b.c.example.com.", "a.b.c.example.com.",
            "dn.example.com.", "x.dn.example.com.", "mail.example.com.", "MiXeD.example.com.",
            "ns1.example.com.", "srv.example.com.", "sub.example.com.", "ns.sub.example.com.",
            "txt.example.com.", "wild.example.com.", "*.wild.example.com.", "www.example.com."});
}

TEST_CASE("round trip: node flags", "[db][round-trip]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  auto flags_of = [&](const char* n) {
    auto node = db.find_exact(name(n));
    REQUIRE(node.has_value());
    return db.flags(*node);
  };
  CHECK(flags_of("example.com.") == fmt::kNodeApex);  // NS at the apex is no delegation
  CHECK(flags_of("c.example.com.") == fmt::kNodeEmpty);
  CHECK(flags_of("b.c.example.com.") == fmt::kNodeEmpty);
  CHECK(flags_of("a.b.c.example.com.") == 0);
  CHECK(flags_of("sub.example.com.") == fmt::kNodeDelegation);
  CHECK(flags_of("ns.sub.example.com.") == fmt::kNodeOccluded);  // glue
  CHECK(flags_of("dn.example.com.") == fmt::kNodeDname);
  CHECK(flags_of("x.dn.example.com.") == fmt::kNodeOccluded);
  CHECK(flags_of("wild.example.com.") == (fmt::kNodeEmpty | fmt::kNodeWildcardParent));
  CHECK(flags_of("*.wild.example.com.") == 0);
  CHECK(flags_of("www.example.com.") == fmt::kNodeCname);
}

TEST_CASE("round trip: NS below a delegation is occluded, not a second cut", "[db][round-trip]") {
  ZoneBuilder z("example.");
  z.add_lines(R"(
    @ 60 SOA ns hm 1 1 1 1 1
    @ 60 NS ns
    ns 60 A 192.0.2.1
    d 60 NS ns.d
    deeper.d 60 NS ns.d
    x.deeper.d 60 A 192.0.2.2
    d2 60 DNAME example.net.
    d3.d2 60 DNAME example.org.
  )");
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  CHECK(db.flags(*db.find_exact(name("d.example."))) == fmt::kNodeDelegation);
  CHECK(db.flags(*db.find_exact(name("deeper.d.example."))) == fmt::kNodeOccluded);
  CHECK(db.flags(*db.find_exact(name("x.deeper.d.example."))) == fmt::kNodeOccluded);
  CHECK(db.flags(*db.find_exact(name("d3.d2.example."))) == (fmt::kNodeOccluded | fmt::kNodeDname));
}

TEST_CASE("look-ups: exact match, closest encloser, children", "[db][lookup]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  auto node_of = [&](const char* n) { return db.find_exact(name(n)); };

  CHECK(node_of("example.com.") == NodeRef{0});
  CHECK(node_of("WWW.EXAMPLE.COM.").has_value());
  CHECK(node_of("mixed.example.com.").has_value());
  CHECK(node_of("b.c.example.com.").has_value());  // empty non-terminals exist
  CHECK_FALSE(node_of("nothere.example.com."));
  CHECK_FALSE(node_of("a.a.b.c.example.com."));
  CHECK_FALSE(node_of("example.org."));
  CHECK_FALSE(node_of("com."));

  auto ce = [&](const char* n) { return db.closest_encloser(name(n)); };
  {
    auto e = ce("a.b.c.example.com.");
    REQUIRE(e);
    CHECK(e->exact);
    CHECK(e->labels == 5);
  }
  {
    auto e = ce("zz.b.c.example.com.");
    REQUIRE(e);
    CHECK_FALSE(e->exact);
    CHECK(e->node == *node_of("b.c.example.com."));
    CHECK(e->labels == 4);
  }
  {
    auto e = ce("foo.bar.example.com.");
    REQUIRE(e);
    CHECK(e->node == NodeRef{0});
    CHECK(e->labels == 2);
  }
  {
    // The answer path finds the wildcard as the encloser's "*" child.
    auto e = ce("host.wild.example.com.");
    REQUIRE(e);
    CHECK(e->node == *node_of("wild.example.com."));
    CHECK(db.has_flag(e->node, fmt::kNodeWildcardParent));
    const uint8_t star[] = {'*'};
    CHECK(db.find_child(e->node, star) == node_of("*.wild.example.com."));
  }
  {
    // Below a DNAME the search reaches the DNAME owner: the answer path
    // sees its flag on the way.
    auto e = ce("a.b.x.dn.example.com.");
    REQUIRE(e);
    CHECK(e->node == *node_of("x.dn.example.com."));
  }
  {
    // The cut on the way down: a delegation at or above the name, a DNAME
    // strictly above it.
    CHECK_FALSE(ce("www.example.com.")->cut);
    CHECK_FALSE(ce("nothere.example.com.")->cut);
    CHECK(ce("sub.example.com.")->cut == node_of("sub.example.com."));
    CHECK(ce("ns.sub.example.com.")->cut == node_of("sub.example.com."));
    CHECK(ce("a.b.sub.example.com.")->cut == node_of("sub.example.com."));
    CHECK_FALSE(ce("dn.example.com.")->cut);
    CHECK(ce("x.dn.example.com.")->cut == node_of("dn.example.com."));
    CHECK(ce("y.dn.example.com.")->cut == node_of("dn.example.com."));
  }
  {
    // The search gives the flags of the node it ends at, as flags() does.
    for (const char* n : {"example.com.", "host.wild.example.com.", "sub.example.com.", "a.b.sub.example.com.",
                          "b.c.example.com.", "x.dn.example.com.", "nothere.example.com."}) {
      INFO(n);
      auto e = ce(n);
      REQUIRE(e);
      CHECK(e->flags == db.flags(e->node));
    }
    CHECK((ce("host.wild.example.com.")->flags & fmt::kNodeWildcardParent));
    CHECK((ce("sub.example.com.")->flags & fmt::kNodeDelegation));
    CHECK((ce("nothere.example.com.")->flags & fmt::kNodeApex));
  }
  CHECK_FALSE(ce("example.net."));
  CHECK_FALSE(ce("com."));
  const uint8_t mail[] = {'M', 'A', 'I', 'L'};
  CHECK(db.find_child(NodeRef{0}, mail) == node_of("mail.example.com."));
  CHECK(db.parent(*node_of("a.b.c.example.com.")) == node_of("b.c.example.com."));
  CHECK_FALSE(db.parent(NodeRef{0}));
}

TEST_CASE("look-ups: predecessor in canonical order", "[db][lookup]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  auto pred = [&](const char* n) -> std::string {
    auto p = db.predecessor(name(n));
    return p ? db.name(*p).to_text() : "none";
  };
  CHECK(pred("example.com.") == "none");
  CHECK(pred("b.example.com.") == "example.com.");
  CHECK(pred("c.example.com.") == "example.com.");
  CHECK(pred("d.example.com.") == "a.b.c.example.com.");  // "d" sorts before "dn"
  CHECK(pred("a.dn.example.com.") == "dn.example.com.");
  CHECK(pred("mail.example.com.") == "x.dn.example.com.");
  CHECK(pred("MAILX.example.com.") == "mail.example.com.");
  CHECK(pred("a.mail.example.com.") == "mail.example.com.");
  CHECK(pred("zzz.example.com.") == "www.example.com.");
  CHECK(pred("\\000.wild.example.com.") == "wild.example.com.");
  CHECK(pred("+.wild.example.com.") == "*.wild.example.com.");  // '*' is 0x2a, '+' 0x2b
  CHECK(pred("example.org.") == "none");
}

TEST_CASE("look-ups allocate nothing", "[db][lookup]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  Name www = name("www.example.com.");
  Name missing = name("a.nothere.example.com.");
  Name mx = name("example.com.");
  std::array<uint8_t, 512> buffer;

  size_t before = g_allocations.load();
  size_t found = 0;
  for (int round = 0; round < 10; ++round) {
    found += db.find_exact(www).has_value();
    found += db.closest_encloser(missing)->labels;
    found += db.predecessor(missing).has_value();
    if (auto set = db.rrset(*db.find_exact(mx), RRType::MX)) {
      for (const auto& rdata : *set) found += rdata.expand(buffer);
    }
    found += db.flags(NodeRef{3});
  }
  CHECK(g_allocations.load() == before);
  CHECK(found > 0);
}

TEST_CASE("rdata: names inside rdata, stored against the origin", "[db][rdata]") {
  ZoneBuilder z("example.com.");
  z.add_lines(kExampleZone);
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;

  auto mx = db.rrset(NodeRef{0}, RRType::MX);
  REQUIRE(mx);
  CHECK(mx->has_names());
  const db::RdataRef r = *mx->begin();
  REQUIRE(r.name_count() == 1);
  CHECK(r.name(0).offset == 2);
  CHECK(r.name(0).kind == RdataNameKind::Compressible);
  CHECK(r.name(0).origin_ref);
  // 10 mail + the two-octet origin reference; the wire form holds the
  // whole of mail.example.com.
  CHECK(r.stored().size() == 2 + 5 + 2);
  CHECK(r.wire_size() == 2 + 18);
  std::array<uint8_t, 19> small;
  CHECK(r.expand(small) == 0);

  // A name in another zone is stored as it is.
  auto ns = db.rrset(NodeRef{0}, RRType::NS);
  REQUIRE(ns);
  REQUIRE(ns->count() == 2);
  auto it = ns->begin();
  CHECK(it->name(0).origin_ref);
  ++it;
  CHECK_FALSE(it->name(0).origin_ref);
  CHECK(it->stored().size() == it->wire_size());

  // SRV targets are never compressed on the wire (RFC 2782): the kind says so.
  auto srv = db.rrset(*db.find_exact(name("srv.example.com.")), RRType::SRV);
  REQUIRE(srv);
  CHECK(srv->begin()->name(0).kind != RdataNameKind::Compressible);
  CHECK(srv->begin()->name(0).offset == 6);

  // Types without names carry no name lists.
  auto a = db.rrset(NodeRef{0}, RRType::A);
  REQUIRE(a);
  CHECK_FALSE(a->has_names());
  CHECK(a->begin()->name_count() == 0);
  CHECK_FALSE(db.rrset(NodeRef{0}, RRType::AAAA));
}

TEST_CASE("RRSIGs are found by the type they cover", "[db][rdata]") {
  ZoneBuilder z("example.");
  z.add_lines(R"(
    @ 3600 SOA ns hm 1 1 1 1 1
    @ 3600 NS ns
    @ 3600 RRSIG SOA 8 1 3600 20300101000000 20200101000000 1 example. AAAA
    @ 3600 RRSIG NS 8 1 3600 20300101000000 20200101000000 1 example. BBBB
    ns 300 A 192.0.2.1
    ns 300 RRSIG A 8 2 300 20300101000000 20200101000000 1 example. CCCC
    ns 300 RRSIG A 8 2 300 20300101000000 20200101000000 2 example. DDDD
    ns 60 TXT "x"
    ns 60 RRSIG TXT 8 2 60 20300101000000 20200101000000 1 example. EEEE
  )");
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  check_same_content(z.content(), db);
  auto ns = *db.find_exact(name("ns.example."));
  auto sig_a = db.rrsigs(ns, RRType::A);
  REQUIRE(sig_a);
  CHECK(sig_a->count() == 2);
  CHECK(sig_a->ttl() == 300);
  CHECK(sig_a->covered() == RRType::A);
  auto sig_txt = db.rrsigs(ns, RRType::TXT);
  REQUIRE(sig_txt);
  CHECK(sig_txt->ttl() == 60);
  CHECK_FALSE(db.rrsigs(ns, RRType::AAAA));
  CHECK_FALSE(db.rrset(ns, RRType::RRSIG));  // RRSIGs only through rrsigs()
  // The signer name is the origin: stored as the two-octet reference.
  CHECK(sig_a->begin()->name(0).origin_ref);
}

TEST_CASE("NSEC zones: the covering NSEC skips empty non-terminals and glue", "[db][lookup]") {
  ZoneBuilder z("example.");
  z.add_lines(R"(
    @ 60 SOA ns hm 1 1 1 1 1
    @ 60 NS ns
    @ 60 NSEC a.b SOA NS NSEC
    a.b 60 A 192.0.2.1
    a.b 60 NSEC d A NSEC
    d 60 NS ns.d
    d 60 NSEC ns A NSEC
    ns.d 60 A 192.0.2.2
    x.ns.d 60 A 192.0.2.3
    ns 60 A 192.0.2.4
    ns 60 NSEC example. A NSEC
  )");
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  CHECK(db.nsec_signed());
  auto cover = [&](const char* n) -> std::string {
    auto c = db.nsec_cover(name(n));
    return c ? db.name(*c).to_text() : "none";
  };
  CHECK(cover("a.example.") == "example.");
  CHECK(cover("c.b.example.") == "a.b.example.");
  CHECK(cover("c.example.") == "a.b.example.");
  CHECK(cover("y.ns.d.example.") == "d.example.");  // glue has no NSEC: the cut's covers
  CHECK(cover("e.example.") == "d.example.");
  CHECK(cover("zz.example.") == "ns.example.");
  CHECK(cover("example.") == "ns.example.");  // wraps to the last NSEC
  CHECK(cover("example.org.") == "none");
}

TEST_CASE("the same content gives the same octets", "[db][round-trip]") {
  ZoneBuilder a("example.com.");
  a.add_lines(kExampleZone);
  // The same records in another order and case.
  std::string text = kExampleZone;
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  std::reverse(lines.begin(), lines.end());
  ZoneBuilder b("example.com.");
  for (const auto& l : lines) {
    if (!l.empty()) b.add(l);
  }
  CHECK(a.build() == b.build());
}

TEST_CASE("build_database refuses content it cannot serve", "[db][writer]") {
  SECTION("no SOA") {
    ZoneBuilder z("example.");
    z.add("www.example. 60 A 192.0.2.1");
    z.content().finalize();
    auto r = db::build_database(z.content());
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("no SOA") != std::string::npos);
  }
  SECTION("an owner outside the zone") {
    ZoneBuilder z("example.");
    z.add("@ 60 SOA ns hm 1 1 1 1 1");
    z.add("www.example.org. 60 A 192.0.2.1");
    z.content().finalize();
    auto r = db::build_database(z.content());
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("outside the zone") != std::string::npos);
  }
  SECTION("malformed rdata") {
    ZoneBuilder z("example.");
    z.add("@ 60 SOA ns hm 1 1 1 1 1");
    const uint8_t three[] = {1, 2, 3};
    z.content().add_record(z.content().intern_owner(name("a.example.")), RRType::A, 60, three, {});
    z.content().finalize();
    auto r = db::build_database(z.content());
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("malformed A rdata") != std::string::npos);
  }
  SECTION("not finalized") {
    ZoneBuilder z("example.");
    z.add("@ 60 SOA ns hm 1 1 1 1 1");
    CHECK_FALSE(db::build_database(z.content()));
  }
}

TEST_CASE("a zone of many names: every name found, every absent name not", "[db][round-trip]") {
  ZoneBuilder z("big.example.");
  z.add("@ 3600 SOA ns hm 7 1 1 1 1");
  z.add("@ 3600 NS ns");
  for (int i = 0; i < 3000; ++i) {
    std::string n = "h" + std::to_string(i);
    z.add(n + " 3600 A 192.0.2." + std::to_string(i % 250));
    if (i % 3 == 0) z.add(n + " 3600 AAAA 2001:db8::" + std::to_string(i));
    if (i % 7 == 0) z.add("x.y" + std::to_string(i) + " 600 MX 10 " + n);
    if (i % 11 == 0) z.add(n + " 3600 TXT \"text " + std::to_string(i) + "\"");
  }
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  CHECK(db.verify().has_value());
  check_same_content(z.content(), db);
  for (int i = 0; i < 3000; i += 7) {
    CHECK(db.find_exact(name("y" + std::to_string(i) + ".big.example.")).has_value());  // ENT
    CHECK_FALSE(db.find_exact(name("h" + std::to_string(i) + "x.big.example.")));
    // Labels are stored front-coded against their group's first label: the
    // shared prefix and the node's own suffix both compare without case.
    const auto exact = db.find_exact(name("h" + std::to_string(i) + ".big.example."));
    CHECK(db.find_exact(name("H" + std::to_string(i) + ".BIG.EXAMPLE.")) == exact);
    CHECK_FALSE(db.find_exact(name("g" + std::to_string(i) + ".big.example.")));
  }
  // Canonical order holds over the whole zone (verify() checks it too).
  for (uint32_t i = 1; i < db.node_count(); ++i) {
    CHECK(db.name(NodeRef{i - 1}).canonical_compare(db.name(NodeRef{i})) < 0);
  }
}

TEST_CASE("a DNAME at the apex occludes the whole zone below it", "[db][lookup]") {
  ZoneBuilder z("old.example.");
  z.add_lines(R"(
    @ 60 SOA ns.new.example. hm 1 1 1 1 1
    @ 60 NS ns.new.example.
    @ 60 DNAME new.example.
    stale 60 A 192.0.2.1
  )");
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  CHECK(db.flags(NodeRef{0}) == (fmt::kNodeApex | fmt::kNodeDname));
  CHECK(db.flags(*db.find_exact(name("stale.old.example."))) == fmt::kNodeOccluded);
  CHECK_FALSE(db.closest_encloser(name("old.example."))->cut);
  CHECK(db.closest_encloser(name("stale.old.example."))->cut == NodeRef{0});
  CHECK(db.closest_encloser(name("a.b.old.example."))->cut == NodeRef{0});
}

TEST_CASE("more RRset shapes than codes: the rest are spelled out", "[db][round-trip]") {
  // 300 TTLs make 600 candidate shapes for 255 codes: some RRsets use their
  // own shape, some a shape with the count left open, some none.
  ZoneBuilder z("example.");
  z.add("@ 60 SOA ns hm 1 1 1 1 1");
  for (int i = 0; i < 300; ++i) {
    std::string n = "n" + std::to_string(i) + " " + std::to_string(1000 + i);
    z.add(n + " A 192.0.2.1");
    if (i % 2 == 0) z.add(n + " A 192.0.2.2");
    if (i % 3 == 0) z.add(n + " RRSIG A 8 2 60 20300101000000 20200101000000 1 example. AAAA");
  }
  auto open = test::open_image(z.build());
  CHECK(open.db->verify().has_value());
  check_same_content(z.content(), *open.db);
}

TEST_CASE("round trip: nodes with more RRsets than the node header counts inline", "[db][round-trip]") {
  // The header holds counts up to 14; from 15 on a varint follows the label
  // (lnsd-zonedb(5)). Each name is found through the hash index, whose slot
  // gives the node's offset, and through its index.
  ZoneBuilder z("example.com.");
  z.add_lines("@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 NS ns1\nns1 3600 A 192.0.2.53\n");
  constexpr uint32_t counts[] = {1, 14, 15, 16, 200};
  for (uint32_t count : counts) {
    std::string lines;
    for (uint32_t t = 0; t < count; ++t) {
      lines += "n" + std::to_string(count) + " 300 TYPE" + std::to_string(1000 + t) + " \\# 1 0" +
               std::to_string(t % 10) + "\n";
    }
    z.add_lines(lines);
  }
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  CHECK(db.verify().has_value());
  check_same_content(z.content(), db);
  for (uint32_t count : counts) {
    INFO(count);
    auto found = db.find_exact(name("n" + std::to_string(count) + ".example.com."));
    REQUIRE(found);
    uint32_t seen = 0;
    for (const auto& s : db.rrsets(*found)) seen += s.type() == RRType(uint16_t(1000 + seen));
    CHECK(seen == count);
    seen = 0;
    for (const auto& s : db.rrsets(NodeRef{found->index})) seen += bool(s.count() == 1);
    CHECK(seen == count);
  }
}
