#include "net_client.hh"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lnsd::test {

namespace {

bool bindable(int family, int type, uint16_t port) {
  UniqueFd fd(::socket(family, type | SOCK_CLOEXEC, 0));
  if (!fd) return false;
  int one = 1;
  if (family == AF_INET6) setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  SocketAddress address = loopback_address(family, port);
  return ::bind(fd.get(), address.get(), address.length) == 0;
}

}  // namespace

uint16_t free_port() {
  for (int attempt = 0; attempt < 100; ++attempt) {
    UniqueFd probe(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    SocketAddress address = loopback_address(AF_INET, 0);
    if (::bind(probe.get(), address.get(), address.length) != 0) continue;
    socklen_t length = sizeof address.storage;
    getsockname(probe.get(), address.get(), &length);
    uint16_t port = address.port();
    probe.reset();
    if (port < 1024) continue;
    if (bindable(AF_INET, SOCK_STREAM, port) && bindable(AF_INET6, SOCK_DGRAM, port) &&
        bindable(AF_INET6, SOCK_STREAM, port) && bindable(AF_INET, SOCK_DGRAM, port)) {
      return port;
    }
  }
  throw std::runtime_error("no free port found");
}

bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, int(timeout.count()));
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

UdpClient::UdpClient(int family) : fd_(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
  if (!fd_) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  // Room for a burst of answers (the default would drop some); the FORCE
  // variant exceeds rmem_max when the tests run as root.
  int size = 4 << 20;
  if (setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) {
    setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
}

void UdpClient::send_to(const SocketAddress& server, const Bytes& message) {
  ssize_t n = ::sendto(fd_.get(), message.data(), message.size(), 0, server.get(), server.length);
  if (n != ssize_t(message.size())) throw std::runtime_error("sendto: " + std::string(std::strerror(errno)));
}

std::optional<Bytes> UdpClient::receive(std::chrono::milliseconds timeout, SocketAddress* from) {
  if (!wait_readable(fd_.get(), timeout)) return std::nullopt;
  Bytes buffer(65536);
  SocketAddress source;
  socklen_t length = sizeof source.storage;
  ssize_t n = ::recvfrom(fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT, source.get(), &length);
  if (n < 0) return std::nullopt;
  source.length = length;
  if (from != nullptr) *from = source;
  buffer.resize(size_t(n));
  return buffer;
}

TcpClient::TcpClient(const SocketAddress& server) : fd_(::socket(server.family(), SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  if (!fd_) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  if (::connect(fd_.get(), server.get(), server.length) != 0) fd_.reset();
}

void TcpClient::write_all(const Bytes& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::send(fd_.get(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("send: " + std::string(std::strerror(errno)));
    done += size_t(n);
  }
}

void TcpClient::send_message(const Bytes& message) { write_all(frame(message)); }

bool TcpClient::read_exact(uint8_t* out, size_t n, std::chrono::steady_clock::time_point deadline) {
  size_t done = 0;
  while (done < n) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !wait_readable(fd_.get(), left)) return false;
    ssize_t got = ::recv(fd_.get(), out + done, n - done, MSG_DONTWAIT);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) {
      eof_ = true;
      return false;
    }
    done += size_t(got);
  }
  return true;
}

std::optional<Bytes> TcpClient::receive_message(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t prefix[2];
  if (!read_exact(prefix, 2, deadline)) return std::nullopt;
  Bytes message(size_t(prefix[0]) << 8 | prefix[1]);
  if (!read_exact(message.data(), message.size(), deadline)) return std::nullopt;
  return message;
}

bool TcpClient::closed_by_peer(std::chrono::milliseconds timeout) {
  if (eof_) return true;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !wait_readable(fd_.get(), left)) return false;
    uint8_t scratch[4096];
    ssize_t got = ::recv(fd_.get(), scratch, sizeof scratch, MSG_DONTWAIT);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return true;  // end of stream or reset
  }
}

void TcpClient::shutdown_write() { ::shutdown(fd_.get(), SHUT_WR); }

Bytes frame(const Bytes& message) {
  Bytes framed(2 + message.size());
  framed[0] = uint8_t(message.size() >> 8);
  framed[1] = uint8_t(message.size());
  std::copy(message.begin(), message.end(), framed.begin() + 2);
  return framed;
}

}  // namespace lnsd::test
