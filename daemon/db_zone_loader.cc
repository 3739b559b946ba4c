#include "db_zone_loader.hh"

#include <malloc.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstring>
#include <filesystem>

#include "answer.hh"
#include "answer_prefetch.hh"
#include "compile.hh"
#include "db/filename.hh"
#include "db/reader.hh"
#include "conf/zone_stats.hh"
#include "db/writer.hh"
#include "log.hh"
#include "privileges.hh"
#include "serial_guard.hh"
#include "zone_set.hh"

namespace lnsd {
namespace {

namespace fs = std::filesystem;

// Errors of a zone that fails to compile that go to the log; the rest are
// counted. lnsd-zonec shows them all.
constexpr size_t kLoggedErrors = 10;

// `path` from `base` when relative: the daemon changes its directory after
// startup, so relative paths count from where it started.
std::string absolute_path(const std::string& path, const std::string& base) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_relative() && !base.empty()) p = fs::path(base) / p;
  return p.lexically_normal().string();
}

bool file_exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

int64_t milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

std::string position_of(const zonec::Diagnostic& d) {
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
}

// The compiler's findings of one severity, one log line each.
void log_findings(const std::string& zone, const zonec::Diagnostics& diags, zonec::Severity severity,
                  LogLevel level, size_t limit) {
  size_t shown = 0;
  for (const auto& d : diags.items()) {
    if (d.severity != severity) continue;
    if (shown == limit) continue;
    ++shown;
    log_message(level, "zone %s: %s: %s%s%s", zone.c_str(), position_of(d).c_str(), d.message.c_str(),
                d.fix.empty() ? "" : " (fix: ", d.fix.empty() ? "" : (d.fix + ")").c_str());
  }
  size_t counted = severity == zonec::Severity::Error ? diags.error_count() : diags.warning_count();
  if (counted > shown) {
    log_message(level, "zone %s: %zu more %s (lnsd-zonec --check lists them all)", zone.c_str(), counted - shown,
                severity == zonec::Severity::Error ? "errors" : "warnings");
  }
}

// Removes the database of a zone that is not served, so that no server
// maps it: the file's existence is what a server goes by.
void remove_database(const std::string& zone, const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    log_error("zone %s: cannot remove the stale database %s: %s", zone.c_str(), path.c_str(), std::strerror(errno));
  }
  ::unlink(stamp_path(path).c_str());
}

class DbAnswerer final : public Answerer {
 public:
  DbAnswerer(std::string database_dir, GenerationDescription description)
      : database_dir_(std::move(database_dir)),
        zones_(std::move(description.zones)),
        config_(std::move(description.answer)) {}

  // The first generation of a server: a database that cannot be mapped
  // leaves its zone answered SERVFAIL rather than the server down.
  void open_first(uint64_t generation) {
    set_ = open_zone_set(zones_, false).value();
    generation_ = generation;
  }

  QueryHandler handler() override { return QueryHandler{&answer_query, this, &prefetch_queries}; }

  // The generation's zones and answer options come from the file main
  // wrote for it: the configuration may have changed since this server
  // was forked.
  Expected<void, Error> switch_to(uint64_t generation) override {
    auto description = read_generation_file(database_dir_, generation);
    if (!description) return unexpected(description.error());
    auto next = open_zone_set(description->zones, true);
    if (!next) return unexpected(next.error());
    // The old databases are unmapped here, after the last query they served.
    prefetch_.forget();
    set_ = std::move(*next);
    zones_ = std::move(description->zones);
    config_ = std::move(description->answer);
    generation_ = generation;
    return {};
  }

  uint64_t generation() const override { return generation_; }

 private:
  static AnswerResult answer_query(void* context, std::span<const uint8_t> query, const Client& client,
                                   std::span<uint8_t> response) {
    auto* self = static_cast<DbAnswerer*>(context);
    return answer(query, self->set_, self->config_, client, response, self->prefetch_.hint_for(query));
  }

  static void prefetch_queries(void* context, std::span<const std::span<const uint8_t>> queries) {
    auto* self = static_cast<DbAnswerer*>(context);
    self->prefetch_.warm(queries, self->set_);
  }

