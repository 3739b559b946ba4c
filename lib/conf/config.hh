// The configuration model that the daemon, the transfer process and the
// control tools read: typed, validated, with NSD's defaults, and with every
// zone's options resolved through its include-pattern chain.
//
// Defaults are the member initializers below (NSD's values; file locations
// are lnsd's own, under the configuration directory, /run/lnsd and
// /var/lib/lnsd). The man page lnsd.conf(5) lists them; test/conf checks the
// two agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/acl.hh"
#include "conf/address.hh"
#include "conf/diagnostic.hh"
#include "dns/name.hh"

namespace lnsd::conf {

// ip-address: / interface: of server: (and control-interface:).
struct ListenAddress {
  std::string text;                  // as written, with its @port
  std::optional<IpAddress> address;  // unset: an interface name (or a path, for control)
  std::string interface;             // the interface name or path when not an address
  std::optional<uint16_t> port;      // @port
  // "servers=" ranges: which server processes listen here (1-based,
  // inclusive); empty means all.
  std::vector<std::pair<unsigned, unsigned>> servers;
  bool bind_to_device = false;       // bindtodevice=yes
  std::optional<int> setfib;         // setfib=N
  std::string to_text() const;       // as nsd-checkconf -v prints it
};

struct ServerOptions {
  std::vector<ListenAddress> ip_addresses;  // none: the wildcard addresses
  bool ip_transparent = false;
  bool ip_freebind = false;
  bool reuseport = false;
  uint32_t send_buffer_size = 0;     // 0: the system's default
  uint32_t receive_buffer_size = 0;
  bool debug_mode = false;
  bool do_ip4 = true;
  bool do_ip6 = true;
  std::optional<std::string> identity;  // unset: the host name
  std::optional<std::string> version;   // unset: lnsd's version
  std::optional<std::string> nsid;      // hex of the NSID payload (RFC 5001)
  std::optional<std::string> logfile;   // unset: stderr and syslog
  bool log_only_syslog = false;
  uint32_t server_count = 1;
  std::vector<uint32_t> cpu_affinity;
  std::optional<uint32_t> xfrd_cpu_affinity;
  std::map<uint32_t, uint32_t> server_cpu_affinity;  // server number -> cpu
  uint32_t tcp_count = 100;
  bool tcp_reject_overflow = false;
  uint32_t tcp_query_count = 0;      // 0: no limit
  uint32_t tcp_timeout = 120;        // seconds
  uint32_t tcp_mss = 0;
  uint32_t outgoing_tcp_mss = 0;
  std::optional<uint32_t> tcp_listen_queue;  // unset: the system's default backlog
  uint32_t xfrd_tcp_max = 128;
  uint32_t xfrd_tcp_pipeline = 128;
  uint32_t ipv4_edns_size = 1232;    // RFC 6891 §6.2.5, the 2020 DNS flag day value
  uint32_t ipv6_edns_size = 1232;
  std::string pidfile;               // "" : no pidfile
  uint16_t port = 53;
  uint32_t statistics = 0;           // seconds between statistics logs; 0: none
  std::string chroot;                // "" : no chroot
  std::string username;              // "" : do not drop privileges
  std::string zonesdir;              // "" : do not change directory
  std::string xfrdfile;
  std::string zonelistfile;
  std::string xfrdir = "/tmp";
  uint32_t xfrd_reload_timeout = 1;
  uint32_t verbosity = 0;
  bool hide_version = false;
  bool hide_identity = false;
  bool drop_updates = false;
  bool log_time_ascii = true;
  bool log_time_iso = false;
  bool round_robin = false;
  bool minimal_responses = false;
  bool confine_to_zone = false;
  bool refuse_any = false;
  bool reload_config = false;
  bool zonefiles_check = true;
  uint32_t zonefiles_write = 0;      // seconds; 0: never write zone files
  uint32_t rrl_size = 1000000;
  uint32_t rrl_ratelimit = 200;      // queries per second; 0: off
  uint32_t rrl_slip = 2;
  uint32_t rrl_ipv4_prefix_length = 24;
  uint32_t rrl_ipv6_prefix_length = 64;
  uint32_t rrl_whitelist_ratelimit = 2000;
  bool answer_cookie = false;
  std::optional<std::string> cookie_secret;          // 32 hex digits (128 bits)
  std::optional<std::string> cookie_staging_secret;
  std::string cookie_secret_file;

  ServerOptions();  // sets the file locations
};

struct RemoteControl {
  bool control_enable = false;
  std::vector<ListenAddress> control_interface;  // none: 127.0.0.1 and ::1
  uint16_t control_port = 8952;
  std::string server_key_file;
  std::string server_cert_file;
  std::string control_key_file;
  std::string control_cert_file;

