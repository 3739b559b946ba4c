// The lnsd program itself on loopback ports: readiness, answers over UDP
// and TCP on IPv4 and IPv6, supervision, signals, the pid file, privileges.
// No zone is configured, so every answer is REFUSED, as for any name
// outside the zones.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lnsd_process.hh"
#include "test_answerer.hh"

using namespace lnsd;
using namespace lnsd::test;
namespace fs = std::filesystem;

namespace {

constexpr int kRefused = 5;

// Whether lnsd answers over UDP and TCP, IPv4 and IPv6.
bool answers(const LnsdProcess& lnsd, uint16_t id = 1) {
  for (int family : {AF_INET, AF_INET6}) {
    UdpClient udp(family);
    udp.send_to(lnsd.address(family), dns_query(id));
    if (response_rcode(udp.receive(2000ms), id) != kRefused) return false;
    TcpClient tcp(lnsd.address(family));
    if (!tcp.connected()) return false;
    tcp.send_message(dns_query(id));
    if (response_rcode(tcp.receive_message(2000ms), id) != kRefused) return false;
  }
  return true;
}

pid_t read_pidfile(const fs::path& path) {
  std::ifstream in(path);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

// Waits (bounded) for a child named `name` other than `old`.
std::optional<ChildProcess> replacement(const LnsdProcess& lnsd, const std::string& name, pid_t old,
                                        std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto child = lnsd.child(name);
    if (child && child->pid != old) return child;
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

std::string status_field(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return line.substr(field.size() + 1);
  }
  return "";
}

}  // namespace

TEST_CASE("lnsd tells systemd it is ready, then answers over UDP and TCP, IPv4 and IPv6", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start());
  CHECK(answers(lnsd));
  auto children = lnsd.children();
  CHECK(children.size() == 2);
  CHECK(lnsd.child("lnsd-server-1"));
  CHECK(lnsd.child("lnsd-xfrd"));
  CHECK(read_pidfile(lnsd.pidfile()) == lnsd.pid());
}

TEST_CASE("a server killed with SIGKILL is replaced within a second, and the event is logged", "[lnsd]") {
  LnsdProcess lnsd({"server-count: 2"});
  REQUIRE(lnsd.start());
  auto victim = lnsd.child("lnsd-server-2");
  REQUIRE(victim);
  auto killed_at = std::chrono::steady_clock::now();
  ::kill(victim->pid, SIGKILL);
  auto fresh = replacement(lnsd, "lnsd-server-2", victim->pid, 2000ms);
  REQUIRE(fresh);
  CHECK(std::chrono::steady_clock::now() - killed_at < 1000ms);
  CHECK(lnsd.log_shows("server 2 (pid " + std::to_string(victim->pid) +
                       ") was killed by signal 9 (SIGKILL); starting a replacement"));
  CHECK(lnsd.child("lnsd-server-1"));
  for (uint16_t id = 0; id < 20; ++id) CHECK(answers(lnsd, id));
}

TEST_CASE("a server that keeps dying is restarted at most once a second", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start());
  auto first = lnsd.child("lnsd-server-1");
  REQUIRE(first);
  ::kill(first->pid, SIGKILL);
  auto second = replacement(lnsd, "lnsd-server-1", first->pid, 2000ms);
  REQUIRE(second);
  auto killed_again = std::chrono::steady_clock::now();
  ::kill(second->pid, SIGKILL);
  auto third = replacement(lnsd, "lnsd-server-1", second->pid, 3000ms);
  REQUIRE(third);
  auto waited = std::chrono::steady_clock::now() - killed_again;
  CHECK(waited >= 500ms);  // the second ran far less than a second: its replacement waits
  CHECK(waited <= 1500ms);
  CHECK(answers(lnsd));
}

TEST_CASE("xfrd is supervised like the servers", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start());
  auto xfrd = lnsd.child("lnsd-xfrd");
  REQUIRE(xfrd);
  ::kill(xfrd->pid, SIGKILL);
  CHECK(replacement(lnsd, "lnsd-xfrd", xfrd->pid, 2000ms));
  CHECK(lnsd.log_shows("xfrd (pid " + std::to_string(xfrd->pid) + ") was killed by signal 9"));
}

TEST_CASE("SIGTERM stops every process and removes the pid file", "[lnsd]") {
  LnsdProcess lnsd({"server-count: 3"});
  REQUIRE(lnsd.start());
  auto children = lnsd.children();
  REQUIRE(children.size() == 4);
  REQUIRE(fs::exists(lnsd.pidfile()));
  lnsd.signal(SIGTERM);
  auto status = lnsd.wait_exit(4000ms);
  REQUIRE(status);
  CHECK(*status == 0);
  for (const auto& child : children) CHECK_FALSE(process_exists(child.pid));
  CHECK_FALSE(fs::exists(lnsd.pidfile()));
  CHECK(lnsd.log().find("notice: stopped") != std::string::npos);
  auto stopping = lnsd.notification(1000ms);
  REQUIRE(stopping);
  CHECK(*stopping == "STOPPING=1");
}

TEST_CASE("SIGINT stops lnsd as SIGTERM does", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start());
  auto children = lnsd.children();
  lnsd.signal(SIGINT);
  auto status = lnsd.wait_exit(4000ms);
  REQUIRE(status);
  CHECK(*status == 0);
  for (const auto& child : children) CHECK_FALSE(process_exists(child.pid));
}

