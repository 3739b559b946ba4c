// NSEC3 (RFC 5155): the hash of §5, checked against the example hashes of
// Appendix A (salt aabbccdd, 12 iterations), and the database's NSEC3
// index: the chain sorted by hash, and each name's own hash precomputed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>

#include "db/nsec3.hh"
#include "db/reader.hh"
#include "dns/encoding.hh"
#include "zone_builder.hh"

using namespace lnsd;
using lnsd::test::name;

namespace {

// RFC 5155 Appendix A: the names of the example zone and their hashes.
const std::map<std::string, std::string> kAppendixA = {
    {"example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},
    {"a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
    {"ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi"},
    {"ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
    {"ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r"},
    {"w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
    {"*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"},
    {"x.w.example.", "b4um86eghhds6nea196smvmlo4ors995"},
    {"y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"},
    {"x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s"},
    {"xx.example.", "t644ebqk9bibcna874givr6joj62mlhv"},
};

db::Nsec3Params appendix_params() {
  const uint8_t rdata[] = {1, 0, 0, 12, 4, 0xaa, 0xbb, 0xcc, 0xdd};
  return *db::Nsec3Params::from_rdata(rdata);
}

std::string hash_text(std::span<const uint8_t> hash) {
  std::string out;
  base32hex_encode(hash, out);
  return out;
}

}  // namespace

TEST_CASE("nsec3: the hashes of RFC 5155 Appendix A", "[db][nsec3]") {
  db::Nsec3Hasher hasher;
  auto params = appendix_params();
  CHECK(params.iterations == 12);
  CHECK(params.salt_length == 4);
  for (const auto& [owner, expected] : kAppendixA) {
    db::Nsec3Hash h;
    REQUIRE(hasher.hash(name(owner).wire(), params, h));
    CHECK(hash_text(h) == expected);
  }
  // Case does not matter (the canonical form is hashed).
  db::Nsec3Hash upper;
  REQUIRE(hasher.hash(name("X.Y.W.EXAMPLE.").wire(), params, upper));
  CHECK(hash_text(upper) == "2vptu5timamqttgl4luu9kg21e0aor3s");
  // Only SHA-1 is defined.
  params.algorithm = 2;
  CHECK_FALSE(hasher.hash(name("example.").wire(), params, upper));
}

TEST_CASE("nsec3: the database indexes the chain and each name's hash", "[db][nsec3]") {
  // The example zone's names with an NSEC3 chain built here from the hashes;
  // ns1.a and ns2.a are glue below the a delegation and are not hashed.
  struct Entry {
    const char* owner;
    const char* types;
  };
  const Entry entries[] = {
      {"example.", "NS SOA MX RRSIG DNSKEY NSEC3PARAM"},
      {"a.example.", "NS DS RRSIG"},
      {"ai.example.", "A HINFO AAAA RRSIG"},
      {"ns1.example.", "A RRSIG"},
      {"ns2.example.", "A RRSIG"},
      {"w.example.", ""},
      {"*.w.example.", "MX RRSIG"},
      {"x.w.example.", "MX RRSIG"},
      {"y.w.example.", ""},
      {"x.y.w.example.", "MX RRSIG"},
      {"xx.example.", "A HINFO AAAA RRSIG"},
  };
  test::ZoneBuilder z("example.");
  z.add_lines(R"(
    @ 3600 SOA ns1 bugs.x.w 1 3600 300 3600000 3600
    @ 3600 NS ns1
    @ 3600 NS ns2
    @ 3600 MX 1 xx
    @ 3600 NSEC3PARAM 1 0 12 aabbccdd
    a 3600 NS ns1.a
    a 3600 NS ns2.a
    a 3600 DS 58470 5 1 3079F1593EBAD6DC121E202A8B766A6A4837206C
    ns1.a 3600 A 192.0.2.5
    ns2.a 3600 A 192.0.2.6
    ai 3600 A 192.0.2.9
    ai 3600 AAAA 2001:db8::f00:baa9
    ns1 3600 A 192.0.2.1
    ns2 3600 A 192.0.2.2
    *.w 3600 MX 1 ai
    x.w 3600 MX 1 xx
    x.y.w 3600 MX 1 xx
    xx 3600 A 192.0.2.10
    xx 3600 AAAA 2001:db8::f00:baaa
  )");
  std::vector<std::string> sorted_hashes;
  for (const auto& e : entries) sorted_hashes.push_back(kAppendixA.at(e.owner));
  std::sort(sorted_hashes.begin(), sorted_hashes.end());
  for (const auto& e : entries) {
    const std::string& h = kAppendixA.at(e.owner);
    auto at = std::find(sorted_hashes.begin(), sorted_hashes.end(), h);
    const std::string& next = (at + 1 == sorted_hashes.end()) ? sorted_hashes.front() : *(at + 1);
    z.add(h + ".example. 3600 NSEC3 1 1 12 aabbccdd " + next + " " + e.types);
  }
  // A record of another chain (another salt) is not indexed.
  z.add("00000000000000000000000000000000.example. 3600 NSEC3 1 1 12 00 "
        "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A");
  auto open = test::open_image(z.build());
  const db::ZoneDb& db = *open.db;
  REQUIRE(db.nsec3_signed());
  CHECK(db.verify().has_value());
  auto params = db.nsec3_params();
  REQUIRE(params);
  CHECK(params->iterations == 12);

  REQUIRE(db.nsec3_count() == 11);
  for (size_t i = 0; i < db.nsec3_count(); ++i) {
    CHECK(hash_text(db.nsec3_hash(i)) == sorted_hashes[i]);
    CHECK(db.label(db.nsec3_node(i)).size == 32);
  }
  // Every authoritative name and empty non-terminal has its NSEC3.
  for (const auto& e : entries) {
    INFO(e.owner);
    auto node = db.find_exact(name(e.owner));
    REQUIRE(node);
    auto nsec3 = db.nsec3_of(*node);
    REQUIRE(nsec3);
    CHECK(db.name(*nsec3) == name(kAppendixA.at(e.owner) + ".example."));
  }
  // Glue is not hashed; nor are the chain's own nodes.
  CHECK_FALSE(db.nsec3_of(*db.find_exact(name("ns1.a.example."))));
  CHECK_FALSE(db.nsec3_of(*db.find_exact(name("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example."))));

  // find and cover by hash.
  std::vector<uint8_t> h;
  REQUIRE(base32hex_decode("k8udemvp1j2f7eg6jebps17vp3n8i58h", h));
  CHECK(db.nsec3_find(h) == db.find_exact(name("k8udemvp1j2f7eg6jebps17vp3n8i58h.example.")));
  // Strictly below: the hash before k8ud... in the chain is y.w's.
  CHECK(db.nsec3_cover(h) == db.find_exact(name("ji6neoaepv8b5o6k4ev33abha8ht9fgc.example.")));
  h.back() ^= 1;  // k8udemvp...58h plus or minus one: not in the chain
  CHECK_FALSE(db.nsec3_find(h));
  std::vector<uint8_t> low(20, 0x00), high(20, 0xff);
  // Below the first hash and above the last, the last NSEC3 covers (wrap).
  auto last = db.find_exact(name(sorted_hashes.back() + ".example."));
  CHECK(db.nsec3_cover(low) == last);
  CHECK(db.nsec3_cover(high) == last);
  // RFC 5155 Appendix B.1: a.c.x.w.example does not exist; its closest
  // encloser is x.w.example, and the next closer name c.x.w.example
  // (0va5bpr2ou0vk0lbqeeljri88laipsfh) is covered by the apex's NSEC3.
  auto ce = db.closest_encloser(name("a.c.x.w.example."));
  REQUIRE(ce);
  CHECK(ce->node == db.find_exact(name("x.w.example.")));
  CHECK(db.name(*db.nsec3_of(ce->node)) == name("b4um86eghhds6nea196smvmlo4ors995.example."));
  db::Nsec3Hasher hasher;
  db::Nsec3Hash next_closer;
  REQUIRE(hasher.hash(name("c.x.w.example.").wire(), *params, next_closer));
  auto covering = db.nsec3_cover(next_closer);
  REQUIRE(covering);
  CHECK(std::memcmp(db.label(*covering).octets.data(), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", 32) == 0);
}

TEST_CASE("nsec3: no index without a usable NSEC3PARAM", "[db][nsec3]") {
  test::ZoneBuilder z("example.");
  z.add("@ 3600 SOA ns1 hm 1 3600 300 3600000 3600");
  z.add("@ 3600 NSEC3PARAM 1 1 0 -");  // flags 1: not for the authoritative server
  auto open = test::open_image(z.build());
  CHECK_FALSE(open.db->nsec3_signed());
  CHECK_FALSE(open.db->nsec3_params());
  CHECK(open.db->nsec3_count() == 0);
  CHECK_FALSE(open.db->nsec3_of(db::NodeRef{0}));
}
