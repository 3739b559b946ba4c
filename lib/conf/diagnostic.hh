// Where a configuration value came from, and the errors found in it. Every
// error names its file and line ("nsd.conf:12: unknown option 'foo'"), and
// the reader collects all of them instead of stopping at the first.
#pragma once

#include <string>
#include <vector>

namespace lnsd::conf {

struct Position {
  std::string file;
  int line = 0;
  bool operator==(const Position&) const = default;
};

struct Diagnostic {
  Position where;
  std::string message;

  // "file:line: message", the form nsd-checkconf and compilers use.
  std::string text() const;
  bool operator==(const Diagnostic&) const = default;
};

class Diagnostics {
 public:
  // A repeated report (same place, same words) is kept once: an error in a
  // pattern can be reached from every zone that includes it.
  void error(const Position& where, std::string message);
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::vector<Diagnostic> take() { return std::move(list_); }

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace lnsd::conf
