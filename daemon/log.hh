// The daemon's log: one line per event, to stderr, a file or syslog.
//
// Verbosity follows NSD's `verbosity:` levels: at 0 errors, warnings and the
// events that keep the server running (notices) are logged; 1 adds
// operational information, 2 soft warnings and details, 3 debugging. Each
// line is written with one write(2) on an O_APPEND descriptor, so lines from
// the main, server and xfrd processes never interleave in a shared file.
//
// Not for the query path: nothing here is called per query.
#pragma once

#include <string>

#include "util/expected.hh"

namespace lnsd {

enum class LogLevel : unsigned char {
  Error,    // something failed
  Warning,  // something is wrong but the server carries on
  Notice,   // an event that matters to the operator (start, stop, reload)
  Info,     // verbosity >= 1
  Detail,   // verbosity >= 2
  Debug,    // verbosity >= 3
};

enum class LogDestination : unsigned char { Stderr, File, Syslog };

struct LogOptions {
  LogDestination destination = LogDestination::Stderr;
  std::string file;         // for LogDestination::File
  int verbosity = 0;
  bool time_ascii = true;   // log-time-ascii: "[2024-05-01 12:00:00.123]" or epoch seconds
  bool time_iso = false;    // log-time-iso: "[2024-05-01T12:00:00.123+02:00]" (with time_ascii)
  std::string ident = "lnsd";
};

// Opens the destination (the file is opened before chroot and privilege drop,
// so it may live where the unprivileged user cannot create files).
Expected<void, Error> log_open(const LogOptions& options);

// SIGHUP: reopens the log file at `path` (after chroot the path is the one
// inside the chroot). A failure keeps the old descriptor and is returned.
Expected<void, Error> log_reopen(const std::string& path);

// The process name shown in each line: "lnsd" for main, "lnsd-server-2"... for
// children, so that an operator sees which process speaks.
void log_set_ident(const std::string& ident);

void log_set_verbosity(int verbosity);
int log_verbosity();
bool log_enabled(LogLevel level);

// The file descriptor lines go to (stderr or the file), -1 for syslog.
int log_fd();

void log_message(LogLevel level, const char* format, ...) __attribute__((format(printf, 2, 3)));

#define LNSD_PRINTF(f, a) __attribute__((format(printf, f, a)))
void log_error(const char* format, ...) LNSD_PRINTF(1, 2);
void log_warning(const char* format, ...) LNSD_PRINTF(1, 2);
void log_notice(const char* format, ...) LNSD_PRINTF(1, 2);
void log_info(const char* format, ...) LNSD_PRINTF(1, 2);
void log_detail(const char* format, ...) LNSD_PRINTF(1, 2);
void log_debug(const char* format, ...) LNSD_PRINTF(1, 2);
#undef LNSD_PRINTF

}  // namespace lnsd
