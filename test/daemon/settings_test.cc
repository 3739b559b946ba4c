// The daemon's settings: NSD's command-line flags (daemon/command_line.hh)
// and the server: options of lnsd.conf (daemon/settings_from_config.hh).
#include <catch2/catch.hpp>

#include <vector>

#include "conf/load.hh"
#include "daemon/command_line.hh"
#include "daemon/settings_from_config.hh"

using namespace lnsd;

namespace {

Expected<CommandLine, Error> parse(std::vector<const char*> args) { return parse_command_line(args); }

ServerSettings from_text(const std::string& text) {
  auto config = conf::load_config_text(text, "test.conf");
  REQUIRE(config);
  auto settings = settings_from_config(*config);
  REQUIRE(settings);
  return *settings;
}

std::string config_error(const std::string& text) {
  auto config = conf::load_config_text(text, "test.conf");
  REQUIRE(config);
  auto settings = settings_from_config(*config);
  REQUIRE_FALSE(settings);
  return settings.error().message;
}

}  // namespace

TEST_CASE("each of NSD's flags sets its option", "[settings][flags]") {
  auto line = parse({"-c", "/etc/x.conf", "-d", "-p", "5353", "-a", "127.0.0.1", "-a", "::1@5300", "-N", "4", "-n",
                     "50", "-P", "/run/x.pid", "-u", "nobody", "-t", "/chroot", "-l", "/var/log/x", "-V", "2"});
  REQUIRE(line);
  ServerSettings settings;
  apply_command_line(*line, settings);
  CHECK(settings.config_file == "/etc/x.conf");
  CHECK(settings.foreground);
  CHECK(settings.port == 5353);
  REQUIRE(settings.ip_addresses.size() == 2);
  CHECK(settings.ip_addresses[0].address == "127.0.0.1");
  CHECK(settings.ip_addresses[1].address == "::1@5300");
  CHECK(settings.server_count == 4);
  CHECK(settings.tcp_count == 50);
  CHECK(settings.pidfile == "/run/x.pid");
  CHECK(settings.username == "nobody");
  CHECK(settings.chroot == "/chroot");
  CHECK(settings.logfile == "/var/log/x");
  CHECK(settings.verbosity == 2);
}

TEST_CASE("flags combine and take attached values as getopt's do", "[settings][flags]") {
  auto line = parse({"-d4", "-p5353", "-V3"});
  REQUIRE(line);
  CHECK(line->foreground);
  CHECK(line->only_ip4);
  CHECK(line->port == 5353);
  CHECK(line->verbosity == 3);
  ServerSettings settings;
  apply_command_line(*line, settings);
  CHECK(settings.do_ip4);
  CHECK_FALSE(settings.do_ip6);
}

TEST_CASE("-6 keeps only IPv6, and excludes -4", "[settings][flags]") {
  auto line = parse({"-6"});
  REQUIRE(line);
  ServerSettings settings;
  apply_command_line(*line, settings);
  CHECK_FALSE(settings.do_ip4);
  CHECK(settings.do_ip6);
  CHECK_FALSE(parse({"-4", "-6"}));
}

TEST_CASE("an empty -u or -P value is kept: NSD's way to switch them off", "[settings][flags]") {
  auto line = parse({"-u", "", "-P", ""});
  REQUIRE(line);
  ServerSettings settings;
  apply_command_line(*line, settings);
  CHECK(settings.username.empty());
  CHECK(settings.pidfile.empty());
}

TEST_CASE("flags not given leave the configuration alone", "[settings][flags]") {
  ServerSettings settings;
  settings.port = 5300;
  settings.ip_addresses = {ListenSpec{"192.0.2.1", {}}};
  settings.verbosity = 1;
  auto line = parse({"-d"});
  REQUIRE(line);
  apply_command_line(*line, settings);
  CHECK(settings.port == 5300);
  CHECK(settings.ip_addresses.size() == 1);
  CHECK(settings.verbosity == 1);
}

TEST_CASE("bad flags are errors that say what is wrong", "[settings][flags]") {
  CHECK(parse({"-x"}).error().message.find("unknown option -x") != std::string::npos);
  CHECK(parse({"-p"}).error().message.find("needs a value") != std::string::npos);
  CHECK(parse({"-p", "0"}).error().message.find("-p") != std::string::npos);
  CHECK(parse({"-p", "65536"}).has_value() == false);
  CHECK(parse({"-N", "two"}).has_value() == false);
  CHECK(parse({"-N", "0"}).has_value() == false);
  CHECK(parse({"operand"}).error().message.find("unexpected argument") != std::string::npos);
}

