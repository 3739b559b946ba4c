// Which configured behaviour the daemon honours today. Every option of the
// server:, remote-control:, key:, pattern: and zone: clauses is parsed and
// kept from the start, but the features behind many of them (transfers,
// NOTIFY, the control channel, rate limiting...) come in later work. The
// table in features.cc says which are active; flipping an entry there is how
// a later change switches a feature on (the man page's status column is
// checked against it by test/conf).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lnsd::conf {

struct Config;

enum class Feature : uint8_t {
  Core,            // listening, serving zone files, processes, logging
  AnswerShaping,   // round-robin, minimal-responses, confine-to-zone, refuse-any, drop-updates
  Nsid,            // NSID option (RFC 5001)
  QueryAcl,        // allow-query
  Tsig,            // key: clauses (RFC 8945)
  NotifyIn,        // allow-notify (RFC 1996)
  NotifyOut,       // notify, notify-retry
  XfrIn,           // request-xfr and the refresh/retry/expire machinery (RFC 5936, RFC 1995)
  XfrOut,          // provide-xfr
  Ixfr,            // store-ixfr, ixfr-number, ixfr-size, create-ixfr
  OutgoingAddress, // outgoing-interface
  RemoteControl,   // remote-control: (nsd-control protocol)
  ZoneList,        // zonelistfile (zones added at run time)
  Rrl,             // response rate limiting
  Cookies,         // DNS Cookies (RFC 7873, RFC 9018)
  CookieStaging,   // cookie-staging-secret: a second secret accepted during a rollover
  Statistics,      // statistics: periodic statistics log
  ZoneStats,       // zonestats
  CpuAffinity,     // cpu-affinity, xfrd-cpu-affinity, server-N-cpu-affinity
  LogFormat,       // log-time-iso
  ReloadConfig,    // reload-config
  TcpListenQueue,  // tcp-listen-queue
};

struct FeatureInfo {
  Feature feature;
  std::string_view description;
  bool active;
  // When set, the feature counts as configured only if this says so (the
  // control channel's options mean nothing while control-enable is no).
  bool (*wanted)(const Config&) = nullptr;
};

std::span<const FeatureInfo> feature_table();
const FeatureInfo& feature_info(Feature feature);
bool feature_active(Feature feature);

// A feature the configuration asks for that lnsd does not perform yet, with
// the options that ask for it. The daemon logs each once at startup.
struct InactiveFeature {
  std::string_view description;
  std::vector<std::string> options;
  std::string message() const;  // "outgoing NOTIFY (notify, notify-retry) is configured but not active yet"
};

std::vector<InactiveFeature> inactive_features(const Config& config);

}  // namespace lnsd::conf
