// What the daemon's processes and sockets are told to do: the `server:`
// options of lnsd.conf that concern processes, sockets, TCP and logging, with
// NSD's defaults. Filled from lnsd.conf, then overridden by the command line
// (daemon/command_line.hh), as NSD does. Options that show on the wire
// (identity, nsid, edns sizes...) belong to the answer path's AnswerConfig.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cpu_affinity.hh"
#include "util/expected.hh"

namespace lnsd {

// One ip-address: line.
struct ListenSpec {
  std::string address;  // "address" or "address@port"
  // servers=: the server processes (1-based, inclusive ranges) that listen
  // here; empty means all.
  std::vector<std::pair<unsigned, unsigned>> servers;
};

struct ServerSettings {
  // Files.
  std::string config_file = "/etc/lnsd/lnsd.conf";
  std::string pidfile = "/run/lnsd/lnsd.pid";  // "" writes none
  std::string logfile;                          // "" logs to syslog, or to stderr in the foreground
  bool log_only_syslog = false;
  bool log_time_ascii = true;
  bool log_time_iso = false;  // ISO 8601 times (with log-time-ascii)
  std::string zonesdir;       // the working directory; relative paths start there
  int verbosity = 0;

  // Processes.
  bool foreground = false;  // -d, debug-mode: no fork into the background
  unsigned server_count = 1;
  std::string username = "lnsd";  // "" keeps the current user; also "uid" or "uid.gid"
  std::string chroot;             // "" for none
  bool use_systemd = false;       // accepted; readiness is sent whenever NOTIFY_SOCKET is set
  unsigned statistics = 0;        // seconds between statistics log lines; 0 for none
  CpuAffinity cpu_affinity;
  // The zonestats groups (daemon/answer_config.hh zone_stats_groups): one
  // set of per-zone counters each, in every server's statistics slot.
  std::vector<std::string> zone_stats_groups;

  // Sockets.
  std::vector<ListenSpec> ip_addresses;  // none means the wildcard addresses
  uint16_t port = 53;
  bool do_ip4 = true;
  bool do_ip6 = true;
  bool reuseport = false;  // one socket per server with SO_REUSEPORT
  bool ip_freebind = false;
  bool ip_transparent = false;
  int send_buffer_size = 0;     // bytes; 0 uses the built-in 4 MiB (UDP)
  int receive_buffer_size = 0;  // bytes; 0 uses the built-in 1 MiB (UDP)
  int tcp_listen_queue = 0;     // listen(2) backlog; 0 uses the built-in 256

  // TCP (RFC 7766). The timeout is also what the answer path advertises in
  // the EDNS TCP keepalive option (RFC 7828, in units of 100 ms).
  unsigned tcp_count = 100;       // connections per server
  bool tcp_reject_overflow = false;
  unsigned tcp_query_count = 0;   // queries per connection; 0 is unlimited
  std::chrono::milliseconds tcp_timeout{120'000};
};

// Checks the ranges: what the kernel or the process model cannot do.
Expected<void, Error> validate(const ServerSettings& settings);

}  // namespace lnsd
