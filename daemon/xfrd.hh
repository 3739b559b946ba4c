// The xfrd process: everything slow and stateful that must never stall the
// servers. Its event loop owns the daemon's timers; today the periodic
// statistics line (`statistics:`), later SOA refresh/retry/expire, inbound
// transfers, NOTIFY and the control channel, which plug into base().
#pragma once

#include <event2/event.h>

#include <chrono>
#include <string>
#include <vector>

#include "channel.hh"
#include "shared_region.hh"

namespace lnsd {

struct XfrdOptions {
  std::chrono::seconds statistics{0};  // 0: no statistics line
  std::string log_path;                // reopened on ChannelCommand::ReopenLog
  std::vector<std::string> zone_stats_groups;  // their counters follow the totals in the statistics line
};

class Xfrd {
 public:
  Xfrd(event_base* base, const XfrdOptions& options, const SharedRegion& region, int channel);
  Xfrd(const Xfrd&) = delete;
  Xfrd& operator=(const Xfrd&) = delete;
  ~Xfrd();

  event_base* base() const { return base_; }
  // Runs until Shutdown, the end of the channel, or event_base_loopexit.
  void run();
  // Logs the statistics summed over every server.
  void log_statistics() const;

 private:
  static void on_channel(evutil_socket_t fd, short what, void* arg);
  static void on_statistics(evutil_socket_t fd, short what, void* arg);

  event_base* base_;
  XfrdOptions options_;
  const SharedRegion& region_;
  event* channel_event_ = nullptr;
  event* statistics_event_ = nullptr;
};

int run_xfrd_process(const XfrdOptions& options, const SharedRegion& region, int channel);

}  // namespace lnsd
