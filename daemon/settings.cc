#include "settings.hh"

namespace lnsd {

// Enough for any machine we can imagine serving from; a typo such as
// `server-count: 1000` should fail loudly rather than fork a thousand times.
constexpr unsigned kMaxServerCount = 256;
constexpr unsigned kMaxTcpCount = 65536;

Expected<void, Error> validate(const ServerSettings& settings) {
  if (settings.server_count < 1 || settings.server_count > kMaxServerCount) {
    return unexpected(Error{"server-count must be between 1 and " + std::to_string(kMaxServerCount)});
  }
  if (settings.tcp_count < 1 || settings.tcp_count > kMaxTcpCount) {
    return unexpected(Error{"tcp-count must be between 1 and " + std::to_string(kMaxTcpCount)});
  }
  if (!settings.do_ip4 && !settings.do_ip6) {
    return unexpected(Error{"both IPv4 and IPv6 are disabled: nothing to listen on"});
  }
  if (settings.tcp_timeout.count() <= 0) {
    return unexpected(Error{"tcp-timeout must be positive"});
  }
  if (settings.send_buffer_size < 0 || settings.receive_buffer_size < 0) {
    return unexpected(Error{"send-buffer-size and receive-buffer-size cannot be negative"});
  }
  if (settings.verbosity < 0) {
    return unexpected(Error{"verbosity cannot be negative"});
  }
  return {};
}

}  // namespace lnsd
