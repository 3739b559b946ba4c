#include "commands.hh"

#include <cstdio>
#include <filesystem>
#include <vector>

#include "compile.hh"
#include "conf/load.hh"
#include "db/dump.hh"
#include "db/filename.hh"
#include "db/reader.hh"
#include "db/writer.hh"
#include "serial_guard.hh"
#include "util/free_memory.hh"

namespace lnsd::zonec {

namespace {

void say(const std::string& text) { std::fputs(text.c_str(), stderr); }

// Summaries go to stdout in text mode; in the machine formats stdout holds
// only the diagnostics.
void summary(const CompileCommand& command, const std::string& text) {
  std::fputs(text.c_str(), command.format == DiagnosticFormat::Text ? stdout : stderr);
}

struct ZoneJob {
  Name origin;
  std::string zone_file;
  std::string zonesdir;
  std::string output_path;
  std::optional<std::string> previous;
  bool previous_optional = false;  // -c: the database in the output dir, if any
};

// The previous version for the serial guard, or nullopt when the guard
// does not apply. Fails (exit status 2) only for an explicit --previous.
Expected<std::optional<ServedVersion>, int> previous_version(const ZoneJob& job) {
  if (!job.previous) return std::optional<ServedVersion>();
  if (job.previous_optional && !std::filesystem::exists(*job.previous)) {
    return std::optional<ServedVersion>();
  }
  auto db = db::ZoneDb::open(*job.previous);
  if (!db) {
    say("lnsd-zonec: " + *job.previous + ": " + db.error().message +
        (job.previous_optional ? " (the serial guard is skipped for this zone)\n" : "\n"));
    if (job.previous_optional) return std::optional<ServedVersion>();
    return unexpected(kExitUsage);
  }
  if (!(db->origin() == job.origin)) {
    say("lnsd-zonec: " + *job.previous + " is the database of " + db->origin().to_text() +
        ", not of " + job.origin.to_text() + "\n");
    return unexpected(kExitUsage);
  }
  return std::optional<ServedVersion>(ServedVersion{db->serial(), db->content_hash()});
}

// The zone's database, built beside the checks. When it is to be written it
// streams into a temporary file beside the output, which replaces the old
// database only once the checks pass; when it is only compared with the
// previous version (--check --previous) it is built in memory.
struct BuiltDatabase {
  std::string output_path;  // empty: in memory
  bool done = false;
  std::optional<db::PendingDatabase> file;
  std::vector<uint8_t> image;
  std::optional<db::DatabaseWriteError> error;

  void build(const db::ZoneContent& content) {
    done = true;
    if (output_path.empty()) {
      auto built = db::build_database(content);
      if (built) {
        image = std::move(*built);
      } else {
        error = db::DatabaseWriteError{built.error().message, false};
      }
      return;
    }
    std::error_code ec;
    auto dir = std::filesystem::path(output_path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) {
      error = db::DatabaseWriteError{"cannot create " + dir.string() + ": " + ec.message(), true};
      return;
    }
    auto pending = db::PendingDatabase::write(content, output_path);
    if (pending) {
      file.emplace(std::move(*pending));
    } else {
      error = pending.error();
    }
  }

