// The operational pieces: the log, the pid file, privileges and chroot
// paths, systemd notification, the command channel.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/channel.hh"
#include "daemon/log.hh"
#include "daemon/pidfile.hh"
#include "daemon/privileges.hh"
#include "daemon/systemd_notify.hh"
#include "net_client.hh"

using namespace lnsd;
using namespace lnsd::test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/lnsd-daemon-test-XXXXXX";
    path = mkdtemp(name);
  }
  ~TempDir() { fs::remove_all(path); }
};

// The log goes back to stderr after each test that redirects it.
struct LogToFile {
  explicit LogToFile(const fs::path& file, int verbosity = 0, bool iso = false) {
    LogOptions options;
    options.destination = LogDestination::File;
    options.file = file;
    options.verbosity = verbosity;
    options.time_iso = iso;
    REQUIRE(log_open(options));
  }
  ~LogToFile() { log_open(LogOptions{}); }
};

}  // namespace

TEST_CASE("log lines carry time, process and level, and respect the verbosity", "[log]") {
  TempDir dir;
  {
    LogToFile log(dir.path / "lnsd.log", 1);
    log_error("failed %d", 1);
    log_notice("started");
    log_info("operational");
    log_detail("too detailed");
  }
  std::string text = slurp(dir.path / "lnsd.log");
  CHECK(text.find("lnsd[" + std::to_string(getpid()) + "]: error: failed 1\n") != std::string::npos);
  CHECK(text.find("notice: started\n") != std::string::npos);
  CHECK(text.find("info: operational\n") != std::string::npos);
  CHECK(text.find("too detailed") == std::string::npos);
  CHECK(text[0] == '[');
  CHECK(text[11] == ' ');  // "[2024-05-01 12:00:00.123]"
}

TEST_CASE("log-time-iso writes RFC 3339 times", "[log]") {
  TempDir dir;
  {
    LogToFile log(dir.path / "lnsd.log", 0, true);
    log_notice("x");
  }
  std::string text = slurp(dir.path / "lnsd.log");
  REQUIRE(text.size() > 31);
  CHECK(text[11] == 'T');
  // "[2024-05-01T12:00:00.123+02:00]": the offset as +hh:mm.
  CHECK((text[24] == '+' || text[24] == '-'));
  CHECK(text[27] == ':');
  CHECK(text[30] == ']');
}

TEST_CASE("the log file is reopened after rotation", "[log]") {
  TempDir dir;
  LogToFile log(dir.path / "lnsd.log");
  log_notice("before");
  fs::rename(dir.path / "lnsd.log", dir.path / "lnsd.log.1");
  log_notice("still to the renamed file");
  REQUIRE(log_reopen(dir.path / "lnsd.log"));
  log_notice("after");
  CHECK(slurp(dir.path / "lnsd.log.1").find("still to the renamed file") != std::string::npos);
  CHECK(slurp(dir.path / "lnsd.log").find("after") != std::string::npos);
  CHECK(slurp(dir.path / "lnsd.log").find("before") == std::string::npos);
}

TEST_CASE("an unwritable log file is an error that names it", "[log]") {
  LogOptions options;
  options.destination = LogDestination::File;
  options.file = "/nonexistent-dir/lnsd.log";
  auto opened = log_open(options);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().message.find("/nonexistent-dir/lnsd.log") != std::string::npos);
}

TEST_CASE("the pid file holds the pid and is removed", "[pidfile]") {
  TempDir dir;
  fs::path file = dir.path / "lnsd.pid";
  REQUIRE(write_pidfile(file, 4242, 0, 0));
  CHECK(slurp(file) == "4242\n");
  REQUIRE(write_pidfile(file, 77, 0, 0));  // a stale file is overwritten
  CHECK(slurp(file) == "77\n");
  remove_pidfile(file);
  CHECK_FALSE(fs::exists(file));
  CHECK_FALSE(write_pidfile(dir.path / "missing" / "lnsd.pid", 1, 0, 0));
}

TEST_CASE("paths inside the chroot are seen from its root", "[privileges]") {
  CHECK(path_in_chroot("/var/lnsd/log/lnsd.log", "/var/lnsd") == "/log/lnsd.log");
  CHECK(path_in_chroot("/var/lnsd/log/lnsd.log", "/var/lnsd/") == "/log/lnsd.log");
  CHECK(path_in_chroot("/var/lnsd", "/var/lnsd") == "/");
  CHECK(path_in_chroot("/var/lnsdx/a", "/var/lnsd") == "/var/lnsdx/a");
  CHECK(path_in_chroot("/run/lnsd.pid", "") == "/run/lnsd.pid");
  CHECK(path_in_chroot("relative.log", "/var/lnsd") == "relative.log");
}

TEST_CASE("username: is a name, a uid or uid.gid", "[privileges]") {
  auto root = resolve_user("root");
  REQUIRE(root);
  CHECK(root->uid == 0);
  CHECK(root->name == "root");
  auto numeric = resolve_user("123.456");
  REQUIRE(numeric);
  CHECK(numeric->uid == 123);
  CHECK(numeric->gid == 456);
  CHECK(numeric->name.empty());
  auto missing = resolve_user("no-such-user-lnsd");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("no-such-user-lnsd") != std::string::npos);
}

TEST_CASE("readiness reaches the socket named by NOTIFY_SOCKET", "[systemd]") {
  TempDir dir;
  std::string path = (dir.path / "notify").string();
  UniqueFd listener(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);

  setenv("NOTIFY_SOCKET", path.c_str(), 1);
  auto notifier = SystemdNotifier::from_environment();
  unsetenv("NOTIFY_SOCKET");
  REQUIRE(notifier);
  CHECK(notifier->enabled());
  CHECK(notifier->notify("READY=1\nMAINPID=42"));
  REQUIRE(wait_readable(listener.get(), 1000ms));
  char buffer[128] = {};
  ssize_t n = ::recv(listener.get(), buffer, sizeof buffer - 1, 0);
  CHECK(std::string(buffer, size_t(std::max<ssize_t>(n, 0))) == "READY=1\nMAINPID=42");
}

TEST_CASE("without NOTIFY_SOCKET there is nobody to notify", "[systemd]") {
  unsetenv("NOTIFY_SOCKET");
  auto notifier = SystemdNotifier::from_environment();
  REQUIRE(notifier);
  CHECK_FALSE(notifier->enabled());
  CHECK_FALSE(notifier->notify("READY=1"));
}

TEST_CASE("channel messages arrive whole and in order, and the end is seen", "[channel]") {
  auto channel = make_channel().value();
  CHECK(send_message(channel.main_end.get(), ChannelMessage{ChannelCommand::Publish, 0, 7}));
  CHECK(send_message(channel.main_end.get(), ChannelMessage{ChannelCommand::ReopenLog, 0, 0}));
  ChannelMessage message;
  REQUIRE(receive_message(channel.child_end.get(), message) == ReceiveStatus::Message);
  CHECK(message.command == ChannelCommand::Publish);
  CHECK(message.value == 7);
  REQUIRE(receive_message(channel.child_end.get(), message) == ReceiveStatus::Message);
  CHECK(message.command == ChannelCommand::ReopenLog);
  CHECK(receive_message(channel.child_end.get(), message) == ReceiveStatus::Empty);
  channel.main_end.reset();
  CHECK(receive_message(channel.child_end.get(), message) == ReceiveStatus::Closed);
}
