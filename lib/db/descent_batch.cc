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
  auto start = db.encloser_start(name);
  if (!start) return false;
  Walk& w = walks_[count_++];
  w.db = &db;
  w.name = &name;
  w.enc = *start;
  w.next_label = uint8_t(name.label_count() - db.origin().label_count());
  start_label(w);
  return true;
}

size_t DescentBatch::run(Last last) {
  // Every step either moves to a later entry of a bucket or to a lower
  // label, so each walk ends.
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
  uint64_t h = hash64({w.lower.data(), w.lower_size}, w.enc.node.index);
  uint32_t bucket = uint32_t((uint64_t(uint32_t(h)) * db.bucket_count_) >> 32);
  w.tag = uint8_t(h >> 56);
  w.entry = bucket;
  prefetch(db.buckets_, uint64_t(bucket) * 4);
  w.step = Step::Bucket;
}

void DescentBatch::advance(Walk& w) const {
  const ZoneDb& db = *w.db;
  const uint32_t nodes = db.header_.node_count;
  switch (w.step) {
    case Step::Bucket: {
      const uint64_t at = uint64_t(w.entry) * 4;
      if (at + 8 > db.buckets_.size()) {
        w.step = Step::Done;
        return;
      }
      w.entry = load_le<uint32_t>(db.buckets_.data() + at);
      w.entry_end = std::min<uint32_t>(load_le<uint32_t>(db.buckets_.data() + at + 4), nodes - 1);
      // The bucket's entries may end on the next line.
      const uint64_t first = uint64_t(w.entry) * format::kHashEntrySize;
      const uint64_t end = uint64_t(w.entry_end) * format::kHashEntrySize;
      prefetch(db.entries_, first);
      if (end > first && (first | 63) + 1 < end) prefetch(db.entries_, (first | 63) + 1);
      w.step = Step::Entries;
      return;
    }
    case Step::Entries: {
      for (; w.entry < w.entry_end; ++w.entry) {
        const uint64_t at = uint64_t(w.entry) * format::kHashEntrySize;
        if (at + format::kHashEntrySize > db.entries_.size()) break;
        const uint8_t* entry = db.entries_.data() + at;
        if (entry[0] != w.tag) continue;
        w.node = load_le<uint32_t>(entry + 1);
        if (w.node >= nodes) continue;
        ++w.entry;
        // NodeBase (8 octets per 64 nodes) stays in the cache.
        prefetch(db.node_offset_, uint64_t(w.node) * 4);
        w.step = Step::Offset;
        return;
      }
      w.step = Step::Done;
      return;
    }
    case Step::Offset: {
      // The node, what follows it (its RRsets), and the group's first node,
      // which holds the front-coded prefix of its label.
      // Only the lines the node covers: a needless prefetch costs as much
      // memory time as a useful one.
      const uint64_t at = db.node_offset(w.node);
      const uint64_t end = db.node_offset(w.node + 1);
      prefetch(db.node_data_, at);
      if ((at | 63) + 1 < end) prefetch(db.node_data_, (at | 63) + 1);
      const uint32_t group = w.node - w.node % format::kLabelGroup;
      if (group != w.node) prefetch(db.node_data_, db.node_offset(group));
      // The last label's node is not waited for (run()).
      w.step = w.next_label == 1 ? Step::AtLast : Step::Node;
      return;
    }
    case Step::Node: enter_candidate(w); return;
    case Step::AtLast:
    case Step::Done: return;
  }
}

void DescentBatch::enter_candidate(Walk& w) const {
  const ZoneDb& db = *w.db;
  ZoneDb::RawNode r = db.raw_node(w.node);
  if (r.ok && r.parent == w.enc.node.index && db.label_is(w.node, r, {w.lower.data(), w.lower_size})) {
    db.encloser_step(w.enc, NodeRef{w.node}, r.flags, w.next_label > 1);
    --w.next_label;
    start_label(w);  // with no label left, the name itself is found
  } else {
    w.step = Step::Entries;  // a tag collision: on to the bucket's next entry
  }
}

}  // namespace lnsd::db
