// UDP for one server process: a batch of up to kBatch datagrams read with one
// recvmmsg(2), answered one by one into preallocated buffers, and sent with
// one sendmmsg(2). Nothing is allocated and no other system call is made
// per query.
//
// One UdpService serves all the UDP sockets of its server; the event loop
// calls serve_batch() when a socket is readable. One batch per wake-up keeps
// the sockets fair to each other and gives reloads their "between two
// events" moment.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "page_buffer.hh"
#include "query_handler.hh"
#include "sockets.hh"
#include "stats.hh"

namespace lnsd {

class UdpService {
 public:
  static constexpr size_t kBatch = 64;
  // The largest UDP payload (RFC 768 length field); a response is limited
  // by the answer path to what the client announced.
  static constexpr size_t kMessageSize = 65535;

  UdpService(QueryHandler handler, QueryCounters counters);
  UdpService(const UdpService&) = delete;
  UdpService& operator=(const UdpService&) = delete;

  void set_handler(QueryHandler handler) { handler_ = handler; }

  // Reads at most one batch from `socket` and answers it. Returns how many
  // datagrams were read (0 when there was nothing to read).
  size_t serve_batch(const ServerSocket& socket);

 private:
  // Room for one IP_PKTINFO or IPV6_PKTINFO control message.
  static constexpr size_t kControlSize = 64;
  struct alignas(alignof(cmsghdr)) Control {
    uint8_t bytes[kControlSize];
  };

  bool set_reply_source(size_t query, size_t reply, int family);
  void send_replies(int fd, size_t count);

  QueryHandler handler_;
  QueryCounters counters_;
  PageBuffer queries_;
  PageBuffer responses_;
  std::array<mmsghdr, kBatch> received_{};
  std::array<mmsghdr, kBatch> replies_{};
  std::array<iovec, kBatch> query_iov_{};
  std::array<iovec, kBatch> reply_iov_{};
  std::array<Client, kBatch> clients_{};
  std::array<Control, kBatch> query_control_{};
  std::array<Control, kBatch> reply_control_{};
};

}  // namespace lnsd
