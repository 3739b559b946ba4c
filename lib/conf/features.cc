#include "conf/features.hh"

#include <algorithm>

#include "conf/config.hh"
#include "conf/fields.hh"

namespace lnsd::conf {

namespace {

bool control_enabled(const Config& c) { return c.remote_control.control_enable; }

// Flip `active` when a feature lands (and update the status column of
// man/lnsd.conf.5, which test/conf compares with this table).
constexpr FeatureInfo kFeatures[] = {
    {Feature::Core, "serving zones", true},
    {Feature::AnswerShaping, "answer shaping", true},
    {Feature::Nsid, "NSID (RFC 5001)", true},
    {Feature::QueryAcl, "query access control (allow-query)", true},
    {Feature::Tsig, "TSIG keys (RFC 8945)", false},
    {Feature::NotifyIn, "accepting NOTIFY (RFC 1996)", false},
    {Feature::NotifyOut, "sending NOTIFY (RFC 1996)", false},
    {Feature::XfrIn, "zone transfers in (secondary zones)", false},
    {Feature::XfrOut, "zone transfers out (provide-xfr)", false},
    {Feature::Ixfr, "IXFR (RFC 1995)", false},
    {Feature::OutgoingAddress, "outgoing source addresses", false},
    {Feature::RemoteControl, "remote control", false, control_enabled},
    {Feature::ZoneList, "the zone list file", false},
    {Feature::Rrl, "response rate limiting", false},
    {Feature::Cookies, "DNS Cookies (RFC 7873)", true},
    {Feature::CookieStaging, "a staging DNS Cookie secret", false},
    {Feature::Statistics, "periodic statistics", true},
    {Feature::ZoneStats, "per-zone statistics", true},
    {Feature::CpuAffinity, "CPU affinity", true},
    {Feature::LogFormat, "ISO 8601 log times", true},
    {Feature::ReloadConfig, "reload-config", true},
    {Feature::TcpListenQueue, "TCP listen queue length", true},
};

void note(std::vector<InactiveFeature>& out, Feature feature, const std::string& option) {
  const FeatureInfo& info = feature_info(feature);
  auto it = std::find_if(out.begin(), out.end(),
                         [&](const InactiveFeature& f) { return f.description == info.description; });
  if (it == out.end()) {
    out.push_back({info.description, {}});
    it = out.end() - 1;
  }
  if (std::find(it->options.begin(), it->options.end(), option) == it->options.end()) {
    it->options.push_back(option);
  }
}

bool counts(Feature feature, const Config& config) {
  const FeatureInfo& info = feature_info(feature);
  if (info.active) return false;
  return info.wanted == nullptr || info.wanted(config);
}

// A server option counts as configured when it differs from the default.
template <class Owner>
void scan_fields(const std::vector<Field<Owner>>& fields, const Owner& value, const Owner& defaults,
                 const Config& config, std::vector<InactiveFeature>& out) {
  for (const Field<Owner>& f : fields) {
    if (!counts(f.feature, config) || !f.conf) continue;
    if (f.conf(value) != f.conf(defaults)) note(out, f.feature, f.name);
  }
}

void scan_zone(const ZoneSettings& settings, const Config& config, std::vector<InactiveFeature>& out) {
  for (const Field<ZoneSettings>& f : zone_fields()) {
    if (counts(f.feature, config) && f.is_set && f.is_set(settings)) note(out, f.feature, f.name);
  }
}

}  // namespace

std::span<const FeatureInfo> feature_table() { return kFeatures; }

const FeatureInfo& feature_info(Feature feature) {
  for (const FeatureInfo& f : kFeatures) {
    if (f.feature == feature) return f;
  }
  return kFeatures[0];
}

bool feature_active(Feature feature) { return feature_info(feature).active; }

std::string InactiveFeature::message() const {
  std::string out(description);
  out += " (";
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += ", ";
    out += options[i];
  }
  out += ") is configured but not active yet";
  return out;
}

std::vector<InactiveFeature> inactive_features(const Config& config) {
  std::vector<InactiveFeature> out;
  scan_fields(server_fields(), config.server, ServerOptions{}, config, out);
  scan_fields(remote_control_fields(), config.remote_control, RemoteControl{}, config, out);
  if (!config.keys.empty() && counts(Feature::Tsig, config)) note(out, Feature::Tsig, "key");
  // Patterns only matter through the zones that include them.
  for (const Zone& z : config.zones) scan_zone(z.settings, config, out);
  return out;
}

}  // namespace lnsd::conf
