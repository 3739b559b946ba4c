// Main's life after it has dropped privileges: it forks xfrd and the
// servers, replaces any that dies (at once, or one second after its
// previous start when it keeps dying), coordinates reloads on SIGHUP and
// stops everything on SIGTERM or SIGINT.
//
// Main takes its signals through a signalfd, blocked for normal delivery
// since before the first fork: nothing happens inside a signal handler, and
// no signal is lost between two polls. Children unblock them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "channel.hh"
#include "cpu_affinity.hh"
#include "daemonize.hh"
#include "server.hh"
#include "shared_region.hh"
#include "sockets.hh"
#include "systemd_notify.hh"
#include "unique_fd.hh"
#include "xfrd.hh"
#include "zone_loader.hh"

namespace lnsd {

struct SupervisorOptions {
  unsigned server_count = 1;
  TcpOptions tcp;
  XfrdOptions xfrd;
  std::string log_path;      // the log file as seen after chroot; "" when not logging to a file
  std::string pidfile_path;  // as seen after chroot; "" for none
  CpuAffinity cpu_affinity;
};

class Supervisor {
 public:
  Supervisor(const SupervisorOptions& options, SocketSet& sockets, ZoneLoader& loader, SharedRegion& region,
             SystemdNotifier& notifier);
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Blocks the signals main handles. Called before anything is forked.
  static Expected<UniqueFd, Error> take_signals();
  // Starts the children, reports readiness (systemd and `report`) once every
  // server serves, and runs until SIGTERM/SIGINT; returns the exit status (1
  // when a server could not start).
  int run(UniqueFd signals, StartupReport& report);

 private:
  enum class Role : uint8_t { Server, Xfrd };
  struct Child {
    Role role = Role::Server;
    unsigned index = 0;
    pid_t pid = 0;
    UniqueFd channel;          // main's end
    int64_t started_ms = 0;
    int64_t replaced_ms = 0;    // when the last replacement started; 0 before any
    int64_t restart_at_ms = 0;  // when to start a replacement; 0 when none is due
  };

  std::string describe(const Child& child) const;
  bool start(Child& child);
  [[noreturn]] void run_child(Child& child, int child_channel);
  std::string check_started();
  void reap();
  void reload();
  void publish(uint64_t generation);
  void check_reload_done();
  void shutdown();
  int poll_timeout_ms() const;

  SupervisorOptions options_;
  SocketSet& sockets_;
  ZoneLoader& loader_;
  SharedRegion& region_;
  SystemdNotifier& notifier_;
  StartupReport* report_ = nullptr;  // until every server serves
  int64_t startup_deadline_ms_ = 0;
  std::vector<Child> children_;
  UniqueFd signals_;
  bool stopping_ = false;
  uint64_t awaited_generation_ = 0;  // a reload not yet served by every server
  int64_t reload_started_ms_ = 0;
};

}  // namespace lnsd
