// Loopback clients for the daemon tests: blocking sockets with deadlines,
// so that a test fails (rather than hangs) when a server does not answer.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/socket_address.hh"
#include "daemon/unique_fd.hh"

namespace lnsd::test {

using namespace std::chrono_literals;
using Bytes = std::vector<uint8_t>;

// A port free for both UDP and TCP on 127.0.0.1 and ::1 right now.
uint16_t free_port();

// Waits until `fd` is readable (or has an error / end of file); false on timeout.
bool wait_readable(int fd, std::chrono::milliseconds timeout);

class UdpClient {
 public:
  explicit UdpClient(int family);
  void send_to(const SocketAddress& server, const Bytes& message);
  // The next datagram, or nullopt after `timeout`.
  std::optional<Bytes> receive(std::chrono::milliseconds timeout = 2000ms, SocketAddress* from = nullptr);
  int fd() const { return fd_.get(); }

 private:
  UniqueFd fd_;
};

class TcpClient {
 public:
  // Connects (blocking, loopback: immediate once the server listens).
  explicit TcpClient(const SocketAddress& server);
  bool connected() const { return fd_.valid(); }
  int fd() const { return fd_.get(); }
  void write_all(const Bytes& bytes);
  // One length-framed message.
  void send_message(const Bytes& message);
  // The next framed message; nullopt on timeout or end of stream.
  std::optional<Bytes> receive_message(std::chrono::milliseconds timeout = 2000ms);
  // True when the server closed the connection (EOF or reset) within `timeout`.
  bool closed_by_peer(std::chrono::milliseconds timeout);
  void shutdown_write();
  void close() { fd_.reset(); }

 private:
  bool read_exact(uint8_t* out, size_t n, std::chrono::steady_clock::time_point deadline);
  UniqueFd fd_;
  bool eof_ = false;
};

Bytes frame(const Bytes& message);

}  // namespace lnsd::test
