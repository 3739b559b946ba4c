// ServerSettings from a loaded lnsd.conf (lib/conf): the server: options
// that concern processes, sockets, TCP and logging.
#pragma once

#include "conf/config.hh"
#include "settings.hh"
#include "util/expected.hh"

namespace lnsd {

// Fails on what the configuration language allows but lnsd cannot do
// (listening by interface name, bindtodevice=, setfib=), saying so.
Expected<ServerSettings, Error> settings_from_config(const conf::Config& config);

}  // namespace lnsd
