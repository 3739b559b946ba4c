// Readiness notification for systemd (sd_notify(3)'s protocol, without
// libsystemd): datagrams like "READY=1" sent to the unix socket named by
// $NOTIFY_SOCKET. Nothing happens when the variable is unset, so lnsd
// notifies whenever it runs under a Type=notify unit.
#pragma once

#include <string_view>

#include "unique_fd.hh"
#include "util/expected.hh"

namespace lnsd {

class SystemdNotifier {
 public:
  // Connects to $NOTIFY_SOCKET now, before chroot makes its path
  // unreachable. Unset: a notifier that does nothing.
  static Expected<SystemdNotifier, Error> from_environment();

  bool enabled() const { return fd_.valid(); }
  // One datagram, e.g. "READY=1\nMAINPID=123". Fails silently when systemd
  // is gone: there is nobody left to tell.
  bool notify(std::string_view state) const;
  // In a child: only main speaks to systemd.
  void close() { fd_.reset(); }

 private:
  UniqueFd fd_;
};

}  // namespace lnsd
