// lnsd-checkconf as a program: silence and exit 0 for a valid file, every
// error and a non-zero exit for a broken one, nsd-checkconf's -o/-z/-p/-s/-a
// answers, -v output that matches nsd-checkconf's for keys, patterns and
// zones and that lnsd reads back to the same configuration, and YAML.
#include <catch2/catch.hpp>

#include <sstream>

#include "conf_test_util.hh"

using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

RunResult checkconf(const std::string& args, bool merge_stderr = false) {
  return run(shell_quote(checkconf_path()) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null"));
}

std::string compare_file(const char* name) { return source_root() + "/test/conf/compare/" + name; }

// The text from the first key:/pattern:/zone: clause on.
std::string clauses_part(const std::string& verbose) {
  size_t at = std::string::npos;
  for (const char* c : {"\nkey:\n", "\npattern:\n", "\nzone:\n"}) at = std::min(at, verbose.find(c));
  return at == std::string::npos ? "" : verbose.substr(at);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("lnsd-checkconf prints nothing and exits 0 for a valid file", "[conf][checkconf]") {
  RunResult r = checkconf(shell_quote(data_dir() + "/seed_primary.conf"), true);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
}

TEST_CASE("lnsd-checkconf reports every error as file:line: message and exits 2", "[conf][checkconf]") {
  const std::string file = source_root() + "/test/conf/broken/many_errors.conf";
  RunResult r = checkconf(shell_quote(file), true);
  CHECK(r.status == 2);
  std::istringstream lines(r.out);
  std::vector<std::string> got;
  for (std::string l; std::getline(lines, l);) got.push_back(l);
  REQUIRE(got.size() == 6);
  CHECK(got[0] == file + ":8: port: expected <number from 1 to 65535>, not 'x'");
  CHECK(got[1] == file + ":9: unknown option 'bogus' in server: clause");
  CHECK(got[5] == "read " + file + " failed: 5 errors in configuration file");

  RunResult missing = checkconf("/nonexistent/lnsd.conf", true);
  CHECK(missing.status == 2);
  CHECK(missing.out.starts_with("/nonexistent/lnsd.conf: cannot open: No such file or directory\n"));
}

TEST_CASE("lnsd-checkconf -o, -z, -p, -s and -a answer like nsd-checkconf", "[conf][checkconf]") {
  const std::string zones = shell_quote(compare_file("zones.conf"));
  CHECK(checkconf("-o port " + zones).out == "53\n");
  // Canonical order (RFC 4034 §6.1), as nsd-checkconf lists them.
  CHECK(checkconf("-o ZONES " + zones).out ==
        "example.com\nafter.example\nbefore.example\nsecondary.example.\ntwice.example\nExample.NET.\n"
        "a.b.example.org\n");
  CHECK(checkconf("-z example.net -o zonefile " + zones).out == "other/%s\n");
  CHECK(checkconf("-z example.com. -o request_xfr " + zones).out ==
        "192.0.2.1 k2\n2001:db8::1@5353 NOKEY\n198.51.100.1 tsig.example.\n");
  CHECK(checkconf("-p nested -o zonestats " + zones).out == "group1\n");
  CHECK(checkconf("-p nested -o name " + zones).out == "nested\n");
  CHECK(checkconf("-s k2 " + zones).out == "aGVsbG8gd29ybGQ=\n");
  CHECK(checkconf("-a tsig.example " + zones).out == "hmac-sha512\n");
  CHECK(checkconf("-z example.com " + zones).out.empty());  // no -o: nothing

  RunResult unknown = checkconf("-o no-such-option " + zones, true);
  CHECK(unknown.status == 1);
  CHECK(unknown.out == "Server option not handled: no-such-option\n");
  RunResult no_zone = checkconf("-z nowhere.example -o zonefile " + zones, true);
  CHECK(no_zone.status == 1);
  CHECK(no_zone.out == "Zone does not exist: nowhere.example\n");
  CHECK(checkconf("-p nothing -o zonefile " + zones).status == 1);
  CHECK(checkconf("-s nokey " + zones).status == 1);
}

TEST_CASE("lnsd-checkconf -f shows relative paths inside the chroot", "[conf][checkconf]") {
  TempDir dir;
  const std::string file = dir.write("c.conf",
                                     "server:\n chroot: /srv/lnsd\n zonesdir: /srv/lnsd\n pidfile: lnsd.pid\n"
                                     " xfrdfile: /srv/lnsd/x\n zonelistfile: /srv/lnsd/z\n xfrdir: /srv/lnsd/t\n"
                                     "zone:\n name: example.com\n zonefile: example.com.zone\n");
  CHECK(checkconf("-o pidfile " + shell_quote(file)).out == "lnsd.pid\n");
  CHECK(checkconf("-f -o pidfile " + shell_quote(file)).out == "/srv/lnsd/lnsd.pid\n");
  CHECK(checkconf("-f -o xfrdfile " + shell_quote(file)).out == "/srv/lnsd/x\n");
  CHECK(checkconf("-f -z example.com -o zonefile " + shell_quote(file)).out == "/srv/lnsd/example.com.zone\n");
}

TEST_CASE("lnsd-checkconf -v matches nsd-checkconf -v for keys, patterns and zones", "[conf][checkconf][nsd]") {
  REQUIRE(run("command -v nsd-checkconf").status == 0);
  for (std::string file : {compare_file("zones.conf"), data_dir() + "/seed_primary.conf",
                           data_dir() + "/seed_secondary.conf", data_dir() + "/seed_hidden_primary.conf",
                           data_dir() + "/seed_hidden_secondary.conf"}) {
    INFO(file);
    RunResult ours = checkconf("-v " + shell_quote(file));
    REQUIRE(ours.status == 0);
    RunResult nsd = run("nsd-checkconf -v " + shell_quote(file));
    REQUIRE(nsd.status == 0);
    // NSD 4.6 spells allow-query with an underscore when it prints it.
    CHECK(clauses_part(ours.out) == replace_all(clauses_part(nsd.out), "\tallow_query:", "\tallow-query:"));
  }
}

TEST_CASE("lnsd-checkconf -v matches nsd-checkconf -v for the server options it sets", "[conf][checkconf][nsd]") {
  REQUIRE(run("command -v nsd-checkconf").status == 0);
  const std::string file = compare_file("server_all.conf");
  RunResult ours = checkconf("-v " + shell_quote(file));
  RunResult nsd = run("nsd-checkconf -v " + shell_quote(file));
  REQUIRE(ours.status == 0);
  REQUIRE(nsd.status == 0);
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text.substr(0, text.find("\nkey:")));
    for (std::string l; std::getline(in, l);) {
      if (l.starts_with("\t")) out.push_back(l);
    }
    return out;
  };
  std::vector<std::string> nsd_lines = lines(nsd.out);
  size_t same = 0;
  for (const std::string& line : lines(ours.out)) {
    // NSD writes chroot, zonesdir and xfrdir with a trailing slash when there is a chroot.
    std::string key = line.substr(0, line.find(':'));
    if (key == "\tchroot" || key == "\tzonesdir" || key == "\txfrdir") continue;
    INFO(line);
    if (std::find(nsd_lines.begin(), nsd_lines.end(), line) != nsd_lines.end()) {
      ++same;
      continue;
    }
    // Options NSD 4.6 does not have.
    const bool lnsd_only = key == "\ttcp-listen-queue" || key == "\t#tcp-listen-queue" ||
                           key == "\tlog-time-iso" || key == "\treload-config" ||
                           key == "\t#cookie-staging-secret" || key == "\t#cookie-secret" ||
                           key == "\tcookie-secret";
    CHECK(lnsd_only);
  }
  CHECK(same > 60);
}

