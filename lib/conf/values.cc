#include "conf/values.hh"

namespace lnsd::conf {

std::optional<bool> parse_yes_no(std::string_view text) {
  if (text == "yes") return true;
  if (text == "no") return false;
  return std::nullopt;
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

bool is_hex(std::string_view text) {
  if (text.size() % 2 != 0) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!ok) return false;
  }
  return true;
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

std::string quote_values(const std::vector<std::string>& values) {
  std::string out = "'";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += values[i];
  }
  out += "'";
  return out;
}

std::string expected(std::string_view form, const OptionEntry& option) {
  std::string out = "expected ";
  out += form;
  if (option.values.empty()) {
    out += ", got no value";
  } else {
    out += ", not ";
    out += quote_values(option.values);
  }
  return out;
}

namespace {

bool parse_server_ranges(std::string_view text, ListenAddress& out) {
  // "1 2 4-6": numbers and ranges separated by spaces or tabs.
  size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    size_t j = text.find_first_of(" \t", i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view item = text.substr(i, j - i);
    i = j;
    std::string_view low = item, high = item;
    if (size_t dash = item.find('-'); dash != std::string_view::npos) {
      low = item.substr(0, dash);
      high = item.substr(dash + 1);
    }
    auto a = parse_decimal(low), b = parse_decimal(high);
    if (!a || !b || *a > 65535 || *b > 65535) return false;
    unsigned lo = static_cast<unsigned>(*a), hi = static_cast<unsigned>(*b);
    if (lo > hi) std::swap(lo, hi);
    out.servers.emplace_back(lo, hi);
    any = true;
  }
  return any;
}

bool is_interface_name(std::string_view text) {
  // Linux IFNAMSIZ is 16 including the terminator.
  if (text.empty() || text.size() > 15) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Hex digits, dots and colons with a dot or colon: a mistyped address, not
// an interface name.
bool looks_like_address(std::string_view text) {
  bool separator = false;
  for (char c : text) {
    if (c == '.' || c == ':') {
      separator = true;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return separator;
}

}  // namespace

std::optional<ListenAddress> parse_listen_address(const std::vector<std::string>& values,
                                                  bool socket_options, bool allow_path,
                                                  std::string& error) {
  if (values.empty()) {
    error = "expected an IP address, or an interface name, with an optional @port";
    return std::nullopt;
  }
  ListenAddress out;
  out.text = values[0];
  if (allow_path && !values[0].empty() && values[0][0] == '/') {
    out.interface = values[0];
  } else {
    auto split = split_port(values[0], error);
    if (!split) return std::nullopt;
    out.port = split->port;
    std::string_view name = split->address;
    const size_t percent = name.find('%');
    if (auto address = IpAddress::parse(name)) {
      out.address = *address;
    } else if (percent != std::string_view::npos && IpAddress::parse(name.substr(0, percent)) &&
               is_interface_name(name.substr(percent + 1))) {
      out.interface = std::string(name);  // fe80::1%eth0, resolved when binding
    } else if (is_interface_name(name) && !looks_like_address(name)) {
      out.interface = std::string(name);
    } else {
      error = "'" + std::string(name) + "' is not an IP address or an interface name";
      return std::nullopt;
    }
  }
  for (size_t i = 1; i < values.size(); ++i) {
    std::string_view v = values[i];
    if (!socket_options) {
      error = "unexpected '" + std::string(v) + "' after the address";
      return std::nullopt;
    }
    auto take_value = [&](std::string_view prefix) -> std::optional<std::string> {
      std::string rest(v.substr(prefix.size()));
      if (rest.empty() && i + 1 < values.size()) rest = values[++i];
      return rest;
    };
    if (v.starts_with("servers=")) {
      auto list = take_value("servers=");
      if (!parse_server_ranges(*list, out)) {
        error = "servers= expects server numbers or ranges like \"1 3-4\", not '" + *list + "'";
        return std::nullopt;
      }
    } else if (v.starts_with("bindtodevice=")) {
      auto flag = parse_yes_no(*take_value("bindtodevice="));
      if (!flag) {
        error = "bindtodevice= expects yes or no";
        return std::nullopt;
      }
      out.bind_to_device = *flag;
    } else if (v.starts_with("setfib=")) {
      auto fib = parse_decimal(*take_value("setfib="));
      if (!fib || *fib > 65535) {
        error = "setfib= expects a routing table number";
        return std::nullopt;
      }
      out.setfib = static_cast<int>(*fib);
    } else {
      error = "unexpected '" + std::string(v) + "' after the address (expected servers=, "
              "bindtodevice= or setfib=)";
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace lnsd::conf
