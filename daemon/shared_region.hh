// The memory main shares with its children: an anonymous MAP_SHARED mapping
// made before the first fork, so every process sees the same pages without
// any file. It holds
//   - the published zone generation (written by main on reload) and, per
//     server, the generation it serves (written by that server), so main
//     knows when every server has switched;
//   - the statistics: one slot per server (daemon/stats.hh) and, in each
//     slot, one ZoneStats per zonestats group.
//
// Layout, fixed for a given kSharedRegionVersion:
//   SharedHeader | ServerSlot[server_count] (each slot_size bytes)
// where a ServerSlot is its fixed part followed by ZoneStats[zone_groups].
// Everything is 64-byte aligned so that two servers never write the same
// cache line.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "stats.hh"
#include "util/expected.hh"

namespace lnsd {

constexpr uint32_t kSharedRegionVersion = 1;

struct alignas(64) SharedHeader {
  char magic[8];  // "LNSDSHM\0"
  uint32_t version;
  uint32_t server_count;
  uint32_t zone_group_count;
  uint32_t slot_size;
  // The zone generation servers must answer from; main stores it (release)
  // before it notifies the servers.
  std::atomic<uint64_t> published_generation;
  std::atomic<uint64_t> reloads_started;
};

struct alignas(64) ServerSlot {
  std::atomic<uint64_t> serving_generation;  // written by the server after a switch
  std::atomic<int32_t> pid;                  // the process in this slot, 0 when none
  std::atomic<uint64_t> started;             // how many processes have held this slot
  ServerStats stats;
};

class SharedRegion {
 public:
  static Expected<SharedRegion, Error> create(uint32_t server_count, uint32_t zone_group_count);

  SharedRegion(SharedRegion&& other) noexcept;
  SharedRegion& operator=(SharedRegion&& other) noexcept;
  SharedRegion(const SharedRegion&) = delete;
  SharedRegion& operator=(const SharedRegion&) = delete;
  ~SharedRegion();

  SharedHeader& header() const { return *static_cast<SharedHeader*>(base_); }
  uint32_t server_count() const { return header().server_count; }
  uint32_t zone_group_count() const { return header().zone_group_count; }
  ServerSlot& slot(uint32_t server) const;
  ZoneStats& zone_stats(uint32_t server, uint32_t group) const;  // group < zone_group_count()
  ZoneStatsTable zone_stats_table(uint32_t server) const;

  // The sum over every server.
  StatsTotals totals() const;
  ZoneStatsTotals zone_totals(uint32_t group) const;
  // True when every server with a live process serves `generation`.
  bool all_serving(uint64_t generation) const;

  size_t size() const { return size_; }

 private:
  SharedRegion(void* base, size_t size) : base_(base), size_(size) {}
  void* base_ = nullptr;
  size_t size_ = 0;
};

}  // namespace lnsd
