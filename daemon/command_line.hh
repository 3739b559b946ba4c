// lnsd's command line: NSD's flags, with NSD's meaning. Flags override the
// configuration file, so they are kept apart and applied after it is read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "settings.hh"
#include "util/expected.hh"

namespace lnsd {

struct CommandLine {
  std::optional<std::string> config_file;  // -c
  bool foreground = false;                 // -d
  std::optional<uint16_t> port;            // -p
  std::vector<std::string> addresses;      // -a, repeatable: replaces ip-address
  std::optional<unsigned> server_count;    // -N
  std::optional<unsigned> tcp_count;       // -n
  std::optional<std::string> pidfile;      // -P
  std::optional<std::string> username;     // -u
  std::optional<std::string> chroot;       // -t
  std::optional<std::string> logfile;      // -l
  std::optional<int> verbosity;            // -V
  bool only_ip4 = false;                   // -4
  bool only_ip6 = false;                   // -6
  bool show_version = false;               // -v
  bool show_help = false;                  // -h
};

// Parses the arguments after the program name. Flags combine as getopt's do
// ("-d4", "-p5353", "-p 5353"); "--" ends the flags; no operands are taken.
Expected<CommandLine, Error> parse_command_line(std::span<const char* const> args);

// Overrides `settings` with what the command line gave.
void apply_command_line(const CommandLine& line, ServerSettings& settings);

// The -h text.
std::string usage_text();

}  // namespace lnsd
