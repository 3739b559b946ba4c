// The database writer: a finalized ZoneContent to the file format of
// lnsd-zonedb(5), written atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/zone_content.hh"
#include "util/expected.hh"

namespace lnsd::db {

// The database image of a finalized zone. Fails when the content cannot be
// served: not finalized, no SOA at the apex, an owner outside the zone,
// rdata that is not well formed for its type, or a zone too large for the
// format. The same content always gives the same octets.
Expected<std::vector<uint8_t>, Error> build_database(const ZoneContent& content);

// build_database, then an atomic write to `path` (write_file_atomically)
// whose temporary file must map and pass ZoneDb::verify() before it
// replaces `path`.
Expected<void, Error> write_database(const ZoneContent& content, const std::string& path);

}  // namespace lnsd::db
