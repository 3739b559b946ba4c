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
// Which databases a generation serves follows from its generation file
// (generation_file.hh: the zones configured then, with their access lists
// and the answer options) and the directory: main keeps the invariant that
// a zone's database file exists exactly when the zone is served, so a
// server switching to a generation opens, by path, the database of every
// zone the file lists that has one, and answers SERVFAIL for the others. A database renamed over
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
#include "generation_file.hh"
#include "settings.hh"
#include "unique_fd.hh"
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

  // Rereads `path` on every reload() while the running configuration says
  // reload-config: yes (NSD's reconfig): zones added and removed, changed
  // zone options (zonefile, allow-query...) and the answer options
  // (AnswerConfig) take effect with the next generation; the options that
  // need a restart are logged as such and keep their running values. A
  // configuration with errors is logged, every error with its file:line,
  // and changes nothing. Relative paths count from the directory lnsd
  // started in, as at startup.
  void set_config_file(const std::string& path);

  const std::string& database_dir() const { return database_dir_; }

  Expected<void, Error> prepare_as_root(const std::string& chroot, uid_t uid, gid_t gid) override;

  // What is configured of one zone, and what main knows of the version it
  // publishes.
  struct ZoneEntry {
    Name origin;
    std::string name;      // for the log, with the final dot
    std::string zonefile;  // as seen by the daemon; "" when none is configured
    bool secondary = false;
    ZoneAccess access;
    std::string database;  // its path in the database directory

    bool loaded = false;   // refreshed once: at startup, or by the reload that added it
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
  Expected<void, Error> prepare_database_dir();
  std::string resolve(const std::string& path) const;  // absolute, as seen after chroot
  ZoneEntry make_entry(const conf::Zone& zone) const;
  // Applies the configuration file as it is now; false when it cannot be
  // used (the running one stays).
  bool reread_config();
  void drop_database(const ZoneEntry& zone) const;
  GenerationDescription describe_zones() const;
  // Writes the generation file of `generation` (generation_file.hh) and
  // makes it the one replacement servers start from.
  Expected<void, Error> record_generation(uint64_t generation, GenerationDescription description);

  std::vector<ZoneEntry> zones_;
  std::string database_dir_;
  // An exclusive flock on <database_dir>/lock for main's lifetime: two
  // daemons sharing a directory would overwrite each other's generation
  // files and databases (xfrdir is /tmp by default).
  UniqueFd database_dir_lock_;
  std::string zonesdir_;  // the base of relative $INCLUDE paths, as seen by the daemon
  std::string startup_dir_;  // the current directory when lnsd started
  std::string chroot_;
  std::string config_file_;  // as seen by the daemon; "" when never reread
  conf::Config config_;          // the configuration applied last
  conf::Config startup_config_;  // the one lnsd started with: what the restart-only options are
  AnswerConfig answer_config_;
  // The zonestats groups as at startup: the shared region holds counters
  // for these alone, so a group first named by a reread configuration is
  // counted from the next start.
  std::vector<std::string> stats_groups_;
  GenerationDescription published_;  // what the last recorded generation serves
  std::string published_text_;
  uint64_t generation_ = 0;
};

}  // namespace lnsd
