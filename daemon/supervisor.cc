#include "supervisor.hh"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "lnsd_config.h"
#include "log.hh"
#include "pidfile.hh"

namespace lnsd {
namespace {

// A dead child is replaced at once, but replacements of one child start at
// least this far apart, so a child that cannot run does not fork in a loop.
constexpr int64_t kRestartInterval = 1000;
// How long children get to exit on SIGTERM before SIGKILL.
constexpr int64_t kStopGrace = 3000;
// How often main looks whether every server serves a new generation, and
// how long before it says that one does not.
constexpr int kReloadPoll = 20;
// How often main looks whether every server has started, and for how long.
constexpr int kStartupPoll = 5;
constexpr int64_t kStartupLimit = 30'000;
constexpr int64_t kReloadWarning = 10'000;

int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

std::string exit_cause(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = sigabbrev_np(WTERMSIG(status));
    return "was killed by signal " + std::to_string(WTERMSIG(status)) + (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "stopped (status " + std::to_string(status) + ")";
}

}  // namespace

Supervisor::Supervisor(const SupervisorOptions& options, SocketSet& sockets, ZoneLoader& loader,
                       SharedRegion& region, SystemdNotifier& notifier)
    : options_(options), sockets_(sockets), loader_(loader), region_(region), notifier_(notifier) {
  children_.push_back(Child{Role::Xfrd, 0, 0, {}, 0, 0, 0});
  for (unsigned i = 0; i < options_.server_count; ++i) children_.push_back(Child{Role::Server, i, 0, {}, 0, 0, 0});
}

Expected<UniqueFd, Error> Supervisor::take_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&set, signal);
  if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
    return unexpected(Error{std::string("cannot block signals: ") + std::strerror(errno)});
  }
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return unexpected(Error{std::string("cannot create a signalfd: ") + std::strerror(errno)});
  return UniqueFd(fd);
}

std::string Supervisor::describe(const Child& child) const {
  return child.role == Role::Xfrd ? std::string("xfrd") : "server " + std::to_string(child.index + 1);
}

int Supervisor::run(UniqueFd signals, StartupReport& report) {
  signals_ = std::move(signals);
  report_ = &report;
  startup_deadline_ms_ = now_ms() + kStartupLimit;
  for (auto& child : children_) start(child);

  int status = 0;
  while (!stopping_) {
    pollfd p{signals_.get(), POLLIN, 0};
    int n = ::poll(&p, 1, poll_timeout_ms());
    if (n < 0 && errno != EINTR) {
      log_error("poll failed: %s", std::strerror(errno));
      break;
    }
    bool terminate = false;
    bool hangup = false;
    bool child_died = false;
    signalfd_siginfo info;
    while (::read(signals_.get(), &info, sizeof info) == ssize_t(sizeof info)) {
      switch (info.ssi_signo) {
        case SIGTERM:
        case SIGINT: terminate = true; break;
        case SIGHUP: hangup = true; break;
        case SIGCHLD: child_died = true; break;
      }
    }
    if (terminate) {
      log_notice("stopping on SIGTERM/SIGINT");
      break;
    }
    if (child_died) reap();
    if (report_ != nullptr) {
      if (auto failure = check_started(); !failure.empty()) {
        log_error("%s", failure.c_str());
        report_->failed(failure);
        status = 1;
        break;
      }
      continue;  // no reload before every server serves
    }
    if (hangup) reload();
    int64_t now = now_ms();
    for (auto& child : children_) {
      if (child.pid == 0 && child.restart_at_ms != 0 && child.restart_at_ms <= now) start(child);
    }
    check_reload_done();
  }
  shutdown();
  return status;
}

// Startup is done when every server has opened its zones and serves: only
// then do systemd and the waiting command hear that lnsd is ready. Returns
// why startup failed, or "" while it goes on or once it is done.
std::string Supervisor::check_started() {
  for (const auto& child : children_) {
    if (child.role == Role::Server && child.pid == 0) {
      return describe(child) + " failed to start (see the log)";
    }
  }
  for (unsigned i = 0; i < options_.server_count; ++i) {
    if (region_.slot(i).pid.load(std::memory_order_acquire) == 0) {
      if (now_ms() > startup_deadline_ms_) return "the servers did not start within " + std::to_string(kStartupLimit / 1000) + " s";
      return "";
    }
  }
  log_notice("lnsd %s started: %u server%s, zone generation %" PRIu64, LNSD_VERSION, options_.server_count,
             options_.server_count == 1 ? "" : "s",
             region_.header().published_generation.load(std::memory_order_relaxed));
  notifier_.notify("READY=1\nMAINPID=" + std::to_string(getpid()) + "\nSTATUS=serving");
  report_->succeeded();
  report_ = nullptr;
  return "";
}

