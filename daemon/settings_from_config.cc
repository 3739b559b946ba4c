#include "settings_from_config.hh"

#include <algorithm>
#include <climits>

#include "conf/zone_stats.hh"

namespace lnsd {
namespace {

int clamp_int(uint32_t value) { return int(std::min<uint32_t>(value, INT_MAX)); }

}  // namespace

Expected<ServerSettings, Error> settings_from_config(const conf::Config& config) {
  const conf::ServerOptions& server = config.server;
  ServerSettings settings;
  settings.config_file = config.file;
  settings.pidfile = server.pidfile;
  settings.logfile = server.logfile.value_or("");
  settings.log_only_syslog = server.log_only_syslog;
  settings.log_time_ascii = server.log_time_ascii;
  settings.log_time_iso = server.log_time_iso;
  settings.verbosity = int(std::min<uint32_t>(server.verbosity, 10));
  settings.zonesdir = server.zonesdir;
  settings.foreground = server.debug_mode;
  settings.server_count = server.server_count;
  settings.username = server.username;
  settings.chroot = server.chroot;
  settings.statistics = server.statistics;
  settings.cpu_affinity.all.assign(server.cpu_affinity.begin(), server.cpu_affinity.end());
  settings.cpu_affinity.per_server.insert(server.server_cpu_affinity.begin(), server.server_cpu_affinity.end());
  if (server.xfrd_cpu_affinity) settings.cpu_affinity.xfrd = *server.xfrd_cpu_affinity;
  settings.zone_stats_groups = conf::zone_stats_groups(config);

  for (const conf::ListenAddress& listen : server.ip_addresses) {
    // fe80::1%eth0: an address with its scope, which the socket layer reads.
    bool scoped = !listen.address && listen.interface.find('%') != std::string::npos;
    if (!listen.address && !scoped) {
      return unexpected(Error{"ip-address: " + listen.text +
                              ": listening by interface name is not supported by lnsd; give its addresses"});
    }
    if (listen.bind_to_device) {
      return unexpected(Error{"ip-address: " + listen.text + ": bindtodevice= is not supported by lnsd"});
    }
    if (listen.setfib) {
      return unexpected(Error{"ip-address: " + listen.text + ": setfib= (FreeBSD routing tables) is not supported by lnsd"});
    }
    ListenSpec spec;
    spec.address = scoped ? listen.interface : listen.address->to_text();
    if (listen.port) spec.address += "@" + std::to_string(*listen.port);
    spec.servers = listen.servers;
    settings.ip_addresses.push_back(std::move(spec));
  }
  settings.port = server.port;
  settings.do_ip4 = server.do_ip4;
  settings.do_ip6 = server.do_ip6;
  settings.reuseport = server.reuseport;
  settings.ip_freebind = server.ip_freebind;
  settings.ip_transparent = server.ip_transparent;
  settings.send_buffer_size = clamp_int(server.send_buffer_size);
  settings.receive_buffer_size = clamp_int(server.receive_buffer_size);
  settings.tcp_listen_queue = clamp_int(server.tcp_listen_queue.value_or(0));

  settings.tcp_count = server.tcp_count;
  settings.tcp_reject_overflow = server.tcp_reject_overflow;
  settings.tcp_query_count = server.tcp_query_count;
  settings.tcp_timeout = std::chrono::seconds(server.tcp_timeout);
  return settings;
}

}  // namespace lnsd