TEST_CASE("lnsd-checkconf -v output reads back to the same configuration", "[conf][checkconf]") {
  TempDir dir;
  for (std::string file : {compare_file("zones.conf"), compare_file("server_all.conf"),
                           compare_file("server_other.conf"), data_dir() + "/seed_hidden_primary.conf"}) {
    INFO(file);
    RunResult first = checkconf("-v " + shell_quote(file));
    REQUIRE(first.status == 0);
    const std::string copy = dir.write("copy.conf", first.out);
    RunResult second = checkconf("-v " + shell_quote(copy), true);
    REQUIRE(second.status == 0);
    auto body = [](const std::string& s) { return s.substr(s.find('\n')); };  // past "# Read file"
    CHECK(body(second.out) == body(first.out));
  }
}

TEST_CASE("lnsd-checkconf --format yaml prints the resolved configuration as YAML", "[conf][checkconf]") {
  RunResult r = checkconf("--format yaml " + shell_quote(compare_file("zones.conf")));
  REQUIRE(r.status == 0);
  YAML::Node doc = YAML::Load(r.out);
  CHECK(doc["server"]["port"].as<int>() == 53);
  CHECK(doc["server"]["identity"].IsNull());
  CHECK(doc["keys"][0]["algorithm"].as<std::string>() == "hmac-sha512");
  YAML::Node zone = doc["zones"][1];
  CHECK(zone["name"].as<std::string>() == "Example.NET.");
  CHECK(zone["include-pattern"][0].as<std::string>() == "nested");
  CHECK(zone["ixfr-number"].as<int>() == 2);
  CHECK(zone["request-xfr"][0].as<std::string>() == "AXFR 192.0.2.1 k2");
  CHECK(zone["zonefile-path"].as<std::string>().ends_with("/other/Example.NET."));

  RunResult one = checkconf("--format yaml -z example.com -o notify " + shell_quote(compare_file("zones.conf")));
  YAML::Node notify = YAML::Load(one.out);
  REQUIRE(notify.IsSequence());
  CHECK(notify[1].as<std::string>() == "2001:db8::5@5300 k2");
}

TEST_CASE("lnsd-checkconf usage", "[conf][checkconf]") {
  RunResult help = checkconf("-h");
  CHECK(help.status == 0);
  CHECK(help.out.starts_with("usage: lnsd-checkconf"));
  CHECK(checkconf("").status == 1);
  CHECK(checkconf("a.conf b.conf").status == 1);
  CHECK(checkconf("--format json a.conf").status == 1);
}
