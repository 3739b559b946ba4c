#include "db_zone_loader.hh"

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstring>
#include <filesystem>

#include "answer.hh"
#include "compile.hh"
#include "db/filename.hh"
#include "db/reader.hh"
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

std::string absolute_path(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
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

// One zone as a server sees it: where its database is and who may ask.
struct ServedZone {
  Name origin;
  std::string name;
  std::string database;
  ZoneAccess access;
};

class DbAnswerer final : public Answerer {
 public:
  DbAnswerer(std::vector<ServedZone> zones, const AnswerConfig& config)
      : zones_(std::move(zones)), config_(config) {}

  // The first generation of a server: a database that cannot be mapped
  // leaves its zone answered SERVFAIL rather than the server down.
  void open_first(uint64_t generation) {
    set_ = open_zone_set(false).value();
    generation_ = generation;
  }

  QueryHandler handler() override { return QueryHandler{&answer_query, this}; }

  Expected<void, Error> switch_to(uint64_t generation) override {
    auto next = open_zone_set(true);
    if (!next) return unexpected(next.error());
    // The old databases are unmapped here, after the last query they served.
    set_ = std::move(*next);
    generation_ = generation;
    return {};
  }

  uint64_t generation() const override { return generation_; }

 private:
  static AnswerResult answer_query(void* context, std::span<const uint8_t> query, const Client& client,
                                   std::span<uint8_t> response) {
    auto* self = static_cast<DbAnswerer*>(context);
    return answer(query, self->set_, self->config_, client, response);
  }

  // Every configured zone, with the database its file holds now. With
  // `strict`, a database that exists but cannot be mapped fails the whole
  // set, so that the previous generation keeps serving.
  Expected<ZoneSet, Error> open_zone_set(bool strict) const {
    ZoneSet set;
    for (const ServedZone& zone : zones_) {
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

  std::vector<ServedZone> zones_;
  AnswerConfig config_;
  ZoneSet set_;
  uint64_t generation_ = 0;
};

}  // namespace

Expected<DbZoneLoader, Error> DbZoneLoader::create(const conf::Config& config, const ServerSettings& settings) {
  DbZoneLoader loader;
  auto answer_config = answer_config_from(config);
  if (!answer_config) return unexpected(Error{answer_config.error()});
  loader.answer_config_ = std::move(*answer_config);
  loader.answer_config_.tcp_timeout_seconds = uint32_t(settings.tcp_timeout.count() / 1000);

  const std::string& chroot = settings.chroot;
  std::string zonesdir = absolute_path(settings.zonesdir);
  loader.zonesdir_ = path_in_chroot(zonesdir, chroot);
  // A relative xfrdir starts in zonesdir, where the daemon works (as NSD).
  fs::path xfrdir = config.server.xfrdir;
  if (xfrdir.is_relative() && !zonesdir.empty()) xfrdir = fs::path(zonesdir) / xfrdir;
  loader.database_dir_ =
      path_in_chroot((fs::path(absolute_path(xfrdir.string())) / kDatabaseSubdirectory).string(), chroot);
  for (const conf::Zone& zone : config.zones) {
    ZoneEntry entry;
    entry.origin = zone.dname;
    entry.name = zone.dname.to_text();
    if (!zone.zonefile_path.empty()) entry.zonefile = path_in_chroot(absolute_path(zone.zonefile_path), chroot);
    entry.secondary = zone.is_secondary();
    entry.access = zone_access_from(zone);
    entry.database = (fs::path(loader.database_dir_) / db::zone_file_name(zone.dname)).string();
    loader.zones_.push_back(std::move(entry));
  }
  return loader;
}

// The directory must be ours alone: a database planted by another user
// would be served as it is (xfrdir is /tmp by default).
Expected<void, Error> DbZoneLoader::prepare_database_dir() const {
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
  } else if (auto written = db::write_database(*loaded.content, zone.database); !written) {
    failure = "cannot write " + zone.database + ": " + written.error().message;
  }
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
  if (!zones_.empty()) {
    if (auto prepared = prepare_database_dir(); !prepared) return unexpected(prepared.error());
  }
  auto start = std::chrono::steady_clock::now();
  size_t served = 0;
  for (ZoneEntry& zone : zones_) {
    refresh(zone, true);
    if (zone.serving) ++served;
  }
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
  size_t updated = 0;
  size_t failed = 0;
  for (ZoneEntry& zone : zones_) {
    switch (refresh(zone, false)) {
      case Outcome::Updated: ++updated; break;
      case Outcome::Failed: ++failed; break;
      case Outcome::Unchanged: break;
    }
  }
  if (updated > 0) ++generation_;
  if (updated > 0 || failed > 0) {
    log_notice("reload: %zu zone%s updated, %zu failed to compile, in %" PRId64 " ms", updated,
               updated == 1 ? "" : "s", failed, milliseconds_since(start));
  }
  return generation_;
}

Expected<std::unique_ptr<Answerer>, Error> DbZoneLoader::open_answerer(uint64_t generation) {
  std::vector<ServedZone> zones;
  zones.reserve(zones_.size());
  for (const ZoneEntry& zone : zones_) zones.push_back({zone.origin, zone.name, zone.database, zone.access});
  auto answerer = std::make_unique<DbAnswerer>(std::move(zones), answer_config_);
  answerer->open_first(generation);
  return std::unique_ptr<Answerer>(std::move(answerer));
}

}  // namespace lnsd
