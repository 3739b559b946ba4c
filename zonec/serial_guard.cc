#include "serial_guard.hh"

#include "compile.hh"

namespace lnsd::zonec {

bool check_serial_increase(const LoadedZone& zone, const ServedVersion& previous,
                           const ServedVersion& next, bool as_error, Diagnostics& diags) {
  if (next.content_hash == previous.content_hash) return false;
  if (next.serial > previous.serial) return false;
  const auto& content = *zone.content;
  // Point at the SOA record when there is one.
  Diagnostic d;
  d.severity = as_error ? Severity::Error : Severity::Warning;
  d.file = content.sources().empty() ? std::string() : content.sources()[0].path;
  if (const auto& pos = zone.soa_position) {
    d.file = pos->file < content.sources().size() ? content.sources()[pos->file].path : d.file;
    d.line = pos->line;
    d.column = pos->column;
  }
  d.check = "serial-not-increased";
  std::string old_serial = std::to_string(previous.serial.value());
  std::string new_serial = std::to_string(next.serial.value());
  if (next.serial == previous.serial) {
    d.message = "the zone's content changed but its SOA serial is still " + new_serial +
                ": secondaries will not transfer the change and keep serving the old data";
  } else if (!next.serial.comparable(previous.serial)) {
    d.message = "the SOA serial " + new_serial + " is exactly 2^31 away from the previous " +
                old_serial + ", so secondaries cannot tell which is newer (RFC 1982 §3.2)";
  } else {
    d.message = "the SOA serial went backwards, from " + old_serial + " to " + new_serial +
                " in RFC 1982 terms: secondaries will keep serving the old data";
  }
  d.fix = "set the SOA serial to " + std::to_string(Serial::next_after(previous.serial).value()) +
          " or higher (at most 2^31-1 above " + old_serial + ")";
  diags.add(std::move(d));
  return true;
}

}  // namespace lnsd::zonec
