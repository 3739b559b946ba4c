// The RFC 1034 §4.3.2 lookup: positive answers, negative answers, CNAME
// and DNAME, wildcards, referrals and additional records, as NSD gives them.
#include <catch2/catch.hpp>

#include "answer_test_util.hh"

namespace lnsd::test {
namespace {

using Lines = std::vector<std::string>;

AnswerFixture example() {
  AnswerFixture f;
  f.zone("example.", kExampleZone);
  return f;
}

}  // namespace

TEST_CASE("a positive answer has AA, the zone's NS and their addresses, A before AAAA", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "www.example."});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.flag(Header::kAA));
  CHECK(r.lines(Section::Answer) == Lines{"www.example. 3600 IN A 192.0.2.80", "www.example. 3600 IN A 192.0.2.81"});
  CHECK(r.lines(Section::Authority) ==
        Lines{"example. 3600 IN NS ns1.example.", "example. 3600 IN NS ns2.elsewhere.test."});
  CHECK(r.lines(Section::Additional) ==
        Lines{"ns1.example. 3600 IN A 192.0.2.53", "ns1.example. 3600 IN AAAA 2001:db8::53"});
}

TEST_CASE("over IPv6 the name servers' AAAA records come first", "[answer][lookup]") {
  auto f = example();
  f.client = client_at("2001:db8::7", 5353);
  auto r = f.ask({.name = "www.example."});
  CHECK(r.owners_and_types(Section::Additional) == Lines{"ns1.example. AAAA", "ns1.example. A"});
}

TEST_CASE("an RRset already in the answer is not repeated in the additional section", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "ns1.example."});
  CHECK(r.owners_and_types(Section::Answer) == Lines{"ns1.example. A"});
  CHECK(r.owners_and_types(Section::Additional) == Lines{"ns1.example. AAAA"});
}

TEST_CASE("DNSKEY, DS and ANY answers carry no NS in the authority section", "[answer][lookup]") {
  AnswerFixture f;
  f.zone("example.", std::string(kExampleZone) + "@ DNSKEY 257 3 13 AAAA\n");
  CHECK(f.ask({.name = "example.", .type = RRType::DNSKEY}).count(Section::Authority) == 0);
  CHECK(f.ask({.name = "secure.example.", .type = RRType::DS}).count(Section::Authority) == 0);
  CHECK(f.ask({.name = "www.example.", .type = RRType::ANY}).count(Section::Authority) == 0);
}

TEST_CASE("minimal-responses leaves out the NS and additional records except for NS queries",
          "[answer][lookup]") {
  auto f = example();
  f.config.minimal_responses = true;
  auto r = f.ask({.name = "www.example."});
  CHECK(r.count(Section::Authority) == 0);
  CHECK(r.count(Section::Additional) == 1);  // the OPT record
  auto mx = f.ask({.name = "example.", .type = RRType::MX});
  CHECK(mx.owners_and_types(Section::Additional).empty());
  auto ns = f.ask({.name = "example.", .type = RRType::NS});
  CHECK(ns.owners_and_types(Section::Additional) == Lines{"ns1.example. A", "ns1.example. AAAA"});
  auto referral = f.ask({.name = "host.sub.example."});
  CHECK(referral.owners_and_types(Section::Additional) == Lines{"ns.sub.example. A", "ns.sub.example. AAAA"});
}

TEST_CASE("NODATA has the SOA with the smaller of its TTL and MINIMUM", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "www.example.", .type = RRType::MX});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.flag(Header::kAA));
  CHECK(r.count(Section::Answer) == 0);
  CHECK(r.lines(Section::Authority) ==
        Lines{"example. 300 IN SOA ns1.example. hostmaster.example. 2026112101 7200 3600 1209600 300"});
}

TEST_CASE("NXDOMAIN has the SOA with the negative TTL", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "nothing.example."});
  CHECK(r.rcode() == Rcode::NXDomain);
  CHECK(r.flag(Header::kAA));
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. SOA"});
  CHECK(r.message.authority[0].ttl == 300);
}

