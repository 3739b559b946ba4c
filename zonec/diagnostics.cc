#include "diagnostics.hh"

#include <cstdio>

namespace lnsd::zonec {

void Diagnostics::add(Diagnostic d) {
  if (werror_) d.severity = Severity::Error;
  if (d.severity == Severity::Error) {
    ++errors_;
  } else {
    ++warnings_;
  }
  if (items_.size() < limit_) {
    items_.push_back(std::move(d));
  } else {
    ++omitted_;
  }
}

void Diagnostics::error(std::string file, uint32_t line, uint32_t column, std::string check,
                        std::string message, std::string fix) {
  add({Severity::Error, std::move(file), line, column, std::move(check), std::move(message),
       std::move(fix)});
}

void Diagnostics::warning(std::string file, uint32_t line, uint32_t column, std::string check,
                          std::string message, std::string fix) {
  add({Severity::Warning, std::move(file), line, column, std::move(check), std::move(message),
       std::move(fix)});
}

void Diagnostics::set_warnings_are_errors(bool on) {
  werror_ = on;
  if (!on) return;
  for (auto& d : items_) d.severity = Severity::Error;
  errors_ += warnings_;
  warnings_ = 0;
}

void Diagnostics::merge(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
  // What the other collection counted but did not keep.
  size_t other_omitted_errors = other.errors_;
  size_t other_omitted_warnings = other.warnings_;
  for (const auto& d : other.items_) {
    if (d.severity == Severity::Error) {
      --other_omitted_errors;
    } else {
      --other_omitted_warnings;
    }
  }
  if (werror_) {
    errors_ += other_omitted_errors + other_omitted_warnings;
  } else {
    errors_ += other_omitted_errors;
    warnings_ += other_omitted_warnings;
  }
  omitted_ += other.omitted_;
}

namespace {

std::string_view severity_text(Severity s) { return s == Severity::Error ? "error" : "warning"; }

void append_omitted(const Diagnostics& diags, std::string& out) {
  if (diags.omitted() == 0) return;
  out += "lnsd-zonec: " + std::to_string(diags.omitted()) +
         " more diagnostics not shown (the first " + std::to_string(diags.items().size()) +
         " are)\n";
}

void append_json_string(std::string_view s, std::string& out) {
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// GitHub workflow commands: data escapes %, CR and LF; property values
// also escape ':' and ','.
void append_github_escaped(std::string_view s, bool property, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':':
        if (property) {
          out += "%3A";
        } else {
          out.push_back(c);
        }
        break;
      case ',':
        if (property) {
          out += "%2C";
        } else {
          out.push_back(c);
        }
        break;
      default: out.push_back(c);
    }
  }
}

}  // namespace

std::string format_text(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += d.file;
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column) + ": ";
    out += severity_text(d.severity);
    out += ": ";
    out += d.message;
    if (!d.fix.empty()) out += " (fix: " + d.fix + ")";
    out += '\n';
  }
  append_omitted(diags, out);
  return out;
}

std::string format_json(const Diagnostics& diags) {
  std::string out = "[";
  bool first = true;
  for (const auto& d : diags.items()) {
    out += first ? "\n  {" : ",\n  {";
    first = false;
    out += "\"file\": ";
    append_json_string(d.file, out);
    out += ", \"line\": " + std::to_string(d.line);
    out += ", \"column\": " + std::to_string(d.column);
    out += ", \"severity\": ";
    append_json_string(severity_text(d.severity), out);
    out += ", \"check\": ";
    append_json_string(d.check, out);
    out += ", \"message\": ";
    append_json_string(d.message, out);
    out += ", \"fix\": ";
    append_json_string(d.fix, out);
    out += "}";
  }
  out += first ? "]\n" : "\n]\n";
  return out;
}

std::string format_github(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += "::";
    out += severity_text(d.severity);
    out += " file=";
    append_github_escaped(d.file, true, out);
    out += ",line=" + std::to_string(d.line) + ",col=" + std::to_string(d.column);
    out += ",title=";
    append_github_escaped(d.check, true, out);
    out += "::";
    append_github_escaped(d.message, false, out);
    if (!d.fix.empty()) {
      out += " (fix: ";
      append_github_escaped(d.fix, false, out);
      out += ")";
    }
    out += '\n';
  }
  append_omitted(diags, out);
  return out;
}

std::string format_diagnostics(const Diagnostics& diags, DiagnosticFormat format) {
  switch (format) {
    case DiagnosticFormat::Json: return format_json(diags);
    case DiagnosticFormat::Github: return format_github(diags);
    case DiagnosticFormat::Text: break;
  }
  return format_text(diags);
}

}  // namespace lnsd::zonec
