#include "db/descent_batch.hh"

#include <algorithm>

#include "db/bytes.hh"
#include "db/hash64.hh"
#include "db/reader.hh"
#include "db/wire_name.hh"

namespace lnsd::db {

namespace {

void prefetch(std::span<const uint8_t> section, uint64_t at) {
  if (at < section.size()) __builtin_prefetch(section.data() + at);
}

}  // namespace

bool DescentBatch::add(const ZoneDb& db, const Name& name) {
  if (count_ == walks_.size()) return false;
  Walk& w = walks_[count_];
  if (!db.encloser_start(name, w.enc)) return false;
  ++count_;
  w.db = &db;
  w.name = &name;
  w.next_label = uint8_t(name.label_count() - db.origin().label_count());
  start_label(w);
  return true;
}

size_t DescentBatch::run(Last last) {
  // Every step either moves to a later slot (and at most once round the
  // table) or to a lower label, so each walk ends.
  for (;;) {
    size_t active = 0;
    for (size_t i = 0; i < count_; ++i) active += walks_[i].step != Step::Done;
    if (active == 0) break;
    while (active > 0) {
      for (size_t i = 0; i < count_; ++i) {
        Walk& w = walks_[i];
        if (w.step == Step::Done || w.step == Step::AtLast) continue;
        advance(w);
        active -= w.step == Step::Done || w.step == Step::AtLast;
      }
    }
    // The walks at their last node: found, or back to their bucket. Only
    // checked now, when its lines have had a whole round to arrive, and
    // only when asked: the server's look-ups check it again anyway.
    for (size_t i = 0; i < count_; ++i) {
      Walk& w = walks_[i];
      if (w.step != Step::AtLast) continue;
      if (last == Last::Warm) {
        w.step = Step::Done;
      } else {
        enter_candidate(w);
      }
    }
  }
  if (last == Last::Warm) return 0;
  size_t found = 0;
  for (size_t i = 0; i < count_; ++i) found += walks_[i].enc.exact;
  return found;
}

// The key of the next label down (ZoneDb::find_child_lower's), and a
// prefetch of its bucket; no memory is read but the name.
void DescentBatch::start_label(Walk& w) const {
  if (w.next_label == 0) {
    w.enc.exact = true;
    w.step = Step::Done;
    return;
  }
  std::span<const uint8_t> label = w.name->label(w.next_label - 1);
  if (label.empty() || label.size() > Name::kMaxLabel) {
    w.step = Step::Done;
    return;
  }
  for (size_t k = 0; k < label.size(); ++k) w.lower[k] = ascii_lower(label[k]);
  w.lower_size = uint8_t(label.size());
  const ZoneDb& db = *w.db;
  w.cursor = db.slot_cursor(hash64({w.lower.data(), w.lower_size}, w.enc.node.index));
  __builtin_prefetch(db.bucket_address(w.cursor.bucket));
  w.step = Step::Slots;
}

void DescentBatch::advance(Walk& w) const {
  const ZoneDb& db = *w.db;
  switch (w.step) {
    case Step::Slots:
      switch (db.scan_slots(w.cursor, w.node)) {
        case ZoneDb::SlotScan::NotFound: w.step = Step::Done; return;
        case ZoneDb::SlotScan::NextBucket: __builtin_prefetch(db.bucket_address(w.cursor.bucket)); return;
        case ZoneDb::SlotScan::Candidate: break;
      }
      // The node, and the group's first node when the label is front-coded
      // (it holds the prefix): where that starts, the slot says; when it
      // does not, NodeBase does, fetched first and read next round
      // (NodeBase of a large zone is larger than the cache).
      prefetch(db.node_data_, w.node.at);
      if (w.node.index % format::kLabelGroup != 0) {
        if (w.cursor.group_at == ZoneDb::kNoGroup) {
          prefetch(db.node_base_, uint64_t(w.node.index / format::kLabelGroup) * 8);
          w.step = Step::Group;
          return;
        }
        prefetch(db.node_data_, w.cursor.group_at);
      }
      fetched_candidate(w);
      return;
    case Step::Group:
      prefetch(db.node_data_, db.group_offset(w.node.index));
      fetched_candidate(w);
      return;
    case Step::Node: enter_candidate(w); return;
    case Step::AtLast:
    case Step::Done: return;
  }
}

// The candidate's lines are on their way: it is checked next round, or,
// for the last label, once every walk has ended (run()), so that waiting
// for it does not hold a round up.
void DescentBatch::fetched_candidate(Walk& w) const {
  w.step = w.next_label == 1 ? Step::AtLast : Step::Node;
}

void DescentBatch::enter_candidate(Walk& w) const {
  const ZoneDb& db = *w.db;
  uint8_t flags = 0;
  if (db.is_child(w.node, w.enc.node, {w.lower.data(), w.lower_size}, w.cursor.group_at, flags)) {
    db.encloser_step(w.enc, w.node, flags, w.next_label > 1);
    --w.next_label;
    start_label(w);  // with no label left, the name itself is found
  } else {
    w.step = Step::Slots;  // a tag collision: on to the next slot
  }
}

}  // namespace lnsd::db
