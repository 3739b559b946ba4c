// The checks a careful operator would make on a zone before serving it,
// run over the finalized content (names in canonical order, RRsets merged).
//
// Errors, as NSD gives them: no SOA or more than one, an SOA below the apex,
// a CNAME beside other data (RRSIG and NSEC excepted, RFC 4035 §2.5) or two
// CNAMEs at one name. Warnings: data occluded by a DNAME or a delegation
// (never served), NSEC3 iterations above 0 (RFC 9276), RRSIGs outside their
// validity window, an apex without NS, NS or MX targets that are addresses
// written as names, in-zone NS targets without address records (glue), MX,
// NS and SRV targets that are CNAMEs (RFC 2181 §10.3), names inside rdata
// that end in the origin twice, and the duplicates and TTL mismatches the
// merge found (RFC 2181 §5.2).
#pragma once

#include <ctime>
#include <span>

#include "db/zone_content.hh"
#include "diagnostics.hh"

namespace lnsd::zonec {

struct CheckOptions {
  // The time RRSIG validity windows are compared with.
  std::time_t now = 0;
};

void check_zone(const db::ZoneContent& content,
                std::span<const db::ZoneContent::MergeEvent> merges, const CheckOptions& options,
                Diagnostics& diags);

}  // namespace lnsd::zonec