  // Every configured zone, with the database its file holds now. With
  // `strict`, a database that exists but cannot be mapped fails the whole
  // set, so that the previous generation keeps serving.
  static Expected<ZoneSet, Error> open_zone_set(const std::vector<ServedZone>& zones, bool strict) {
    ZoneSet set;
    for (const ServedZone& zone : zones) {
      if (!file_exists(zone.database)) {
        set.add_broken(zone.origin, zone.access);
        continue;
      }
      auto db = db::ZoneDb::open(zone.database);
      std::string failure;
      if (!db) {
        failure = db.error().message;
      } else if (!(db->origin() == zone.origin)) {
        failure = zone.database + " holds the zone " + db->origin().to_text();
      }
      if (failure.empty()) {
        set.add(std::move(*db), zone.access);
        continue;
      }
      if (strict) return unexpected(Error{"zone " + zone.name + ": " + failure});
      log_error("zone %s: %s; answered SERVFAIL", zone.name.c_str(), failure.c_str());
      set.add_broken(zone.origin, zone.access);
    }
    return set;
  }

  std::string database_dir_;
  std::vector<ServedZone> zones_;
  AnswerConfig config_;
  ZoneSet set_;
  uint64_t generation_ = 0;
  AnswerPrefetch prefetch_;  // about 25 KB: the names of one receive batch
};

}  // namespace

Expected<DbZoneLoader, Error> DbZoneLoader::create(const conf::Config& config, const ServerSettings& settings) {
  DbZoneLoader loader;
  auto answer_config = answer_config_from(config);
  if (!answer_config) return unexpected(Error{answer_config.error()});
  loader.answer_config_ = std::move(*answer_config);
  loader.answer_config_.tcp_timeout_seconds = uint32_t(settings.tcp_timeout.count() / 1000);
  loader.config_ = config;
  loader.startup_config_ = config;

  std::error_code ec;
  loader.startup_dir_ = fs::current_path(ec).string();
  loader.chroot_ = settings.chroot;
  std::string zonesdir = absolute_path(settings.zonesdir, loader.startup_dir_);
  loader.zonesdir_ = path_in_chroot(zonesdir, loader.chroot_);
  // A relative xfrdir starts in zonesdir, where the daemon works (as NSD).
  fs::path xfrdir = config.server.xfrdir;
  if (xfrdir.is_relative() && !zonesdir.empty()) xfrdir = fs::path(zonesdir) / xfrdir;
  loader.database_dir_ = loader.resolve((xfrdir / kDatabaseSubdirectory).string());
  loader.stats_groups_ = conf::zone_stats_groups(config);
  for (const conf::Zone& zone : config.zones) loader.zones_.push_back(loader.make_entry(zone));
  return loader;
}

void DbZoneLoader::drop_database(const ZoneEntry& zone) const { remove_database(zone.name, zone.database); }

std::string DbZoneLoader::resolve(const std::string& path) const {
  return path_in_chroot(absolute_path(path, startup_dir_), chroot_);
}

DbZoneLoader::ZoneEntry DbZoneLoader::make_entry(const conf::Zone& zone) const {
  ZoneEntry entry;
  entry.origin = zone.dname;
  entry.name = zone.dname.to_text();
  if (!zone.zonefile_path.empty()) entry.zonefile = resolve(zone.zonefile_path);
  entry.secondary = zone.is_secondary();
  entry.access = zone_access_from(zone, stats_groups_);
  entry.database = (fs::path(database_dir_) / db::zone_file_name(zone.dname)).string();
  return entry;
}

GenerationDescription DbZoneLoader::describe_zones() const {
  GenerationDescription description;
  description.answer = answer_config_;
  description.zones.reserve(zones_.size());
  for (const ZoneEntry& zone : zones_) description.zones.push_back({zone.origin, zone.name, zone.database, zone.access});
  return description;
}

