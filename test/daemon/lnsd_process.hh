// The real lnsd started by a test: its own directory with lnsd.conf, pid
// file and log, loopback addresses on a free port, readiness awaited through
// NOTIFY_SOCKET (as systemd would), and children found through /proc.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "net_client.hh"

namespace lnsd::test {

struct ChildProcess {
  pid_t pid = 0;
  std::string name;  // /proc/pid/comm: "lnsd-server-1", "lnsd-xfrd"
};

class LnsdProcess {
 public:
  // `server_lines` are appended to the server: clause.
  explicit LnsdProcess(const std::vector<std::string>& server_lines = {}, const std::vector<std::string>& flags = {});
  ~LnsdProcess();

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path pidfile() const { return dir_ / "lnsd.pid"; }
  std::filesystem::path logfile() const { return dir_ / "lnsd.log"; }
  uint16_t port() const { return port_; }
  SocketAddress address(int family) const { return loopback_address(family, port_); }

  // Starts lnsd -d (foreground) or in the background; false if it does not
  // report readiness within a few seconds.
  bool start(bool foreground = true);
  pid_t pid() const { return pid_; }
  // The exit status once it has exited within `timeout`, nullopt otherwise.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  void signal(int signo) const;

  // The next notification datagram ("READY=1...") within `timeout`.
  std::optional<std::string> notification(std::chrono::milliseconds timeout = 5000ms);
  std::vector<ChildProcess> children() const;
  std::optional<ChildProcess> child(const std::string& name) const;
  std::string log() const;
  std::string output() const;  // lnsd's stdout and stderr
  // Waits (bounded) until the log contains `text`.
  bool log_shows(const std::string& text, std::chrono::milliseconds timeout = 3000ms) const;

  std::vector<std::string> flags;

 private:
  std::filesystem::path dir_;
  uint16_t port_;
  pid_t pid_ = 0;
  bool reaped_ = false;
  int exit_status_ = 0;
  UniqueFd notify_;
};

// A DNS query for example.com/A with `id`.
Bytes dns_query(uint16_t id);
// The RCODE of a response to id, or -1.
int response_rcode(const std::optional<Bytes>& response, uint16_t id);
bool process_exists(pid_t pid);

}  // namespace lnsd::test