TEST_CASE("an empty non-terminal exists: NODATA, not NXDOMAIN", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "b.c.example."});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("a CNAME chain is followed within the zones, without the NS", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "chain1.example."});
  CHECK(r.owners_and_types(Section::Answer) ==
        Lines{"chain1.example. CNAME", "chain2.example. CNAME", "www.example. A", "www.example. A"});
  CHECK(r.flag(Header::kAA));
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. NS", "example. NS"});
}

TEST_CASE("a CNAME loop stops when the CNAME comes round again", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "loop1.example."});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.owners_and_types(Section::Answer) == Lines{"loop1.example. CNAME", "loop2.example. CNAME"});
}

TEST_CASE("a CNAME chain stops after eight CNAMEs", "[answer][lookup]") {
  AnswerFixture f;
  std::string zone = "@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";
  for (int i = 0; i < 12; ++i) zone += "c" + std::to_string(i) + " CNAME c" + std::to_string(i + 1) + "\n";
  zone += "c12 A 192.0.2.12\n";
  f.zone("example.", zone);
  auto r = f.ask({.name = "c0.example."});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.count(Section::Answer) == 9);
  CHECK(r.owners_and_types(Section::Answer).back() == "c8.example. CNAME");
}

TEST_CASE("a CNAME out of the zones is answered alone; one to nothing is NXDOMAIN", "[answer][lookup]") {
  auto f = example();
  auto out = f.ask({.name = "out.example."});
  CHECK(out.rcode() == Rcode::NoError);
  CHECK(out.owners_and_types(Section::Answer) == Lines{"out.example. CNAME"});
  CHECK(out.count(Section::Authority) == 0);
  auto nx = f.ask({.name = "nxtarget.example."});
  CHECK(nx.rcode() == Rcode::NXDomain);
  CHECK(nx.owners_and_types(Section::Answer) == Lines{"nxtarget.example. CNAME"});
  CHECK(nx.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("a CNAME into another served zone is followed there", "[answer][lookup]") {
  auto f = example();
  f.zone("other.", "$TTL 3600\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.9\nto CNAME www.example.\n");
  auto r = f.ask({.name = "to.other."});
  CHECK(r.owners_and_types(Section::Answer) == Lines{"to.other. CNAME", "www.example. A", "www.example. A"});
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. NS", "example. NS"});
  f.config.confine_to_zone = true;
  CHECK(f.ask({.name = "to.other."}).owners_and_types(Section::Answer) == Lines{"to.other. CNAME"});
}

TEST_CASE("a CNAME query is answered with the CNAME, not followed", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "alias.example.", .type = RRType::CNAME});
  CHECK(r.lines(Section::Answer) == Lines{"alias.example. 3600 IN CNAME www.example."});
}

TEST_CASE("DNAME: the DNAME, a synthesized CNAME with its TTL, and the target's answer", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "www.dn.example."});
  CHECK(r.lines(Section::Answer) == Lines{"dn.example. 3600 IN DNAME target.example.",
                                          "www.dn.example. 3600 IN CNAME www.target.example.",
                                          "www.target.example. 3600 IN A 192.0.2.111"});
  auto cname = f.ask({.name = "www.dn.example.", .type = RRType::CNAME});
  CHECK(cname.owners_and_types(Section::Answer) == Lines{"dn.example. DNAME", "www.dn.example. CNAME"});
  auto nx = f.ask({.name = "nx.dn.example."});
  CHECK(nx.rcode() == Rcode::NXDomain);
  CHECK(nx.owners_and_types(Section::Answer) == Lines{"dn.example. DNAME", "nx.dn.example. CNAME"});
}

