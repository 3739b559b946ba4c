// DNS over TCP for one server process (RFC 7766): two-byte length framing,
// any number of queries per connection, answered as they complete
// (pipelining), on non-blocking sockets.
//
// Every connection has a preallocated input buffer (one whole message) and
// an output buffer (two whole messages) from a pool sized by tcp-count. A
// query is answered only when its response is sure to fit in the output
// buffer; when it is full the connection stops reading until the client
// reads. A slow reader therefore fills only its own buffers and never holds
// up the loop or the other connections.
//
// Connections close after tcp-timeout without progress (read or write),
// after tcp-query-count queries once their responses are written, and when
// the client closes its side once the pending responses are written.
//
// At tcp-count connections, a new one takes the place of the connection
// idle for longest (nothing half-read, nothing unwritten: RFC 7766 §6.2.3
// lets a server close idle connections to manage its resources). When none
// is idle, the new connection is closed at once with tcp-reject-overflow,
// else it waits in the kernel's backlog until a connection ends.
#pragma once

#include <event2/event.h>
#include <event2/event_struct.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "page_buffer.hh"
#include "query_handler.hh"
#include "sockets.hh"
#include "stats.hh"

namespace lnsd {

struct TcpOptions {
  unsigned connection_count = 100;  // tcp-count
  bool reject_overflow = false;     // tcp-reject-overflow
  unsigned query_count = 0;         // tcp-query-count; 0 is unlimited
  std::chrono::milliseconds timeout{120'000};
};

class TcpService {
 public:
  static constexpr size_t kMessageMax = 65535;
  static constexpr size_t kFrameMax = 2 + kMessageMax;
  static constexpr size_t kInputSize = kFrameMax;
  static constexpr size_t kOutputSize = 2 * kFrameMax;

  TcpService(event_base* base, const TcpOptions& options, QueryHandler handler, QueryCounters counters);
  TcpService(const TcpService&) = delete;
  TcpService& operator=(const TcpService&) = delete;
  ~TcpService();

  void set_handler(QueryHandler handler) { handler_ = handler; }

  // Accepts connections on a listening socket (not owned).
  void listen(const ServerSocket& socket);

  size_t open_connections() const { return open_count_; }
  bool accepting() const { return !accept_paused_; }

 private:
  struct Connection {
    TcpService* service = nullptr;
    int fd = -1;
    event read_event{};
    event write_event{};
    event timer_event{};
    bool reading = false;
    bool writing = false;
    Client client{};
    uint8_t* input = nullptr;
    size_t input_used = 0;
    uint8_t* output = nullptr;
    size_t output_begin = 0;
    size_t output_end = 0;
    unsigned answered = 0;
    bool peer_closed = false;    // the client shut down its sending side
    bool limit_reached = false;  // tcp-query-count answered
    int64_t last_progress_ms = 0;
    Connection* next_free = nullptr;
  };
  struct Listener {
    TcpService* service = nullptr;
    int fd = -1;
    event accept_event{};
  };

  static void on_accept(evutil_socket_t fd, short what, void* arg);
  static void on_readable(evutil_socket_t fd, short what, void* arg);
  static void on_writable(evutil_socket_t fd, short what, void* arg);
  static void on_timer(evutil_socket_t fd, short what, void* arg);
  static void on_accept_retry(evutil_socket_t fd, short what, void* arg);

  void accept_from(Listener& listener);
  bool make_room();
  bool has_idle_connection() const;
  static bool is_idle(const Connection& c);
  void start(Connection& c, int fd, const sockaddr_storage& peer);
  void read_input(Connection& c);
  void serve(Connection& c);
  void answer_queries(Connection& c);
  static bool has_room_to_answer(const Connection& c);
  bool flush_output(Connection& c);
  void update(Connection& c);
  bool has_answerable_query(const Connection& c) const;
  void close_connection(Connection& c);
  void pause_accepting();
  void resume_accepting();
  void arm_timer(Connection& c, std::chrono::milliseconds after);

  event_base* base_;
  TcpOptions options_;
  QueryHandler handler_;
  QueryCounters counters_;
  PageBuffer pool_;
  std::vector<Connection> connections_;
  Connection* free_ = nullptr;
  size_t open_count_ = 0;
  std::vector<std::unique_ptr<Listener>> listeners_;
  bool accept_paused_ = false;
  event accept_retry_event_{};
};

}  // namespace lnsd
