// A server (daemon/server.hh) running in a thread of the test process, on
// loopback sockets opened as main opens them, answering with TestAnswerer.
#pragma once

#include <thread>
#include <vector>

#include "daemon/channel.hh"
#include "daemon/server.hh"
#include "daemon/settings.hh"
#include "daemon/shared_region.hh"
#include "daemon/sockets.hh"
#include "net_client.hh"
#include "test_answerer.hh"

namespace lnsd::test {

class ServerFixture {
 public:
  explicit ServerFixture(const TcpOptions& tcp = TcpOptions{}, ServerSettings settings = ServerSettings{});
  ~ServerFixture();

  SocketAddress address(int family) const { return loopback_address(family, port_); }
  uint16_t port() const { return port_; }
  const ServerStats& stats() const { return region_.slot(0).stats; }
  const ServerSlot& slot() const { return region_.slot(0); }
  void send(ChannelCommand command, uint64_t value = 0);
  // Closes main's end of the channel; the server must stop by itself.
  void close_channel() { channel_.main_end.reset(); }
  // Waits (bounded) for the server thread to end.
  bool stopped_within(std::chrono::milliseconds timeout);

  TestAnswerer answerer;

 private:
  uint16_t port_;
  SharedRegion region_;
  ChannelPair channel_;
  std::vector<ListeningSocket> sockets_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace lnsd::test
