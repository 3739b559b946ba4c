#include "daemon.hh"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <cstdio>
#include <optional>

#include "daemonize.hh"
#include "log.hh"
#include "pidfile.hh"
#include "privileges.hh"
#include "shared_region.hh"
#include "sockets.hh"
#include "supervisor.hh"
#include "systemd_notify.hh"

namespace lnsd {
namespace {

LogOptions log_options(const ServerSettings& settings) {
  LogOptions options;
  options.verbosity = settings.verbosity;
  options.time_ascii = settings.log_time_ascii;
  options.time_iso = settings.log_time_iso;
  if (!settings.logfile.empty()) {
    options.destination = LogDestination::File;
    options.file = settings.logfile;
  } else if (settings.log_only_syslog || !settings.foreground) {
    options.destination = LogDestination::Syslog;
  }
  return options;
}

}  // namespace

int run_daemon(const ServerSettings& settings, ZoneLoader& loader, const std::vector<std::string>& warnings) {
  if (auto valid = validate(settings); !valid) {
    std::fprintf(stderr, "lnsd: %s\n", valid.error().message.c_str());
    return 1;
  }
  // Relative paths (log file, pid file) start in zonesdir, as in NSD.
  bool in_zonesdir = !settings.zonesdir.empty() && ::chdir(settings.zonesdir.c_str()) == 0;
  int chdir_error = errno;
  LogOptions logging = log_options(settings);
  if (auto opened = log_open(logging); !opened) {
    std::fprintf(stderr, "lnsd: %s\n", opened.error().message.c_str());
    return 1;
  }
  if (!settings.zonesdir.empty() && !in_zonesdir) {
    log_warning("cannot change directory to zonesdir %s: %s", settings.zonesdir.c_str(), std::strerror(chdir_error));
  }
  for (const auto& warning : warnings) log_warning("%s", warning.c_str());
  StartupReport report;
  // A startup error goes to the log and to the terminal: directly, or
  // through the command waiting for the daemon in the background.
  auto fail = [&](const std::string& message) {
    log_error("%s", message.c_str());
    if (report.waiting()) {
      report.failed(message);
    } else if (logging.destination != LogDestination::Stderr) {
      std::fprintf(stderr, "lnsd: %s\n", message.c_str());
    }
    return 1;
  };

  // A peer that closes its TCP connection must not kill a server.
  signal(SIGPIPE, SIG_IGN);

  auto sockets = open_listening_sockets(settings);
  if (!sockets) return fail(sockets.error().message);

  std::optional<UserIdentity> user;
  if (!settings.username.empty() && geteuid() == 0) {
    auto resolved = resolve_user(settings.username);
    if (!resolved) return fail(resolved.error().message);
    user = *resolved;
  }
  auto notifier = SystemdNotifier::from_environment();
  if (!notifier) return fail(notifier.error().message);

  if (!settings.foreground) {
    auto daemon = daemonize(logging.destination == LogDestination::File ? log_fd() : -1);
    if (!daemon) return fail(daemon.error().message);
    report = std::move(*daemon);
  }

  if (!settings.pidfile.empty()) {
    auto written = write_pidfile(settings.pidfile, getpid(), user ? user->uid : 0, user ? user->gid : 0);
    // A pid file is a convenience for scripts: not a reason to stay down.
    if (!written) log_error("%s", written.error().message.c_str());
  }
  std::string pidfile = path_in_chroot(settings.pidfile, settings.chroot);

  if (user) {
    if (auto prepared = loader.prepare_as_root(settings.chroot, user->uid, user->gid); !prepared) {
      remove_pidfile(settings.pidfile);
      return fail(prepared.error().message);
    }
  }

  auto region = SharedRegion::create(settings.server_count, uint32_t(settings.zone_stats_groups.size()));
  if (!region) return fail(region.error().message);

  if (auto dropped = drop_privileges(user ? &*user : nullptr, settings.chroot); !dropped) {
    remove_pidfile(settings.pidfile);
    return fail(dropped.error().message);
  }
  if (!settings.chroot.empty() && in_zonesdir) {
    std::string inside = path_in_chroot(settings.zonesdir, settings.chroot);
    if (::chdir(inside.c_str()) != 0) log_warning("cannot change directory to %s in the chroot", inside.c_str());
  }
  auto generation = loader.load();
  if (!generation) {
    remove_pidfile(pidfile);
    return fail("cannot load the zones: " + generation.error().message);
  }
  region->header().published_generation.store(*generation, std::memory_order_release);

  auto signals = Supervisor::take_signals();
  if (!signals) {
    remove_pidfile(pidfile);
    return fail(signals.error().message);
  }
  SupervisorOptions options;
  options.server_count = settings.server_count;
  options.tcp.connection_count = settings.tcp_count;
  options.tcp.reject_overflow = settings.tcp_reject_overflow;
  options.tcp.query_count = settings.tcp_query_count;
  options.tcp.timeout = settings.tcp_timeout;
  options.xfrd.statistics = std::chrono::seconds(settings.statistics);
  options.xfrd.zone_stats_groups = settings.zone_stats_groups;
  options.cpu_affinity = settings.cpu_affinity;
  // Children inherit main's CPUs; servers and xfrd then narrow their own.
  if (auto bound = bind_to_cpus(settings.cpu_affinity.for_main()); !bound) log_error("%s", bound.error().message.c_str());
  if (logging.destination == LogDestination::File) options.log_path = path_in_chroot(settings.logfile, settings.chroot);
  options.xfrd.log_path = options.log_path;
  options.pidfile_path = pidfile;
  Supervisor supervisor(options, *sockets, loader, *region, *notifier);
  return supervisor.run(std::move(*signals), report);
}

}  // namespace lnsd
