// The listening sockets, all opened by main while it is still privileged.
//
// For every listen address there is one UDP and one TCP socket, shared by
// the servers that listen there. With `reuseport` every server gets sockets
// of its own, bound with SO_REUSEPORT, so that the kernel spreads queries
// over the servers instead of waking all of them. Main keeps every socket
// open for its whole life: a server that dies is replaced with the same
// sockets, and datagrams that arrive meanwhile wait in the socket.
#pragma once

#include <vector>

#include "settings.hh"
#include "socket_address.hh"
#include "unique_fd.hh"
#include "util/expected.hh"

namespace lnsd {

enum class SocketKind : uint8_t { Udp, Tcp };

struct ListeningSocket {
  UniqueFd fd;
  SocketKind kind = SocketKind::Udp;
  SocketAddress address;
  // Bound to 0.0.0.0 or ::: a reply must leave from the address the query
  // was sent to, so UDP sockets receive it with IP_PKTINFO/IPV6_RECVPKTINFO.
  bool wildcard = false;
};

// What a server needs to know of a socket it serves (it does not own it).
struct ServerSocket {
  int fd = -1;
  SocketKind kind = SocketKind::Udp;
  int family = 0;
  bool wildcard = false;
};

struct SocketSet {
  std::vector<ListeningSocket> sockets;
  // For each server (0-based), the indexes of its sockets.
  std::vector<std::vector<size_t>> server_sockets;

  std::vector<ServerSocket> for_server(unsigned index) const;
  // In a forked child: closes every descriptor server `index` does not use,
  // all of them when `index` is negative (xfrd).
  void keep_only(int index);
};

// One resolved ip-address: line.
struct ListenTarget {
  SocketAddress address;
  std::vector<std::pair<unsigned, unsigned>> servers;  // 1-based ranges; empty: all
  bool serves(unsigned server_index) const;             // 0-based
};

// The ip-address list, or the wildcard addresses of the enabled families;
// filtered by do-ip4/do-ip6.
Expected<std::vector<ListenTarget>, Error> listen_targets(const ServerSettings& settings);

Expected<SocketSet, Error> open_listening_sockets(const ServerSettings& settings);

// One socket, with the options of `settings` (exposed for the tests).
Expected<ListeningSocket, Error> open_listening_socket(const SocketAddress& address, SocketKind kind,
                                                       const ServerSettings& settings, bool reuseport);

}  // namespace lnsd
