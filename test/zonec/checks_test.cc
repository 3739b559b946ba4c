// The zone checks: each one firing on the mistake it is about, and silent
// on the correct zone next to it.
#include <catch2/catch.hpp>

#include "zone_test_util.hh"

using namespace lnsd;
using namespace lnsd::zonec;
using namespace lnsd::zonec::test;

namespace {

// A zone passes a check when that check says nothing.
void require_clean(const LoadedZone& z) {
  INFO(dump(z));
  CHECK(z.diags.error_count() == 0);
  CHECK(z.diags.warning_count() == 0);
}

}  // namespace

TEST_CASE("the head used by these tests is clean", "[checks]") {
  require_clean(compile(kHead));
}

TEST_CASE("check: no SOA", "[checks]") {
  auto z = compile("$TTL 1h\n@ NS ns1\nns1 A 192.0.2.1\n");
  REQUIRE(count(z, "no-soa") == 1);
  CHECK(find(z, "no-soa")->severity == Severity::Error);
  CHECK(find(z, "no-soa")->line == 1);
  CHECK(z.diags.error_count() == 1);
}

TEST_CASE("check: more than one SOA", "[checks]") {
  auto z = compile(with_head("@ SOA ns2.example.com. hostmaster.example.com. 2 7200 3600 1209600 300\n"));
  REQUIRE(count(z, "multiple-soa") == 1);
  CHECK(find(z, "multiple-soa")->line == 5);
  CHECK(find(z, "multiple-soa")->severity == Severity::Error);
  CHECK(find(z, "multiple-soa")->message.find("test.zone:2") != std::string::npos);
  SECTION("the same SOA twice is a duplicate, merged, not a second SOA") {
    auto d = compile(with_head("@ SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"));
    INFO(dump(d));
    CHECK(count(d, "multiple-soa") == 0);
    CHECK(count(d, "duplicate-record") == 1);
    CHECK(d.diags.error_count() == 0);
  }
}

TEST_CASE("check: SOA not at the apex", "[checks]") {
  auto z = compile(with_head("sub SOA ns1.example.com. hostmaster.example.com. 1 2 3 4 5\n"));
  REQUIRE(count(z, "soa-not-at-apex") == 1);
  CHECK(find(z, "soa-not-at-apex")->severity == Severity::Error);
  CHECK(find(z, "soa-not-at-apex")->line == 5);
}

TEST_CASE("check: names outside the zone", "[checks]") {
  auto z = compile(with_head("www.example.net. A 192.0.2.1\nexample.com.au. A 192.0.2.2\n"
                             "$ORIGIN example.org.\nrel A 192.0.2.3\n@ A 192.0.2.4\n"
                             "$ORIGIN example.com.\nback A 192.0.2.5\n"));
  CHECK(count(z, "out-of-zone") == 4);
  CHECK(z.diags.error_count() == 4);
  SECTION("an absolute name inside the zone is fine") {
    require_clean(compile(with_head("www.example.com. A 192.0.2.1\nWWW2.EXAMPLE.COM. A 192.0.2.2\n"
                                    "dot\\. A 192.0.2.3\n")));
  }
}

TEST_CASE("check: CNAME and other data", "[checks]") {
  auto z = compile(with_head("www CNAME host\nhost A 192.0.2.2\nwww A 192.0.2.3\n"));
  REQUIRE(count(z, "cname-and-other-data") == 1);
  const auto* d = find(z, "cname-and-other-data");
  CHECK(d->severity == Severity::Error);
  CHECK(d->line == 7);  // the later of the two
  CHECK(d->message.find("CNAME and other data") != std::string::npos);
  SECTION("RRSIG and NSEC may share a CNAME's name (RFC 4035 §2.5)") {
    require_clean(compile(with_head(
        "www CNAME host\nhost A 192.0.2.2\n"
        "www NSEC host.example.com. CNAME RRSIG NSEC\n"
        "www RRSIG CNAME 13 3 3600 20250101000000 20240101000000 1 example.com. AAAA\n")));
  }
  SECTION("a CNAME at the apex clashes with the SOA and NS") {
    auto a = compile(with_head("@ CNAME other.example.net.\n"));
    CHECK(count(a, "cname-and-other-data") == 1);
  }
}

TEST_CASE("check: two CNAMEs at one name", "[checks]") {
  auto z = compile(with_head("www CNAME a.example.net.\nwww CNAME b.example.net.\n"));
  REQUIRE(count(z, "multiple-cname") == 1);
  CHECK(find(z, "multiple-cname")->line == 6);
  CHECK(find(z, "multiple-cname")->severity == Severity::Error);
  SECTION("the same CNAME twice is a duplicate") {
    auto d = compile(with_head("www CNAME a.example.net.\nwww CNAME a.example.net.\n"));
    CHECK(count(d, "multiple-cname") == 0);
    CHECK(count(d, "duplicate-record") == 1);
  }
}

