#include "conf/diagnostic.hh"

#include <algorithm>

namespace lnsd::conf {

std::string Diagnostic::text() const {
  std::string out = where.file;
  if (where.line > 0) {
    out += ':';
    out += std::to_string(where.line);
  }
  out += ": ";
  out += message;
  return out;
}

void Diagnostics::error(const Position& where, std::string message) {
  Diagnostic d{where, std::move(message)};
  if (std::find(list_.begin(), list_.end(), d) == list_.end()) list_.push_back(std::move(d));
}

}  // namespace lnsd::conf
