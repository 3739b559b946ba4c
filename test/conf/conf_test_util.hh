// Helpers shared by the configuration tests: where the sources and the
// build are, running a program, loading configuration text.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "conf/load.hh"

namespace lnsd::conf::test {

inline std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

inline std::string source_root() { return env_or("LNSD_SOURCE_ROOT", "."); }
inline std::string build_root() { return env_or("LNSD_BUILD_ROOT", "."); }
inline std::string data_dir() { return source_root() + "/test/conf/data"; }
inline std::string checkconf_path() { return build_root() + "/control/lnsd-checkconf"; }

struct RunResult {
  int status = -1;  // exit status, or -1 if the program did not exit normally
  std::string out;  // standard output (and standard error when merged)
};

// Runs a shell command and collects its output.
inline RunResult run(const std::string& command) {
  RunResult r;
  std::FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A directory of its own under the system's temporary directory, removed at
// the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "lnsd-conf-XXXXXX").string();
    path_ = mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::string path_;
};

// Loads configuration text that must be valid; the test fails with the
// messages otherwise.
inline Config load_ok(const std::string& text, const std::string& name = "test.conf") {
  auto c = load_config_text(text, name);
  if (!c) {
    std::string all;
    for (const Diagnostic& d : c.error()) all += d.text() + "\n";
    INFO(all);
    REQUIRE(c.has_value());
  }
  return std::move(*c);
}

// The messages of configuration text that must be invalid.
inline std::vector<std::string> load_errors(const std::string& text, const std::string& name = "test.conf") {
  auto c = load_config_text(text, name);
  REQUIRE_FALSE(c.has_value());
  std::vector<std::string> out;
  for (const Diagnostic& d : c.error()) out.push_back(d.text());
  return out;
}

}  // namespace lnsd::conf::test
