#include "tcp_service.hh"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log.hh"
#include "socket_address.hh"

namespace lnsd {
namespace {

// Connections accepted per wake-up of a listening socket, so that a flood
// of connections does not starve the queries of those already open.
constexpr int kAcceptsPerWake = 32;
// When the process is out of descriptors, how long to stop accepting (the
// listening socket would otherwise wake the loop continuously).
constexpr timeval kAcceptRetry = {0, 100'000};

int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{time_t(ms.count() / 1000), suseconds_t(ms.count() % 1000 * 1000)};
}

size_t frame_length(const uint8_t* p) { return size_t(p[0]) << 8 | p[1]; }

}  // namespace

// Open, with nothing half-read and nothing unwritten: closing it loses no
// query and no answer.
bool TcpService::is_idle(const Connection& c) {
  return c.fd >= 0 && c.input_used == 0 && c.output_begin == c.output_end;
}

TcpService::TcpService(event_base* base, const TcpOptions& options, QueryHandler handler, QueryCounters counters)
    : base_(base),
      options_(options),
      handler_(handler),
      counters_(counters),
      pool_(size_t(options.connection_count) * (kInputSize + kOutputSize)),
      connections_(options.connection_count) {
  for (size_t i = 0; i < connections_.size(); ++i) {
    Connection& c = connections_[i];
    c.service = this;
    c.input = pool_.data() + i * (kInputSize + kOutputSize);
    c.output = c.input + kInputSize;
    c.next_free = i + 1 < connections_.size() ? &connections_[i + 1] : nullptr;
  }
  free_ = connections_.empty() ? nullptr : &connections_[0];
  event_assign(&accept_retry_event_, base_, -1, 0, &TcpService::on_accept_retry, this);
}

TcpService::~TcpService() {
  for (auto& c : connections_) {
    if (c.fd >= 0) close_connection(c);
  }
  for (auto& listener : listeners_) event_del(&listener->accept_event);
  event_del(&accept_retry_event_);
}

void TcpService::listen(const ServerSocket& socket) {
  auto listener = std::make_unique<Listener>();
  listener->service = this;
  listener->fd = socket.fd;
  event_assign(&listener->accept_event, base_, socket.fd, EV_READ | EV_PERSIST, &TcpService::on_accept,
               listener.get());
  if (!accept_paused_) event_add(&listener->accept_event, nullptr);
  listeners_.push_back(std::move(listener));
}

void TcpService::on_accept(evutil_socket_t, short, void* arg) {
  auto* listener = static_cast<Listener*>(arg);
  listener->service->accept_from(*listener);
}

void TcpService::on_accept_retry(evutil_socket_t, short, void* arg) {
  static_cast<TcpService*>(arg)->resume_accepting();
}

void TcpService::accept_from(Listener& listener) {
  for (int i = 0; i < kAcceptsPerWake; ++i) {
    if (free_ == nullptr && !options_.reject_overflow && !has_idle_connection()) {
      // Let the connection wait in the backlog until one of ours ends or
      // becomes idle.
      pause_accepting();
      return;
    }
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    int fd = accept4(listener.fd, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        log_warning("cannot accept TCP connections: %s", std::strerror(errno));
        pause_accepting();
        event_add(&accept_retry_event_, &kAcceptRetry);
        return;
      }
      continue;  // ECONNABORTED, EINTR, EPROTO...: that one connection is gone
    }
    if (free_ == nullptr && !make_room()) {
      bump(counters_.server().tcp_refused);
      log_detail("tcp-count reached, refusing connection from %s", to_string(peer).c_str());
      ::close(fd);
      continue;
    }
    start(*free_, fd, peer);
  }
}

bool TcpService::has_idle_connection() const {
  for (const auto& c : connections_) {
    if (is_idle(c)) return true;
  }
  return false;
}

bool TcpService::make_room() {
  Connection* oldest = nullptr;
  for (auto& c : connections_) {
    if (is_idle(c) && (oldest == nullptr || c.last_progress_ms < oldest->last_progress_ms)) oldest = &c;
  }
  if (oldest == nullptr) return false;
  bump(counters_.server().tcp_evicted);
  log_detail("tcp-count reached, closing idle connection from %s", to_string(oldest->client.address).c_str());
  close_connection(*oldest);
  return true;
}

void TcpService::start(Connection& c, int fd, const sockaddr_storage& peer) {
  free_ = c.next_free;
  c.next_free = nullptr;
  ++open_count_;
  bump(counters_.server().tcp_accepted);

  // Responses are written whole; waiting to coalesce them (Nagle) would
  // only delay the next answer of a pipeline.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  c.fd = fd;
  c.client.address = peer;
  c.client.transport = Transport::Tcp;
  c.input_used = 0;
  c.output_begin = c.output_end = 0;
  c.answered = 0;
  c.peer_closed = c.limit_reached = false;
  c.reading = c.writing = false;
  c.last_progress_ms = now_ms();
  event_assign(&c.read_event, base_, fd, EV_READ | EV_PERSIST, &TcpService::on_readable, &c);
  event_assign(&c.write_event, base_, fd, EV_WRITE | EV_PERSIST, &TcpService::on_writable, &c);
  event_assign(&c.timer_event, base_, -1, 0, &TcpService::on_timer, &c);
  arm_timer(c, options_.timeout);
  update(c);
}

void TcpService::arm_timer(Connection& c, std::chrono::milliseconds after) {
  timeval tv = to_timeval(after);
  event_add(&c.timer_event, &tv);
}

void TcpService::on_readable(evutil_socket_t, short, void* arg) {
  auto& c = *static_cast<Connection*>(arg);
  TcpService& service = *c.service;
  service.read_input(c);
  if (c.fd < 0) return;
  service.serve(c);
}

