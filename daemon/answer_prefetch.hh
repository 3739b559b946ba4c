// Looking up the question names of a receive batch together before its
// queries are answered one by one: the names descend their zones' trees
// side by side (db::DescentBatch), so that on a zone larger than the caches
// their memory reads overlap instead of following each other, and each
// query's closest encloser is handed to answer() as a hint, so that it is
// not looked up twice.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "db/descent_batch.hh"
#include "db/reader.hh"
#include "dns/name.hh"
#include "zone_set.hh"

namespace lnsd {

// What the batched look-up found for one query: the zone of its question
// and the question's closest encloser there (ZoneDb::closest_encloser).
// answer() uses it only for the very query bytes and zone set it was made
// for.
struct LookupHint {
  const uint8_t* query = nullptr;
  size_t query_size = 0;
  const ZoneSet* zones = nullptr;
  const ZoneSet::Zone* zone = nullptr;
  const Name* qname = nullptr;  // the question's name, read from `query`
  db::Encloser encloser;
};

class AnswerPrefetch {
 public:
  static constexpr size_t kBatch = db::DescentBatch::kCapacity;

  // Looks up the first kBatch queries (a server's receive batch holds no
  // more) and forgets the hints of the batch before. Does nothing when
  // every zone fits in the cache (ZoneSet::has_large_zone).
  void warm(std::span<const std::span<const uint8_t>> queries, const ZoneSet& zones);
  // The hint for `query` when it was in the batch warmed last, else null.
  // Queries are expected in the order they were warmed.
  const LookupHint* hint_for(std::span<const uint8_t> query);
  // Drops the hints, as when the zone set they point into changes.
  void forget() { hint_count_ = next_hint_ = 0; }

 private:
  std::array<Name, kBatch> names_;
  std::array<LookupHint, kBatch> hints_;
  size_t hint_count_ = 0;
  size_t next_hint_ = 0;
  db::DescentBatch descent_;
};

}  // namespace lnsd
