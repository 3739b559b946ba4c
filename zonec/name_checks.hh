// Checks on single names that both the parser (owners) and the zone checks
// (names inside rdata) make.
#pragma once

#include <optional>
#include <string>

#include "dns/name.hh"

namespace lnsd::zonec {

// True when `name` ends in two copies of `origin`, as
// www.example.com.example.com. in example.com.: a name written without
// its trailing dot, which the parser completed with the origin.
bool ends_in_doubled_origin(const Name& name, const Name& origin);

// The message and fix for such a name; `what` says where it was written
// ("owner", "NS target").
struct NameFinding {
  std::string message;
  std::string fix;
};
NameFinding doubled_origin_finding(std::string_view what, const Name& name, const Name& origin);

// The IPv4 address `name` spells when a server address was written where a
// host name belongs (NS 192.0.2.1, completed to 192.0.2.1.example.com.):
// the four leftmost labels are decimal octets and the rest is the origin or
// the root. Also an IPv6 address, whose colons no host name has.
std::optional<std::string> address_written_as_name(const Name& name, const Name& origin);

}  // namespace lnsd::zonec
