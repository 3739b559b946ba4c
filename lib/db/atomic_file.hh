// Replacing a file so that a reader sees the old version or the new one,
// never a mixture, and a crash leaves one of the two: write a temporary file
// in the same directory, fsync it, rename it over the target, fsync the
// directory (so the rename itself survives a power loss).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "util/expected.hh"

namespace lnsd::db {

// `check`, when given, runs on the complete temporary file (by path) before
// the rename; an error from it abandons the write. On any failure the
// temporary file is removed and `path` is left as it was.
Expected<void, Error> write_file_atomically(
    const std::string& path, std::span<const uint8_t> bytes,
    const std::function<Expected<void, Error>(const std::string& temp_path)>& check = {});

// The temporary name used for `path`: same directory, a leading dot and a
// ".tmp.<pid>.<n>" suffix, so that a directory scan for databases skips it.
std::string temporary_path_for(const std::string& path, unsigned attempt);

}  // namespace lnsd::db
