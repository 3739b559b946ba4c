#include "systemd_notify.hh"

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace lnsd {

Expected<SystemdNotifier, Error> SystemdNotifier::from_environment() {
  SystemdNotifier notifier;
  const char* name = std::getenv("NOTIFY_SOCKET");
  if (name == nullptr || name[0] == '\0') return notifier;
  std::string_view path(name);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path || (path[0] != '/' && path[0] != '@')) {
    return unexpected(Error{"NOTIFY_SOCKET is not a socket path: " + std::string(path)});
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  // "@name" is a socket in the abstract namespace: a leading NUL byte.
  if (path[0] == '@') address.sun_path[0] = '\0';
  socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + (path[0] == '@' ? 0 : 1));
  notifier.fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!notifier.fd_) return unexpected(Error{std::string("cannot create a socket: ") + std::strerror(errno)});
  if (::connect(notifier.fd_.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) {
    return unexpected(Error{"cannot connect to NOTIFY_SOCKET " + std::string(path) + ": " + std::strerror(errno)});
  }
  return notifier;
}

bool SystemdNotifier::notify(std::string_view state) const {
  if (!enabled()) return false;
  return ::send(fd_.get(), state.data(), state.size(), MSG_NOSIGNAL | MSG_DONTWAIT) == ssize_t(state.size());
}

}  // namespace lnsd
