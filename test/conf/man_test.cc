// The man pages agree with the code: lnsd.conf(5)'s option table lists
// every option with the default and status the option tables give it, the
// page describes each supported option, and lnsd-checkconf(8) documents
// every flag.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "conf/fields.hh"
#include "conf_test_util.hh"
#include "lnsd_config.h"

using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

struct Row {
  std::string default_value;
  std::string status;
};

// "clause/option" -> row, from the .TS blocks under OPTION TABLE.
std::map<std::string, Row> man_table(const std::string& page) {
  static const std::map<std::string, std::string> kClauses = {
      {"server:", "server"},   {"remote-control:", "remote-control"}, {"key:", "key"},
      {"pattern: and zone:", "zone"}, {"verify:", "verify"}, {"tls-auth:", "tls-auth"},
      {"dnstap:", "dnstap"},
  };
  std::map<std::string, Row> rows;
  std::istringstream in(page.substr(page.find(".SH OPTION TABLE")));
  std::string clause;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(".SH ") && !line.starts_with(".SH OPTION TABLE")) break;
    if (line.starts_with(".SS ")) {
      auto it = kClauses.find(line.substr(4));
      REQUIRE(it != kClauses.end());
      clause = it->second;
    } else if (line == ".TS") {
      in_table = true;
    } else if (line == ".TE") {
      in_table = false;
    } else if (in_table && std::count(line.begin(), line.end(), ';') == 2 && !line.starts_with("\\fB") &&
               !line.starts_with("tab(")) {
      const size_t a = line.find(';'), b = line.find(';', a + 1);
      const std::string key = clause + "/" + line.substr(0, a);
      CHECK(rows.count(key) == 0);
      rows[key] = {line.substr(a + 1, b - a - 1), line.substr(b + 1)};
    }
  }
  return rows;
}

std::string with_etc(std::string value) {
  const std::string dir = LNSD_SYSCONFDIR;
  if (value.starts_with(dir)) value = "/etc/lnsd" + value.substr(dir.size());
  return value;
}

}  // namespace

TEST_CASE("lnsd.conf(5) lists every option with its default and status", "[conf][man]") {
  const std::string page = read_file(source_root() + "/man/lnsd.conf.5");
  REQUIRE_FALSE(page.empty());
  auto table = man_table(page);
  const auto options = all_options();
  CHECK(table.size() == options.size());
  for (const OptionInfo& o : options) {
    const std::string key = o.clause + "/" + o.name;
    INFO(key);
    auto it = table.find(key);
    REQUIRE(it != table.end());
    CHECK(it->second.status == o.status);
    if (o.default_value.empty()) {
      const bool described = it->second.default_value == "\\-" || it->second.default_value.starts_with("(");
      CHECK(described);
    } else {
      CHECK(it->second.default_value == with_etc(o.default_value));
    }
  }
}

TEST_CASE("lnsd.conf(5) describes every option lnsd reads", "[conf][man]") {
  const std::string page = read_file(source_root() + "/man/lnsd.conf.5");
  for (const OptionInfo& o : all_options()) {
    if (o.status == "unsupported") continue;
    INFO(o.clause << " " << o.name);
    if (o.name == "server-N-cpu-affinity") {
      CHECK(page.find(".BI \"server-\" N \"-cpu-affinity: \"") != std::string::npos);
      continue;
    }
    CHECK(page.find(".BI \"" + o.name + ": \"") != std::string::npos);
  }
  for (const OtherOption& o : other_options()) {
    if (o.kind == OtherKind::Unsupported) CHECK(page.find(std::string(o.name)) != std::string::npos);
  }
}

TEST_CASE("lnsd-checkconf(8) documents every flag", "[conf][man]") {
  const std::string page = read_file(source_root() + "/man/lnsd-checkconf.8");
  REQUIRE_FALSE(page.empty());
  for (const char* flag : {"\\-v", "\\-f", "\\-h", "\\-o", "\\-z", "\\-p", "\\-s", "\\-a", "\\-\\-format"}) {
    INFO(flag);
    const bool documented = page.find(std::string(".BI ") + flag) != std::string::npos ||
                            page.find(std::string(".B ") + flag) != std::string::npos;
    CHECK(documented);
  }
}
