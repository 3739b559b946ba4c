// lnsd's startup, in the order that keeps privileges shortest:
//   open the log and every socket (as root) -> go into the background ->
//   write the pid file -> map the shared region -> chroot and drop to the
//   user -> load the zones (as the user, as every later reload will) ->
//   fork xfrd and the servers -> tell systemd and the waiting command.
#pragma once

#include <string>
#include <vector>

#include "settings.hh"
#include "zone_loader.hh"

namespace lnsd {

// Runs the daemon until it is stopped; returns the process exit status.
// `warnings` (from reading the configuration) are logged once the log is open.
int run_daemon(const ServerSettings& settings, ZoneLoader& loader, const std::vector<std::string>& warnings = {});

}  // namespace lnsd
