#include "db/zone_tree.hh"

#include <array>
#include <cstring>

#include "db/format.hh"
#include "db/wire_name.hh"

namespace lnsd::db {
namespace {

bool has_type(const ZoneContent& content, uint32_t content_node, RRType type) {
  if (content_node == format::kNone) return false;
  const auto& node = content.nodes()[content_node];
  for (uint32_t i = 0; i < node.rrset_count; ++i) {
    if (content.rrsets()[node.first_rrset + i].type == type) return true;
  }
  return false;
}

}  // namespace

std::span<const uint8_t> ZoneTree::label(const ZoneContent& content, uint32_t node) const {
  const TreeNode& n = nodes[node];
  if (n.depth == 0) return {};
  auto wire = content.owner_wire(n.label_owner);
  return wire.subspan(n.label_offset + 1, wire[n.label_offset]);
}

Name ZoneTree::name(const ZoneContent& content, uint32_t node) const {
  std::array<uint8_t, 255> wire;
  size_t size = 0;
  for (uint32_t n = node; n != 0; n = nodes[n].parent) {
    auto l = label(content, n);
    wire[size++] = uint8_t(l.size());
    std::memcpy(wire.data() + size, l.data(), l.size());
    size += l.size();
  }
  auto origin = content.origin().wire();
  std::memcpy(wire.data() + size, origin.data(), origin.size());
  // Labels the compiler checked, under the origin: always a valid name.
  return Name::from_wire({wire.data(), size + origin.size()}).value();
}

const ZoneContent::RRset* ZoneTree::find_rrset(const ZoneContent& content, uint32_t node,
                                               RRType type) const {
  uint32_t cn = nodes[node].content_node;
  if (cn == format::kNone) return nullptr;
  const auto& n = content.nodes()[cn];
  for (uint32_t i = 0; i < n.rrset_count; ++i) {
    const auto& set = content.rrsets()[n.first_rrset + i];
    if (set.type == type) return &set;
  }
  return nullptr;
}

Expected<ZoneTree, Error> build_zone_tree(const ZoneContent& content) {
  ZoneTree tree;
  const auto origin = content.origin().wire();
  std::array<uint8_t, 128> origin_offsets;
  const size_t origin_labels = label_offsets(origin, origin_offsets);

  auto nodes = content.nodes();
  tree.nodes.reserve(nodes.size() + nodes.size() / 8 + 1);
  // path[d]: the tree index of the current name's ancestor d labels below
  // the apex; canonical order visits a parent before its descendants.
  std::vector<uint32_t> path;

  for (uint32_t ci = 0; ci < nodes.size(); ++ci) {
    uint32_t owner = nodes[ci].name;
    auto wire = content.owner_wire(owner);
    std::array<uint8_t, 128> offsets;
    size_t labels = label_offsets(wire, offsets);
    bool inside = false;
    if (labels >= origin_labels) {
      // Where the last origin_labels labels begin (the root octet for the root).
      size_t boundary = origin_labels > 0 ? offsets[labels - origin_labels] : wire.size() - 1;
      inside = names_equal_wire(wire.subspan(boundary), origin);
    }
    if (!inside) {
      return unexpected(Error{"owner " + content.owner_name(owner).to_text() +
                              " is outside the zone " + content.origin().to_text()});
    }
    size_t depth = labels - origin_labels;
    if (path.empty()) {
      // The apex is always node 0, empty when nothing is written there.
      TreeNode apex;
      apex.parent = format::kNone;
      apex.content_node = format::kNone;
      apex.label_owner = owner;
      apex.flags = format::kNodeApex;
      tree.nodes.push_back(apex);
      path.push_back(0);
    }
    // Keep the ancestors shared with the previous name, then add the empty
    // non-terminals, then the name itself.
    size_t keep = 1;
    while (keep < path.size() && keep <= depth) {
      auto label = tree.label(content, path[keep]);
      size_t at = offsets[depth - keep];
      if (!labels_equal(label, wire.subspan(at + 1, wire[at]))) break;
      ++keep;
    }
    path.resize(keep);
    for (size_t d = keep; d <= depth; ++d) {
      TreeNode n;
      n.parent = path[d - 1];
      n.content_node = format::kNone;
      n.label_owner = owner;
      n.label_offset = offsets[depth - d];
      n.depth = uint8_t(d);
      path.push_back(uint32_t(tree.nodes.size()));
      tree.nodes.push_back(n);
    }
    tree.nodes[path[depth]].content_node = ci;
  }
  if (tree.nodes.empty()) {
    TreeNode apex;
    apex.parent = format::kNone;
    apex.content_node = format::kNone;
    apex.flags = format::kNodeApex;
    tree.nodes.push_back(apex);
  }

  // Flags, parents first (RFC 1034 §4.2.1 zone cuts, RFC 6672 §2.3 DNAME
  // occlusion, RFC 4592 §2.2.2 empty non-terminals).
  for (uint32_t i = 0; i < tree.nodes.size(); ++i) {
    TreeNode& n = tree.nodes[i];
    uint8_t flags = n.flags & format::kNodeWildcardParent;
    bool apex = i == 0;
    if (apex) flags |= format::kNodeApex;
    if (n.content_node == format::kNone) flags |= format::kNodeEmpty;
    if (has_type(content, n.content_node, RRType::CNAME)) flags |= format::kNodeCname;
    if (has_type(content, n.content_node, RRType::DNAME)) flags |= format::kNodeDname;
    if (!apex) {
      const TreeNode& p = tree.nodes[n.parent];
      if (p.flags & (format::kNodeOccluded | format::kNodeDelegation | format::kNodeDname)) {
        flags |= format::kNodeOccluded;
      }
      if (!(flags & format::kNodeOccluded) && has_type(content, n.content_node, RRType::NS)) {
        flags |= format::kNodeDelegation;
      }
      auto label = tree.label(content, i);
      if (label.size() == 1 && label[0] == '*') {
        tree.nodes[n.parent].flags |= format::kNodeWildcardParent;
      }
    }
    n.flags = flags;
  }
  return tree;
}

}  // namespace lnsd::db