  RemoteControl();  // sets the file locations
};

enum class TsigAlgorithm : uint8_t { HmacMd5, HmacSha1, HmacSha224, HmacSha256, HmacSha384, HmacSha512 };
// The algorithm's name in TSIG records ("hmac-sha256", RFC 8945 §6).
std::string_view tsig_algorithm_name(TsigAlgorithm algorithm);

struct Key {
  std::string name;               // as written
  Name dname;                     // the key name on the wire
  std::string algorithm_text = "hmac-sha256";  // as written
  TsigAlgorithm algorithm = TsigAlgorithm::HmacSha256;
  std::string secret_base64;      // as written
  std::vector<uint8_t> secret;    // decoded
  Position where;
};

// A zone option's value and whether the configuration set it. Only set
// values pass through include-pattern, so a pattern's default never
// overrides what the including zone said.
template <class T>
struct Setting {
  T value{};
  bool set = false;

  Setting() = default;
  Setting(T default_value) : value(std::move(default_value)) {}
  void assign(T v) {
    value = std::move(v);
    set = true;
  }
};

// min-expire-time: seconds, or "refresh+retry+1".
struct MinExpire {
  uint32_t seconds = 0;
  bool refresh_retry_plus_one = false;
  bool operator==(const MinExpire&) const = default;
};

// RRL response classes for rrl-whitelist (bits as NSD numbers them).
enum RrlType : uint16_t {
  kRrlNxdomain = 0x01, kRrlError = 0x02, kRrlReferral = 0x04, kRrlAny = 0x08,
  kRrlWildcard = 0x10, kRrlNodata = 0x20, kRrlDnskey = 0x40, kRrlPositive = 0x80,
  kRrlRrsig = 0x100, kRrlAll = 0x1ff,
};

// The options a pattern: or zone: can carry.
struct ZoneSettings {
  Setting<std::string> zonefile;       // unset or "": no zone file
  Acl allow_query;                     // empty: anyone may query
  Acl allow_notify;
  Acl request_xfr;
  Setting<bool> allow_axfr_fallback{true};
  Setting<uint64_t> size_limit_xfr{0};   // bytes; 0: unlimited
  Acl notify;
  Setting<uint32_t> notify_retry{5};
  Acl provide_xfr;
  Acl outgoing_interface;
  Setting<bool> store_ixfr{false};
  Setting<uint32_t> ixfr_number{5};
  Setting<uint64_t> ixfr_size{1048576};  // bytes; 0: unlimited
  Setting<bool> create_ixfr{false};
  Setting<uint32_t> max_refresh_time{2419200};  // 4 weeks
  Setting<uint32_t> min_refresh_time{0};
  Setting<uint32_t> max_retry_time{1209600};    // 2 weeks
  Setting<uint32_t> min_retry_time{0};
  Setting<MinExpire> min_expire_time;
  Setting<std::string> zonestats;
  Setting<uint16_t> rrl_whitelist{0};  // RrlType bits; each line adds one
  Setting<bool> multi_master_check{false};
};

struct Pattern {
  std::string name;
  std::vector<std::string> includes;  // include-pattern names, in order
  ZoneSettings settings;              // after its own includes
  Position where;
};

struct Zone {
  std::string name;                   // as written ("example.com" or "example.com.")
  Name dname;
  std::vector<std::string> includes;  // include-pattern names, in order
  ZoneSettings settings;              // after include-pattern
  // The zone file to read: zonefile with %s %1 %2 %3 %z %y %x replaced,
  // relative to zonesdir when relative. "" when the zone has none.
  std::string zonefile_path;
  Position where;

  // NSD's implicit pattern name for a zone defined in the configuration.
  std::string implicit_pattern() const { return "_implicit_" + name; }
  bool is_secondary() const { return !settings.request_xfr.empty(); }
};

struct Config {
  std::string file;                   // the main configuration file
  ServerOptions server;
  RemoteControl remote_control;
  std::vector<Key> keys;              // in file order
  std::vector<Pattern> patterns;      // in file order
  std::vector<Zone> zones;            // in file order

  const Key* find_key(std::string_view name) const;      // by DNS name, any case
  const Key* find_key(const Name& name) const;
  const Pattern* find_pattern(std::string_view name) const;
  const Zone* find_zone(const Name& name) const;
  const Zone* find_zone(std::string_view name) const;    // "example.com" or "example.com."
};

// nsd.conf names are absolute even without the final dot.
Expected<Name, NameError> parse_config_name(std::string_view text);

// zonefile template substitution, as NSD does it: %s the zone name as
// written, %1 %2 %3 its first three characters, %z %y %x its labels from
// the top (tld, second, third level); a missing character or label gives ".".
std::string expand_zone_template(std::string_view text, const Zone& zone);

}  // namespace lnsd::conf
