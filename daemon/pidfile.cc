#include "pidfile.hh"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log.hh"
#include "unique_fd.hh"

namespace lnsd {

Expected<void, Error> write_pidfile(const std::string& path, pid_t pid, uid_t owner, gid_t group) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd) return unexpected(Error{"cannot write pid file " + path + ": " + std::strerror(errno)});
  std::string text = std::to_string(pid) + "\n";
  if (::write(fd.get(), text.data(), text.size()) != ssize_t(text.size())) {
    return unexpected(Error{"cannot write pid file " + path + ": " + std::strerror(errno)});
  }
  if (geteuid() == 0 && (owner != 0 || group != 0) && ::fchown(fd.get(), owner, group) != 0) {
    log_warning("cannot give pid file %s to the server's user: %s", path.c_str(), std::strerror(errno));
  }
  return {};
}

void remove_pidfile(const std::string& path) {
  if (path.empty()) return;
  if (::unlink(path.c_str()) == 0 || errno == ENOENT) return;
  int saved = errno;
  if (::truncate(path.c_str(), 0) == 0) {
    log_detail("cannot remove pid file %s (%s), emptied it", path.c_str(), std::strerror(saved));
    return;
  }
  log_warning("cannot remove pid file %s: %s", path.c_str(), std::strerror(saved));
}

}  // namespace lnsd
