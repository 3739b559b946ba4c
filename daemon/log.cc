#include "log.hh"

#include <fcntl.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace lnsd {
namespace {

struct LogState {
  LogDestination destination = LogDestination::Stderr;
  int fd = STDERR_FILENO;
  int verbosity = 0;
  bool time_ascii = true;
  bool time_iso = false;
  // openlog() keeps this pointer: a child renames itself by rewriting the
  // buffer, without reconnecting to /dev/log (unreachable after chroot).
  char ident[64] = "lnsd";
};

LogState state;

int level_verbosity(LogLevel level) {
  switch (level) {
    case LogLevel::Error:
    case LogLevel::Warning:
    case LogLevel::Notice: return 0;
    case LogLevel::Info: return 1;
    case LogLevel::Detail: return 2;
    case LogLevel::Debug: return 3;
  }
  return 3;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return "error";
    case LogLevel::Warning: return "warning";
    case LogLevel::Notice: return "notice";
    case LogLevel::Info: return "info";
    case LogLevel::Detail: return "info";
    case LogLevel::Debug: return "debug";
  }
  return "debug";
}

int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return LOG_ERR;
    case LogLevel::Warning: return LOG_WARNING;
    case LogLevel::Notice: return LOG_NOTICE;
    case LogLevel::Info:
    case LogLevel::Detail: return LOG_INFO;
    case LogLevel::Debug: return LOG_DEBUG;
  }
  return LOG_DEBUG;
}

void copy_ident(const std::string& ident) {
  std::snprintf(state.ident, sizeof state.ident, "%s", ident.c_str());
}

void write_line(LogLevel level, const char* format, va_list args) {
  if (state.destination == LogDestination::Syslog) {
    char message[1024];
    std::vsnprintf(message, sizeof message, format, args);
    syslog(syslog_priority(level), "%s: %s", level_name(level), message);
    return;
  }
  char line[1280];
  size_t used = 0;
  auto append = [&](int n) {
    if (n > 0) used = std::min(sizeof line - 2, used + size_t(n));
  };
  timeval now{};
  gettimeofday(&now, nullptr);
  if (state.time_ascii) {
    tm local{};
    localtime_r(&now.tv_sec, &local);
    char stamp[32];
    strftime(stamp, sizeof stamp, state.time_iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &local);
    char zone[8] = "";
    if (state.time_iso) {
      // RFC 3339's offset form: +hh:mm.
      char offset[8];
      strftime(offset, sizeof offset, "%z", &local);
      std::snprintf(zone, sizeof zone, "%.3s:%.2s", offset, offset + 3);
    }
    append(std::snprintf(line, sizeof line - 2, "[%s.%03d%s] ", stamp, int(now.tv_usec / 1000), zone));
  } else {
    append(std::snprintf(line, sizeof line - 2, "[%lld] ", static_cast<long long>(now.tv_sec)));
  }
  append(std::snprintf(line + used, sizeof line - 2 - used, "%s[%d]: %s: ", state.ident, int(getpid()),
                       level_name(level)));
  append(std::vsnprintf(line + used, sizeof line - 2 - used, format, args));
  line[used++] = '\n';
  // One write per line; a short write to a log is not worth retrying.
  ssize_t written = ::write(state.fd, line, used);
  (void)written;
}

}  // namespace

Expected<void, Error> log_open(const LogOptions& options) {
  state.verbosity = options.verbosity;
  state.time_ascii = options.time_ascii;
  state.time_iso = options.time_iso;
  copy_ident(options.ident);
  switch (options.destination) {
    case LogDestination::Stderr:
      state.destination = LogDestination::Stderr;
      state.fd = STDERR_FILENO;
      return {};
    case LogDestination::File: {
      int fd = ::open(options.file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) {
        return unexpected(Error{"cannot open log file " + options.file + ": " + std::strerror(errno)});
      }
      if (state.destination == LogDestination::File && state.fd >= 0) ::close(state.fd);
      state.destination = LogDestination::File;
      state.fd = fd;
      return {};
    }
    case LogDestination::Syslog:
      // LOG_NDELAY connects now, while /dev/log is still reachable (before chroot).
      openlog(state.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
      state.destination = LogDestination::Syslog;
      state.fd = -1;
      return {};
  }
  return {};
}

Expected<void, Error> log_reopen(const std::string& path) {
  if (state.destination != LogDestination::File) return {};
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return unexpected(Error{"cannot reopen log file " + path + ": " + std::strerror(errno)});
  // dup3 keeps the descriptor number, so a stderr redirected to the log
  // follows the new file too.
  if (::dup3(fd, state.fd, O_CLOEXEC) < 0) {
    int saved = errno;
    ::close(fd);
    return unexpected(Error{"cannot reopen log file " + path + ": " + std::strerror(saved)});
  }
  ::close(fd);
  return {};
}

void log_set_ident(const std::string& ident) { copy_ident(ident); }
void log_set_verbosity(int verbosity) { state.verbosity = verbosity; }
int log_verbosity() { return state.verbosity; }
bool log_enabled(LogLevel level) { return level_verbosity(level) <= state.verbosity; }
int log_fd() { return state.fd; }

void log_message(LogLevel level, const char* format, ...) {
  if (!log_enabled(level)) return;
  int saved = errno;
  va_list args;
  va_start(args, format);
  write_line(level, format, args);
  va_end(args);
  errno = saved;
}

#define LNSD_LOG_FUNCTION(name, level)          \
  void name(const char* format, ...) {          \
    if (!log_enabled(level)) return;            \
    int saved = errno;                          \
    va_list args;                               \
    va_start(args, format);                     \
    write_line(level, format, args);            \
    va_end(args);                               \
    errno = saved;                              \
  }

LNSD_LOG_FUNCTION(log_error, LogLevel::Error)
LNSD_LOG_FUNCTION(log_warning, LogLevel::Warning)
LNSD_LOG_FUNCTION(log_notice, LogLevel::Notice)
LNSD_LOG_FUNCTION(log_info, LogLevel::Info)
LNSD_LOG_FUNCTION(log_detail, LogLevel::Detail)
LNSD_LOG_FUNCTION(log_debug, LogLevel::Debug)

#undef LNSD_LOG_FUNCTION

}  // namespace lnsd
