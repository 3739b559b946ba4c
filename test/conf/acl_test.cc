// Access control list elements: every ip-spec form NSD accepts, matched
// and not matched by IPv4 and IPv6 sources, with ports and keys.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include "conf/acl.hh"

using namespace lnsd;
using namespace lnsd::conf;

namespace {

IpAddress ip(const char* text) {
  auto a = IpAddress::parse(text);
  REQUIRE(a.has_value());
  return *a;
}

AclElement element(const char* spec, const char* key = "NOKEY") {
  auto e = parse_acl_element(spec, key);
  INFO(spec);
  REQUIRE(e.has_value());
  return *e;
}

Name name(const char* text) {
  auto n = Name::from_text(text);
  REQUIRE(n.has_value());
  return *n;
}

bool matches(const AclElement& e, const char* source, uint16_t port = 53) {
  return e.matches_address(ip(source), port);
}

}  // namespace

TEST_CASE("a single address matches only itself, in its family", "[conf][acl]") {
  AclElement v4 = element("192.0.2.1");
  CHECK(v4.range == AclRange::Single);
  CHECK(matches(v4, "192.0.2.1"));
  CHECK_FALSE(matches(v4, "192.0.2.2"));
  CHECK_FALSE(matches(v4, "::ffff:192.0.2.1"));

  AclElement v6 = element("2001:DB8::3");
  CHECK(matches(v6, "2001:db8::3"));
  CHECK_FALSE(matches(v6, "2001:db8::4"));
  CHECK_FALSE(matches(v6, "192.0.2.3"));
}

TEST_CASE("a prefix matches the addresses inside it", "[conf][acl]") {
  AclElement v4 = element("192.0.2.0/24");
  CHECK(v4.range == AclRange::Subnet);
  CHECK(v4.prefix == 24);
  CHECK(matches(v4, "192.0.2.0"));
  CHECK(matches(v4, "192.0.2.255"));
  CHECK_FALSE(matches(v4, "192.0.3.0"));
  CHECK_FALSE(matches(v4, "192.0.1.255"));

  AclElement odd = element("10.0.0.0/9");
  CHECK(matches(odd, "10.127.255.255"));
  CHECK_FALSE(matches(odd, "10.128.0.0"));

  // Host bits in the address do not matter, as in NSD.
  CHECK(matches(element("192.0.2.77/24"), "192.0.2.1"));

  AclElement v6 = element("2001:db8::/32");
  CHECK(matches(v6, "2001:db8:ffff::1"));
  CHECK_FALSE(matches(v6, "2001:db9::1"));
  CHECK_FALSE(matches(v6, "192.0.2.1"));

  AclElement v6_odd = element("2001:db8:8000::/33");
  CHECK(matches(v6_odd, "2001:db8:8000::1"));
  CHECK_FALSE(matches(v6_odd, "2001:db8:7fff::1"));

  CHECK(matches(element("192.0.2.1/32"), "192.0.2.1"));
  CHECK_FALSE(matches(element("192.0.2.1/32"), "192.0.2.0"));
  CHECK(matches(element("2001:db8::1/128"), "2001:db8::1"));
  CHECK_FALSE(matches(element("2001:db8::1/128"), "2001:db8::"));
}

