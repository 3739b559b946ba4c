// Zone name <-> database file name. The file name is an escaped form of the
// zone name that can never leave its directory or surprise a shell: only
// [a-z0-9_-], "." between labels and "%xx" escapes appear, no label is
// empty, and a leading "-" is escaped. The mapping is reversible (up to
// case, which DNS ignores): zone_from_file_name(zone_file_name(z)) == z.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dns/name.hh"

namespace lnsd::db {

inline constexpr std::string_view kDatabaseSuffix = ".zdb";
// Longer escaped names would not leave room for the writer's temporary
// suffix within NAME_MAX (255).
inline constexpr size_t kMaxEscapedFileName = 200;

// "example.com.zdb", "64%2f27.2.0.192.in-addr.arpa.zdb", "@.zdb" for the
// root. A name whose escaped form is longer than kMaxEscapedFileName gets
// "=" and the SHA-256 of its lowercased wire form in hex instead: read the
// zone name from the database header then.
std::string zone_file_name(const Name& zone);

// The zone a file name stands for; nullopt for names zone_file_name() does
// not produce, including the hashed form.
std::optional<Name> zone_from_file_name(std::string_view file_name);

}  // namespace lnsd::db
