#include "lnsd_process.hh"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_answerer.hh"

namespace lnsd::test {
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lnsd_binary() {
  const char* root = std::getenv("LNSD_BUILD_ROOT");
  return std::string(root != nullptr ? root : ".") + "/daemon/lnsd";
}

}  // namespace

LnsdProcess::LnsdProcess(const std::vector<std::string>& server_lines, const std::vector<std::string>& extra_flags)
    : flags(extra_flags), port_(free_port()) {
  char name[] = "/tmp/lnsd-process-test-XXXXXX";
  if (mkdtemp(name) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = name;
  std::ofstream conf(dir_ / "lnsd.conf");
  conf << "server:\n"
       << "  ip-address: 127.0.0.1\n"
       << "  ip-address: ::1\n"
       << "  port: " << port_ << "\n"
       << "  username: \"\"\n"
       << "  zonesdir: \"" << dir_.string() << "\"\n"
       << "  pidfile: \"" << pidfile().string() << "\"\n"
       << "  logfile: \"" << logfile().string() << "\"\n"
       << "  verbosity: 2\n";
  for (const auto& line : server_lines) conf << "  " << line << "\n";

  notify_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", (dir_ / "notify").c_str());
  if (::bind(notify_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot bind the notify socket");
  }
}

LnsdProcess::~LnsdProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGTERM);
    if (!wait_exit(5000ms)) {
      ::kill(pid_, SIGKILL);
      wait_exit(5000ms);
    }
  }
  // A daemon started in the background is not our child: stop it by its pid file.
  std::ifstream pidfile_in(pidfile());
  pid_t daemon = 0;
  if (pidfile_in >> daemon && daemon > 0 && daemon != pid_ && process_exists(daemon)) {
    ::kill(daemon, SIGTERM);
    for (int i = 0; i < 100 && process_exists(daemon); ++i) std::this_thread::sleep_for(20ms);
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

bool LnsdProcess::start(bool foreground) {
  std::vector<std::string> args = {lnsd_binary(), "-c", (dir_ / "lnsd.conf").string()};
  if (foreground) args.push_back("-d");
  args.insert(args.end(), flags.begin(), flags.end());
  std::string output = (dir_ / "output").string();
  std::string notify = (dir_ / "notify").string();
  pid_ = ::fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* out = std::freopen(output.c_str(), "w", stdout);
    if (out != nullptr) ::dup2(STDOUT_FILENO, STDERR_FILENO);
    ::setenv("NOTIFY_SOCKET", notify.c_str(), 1);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  // Ready, or failed: a command that exits with an error will never be.
  auto deadline = std::chrono::steady_clock::now() + 5000ms;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto ready = notification(50ms)) return ready->find("READY=1") != std::string::npos;
    if (!reaped_) {
      if (auto status = wait_exit(0ms); status && *status != 0) return false;
    }
  }
  return false;
}

std::optional<int> LnsdProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (reaped_) return exit_status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_status_;
    }
    if (done < 0 || std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

void LnsdProcess::signal(int signo) const { ::kill(pid_, signo); }

std::optional<std::string> LnsdProcess::notification(std::chrono::milliseconds timeout) {
  if (!wait_readable(notify_.get(), timeout)) return std::nullopt;
  char buffer[512];
  ssize_t n = ::recv(notify_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
  if (n < 0) return std::nullopt;
  return std::string(buffer, size_t(n));
}

std::vector<ChildProcess> LnsdProcess::children() const {
  std::vector<ChildProcess> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = slurp(entry.path() / "stat");
    // "pid (comm) state ppid ...": comm may hold spaces, so parse after ')'.
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != pid_ || state == 'Z') continue;
    std::string comm = slurp(entry.path() / "comm");
    if (!comm.empty() && comm.back() == '\n') comm.pop_back();
    found.push_back(ChildProcess{pid_t(std::stoi(name)), comm});
  }
  return found;
}

std::optional<ChildProcess> LnsdProcess::child(const std::string& name) const {
  for (const auto& c : children()) {
    if (c.name == name) return c;
  }
  return std::nullopt;
}

std::string LnsdProcess::log() const { return slurp(logfile()); }
std::string LnsdProcess::output() const { return slurp(dir_ / "output"); }

bool LnsdProcess::log_shows(const std::string& text, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (log().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

Bytes dns_query(uint16_t id) {
  Bytes q = {uint8_t(id >> 8), uint8_t(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
             7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
  return q;
}

int response_rcode(const std::optional<Bytes>& response, uint16_t id) {
  if (!response || response->size() < 12) return -1;
  if (message_id(*response) != id || ((*response)[2] & 0x80) == 0) return -1;
  return (*response)[3] & 0x0F;
}

bool process_exists(pid_t pid) {
  std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

}  // namespace lnsd::test
