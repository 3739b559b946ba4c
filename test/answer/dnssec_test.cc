// DNSSEC for pre-signed zones: signatures with DO, NSEC and NSEC3 proofs in
// NSD's order. The zones are those of the differential test (signed by
// zones/sign.sh); the expected NSEC3 owners are their hashed names.
#include <catch2/catch.hpp>

#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

using Lines = std::vector<std::string>;

AnswerFixture signed_zones() {
  AnswerFixture f;
  f.zone_file("nsec.test.", "nsec.test.zone");
  f.zone_file("nsec3.test.", "nsec3.test.zone");
  f.zone_file("nsec3o.test.", "nsec3o.test.zone");
  return f;
}

Lines with_sig(const std::string& owner, const std::string& type) { return {owner + " " + type, owner + " RRSIG"}; }

Lines join(std::initializer_list<Lines> parts) {
  Lines out;
  for (const Lines& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::string kApex3 = "0madr2c2o78cqsoquiejtbeh6gfgb0ff.nsec3.test.";

}  // namespace

TEST_CASE("without DO a signed zone is answered without DNSSEC records", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "nx.nsec.test."});
  CHECK(r.rcode() == Rcode::NXDomain);
  CHECK(r.owners_and_types(Section::Authority) == Lines{"nsec.test. SOA"});
  CHECK(f.ask({.name = "www.nsec3.test."}).owners_and_types(Section::Answer) == Lines{"www.nsec3.test. A"});
}

TEST_CASE("with DO every RRset comes with its signatures, in every section", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "www.nsec.test.", .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Answer) == with_sig("www.nsec.test.", "A"));
  CHECK(r.owners_and_types(Section::Authority) == with_sig("nsec.test.", "NS"));
  CHECK(r.owners_and_types(Section::Additional) == with_sig("ns1.nsec.test.", "A"));
  CHECK(r.opt()->ttl & 0x8000);  // DO copied
}

TEST_CASE("NSEC NXDOMAIN: the NSEC covering the name, the one denying the wildcard, the SOA",
          "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "nx.nsec.test.", .dnssec_ok = true});
  CHECK(r.rcode() == Rcode::NXDomain);
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("ns1.nsec.test.", "NSEC"), with_sig("nsec.test.", "NSEC"), with_sig("nsec.test.", "SOA")}));
}

TEST_CASE("the RRSIG of the negative SOA has the negative TTL", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "nx.nsec.test.", .dnssec_ok = true});
  REQUIRE(r.message.authority.size() == 6);
  CHECK(r.message.authority[4].ttl == 300);
  CHECK(r.message.authority[5].ttl == 300);
}

TEST_CASE("NSEC NODATA: the SOA, then the name's NSEC", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "www.nsec.test.", .type = RRType::MX, .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("nsec.test.", "SOA"), with_sig("www.nsec.test.", "NSEC")}));
  // An empty non-terminal has no NSEC: the one before it covers it.
  auto ent = f.ask({.name = "b.c.nsec.test.", .dnssec_ok = true});
  CHECK(ent.owners_and_types(Section::Authority) ==
        join({with_sig("nsec.test.", "SOA"), with_sig("alias.nsec.test.", "NSEC")}));
}

TEST_CASE("NSEC wildcard answers prove the name itself does not exist", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "x.wild.nsec.test.", .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Answer) == with_sig("x.wild.nsec.test.", "A"));
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("*.wild.nsec.test.", "NSEC"), with_sig("nsec.test.", "NS")}));
  auto nodata = f.ask({.name = "x.wild.nsec.test.", .type = RRType::MX, .dnssec_ok = true});
  CHECK(nodata.owners_and_types(Section::Authority) ==
        join({with_sig("*.wild.nsec.test.", "NSEC"), with_sig("nsec.test.", "SOA")}));
}

TEST_CASE("NSEC referrals: DS and its RRSIG, or the NSEC proving there is none", "[answer][dnssec]") {
  auto f = signed_zones();
  auto secure = f.ask({.name = "host.secure.nsec.test.", .dnssec_ok = true});
  CHECK_FALSE(secure.flag(Header::kAA));
  CHECK(secure.owners_and_types(Section::Authority) ==
        join({Lines{"secure.nsec.test. NS"}, with_sig("secure.nsec.test.", "DS")}));
  auto insecure = f.ask({.name = "host.insecure.nsec.test.", .dnssec_ok = true});
  CHECK(insecure.owners_and_types(Section::Authority) ==
        join({Lines{"insecure.nsec.test. NS"}, with_sig("insecure.nsec.test.", "NSEC")}));
  CHECK(insecure.owners_and_types(Section::Additional) == Lines{"ns.insecure.nsec.test. A"});
}

