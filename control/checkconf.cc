// lnsd-checkconf: checks a configuration file and answers questions about
// it, with nsd-checkconf's options and output so that scripts written for
// NSD keep working.
#include <getopt.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "conf/load.hh"
#include "conf/print.hh"
#include "lnsd_config.h"

namespace {

using namespace lnsd::conf;

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: lnsd-checkconf [-v|-h] [-f] [-o option] [-z zonename | -p pattern]\n"
               "                      [-s keyname | -a keyname] [--format conf|yaml] <configfile>\n"
               "Checks an lnsd (nsd.conf syntax) configuration file for errors. Version %s.\n\n"
               "-v              print the resolved configuration (nsd.conf syntax, or YAML)\n"
               "-h              print this help\n"
               "-f              with -o, print file names as seen inside the chroot\n"
               "-o option       print the value of a server: option (or zones, patterns)\n"
               "-z zonename     with -o, print the option of this zone\n"
               "-p pattern      with -o, print the option of this pattern\n"
               "-s keyname      print the base64 secret of this key\n"
               "-a keyname      print the algorithm of this key\n"
               "--format yaml   print as YAML (the whole configuration, or the -o value)\n",
               LNSD_VERSION);
}

struct Args {
  bool verbose = false;
  bool final = false;
  bool yaml = false;
  std::string option, zone, pattern, key;
  bool key_secret = false;
  std::string file;
};

int print_lines(const std::vector<std::string>& lines, bool yaml, bool list) {
  if (yaml) {
    YAML::Emitter out;
    out << values_to_yaml(lines, list);
    std::cout << out.c_str() << '\n';
    return 0;
  }
  for (const std::string& l : lines) std::cout << l << '\n';
  return 0;
}

int query(const Config& config, const Args& a) {
  if (!a.key.empty()) {
    const Key* key = config.find_key(a.key);
    if (key == nullptr) {
      std::cerr << "Could not find key " << a.key << '\n';
      return 1;
    }
    std::cout << (a.key_secret ? key->secret_base64 : key->algorithm_text) << '\n';
    return 0;
  }
  if (a.option.empty()) return 0;  // -z or -p alone print nothing, as nsd-checkconf
  std::optional<std::vector<std::string>> values;
  if (!a.zone.empty()) {
    const Zone* zone = config.find_zone(a.zone);
    if (zone == nullptr) {
      std::cerr << "Zone does not exist: " << a.zone << '\n';
      return 1;
    }
    values = query_zone(config, *zone, a.option, a.final);
    if (!values) std::cerr << "Zone option not handled: " << a.zone << ' ' << a.option << '\n';
  } else if (!a.pattern.empty()) {
    const Pattern* pattern = config.find_pattern(a.pattern);
    if (pattern == nullptr) {
      std::cerr << "Pattern does not exist: " << a.pattern << '\n';
      return 1;
    }
    values = query_pattern(config, *pattern, a.option, a.final);
    if (!values) std::cerr << "Pattern option not handled: " << a.pattern << ' ' << a.option << '\n';
  } else {
    values = query_server(config, a.option, a.final);
    if (!values) std::cerr << "Server option not handled: " << a.option << '\n';
  }
  if (!values) return 1;
  const bool list = values->size() != 1 || a.option == "zones" || a.option == "patterns";
  return print_lines(*values, a.yaml, list);
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  static const option long_options[] = {
      {"format", required_argument, nullptr, 'F'},
      {"help", no_argument, nullptr, 'h'},
      {nullptr, 0, nullptr, 0},
  };
  int c;
  while ((c = getopt_long(argc, argv, "vfho:z:p:s:a:", long_options, nullptr)) != -1) {
    switch (c) {
      case 'v': a.verbose = true; break;
      case 'f': a.final = true; break;
      case 'o': a.option = optarg; break;
      case 'z': a.zone = optarg; break;
      case 'p': a.pattern = optarg; break;
      case 's':
      case 'a':
        if (!a.key.empty()) {
          std::cerr << "lnsd-checkconf: -s and -a name one key, once\n";
          return 1;
        }
        a.key = optarg;
        a.key_secret = c == 's';
        break;
      case 'F':
        if (std::string(optarg) == "yaml") {
          a.yaml = true;
        } else if (std::string(optarg) != "conf") {
          std::cerr << "lnsd-checkconf: --format is conf or yaml, not '" << optarg << "'\n";
          return 1;
        }
        break;
      case 'h':
        usage(stdout);
        return 0;
      default:
        usage(stderr);
        return 1;
    }
  }
  if (optind + 1 != argc) {
    usage(stderr);
    return 1;
  }
  a.file = argv[optind];

  auto config = load_config(a.file);
  if (!config) {
    for (const Diagnostic& d : config.error()) std::cerr << d.text() << '\n';
    std::cerr << "read " << a.file << " failed: " << config.error().size()
              << " errors in configuration file\n";
    return 2;
  }
  if (!a.option.empty() || !a.key.empty() || !a.zone.empty() || !a.pattern.empty()) return query(*config, a);
  if (a.yaml) {
    YAML::Emitter out;
    out << config_to_yaml(*config);
    std::cout << out.c_str() << '\n';
  } else if (a.verbose) {
    std::cout << print_config(*config);
  }
  return 0;
}
