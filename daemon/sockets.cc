#include "sockets.hh"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "log.hh"

namespace lnsd {
namespace {

// NSD's defaults: a burst of queries must fit in the receive buffer, and a
// burst of large responses in the send buffer.
constexpr int kDefaultReceiveBuffer = 1 * 1024 * 1024;
constexpr int kDefaultSendBuffer = 4 * 1024 * 1024;
constexpr int kListenBacklog = 256;
constexpr int kIpv6MinimumMtu = 1280;  // RFC 8200 §5

const char* kind_name(SocketKind kind) { return kind == SocketKind::Udp ? "UDP" : "TCP"; }

Error socket_error(const char* what, SocketKind kind, const SocketAddress& address, int error) {
  return Error{std::string(what) + " " + kind_name(kind) + " " + to_string(address) + ": " + std::strerror(error)};
}

bool set_int(int fd, int level, int option, int value) {
  return setsockopt(fd, level, option, &value, sizeof value) == 0;
}

// Privileged processes may exceed net.core.{r,w}mem_max with the FORCE
// variants; otherwise the kernel caps the size silently.
void set_buffer_size(int fd, int force_option, int option, int size, const char* name) {
  if (set_int(fd, SOL_SOCKET, force_option, size)) return;
  if (!set_int(fd, SOL_SOCKET, option, size)) {
    log_warning("setsockopt(%s, %d) failed: %s", name, size, std::strerror(errno));
  }
}

// UDP responses go out at any size the client accepts: fragmenting is the
// kernel's job, not a reason to drop the answer (as NSD does).
bool configure_udp_mtu(int fd, int family) {
  if (family == AF_INET) {
    // Ignore path MTU information: an ICMP "fragmentation needed" forged by
    // an attacker cannot then lower the size we send at (IP_PMTUDISC_OMIT,
    // Linux 3.15); older kernels get IP_PMTUDISC_DONT.
    if (set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT)) return true;
    return set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT);
  }
  // IPv6 routers never fragment (RFC 8200 §4.5): fragment at the minimum
  // MTU ourselves so that large responses pass any path, and let the kernel
  // fragment rather than fail (IPV6_DONTFRAG off, RFC 3542 §11.2).
  return set_int(fd, IPPROTO_IPV6, IPV6_MTU, kIpv6MinimumMtu) && set_int(fd, IPPROTO_IPV6, IPV6_DONTFRAG, 0);
}

}  // namespace

std::vector<ServerSocket> SocketSet::for_server(unsigned index) const {
  std::vector<ServerSocket> result;
  if (index >= server_sockets.size()) return result;
  for (size_t i : server_sockets[index]) {
    const auto& socket = sockets[i];
    result.push_back(ServerSocket{socket.fd.get(), socket.kind, socket.address.family(), socket.wildcard});
  }
  return result;
}

void SocketSet::keep_only(int index) {
  std::vector<bool> keep(sockets.size(), false);
  if (index >= 0 && size_t(index) < server_sockets.size()) {
    for (size_t i : server_sockets[size_t(index)]) keep[i] = true;
  }
  for (size_t i = 0; i < sockets.size(); ++i) {
    if (!keep[i]) sockets[i].fd.reset();
  }
}

bool ListenTarget::serves(unsigned server_index) const {
  if (servers.empty()) return true;
  unsigned number = server_index + 1;
  for (auto [first, last] : servers) {
    if (number >= first && number <= last) return true;
  }
  return false;
}

Expected<std::vector<ListenTarget>, Error> listen_targets(const ServerSettings& settings) {
  std::vector<ListenTarget> targets;
  if (settings.ip_addresses.empty()) {
    if (settings.do_ip4) targets.push_back(ListenTarget{wildcard_address(AF_INET, settings.port), {}});
    if (settings.do_ip6) targets.push_back(ListenTarget{wildcard_address(AF_INET6, settings.port), {}});
    return targets;
  }
  for (const auto& spec : settings.ip_addresses) {
    auto address = parse_socket_address(spec.address, settings.port);
    if (!address) return unexpected(Error{"ip-address: " + address.error().message});
    if ((address->family() == AF_INET && !settings.do_ip4) || (address->family() == AF_INET6 && !settings.do_ip6)) {
      log_info("not listening on %s: its address family is disabled", to_string(*address).c_str());
      continue;
    }
    targets.push_back(ListenTarget{*address, spec.servers});
  }
  if (targets.empty()) return unexpected(Error{"no ip-address left to listen on for the enabled address families"});
  return targets;
}

