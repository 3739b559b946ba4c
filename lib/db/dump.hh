// A database back to zone file text: the canonical form lnsd-zonec --dump
// prints. One record per line, "owner<TAB>TTL<TAB>CLASS<TAB>TYPE<TAB>rdata",
// absolute names, no $ORIGIN or $TTL, the SOA first and then the names in
// canonical order (RFC 4034 §6.1), each name's RRsets by type. Compiling the
// dump gives a database with the same content octets.
#pragma once

#include <string>

#include "db/reader.hh"
#include "util/expected.hh"

namespace lnsd::db {

Expected<void, Error> dump(const ZoneDb& db, std::string& out);

}  // namespace lnsd::db
