// The kernel's floor for the daemon benchmark: echoes every datagram back
// with QR set, in batches of 64 with recvmmsg/sendmmsg, doing nothing else.
// Its CPU time per query is what receiving and sending a datagram costs;
// no DNS server can spend less.
//
//   udp_reflector [-p port] [-a address] [-N processes]
//
// With -N, that many processes each bind their own SO_REUSEPORT socket,
// like lnsd's servers with reuseport. Stops on SIGTERM or SIGINT.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr unsigned kBatch = 64;
constexpr size_t kMessageSize = 65535;

volatile sig_atomic_t stopping = 0;
void on_stop(int) { stopping = 1; }

int open_socket(const std::string& address, uint16_t port) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family;
  if (inet_pton(AF_INET, address.c_str(), &reinterpret_cast<sockaddr_in&>(storage).sin_addr) == 1) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(storage);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    length = sizeof v4;
    family = AF_INET;
  } else if (inet_pton(AF_INET6, address.c_str(), &reinterpret_cast<sockaddr_in6&>(storage).sin6_addr) == 1) {
    auto& v6 = reinterpret_cast<sockaddr_in6&>(storage);
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    length = sizeof v6;
    family = AF_INET6;
  } else {
    std::fprintf(stderr, "udp_reflector: not an address: %s\n", address.c_str());
    return -1;
  }
  int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int one = 1;
  int buffer = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    std::fprintf(stderr, "udp_reflector: cannot bind %s port %u: %s\n", address.c_str(), unsigned(port),
                 std::strerror(errno));
    return -1;
  }
  return fd;
}

// Blocking receive of a batch, one send of the same batch: the buffers and
// addresses received are sent back in place.
int reflect(int fd) {
  std::vector<uint8_t> buffers(kBatch * kMessageSize);
  std::array<mmsghdr, kBatch> messages{};
  std::array<iovec, kBatch> iov{};
  std::array<sockaddr_storage, kBatch> peers{};
  while (!stopping) {
    for (unsigned i = 0; i < kBatch; ++i) {
      iov[i] = iovec{buffers.data() + i * kMessageSize, kMessageSize};
      messages[i].msg_hdr = msghdr{};
      messages[i].msg_hdr.msg_name = &peers[i];
      messages[i].msg_hdr.msg_namelen = sizeof peers[i];
      messages[i].msg_hdr.msg_iov = &iov[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fd, messages.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) continue;  // EINTR when stopping
    for (int i = 0; i < n; ++i) {
      iov[i].iov_len = messages[i].msg_len;
      if (messages[i].msg_len > 2) buffers[size_t(i) * kMessageSize + 2] |= 0x80;  // QR
    }
    for (int sent = 0; sent < n;) {
      int m = sendmmsg(fd, messages.data() + sent, unsigned(n - sent), 0);
      if (m <= 0) {
        if (m < 0 && errno == EINTR && stopping) break;
        ++sent;  // skip the one that failed
        continue;
      }
      sent += m;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string address = "127.0.0.1";
  uint16_t port = 5353;
  int processes = 1;
  for (int opt; (opt = getopt(argc, argv, "a:p:N:h")) != -1;) {
    switch (opt) {
      case 'a': address = optarg; break;
      case 'p': port = uint16_t(std::atoi(optarg)); break;
      case 'N': processes = std::max(1, std::atoi(optarg)); break;
      default:
        std::fprintf(stderr, "usage: udp_reflector [-a address] [-p port] [-N processes]\n");
        return opt == 'h' ? 0 : 1;
    }
  }
  struct sigaction stop{};
  stop.sa_handler = on_stop;  // no SA_RESTART: recvmmsg returns on a signal
  sigaction(SIGTERM, &stop, nullptr);
  sigaction(SIGINT, &stop, nullptr);

  std::vector<pid_t> children;
  for (int i = 0; i < processes; ++i) {
    int fd = open_socket(address, port);
    if (fd < 0) return 1;
    if (processes == 1) return reflect(fd);
    pid_t pid = fork();
    if (pid == 0) return reflect(fd);
    close(fd);
    children.push_back(pid);
  }
  while (!stopping) pause();
  for (pid_t pid : children) kill(pid, SIGTERM);
  for (pid_t pid : children) waitpid(pid, nullptr, 0);
  return 0;
}
