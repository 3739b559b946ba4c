// dump() (lib/db/dump.hh): a database back to zone file text, canonical so
// that zone -> database -> dump -> database gives the same content octets.
#include "db/dump.hh"

#include <catch2/catch.hpp>

#include "db/writer.hh"
#include "zone_builder.hh"

using namespace lnsd;

namespace {

std::string dump_text(const db::ZoneDb& db) {
  std::string out;
  auto ok = db::dump(db, out);
  if (!ok) FAIL("dump: " << ok.error().message);
  return out;
}

// Compiles a dump again, through the same presentation-form codecs.
std::vector<uint8_t> rebuild(const Name& origin, const std::string& text) {
  test::ZoneBuilder z(origin.to_text());
  z.add_lines(text);
  return z.build();
}

}  // namespace

TEST_CASE("dump: canonical text, SOA first, absolute names", "[db][dump]") {
  test::ZoneBuilder z("example.com.");
  z.add_lines(R"(
    www 300 CNAME @
    @ 3600 NS ns1
    @ 3600 SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
    @ 3600 MX 10 mail
    ns1 3600 A 192.0.2.53
    mail 3600 AAAA 2001:db8::25
    mail 3600 A 192.0.2.25
    txt 60 TXT "hello world" "semi;colon"
    b.a 60 A 192.0.2.7
  )");
  auto open = test::open_image(z.build());
  CHECK(dump_text(*open.db) ==
        "example.com.\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 300\n"
        "example.com.\t3600\tIN\tNS\tns1.example.com.\n"
        "example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"
        "b.a.example.com.\t60\tIN\tA\t192.0.2.7\n"
        "mail.example.com.\t3600\tIN\tA\t192.0.2.25\n"
        "mail.example.com.\t3600\tIN\tAAAA\t2001:db8::25\n"
        "ns1.example.com.\t3600\tIN\tA\t192.0.2.53\n"
        "txt.example.com.\t60\tIN\tTXT\t\"hello world\" \"semi;colon\"\n"
        "www.example.com.\t300\tIN\tCNAME\texample.com.\n");
}

TEST_CASE("dump: zone -> database -> dump -> database is the same", "[db][dump]") {
  test::ZoneBuilder z("example.");
  z.add_lines(R"(
    @ 3600 SOA ns1 bugs.x.w 1 3600 300 3600000 3600
    @ 3600 NS ns1
    @ 3600 NS ns2.example.net.
    @ 3600 NSEC3PARAM 1 0 12 aabbccdd
    @ 3600 RRSIG SOA 8 1 3600 20300101000000 20200101000000 1 example. AAAA
    @ 3600 DNSKEY 257 3 8 AwEAAb0Nw0dA0tI6ZOm5ml2D2rWQWUzyvb6vNsmX0tb7Eg8DDcPyLj+M lRQXYd0S4TBjTLvfQZ/4ycz4M9Mxj1OkTKU=
    0p9mhaveqvm6t7vbl5lop2u3t2rp3tom 3600 NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA RRSIG DNSKEY NSEC3PARAM
    2t7b4g4vsa5smi47k61mv5bv1a22bojr 3600 NSEC3 1 1 12 aabbccdd 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A
    ns1 3600 A 192.0.2.1
    MiXeD.Case 60 TXT "a \"quoted\" string" "\\backslash" "\255\000"
    _sip._udp 60 SRV 0 5 5060 sip
    sip 60 NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
    *.wild 60 MX 10 ns1
    dn 60 DNAME example.net.
    x.dn 60 A 192.0.2.5
    sub 60 NS ns.sub
    sub 60 DS 58470 5 1 3079F1593EBAD6DC121E202A8B766A6A4837206C
    ns.sub 60 A 192.0.2.77
    caa 60 CAA 0 issue "ca.example.net"
    hinfo 60 HINFO "PC" "Linux"
    unk 60 TYPE65280 \# 3 010203
    loc 60 LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
    svc 60 SVCB 1 svc alpn=h2,h3 port=8443
  )");
  const auto first_image = z.build();
  auto first = test::open_image(first_image);
  std::string text = dump_text(*first.db);
  auto second = test::open_image(rebuild(first.db->origin(), text));
  // No sources in either: the whole files are equal, not just the content.
  CHECK(second.image == first_image);
  CHECK(dump_text(*second.db) == text);
  CHECK(second.db->content_hash() == first.db->content_hash());
}

TEST_CASE("dump: the sources do not change the content", "[db][dump]") {
  test::ZoneBuilder a("example.");
  a.add("@ 60 SOA ns hm 1 1 1 1 1");
  test::ZoneBuilder b("example.");
  b.add("@ 60 SOA ns hm 1 1 1 1 1");
  b.content().sources().push_back({"example.zone", {}});
  auto da = test::open_image(a.build());
  auto db = test::open_image(b.build());
  CHECK(da.image != db.image);
  CHECK(da.db->content_hash() == db.db->content_hash());
  CHECK(std::ranges::equal(da.db->content(), db.db->content()));
}