TEST_CASE("check: data below a delegation other than glue is occluded", "[checks]") {
  auto z = compile(with_head("foo NS ns.foo\nns.foo A 192.0.2.5\n"
                             "www.foo A 192.0.2.6\n"   // glue type: not reported
                             "mail.foo MX 10 mx\n"     // occluded
                             "foo TXT \"at the cut\"\n"  // occluded at the delegation point
                             "foo DS 1 13 2 " + std::string(64, 'A') + "\n"));
  INFO(dump(z));
  CHECK(count(z, "occluded") == 2);
  CHECK(z.diags.error_count() == 0);
  for (const auto& d : z.diags.items()) {
    if (d.check == "occluded") CHECK((d.line == 8 || d.line == 9));
  }
  SECTION("a delegation with its glue only is clean") {
    require_clean(compile(with_head("foo NS ns.foo\nns.foo A 192.0.2.5\nns.foo AAAA 2001:db8::5\n")));
  }
}

TEST_CASE("check: data below a DNAME is occluded", "[checks]") {
  auto z = compile(with_head("old DNAME new.example.net.\nwww.old A 192.0.2.7\n"));
  REQUIRE(count(z, "occluded") == 1);
  CHECK(find(z, "occluded")->message.find("DNAME") != std::string::npos);
  CHECK(find(z, "occluded")->line == 6);
  SECTION("data at the DNAME's own name is served") {
    require_clean(compile(with_head("old DNAME new.example.net.\nold A 192.0.2.7\n")));
  }
}

TEST_CASE("check: NSEC3 iterations above 0 (RFC 9276)", "[checks]") {
  auto z = compile(with_head(
      "@ NSEC3PARAM 1 0 10 AABBCCDD\n"
      "2t7b4g4vsa5smi47k61mv5bv1a22bojr NSEC3 1 0 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A\n"
      "3t7b4g4vsa5smi47k61mv5bv1a22bojr NSEC3 1 0 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A\n"));
  INFO(dump(z));
  CHECK(count(z, "nsec3-iterations") == 2);  // the NSEC3PARAM, and the NSEC3s once with a count
  bool counted = false;
  for (const auto& d : z.diags.items()) {
    if (d.message.find("1 more") != std::string::npos) counted = true;
  }
  CHECK(counted);
  SECTION("0 iterations is clean") {
    require_clean(compile(with_head("@ NSEC3PARAM 1 0 0 -\n")));
  }
}

TEST_CASE("check: RRSIGs expired or not yet valid", "[checks]") {
  // kTestNow is 2024-06-01.
  auto z = compile(with_head(
      "a A 192.0.2.9\n"
      "a RRSIG A 13 3 3600 20240301000000 20240201000000 1 example.com. AAAA\n"
      "b A 192.0.2.10\n"
      "b RRSIG A 13 3 3600 20250101000000 20240701000000 1 example.com. AAAA\n"
      "c A 192.0.2.11\n"
      "c RRSIG A 13 3 3600 20250101000000 20240501000000 1 example.com. AAAA\n"));
  INFO(dump(z));
  REQUIRE(count(z, "rrsig-expired") == 1);
  CHECK(find(z, "rrsig-expired")->line == 6);
  CHECK(find(z, "rrsig-expired")->message.find("2024-03-01 00:00:00 UTC") != std::string::npos);
  REQUIRE(count(z, "rrsig-not-yet-valid") == 1);
  CHECK(find(z, "rrsig-not-yet-valid")->line == 8);
  CHECK(z.diags.warning_count() == 2);
}

TEST_CASE("check: apex without NS", "[checks]") {
  auto z = compile("$TTL 1h\n@ SOA ns1.example.com. host.example.com. 1 2 3 4 5\n");
  REQUIRE(count(z, "apex-no-ns") == 1);
  CHECK(find(z, "apex-no-ns")->severity == Severity::Warning);
  CHECK(find(z, "apex-no-ns")->line == 2);
}

TEST_CASE("check: NS or MX target written as an address", "[checks]") {
  auto z = compile(with_head("foo NS 192.0.2.1\n@ MX 10 192.0.2.2.\nbar NS 2001:db8::1\n"));
  INFO(dump(z));
  CHECK(count(z, "ns-address") == 2);
  CHECK(count(z, "mx-address") == 1);
  CHECK(count(z, "ns-no-glue") == 0);  // no second warning for the same mistake
  bool named = false;
  for (const auto& d : z.diags.items()) {
    if (d.line == 5) {
      CHECK(d.message.find("NS target 192.0.2.1.example.com. is the address 192.0.2.1") !=
            std::string::npos);
      named = true;
    }
  }
  CHECK(named);
  SECTION("host names with digits are not addresses") {
    require_clean(compile(with_head("@ MX 10 mx1.example.com.\nmx1 A 192.0.2.1\n"
                                    "foo NS 1.2.3.example.net.\n")));
  }
}

