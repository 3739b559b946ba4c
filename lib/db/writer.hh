// The database writer: a finalized ZoneContent to the file format of
// lnsd-zonedb(5), written atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/atomic_file.hh"
#include "db/zone_content.hh"
#include "util/expected.hh"

namespace lnsd::db {

// The database image of a finalized zone. Fails when the content cannot be
// served: not finalized, no SOA at the apex, an owner outside the zone,
// rdata that is not well formed for its type, or a zone too large for the
// format. The same content always gives the same octets.
Expected<std::vector<uint8_t>, Error> build_database(const ZoneContent& content);

// A database written to a temporary file beside `path` as it is encoded
// (the same octets as build_database gives), so that the image of a large
// zone never sits in memory whole. It replaces `path` on commit(), and is
// removed if it never is: a zone that turns out to have errors leaves the
// database in place untouched.
struct DatabaseWriteError {
  std::string message;
  bool io = false;  // the file failed; otherwise the zone cannot be served
};

class PendingDatabase {
 public:
  static Expected<PendingDatabase, DatabaseWriteError> write(const ZoneContent& content,
                                                             const std::string& path);
  // The complete file, for reading its header before commit().
  const std::string& temp_path() const { return file_.temp_path(); }
  // fsync, then the file must map and match its whole-file checksum (that
  // the octets on disk are the octets written) before it replaces `path`.
  Expected<void, Error> commit();

 private:
  explicit PendingDatabase(AtomicFile file) : file_(std::move(file)) {}
  AtomicFile file_;
};

// PendingDatabase::write, then commit().
Expected<void, Error> write_database(const ZoneContent& content, const std::string& path);

}  // namespace lnsd::db