Expected<ListeningSocket, Error> open_listening_socket(const SocketAddress& address, SocketKind kind,
                                                       const ServerSettings& settings, bool reuseport) {
  ListeningSocket socket;
  socket.kind = kind;
  socket.address = address;
  socket.wildcard = address.is_wildcard();
  int family = address.family();
  int type = (kind == SocketKind::Udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
  socket.fd.reset(::socket(family, type, 0));
  int fd = socket.fd.get();
  if (fd < 0) return unexpected(socket_error("cannot create", kind, address, errno));

  if (reuseport && !set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1)) {
    return unexpected(socket_error("cannot set SO_REUSEPORT on", kind, address, errno));
  }
  if (family == AF_INET6 && !set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1)) {
    return unexpected(socket_error("cannot set IPV6_V6ONLY on", kind, address, errno));
  }
  if (kind == SocketKind::Udp) {
    set_buffer_size(fd, SO_RCVBUFFORCE, SO_RCVBUF,
                    settings.receive_buffer_size > 0 ? settings.receive_buffer_size : kDefaultReceiveBuffer,
                    "SO_RCVBUF");
    set_buffer_size(fd, SO_SNDBUFFORCE, SO_SNDBUF,
                    settings.send_buffer_size > 0 ? settings.send_buffer_size : kDefaultSendBuffer, "SO_SNDBUF");
    if (!configure_udp_mtu(fd, family)) {
      return unexpected(socket_error("cannot set the MTU options of", kind, address, errno));
    }
    if (socket.wildcard) {
      bool ok = family == AF_INET ? set_int(fd, IPPROTO_IP, IP_PKTINFO, 1)
                                  : set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
      if (!ok) return unexpected(socket_error("cannot ask for packet information on", kind, address, errno));
    }
  } else {
    set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
    if (settings.send_buffer_size > 0) {
      set_buffer_size(fd, SO_SNDBUFFORCE, SO_SNDBUF, settings.send_buffer_size, "SO_SNDBUF");
    }
    if (settings.receive_buffer_size > 0) {
      set_buffer_size(fd, SO_RCVBUFFORCE, SO_RCVBUF, settings.receive_buffer_size, "SO_RCVBUF");
    }
  }
  // Bind to an address not (yet) configured on an interface.
  if (settings.ip_freebind && !set_int(fd, IPPROTO_IP, IP_FREEBIND, 1)) {
    log_warning("setsockopt(IP_FREEBIND) failed on %s %s: %s", kind_name(kind), to_string(address).c_str(),
                std::strerror(errno));
  }
  // Bind to a non-local address (needs CAP_NET_ADMIN).
  if (settings.ip_transparent) {
    bool ok = family == AF_INET ? set_int(fd, IPPROTO_IP, IP_TRANSPARENT, 1)
                                : set_int(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, 1);
    if (!ok) {
      log_warning("setsockopt(IP_TRANSPARENT) failed on %s %s: %s", kind_name(kind), to_string(address).c_str(),
                  std::strerror(errno));
    }
  }
  if (::bind(fd, address.get(), address.length) != 0) {
    return unexpected(socket_error("cannot bind", kind, address, errno));
  }
  int backlog = settings.tcp_listen_queue > 0 ? settings.tcp_listen_queue : kListenBacklog;
  if (kind == SocketKind::Tcp && ::listen(fd, backlog) != 0) {
    return unexpected(socket_error("cannot listen on", kind, address, errno));
  }
  return socket;
}

Expected<SocketSet, Error> open_listening_sockets(const ServerSettings& settings) {
  auto targets = listen_targets(settings);
  if (!targets) return unexpected(targets.error());

  bool reuseport = settings.reuseport && settings.server_count > 1;
  SocketSet set;
  set.server_sockets.resize(settings.server_count);
  for (const auto& target : *targets) {
    // With reuseport, one UDP and one TCP socket per server that listens
    // here; without, one pair shared by all of them.
    size_t copies = reuseport ? settings.server_count : 1;
    for (size_t copy = 0; copy < copies; ++copy) {
      if (reuseport && !target.serves(unsigned(copy))) continue;
      bool unavailable = false;
      for (SocketKind kind : {SocketKind::Udp, SocketKind::Tcp}) {
        auto socket = open_listening_socket(target.address, kind, settings, reuseport);
        if (!socket) {
          // Without explicit addresses, a host without IPv6 still serves IPv4.
          bool optional = settings.ip_addresses.empty() && target.address.family() == AF_INET6 &&
                          kind == SocketKind::Udp && copy == 0;
          if (!optional) return unexpected(socket.error());
          log_warning("IPv6 unavailable, listening on IPv4 only: %s", socket.error().message.c_str());
          unavailable = true;
          break;
        }
        size_t index = set.sockets.size();
        set.sockets.push_back(std::move(*socket));
        for (unsigned server = 0; server < settings.server_count; ++server) {
          bool uses = reuseport ? server == copy : target.serves(server);
          if (uses) set.server_sockets[server].push_back(index);
        }
      }
      if (unavailable) break;
    }
  }
  if (set.sockets.empty()) return unexpected(Error{"no socket could be opened"});
  for (unsigned server = 0; server < settings.server_count; ++server) {
    if (set.server_sockets[server].empty()) {
      log_warning("server %u listens on no address (servers= leaves it out everywhere)", server + 1);
    }
  }
  return set;
}

}  // namespace lnsd