TEST_CASE("-v and -h are recognised", "[settings][flags]") {
  CHECK(parse({"-v"})->show_version);
  CHECK(parse({"-h"})->show_help);
  CHECK(usage_text().find("-N count") != std::string::npos);
}

TEST_CASE("validation refuses what cannot run", "[settings]") {
  ServerSettings settings;
  CHECK(validate(settings));
  settings.server_count = 0;
  CHECK_FALSE(validate(settings));
  settings = ServerSettings{};
  settings.do_ip4 = settings.do_ip6 = false;
  CHECK_FALSE(validate(settings));
  settings = ServerSettings{};
  settings.tcp_timeout = std::chrono::milliseconds(0);
  CHECK_FALSE(validate(settings));
}

TEST_CASE("the defaults are NSD's", "[settings]") {
  ServerSettings settings;
  CHECK(settings.port == 53);
  CHECK(settings.server_count == 1);
  CHECK(settings.tcp_count == 100);
  CHECK(settings.tcp_timeout == std::chrono::seconds(120));
  CHECK(settings.tcp_query_count == 0);
  CHECK(settings.config_file == "/etc/lnsd/lnsd.conf");
  CHECK(settings.ip_addresses.empty());
}

TEST_CASE("lnsd.conf's server: options fill the settings", "[settings][conf]") {
  ServerSettings s = from_text(
      "server:\n"
      "  ip-address: 192.0.2.1\n"
      "  ip-address: 2001:db8::1@5300\n"
      "  port: 5353\n"
      "  server-count: 3\n"
      "  reuseport: yes\n"
      "  ip-freebind: yes\n"
      "  ip-transparent: yes\n"
      "  send-buffer-size: 8388608\n"
      "  receive-buffer-size: 2097152\n"
      "  tcp-count: 20\n"
      "  tcp-reject-overflow: yes\n"
      "  tcp-query-count: 7\n"
      "  tcp-timeout: 30\n"
      "  tcp-listen-queue: 64\n"
      "  do-ip6: no\n"
      "  username: \"\"\n"
      "  pidfile: \"/tmp/x.pid\"\n"
      "  logfile: \"/tmp/x.log\"\n"
      "  verbosity: 2\n"
      "  debug-mode: yes\n"
      "  statistics: 60\n"
      "  log-time-ascii: no\n");
  REQUIRE(s.ip_addresses.size() == 2);
  CHECK(s.ip_addresses[0].address == "192.0.2.1");
  CHECK(s.ip_addresses[1].address == "2001:db8::1@5300");
  CHECK(s.port == 5353);
  CHECK(s.server_count == 3);
  CHECK(s.reuseport);
  CHECK(s.ip_freebind);
  CHECK(s.ip_transparent);
  CHECK(s.send_buffer_size == 8388608);
  CHECK(s.receive_buffer_size == 2097152);
  CHECK(s.tcp_count == 20);
  CHECK(s.tcp_reject_overflow);
  CHECK(s.tcp_query_count == 7);
  CHECK(s.tcp_timeout == std::chrono::seconds(30));
  CHECK(s.tcp_listen_queue == 64);
  CHECK_FALSE(s.do_ip6);
  CHECK(s.username.empty());
  CHECK(s.pidfile == "/tmp/x.pid");
  CHECK(s.logfile == "/tmp/x.log");
  CHECK(s.verbosity == 2);
  CHECK(s.foreground);
  CHECK(s.statistics == 60);
  CHECK_FALSE(s.log_time_ascii);
}

TEST_CASE("servers= limits an address to some servers", "[settings][conf]") {
  ServerSettings s = from_text("server:\n  ip-address: 127.0.0.1 servers=\"1-2 4\"\n  server-count: 4\n");
  REQUIRE(s.ip_addresses.size() == 1);
  using Range = std::pair<unsigned, unsigned>;
  CHECK(s.ip_addresses[0].servers == std::vector<Range>{{1, 2}, {4, 4}});
}

TEST_CASE("a scoped IPv6 address keeps its interface", "[settings][conf]") {
  ServerSettings s = from_text("server:\n  ip-address: fe80::1%lo@5300\n");
  REQUIRE(s.ip_addresses.size() == 1);
  CHECK(s.ip_addresses[0].address == "fe80::1%lo@5300");
}

TEST_CASE("listening options lnsd cannot honour are errors, not silence", "[settings][conf]") {
  CHECK(config_error("server:\n  ip-address: eth0\n").find("interface name") != std::string::npos);
  CHECK(config_error("server:\n  ip-address: 192.0.2.1 bindtodevice=yes\n").find("bindtodevice") !=
        std::string::npos);
}
