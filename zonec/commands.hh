// The commands of lnsd-zonec (see lnsd-zonec(8)). Each returns the exit
// status: 0 clean (warnings allowed), 1 zone errors, 2 usage or I/O errors.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "diagnostics.hh"

namespace lnsd::zonec {

inline constexpr int kExitClean = 0;
inline constexpr int kExitZoneErrors = 1;
inline constexpr int kExitUsage = 2;

struct CompileCommand {
  bool check_only = false;
  std::string origin;      // as given: "example.com" or "example.com."
  std::string zone_file;
  std::string output_dir = ".";
  std::string zonesdir;
  std::optional<std::string> previous;  // the database being served now
  bool warnings_are_errors = false;
  DiagnosticFormat format = DiagnosticFormat::Text;
  size_t max_diagnostics = Diagnostics::kDefaultLimit;
  std::time_t now = 0;     // 0: the current time
};

// One zone: lnsd-zonec [--check] --origin NAME ... ZONEFILE
int run_compile(const CompileCommand& command);

// Every zone of a configuration: lnsd-zonec [--check] -c lnsd.conf. The
// zone files and zonesdir come from the configuration; the database
// already in the output directory, if any, is the previous version for
// the serial guard.
int run_config(const CompileCommand& options, const std::string& config_path);

// lnsd-zonec --verify DB: the whole-file checksum and the structure.
int run_verify(const std::string& path);

// lnsd-zonec --dump DB: the database as a canonical zone file on stdout.
int run_dump(const std::string& path);

}  // namespace lnsd::zonec
