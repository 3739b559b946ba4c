// The server: and remote-control: option tables, in the order nsd-checkconf
// -v prints them.
#include <algorithm>

#include "conf/field_makers.hh"

namespace lnsd::conf {

using namespace detail;

namespace {

using S = ServerOptions;
using R = RemoteControl;

Field<S> listen_addresses() {
  Field<S> f;
  f.name = "ip-address";
  f.feature = Feature::Core;
  f.list = true;
  f.form = "<ip4 or ip6 or interface>[@port] [servers=\"N M-O\"] [bindtodevice=yes] [setfib=N]";
  f.set = [](S& o, const OptionEntry& e) -> std::optional<std::string> {
    std::string error;
    auto a = parse_listen_address(e.values, true, false, error);
    if (!a) return error;
    o.ip_addresses.push_back(std::move(*a));
    return std::nullopt;
  };
  f.get = [](const S& o) {
    std::vector<std::string> out;
    for (const ListenAddress& a : o.ip_addresses) out.push_back(a.text);
    return out;
  };
  f.conf = [](const S& o) {
    std::vector<std::string> out;
    for (const ListenAddress& a : o.ip_addresses) out.push_back("ip-address: " + a.to_text());
    return out;
  };
  return f;
}

// ip4-only: yes and ip6-only: yes, NSD's older spelling of do-ip4/do-ip6.
Field<S> only_family(std::string_view name, bool v4) {
  Field<S> f;
  f.name = std::string(name);
  f.form = "<yes or no>";
  f.set = [v4, form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto v = parse_yes_no(e.values[0]);
    if (!v) return expected(form, e);
    if (*v) {
      o.do_ip4 = v4;
      o.do_ip6 = !v4;
    }
    return std::nullopt;
  };
  return f;
}

// identity and version answer CH TXT queries: one character-string each
// (RFC 1035 §3.3.14), so at most 255 octets.
Field<S> chaos_text(std::string_view name, std::optional<std::string> S::*m) {
  Field<S> f = optional_text<S>(name, Feature::Core, m, "<string of at most 255 characters>");
  f.set = [m, form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    if (e.values[0].size() > 255) {
      return "longer than 255 characters (" + std::to_string(e.values[0].size()) + ")";
    }
    o.*m = e.values[0];
    return std::nullopt;
  };
  return f;
}

Field<S> nsid() {
  Field<S> f = optional_text<S>("nsid", Feature::Nsid, &S::nsid, "<hex string> or ascii_<text>");
  f.set = [form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    const std::string& v = e.values[0];
    std::string hex;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (v.size() >= 6 && std::equal(v.begin(), v.begin() + 6, "ascii_",
                                     [&](char a, char b) { return lower(a) == b; })) {
      static const char digits[] = "0123456789abcdef";
      for (size_t i = 6; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        hex += digits[c >> 4];
        hex += digits[c & 0x0f];
      }
    } else if (is_hex(v) && !v.empty()) {
      hex = v;
    } else {
      return expected(form, e) + " (an even number of hex digits)";
    }
    // The option payload is limited by its 16-bit length (RFC 6891 §6.1.2).
    if (hex.size() / 2 > 65535 - 4) return "longer than an EDNS option can carry";
    o.nsid = hex;
    return std::nullopt;
  };
  return f;
}

// 128 bits as 32 hex digits (RFC 9018 §4.3 server secret).
Field<S> cookie_secret(std::string_view name, std::optional<std::string> S::*m, Feature feature = Feature::Cookies) {
  Field<S> f = optional_text<S>(name, feature, m, "<32 hex digits>");
  f.set = [m, form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    if (e.values[0].size() != 32 || !is_hex(e.values[0])) return expected(form, e);
    o.*m = e.values[0];
    return std::nullopt;
  };
  return f;
}

std::optional<std::vector<uint32_t>> parse_cpu_list(const std::vector<std::string>& values) {
  std::vector<uint32_t> cpus;
  for (const std::string& v : values) {
    size_t i = 0;
    while (i < v.size()) {
      if (v[i] == ' ' || v[i] == '\t') {
        ++i;
        continue;
      }
      size_t j = v.find_first_of(" \t", i);
      if (j == std::string::npos) j = v.size();
      auto n = parse_decimal(std::string_view(v).substr(i, j - i));
      if (!n || *n > 65535) return std::nullopt;
      cpus.push_back(static_cast<uint32_t>(*n));
      i = j;
    }
  }
  if (cpus.empty()) return std::nullopt;
  return cpus;
}

Field<S> cpu_affinity() {
  Field<S> f;
  f.name = "cpu-affinity";
  f.feature = Feature::CpuAffinity;
  f.form = "<cpu number> ...";
  f.set = [form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    auto cpus = parse_cpu_list(e.values);
    if (!cpus) return expected(form, e);
    o.cpu_affinity = *cpus;
    return std::nullopt;
  };
  auto joined = [](const S& o) {
    std::string out;
    for (uint32_t c : o.cpu_affinity) out += (out.empty() ? "" : " ") + std::to_string(c);
    return out;
  };
  f.get = [joined](const S& o) {
    return o.cpu_affinity.empty() ? std::vector<std::string>{} : std::vector<std::string>{joined(o)};
  };
  f.conf = [joined](const S& o) {
    return o.cpu_affinity.empty() ? std::vector<std::string>{}
                                  : std::vector<std::string>{"cpu-affinity: " + joined(o)};
  };
  return f;
}

Field<S> xfrd_cpu_affinity() {
  Field<S> f;
  f.name = "xfrd-cpu-affinity";
  f.feature = Feature::CpuAffinity;
  f.form = "<cpu number>";
  f.set = [form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto n = parse_decimal(e.values[0]);
    if (!n || *n > 65535) return expected(form, e);
    o.xfrd_cpu_affinity = static_cast<uint32_t>(*n);
    return std::nullopt;
  };
  f.get = [](const S& o) {
    return o.xfrd_cpu_affinity ? std::vector<std::string>{std::to_string(*o.xfrd_cpu_affinity)}
                               : std::vector<std::string>{};
  };
  f.conf = [](const S& o) {
    return o.xfrd_cpu_affinity
               ? std::vector<std::string>{"xfrd-cpu-affinity: " + std::to_string(*o.xfrd_cpu_affinity)}
               : std::vector<std::string>{};
  };
  return f;
}

// server-N-cpu-affinity: the option's own name carries N.
Field<S> server_cpu_affinity() {
  Field<S> f;
  f.name = "server-N-cpu-affinity";
  f.feature = Feature::CpuAffinity;
  f.list = true;
  f.form = "<cpu number>";
  f.set = [form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto server = parse_decimal(std::string_view(e.name).substr(7, e.name.size() - 7 - 13));
    if (!server || *server == 0 || *server > 65535) return "the server number must be at least 1";
    auto n = parse_decimal(e.values[0]);
    if (!n || *n > 65535) return expected(form, e);
    o.server_cpu_affinity[static_cast<uint32_t>(*server)] = static_cast<uint32_t>(*n);
    return std::nullopt;
  };
  f.get = [](const S& o) {
    std::vector<std::string> out;
    for (auto [server, cpu] : o.server_cpu_affinity) out.push_back(std::to_string(server) + " " + std::to_string(cpu));
    return out;
  };
  f.conf = [](const S& o) {
    std::vector<std::string> out;
    for (auto [server, cpu] : o.server_cpu_affinity) {
      out.push_back("server-" + std::to_string(server) + "-cpu-affinity: " + std::to_string(cpu));
    }
    return out;
  };
  return f;
}

Field<S> tcp_listen_queue() {
  Field<S> f;
  f.name = "tcp-listen-queue";
  f.feature = Feature::TcpListenQueue;
  f.form = "<number>";
  f.set = [form = f.form](S& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto n = parse_decimal(e.values[0]);
    if (!n || *n > 0x7fffffff) return expected(form, e);
    o.tcp_listen_queue = static_cast<uint32_t>(*n);
    return std::nullopt;
  };
  f.get = [](const S& o) {
    return std::vector<std::string>{o.tcp_listen_queue ? std::to_string(*o.tcp_listen_queue) : ""};
  };
  f.conf = [](const S& o) {
    return o.tcp_listen_queue
               ? std::vector<std::string>{"tcp-listen-queue: " + std::to_string(*o.tcp_listen_queue)}
               : std::vector<std::string>{"#tcp-listen-queue:"};
  };
  return f;
}

// An empty chroot is no chroot, shown as unset like nsd-checkconf does.
Field<S> chroot() {
  Field<S> f = text<S>("chroot", Feature::Core, &S::chroot, "<directory>");
  f.conf = [](const S& o) {
    return std::vector<std::string>{o.chroot.empty() ? "#chroot:" : "chroot: \"" + o.chroot + "\""};
  };
  return f;
}

// nsd-checkconf -v quotes the port ("53"); so do we.
template <class Owner>
Field<Owner> port(std::string_view name, Feature feature, uint16_t Owner::*m, bool quoted) {
  Field<Owner> f = number<Owner>(name, feature, m, 1, 65535);
  if (quoted) {
    f.conf = [m, n = f.name](const Owner& o) {
      return std::vector<std::string>{n + ": \"" + std::to_string(o.*m) + "\""};
    };
  }
  return f;
}

Field<R> control_interfaces() {
  Field<R> f;
  f.name = "control-interface";
  f.feature = Feature::RemoteControl;
  f.list = true;
  f.form = "<ip4 or ip6 or interface name or absolute path>";
  f.set = [](R& o, const OptionEntry& e) -> std::optional<std::string> {
    std::string error;
    auto a = parse_listen_address(e.values, false, true, error);
    if (!a) return error;
    o.control_interface.push_back(std::move(*a));
    return std::nullopt;
  };
  f.get = [](const R& o) {
    std::vector<std::string> out;
    for (const ListenAddress& a : o.control_interface) out.push_back(a.text);
    return out;
  };
  f.conf = [](const R& o) {
    std::vector<std::string> out;
    for (const ListenAddress& a : o.control_interface) out.push_back("control-interface: \"" + a.text + "\"");
    return out;
  };
  return f;
}

std::vector<Field<S>> make_server_fields() {
  const Feature core = Feature::Core;
  std::vector<Field<S>> t;
  t.push_back(flag<S>("debug-mode", core, &S::debug_mode));
  t.push_back(flag<S>("ip-transparent", core, &S::ip_transparent));
  t.push_back(flag<S>("ip-freebind", core, &S::ip_freebind));
  t.push_back(flag<S>("reuseport", core, &S::reuseport));
  t.push_back(flag<S>("do-ip4", core, &S::do_ip4));
  t.push_back(flag<S>("do-ip6", core, &S::do_ip6));
  t.push_back(only_family("ip4-only", true));
  t.push_back(only_family("ip6-only", false));
  t.push_back(number<S>("send-buffer-size", core, &S::send_buffer_size, 0, 0x7fffffff));
  t.push_back(number<S>("receive-buffer-size", core, &S::receive_buffer_size, 0, 0x7fffffff));
  t.push_back(flag<S>("hide-version", core, &S::hide_version));
  t.push_back(flag<S>("hide-identity", core, &S::hide_identity));
  t.push_back(flag<S>("drop-updates", Feature::AnswerShaping, &S::drop_updates));
  t.push_back(flag<S>("tcp-reject-overflow", core, &S::tcp_reject_overflow));
  t.push_back(chaos_text("identity", &S::identity));
  t.push_back(chaos_text("version", &S::version));
  t.push_back(nsid());
  t.push_back(optional_text<S>("logfile", core, &S::logfile, "<filename>"));
  t.push_back(flag<S>("log-only-syslog", core, &S::log_only_syslog));
  t.push_back(number<S>("server-count", core, &S::server_count, 1, 65535));
  t.push_back(cpu_affinity());
  t.push_back(xfrd_cpu_affinity());
  t.push_back(server_cpu_affinity());
  t.push_back(number<S>("tcp-count", core, &S::tcp_count, 1, 0x7fffffff));
  t.push_back(number<S>("tcp-query-count", core, &S::tcp_query_count, 0, 0x7fffffff));
  t.push_back(number<S>("tcp-timeout", core, &S::tcp_timeout, 0, 0x7fffffff));
  t.push_back(number<S>("tcp-mss", core, &S::tcp_mss, 0, 65535));
  t.push_back(number<S>("outgoing-tcp-mss", Feature::XfrIn, &S::outgoing_tcp_mss, 0, 65535));
  t.push_back(tcp_listen_queue());
  t.push_back(number<S>("xfrd-tcp-max", Feature::XfrIn, &S::xfrd_tcp_max, 1, 0x7fffffff));
  t.push_back(number<S>("xfrd-tcp-pipeline", Feature::XfrIn, &S::xfrd_tcp_pipeline, 1, 65536));
  t.push_back(number<S>("ipv4-edns-size", core, &S::ipv4_edns_size, 512, 65535));
  t.push_back(number<S>("ipv6-edns-size", core, &S::ipv6_edns_size, 512, 65535));
  t.push_back(text<S>("pidfile", core, &S::pidfile, "<filename>"));
  t.push_back(port<S>("port", core, &S::port, true));
  t.push_back(number<S>("statistics", Feature::Statistics, &S::statistics, 0, 0x7fffffff));
  t.push_back(chroot());
  t.push_back(text<S>("username", core, &S::username, "<user>[.<group>] or <uid>[.<gid>]"));
  t.push_back(text<S>("zonesdir", core, &S::zonesdir, "<directory>"));
  t.push_back(text<S>("xfrdfile", Feature::XfrIn, &S::xfrdfile, "<filename>"));
  t.push_back(text<S>("zonelistfile", Feature::ZoneList, &S::zonelistfile, "<filename>"));
  t.push_back(text<S>("xfrdir", Feature::Core, &S::xfrdir, "<directory>"));
  t.push_back(number<S>("xfrd-reload-timeout", Feature::XfrIn, &S::xfrd_reload_timeout, 0, 0x7fffffff));
  t.push_back(flag<S>("log-time-ascii", core, &S::log_time_ascii));
  t.push_back(flag<S>("log-time-iso", Feature::LogFormat, &S::log_time_iso));
  t.push_back(flag<S>("round-robin", Feature::AnswerShaping, &S::round_robin));
  t.push_back(flag<S>("minimal-responses", Feature::AnswerShaping, &S::minimal_responses));
  t.push_back(flag<S>("confine-to-zone", Feature::AnswerShaping, &S::confine_to_zone));
  t.push_back(flag<S>("refuse-any", Feature::AnswerShaping, &S::refuse_any));
  t.push_back(number<S>("verbosity", core, &S::verbosity, 0, 0x7fffffff));
  t.push_back(listen_addresses());
  t.push_back(number<S>("rrl-size", Feature::Rrl, &S::rrl_size, 1, 0x7fffffff));
  t.push_back(number<S>("rrl-ratelimit", Feature::Rrl, &S::rrl_ratelimit, 0, 0x7fffffff));
  t.push_back(number<S>("rrl-slip", Feature::Rrl, &S::rrl_slip, 0, 0x7fffffff));
  t.push_back(number<S>("rrl-ipv4-prefix-length", Feature::Rrl, &S::rrl_ipv4_prefix_length, 0, 32));
  t.push_back(number<S>("rrl-ipv6-prefix-length", Feature::Rrl, &S::rrl_ipv6_prefix_length, 0, 64));
  t.push_back(number<S>("rrl-whitelist-ratelimit", Feature::Rrl, &S::rrl_whitelist_ratelimit, 0, 0x7fffffff));
  t.push_back(flag<S>("reload-config", Feature::ReloadConfig, &S::reload_config));
  t.push_back(flag<S>("zonefiles-check", core, &S::zonefiles_check));
  t.push_back(number<S>("zonefiles-write", Feature::XfrIn, &S::zonefiles_write, 0, 0x7fffffff));
  t.push_back(flag<S>("answer-cookie", Feature::Cookies, &S::answer_cookie));
  t.push_back(cookie_secret("cookie-secret", &S::cookie_secret));
  t.push_back(cookie_secret("cookie-staging-secret", &S::cookie_staging_secret, Feature::CookieStaging));
  t.push_back(text<S>("cookie-secret-file", Feature::Cookies, &S::cookie_secret_file, "<filename>"));
  return t;
}

std::vector<Field<R>> make_remote_control_fields() {
  const Feature rc = Feature::RemoteControl;
  std::vector<Field<R>> t;
  t.push_back(flag<R>("control-enable", rc, &R::control_enable));
  t.push_back(control_interfaces());
  t.push_back(port<R>("control-port", rc, &R::control_port, false));
  t.push_back(text<R>("server-key-file", rc, &R::server_key_file, "<filename>"));
  t.push_back(text<R>("server-cert-file", rc, &R::server_cert_file, "<filename>"));
  t.push_back(text<R>("control-key-file", rc, &R::control_key_file, "<filename>"));
  t.push_back(text<R>("control-cert-file", rc, &R::control_cert_file, "<filename>"));
  return t;
}

}  // namespace

const std::vector<Field<ServerOptions>>& server_fields() {
  static const std::vector<Field<ServerOptions>> fields = make_server_fields();
  return fields;
}

const std::vector<Field<RemoteControl>>& remote_control_fields() {
  static const std::vector<Field<RemoteControl>> fields = make_remote_control_fields();
  return fields;
}

}  // namespace lnsd::conf
