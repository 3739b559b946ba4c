// Zones for the answer path's tests and tools: zone text or a zone file
// through the compiler (zonec) to a database, as lnsd-zonec builds them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/reader.hh"
#include "dns/name.hh"
#include "util/expected.hh"

namespace lnsd::test {

// The database image of a zone, or the compiler's first error.
Expected<std::vector<uint8_t>, std::string> compile_zone_text(const Name& origin, std::string_view text);
Expected<std::vector<uint8_t>, std::string> compile_zone_file(const Name& origin, const std::string& path,
                                                             const std::string& zonesdir = {});

}  // namespace lnsd::test
