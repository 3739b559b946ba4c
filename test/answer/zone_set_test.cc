// The zone set: longest-match zone selection and zones that did not load.
#include <catch2/catch.hpp>

#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

Name n(std::string_view text) { return *Name::from_text(text); }

const char* const kMinimal = "@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";

}  // namespace

TEST_CASE("the zone of a name is the longest matching origin", "[answer][zones]") {
  AnswerFixture f;
  f.zone("example.", kMinimal).zone("sub.example.", kMinimal).zone("test.", kMinimal);
  const ZoneSet& zones = f.zones();
  CHECK(zones.size() == 3);
  CHECK(zones.find(n("www.example."))->origin() == n("example."));
  CHECK(zones.find(n("a.b.SUB.example."))->origin() == n("sub.example."));
  CHECK(zones.find(n("sub.example."))->origin() == n("sub.example."));
  CHECK(zones.find(n("example."))->origin() == n("example."));
  CHECK(zones.find(n("notsub.example."))->origin() == n("example."));
  CHECK(zones.find(n("example.org.")) == nullptr);
  CHECK(zones.find(n(".")) == nullptr);
}

TEST_CASE("a zone's parent is the longest match above its origin", "[answer][zones]") {
  AnswerFixture f;
  f.zone("example.", kMinimal).zone("a.b.example.", kMinimal);
  const ZoneSet& zones = f.zones();
  CHECK(zones.find_parent(*zones.find_exact(n("a.b.example.")))->origin() == n("example."));
  CHECK(zones.find_parent(*zones.find_exact(n("example."))) == nullptr);
  CHECK(zones.find_exact(n("b.example.")) == nullptr);
}

TEST_CASE("a zone that did not load is found but has no database", "[answer][zones]") {
  AnswerFixture f;
  f.zone("example.", kMinimal).broken_zone("broken.example.");
  const ZoneSet::Zone* broken = f.zones().find(n("www.broken.example."));
  REQUIRE(broken);
  CHECK(broken->db() == nullptr);
  CHECK(f.zones().find(n("www.example."))->db() != nullptr);
}

TEST_CASE("adding a zone of the same name replaces it", "[answer][zones]") {
  AnswerFixture f;
  f.broken_zone("example.").zone("example.", kMinimal);
  CHECK(f.zones().size() == 1);
  CHECK(f.zones().find(n("example."))->db() != nullptr);
}

TEST_CASE("the apex facts: NS, signed, NSEC3 chain, negative TTL", "[answer][zones]") {
  AnswerFixture f;
  f.zone("example.", "@ 3600 SOA ns hostmaster 1 2 3 4 600\n@ NS ns\nns A 192.0.2.1\n");
  f.zone_file("nsec3.test.", "nsec3.test.zone");
  const ZoneSet::Zone* plain = f.zones().find(n("example."));
  CHECK(plain->has_apex_ns());
  CHECK_FALSE(plain->secure());
  CHECK_FALSE(plain->nsec3().has_value());
  CHECK(plain->negative_soa_ttl() == 600);
  const ZoneSet::Zone* signed_zone = f.zones().find(n("nsec3.test."));
  CHECK(signed_zone->secure());
  REQUIRE(signed_zone->nsec3().has_value());
  CHECK(signed_zone->nsec3()->iterations == 0);
  CHECK(signed_zone->negative_soa_ttl() == 300);
}

TEST_CASE("many zones are found by hash, whatever their number", "[answer][zones]") {
  AnswerFixture f;
  for (int i = 0; i < 200; ++i) f.zone("z" + std::to_string(i) + ".example.", kMinimal);
  for (int i = 0; i < 200; i += 37) {
    std::string origin = "z" + std::to_string(i) + ".example.";
    CHECK(f.zones().find(n("www." + origin))->origin() == n(origin));
  }
  CHECK(f.zones().find(n("www.z200.example.")) == nullptr);
}

}  // namespace lnsd::test
