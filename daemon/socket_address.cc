#include "socket_address.hh"

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>

#include <charconv>
#include <cstdio>
#include <cstring>

namespace lnsd {

uint16_t SocketAddress::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(storage).sin_port);
  if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(storage).sin6_port);
  return 0;
}

void SocketAddress::set_port(uint16_t port) {
  if (family() == AF_INET) reinterpret_cast<sockaddr_in&>(storage).sin_port = htons(port);
  if (family() == AF_INET6) reinterpret_cast<sockaddr_in6&>(storage).sin6_port = htons(port);
}

bool SocketAddress::is_wildcard() const {
  if (family() == AF_INET) return reinterpret_cast<const sockaddr_in&>(storage).sin_addr.s_addr == htonl(INADDR_ANY);
  if (family() == AF_INET6) {
    return IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6&>(storage).sin6_addr);
  }
  return false;
}

Expected<SocketAddress, Error> parse_socket_address(std::string_view text, uint16_t default_port) {
  std::string_view host = text;
  uint16_t port = default_port;
  if (auto at = text.rfind('@'); at != std::string_view::npos) {
    host = text.substr(0, at);
    std::string_view digits = text.substr(at + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 1 || value > 65535) {
      return unexpected(Error{"bad port in '" + std::string(text) + "'"});
    }
    port = uint16_t(value);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  std::string host_text(host);
  int rc = getaddrinfo(host_text.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    return unexpected(Error{"'" + std::string(text) + "' is not an IP address" +
                            (rc != 0 && rc != EAI_NONAME ? std::string(": ") + gai_strerror(rc) : std::string())});
  }
  SocketAddress address;
  std::memcpy(&address.storage, found->ai_addr, found->ai_addrlen);
  address.length = found->ai_addrlen;
  freeaddrinfo(found);
  address.set_port(port);
  return address;
}

SocketAddress wildcard_address(int family, uint16_t port) {
  SocketAddress address;
  if (family == AF_INET) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(address.storage);
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(INADDR_ANY);
    address.length = sizeof(sockaddr_in);
  } else {
    auto& v6 = reinterpret_cast<sockaddr_in6&>(address.storage);
    v6.sin6_family = AF_INET6;
    v6.sin6_addr = in6addr_any;
    address.length = sizeof(sockaddr_in6);
  }
  address.set_port(port);
  return address;
}

SocketAddress loopback_address(int family, uint16_t port) {
  SocketAddress address = wildcard_address(family, port);
  if (family == AF_INET) {
    reinterpret_cast<sockaddr_in&>(address.storage).sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  } else {
    reinterpret_cast<sockaddr_in6&>(address.storage).sin6_addr = in6addr_loopback;
  }
  return address;
}

std::string to_string(const sockaddr_storage& storage) {
  char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2] = "?";
  uint16_t port = 0;
  if (storage.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(storage);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (storage.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(storage);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    if (v6.sin6_scope_id != 0) {
      char name[IF_NAMESIZE];
      size_t used = std::strlen(text);
      if (if_indextoname(v6.sin6_scope_id, name) != nullptr) {
        std::snprintf(text + used, sizeof text - used, "%%%s", name);
      } else {
        std::snprintf(text + used, sizeof text - used, "%%%u", unsigned(v6.sin6_scope_id));
      }
    }
    port = ntohs(v6.sin6_port);
  }
  return std::string(text) + "@" + std::to_string(port);
}

std::string to_string(const SocketAddress& address) { return to_string(address.storage); }

}  // namespace lnsd
