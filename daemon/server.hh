// One server process: a libevent loop over its UDP and TCP sockets and its
// command channel from main. It answers through its Answerer, counts in its
// slot of the shared region, and switches zone generations when main
// publishes one (daemon/zone_loader.hh).
#pragma once

#include <event2/event.h>

#include <memory>
#include <string>
#include <vector>

#include "channel.hh"
#include "shared_region.hh"
#include "sockets.hh"
#include "tcp_service.hh"
#include "udp_service.hh"
#include "zone_loader.hh"

namespace lnsd {

struct ServerProcessOptions {
  unsigned index = 0;         // 0-based; logs say "server index+1"
  TcpOptions tcp;
  std::string log_path;       // reopened on ChannelCommand::ReopenLog; "" when not logging to a file
};

class Server {
 public:
  // `answerer`, `slot` and the sockets outlive the Server; `channel` is the
  // child's end of the command channel.
  Server(event_base* base, const ServerProcessOptions& options, const std::vector<ServerSocket>& sockets,
         Answerer& answerer, ServerSlot& slot, ZoneStatsTable zone_stats, int channel);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Runs the loop until a Shutdown command, the end of the channel (main is
  // gone) or event_base_loopexit.
  void run();

  TcpService& tcp() { return tcp_; }

 private:
  struct UdpSocket {
    Server* server = nullptr;
    ServerSocket socket;
    event* read_event = nullptr;
  };

  static void on_udp(evutil_socket_t fd, short what, void* arg);
  static void on_channel(evutil_socket_t fd, short what, void* arg);
  void handle(const ChannelMessage& message);
  void switch_generation(uint64_t generation);

  event_base* base_;
  ServerProcessOptions options_;
  Answerer& answerer_;
  ServerSlot& slot_;
  UdpService udp_;
  TcpService tcp_;
  std::vector<std::unique_ptr<UdpSocket>> udp_sockets_;
  event* channel_event_ = nullptr;
};

// The body of a forked server process: answers from `loader`'s current
// published generation until told to stop. Returns the exit status.
int run_server_process(const ServerProcessOptions& options, const std::vector<ServerSocket>& sockets, ZoneLoader& loader,
                       SharedRegion& region, int channel);

// Routes libevent's own warnings to our log (once per process).
void route_libevent_log();

}  // namespace lnsd
