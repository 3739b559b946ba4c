#include "daemonize.hh"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lnsd {
namespace {

// The report: '0' when serving; '1' and a message when startup failed.
// The first byte decides, so the command returns at once even though the
// daemon's children hold copies of the pipe.
constexpr char kServing = '0';
constexpr char kFailed = '1';

[[noreturn]] void wait_for_report(int fd) {
  std::string report;
  char buffer[512];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    report.append(buffer, size_t(n));
    if (report[0] == kServing) _exit(0);
  }
  std::string message = report.size() > 1 ? report.substr(1) : "the daemon exited during startup (see the log)";
  std::fprintf(stderr, "lnsd: %s\n", message.c_str());
  _exit(1);
}

}  // namespace

void StartupReport::succeeded() {
  if (!pipe_) return;
  ssize_t n = ::write(pipe_.get(), &kServing, 1);
  (void)n;
  pipe_.reset();
}

void StartupReport::failed(const std::string& message) {
  if (!pipe_) return;
  std::string report = kFailed + message;
  ssize_t n = ::write(pipe_.get(), report.data(), report.size());
  (void)n;
  pipe_.reset();
}

Expected<StartupReport, Error> daemonize(int stderr_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return unexpected(Error{std::string("cannot create a pipe: ") + std::strerror(errno)});
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return unexpected(Error{std::string("cannot fork: ") + std::strerror(errno)});
  if (pid > 0) {
    write_end.reset();
    wait_for_report(read_end.get());
  }
  read_end.reset();
  ::setsid();
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(stderr_fd >= 0 ? stderr_fd : null, STDERR_FILENO);
    if (null > STDERR_FILENO) ::close(null);
  }
  return StartupReport(std::move(write_end));
}

}  // namespace lnsd
