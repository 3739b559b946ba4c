// Binding processes to CPUs (nsd.conf `cpu-affinity`, `server-N-cpu-affinity`,
// `xfrd-cpu-affinity`), as NSD does: main and every child run on the
// cpu-affinity set; a server with its own server-N-cpu-affinity, and xfrd
// with xfrd-cpu-affinity, run on that one CPU. Servers pinned to distinct
// cores keep their caches and never migrate mid-batch.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "util/expected.hh"

namespace lnsd {

struct CpuAffinity {
  std::vector<unsigned> all;                // cpu-affinity: empty leaves the scheduler free
  std::map<unsigned, unsigned> per_server;  // server-N-cpu-affinity: N (1-based) -> cpu
  std::optional<unsigned> xfrd;             // xfrd-cpu-affinity

  bool empty() const { return all.empty() && per_server.empty() && !xfrd; }
  // The CPUs of server `index` (0-based), of xfrd, of main; empty: unbound.
  std::vector<unsigned> for_server(unsigned index) const;
  std::vector<unsigned> for_xfrd() const;
  const std::vector<unsigned>& for_main() const { return all; }
};

// Binds the calling process to `cpus` (sched_setaffinity); nothing when
// empty. An error names the CPUs, for the log: a process that cannot be
// bound still serves.
Expected<void, Error> bind_to_cpus(std::span<const unsigned> cpus);

// "0 2 3", for the log.
std::string cpu_list_text(std::span<const unsigned> cpus);

}  // namespace lnsd