TEST_CASE("NSEC3 NXDOMAIN: next closer cover, closest encloser, wildcard cover, SOA (RFC 5155 §7.2.2)",
          "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "nx.nsec3.test.", .dnssec_ok = true});
  CHECK(r.rcode() == Rcode::NXDomain);
  // The wildcard denial is the apex's cover here, already listed.
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("fehbj992jmuhbdc7aah92h9fk69qj90j.nsec3.test.", "NSEC3"), with_sig(kApex3, "NSEC3"),
              with_sig("nsec3.test.", "SOA")}));
  auto deeper = f.ask({.name = "nx.b.c.nsec3.test.", .dnssec_ok = true});
  CHECK(deeper.owners_and_types(Section::Authority) ==
        join({with_sig("su5rh8qfcdj8mu0dpc77702pvh9md992.nsec3.test.", "NSEC3"),
              with_sig("ceap24gi14uh31ptb3i727tr1oecimig.nsec3.test.", "NSEC3"),
              with_sig("fehbj992jmuhbdc7aah92h9fk69qj90j.nsec3.test.", "NSEC3"), with_sig("nsec3.test.", "SOA")}));
}

TEST_CASE("NSEC3 NODATA: the SOA and the name's NSEC3; an empty non-terminal's NSEC3 first",
          "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "www.nsec3.test.", .type = RRType::MX, .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("nsec3.test.", "SOA"), with_sig("35jtmrqeffgoh561ojgvun7v8epbqv8b.nsec3.test.", "NSEC3")}));
  auto ent = f.ask({.name = "b.c.nsec3.test.", .dnssec_ok = true});
  CHECK(ent.owners_and_types(Section::Authority) ==
        join({with_sig("ceap24gi14uh31ptb3i727tr1oecimig.nsec3.test.", "NSEC3"), with_sig("nsec3.test.", "SOA")}));
}

TEST_CASE("NSEC3 wildcard answers: the next closer name is covered (RFC 5155 §7.2.6)", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "x.wild.nsec3.test.", .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Authority) ==
        join({with_sig("8pbuads05mac49qk5jdnals59la6oa4s.nsec3.test.", "NSEC3"), with_sig("nsec3.test.", "NS")}));
  auto nodata = f.ask({.name = "x.wild.nsec3.test.", .type = RRType::MX, .dnssec_ok = true});
  CHECK(nodata.owners_and_types(Section::Authority) ==
        join({with_sig("8pbuads05mac49qk5jdnals59la6oa4s.nsec3.test.", "NSEC3"), with_sig("nsec3.test.", "SOA"),
              with_sig("r2ca2qe5l7ip1o619mp5snm1kneds7er.nsec3.test.", "NSEC3")}));
}

TEST_CASE("NSEC3 insecure referrals: the delegation's NSEC3, or the opt-out span", "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = "host.insecure.nsec3.test.", .dnssec_ok = true});
  CHECK(r.owners_and_types(Section::Authority) ==
        join({Lines{"insecure.nsec3.test. NS"}, with_sig("sio0a6sp1jmtg406eenlmlp7rigj11b4.nsec3.test.", "NSEC3")}));
  auto optout = f.ask({.name = "host.insecure.nsec3o.test.", .dnssec_ok = true});
  CHECK(optout.owners_and_types(Section::Authority) ==
        join({Lines{"insecure.nsec3o.test. NS"}, with_sig("5pihs18gi262iahdrvtkest9s489584j.nsec3o.test.", "NSEC3")}));
}

TEST_CASE("NSEC3 proofs for DS queries at delegations, names and the apex", "[answer][dnssec]") {
  auto f = signed_zones();
  CHECK(f.ask({.name = "insecure.nsec3.test.", .type = RRType::DS, .dnssec_ok = true})
            .owners_and_types(Section::Authority) ==
        join({with_sig("nsec3.test.", "SOA"), with_sig("sio0a6sp1jmtg406eenlmlp7rigj11b4.nsec3.test.", "NSEC3")}));
  CHECK(f.ask({.name = "www.nsec3.test.", .type = RRType::DS, .dnssec_ok = true})
            .owners_and_types(Section::Authority) ==
        join({with_sig("nsec3.test.", "SOA"), with_sig("35jtmrqeffgoh561ojgvun7v8epbqv8b.nsec3.test.", "NSEC3")}));
  CHECK(f.ask({.name = "nsec3.test.", .type = RRType::DS, .dnssec_ok = true}).owners_and_types(Section::Authority) ==
        join({with_sig("nsec3.test.", "SOA"), with_sig(kApex3, "NSEC3")}));
}

TEST_CASE("an NSEC3 owner name is answered as a name that does not exist (RFC 5155 §7.2.8)",
          "[answer][dnssec]") {
  auto f = signed_zones();
  auto r = f.ask({.name = kApex3, .type = RRType::NSEC3});
  CHECK(r.rcode() == Rcode::NXDomain);
  CHECK(r.count(Section::Answer) == 0);
}

}  // namespace lnsd::test