TEST_CASE("a DNAME substitution longer than 255 octets is YXDOMAIN", "[answer][lookup]") {
  AnswerFixture f;
  std::string target;
  for (int i = 0; i < 3; ++i) target += std::string(60, 'a' + char(i)) + ".";
  f.zone("example.", "@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nd DNAME " + target + "\n");
  std::string name = std::string(60, 'x') + "." + std::string(60, 'y') + ".d.example.";
  auto r = f.ask({.name = name});
  CHECK(r.rcode() == Rcode::YXDomain);
  CHECK(r.owners_and_types(Section::Answer) == Lines{"d.example. DNAME"});
}

TEST_CASE("a wildcard answers for names that do not exist, with the query's name", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "Host.wild.example."});
  CHECK(r.lines(Section::Answer) == Lines{"Host.wild.example. 3600 IN A 192.0.2.100"});
  auto deeper = f.ask({.name = "a.b.wild.example."});
  CHECK(deeper.owners_and_types(Section::Answer) == Lines{"a.b.wild.example. A"});
}

TEST_CASE("an existing name is never replaced by the wildcard", "[answer][lookup]") {
  auto f = example();
  CHECK(f.ask({.name = "exists.wild.example."}).lines(Section::Answer) ==
        Lines{"exists.wild.example. 3600 IN A 192.0.2.101"});
  auto nodata = f.ask({.name = "exists.wild.example.", .type = RRType::MX});
  CHECK(nodata.count(Section::Answer) == 0);
  CHECK(nodata.rcode() == Rcode::NoError);
}

TEST_CASE("an empty non-terminal blocks the wildcard above it (RFC 4592 §2.2.2)", "[answer][lookup]") {
  AnswerFixture f;
  f.zone("example.", "@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n*.x A 192.0.2.2\n"
                     "deep.y.x A 192.0.2.3\n");
  CHECK(f.ask({.name = "q.x.example."}).count(Section::Answer) == 1);
  CHECK(f.ask({.name = "y.x.example."}).rcode() == Rcode::NoError);
  CHECK(f.ask({.name = "y.x.example."}).count(Section::Answer) == 0);
  CHECK(f.ask({.name = "z.y.x.example."}).rcode() == Rcode::NXDomain);
}

TEST_CASE("a wildcard CNAME is expanded and followed", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "anything.wc.example."});
  CHECK(r.lines(Section::Answer) == Lines{"anything.wc.example. 3600 IN CNAME www.example.",
                                          "www.example. 3600 IN A 192.0.2.80", "www.example. 3600 IN A 192.0.2.81"});
}

TEST_CASE("wildcard NODATA has the SOA", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "host.wild.example.", .type = RRType::TXT});
  CHECK(r.rcode() == Rcode::NoError);
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("a referral: NS in authority, glue in additional, AA clear", "[answer][lookup]") {
  auto f = example();
  for (const char* name : {"host.sub.example.", "sub.example."}) {
    auto r = f.ask({.name = name});
    CHECK(r.rcode() == Rcode::NoError);
    CHECK_FALSE(r.flag(Header::kAA));
    CHECK(r.count(Section::Answer) == 0);
    CHECK(r.lines(Section::Authority) ==
          Lines{"sub.example. 3600 IN NS ns.sub.example.", "sub.example. 3600 IN NS ns.elsewhere.test."});
    CHECK(r.owners_and_types(Section::Additional) == Lines{"ns.sub.example. A", "ns.sub.example. AAAA"});
  }
}

TEST_CASE("the DS of a delegation comes with the referral only with DO in a signed zone", "[answer][lookup]") {
  auto f = example();
  CHECK(f.ask({.name = "host.secure.example.", .dnssec_ok = true}).owners_and_types(Section::Authority) ==
        Lines{"secure.example. NS"});
}

