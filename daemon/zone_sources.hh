// Whether a zone's database is still made from its files: the source files
// (the zone file and its $INCLUDEs) with the SHA-256 the database recorded
// of each.
//
// The hashes decide. Hashing a million-name zone file costs tens of
// milliseconds, though, so each source also carries a stamp of the file's
// metadata (device, inode, size, mtime and ctime, to the nanosecond), taken
// when its hash was last confirmed; a file whose metadata still equal its
// stamp is not read again, as git trusts its index. A stamp is only taken
// of a file last changed more than a second before it was read: a change
// made in the same clock tick as the read leaves mtime and ctime as they
// were, so such a file is hashed on every check until it is old enough.
// ctime cannot be set by a user (touch -d sets mtime only), so a file put
// back with its old mtime still shows as changed.
//
// The stamps of a database are kept beside it in "<database>.stat", tied
// to the database by its file checksum: a cache, rebuilt whenever it is
// missing, damaged or of another database.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/format.hh"
#include "util/expected.hh"

namespace lnsd {

struct FileStamp {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

struct ZoneSource {
  std::string path;
  std::array<uint8_t, 32> sha256{};
  std::optional<FileStamp> stamp;  // none: hash the file to know
};

// The current time, as file timestamps count it.
int64_t realtime_ns();

// The stamp of `path` when it may stand for the file's content as read at
// `read_started_ns` or later: last changed more than a second before.
std::optional<FileStamp> trusted_stamp(const std::string& path, int64_t read_started_ns);

// The sources of a database, without stamps.
std::vector<ZoneSource> sources_of(const std::vector<db::format::SourceEntry>& entries);

// Whether every source still holds the bytes recorded for it: a matching
// stamp answers without reading the file, else the file is hashed. A
// source found unchanged by its hash gets a stamp when one can be trusted;
// `restamped` is set when any stamp was added or replaced. An empty list is
// never unchanged.
bool sources_unchanged(std::vector<ZoneSource>& sources, bool& restamped);

// The stamp file of a database.
std::string stamp_path(const std::string& database);

// Gives `sources` the stamps recorded for the database whose file checksum
// is `file_checksum`; leaves them without when the file is missing,
// damaged, or written for another database or other sources.
void read_stamps(const std::string& database, uint64_t file_checksum, std::vector<ZoneSource>& sources);

// Records the stamps of `sources` for the database (atomically).
Expected<void, Error> write_stamps(const std::string& database, uint64_t file_checksum,
                                   const std::vector<ZoneSource>& sources);

}  // namespace lnsd
