// The serial guard: a zone whose content changed while its SOA serial did
// not increase (RFC 1982 serial arithmetic) leaves secondaries serving the
// old data without a word, since they transfer only on a greater serial
// (RFC 1996 §4.7, RFC 1034 §4.3.5). Compared against the previous database
// of the zone, the one the servers are serving.
#pragma once

#include <cstdint>

#include "diagnostics.hh"
#include "dns/serial.hh"

namespace lnsd::zonec {

struct LoadedZone;

struct ServedVersion {
  Serial serial;
  uint64_t content_hash = 0;  // of the database content (lnsd-zonedb(5))
};

// Reports, at the zone's SOA record, content that changed (different
// content hashes) under a serial that is not greater than the previous
// one. An error when `as_error` (lnsd-zonec --check, for CI), else a
// warning. Returns true when it reported.
bool check_serial_increase(const LoadedZone& zone, const ServedVersion& previous,
                           const ServedVersion& next, bool as_error, Diagnostics& diags);

}  // namespace lnsd::zonec