TEST_CASE("check: in-bailiwick NS targets without glue", "[checks]") {
  auto z = compile(with_head("foo NS ns.foo\nfoo NS ns.elsewhere.example.net.\n"
                             "@ NS ns2\n"));
  INFO(dump(z));
  REQUIRE(count(z, "ns-no-glue") == 2);
  CHECK(z.diags.warning_count() == 2);
  SECTION("glue present, or targets outside the zone, are clean") {
    require_clean(compile(with_head("foo NS ns.foo\nns.foo AAAA 2001:db8::53\n"
                                    "bar NS ns.example.net.\n")));
  }
}

TEST_CASE("check: MX, NS and SRV targets that are CNAMEs (RFC 2181 §10.3)", "[checks]") {
  auto z = compile(with_head("alias CNAME ns1\n"
                             "@ MX 10 alias\n"
                             "foo NS alias.example.com.\n"
                             "_sip._udp SRV 10 5 5060 alias\n"
                             "ptr PTR alias\n"));  // PTR targets are not checked
  INFO(dump(z));
  CHECK(count(z, "target-is-cname") == 3);
  CHECK(z.diags.warning_count() == 3);
  SECTION("targets that are hosts are clean") {
    require_clean(compile(with_head("@ MX 10 ns1\n_sip._udp SRV 10 5 5060 ns1\n"
                                    "_none._tcp SRV 0 0 0 .\n")));
  }
}

TEST_CASE("check: names ending in a copy of the origin (the forgotten dot)", "[checks]") {
  auto z = compile(with_head("www.example.com A 192.0.2.3\n"
                             "alias CNAME host.example.com\n"
                             "@ MX 10 mail.example.com\n"));
  INFO(dump(z));
  CHECK(count(z, "doubled-origin") == 3);
  const auto* d = find(z, "doubled-origin");
  CHECK(d->line == 5);
  CHECK(d->message.find("www.example.com.example.com.") != std::string::npos);
  CHECK(d->fix.find("www.example.com.") != std::string::npos);
  CHECK(d->fix.find("relative www") != std::string::npos);
  SECTION("a name that holds the origin's labels once is clean") {
    require_clean(compile(with_head("example A 192.0.2.3\ncom.example.com. A 192.0.2.4\n")));
  }
}

TEST_CASE("check: duplicate records are merged with a warning", "[checks]") {
  auto z = compile(with_head("www A 192.0.2.3\nwww A 192.0.2.3\nWWW A 192.0.2.3\n"));
  INFO(dump(z));
  CHECK(count(z, "duplicate-record") == 2);
  CHECK(rdatas(z, "www.example.com.", RRType::A).size() == 1);
}

TEST_CASE("check: RRsets whose TTLs differ (RFC 2181 §5.2)", "[checks]") {
  auto z = compile(with_head("www 300 A 192.0.2.3\nwww 600 A 192.0.2.4\n"));
  INFO(dump(z));
  REQUIRE(count(z, "ttl-mismatch") == 1);
  CHECK(find(z, "ttl-mismatch")->line == 6);
  CHECK(ttl_of(z, "www.example.com.", RRType::A) == 300);
  SECTION("RRSIGs carry the TTL of the RRset they cover, not one of their own") {
    require_clean(compile(with_head(
        "www 300 A 192.0.2.3\n"
        "www 300 RRSIG A 13 3 300 20250101000000 20240101000000 1 example.com. AAAA\n"
        "www 600 TXT \"x\"\n"
        "www 600 RRSIG TXT 13 3 600 20250101000000 20240101000000 1 example.com. AAAA\n")));
  }
}

TEST_CASE("--werror makes warnings errors", "[checks]") {
  LoadOptions options;
  options.warnings_are_errors = true;
  auto z = compile(with_head("www 300 A 192.0.2.3\nwww 600 A 192.0.2.4\n"), "example.com.", options);
  CHECK(z.diags.error_count() == 1);
  CHECK(z.diags.warning_count() == 0);
  CHECK_FALSE(z.ok());
}

TEST_CASE("the serial of a loaded zone", "[checks]") {
  CHECK(compile(kHead).serial() == 1u);
  CHECK_FALSE(compile("$TTL 1h\n@ NS ns1\n").serial());
}