  // The serial and content hash of what was built.
  std::optional<ServedVersion> version() const {
    auto db = file ? db::ZoneDb::open(file->temp_path()) : db::ZoneDb::from_memory(image);
    if (!db) return std::nullopt;
    return ServedVersion{db->serial(), db->content_hash()};
  }
};

int compile_one(const CompileCommand& command, const ZoneJob& job, Diagnostics& all) {
  LoadOptions options;
  options.parse.zonesdir = job.zonesdir;
  options.check.now = command.now;
  options.warnings_are_errors = command.warnings_are_errors;
  options.diagnostic_limit = command.max_diagnostics;
  // The database: to write, or to compare with the previous one.
  bool need_database = !command.check_only ||
                       (job.previous && (!job.previous_optional ||
                                         std::filesystem::exists(*job.previous)));
  BuiltDatabase built;
  if (!command.check_only) built.output_path = job.output_path;
  if (need_database) {
    options.alongside_checks = [&built](const db::ZoneContent& content) { built.build(content); };
  }
  auto zone = load_zone_file(job.origin, job.zone_file, options);
  if (zone.io_error) {
    say("lnsd-zonec: " + zone.io_error->message + "\n");
    return kExitUsage;
  }
  auto previous = previous_version(job);
  if (!previous) return previous.error();

  need_database = !command.check_only || previous->has_value();
  std::optional<std::string> write_error;
  if (zone.diags.error_count() == 0 && need_database) {
    if (!built.done) built.build(*zone.content);
    if (built.error && built.error->io) {
      write_error = built.error->message;
    } else if (built.error) {
      zone.diags.error(job.zone_file, 1, 1, "database", built.error->message,
                       "correct the zone so that it can be served");
    } else if (previous->has_value()) {
      if (auto next = built.version()) {
        check_serial_increase(zone, **previous, *next, command.check_only, zone.diags);
      }
    }
  }
  free_memory(built.image);
  // With errors, the temporary file goes now and the old database stays.
  if (zone.diags.error_count() > 0) built.file.reset();

  int status = zone.diags.error_count() ? kExitZoneErrors : kExitClean;
  std::string name = job.origin.to_text();
  std::string counts;
  if (zone.diags.warning_count() > 0) {
    counts = " (" + std::to_string(zone.diags.warning_count()) + " warning" +
             (zone.diags.warning_count() == 1 ? ")" : "s)");
  }
  if (status != kExitClean) {
    summary(command, "zone " + name + " has " + std::to_string(zone.diags.error_count()) +
                         " error" + (zone.diags.error_count() == 1 ? "" : "s") +
                         (command.check_only ? "\n" : ": not written\n"));
  } else {
    std::string facts = std::to_string(zone.content->records().size()) + " records";
    if (auto serial = zone.serial()) facts += ", serial " + std::to_string(*serial);
    if (!command.check_only) {
      // The database file holds everything now; the records go before the
      // commit maps it to check it, to keep the peak memory down.
      zone.content.reset();
    }
    if (command.check_only) {
      summary(command, "zone " + name + " is ok" + counts + ": " + facts + "\n");
    } else {
      if (!write_error && built.file) {
        if (auto committed = built.file->commit(); !committed) write_error = committed.error().message;
      }
      if (write_error || !built.file) {
        say("lnsd-zonec: cannot write " + job.output_path + ": " +
            write_error.value_or("no database was built") + "\n");
        status = kExitUsage;
      } else {
        summary(command, "zone " + name + " compiled" + counts + ": " + facts + " -> " +
                             job.output_path + "\n");
      }
    }
  }
  all.merge(zone.diags);
  return status;
}

void print_diagnostics(const CompileCommand& command, const Diagnostics& diags) {
  std::string out = format_diagnostics(diags, command.format);
  std::fputs(out.c_str(), command.format == DiagnosticFormat::Text ? stderr : stdout);
}

std::string output_path_for(const std::string& dir, const Name& origin) {
  return (std::filesystem::path(dir) / db::zone_file_name(origin)).string();
}

Expected<Name, int> parse_origin(const std::string& text) {
  // Zone names on the command line are absolute with or without the dot,
  // as nsd-checkzone takes them.
  std::string absolute = text.empty() || text.back() == '.' ? text : text + ".";
  auto name = Name::from_text(absolute);
  if (!name) {
    say("lnsd-zonec: bad zone name '" + text + "': " + std::string(describe(name.error())) +
        "\n");
    return unexpected(kExitUsage);
  }
  return *name;
}

}  // namespace

int run_compile(const CompileCommand& command) {
  auto origin = parse_origin(command.origin);
  if (!origin) return origin.error();
  ZoneJob job{*origin, command.zone_file, command.zonesdir,
              output_path_for(command.output_dir, *origin), command.previous, false};
  Diagnostics all(command.max_diagnostics);
  int status = compile_one(command, job, all);
  print_diagnostics(command, all);
  return status;
}

int run_config(const CompileCommand& command, const std::string& config_path) {
  auto config = conf::load_config(config_path);
  if (!config) {
    for (const auto& d : config.error()) say(d.text() + "\n");
    say("lnsd-zonec: " + config_path + " has errors; no zone was compiled\n");
    return kExitUsage;
  }
  Diagnostics all(command.max_diagnostics);
  int status = kExitClean;
  for (const auto& zone : config->zones) {
    if (zone.zonefile_path.empty()) {
      say("lnsd-zonec: zone " + zone.dname.to_text() + " has no zonefile: skipped\n");
      continue;
    }
    if (zone.is_secondary() && !std::filesystem::exists(zone.zonefile_path)) {
      say("lnsd-zonec: secondary zone " + zone.dname.to_text() + " has no zone file yet (" +
          zone.zonefile_path + "): skipped\n");
      continue;
    }
    std::string output = output_path_for(command.output_dir, zone.dname);
    ZoneJob job{zone.dname, zone.zonefile_path, config->server.zonesdir, output, output, true};
    int s = compile_one(command, job, all);
    if (s > status) status = s;
  }
  print_diagnostics(command, all);
  return status;
}

int run_verify(const std::string& path) {
  auto db = db::ZoneDb::open(path);
  if (!db) {
    say("lnsd-zonec: " + path + ": " + std::string(db::describe(db.error().kind)) + ": " +
        db.error().message + "\n");
    return db.error().kind == db::DbErrorKind::Io ? kExitUsage : kExitZoneErrors;
  }
  if (auto v = db->verify(); !v) {
    say("lnsd-zonec: " + path + ": " + std::string(db::describe(v.error().kind)) + ": " +
        v.error().message + "\n");
    return kExitZoneErrors;
  }
  std::printf("%s: ok: zone %s, serial %u, %u names\n", path.c_str(),
              db->origin().to_text().c_str(), db->serial().value(), db->node_count());
  return kExitClean;
}

int run_dump(const std::string& path) {
  auto db = db::ZoneDb::open(path);
  if (!db) {
    say("lnsd-zonec: " + path + ": " + db.error().message + "\n");
    return db.error().kind == db::DbErrorKind::Io ? kExitUsage : kExitZoneErrors;
  }
  // A damaged body could dump as plausible but wrong records.
  if (auto v = db->verify(); !v) {
    say("lnsd-zonec: " + path + ": " + v.error().message + "\n");
    return kExitZoneErrors;
  }
  std::string out;
  if (auto d = db::dump(*db, out); !d) {
    say("lnsd-zonec: " + path + ": " + d.error().message + "\n");
    return kExitZoneErrors;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitClean;
}

}  // namespace lnsd::zonec
