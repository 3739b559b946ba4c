// Walks a zone database the way the answer path reads it: every node,
// RRset and rdata, and every look-up on the names found. Any database,
// damaged or not, must be walked without a read outside the image (ASan
// watches that). When verify() passed, the look-ups must also agree with
// what the walk found: each node's name leads back to that node, each RRset
// is found by its type, each NSEC3 hash by itself.
#pragma once

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

#include "db/descent_batch.hh"
#include "db/reader.hh"
#include "fuzz_common.hh"
#include "rdata_round_trip.hh"

namespace lnsd::fuzz {

// A damaged database may claim many nodes; walking some of them covers the
// code and keeps each run fast.
inline constexpr uint32_t kMaxWalkedNodes = 2048;
// nsec_cover steps back over the nodes without NSEC, as many as the zone
// has when few are signed, so it is tried as the answer path does (in NSEC
// signed zones) and on the first nodes of small zones only.
inline constexpr uint32_t kMaxNsecCovers = 32;
inline constexpr uint32_t kMaxNsecCoverZone = 4096;

inline void walk_rrsets(const db::ZoneDb& db, db::NodeRef node, bool verified) {
  static std::array<uint8_t, 65535> expanded;
  std::vector<uint8_t> wire;
  const std::string where = "node " + std::to_string(node.index);
  db::RRsetIterator it = db.rrsets(node).begin();
  for (; it != std::default_sentinel; ++it) {
    const db::RRsetRef& rrset = *it;
    uint32_t count = 0;
    db::RdataIterator r = rrset.begin();
    for (; r != std::default_sentinel; ++r) {
      ++count;
      for (size_t i = 0; i < r->name_count(); ++i) {
        const db::StoredName& name = r->name(i);
        FUZZ_CHECK(size_t(name.offset) + name.length <= r->stored().size(), where);
      }
      wire.clear();
      r->append_wire(wire);
      FUZZ_CHECK(wire.size() == r->wire_size(), where);
      const size_t n = r->expand(expanded);
      FUZZ_CHECK(n == 0 || (n == wire.size() && std::equal(wire.begin(), wire.end(), expanded.begin())),
                 where + ": expand and append_wire differ");
      if (verified) {
        FUZZ_CHECK(n == wire.size(), where);
        RdataNames names;
        FUZZ_CHECK(rdata_check_wire(rrset.type(), wire, names),
                   where + " " + type_to_text(rrset.type()) + " " + hex(wire));
        check_text_round_trip(rrset.type(), wire);
      }
    }
    if (!verified) continue;
    FUZZ_CHECK(r.ok() && count == rrset.count(), where + ": rdata count");
    auto again = rrset.type() == RRType::RRSIG ? db.rrsigs(node, rrset.covered())
                                               : db.rrset(node, rrset.type());
    FUZZ_CHECK(again && again->type() == rrset.type() && again->count() == rrset.count() &&
                   again->ttl() == rrset.ttl(),
               where + ": " + type_to_text(rrset.type()) + " not found by type");
  }
  FUZZ_CHECK(!verified || it.ok(), where + ": RRsets do not decode");
}

inline void walk_node(const db::ZoneDb& db, db::NodeRef node, bool verified) {
  const std::string where = "node " + std::to_string(node.index);
  (void)db.flags(node);
  (void)db.label(node);
  const auto parent = db.parent(node);
  const Name name = db.name(node);
  const auto found = db.find_exact(name);
  const auto encloser = db.closest_encloser(name);
  const bool try_nsec = db.nsec_signed() && node.index < kMaxNsecCovers &&
                        db.node_count() <= kMaxNsecCoverZone;
  (void)db.predecessor(name);
  if (try_nsec) (void)db.nsec_cover(name);
  (void)db.nsec3_of(node);
  const uint8_t star[] = {'*'};
  (void)db.find_child(node, star);
  // A name below this node that the zone is unlikely to hold: the look-ups
  // that miss (NXDOMAIN, wildcards, denial of existence).
  const uint8_t absent[] = {'z', 'z', '-', 'f', 'u', 'z', 'z'};
  const auto below = name.prepend(absent);
  if (below) {
    (void)db.find_exact(*below);
    (void)db.predecessor(*below);
    if (try_nsec) (void)db.nsec_cover(*below);
    auto e = db.closest_encloser(*below);
    if (verified) {
      FUZZ_CHECK(e && e->labels >= name.label_count(), where + ": " + below->to_text());
    }
  }
  walk_rrsets(db, node, verified);
  if (!verified) return;
  FUZZ_CHECK(name.is_subdomain_of(db.origin()), where + ": " + name.to_text());
  FUZZ_CHECK(found && *found == node, where + ": " + name.to_text() + " is not found");
  FUZZ_CHECK(encloser && encloser->exact && encloser->node == node &&
                 encloser->labels == name.label_count(),
             where + ": closest encloser of " + name.to_text());
  if (node.index == 0) {
    FUZZ_CHECK(!parent && name == db.origin(), "apex");
  } else {
    FUZZ_CHECK(parent && parent->index < node.index && db.name(*parent) == name.parent(),
               where + ": parent of " + name.to_text());
  }
}

// The batched descent of the servers (db::DescentBatch) over the names of
// the walked nodes: in bounds whatever the database holds, and in a
// verified one it finds every one of them.
inline void descend_in_batches(const db::ZoneDb& db, uint32_t nodes, bool verified) {
  std::vector<Name> names;
  db::DescentBatch descent;
  for (uint32_t first = 0; first < nodes; first += db::DescentBatch::kCapacity) {
    names.clear();
    for (uint32_t i = first; i < nodes && names.size() < db::DescentBatch::kCapacity; ++i) {
      names.push_back(db.name(db::NodeRef{i}));
    }
    size_t added = 0;
    for (const Name& name : names) added += descent.add(db, name);
    const size_t found = descent.run(db::DescentBatch::Last::Check);
    FUZZ_CHECK(!verified || found == names.size(),
               "the descent found " + std::to_string(found) + " of " + std::to_string(added) + " names");
    for (size_t i = 0; verified && i < added; ++i) {
      const auto e = db.closest_encloser(names[i]);
      const db::Encloser& r = descent.result(i);
      FUZZ_CHECK(e && r.node == e->node && r.labels == e->labels && r.exact == e->exact && r.cut == e->cut &&
                     r.flags == e->flags,
                 "the descent and closest_encloser differ on " + names[i].to_text());
    }
    descent.clear();
  }
}

inline void walk_zonedb(const db::ZoneDb& db, bool verified) {
  (void)db.nsec3_params();
  const uint32_t nodes = std::min(db.node_count(), kMaxWalkedNodes);
  for (uint32_t i = 0; i < nodes; ++i) walk_node(db, db::NodeRef{i}, verified);
  descend_in_batches(db, nodes, verified);
  // Names beside the zone: its parent and a sibling are outside it.
  if (!db.origin().is_root()) {
    const Name outside = db.origin().parent();
    FUZZ_CHECK(!db.closest_encloser(outside) && !db.find_exact(outside) &&
                   !db.predecessor(outside) && !db.nsec_cover(outside),
               "a name outside the zone is found");
  }
  const size_t hashes = std::min<size_t>(db.nsec3_count(), kMaxWalkedNodes);
  for (size_t e = 0; e < hashes; ++e) {
    const auto hash = db.nsec3_hash(e);
    FUZZ_CHECK(hash.size() == db::format::kNsec3HashSize, "NSEC3 hash size");
    const db::NodeRef node = db.nsec3_node(e);
    const auto found = db.nsec3_find(hash);
    const auto cover = db.nsec3_cover(hash);
    if (verified) {
      FUZZ_CHECK(found && *found == node && cover, "NSEC3 entry " + std::to_string(e));
    }
  }
}

}  // namespace lnsd::fuzz
