// Warming the cache for a batch of queries before they are answered, one
// by one, by answer(): the question names of a receive batch descend their
// zones' trees together (db::DescentBatch), so that on a zone larger than
// the caches their misses overlap instead of following each other. The
// answers do not depend on it: answer() alone decides them.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "db/descent_batch.hh"
#include "dns/name.hh"

namespace lnsd {

class ZoneSet;

class AnswerPrefetch {
 public:
  static constexpr size_t kBatch = db::DescentBatch::kCapacity;

  // Any number of queries; they are taken kBatch at a time. Does nothing
  // when every zone fits in the cache (ZoneSet::has_large_zone).
  void warm(std::span<const std::span<const uint8_t>> queries, const ZoneSet& zones);

 private:
  std::array<Name, kBatch> names_;
  db::DescentBatch descent_;
};

}  // namespace lnsd
