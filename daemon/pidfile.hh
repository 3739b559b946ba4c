// The pid file: written by main before it drops privileges (its directory is
// usually root's), handed to the unprivileged user so that main can remove
// it at exit.
#pragma once

#include <sys/types.h>

#include <string>

#include "util/expected.hh"

namespace lnsd {

Expected<void, Error> write_pidfile(const std::string& path, pid_t pid, uid_t owner, gid_t group);

// Removes it, or empties it when the directory does not let us (a stale pid
// is worse than an empty file). `path` as seen from the current root.
void remove_pidfile(const std::string& path);

}  // namespace lnsd
