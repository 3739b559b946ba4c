// The closest-encloser descent of a batch of names, interleaved so that
// their cache misses overlap (group prefetching: Chen, Ailamaki, Gibbons and
// Mowry, "Improving Hash Join Performance through Prefetching", ICDE 2004).
//
// On a zone larger than the processor's caches, each label of a look-up
// costs two dependent misses: the hash bucket, then the node together with
// the first node of its label group (whose start the bucket's slot gives).
// One name at a time, the processor waits for each in turn. Here every name
// advances one step per round and prefetches what its next step reads, so
// a batch of names waits about as long as one.
//
// It only warms the cache: the look-ups that follow (ZoneDb::closest_encloser)
// decide every answer, so a step that guesses wrong costs time, never
// correctness. It reads only inside the mapping, like every look-up.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "db/reader.hh"
#include "dns/name.hh"

namespace lnsd::db {

class DescentBatch {
 public:
  // The receive batch of a server (daemon/udp_service.hh).
  static constexpr size_t kCapacity = 64;

  // Queues the descent of `name` (which must outlive run()) in `db`; false
  // when the batch is full or the name is not in the zone.
  bool add(const ZoneDb& db, const Name& name);
  // What run() does with the node a name's last label leads to.
  enum class Last : uint8_t {
    Warm,   // only fetch it: the look-up that follows checks it
    Check,  // check it too: result() is then each name's closest encloser
  };
  // Runs every queued descent to its end. With Last::Check, returns how
  // many of the names are nodes of their zones (else 0).
  size_t run(Last last = Last::Warm);
  // After run(Last::Check): what ZoneDb::closest_encloser gives for the
  // i-th name added.
  const Encloser& result(size_t i) const { return walks_[i].enc; }
  size_t size() const { return count_; }
  void clear() { count_ = 0; }

 private:
  enum class Step : uint8_t { Slots, Group, Node, AtLast, Done };
  struct Walk {
    const ZoneDb* db = nullptr;
    const Name* name = nullptr;
    Encloser enc;            // the node found so far, as closest_encloser has it
    uint8_t next_label = 0;  // index into name's labels of the next one down; 0 ends
    Step step = Step::Done;
    std::array<uint8_t, Name::kMaxLabel> lower{};
    uint8_t lower_size = 0;
    ZoneDb::SlotCursor cursor;  // the label's key in the hash index
    NodeRef node;               // the candidate being fetched
  };

  void advance(Walk& w) const;
  // Checks the candidate node the walk's label led to: when it is the
  // label's, goes down into it and on to the next label, else back to the
  // next slot.
  void enter_candidate(Walk& w) const;
  void fetched_candidate(Walk& w) const;
  void start_label(Walk& w) const;

  std::array<Walk, kCapacity> walks_;
  size_t count_ = 0;
};

}  // namespace lnsd::db
