#include "server.hh"

#include <signal.h>
#include <unistd.h>

#include <cinttypes>

#include "channel.hh"
#include "log.hh"

namespace lnsd {
namespace {

void log_from_libevent(int severity, const char* message) {
  if (severity >= EVENT_LOG_ERR) {
    log_error("libevent: %s", message);
  } else if (severity == EVENT_LOG_WARN) {
    log_warning("libevent: %s", message);
  } else {
    log_debug("libevent: %s", message);
  }
}

void on_terminate(evutil_socket_t, short, void* arg) { event_base_loopexit(static_cast<event_base*>(arg), nullptr); }

constexpr int kUdpBatchesPerEvent = 4;

struct EventBaseDeleter {
  void operator()(event_base* base) const { event_base_free(base); }
};
struct EventDeleter {
  void operator()(event* e) const { event_free(e); }
};

}  // namespace

void route_libevent_log() { event_set_log_callback(&log_from_libevent); }

Server::Server(event_base* base, const ServerProcessOptions& options, const std::vector<ServerSocket>& sockets,
               Answerer& answerer, ServerSlot& slot, ZoneStatsTable zone_stats, int channel)
    : base_(base),
      options_(options),
      answerer_(answerer),
      slot_(slot),
      udp_(answerer.handler(), QueryCounters(&slot.stats, zone_stats)),
      tcp_(base, options.tcp, answerer.handler(), QueryCounters(&slot.stats, zone_stats)) {
  for (const auto& socket : sockets) {
    if (socket.kind == SocketKind::Tcp) {
      tcp_.listen(socket);
      continue;
    }
    auto udp = std::make_unique<UdpSocket>();
    udp->server = this;
    udp->socket = socket;
    udp->read_event = event_new(base_, socket.fd, EV_READ | EV_PERSIST, &Server::on_udp, udp.get());
    event_add(udp->read_event, nullptr);
    udp_sockets_.push_back(std::move(udp));
  }
  channel_event_ = event_new(base_, channel, EV_READ | EV_PERSIST, &Server::on_channel, this);
  event_add(channel_event_, nullptr);
  slot_.serving_generation.store(answerer_.generation(), std::memory_order_release);
}

Server::~Server() {
  for (auto& udp : udp_sockets_) event_free(udp->read_event);
  event_free(channel_event_);
}

void Server::run() { event_base_dispatch(base_); }

void Server::on_udp(evutil_socket_t, short, void* arg) {
  auto* udp = static_cast<UdpSocket*>(arg);
  // A full batch says more datagrams wait: read them now rather than after
  // another epoll_wait, a few batches at most so that TCP and main's
  // commands still get their turn.
  for (int batch = 0; batch < kUdpBatchesPerEvent; ++batch) {
    if (udp->server->udp_.serve_batch(udp->socket) < UdpService::kBatch) break;
  }
}

void Server::on_channel(evutil_socket_t fd, short, void* arg) {
  auto* server = static_cast<Server*>(arg);
  ChannelMessage message;
  for (;;) {
    switch (receive_message(fd, message)) {
      case ReceiveStatus::Message:
        server->handle(message);
        continue;
      case ReceiveStatus::Empty:
        return;
      case ReceiveStatus::Closed:
        log_notice("server %u: main process is gone, stopping", server->options_.index + 1);
        event_base_loopexit(server->base_, nullptr);
        return;
    }
  }
}

void Server::handle(const ChannelMessage& message) {
  switch (message.command) {
    case ChannelCommand::Publish:
      switch_generation(message.value);
      return;
    case ChannelCommand::ReopenLog:
      if (!options_.log_path.empty()) {
        if (auto reopened = log_reopen(options_.log_path); !reopened) log_error("%s", reopened.error().message.c_str());
      }
      return;
    case ChannelCommand::Shutdown:
      event_base_loopexit(base_, nullptr);
      return;
  }
  log_warning("server %u: unknown command %u from main", options_.index + 1, unsigned(message.command));
}

// Runs between two events: the batch or connection being served has been
// answered wholly from the old generation; the next is answered wholly from
// the new one.
void Server::switch_generation(uint64_t generation) {
  if (generation == answerer_.generation()) return;
  auto switched = answerer_.switch_to(generation);
  if (!switched) {
    log_error("server %u: cannot switch to zone generation %" PRIu64 ", still serving %" PRIu64 ": %s",
              options_.index + 1, generation, answerer_.generation(), switched.error().message.c_str());
    return;
  }
  udp_.set_handler(answerer_.handler());
  tcp_.set_handler(answerer_.handler());
  slot_.serving_generation.store(generation, std::memory_order_release);
  bump(slot_.stats.reloads);
  log_info("server %u: serving zone generation %" PRIu64, options_.index + 1, generation);
}

int run_server_process(const ServerProcessOptions& options, const std::vector<ServerSocket>& sockets,
                       ZoneLoader& loader, SharedRegion& region, int channel) {
  route_libevent_log();
  std::unique_ptr<event_base, EventBaseDeleter> base(event_base_new());
  if (!base) {
    log_error("server %u: cannot create its event loop", options.index + 1);
    return 1;
  }
  ServerSlot& slot = region.slot(options.index);
  uint64_t generation = region.header().published_generation.load(std::memory_order_acquire);
  auto answerer = loader.open_answerer(generation);
  if (!answerer) {
    log_error("server %u: cannot open zone generation %" PRIu64 ": %s", options.index + 1, generation,
              answerer.error().message.c_str());
    return 1;
  }
  slot.pid.store(int32_t(getpid()), std::memory_order_release);
  slot.started.fetch_add(1, std::memory_order_relaxed);
  {
    Server server(base.get(), options, sockets, **answerer, slot, region.zone_stats_table(options.index), channel);
    std::unique_ptr<event, EventDeleter> terminate(evsignal_new(base.get(), SIGTERM, &on_terminate, base.get()));
    event_add(terminate.get(), nullptr);
    log_detail("server %u: serving", options.index + 1);
    server.run();
  }
  slot.pid.store(0, std::memory_order_release);
  return 0;
}

}  // namespace lnsd
