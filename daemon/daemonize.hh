// Going into the background as init scripts expect: `lnsd` returns only once
// the daemon serves (status 0) or has failed to start (its error on stderr,
// status 1), so a failing start is never silent.
#pragma once

#include <string>

#include "unique_fd.hh"
#include "util/expected.hh"

namespace lnsd {

// The daemon's side of the promise made to the waiting command. In the
// foreground there is nobody waiting and both calls do nothing.
class StartupReport {
 public:
  StartupReport() = default;
  explicit StartupReport(UniqueFd pipe) : pipe_(std::move(pipe)) {}
  // Whether a command waits for this report.
  bool waiting() const { return pipe_.valid(); }
  void succeeded();
  void failed(const std::string& message);
  // In a child of the daemon: only main reports.
  void close() { pipe_.reset(); }

 private:
  UniqueFd pipe_;
};

// Forks; the parent waits for the child's report and exits with it. The
// child leaves the terminal (setsid), points stdin and stdout at /dev/null,
// and stderr at `stderr_fd` (the log file) or /dev/null when -1.
Expected<StartupReport, Error> daemonize(int stderr_fd);

}  // namespace lnsd
