// The names of a zone as the database stores them: every owner plus the
// empty non-terminals between it and the apex (RFC 4592 §2.2.2), in
// canonical order (RFC 4034 §6.1), each with its parent and the flags the
// answer path needs. Built by the writer from a finalized ZoneContent.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "db/zone_content.hh"
#include "util/expected.hh"

namespace lnsd::db {

struct TreeNode {
  uint32_t parent = 0;         // tree index; the apex (index 0) has format::kNone
  uint32_t content_node = 0;   // index into ZoneContent::nodes(), format::kNone when empty
  uint32_t label_owner = 0;    // an owner whose wire form holds this node's label
  uint8_t label_offset = 0;    // the label's length octet within that owner's wire form
  uint8_t depth = 0;           // labels below the apex
  uint8_t flags = 0;           // format::NodeFlag
};

struct ZoneTree {
  std::vector<TreeNode> nodes;

  // The node's leftmost label without its length octet; empty for the apex.
  std::span<const uint8_t> label(const ZoneContent& content, uint32_t node) const;
  // The node's full name, built from its labels up to the apex.
  Name name(const ZoneContent& content, uint32_t node) const;
  // The node's first RRset of `type`, or nullptr.
  const ZoneContent::RRset* find_rrset(const ZoneContent& content, uint32_t node, RRType type) const;
};

// Fails when an owner is outside the zone.
Expected<ZoneTree, Error> build_zone_tree(const ZoneContent& content);

}  // namespace lnsd::db
