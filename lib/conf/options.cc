// Options lnsd reads without keeping (obsolete or unsupported), and the
// list of every option for the man page test.
#include <array>

#include "conf/fields.hh"

namespace lnsd::conf {

namespace {

constexpr OtherKind I = OtherKind::Ignored;
constexpr OtherKind U = OtherKind::Unsupported;

constexpr std::string_view kTls = "DNS over TLS";
constexpr std::string_view kXot = "XFR-over-TLS";
constexpr std::string_view kMetrics = "the metrics HTTP service";
constexpr std::string_view kXdp = "XDP sockets";
constexpr std::string_view kProxy = "the PROXY protocol";
constexpr std::string_view kVerify = "zone verifiers";
constexpr std::string_view kCatalog = "catalog zones";
constexpr std::string_view kDnstap = "dnstap logging";

constexpr OtherOption kOther[] = {
    // NSD 4.8 and later ignore these two; lnsd always keeps its own compiled
    // zone databases, whatever `database:` says.
    {"server", "database", I, "", false, ""},
    {"server", "difffile", I, "", false, ""},
    {"server", "use-systemd", I, "", false, ""},
    {"server", "tls-service-key", U, "", true, kTls},
    {"server", "tls-service-pem", U, "", true, kTls},
    {"server", "tls-service-ocsp", U, "", true, kTls},
    {"server", "tls-port", U, "", false, kTls},
    {"server", "tls-cert-bundle", U, "", true, kXot},
    {"server", "tls-auth-port", U, "", false, kXot},
    {"server", "tls-auth-xfr-only", U, "no", false, kXot},
    {"server", "proxy-protocol-port", U, "", false, kProxy},
    {"server", "metrics-enable", U, "no", false, kMetrics},
    {"server", "metrics-interface", U, "", false, kMetrics},
    {"server", "metrics-port", U, "", false, kMetrics},
    {"server", "metrics-path", U, "", false, kMetrics},
    {"server", "xdp-interface", U, "", false, kXdp},
    {"server", "xdp-program-path", U, "", false, kXdp},
    {"server", "xdp-program-load", U, "no", false, kXdp},
    {"server", "xdp-bpffs-path", U, "", false, kXdp},
    {"server", "xdp-force-copy", U, "", false, kXdp},
    {"zone", "verify-zone", U, "no", false, kVerify},
    {"zone", "verifier", U, "", false, kVerify},
    {"zone", "verifier-feed-zone", U, "no", false, kVerify},
    {"zone", "verifier-timeout", U, "", false, kVerify},
    {"zone", "catalog", U, "", false, kCatalog},
    {"zone", "catalog-member-pattern", U, "", false, kCatalog},
    {"zone", "catalog-producer-zone", U, "", false, kCatalog},
    {"verify", "enable", U, "no", false, kVerify},
    {"verify", "port", U, "", false, kVerify},
    {"verify", "ip-address", U, "", false, kVerify},
    {"verify", "verify-zones", U, "no", false, kVerify},
    {"verify", "verifier", U, "", false, kVerify},
    {"verify", "verifier-count", U, "", false, kVerify},
    {"verify", "verifier-feed-zone", U, "no", false, kVerify},
    {"verify", "verifier-timeout", U, "", false, kVerify},
    {"tls-auth", "name", U, "", false, kXot},
    {"tls-auth", "auth-domain-name", U, "", false, kXot},
    {"tls-auth", "client-cert", U, "", false, kXot},
    {"tls-auth", "client-key", U, "", false, kXot},
    {"tls-auth", "client-key-pw", U, "", false, kXot},
    {"dnstap", "dnstap-enable", U, "no", false, kDnstap},
    {"dnstap", "dnstap-socket-path", U, "", false, kDnstap},
    {"dnstap", "dnstap-ip", U, "", false, kDnstap},
    {"dnstap", "dnstap-tls", U, "no", false, kDnstap},
    {"dnstap", "dnstap-tls-server-name", U, "", false, kDnstap},
    {"dnstap", "dnstap-tls-cert-bundle", U, "", false, kDnstap},
    {"dnstap", "dnstap-tls-client-key-file", U, "", false, kDnstap},
    {"dnstap", "dnstap-tls-client-cert-file", U, "", false, kDnstap},
    {"dnstap", "dnstap-send-identity", U, "no", false, kDnstap},
    {"dnstap", "dnstap-send-version", U, "no", false, kDnstap},
    {"dnstap", "dnstap-identity", U, "", false, kDnstap},
    {"dnstap", "dnstap-version", U, "", false, kDnstap},
    {"dnstap", "dnstap-log-auth-query-messages", U, "no", false, kDnstap},
    {"dnstap", "dnstap-log-auth-response-messages", U, "no", false, kDnstap},
};

std::string status_of(Feature feature) { return feature_active(feature) ? "active" : "later"; }

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : " ") + l;
  return out;
}

template <class Owner>
void add_fields(std::vector<OptionInfo>& out, std::string_view clause,
                const std::vector<Field<Owner>>& fields, const Owner& defaults) {
  for (const Field<Owner>& f : fields) {
    out.push_back({std::string(clause), f.name, f.get ? joined(f.get(defaults)) : "",
                   status_of(f.feature)});
  }
}

}  // namespace

std::span<const OtherOption> other_options() { return kOther; }

const OtherOption* find_other_option(std::string_view clause, std::string_view name) {
  for (const OtherOption& o : kOther) {
    if (o.clause == clause && o.name == name) return &o;
  }
  return nullptr;
}

std::vector<OptionInfo> all_options() {
  std::vector<OptionInfo> out;
  add_fields(out, "server", server_fields(), ServerOptions{});
  add_fields(out, "remote-control", remote_control_fields(), RemoteControl{});
  out.push_back({"key", "name", "", status_of(Feature::Tsig)});
  out.push_back({"key", "algorithm", "hmac-sha256", status_of(Feature::Tsig)});
  out.push_back({"key", "secret", "", status_of(Feature::Tsig)});
  out.push_back({"zone", "name", "", status_of(Feature::Core)});
  out.push_back({"zone", "include-pattern", "", status_of(Feature::Core)});
  add_fields(out, "zone", zone_fields(), ZoneSettings{});
  for (const OtherOption& o : kOther) {
    out.push_back({std::string(o.clause), std::string(o.name), "",
                   o.kind == OtherKind::Ignored ? "ignored" : "unsupported"});
  }
  return out;
}

}  // namespace lnsd::conf