Expected<void, Error> DbZoneLoader::record_generation(uint64_t generation, GenerationDescription description) {
  std::string text = format_generation(description);
  if (auto written = write_generation_file(database_dir_, generation, text); !written) {
    return unexpected(written.error());
  }
  // A server slow to switch may still read the previous generation's file.
  if (generation > 1) remove_generation_files_before(database_dir_, generation - 1);
  published_ = std::move(description);
  published_text_ = std::move(text);
  return {};
}

// Main writes the databases after dropping privileges, so the directory
// must belong to that user: created here while main is root (with its
// parents, as root's), or handed over when root made it before. A
// directory of another user is left alone; prepare_database_dir refuses it.
Expected<void, Error> DbZoneLoader::prepare_as_root(const std::string& chroot, uid_t uid, gid_t gid) {
  const fs::path dir = chroot.empty() ? fs::path(database_dir_) : fs::path(chroot) / fs::path(database_dir_).relative_path();
  std::error_code ec;
  fs::create_directories(dir.parent_path(), ec);
  if (ec) return unexpected(Error{"cannot create the directory " + dir.parent_path().string() + ": " + ec.message()});
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return unexpected(Error{"cannot create the database directory " + dir.string() + ": " + std::strerror(errno)});
  }
  struct stat st{};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return unexpected(Error{"the database directory " + dir.string() + " is not a directory"});
  }
  if (st.st_uid == 0 && ::chown(dir.c_str(), uid, gid) != 0) {
    return unexpected(Error{"cannot give the database directory " + dir.string() + " to uid " + std::to_string(uid) +
                            ": " + std::strerror(errno)});
  }
  return {};
}

// The directory must be ours alone: a database planted by another user
// would be served as it is (xfrdir is /tmp by default).
Expected<void, Error> DbZoneLoader::prepare_database_dir() {
  const std::string& dir = database_dir_;
  std::error_code ec;
  fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return unexpected(Error{"cannot create the directory " + parent.string() + ": " + ec.message()});
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return unexpected(Error{"cannot create the database directory " + dir + ": " + std::strerror(errno)});
  }
  struct stat st{};
  if (::lstat(dir.c_str(), &st) != 0) {
    return unexpected(Error{"cannot use the database directory " + dir + ": " + std::strerror(errno)});
  }
  if (!S_ISDIR(st.st_mode)) return unexpected(Error{"the database directory " + dir + " is not a directory"});
  if (st.st_uid != ::geteuid()) {
    return unexpected(Error{"the database directory " + dir + " belongs to uid " + std::to_string(st.st_uid) +
                            ", not to the user lnsd runs as (uid " + std::to_string(::geteuid()) + ")"});
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return unexpected(Error{"the database directory " + dir + " is writable by other users"});
  }
  const std::string lock = dir + "/lock";
  UniqueFd fd(::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd) return unexpected(Error{"cannot open " + lock + ": " + std::strerror(errno)});
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return unexpected(Error{"the database directory " + dir +
                              " is in use by another lnsd: give each its own xfrdir"});
    }
    return unexpected(Error{"cannot lock " + lock + ": " + std::strerror(errno)});
  }
  database_dir_lock_ = std::move(fd);
  return {};
}

// The stamps only spare a later check the hashing: failing to keep them
// costs time, not correctness.
void DbZoneLoader::save_stamps(const ZoneEntry& zone) const {
  if (auto saved = write_stamps(zone.database, zone.served_checksum, zone.sources); !saved) {
    log_detail("zone %s: cannot write %s: %s", zone.name.c_str(), stamp_path(zone.database).c_str(),
               saved.error().message.c_str());
  }
}

