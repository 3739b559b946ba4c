// What lnsd-zonec tells the operator: each finding with its place in the
// source (file:line:column), a message saying what is wrong and a fix
// saying what to write instead. Printed as text for people, as one JSON
// array for tools, or as GitHub workflow commands that a CI system shows as
// annotations on the offending line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lnsd::zonec {

enum class Severity : uint8_t { Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;
  uint32_t line = 1;
  uint32_t column = 1;
  std::string check;    // a stable short name, e.g. "cname-and-other-data"
  std::string message;  // what is wrong
  std::string fix;      // what to do about it
};

// Collects diagnostics. Counting never stops, but only the first `limit`
// are kept: a zone with a systematic mistake should not print a million
// lines.
class Diagnostics {
 public:
  static constexpr size_t kDefaultLimit = 1000;
  explicit Diagnostics(size_t limit = kDefaultLimit) : limit_(limit) {}

  void add(Diagnostic d);
  void error(std::string file, uint32_t line, uint32_t column, std::string check,
             std::string message, std::string fix);
  void warning(std::string file, uint32_t line, uint32_t column, std::string check,
               std::string message, std::string fix);

  // --werror: every warning so far and from now on counts as an error.
  void set_warnings_are_errors(bool on);

  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  size_t omitted() const { return omitted_; }  // counted but not kept
  const std::vector<Diagnostic>& items() const { return items_; }

  // Appends another collection (the zones of a configuration), keeping
  // this one's limit.
  void merge(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
  size_t limit_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  size_t omitted_ = 0;
  bool werror_ = false;
};

enum class DiagnosticFormat : uint8_t { Text, Json, Github };

// "file:line:col: error: message (fix: ...)", one per line, then a line
// counting what was omitted, if anything.
std::string format_text(const Diagnostics& diags);
// [{"file":..,"line":..,"column":..,"severity":"error","check":..,
//   "message":..,"fix":..}, ...]
std::string format_json(const Diagnostics& diags);
// "::error file=F,line=L,col=C,title=CHECK::message (fix: ...)"
std::string format_github(const Diagnostics& diags);
std::string format_diagnostics(const Diagnostics& diags, DiagnosticFormat format);

}  // namespace lnsd::zonec
