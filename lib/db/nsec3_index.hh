// The NSEC3 sections of a database (lnsd-zonedb(5)): the chain's
// parameters, its hashes in order with the node of each, and for every node
// the chain entry its own hash matches. The writer computes them once so
// that answering hashes only names that do not exist.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "db/zone_content.hh"
#include "db/zone_tree.hh"

namespace lnsd::db {

struct Nsec3Index {
  std::vector<uint8_t> param;     // the NSEC3PARAM rdata the chain follows
  std::vector<uint8_t> hashes;    // 20-octet hash, then u32 node, in hash order
  std::vector<uint8_t> node_map;  // u32 per node: index in `hashes`, or kNone
};

// nullopt when the apex has no NSEC3PARAM of SHA-1 with flags zero.
std::optional<Nsec3Index> build_nsec3_index(const ZoneContent& content, const ZoneTree& tree);

}  // namespace lnsd::db