int Supervisor::poll_timeout_ms() const {
  if (report_ != nullptr) return kStartupPoll;
  int64_t timeout = -1;
  int64_t now = now_ms();
  for (const auto& child : children_) {
    if (child.pid == 0 && child.restart_at_ms != 0) {
      int64_t wait = std::max<int64_t>(0, child.restart_at_ms - now);
      timeout = timeout < 0 ? wait : std::min(timeout, wait);
    }
  }
  if (awaited_generation_ != 0) timeout = timeout < 0 ? kReloadPoll : std::min<int64_t>(timeout, kReloadPoll);
  return int(timeout);
}

bool Supervisor::start(Child& child) {
  auto channel = make_channel();
  if (!channel) {
    log_error("cannot start %s: %s", describe(child).c_str(), channel.error().message.c_str());
    child.restart_at_ms = now_ms() + kRestartInterval;
    return false;
  }
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    log_error("cannot start %s: fork: %s", describe(child).c_str(), std::strerror(errno));
    child.restart_at_ms = now_ms() + kRestartInterval;
    return false;
  }
  if (pid == 0) {
    channel->main_end.reset();
    run_child(child, channel->child_end.release());
  }
  bool replacement = child.started_ms != 0;
  child.pid = pid;
  child.channel = std::move(channel->main_end);
  child.started_ms = now_ms();
  if (replacement) child.replaced_ms = child.started_ms;
  child.restart_at_ms = 0;
  log_detail("started %s (pid %d)", describe(child).c_str(), int(pid));
  return true;
}

void Supervisor::run_child(Child& child, int channel) {
  // Main's signal handling is not the child's: default dispositions, with
  // SIGTERM (from main) the way to stop. SIGINT and SIGHUP reach the whole
  // process group from a terminal; main decides what they mean.
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGCHLD, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signals_.reset();
  // Main's ends of every channel: a child holding one would keep another
  // child from seeing main's death.
  for (auto& other : children_) other.channel.reset();
  sockets_.keep_only(child.role == Role::Server ? int(child.index) : -1);
  notifier_.close();
  if (report_ != nullptr) report_->close();

  std::string name = child.role == Role::Xfrd ? "lnsd-xfrd" : "lnsd-server-" + std::to_string(child.index + 1);
  prctl(PR_SET_NAME, name.c_str());
  // Stop with main, whatever way main ends.
  prctl(PR_SET_PDEATHSIG, SIGTERM);

  const auto cpus = child.role == Role::Xfrd ? options_.cpu_affinity.for_xfrd()
                                              : options_.cpu_affinity.for_server(child.index);
  if (auto bound = bind_to_cpus(cpus); !bound) {
    log_error("%s: %s", describe(child).c_str(), bound.error().message.c_str());
  } else if (!cpus.empty()) {
    log_detail("%s: bound to cpu %s", describe(child).c_str(), cpu_list_text(cpus).c_str());
  }

  int status;
  if (child.role == Role::Xfrd) {
    status = run_xfrd_process(options_.xfrd, region_, channel);
  } else {
    ServerProcessOptions server;
    server.index = child.index;
    server.tcp = options_.tcp;
    server.log_path = options_.log_path;
    status = run_server_process(server, sockets_.for_server(child.index), loader_, region_, channel);
  }
  std::fflush(nullptr);
  _exit(status);
}

