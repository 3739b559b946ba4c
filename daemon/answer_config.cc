#include "answer_config.hh"

#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <limits>

#include "conf/zone_stats.hh"
#include "dns/encoding.hh"
#include "lnsd_config.h"

namespace lnsd {
namespace {

bool decode_hex(std::string_view hex, std::vector<uint8_t>& out) {
  out.clear();
  return hex_decode(hex, out).has_value();
}

bool decode_secret(std::string_view hex, std::array<uint8_t, 16>& secret) {
  std::vector<uint8_t> bytes;
  if (!decode_hex(hex, bytes) || bytes.size() != secret.size()) return false;
  std::copy(bytes.begin(), bytes.end(), secret.begin());
  return true;
}

// The first line of the cookie secret file holds the active secret, as in
// NSD's nsd_cookiesecrets.txt; a missing file is not an error.
Expected<bool, std::string> read_secret_file(const std::string& path, std::array<uint8_t, 16>& secret) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!decode_secret(line, secret)) {
      return unexpected(path + ": a cookie secret is 32 hex digits, got '" + line + "'");
    }
    return true;
  }
  return false;
}

uint16_t edns_size(uint32_t configured) {
  return uint16_t(std::min<uint32_t>(configured, std::numeric_limits<uint16_t>::max()));
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  return buffer;
}

}  // namespace

Expected<AnswerConfig, std::string> answer_config_from(const conf::Config& config) {
  const conf::ServerOptions& s = config.server;
  AnswerConfig a;
  a.identity = s.identity ? *s.identity : host_name();
  a.version = s.version ? *s.version : std::string("lnsd " LNSD_VERSION);
  a.hide_identity = s.hide_identity;
  a.hide_version = s.hide_version;
  if (s.nsid && !decode_hex(*s.nsid, a.nsid)) return unexpected("nsid: not a hex string: " + *s.nsid);
  a.ipv4_edns_size = edns_size(s.ipv4_edns_size);
  a.ipv6_edns_size = edns_size(s.ipv6_edns_size);
  a.minimal_responses = s.minimal_responses;
  a.refuse_any = s.refuse_any;
  a.round_robin = s.round_robin;
  a.confine_to_zone = s.confine_to_zone;
  a.drop_updates = s.drop_updates;
  a.answer_cookie = s.answer_cookie;
  a.tcp_timeout_seconds = s.tcp_timeout;

  if (s.cookie_secret) {
    if (!decode_secret(*s.cookie_secret, a.cookie_secret)) return unexpected("cookie-secret: not 32 hex digits");
  } else {
    auto from_file = read_secret_file(s.cookie_secret_file, a.cookie_secret);
    if (!from_file) return unexpected(from_file.error());
    // Without a configured secret NSD makes a random one at start; cookies
    // then stay valid for as long as the process runs (RFC 9018 §4.3).
    if (!*from_file && RAND_bytes(a.cookie_secret.data(), int(a.cookie_secret.size())) != 1) {
      return unexpected("cannot make a random cookie secret");
    }
  }
  return a;
}

ZoneAccess zone_access_from(const conf::Zone& zone, const std::vector<std::string>& stats_groups) {
  ZoneAccess access{zone.settings.allow_query, zone.settings.provide_xfr};
  std::string group = conf::zone_stats_group(zone);
  auto it = std::lower_bound(stats_groups.begin(), stats_groups.end(), group);
  if (!group.empty() && it != stats_groups.end() && *it == group) access.stats_group = uint32_t(it - stats_groups.begin());
  return access;
}

}  // namespace lnsd
