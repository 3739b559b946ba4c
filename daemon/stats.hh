// Query statistics, counted by each server in its own slot of the shared
// region (daemon/shared_region.hh): one writer per slot, so no locks and no
// atomic read-modify-write; readers (the control channel) sum the slots.
//
// Counters are std::atomic<uint64_t> used with relaxed loads and stores: on
// x86-64 and ARM64 that is a plain load/add/store, and a concurrent reader
// sees each counter whole, never torn.
#pragma once

#include <atomic>
#include <cstddef>
#include <new>
#include <cstdint>
#include <span>

#include "answer.hh"

namespace lnsd {

using Counter = std::atomic<uint64_t>;

inline void bump(Counter& counter, uint64_t n = 1) {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}
inline uint64_t value_of(const Counter& counter) { return counter.load(std::memory_order_relaxed); }

// The layout is fixed (a reader in another process, of the same binary,
// interprets it); a change bumps kSharedRegionVersion.
struct ServerStats {
  Counter queries;          // queries received (including those dropped)
  Counter qtype[256];       // by QTYPE, for types below 256
  Counter qtype_high;       // QTYPE 256 and above (URI, CAA, TA, ...)
  Counter malformed;        // no question could be read: not counted by type
  Counter opcode[16];       // by OPCODE (RFC 6895 §2.2)
  Counter rcode[16];        // by the response's header RCODE
  Counter udp4, udp6, tcp4, tcp6;
  Counter truncated;        // responses with TC=1
  Counter dropped;          // queries left unanswered (the answer path said so)
  Counter send_failed;      // responses the kernel refused (full buffer, unreachable)
  Counter tcp_accepted;     // TCP connections accepted
  Counter tcp_closed_idle;  // closed after tcp-timeout without activity
  Counter tcp_evicted;      // idle connections closed to make room (tcp-count reached)
  Counter tcp_refused;      // connections closed at once: tcp-count reached, tcp-reject-overflow
  Counter reloads;          // zone generations switched to
};

// Per zonestats: group (a name shared by any number of zones).
struct ZoneStats {
  Counter queries;
  Counter rcode[16];
  Counter udp4, udp6, tcp4, tcp6;
  Counter truncated;
  Counter dropped;
};

// What the server counts for each query it hands to the answer function:
// the query's header and question, the response's header.
void count_query(ServerStats& stats, std::span<const uint8_t> query, const Client& client,
                 const AnswerResult& result, std::span<const uint8_t> response);

// Adds a query the answer path answered from a zone (AnswerResult::stats_group)
// to that zone's zonestats group.
void count_zone_query(ZoneStats& stats, const Client& client, const AnswerResult& result,
                      std::span<const uint8_t> response);

// The zonestats groups of one server slot: `count` ZoneStats, `stride`
// bytes apart (each starts on its own cache line, daemon/shared_region.hh).
struct ZoneStatsTable {
  std::byte* first = nullptr;
  size_t stride = 0;
  uint32_t count = 0;

  ZoneStats* group(uint32_t index) const {
    if (index >= count) return nullptr;
    return std::launder(reinterpret_cast<ZoneStats*>(first + size_t(index) * stride));
  }
};

// Everything a server counts per query: its ServerStats and, for queries the
// answer path placed in a zonestats group, that group's ZoneStats.
class QueryCounters {
 public:
  // Implicit on purpose: a server without zonestats is counted by its
  // ServerStats alone (the tests build services that way).
  QueryCounters(ServerStats* server, ZoneStatsTable zones = {}) : server_(server), zones_(zones) {}

  ServerStats& server() const { return *server_; }
  const ZoneStatsTable& zones() const { return zones_; }

  void count(std::span<const uint8_t> query, const Client& client, const AnswerResult& result,
             std::span<const uint8_t> response) const {
    count_query(*server_, query, client, result, response);
    if (ZoneStats* group = zones_.group(result.stats_group)) count_zone_query(*group, client, result, response);
  }

 private:
  ServerStats* server_;
  ZoneStatsTable zones_;
};

// Plain values: the sum over every server of a ServerStats.
struct StatsTotals {
  uint64_t queries = 0;
  uint64_t qtype[256] = {};
  uint64_t qtype_high = 0;
  uint64_t malformed = 0;
  uint64_t opcode[16] = {};
  uint64_t rcode[16] = {};
  uint64_t udp4 = 0, udp6 = 0, tcp4 = 0, tcp6 = 0;
  uint64_t truncated = 0;
  uint64_t dropped = 0;
  uint64_t send_failed = 0;
  uint64_t tcp_accepted = 0;
  uint64_t tcp_closed_idle = 0;
  uint64_t tcp_evicted = 0;
  uint64_t tcp_refused = 0;
  uint64_t reloads = 0;
};

void add_to(StatsTotals& totals, const ServerStats& stats);

// Plain values: the sum over every server of one zonestats group.
struct ZoneStatsTotals {
  uint64_t queries = 0;
  uint64_t rcode[16] = {};
  uint64_t udp4 = 0, udp6 = 0, tcp4 = 0, tcp6 = 0;
  uint64_t truncated = 0;
  uint64_t dropped = 0;
};

void add_to(ZoneStatsTotals& totals, const ZoneStats& stats);

}  // namespace lnsd