TEST_CASE("the everything prefixes ::0/0 and 0.0.0.0/0 stay in their family", "[conf][acl]") {
  AclElement all6 = element("::0/0");
  CHECK(matches(all6, "::1"));
  CHECK(matches(all6, "2001:db8::53"));
  CHECK(matches(all6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK_FALSE(matches(all6, "192.0.2.1"));

  AclElement all4 = element("0.0.0.0/0");
  CHECK(matches(all4, "0.0.0.0"));
  CHECK(matches(all4, "255.255.255.255"));
  CHECK_FALSE(matches(all4, "::"));
}

TEST_CASE("an address with a mask matches bitwise", "[conf][acl]") {
  AclElement v4 = element("192.0.2.0&255.255.255.0");
  CHECK(v4.range == AclRange::Mask);
  CHECK(matches(v4, "192.0.2.200"));
  CHECK_FALSE(matches(v4, "192.0.20.1"));

  // A mask need not be contiguous: this one ignores the third octet.
  AclElement holes = element("10.1.0.5&255.255.0.255");
  CHECK(matches(holes, "10.1.77.5"));
  CHECK_FALSE(matches(holes, "10.1.77.6"));

  AclElement v6 = element("2001:db8::&ffff:ffff::");
  CHECK(matches(v6, "2001:db8:1:2::3"));
  CHECK_FALSE(matches(v6, "2001:db9::"));
  CHECK_FALSE(matches(v6, "192.0.2.1"));
}

TEST_CASE("a range matches from its first to its last address inclusive", "[conf][acl]") {
  AclElement v4 = element("192.0.2.10-192.0.2.20");
  CHECK(v4.range == AclRange::MinMax);
  CHECK(matches(v4, "192.0.2.10"));
  CHECK(matches(v4, "192.0.2.15"));
  CHECK(matches(v4, "192.0.2.20"));
  CHECK_FALSE(matches(v4, "192.0.2.9"));
  CHECK_FALSE(matches(v4, "192.0.2.21"));

  // Compared as numbers, not octet by octet.
  AclElement wide = element("10.0.255.250-10.1.0.5");
  CHECK(matches(wide, "10.0.255.255"));
  CHECK(matches(wide, "10.1.0.0"));
  CHECK_FALSE(matches(wide, "10.0.0.251"));

  AclElement v6 = element("2001:db8::ff-2001:db8::1:0");
  CHECK(matches(v6, "2001:db8::100"));
  CHECK(matches(v6, "2001:db8::1:0"));
  CHECK_FALSE(matches(v6, "2001:db8::fe"));
  CHECK_FALSE(matches(v6, "2001:db8::1:1"));
  CHECK_FALSE(matches(v6, "192.0.2.1"));
}

TEST_CASE("@port limits an element to one source port", "[conf][acl]") {
  AclElement plain = element("192.0.2.1@5300");
  REQUIRE(plain.port.has_value());
  CHECK(*plain.port == 5300);
  CHECK(plain.spec == "192.0.2.1@5300");
  CHECK(matches(plain, "192.0.2.1", 5300));
  CHECK_FALSE(matches(plain, "192.0.2.1", 53));

  AclElement subnet = element("192.0.2.0/24@5300");
  CHECK(matches(subnet, "192.0.2.99", 5300));
  CHECK_FALSE(matches(subnet, "192.0.2.99", 5301));

  AclElement v6 = element("2001:db8::/64@53");
  CHECK(matches(v6, "2001:db8::1", 53));
  CHECK_FALSE(matches(v6, "2001:db8::1", 54));

  CHECK(matches(element("192.0.2.1"), "192.0.2.1", 40000));  // no @port: any port
}

TEST_CASE("the key column: NOKEY, BLOCKED or a key name", "[conf][acl]") {
  Name k0 = name("secretkey0.");
  Name k1 = name("other.");

  AclElement nokey = element("192.0.2.1", "NOKEY");
  CHECK(nokey.matches_key(nullptr));
  CHECK_FALSE(nokey.matches_key(&k0));  // NOKEY means unsigned, as in NSD

  AclElement keyed = element("192.0.2.1", "secretkey0");
  CHECK(keyed.key == AclKey::Named);
  CHECK(keyed.key_dname == k0);
  CHECK(keyed.matches_key(&k0));
  Name upper = name("SECRETKEY0.");
  CHECK(keyed.matches_key(&upper));  // key names are domain names
  CHECK_FALSE(keyed.matches_key(&k1));
  CHECK_FALSE(keyed.matches_key(nullptr));

  AclElement blocked = element("192.0.2.1", "BLOCKED");
  CHECK(blocked.matches_key(nullptr));
  CHECK(blocked.matches_key(&k0));
}

TEST_CASE("an access list allows the first match and refuses on any BLOCKED match", "[conf][acl]") {
  Acl acl;
  acl.elements.push_back(element("192.0.2.0/24", "NOKEY"));
  acl.elements.push_back(element("192.0.2.66", "BLOCKED"));
  acl.elements.push_back(element("2001:db8::/32", "secretkey0"));
  Name k0 = name("secretkey0.");

  AclMatch m = acl.match(ip("192.0.2.1"), 53, nullptr);
  CHECK(m.verdict == AclMatch::Verdict::Allowed);
  CHECK(m.element == &acl.elements[0]);

  // BLOCKED wins even though an earlier element matched.
  CHECK(acl.match(ip("192.0.2.66"), 53, nullptr).verdict == AclMatch::Verdict::Blocked);
  CHECK(acl.match(ip("192.0.2.66"), 53, &k0).verdict == AclMatch::Verdict::Blocked);

  // Signed request from the IPv4 prefix: NOKEY does not match it.
  CHECK(acl.match(ip("192.0.2.1"), 53, &k0).verdict == AclMatch::Verdict::NoMatch);

  m = acl.match(ip("2001:db8::1"), 53, &k0);
  CHECK(m.verdict == AclMatch::Verdict::Allowed);
  CHECK(m.element == &acl.elements[2]);
  CHECK(acl.match(ip("2001:db8::1"), 53, nullptr).verdict == AclMatch::Verdict::NoMatch);
  CHECK(acl.match(ip("198.51.100.1"), 53, nullptr).verdict == AclMatch::Verdict::NoMatch);
  CHECK(Acl{}.match(ip("192.0.2.1"), 53, nullptr).verdict == AclMatch::Verdict::NoMatch);
}

TEST_CASE("malformed ip-specs are refused with the reason", "[conf][acl]") {
  auto why = [](const char* spec, const char* key = "NOKEY") {
    auto e = parse_acl_element(spec, key);
    REQUIRE_FALSE(e.has_value());
    return e.error();
  };
  CHECK(why("192.0.2") == "'192.0.2' is not an IPv4 or IPv6 address");
  CHECK(why("192.0.2.1/33") == "'/33' is not a prefix length from 0 to 32");
  CHECK(why("::/129") == "'/129' is not a prefix length from 0 to 128");
  CHECK(why("192.0.2.1/") == "'/' is not a prefix length from 0 to 32");
  CHECK(why("192.0.2.0&::") == "'::' is not an IPv4 address (the mask)");
  CHECK(why("2001:db8::1-192.0.2.1") == "'192.0.2.1' is not an IPv6 address (the end of the range)");
  CHECK(why("192.0.2.9-192.0.2.1") == "the range 192.0.2.9-192.0.2.1 ends before it starts");
  CHECK(why("192.0.2.1@") == "expected a port number from 1 to 65535 after '@', not ''");
  CHECK(why("192.0.2.1@65536") == "expected a port number from 1 to 65535 after '@', not '65536'");
  CHECK(why("192.0.2.1", "a..b") == "'a..b' is not NOKEY, BLOCKED or a key name");
}

TEST_CASE("elements print back as written", "[conf][acl]") {
  CHECK(element("10.0.0.1-10.0.0.5@53").to_text() == "10.0.0.1-10.0.0.5@53 NOKEY");
  CHECK(element("::0/0", "BLOCKED").to_text() == "::0/0 BLOCKED");
  AclElement request = element("192.0.2.1", "k");
  request.axfr_only = true;
  CHECK(request.to_text() == "192.0.2.1 k");
  CHECK(request.to_conf_text() == "AXFR 192.0.2.1 k");
}

TEST_CASE("addresses parse, print and come from socket addresses", "[conf][acl]") {
  CHECK(ip("2001:DB8:0:0::1").to_text() == "2001:db8::1");
  CHECK(ip("192.0.2.1").to_text() == "192.0.2.1");
  CHECK_FALSE(IpAddress::parse("192.0.2.1:53").has_value());
  CHECK_FALSE(IpAddress::parse("[::1]").has_value());
  CHECK(IpAddress::prefix_mask(IpAddress::Family::V4, 20).to_text() == "255.255.240.0");
  CHECK(IpAddress::prefix_mask(IpAddress::Family::V6, 0).to_text() == "::");

  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "2001:db8::53", &sin6.sin6_addr);
  auto from6 = IpAddress::from_sockaddr(reinterpret_cast<const sockaddr*>(&sin6));
  REQUIRE(from6.has_value());
  CHECK(*from6 == ip("2001:db8::53"));
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  inet_pton(AF_INET, "192.0.2.53", &sin.sin_addr);
  auto from4 = IpAddress::from_sockaddr(reinterpret_cast<const sockaddr*>(&sin));
  REQUIRE(from4.has_value());
  CHECK(*from4 == ip("192.0.2.53"));
  CHECK(element("192.0.2.0/24").matches_address(*from4, 53));
}
