#include "xfrd.hh"

#include <signal.h>

#include <memory>

#include "log.hh"
#include "server.hh"
#include "stats_report.hh"

namespace lnsd {
namespace {

void on_terminate(evutil_socket_t, short, void* arg) { event_base_loopexit(static_cast<event_base*>(arg), nullptr); }

}  // namespace

Xfrd::Xfrd(event_base* base, const XfrdOptions& options, const SharedRegion& region, int channel)
    : base_(base), options_(options), region_(region) {
  channel_event_ = event_new(base_, channel, EV_READ | EV_PERSIST, &Xfrd::on_channel, this);
  event_add(channel_event_, nullptr);
  if (options_.statistics.count() > 0) {
    statistics_event_ = event_new(base_, -1, EV_PERSIST, &Xfrd::on_statistics, this);
    timeval period{time_t(options_.statistics.count()), 0};
    event_add(statistics_event_, &period);
  }
}

Xfrd::~Xfrd() {
  event_free(channel_event_);
  if (statistics_event_ != nullptr) event_free(statistics_event_);
}

void Xfrd::run() { event_base_dispatch(base_); }

void Xfrd::log_statistics() const {
  std::string line = stats_log_line(region_.totals());
  for (uint32_t group = 0; group < options_.zone_stats_groups.size() && group < region_.zone_group_count(); ++group) {
    line += ' ';
    line += zone_stats_log_line(options_.zone_stats_groups[group], region_.zone_totals(group));
  }
  log_notice("statistics: %s", line.c_str());
}

void Xfrd::on_statistics(evutil_socket_t, short, void* arg) { static_cast<Xfrd*>(arg)->log_statistics(); }

void Xfrd::on_channel(evutil_socket_t fd, short, void* arg) {
  auto* xfrd = static_cast<Xfrd*>(arg);
  ChannelMessage message;
  for (;;) {
    switch (receive_message(fd, message)) {
      case ReceiveStatus::Empty:
        return;
      case ReceiveStatus::Closed:
        log_notice("xfrd: main process is gone, stopping");
        event_base_loopexit(xfrd->base_, nullptr);
        return;
      case ReceiveStatus::Message:
        break;
    }
    switch (message.command) {
      case ChannelCommand::ReopenLog:
        if (!xfrd->options_.log_path.empty()) {
          if (auto reopened = log_reopen(xfrd->options_.log_path); !reopened) {
            log_error("%s", reopened.error().message.c_str());
          }
        }
        break;
      case ChannelCommand::Shutdown:
        event_base_loopexit(xfrd->base_, nullptr);
        return;
      case ChannelCommand::Publish:
        break;  // zones are the servers' business until transfers arrive here
    }
  }
}

int run_xfrd_process(const XfrdOptions& options, const SharedRegion& region, int channel) {
  route_libevent_log();
  event_base* base = event_base_new();
  if (base == nullptr) {
    log_error("xfrd: cannot create its event loop");
    return 1;
  }
  {
    Xfrd xfrd(base, options, region, channel);
    event* terminate = evsignal_new(base, SIGTERM, &on_terminate, base);
    event_add(terminate, nullptr);
    log_detail("xfrd: running");
    xfrd.run();
    event_free(terminate);
  }
  event_base_free(base);
  return 0;
}

}  // namespace lnsd