TEST_CASE("the children stop when main is killed outright", "[lnsd]") {
  LnsdProcess lnsd({"server-count: 2"});
  REQUIRE(lnsd.start());
  auto children = lnsd.children();
  REQUIRE(children.size() == 3);
  lnsd.signal(SIGKILL);
  REQUIRE(lnsd.wait_exit(2000ms));
  auto deadline = std::chrono::steady_clock::now() + 2000ms;
  bool any = true;
  while (any && std::chrono::steady_clock::now() < deadline) {
    any = false;
    for (const auto& child : children) any = any || process_exists(child.pid);
    std::this_thread::sleep_for(10ms);
  }
  CHECK_FALSE(any);
}

TEST_CASE("SIGHUP reopens the log file and reloads, telling systemd", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start());
  fs::rename(lnsd.logfile(), lnsd.dir() / "lnsd.log.1");
  lnsd.signal(SIGHUP);
  auto reloading = lnsd.notification(2000ms);
  REQUIRE(reloading);
  CHECK(reloading->rfind("RELOADING=1", 0) == 0);
  auto ready = lnsd.notification(2000ms);
  REQUIRE(ready);
  CHECK(*ready == "READY=1");
  CHECK(lnsd.log_shows("reload requested (SIGHUP)"));
  CHECK(lnsd.log_shows("reload: no zone changed"));
  CHECK(answers(lnsd));
}

TEST_CASE("lnsd started in the background returns once it serves", "[lnsd]") {
  LnsdProcess lnsd;
  REQUIRE(lnsd.start(/*foreground=*/false));
  auto status = lnsd.wait_exit(2000ms);  // the command itself
  REQUIRE(status);
  CHECK(*status == 0);
  pid_t daemon = read_pidfile(lnsd.pidfile());
  CHECK(daemon != lnsd.pid());
  CHECK(process_exists(daemon));
  CHECK(answers(lnsd));
  ::kill(daemon, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + 4000ms;
  while (process_exists(daemon) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(process_exists(daemon));
  CHECK_FALSE(fs::exists(lnsd.pidfile()));
}

TEST_CASE("a port in use stops startup with an error on the terminal", "[lnsd]") {
  LnsdProcess first;
  REQUIRE(first.start());
  for (bool foreground : {true, false}) {
    LnsdProcess second;
    second.flags = {"-p", std::to_string(first.port())};
    CHECK_FALSE(second.start(foreground));
    auto status = second.wait_exit(3000ms);
    REQUIRE(status);
    CHECK(*status == 1);
    CHECK(second.output().find("cannot bind UDP 127.0.0.1@" + std::to_string(first.port())) != std::string::npos);
  }
}

TEST_CASE("command-line flags override lnsd.conf", "[lnsd]") {
  LnsdProcess lnsd;
  uint16_t other = free_port();
  lnsd.flags = {"-p", std::to_string(other), "-4", "-N", "2"};
  REQUIRE(lnsd.start());
  UdpClient udp(AF_INET);
  udp.send_to(loopback_address(AF_INET, other), dns_query(5));
  CHECK(response_rcode(udp.receive(), 5) == kRefused);
  UdpClient udp6(AF_INET6);
  udp6.send_to(loopback_address(AF_INET6, other), dns_query(6));
  CHECK_FALSE(udp6.receive(300ms));  // -4: no IPv6
  CHECK(lnsd.child("lnsd-server-2"));
}

TEST_CASE("with reuseport, every server has its own sockets and all answer", "[lnsd]") {
  LnsdProcess lnsd({"server-count: 2", "reuseport: yes"});
  REQUIRE(lnsd.start());
  // Many source ports, so the kernel spreads the queries over both servers.
  for (uint16_t id = 0; id < 50; ++id) {
    UdpClient udp(AF_INET);
    udp.send_to(lnsd.address(AF_INET), dns_query(id));
    REQUIRE(response_rcode(udp.receive(), id) == kRefused);
  }
  auto first = lnsd.child("lnsd-server-1");
  auto second = lnsd.child("lnsd-server-2");
  REQUIRE(first);
  REQUIRE(second);
  auto sockets_of = [](pid_t pid) {
    size_t count = 0;
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
      if (fs::read_symlink(fd.path()).string().rfind("socket:", 0) == 0) ++count;
    }
    return count;
  };
  // 2 addresses x UDP and TCP, plus the channel to main.
  CHECK(sockets_of(first->pid) == 5);
  CHECK(sockets_of(second->pid) == 5);
}

TEST_CASE("as root, lnsd drops to the configured user and chroots", "[lnsd][privileges]") {
  if (geteuid() != 0) {
    WARN("not running as root: privilege dropping not tested");
    return;
  }
  LnsdProcess lnsd({"username: nobody"});
  lnsd.flags = {"-t", lnsd.dir().string()};
  ::chmod(lnsd.dir().c_str(), 0755);
  REQUIRE(lnsd.start());
  CHECK(answers(lnsd));  // the sockets were opened before the drop
  std::vector<pid_t> pids = {lnsd.pid()};
  for (const auto& child : lnsd.children()) pids.push_back(child.pid);
  REQUIRE(pids.size() == 3);
  for (pid_t pid : pids) {
    CHECK(status_field(pid, "Uid") == "\t65534\t65534\t65534\t65534");
    std::istringstream groups(status_field(pid, "Groups"));
    for (std::string group; groups >> group;) CHECK(group != "0");
    CHECK(fs::read_symlink("/proc/" + std::to_string(pid) + "/root") == lnsd.dir());
  }
  // The pid file, written as root, belongs to the user so main can remove it.
  struct stat info{};
  REQUIRE(::stat(lnsd.pidfile().c_str(), &info) == 0);
  CHECK(info.st_uid == 65534);
  lnsd.signal(SIGTERM);
  CHECK(lnsd.wait_exit(4000ms));
}
