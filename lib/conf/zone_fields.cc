// The options of pattern: and zone: clauses, in the order nsd-checkconf -v
// prints them.
#include "conf/field_makers.hh"

namespace lnsd::conf {

using namespace detail;

namespace {

using Z = ZoneSettings;

// How an option uses the access-list syntax.
enum class AclUse : uint8_t {
  Filter,    // allow-query, allow-notify, provide-xfr: any ip-spec, any key
  Target,    // notify: one address, NOKEY or a key
  Request,   // request-xfr: [AXFR|UDP] one address, NOKEY or a key
  Outgoing,  // outgoing-interface: one address, no key
};

std::optional<std::string> check_target(const AclElement& e, std::string_view option) {
  if (e.key == AclKey::Blocked) return "BLOCKED cannot be used with " + std::string(option);
  if (e.range != AclRange::Single) {
    return "'" + e.spec + "' is a range; " + std::string(option) + " needs one address";
  }
  return std::nullopt;
}

Field<Z> acl(std::string_view name, Feature feature, Acl Z::*m, AclUse use) {
  Field<Z> f;
  f.name = std::string(name);
  f.feature = feature;
  f.list = true;
  switch (use) {
    case AclUse::Filter: f.form = "<ip-spec> <key-name | NOKEY | BLOCKED>"; break;
    case AclUse::Target: f.form = "<ip-address>[@port] <key-name | NOKEY>"; break;
    case AclUse::Request: f.form = "[AXFR|UDP] <ip-address>[@port] <key-name | NOKEY>"; break;
    case AclUse::Outgoing: f.form = "<ip-address>[@port]"; break;
  }
  f.set = [m, use, form = f.form, name = f.name](Z& o, const OptionEntry& e) -> std::optional<std::string> {
    std::vector<std::string> v = e.values;
    bool axfr = false, udp = false;
    if (use == AclUse::Request && !v.empty() && (v[0] == "AXFR" || v[0] == "UDP")) {
      (v[0] == "AXFR" ? axfr : udp) = true;
      v.erase(v.begin());
    }
    if (use == AclUse::Request && v.size() == 3) {
      return "XFR-over-TLS (tls-auth name '" + v[2] + "') is not supported by lnsd";
    }
    if (use == AclUse::Outgoing) {
      if (v.size() != 1) return expected(form, e);
      v.push_back("NOKEY");
    }
    if (v.size() != 2) return expected(form, e);
    auto element = parse_acl_element(v[0], v[1]);
    if (!element) return element.error();
    if (use != AclUse::Filter) {
      if (auto err = check_target(*element, name)) return err;
    }
    element->axfr_only = axfr;
    element->udp = udp;
    element->where = e.where;
    (o.*m).elements.push_back(std::move(*element));
    return std::nullopt;
  };
  f.get = [m, use](const Z& o) {
    std::vector<std::string> out;
    for (const AclElement& a : (o.*m).elements) out.push_back(use == AclUse::Outgoing ? a.spec : a.to_text());
    return out;
  };
  f.conf = [m, use, n = f.name](const Z& o) {
    std::vector<std::string> out;
    for (const AclElement& a : (o.*m).elements) {
      out.push_back(n + ": " + (use == AclUse::Outgoing ? a.spec : a.to_conf_text()));
    }
    return out;
  };
  f.is_set = [m](const Z& o) { return !(o.*m).empty(); };
  f.inherit = [m](Z& dest, const Z& src) {
    auto& to = (dest.*m).elements;
    to.insert(to.end(), (src.*m).elements.begin(), (src.*m).elements.end());
  };
  return f;
}

struct RrlName {
  std::string_view name;
  uint16_t bit;
};
constexpr RrlName kRrlNames[] = {
    {"nxdomain", kRrlNxdomain}, {"error", kRrlError},     {"referral", kRrlReferral},
    {"any", kRrlAny},           {"wildcard", kRrlWildcard}, {"nodata", kRrlNodata},
    {"dnskey", kRrlDnskey},     {"positive", kRrlPositive}, {"rrsig", kRrlRrsig},
    {"all", kRrlAll},
};

std::vector<std::string> rrl_names(uint16_t bits) {
  if (bits == kRrlAll) return {"all"};
  std::vector<std::string> out;
  for (const RrlName& r : kRrlNames) {
    if (r.bit != kRrlAll && (bits & r.bit)) out.emplace_back(r.name);
  }
  return out;
}

Field<Z> rrl_whitelist() {
  Field<Z> f;
  f.name = "rrl-whitelist";
  f.feature = Feature::Rrl;
  f.list = true;
  f.form = "<nxdomain | error | referral | any | rrsig | wildcard | nodata | dnskey | positive | all>";
  f.set = [form = f.form](Z& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    for (const RrlName& r : kRrlNames) {
      if (r.name == e.values[0]) {
        o.rrl_whitelist.assign(static_cast<uint16_t>(o.rrl_whitelist.value | r.bit));
        return std::nullopt;
      }
    }
    return expected(form, e);
  };
  f.get = [](const Z& o) { return rrl_names(o.rrl_whitelist.value); };
  f.conf = [](const Z& o) {
    std::vector<std::string> out;
    for (const std::string& n : rrl_names(o.rrl_whitelist.value)) out.push_back("rrl-whitelist: " + n);
    return out;
  };
  f.is_set = [](const Z& o) { return o.rrl_whitelist.set; };
  f.inherit = [](Z& dest, const Z& src) {
    if (src.rrl_whitelist.set) {
      dest.rrl_whitelist.assign(static_cast<uint16_t>(dest.rrl_whitelist.value | src.rrl_whitelist.value));
    }
  };
  return f;
}

Field<Z> min_expire_time() {
  Field<Z> f;
  f.name = "min-expire-time";
  f.feature = Feature::XfrIn;
  f.form = "<seconds> or refresh+retry+1";
  auto text = [](const Z& o) {
    const MinExpire& v = o.min_expire_time.value;
    return v.refresh_retry_plus_one ? std::string("refresh+retry+1") : std::to_string(v.seconds);
  };
  f.set = [form = f.form](Z& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    if (e.values[0] == "refresh+retry+1") {
      o.min_expire_time.assign({0, true});
      return std::nullopt;
    }
    auto n = parse_decimal(e.values[0]);
    if (!n || *n > 0xffffffffu) return expected(form, e);
    o.min_expire_time.assign({static_cast<uint32_t>(*n), false});
    return std::nullopt;
  };
  f.get = [text](const Z& o) { return std::vector<std::string>{text(o)}; };
  f.conf = [text](const Z& o) { return std::vector<std::string>{"min-expire-time: " + text(o)}; };
  track(f, &Z::min_expire_time);
  return f;
}

// Written out only when on, as nsd-checkconf does: off is the default.
Field<Z> multi_master_check() {
  Field<Z> f = flag<Z>("multi-master-check", Feature::XfrIn, &Z::multi_master_check);
  f.conf = [](const Z& o) {
    return o.multi_master_check.value ? std::vector<std::string>{"multi-master-check: yes"}
                                      : std::vector<std::string>{};
  };
  return f;
}

std::vector<Field<Z>> make_zone_fields() {
  std::vector<Field<Z>> t;
  t.push_back(text<Z>("zonefile", Feature::Core, &Z::zonefile, "<filename>"));
  t.push_back(rrl_whitelist());
  t.push_back(acl("allow-query", Feature::QueryAcl, &Z::allow_query, AclUse::Filter));
  t.push_back(acl("allow-notify", Feature::NotifyIn, &Z::allow_notify, AclUse::Filter));
  t.push_back(acl("request-xfr", Feature::XfrIn, &Z::request_xfr, AclUse::Request));
  t.push_back(multi_master_check());
  t.push_back(number<Z>("notify-retry", Feature::NotifyOut, &Z::notify_retry, 0, 255));
  t.push_back(acl("notify", Feature::NotifyOut, &Z::notify, AclUse::Target));
  t.push_back(acl("provide-xfr", Feature::XfrOut, &Z::provide_xfr, AclUse::Filter));
  t.push_back(text<Z>("zonestats", Feature::ZoneStats, &Z::zonestats, "<name>"));
  t.push_back(acl("outgoing-interface", Feature::OutgoingAddress, &Z::outgoing_interface, AclUse::Outgoing));
  t.push_back(flag<Z>("allow-axfr-fallback", Feature::XfrIn, &Z::allow_axfr_fallback));
  t.push_back(number<Z>("max-refresh-time", Feature::XfrIn, &Z::max_refresh_time));
  t.push_back(number<Z>("min-refresh-time", Feature::XfrIn, &Z::min_refresh_time));
  t.push_back(number<Z>("max-retry-time", Feature::XfrIn, &Z::max_retry_time));
  t.push_back(number<Z>("min-retry-time", Feature::XfrIn, &Z::min_retry_time));
  t.push_back(min_expire_time());
  t.push_back(number<Z>("size-limit-xfr", Feature::XfrIn, &Z::size_limit_xfr, 0, 0x7fffffffffffffffULL));
  t.push_back(flag<Z>("store-ixfr", Feature::Ixfr, &Z::store_ixfr));
  t.push_back(number<Z>("ixfr-number", Feature::Ixfr, &Z::ixfr_number));
  t.push_back(number<Z>("ixfr-size", Feature::Ixfr, &Z::ixfr_size, 0, 0x7fffffffffffffffULL));
  t.push_back(flag<Z>("create-ixfr", Feature::Ixfr, &Z::create_ixfr));
  return t;
}

}  // namespace

const std::vector<Field<ZoneSettings>>& zone_fields() {
  static const std::vector<Field<ZoneSettings>> fields = make_zone_fields();
  return fields;
}

std::string_view canonical_option_name(std::string_view name) {
  if (name == "interface") return "ip-address";
  if (name == "multi-primary-check") return "multi-master-check";
  if (name.starts_with("server-") && name.ends_with("-cpu-affinity") && name.size() > 20) {
    return "server-N-cpu-affinity";
  }
  return name;
}

}  // namespace lnsd::conf
