// The seam between the process model and the zones.
//
// Main owns a ZoneLoader: it builds zone generations (compiling the zone
// files whose databases are stale, through the compiler library) at startup
// and on every reload. A generation is a number that only grows; publishing
// one is: main stores it in the shared region (published_generation), then
// sends ChannelCommand::Publish to every server. Each server, between two
// events, asks its Answerer to switch: the Answerer maps the new databases,
// answers from them from the next query on, and unmaps the old ones; the
// server then stores the generation in its slot (serving_generation), which
// tells main that server has switched. Queries that arrive meanwhile wait in
// the socket buffers: none is lost, and each is answered wholly from one
// generation.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "query_handler.hh"
#include "util/expected.hh"

namespace lnsd {

// One server process's view of the zones.
class Answerer {
 public:
  virtual ~Answerer() = default;
  // The handler the server calls for every query. It stays valid for the
  // Answerer's lifetime and follows switch_to (its context is the Answerer).
  virtual QueryHandler handler() = 0;
  // Between two events: serve `generation` from now on. On failure the
  // previous generation keeps serving.
  virtual Expected<void, Error> switch_to(uint64_t generation) = 0;
  virtual uint64_t generation() const = 0;
};

class ZoneLoader {
 public:
  virtual ~ZoneLoader() = default;
  // In main while still root, before privileges drop (only when they do):
  // creates what the unprivileged user will need to write, owned by it.
  // `chroot` is "" or the directory the paths are inside of.
  virtual Expected<void, Error> prepare_as_root(const std::string& chroot, uid_t uid, gid_t gid) {
    (void)chroot, (void)uid, (void)gid;
    return {};
  }
  // In main at startup, before the children are forked: prepares every
  // zone; returns the first generation. Zones that fail are logged and
  // skipped; only a failure to serve at all is an error.
  virtual Expected<uint64_t, Error> load() = 0;
  // In main on SIGHUP: rebuilds what changed; returns the generation to
  // publish, the current one when nothing changed. A zone that fails keeps
  // its previous version.
  virtual Expected<uint64_t, Error> reload() = 0;
  // In a server process just forked (possibly a replacement, long after
  // startup): the Answerer for `generation`.
  virtual Expected<std::unique_ptr<Answerer>, Error> open_answerer(uint64_t generation) = 0;
};

}  // namespace lnsd
