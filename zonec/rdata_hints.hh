// The presentation format of each common type, in one line, for the "fix"
// of a record whose rdata does not parse.
#pragma once

#include <string>

#include "dns/rrtype.hh"

namespace lnsd::zonec {

// "write it as: MX <preference> <mail host>, e.g. MX 10 mail.example.com."
std::string rdata_format_hint(RRType type);

}  // namespace lnsd::zonec
