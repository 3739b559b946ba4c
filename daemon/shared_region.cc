#include "shared_region.hh"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

namespace lnsd {
namespace {

constexpr size_t kAlign = 64;

constexpr size_t round_up(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

size_t slot_size_for(uint32_t zone_group_count) {
  return round_up(sizeof(ServerSlot) + round_up(sizeof(ZoneStats)) * zone_group_count);
}

}  // namespace

Expected<SharedRegion, Error> SharedRegion::create(uint32_t server_count, uint32_t zone_group_count) {
  size_t slot_size = slot_size_for(zone_group_count);
  size_t size = round_up(sizeof(SharedHeader)) + slot_size * server_count;
  void* base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    return unexpected(Error{std::string("cannot map the shared statistics region: ") + std::strerror(errno)});
  }
  // The mapping is zero-filled; constructing in place makes the atomics
  // objects in C++'s sense.
  auto* header = new (base) SharedHeader{};
  std::memcpy(header->magic, "LNSDSHM", 8);
  header->version = kSharedRegionVersion;
  header->server_count = server_count;
  header->zone_group_count = zone_group_count;
  header->slot_size = uint32_t(slot_size);
  SharedRegion region(base, size);
  for (uint32_t server = 0; server < server_count; ++server) {
    auto* slot = static_cast<char*>(base) + round_up(sizeof(SharedHeader)) + slot_size * server;
    new (slot) ServerSlot{};
    for (uint32_t group = 0; group < zone_group_count; ++group) {
      new (slot + sizeof(ServerSlot) + round_up(sizeof(ZoneStats)) * group) ZoneStats{};
    }
  }
  return region;
}

SharedRegion::SharedRegion(SharedRegion&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SharedRegion& SharedRegion::operator=(SharedRegion&& other) noexcept {
  if (this != &other) {
    if (base_ != nullptr) munmap(base_, size_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SharedRegion::~SharedRegion() {
  if (base_ != nullptr) munmap(base_, size_);
}

ServerSlot& SharedRegion::slot(uint32_t server) const {
  auto* first = static_cast<char*>(base_) + round_up(sizeof(SharedHeader));
  return *std::launder(reinterpret_cast<ServerSlot*>(first + size_t(header().slot_size) * server));
}

ZoneStatsTable SharedRegion::zone_stats_table(uint32_t server) const {
  auto* slot_bytes = reinterpret_cast<std::byte*>(&slot(server));
  return ZoneStatsTable{slot_bytes + sizeof(ServerSlot), round_up(sizeof(ZoneStats)), zone_group_count()};
}

ZoneStats& SharedRegion::zone_stats(uint32_t server, uint32_t group) const {
  return *zone_stats_table(server).group(group);
}

ZoneStatsTotals SharedRegion::zone_totals(uint32_t group) const {
  ZoneStatsTotals totals;
  if (group >= zone_group_count()) return totals;
  for (uint32_t server = 0; server < server_count(); ++server) add_to(totals, zone_stats(server, group));
  return totals;
}

StatsTotals SharedRegion::totals() const {
  StatsTotals totals;
  for (uint32_t server = 0; server < server_count(); ++server) add_to(totals, slot(server).stats);
  return totals;
}

bool SharedRegion::all_serving(uint64_t generation) const {
  for (uint32_t server = 0; server < server_count(); ++server) {
    const ServerSlot& s = slot(server);
    if (s.pid.load(std::memory_order_acquire) != 0 &&
        s.serving_generation.load(std::memory_order_acquire) != generation) {
      return false;
    }
  }
  return true;
}

}  // namespace lnsd
