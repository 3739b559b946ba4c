#include "channel.hh"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace lnsd {

Expected<ChannelPair, Error> make_channel() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
    return unexpected(Error{std::string("cannot create a command channel: ") + std::strerror(errno)});
  }
  return ChannelPair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

bool send_message(int fd, const ChannelMessage& message) {
  ssize_t n;
  do {
    n = ::send(fd, &message, sizeof message, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n == ssize_t(sizeof message);
}

ReceiveStatus receive_message(int fd, ChannelMessage& message) {
  for (;;) {
    ssize_t n = ::recv(fd, &message, sizeof message, MSG_DONTWAIT);
    if (n == ssize_t(sizeof message)) return ReceiveStatus::Message;
    if (n == 0) return ReceiveStatus::Closed;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReceiveStatus::Empty;
    // A message of the wrong size or a broken socket: the peer cannot be
    // trusted to speak the protocol any more.
    return ReceiveStatus::Closed;
  }
}

}  // namespace lnsd
