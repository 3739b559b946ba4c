// lnsd-zonec: compiles zone files into the databases lnsd serves, checks
// them in CI, verifies and dumps databases. See lnsd-zonec(8).
#include <getopt.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "commands.hh"
#include "lnsd_config.h"

using namespace lnsd::zonec;

namespace {

constexpr const char* kUsage =
    "usage: lnsd-zonec [--check] --origin NAME [--output DIR] [--zonesdir DIR] [--werror]\n"
    "                  [--format text|json|github] [--previous OLD.zdb] ZONEFILE\n"
    "       lnsd-zonec [--check] [--output DIR] [--werror] [--format FMT] -c lnsd.conf\n"
    "       lnsd-zonec --verify DB\n"
    "       lnsd-zonec --dump DB\n"
    "\n"
    "  --check             check only, write nothing; a serial that did not increase\n"
    "                      (with --previous) is an error\n"
    "  -o, --origin NAME   the zone's name (the origin of relative names)\n"
    "  -d, --output DIR    where the database goes (default: .), named after the zone\n"
    "  --zonesdir DIR      base of relative $INCLUDE paths (default: the including\n"
    "                      file's directory)\n"
    "  --previous DB       the database being served now, for the serial guard\n"
    "  --werror            warnings are errors\n"
    "  --format FMT        diagnostics as text (stderr), json or github (stdout)\n"
    "  --max-diagnostics N show at most N diagnostics (default 1000)\n"
    "  --now SECONDS       the time RRSIG validity is checked against (default: now)\n"
    "  -c FILE             every zone of an lnsd.conf (nsd.conf syntax)\n"
    "  --verify DB         check a database's checksums and structure\n"
    "  --dump DB           print a database as a canonical zone file\n"
    "  -h, --help          this text\n"
    "  -V, --version       the version\n"
    "\n"
    "exit status: 0 clean (warnings allowed), 1 zone errors, 2 usage or I/O errors\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "lnsd-zonec: %s\n(lnsd-zonec --help shows the usage)\n",
               message.c_str());
  return kExitUsage;
}

enum Option {
  kCheck = 256,
  kZonesdir,
  kWerror,
  kFormat,
  kPrevious,
  kVerify,
  kDump,
  kMaxDiagnostics,
  kNow,
};

bool parse_number(const char* text, unsigned long long& out) {
  if (!text || !*text) return false;
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return *end == '\0' && text[0] != '-';
}

}  // namespace

int main(int argc, char** argv) {
  // A large zone's arrays grow by doubling and the compiler frees big
  // temporaries between its phases. Left to itself, glibc raises its mmap
  // threshold after the first such free and serves the next big blocks
  // from the heap, which keeps freed memory resident; a fixed threshold
  // gives every block over 1 MiB back to the system when it is freed, so
  // the peak RSS is what the phases hold, not what they once held.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 20);
  static const option kOptions[] = {
      {"check", no_argument, nullptr, kCheck},
      {"origin", required_argument, nullptr, 'o'},
      {"output", required_argument, nullptr, 'd'},
      {"zonesdir", required_argument, nullptr, kZonesdir},
      {"werror", no_argument, nullptr, kWerror},
      {"format", required_argument, nullptr, kFormat},
      {"previous", required_argument, nullptr, kPrevious},
      {"config", required_argument, nullptr, 'c'},
      {"verify", required_argument, nullptr, kVerify},
      {"dump", required_argument, nullptr, kDump},
      {"max-diagnostics", required_argument, nullptr, kMaxDiagnostics},
      {"now", required_argument, nullptr, kNow},
      {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'},
      {nullptr, 0, nullptr, 0},
  };
  CompileCommand command;
  std::string config, verify, dump;
  bool have_origin = false;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":o:d:c:hV", kOptions, nullptr)) != -1) {
    unsigned long long number = 0;
    switch (c) {
      case kCheck: command.check_only = true; break;
      case 'o': command.origin = optarg; have_origin = true; break;
      case 'd': command.output_dir = optarg; break;
      case kZonesdir: command.zonesdir = optarg; break;
      case kWerror: command.warnings_are_errors = true; break;
      case kFormat: {
        std::string f = optarg;
        if (f == "text") {
          command.format = DiagnosticFormat::Text;
        } else if (f == "json") {
          command.format = DiagnosticFormat::Json;
        } else if (f == "github") {
          command.format = DiagnosticFormat::Github;
        } else {
          return usage_error("unknown format '" + f + "': use text, json or github");
        }
        break;
      }
      case kPrevious: command.previous = optarg; break;
      case 'c': config = optarg; break;
      case kVerify: verify = optarg; break;
      case kDump: dump = optarg; break;
      case kMaxDiagnostics:
        if (!parse_number(optarg, number) || number == 0) {
          return usage_error("--max-diagnostics takes a number of at least 1");
        }
        command.max_diagnostics = size_t(number);
        break;
      case kNow:
        if (!parse_number(optarg, number)) {
          return usage_error("--now takes seconds since 1970-01-01 UTC");
        }
        command.now = std::time_t(number);
        break;
      case 'h': std::fputs(kUsage, stdout); return kExitClean;
      case 'V': std::printf("lnsd-zonec %s\n", LNSD_VERSION); return kExitClean;
      case ':': return usage_error(std::string("option ") + argv[optind - 1] + " needs a value");
      default: return usage_error(std::string("unknown option ") + argv[optind - 1]);
    }
  }
  int operands = argc - optind;
  int modes = !config.empty() + !verify.empty() + !dump.empty();
  if (modes > 1) return usage_error("give one of -c, --verify and --dump");
  if (!verify.empty() || !dump.empty()) {
    if (operands != 0) return usage_error("--verify and --dump take no zone file");
    return verify.empty() ? run_dump(dump) : run_verify(verify);
  }
  if (!config.empty()) {
    if (operands != 0) return usage_error("-c takes no zone file: the configuration lists them");
    if (have_origin) return usage_error("-c takes no --origin: the configuration names the zones");
    if (command.previous) {
      return usage_error("-c takes no --previous: each zone's database in the output "
                         "directory is its previous version");
    }
    return run_config(command, config);
  }
  if (operands != 1) return usage_error("give one zone file");
  if (!have_origin) return usage_error("--origin is required: the zone's name");
  command.zone_file = argv[optind];
  return run_compile(command);
}
