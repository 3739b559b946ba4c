#include "command_line.hh"

#include <charconv>
#include <string_view>

namespace lnsd {
namespace {

template <class T>
Expected<T, Error> parse_number(char flag, std::string_view text, T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return unexpected(Error{std::string("-") + flag + ": expected a number from " + std::to_string(min) +
                            " to " + std::to_string(max) + ", got '" + std::string(text) + "'"});
  }
  return value;
}

bool takes_argument(char flag) {
  return std::string_view("cpaNnPutlV").find(flag) != std::string_view::npos;
}

Expected<void, Error> set_flag(CommandLine& line, char flag) {
  switch (flag) {
    case 'd': line.foreground = true; return {};
    case '4': line.only_ip4 = true; return {};
    case '6': line.only_ip6 = true; return {};
    case 'v': line.show_version = true; return {};
    case 'h': line.show_help = true; return {};
  }
  return unexpected(Error{std::string("unknown option -") + flag + " (lnsd -h lists the options)"});
}

Expected<void, Error> set_option(CommandLine& line, char flag, std::string_view value) {
  switch (flag) {
    case 'c': line.config_file = std::string(value); return {};
    case 'a': line.addresses.emplace_back(value); return {};
    case 'P': line.pidfile = std::string(value); return {};
    case 'u': line.username = std::string(value); return {};
    case 't': line.chroot = std::string(value); return {};
    case 'l': line.logfile = std::string(value); return {};
    case 'p': {
      auto port = parse_number<uint16_t>(flag, value, 1, 65535);
      if (!port) return unexpected(port.error());
      line.port = *port;
      return {};
    }
    case 'N': {
      auto count = parse_number<unsigned>(flag, value, 1, 256);
      if (!count) return unexpected(count.error());
      line.server_count = *count;
      return {};
    }
    case 'n': {
      auto count = parse_number<unsigned>(flag, value, 1, 65536);
      if (!count) return unexpected(count.error());
      line.tcp_count = *count;
      return {};
    }
    case 'V': {
      auto level = parse_number<int>(flag, value, 0, 10);
      if (!level) return unexpected(level.error());
      line.verbosity = *level;
      return {};
    }
  }
  return unexpected(Error{std::string("unknown option -") + flag});
}

}  // namespace

Expected<CommandLine, Error> parse_command_line(std::span<const char* const> args) {
  CommandLine line;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      if (i + 1 < args.size()) return unexpected(Error{"unexpected argument '" + std::string(args[i + 1]) + "'"});
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      return unexpected(Error{"unexpected argument '" + std::string(arg) + "' (lnsd -h lists the options)"});
    }
    for (size_t k = 1; k < arg.size(); ++k) {
      char flag = arg[k];
      if (!takes_argument(flag)) {
        if (auto r = set_flag(line, flag); !r) return unexpected(r.error());
        continue;
      }
      std::string_view value;
      if (k + 1 < arg.size()) {
        value = arg.substr(k + 1);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return unexpected(Error{std::string("option -") + flag + " needs a value"});
      }
      if (auto r = set_option(line, flag, value); !r) return unexpected(r.error());
      break;
    }
  }
  if (line.only_ip4 && line.only_ip6) return unexpected(Error{"-4 and -6 exclude each other"});
  return line;
}

void apply_command_line(const CommandLine& line, ServerSettings& settings) {
  if (line.config_file) settings.config_file = *line.config_file;
  if (line.foreground) settings.foreground = true;
  if (line.port) settings.port = *line.port;
  if (!line.addresses.empty()) {
    settings.ip_addresses.clear();
    for (const auto& address : line.addresses) settings.ip_addresses.push_back(ListenSpec{address, {}});
  }
  if (line.server_count) settings.server_count = *line.server_count;
  if (line.tcp_count) settings.tcp_count = *line.tcp_count;
  if (line.pidfile) settings.pidfile = *line.pidfile;
  if (line.username) settings.username = *line.username;
  if (line.chroot) settings.chroot = *line.chroot;
  if (line.logfile) settings.logfile = *line.logfile;
  if (line.verbosity) settings.verbosity = *line.verbosity;
  if (line.only_ip4) settings.do_ip6 = false;
  if (line.only_ip6) settings.do_ip4 = false;
}

std::string usage_text() {
  return "Usage: lnsd [OPTION]...\n"
         "Lean authoritative DNS server.\n"
         "\n"
         "  -4                    only listen on IPv4\n"
         "  -6                    only listen on IPv6\n"
         "  -a address[@port]     listen on this address (repeatable; replaces ip-address)\n"
         "  -c file               configuration file (default /etc/lnsd/lnsd.conf)\n"
         "  -d                    stay in the foreground, do not fork into the background\n"
         "  -h                    print this help\n"
         "  -l file               log to this file\n"
         "  -N count              number of server processes\n"
         "  -n count              maximum TCP connections per server\n"
         "  -P file               pid file (\"\" for none)\n"
         "  -p port               port to answer on\n"
         "  -t directory          chroot to this directory\n"
         "  -u user               drop privileges to this user (name, uid or uid.gid)\n"
         "  -V level              verbosity (0-3)\n"
         "  -v                    print the version\n";
}

}  // namespace lnsd
