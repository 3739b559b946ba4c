// The zone loader lnsd runs with: the zones of lnsd.conf, each compiled into
// a database in the database directory and mapped by every server
// (DESIGN.md, "Reload without losing a query").
//
// The database directory holds one file per zone, named by
// db::zone_file_name(). It is a cache that survives restarts: a database is
// used again when it was written in this lnsd's format from the very bytes
// of the zone file and its $INCLUDEs (the SHA-256 of each source, recorded
// in the database's header, matches the file today; daemon/zone_sources.hh
// tells how file metadata spares most of the hashing without deciding
// anything alone). Otherwise the zone is compiled again, through the
// compiler library, and the database replaced atomically (temporary file,
// fsync, rename).
//
// Which databases a generation serves follows from the configuration and
// the directory: main keeps the invariant that a zone's database file
// exists exactly when the zone is served, so a server switching to a
// generation opens, by path, the database of every configured zone that
// has one, and answers SERVFAIL for the others. A database renamed over
// stays mapped, unchanged, in the servers that still serve it (Linux keeps
// the old inode until the last munmap), so a server never sees a file
// change under it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "answer_config.hh"
#include "conf/config.hh"
#include "dns/name.hh"
#include "settings.hh"
#include "zone_loader.hh"
#include "zone_sources.hh"

namespace lnsd {

// The database directory is this subdirectory of xfrdir (where NSD keeps
// its transfer files; lnsd.conf has no option of its own for it). It must
// belong to the user lnsd runs as and be writable by no other.
inline constexpr const char* kDatabaseSubdirectory = "lnsd-db";

class DbZoneLoader final : public ZoneLoader {
 public:
  // The zones of `config`, with their paths as the daemon sees them after
  // chroot (settings.chroot). Relative paths are resolved now, from the
  // current directory, before the daemon changes to zonesdir: zonesdir
  // itself and the zone files (lib/conf puts them in zonesdir), and
  // xfrdir, which starts in zonesdir as in NSD.
  static Expected<DbZoneLoader, Error> create(const conf::Config& config, const ServerSettings& settings);

  Expected<uint64_t, Error> load() override;
  Expected<uint64_t, Error> reload() override;
  Expected<std::unique_ptr<Answerer>, Error> open_answerer(uint64_t generation) override;

  const std::string& database_dir() const { return database_dir_; }

  // What is configured of one zone, and what main knows of the version it
  // publishes.
  struct ZoneEntry {
    Name origin;
    std::string name;      // for the log, with the final dot
    std::string zonefile;  // as seen by the daemon; "" when none is configured
    bool secondary = false;
    ZoneAccess access;
    std::string database;  // its path in the database directory

    bool serving = false;  // the database exists and is published
    // The sources of the last version compiled or found up to date, even
    // one that failed to compile: a reload compiles again only when they
    // changed.
    std::vector<ZoneSource> sources;
    bool sources_served = false;  // they are the served database's sources
    uint64_t served_checksum = 0; // the served database's file checksum
  };

 private:
  DbZoneLoader() = default;

  enum class Outcome : uint8_t { Unchanged, Updated, Failed };
  // Brings one zone's database up to date with its files. At startup a zone
  // that cannot be compiled loses its database (it is answered SERVFAIL);
  // on reload it keeps the version being served.
  Outcome refresh(ZoneEntry& zone, bool startup);
  Outcome compile(ZoneEntry& zone, bool startup);
  void save_stamps(const ZoneEntry& zone) const;
  Expected<void, Error> prepare_database_dir() const;

  std::vector<ZoneEntry> zones_;
  std::string database_dir_;
  std::string zonesdir_;  // the base of relative $INCLUDE paths, as seen by the daemon
  AnswerConfig answer_config_;
  uint64_t generation_ = 0;
};

}  // namespace lnsd
