// Access control lists of zone options (allow-query, allow-notify,
// provide-xfr) and the address lists that share their syntax (notify,
// request-xfr, outgoing-interface).
//
// An element is "ip-spec key". The ip-spec is one of
//   192.0.2.1            one address           (IPv4 or IPv6)
//   192.0.2.0/24         a prefix              (::0/0 and 0.0.0.0/0: all)
//   192.0.2.0&255.255.255.0   address and mask
//   192.0.2.1-192.0.2.9  an inclusive range
// each optionally followed by @port. The key is NOKEY (the request must not
// be signed), BLOCKED (refuse whatever the signature) or the name of a key:
// clause (the request must carry a valid TSIG signature with that key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/address.hh"
#include "conf/diagnostic.hh"
#include "dns/name.hh"
#include "util/expected.hh"

namespace lnsd::conf {

enum class AclRange : uint8_t { Single, Subnet, Mask, MinMax };
enum class AclKey : uint8_t { NoKey, Blocked, Named };

struct AclElement {
  std::string spec;           // the ip-spec as written, with its @port
  AclRange range = AclRange::Single;
  IpAddress address;          // the address, or the low end of a range
  IpAddress mask;             // Subnet and Mask: the mask; MinMax: the high end
  unsigned prefix = 0;        // Subnet: the prefix length as written
  std::optional<uint16_t> port;  // @port; none matches any source port
  AclKey key = AclKey::NoKey;
  std::string key_name;       // Named: the key: clause's name as written
  Name key_dname;             // Named: the same as a domain name
  // request-xfr only: "AXFR" (never ask IXFR), "UDP" (IXFR over UDP first).
  bool axfr_only = false;
  bool udp = false;
  Position where;             // the option that wrote this element

  bool matches_address(const IpAddress& source, uint16_t source_port) const;
  // `tsig_key` is the name of the key that verified the request's TSIG
  // signature, or null when the request was not signed.
  bool matches_key(const Name* tsig_key) const;
  // "spec KEY" as nsd-checkconf prints it (without AXFR/UDP).
  std::string to_text() const;
  // As written in nsd.conf: "AXFR spec KEY" for request-xfr.
  std::string to_conf_text() const;
};

// Parses "ip-spec" and "key" (NOKEY, BLOCKED or a key name). The error says
// which part is wrong and what was expected.
Expected<AclElement, std::string> parse_acl_element(std::string_view ip_spec, std::string_view key);

struct AclMatch {
  enum class Verdict : uint8_t { Allowed, Blocked, NoMatch };
  Verdict verdict = Verdict::NoMatch;
  const AclElement* element = nullptr;  // the element that decided, if any
};

class Acl {
 public:
  std::vector<AclElement> elements;

  bool empty() const { return elements.empty(); }
  // NSD's rule: elements are tried in order and the first one whose address
  // and key both match allows the request, except that a matching BLOCKED
  // element anywhere in the list refuses it.
  AclMatch match(const IpAddress& source, uint16_t source_port, const Name* tsig_key) const;
};

}  // namespace lnsd::conf
