// The server options that show on the wire, as the answer path reads them:
// taken once from the configuration (lnsd.conf, NSD's option names and
// defaults) and then read-only for every query.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "conf/acl.hh"
#include "conf/config.hh"
#include "answer.hh"
#include "util/expected.hh"

namespace lnsd {

// Who may ask about a zone (its allow-query: and provide-xfr: lists).
struct ZoneAccess {
  conf::Acl allow_query;  // empty: anyone
  // NSD answers a SOA query for the apex to the hosts allowed to transfer
  // the zone even when allow-query refuses them, so that a secondary can
  // check the serial.
  conf::Acl provide_xfr;
  // Where the zone's queries are counted (`zonestats:`), an index into
  // conf::zone_stats_groups(); kNoStatsGroup when the zone has no group.
  uint32_t stats_group = kNoStatsGroup;
};

// Servers receive it with each zone generation (daemon/generation_file.cc
// writes and reads every field: a new field goes there too).
struct AnswerConfig {
  // CHAOS TXT id.server and hostname.bind (RFC 4892 §2), and version.bind
  // and version.server. TXT strings hold at most 255 octets; longer ones are
  // cut there.
  std::string identity;
  std::string version;
  bool hide_identity = false;  // REFUSED instead of the identity
  bool hide_version = false;   // REFUSED instead of the version

  std::vector<uint8_t> nsid;   // RFC 5001; empty: NSID is not answered

  // Our UDP payload size in the OPT record (RFC 6891 §6.2.5), by the
  // client's address family; also the cap on a UDP response.
  uint16_t ipv4_edns_size = 1232;
  uint16_t ipv6_edns_size = 1232;

  bool minimal_responses = false;  // no optional authority, additional only for referrals and NS
  bool refuse_any = false;         // ANY over UDP gets an empty truncated answer (RFC 8482 §4.4)
  bool round_robin = false;        // rotate the answer RRsets' records
  bool confine_to_zone = false;    // do not follow CNAME and DNAME into another zone
  bool drop_updates = false;       // UPDATE gets no answer instead of NOTIMP

  // DNS cookies (RFC 7873, server cookies as RFC 9018 §4 builds them).
  bool answer_cookie = false;
  std::array<uint8_t, 16> cookie_secret{};  // SipHash-2-4 key
  // Copy each zone's precomputed apex tail (ApexTail, zone_set.hh) into
  // positive answers instead of encoding those records each time. The
  // records are the same either way; tests turn it off to compare.
  bool use_apex_tail = true;

  // Seconds since the epoch for the cookie timestamp; null reads the clock.
  // Tests set it to make responses reproducible.
  uint32_t (*clock)() = nullptr;

  // The idle timeout announced in edns-tcp-keepalive over TCP (RFC 7828 §3.3.2).
  uint32_t tcp_timeout_seconds = 120;
};

// The AnswerConfig of a configuration: NSD's defaults where it leaves an
// option unset (the host name as identity, "lnsd <version>" as version). A
// malformed nsid or cookie secret is an error that says which.
Expected<AnswerConfig, std::string> answer_config_from(const conf::Config& config);

// The access lists of one zone of the configuration.
// `stats_groups`: conf::zone_stats_groups() of the configuration.
ZoneAccess zone_access_from(const conf::Zone& zone, const std::vector<std::string>& stats_groups);

}  // namespace lnsd