TEST_CASE("a DS query at a delegation is answered from the parent side", "[answer][lookup]") {
  auto f = example();
  auto ds = f.ask({.name = "secure.example.", .type = RRType::DS});
  CHECK(ds.flag(Header::kAA));
  CHECK(ds.owners_and_types(Section::Answer) == Lines{"secure.example. DS"});
  auto none = f.ask({.name = "sub.example.", .type = RRType::DS});
  CHECK(none.flag(Header::kAA));
  CHECK(none.count(Section::Answer) == 0);
  CHECK(none.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("the DS of a child apex comes from the parent when both are served (RFC 4035 §3.1.4.1)",
          "[answer][lookup]") {
  auto f = example();
  f.zone("secure.example.", "$TTL 3600\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.201\n");
  auto ds = f.ask({.name = "secure.example.", .type = RRType::DS});
  CHECK(ds.owners_and_types(Section::Answer) == Lines{"secure.example. DS"});
  // Other types at the child apex come from the child.
  auto soa = f.ask({.name = "secure.example.", .type = RRType::SOA});
  CHECK(soa.lines(Section::Answer) == Lines{"secure.example. 3600 IN SOA ns.secure.example. hostmaster.secure.example. 1 2 3 4 5"});
}

TEST_CASE("the DS of an apex without a served parent is NODATA from the zone itself", "[answer][lookup]") {
  auto f = example();
  auto r = f.ask({.name = "example.", .type = RRType::DS});
  CHECK(r.flag(Header::kAA));
  CHECK(r.count(Section::Answer) == 0);
  CHECK(r.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("the longest matching zone answers", "[answer][lookup]") {
  auto f = example();
  f.zone("sub.example.", "$TTL 3600\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.200\nhost A 192.0.2.222\n");
  auto r = f.ask({.name = "host.sub.example."});
  CHECK(r.flag(Header::kAA));
  CHECK(r.lines(Section::Answer) == Lines{"host.sub.example. 3600 IN A 192.0.2.222"});
}

TEST_CASE("additional addresses for MX and SRV targets in the zone, wildcards included, never glue",
          "[answer][lookup]") {
  auto f = example();
  CHECK(f.ask({.name = "example.", .type = RRType::MX}).owners_and_types(Section::Additional) ==
        Lines{"mail.example. A", "ns1.example. A", "ns1.example. AAAA"});
  CHECK(f.ask({.name = "_sip._udp.example.", .type = RRType::SRV}).owners_and_types(Section::Additional) ==
        Lines{"sip.example. A", "ns1.example. A", "ns1.example. AAAA"});
  CHECK(f.ask({.name = "mxwild.example.", .type = RRType::MX}).lines(Section::Additional).front() ==
        "host.wild.example. 3600 IN A 192.0.2.100");
  CHECK(f.ask({.name = "mxglue.example.", .type = RRType::MX}).owners_and_types(Section::Additional) ==
        Lines{"ns1.example. A", "ns1.example. AAAA"});
}

TEST_CASE("ANY is answered with one RRset, the SOA or an address first (RFC 8482 §4.1)", "[answer][lookup]") {
  auto f = example();
  CHECK(f.ask({.name = "example.", .type = RRType::ANY}).owners_and_types(Section::Answer) == Lines{"example. SOA"});
  CHECK(f.ask({.name = "www.example.", .type = RRType::ANY}).owners_and_types(Section::Answer) ==
        Lines{"www.example. A", "www.example. A"});
  CHECK(f.ask({.name = "soaonly.example.", .type = RRType::ANY}).owners_and_types(Section::Answer) ==
        Lines{"soaonly.example. TXT"});
  auto ent = f.ask({.name = "b.c.example.", .type = RRType::ANY});
  CHECK(ent.count(Section::Answer) == 0);
  CHECK(ent.owners_and_types(Section::Authority) == Lines{"example. SOA"});
}

TEST_CASE("round-robin rotates the answer's records from query to query", "[answer][lookup]") {
  auto f = example();
  f.config.round_robin = true;
  auto first = f.ask({.name = "www.example.", .id = 2}).lines(Section::Answer);
  auto second = f.ask({.name = "www.example.", .id = 3}).lines(Section::Answer);
  CHECK(first.size() == 2);
  CHECK(first[0] == second[1]);
  CHECK(first[1] == second[0]);
  f.config.round_robin = false;
  CHECK(f.ask({.name = "www.example.", .id = 3}).lines(Section::Answer) == first);
}

}  // namespace lnsd::test