DbZoneLoader::Outcome DbZoneLoader::refresh(ZoneEntry& zone, bool startup) {
  bool has_file = !zone.zonefile.empty() && (!zone.secondary || file_exists(zone.zonefile));
  if (!has_file) {
    if (!startup) return Outcome::Unchanged;
    remove_database(zone.name, zone.database);
    if (zone.secondary) {
      log_detail("zone %s: no zone file yet%s%s: waiting for a zone transfer (SERVFAIL until then)",
                 zone.name.c_str(), zone.zonefile.empty() ? "" : " at ", zone.zonefile.c_str());
    } else {
      log_warning("zone %s: no zonefile and no request-xfr configured: answered SERVFAIL", zone.name.c_str());
    }
    return Outcome::Unchanged;
  }
  if (!startup) {
    bool restamped = false;
    if (!sources_unchanged(zone.sources, restamped)) return compile(zone, false);
    if (restamped && zone.sources_served) save_stamps(zone);
    return Outcome::Unchanged;
  }

  // A database left by an earlier run serves again when it was made, in
  // this format, from these very files.
  std::string stale;
  auto db = db::ZoneDb::open(zone.database);
  if (!db) {
    stale = file_exists(zone.database) ? db.error().message : "no database yet";
  } else if (db->header().version != db::format::kVersion) {
    stale = "database format " + std::to_string(db->header().version);
  } else if (!(db->origin() == zone.origin)) {
    stale = "the database holds " + db->origin().to_text();
  } else if (db->sources().empty() || db->sources()[0].path != zone.zonefile) {
    stale = "the database was made from another zone file";
  } else {
    auto sources = sources_of(db->sources());
    read_stamps(zone.database, db->header().file_checksum, sources);
    bool restamped = false;
    if (sources_unchanged(sources, restamped)) {
      zone.sources = std::move(sources);
      zone.sources_served = true;
      zone.served_checksum = db->header().file_checksum;
      if (restamped) save_stamps(zone);
    } else {
      stale = "the zone file changed";
    }
  }
  if (stale.empty()) {
    zone.serving = true;
    log_detail("zone %s: serial %" PRIu32 " from %s (up to date)", zone.name.c_str(), db->serial().value(),
               zone.database.c_str());
    return Outcome::Unchanged;
  }
  log_detail("zone %s: compiling %s (%s)", zone.name.c_str(), zone.zonefile.c_str(), stale.c_str());
  return compile(zone, true);
}

DbZoneLoader::Outcome DbZoneLoader::compile(ZoneEntry& zone, bool startup) {
  auto start = std::chrono::steady_clock::now();
  int64_t read_started = realtime_ns();
  zonec::LoadOptions options;
  options.parse.zonesdir = zonesdir_;
  // The database streams into a temporary file beside the old one while
  // the checks run, and replaces it only if they pass.
  std::optional<Expected<db::PendingDatabase, db::DatabaseWriteError>> pending;
  options.alongside_checks = [&pending, &zone](const db::ZoneContent& content) {
    pending.emplace(db::PendingDatabase::write(content, zone.database));
  };
  auto loaded = zonec::load_zone_file(zone.origin, zone.zonefile, options);
  zone.sources.clear();
  zone.sources_served = false;
  if (loaded.content) {
    for (const auto& source : loaded.content->sources()) {
      zone.sources.push_back({source.path, source.sha256, trusted_stamp(source.path, read_started)});
    }
  }
  std::optional<zonec::ServedVersion> previous;
  if (!startup && zone.serving) {
    if (auto served = db::ZoneDb::open(zone.database)) previous = zonec::ServedVersion{served->serial(), served->content_hash()};
  }

  std::string failure;
  if (loaded.io_error) {
    failure = loaded.io_error->message;
  } else if (!loaded.ok()) {
    log_findings(zone.name, loaded.diags, zonec::Severity::Error, LogLevel::Error, kLoggedErrors);
    failure = std::to_string(loaded.diags.error_count()) + " error" + (loaded.diags.error_count() == 1 ? "" : "s") +
              " in " + zone.zonefile;
  } else {
    if (!pending) pending.emplace(db::PendingDatabase::write(*loaded.content, zone.database));
    if (!*pending) {
      failure = "cannot write " + zone.database + ": " + (*pending).error().message;
    } else if (auto committed = (*pending)->commit(); !committed) {
      failure = "cannot write " + zone.database + ": " + committed.error().message;
    }
  }
  pending.reset();  // a database not committed is removed
  if (!failure.empty()) {
    if (startup || !zone.serving) {
      remove_database(zone.name, zone.database);
      zone.serving = false;
      log_error("zone %s: %s: not served (SERVFAIL)", zone.name.c_str(), failure.c_str());
    } else {
      log_error("zone %s: %s: the previous version keeps serving", zone.name.c_str(), failure.c_str());
    }
    loaded.content.reset();
    malloc_trim(0);
    return Outcome::Failed;
  }

  log_findings(zone.name, loaded.diags, zonec::Severity::Warning, LogLevel::Detail, kLoggedErrors);
  std::string facts = std::to_string(loaded.content->records().size()) + " records";
  if (auto serial = loaded.serial()) facts += ", serial " + std::to_string(*serial);
  if (loaded.diags.warning_count() > 0) facts += ", " + std::to_string(loaded.diags.warning_count()) + " warnings";
  if (auto next = db::ZoneDb::open(zone.database)) {
    if (previous) {
      zonec::Diagnostics guard;
      zonec::check_serial_increase(loaded, *previous, {next->serial(), next->content_hash()}, false, guard);
      log_findings(zone.name, guard, zonec::Severity::Warning, LogLevel::Warning, kLoggedErrors);
    }
    zone.sources_served = true;
    zone.served_checksum = next->header().file_checksum;
    save_stamps(zone);
  }
  // The compiler's memory goes back to the system now: main stays small,
  // and the servers it forks later inherit none of it.
  loaded.content.reset();
  malloc_trim(0);
  zone.serving = true;
  log_info("zone %s: compiled (%s) in %" PRId64 " ms", zone.name.c_str(), facts.c_str(), milliseconds_since(start));
  return Outcome::Updated;
}