void TcpService::on_writable(evutil_socket_t, short, void* arg) {
  auto& c = *static_cast<Connection*>(arg);
  TcpService& service = *c.service;
  if (!service.flush_output(c)) return;
  service.serve(c);
}

void TcpService::on_timer(evutil_socket_t, short, void* arg) {
  auto& c = *static_cast<Connection*>(arg);
  TcpService& service = *c.service;
  auto timeout = service.options_.timeout.count();
  int64_t idle = now_ms() - c.last_progress_ms;
  if (idle >= timeout) {
    bump(service.counters_.server().tcp_closed_idle);
    log_detail("TCP connection from %s timed out", to_string(c.client.address).c_str());
    service.close_connection(c);
    return;
  }
  service.arm_timer(c, std::chrono::milliseconds(timeout - idle));
}

void TcpService::read_input(Connection& c) {
  if (c.input_used >= kInputSize) return;
  ssize_t n;
  do {
    n = ::read(c.fd, c.input + c.input_used, kInputSize - c.input_used);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    c.input_used += size_t(n);
    c.last_progress_ms = now_ms();
  } else if (n == 0) {
    c.peer_closed = true;
  } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
    close_connection(c);
  }
}

// Answers what is complete in the input, as long as the output has room;
// each time the kernel takes all the output, there is room again.
void TcpService::serve(Connection& c) {
  do {
    answer_queries(c);
    if (!flush_output(c)) return;
  } while (has_answerable_query(c) && has_room_to_answer(c));
  update(c);
}

bool TcpService::has_room_to_answer(const Connection& c) {
  return kOutputSize - (c.output_end - c.output_begin) >= kFrameMax;
}

void TcpService::answer_queries(Connection& c) {
  size_t offset = 0;
  while (!c.limit_reached && c.input_used - offset >= 2) {
    size_t length = frame_length(c.input + offset);
    if (length == 0) {
      // No DNS message is empty: the peer does not speak DNS over TCP.
      close_connection(c);
      return;
    }
    if (c.input_used - offset < 2 + length) break;
    if (kOutputSize - c.output_end < kFrameMax && c.output_begin > 0) {
      std::memmove(c.output, c.output + c.output_begin, c.output_end - c.output_begin);
      c.output_end -= c.output_begin;
      c.output_begin = 0;
    }
    if (kOutputSize - c.output_end < kFrameMax) break;  // the client must read first

    std::span<const uint8_t> query(c.input + offset + 2, length);
    std::span<uint8_t> response(c.output + c.output_end + 2, kMessageMax);
    AnswerResult result = handler_(query, c.client, response);
    counters_.count(query, c.client, result, response);
    if (result.disposition == Disposition::Send && result.length <= kMessageMax) {
      c.output[c.output_end] = uint8_t(result.length >> 8);
      c.output[c.output_end + 1] = uint8_t(result.length);
      c.output_end += 2 + result.length;
    }
    offset += 2 + length;
    ++c.answered;
    if (options_.query_count != 0 && c.answered >= options_.query_count) c.limit_reached = true;
  }
  if (offset > 0) {
    std::memmove(c.input, c.input + offset, c.input_used - offset);
    c.input_used -= offset;
  }
}

bool TcpService::flush_output(Connection& c) {
  if (c.fd < 0) return false;
  while (c.output_begin < c.output_end) {
    ssize_t n = ::send(c.fd, c.output + c.output_begin, c.output_end - c.output_begin, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.output_begin += size_t(n);
      c.last_progress_ms = now_ms();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    close_connection(c);  // reset by the peer, or it went away
    return false;
  }
  if (c.output_begin == c.output_end) c.output_begin = c.output_end = 0;
  return true;
}

bool TcpService::has_answerable_query(const Connection& c) const {
  if (c.limit_reached || c.input_used < 2) return false;
  return c.input_used >= 2 + frame_length(c.input);
}

void TcpService::update(Connection& c) {
  bool output_pending = c.output_begin < c.output_end;
  bool finished = c.peer_closed || c.limit_reached;
  if (finished && !output_pending && !has_answerable_query(c)) {
    close_connection(c);
    return;
  }
  bool want_read = !finished && has_room_to_answer(c) && c.input_used < kInputSize;
  if (want_read != c.reading) {
    want_read ? event_add(&c.read_event, nullptr) : event_del(&c.read_event);
    c.reading = want_read;
  }
  if (output_pending != c.writing) {
    output_pending ? event_add(&c.write_event, nullptr) : event_del(&c.write_event);
    c.writing = output_pending;
  }
  // A connection waits in the backlog for a free slot: this one has become
  // idle, so accepting again lets the newcomer take its place.
  if (is_idle(c) && accept_paused_ && !event_pending(&accept_retry_event_, EV_TIMEOUT, nullptr)) resume_accepting();
}

void TcpService::close_connection(Connection& c) {
  if (c.fd < 0) return;
  event_del(&c.read_event);
  event_del(&c.write_event);
  event_del(&c.timer_event);
  ::close(c.fd);
  c.fd = -1;
  c.reading = c.writing = false;
  c.input_used = 0;
  c.output_begin = c.output_end = 0;
  c.next_free = free_;
  free_ = &c;
  --open_count_;
  if (accept_paused_ && !event_pending(&accept_retry_event_, EV_TIMEOUT, nullptr)) resume_accepting();
}

void TcpService::pause_accepting() {
  if (accept_paused_) return;
  accept_paused_ = true;
  for (auto& listener : listeners_) event_del(&listener->accept_event);
}

void TcpService::resume_accepting() {
  if (!accept_paused_) return;
  accept_paused_ = false;
  for (auto& listener : listeners_) event_add(&listener->accept_event, nullptr);
}

}  // namespace lnsd
