#include "conf/address.hh"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace lnsd::conf {

IpAddress IpAddress::v4(std::array<uint8_t, 4> bytes) {
  IpAddress a;
  a.family_ = Family::V4;
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::v6(std::array<uint8_t, 16> bytes) {
  IpAddress a;
  a.family_ = Family::V6;
  a.bytes_ = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  // inet_pton needs a terminated string; addresses are short.
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<uint8_t, 16> bytes{};
  if (inet_pton(AF_INET, buf, bytes.data()) == 1) {
    return v4({bytes[0], bytes[1], bytes[2], bytes[3]});
  }
  if (inet_pton(AF_INET6, buf, bytes.data()) == 1) return v6(bytes);
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::from_sockaddr(const sockaddr* sa) {
  if (sa == nullptr) return std::nullopt;
  if (sa->sa_family == AF_INET) {
    sockaddr_in sin;
    std::memcpy(&sin, sa, sizeof sin);
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &sin.sin_addr, 4);
    return v4(b);
  }
  if (sa->sa_family == AF_INET6) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, sa, sizeof sin6);
    std::array<uint8_t, 16> b;
    std::memcpy(b.data(), &sin6.sin6_addr, 16);
    return v6(b);
  }
  return std::nullopt;
}

std::string IpAddress::to_text() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

IpAddress IpAddress::prefix_mask(Family family, unsigned prefix) {
  IpAddress m;
  m.family_ = family;
  const unsigned total = family == Family::V4 ? 32 : 128;
  if (prefix > total) prefix = total;
  for (unsigned i = 0; i < prefix / 8; ++i) m.bytes_[i] = 0xff;
  if (prefix % 8 != 0) m.bytes_[prefix / 8] = static_cast<uint8_t>(0xff00 >> (prefix % 8));
  return m;
}

std::optional<AddressAndPort> split_port(std::string_view text, std::string& error) {
  AddressAndPort out{text, std::nullopt};
  const size_t at = text.rfind('@');
  if (at == std::string_view::npos) return out;
  out.address = text.substr(0, at);
  std::string_view digits = text.substr(at + 1);
  uint32_t port = 0;
  bool ok = !digits.empty() && digits.size() <= 5;
  for (char c : digits) {
    if (c < '0' || c > '9') { ok = false; break; }
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (!ok || port == 0 || port > 65535) {
    error = "expected a port number from 1 to 65535 after '@', not '" + std::string(digits) + "'";
    return std::nullopt;
  }
  out.port = static_cast<uint16_t>(port);
  return out;
}

}  // namespace lnsd::conf