void Supervisor::reap() {
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    auto it = std::find_if(children_.begin(), children_.end(), [pid](const Child& c) { return c.pid == pid; });
    if (it == children_.end()) continue;
    Child& child = *it;
    child.pid = 0;
    child.channel.reset();
    if (child.role == Role::Server) region_.slot(child.index).pid.store(0, std::memory_order_release);
    if (stopping_) {
      log_detail("%s (pid %d) %s", describe(child).c_str(), int(pid), exit_cause(status).c_str());
      continue;
    }
    if (report_ != nullptr && child.role == Role::Server) {
      // A server that cannot start: startup fails (check_started says so).
      log_error("%s (pid %d) %s during startup", describe(child).c_str(), int(pid), exit_cause(status).c_str());
      continue;
    }
    child.restart_at_ms = child.replaced_ms == 0 ? now_ms() : std::max(now_ms(), child.replaced_ms + kRestartInterval);
    log_warning("%s (pid %d) %s; starting a replacement", describe(child).c_str(), int(pid),
                exit_cause(status).c_str());
  }
}

void Supervisor::reload() {
  notifier_.notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(now_ms() * 1000));
  // The log first: a rotated log file gets this reload's lines.
  if (!options_.log_path.empty()) {
    if (auto reopened = log_reopen(options_.log_path); !reopened) log_error("%s", reopened.error().message.c_str());
  }
  log_notice("reload requested (SIGHUP)");
  for (auto& child : children_) {
    if (child.pid != 0) send_message(child.channel.get(), ChannelMessage{ChannelCommand::ReopenLog, 0, 0});
  }
  uint64_t current = region_.header().published_generation.load(std::memory_order_relaxed);
  auto generation = loader_.reload();
  if (!generation) {
    log_error("reload failed, still serving zone generation %" PRIu64 ": %s", current,
              generation.error().message.c_str());
  } else if (*generation == current) {
    log_info("reload: no zone changed");
  } else {
    publish(*generation);
    return;
  }
  notifier_.notify("READY=1");
}

void Supervisor::publish(uint64_t generation) {
  region_.header().published_generation.store(generation, std::memory_order_release);
  region_.header().reloads_started.fetch_add(1, std::memory_order_relaxed);
  for (auto& child : children_) {
    if (child.role != Role::Server || child.pid == 0) continue;
    if (!send_message(child.channel.get(), ChannelMessage{ChannelCommand::Publish, 0, generation})) {
      // It reads the published generation from the shared region when it
      // is replaced; until then it keeps the old zones.
      log_error("cannot tell %s to switch to zone generation %" PRIu64 ": %s", describe(child).c_str(), generation,
                std::strerror(errno));
    }
  }
  awaited_generation_ = generation;
  reload_started_ms_ = now_ms();
  log_info("publishing zone generation %" PRIu64, generation);
  check_reload_done();
}

void Supervisor::check_reload_done() {
  if (awaited_generation_ == 0) return;
  if (region_.all_serving(awaited_generation_)) {
    log_notice("reload done: every server serves zone generation %" PRIu64 " (%" PRId64 " ms)", awaited_generation_,
               now_ms() - reload_started_ms_);
    notifier_.notify("READY=1");
    awaited_generation_ = 0;
    return;
  }
  if (now_ms() - reload_started_ms_ > kReloadWarning) {
    log_warning("reload: not every server serves zone generation %" PRIu64 " after %" PRId64 " ms",
                awaited_generation_, kReloadWarning);
    notifier_.notify("READY=1");
    awaited_generation_ = 0;
  }
}

void Supervisor::shutdown() {
  stopping_ = true;
  notifier_.notify("STOPPING=1");
  for (auto& child : children_) {
    if (child.pid != 0) ::kill(child.pid, SIGTERM);
  }
  int64_t deadline = now_ms() + kStopGrace;
  auto running = [this] {
    return std::any_of(children_.begin(), children_.end(), [](const Child& c) { return c.pid != 0; });
  };
  while (running() && now_ms() < deadline) {
    pollfd p{signals_.get(), POLLIN, 0};
    ::poll(&p, 1, 50);
    signalfd_siginfo info;
    while (::read(signals_.get(), &info, sizeof info) == ssize_t(sizeof info)) {
    }
    reap();
  }
  for (auto& child : children_) {
    if (child.pid == 0) continue;
    log_warning("%s (pid %d) did not stop in time, killing it", describe(child).c_str(), int(child.pid));
    ::kill(child.pid, SIGKILL);
    ::waitpid(child.pid, nullptr, 0);
    child.pid = 0;
  }
  remove_pidfile(options_.pidfile_path);
  log_notice("stopped");
}

}  // namespace lnsd