Expected<uint64_t, Error> DbZoneLoader::load() {
  // Even without zones: the generation files live there, and a reread
  // configuration may add zones.
  if (auto prepared = prepare_database_dir(); !prepared) return unexpected(prepared.error());
  auto start = std::chrono::steady_clock::now();
  size_t served = 0;
  for (ZoneEntry& zone : zones_) {
    refresh(zone, true);
    zone.loaded = true;
    if (zone.serving) ++served;
  }
  // Numbers start again at 1: the files of an earlier run mean nothing.
  remove_generation_files_before(database_dir_, UINT64_MAX);
  if (auto recorded = record_generation(1, describe_zones()); !recorded) return unexpected(recorded.error());
  generation_ = 1;
  if (!zones_.empty()) {
    log_notice("%zu of %zu zone%s ready in %" PRId64 " ms (databases in %s)%s", served, zones_.size(),
               zones_.size() == 1 ? "" : "s", milliseconds_since(start), database_dir_.c_str(),
               served < zones_.size() ? "; the others are answered SERVFAIL" : "");
  }
  return generation_;
}

Expected<uint64_t, Error> DbZoneLoader::reload() {
  auto start = std::chrono::steady_clock::now();
  // The running configuration decides whether the file is read again, as
  // in NSD: a file that turns reload-config off applies, and then no more.
  if (config_.server.reload_config && !config_file_.empty()) reread_config();
  size_t updated = 0;
  size_t failed = 0;
  for (ZoneEntry& zone : zones_) {
    // A zone the configuration just added is brought up as at startup.
    switch (refresh(zone, !zone.loaded)) {
      case Outcome::Updated: ++updated; break;
      case Outcome::Failed: ++failed; break;
      case Outcome::Unchanged: break;
    }
    zone.loaded = true;
  }
  GenerationDescription description = describe_zones();
  if (updated > 0 || format_generation(description) != published_text_) {
    if (auto recorded = record_generation(generation_ + 1, std::move(description)); !recorded) {
      return unexpected(recorded.error());
    }
    ++generation_;
  }
  if (updated > 0 || failed > 0) {
    log_notice("reload: %zu zone%s updated, %zu failed to compile, in %" PRId64 " ms", updated,
               updated == 1 ? "" : "s", failed, milliseconds_since(start));
  }
  return generation_;
}

// A server forked now starts from what main published last, which is
// `generation`.
Expected<std::unique_ptr<Answerer>, Error> DbZoneLoader::open_answerer(uint64_t generation) {
  auto answerer = std::make_unique<DbAnswerer>(database_dir_, published_);
  answerer->open_first(generation);
  return std::unique_ptr<Answerer>(std::move(answerer));
}

}  // namespace lnsd
