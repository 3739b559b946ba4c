// A socket address as a value: parsed from lnsd.conf's "address[@port]"
// notation and printed back in the same form for log lines.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hh"

namespace lnsd {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  uint16_t port() const;
  void set_port(uint16_t port);
  // 0.0.0.0 or ::
  bool is_wildcard() const;
};

// "192.0.2.1", "2001:db8::1", "fe80::1%eth0", each optionally with "@port";
// without one, `default_port`. Host names are refused: a server binds to
// addresses, and name resolution at startup would be a hidden dependency.
Expected<SocketAddress, Error> parse_socket_address(std::string_view text, uint16_t default_port);

SocketAddress wildcard_address(int family, uint16_t port);
SocketAddress loopback_address(int family, uint16_t port);

// "192.0.2.1@53", "2001:db8::1@53" (NSD's notation, unambiguous for IPv6).
std::string to_string(const SocketAddress& address);
std::string to_string(const sockaddr_storage& address);

}  // namespace lnsd
