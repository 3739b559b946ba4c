#include "answer_dnssec.hh"

// The SHA-1 functions that keep their state on the caller's stack: the EVP
// interface allocates a context per digest, the answer path must not.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>

namespace lnsd::answer_detail {
namespace {

using db::NodeRef;
using db::ZoneDb;

uint8_t ascii_lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? uint8_t(c + 32) : c; }

// RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) =
// H(IH(salt, x, k-1) || salt), over the lowercased owner name.
bool nsec3_hash(std::span<const uint8_t> name_wire, const db::Nsec3Params& params, db::Nsec3Hash& out) {
  if (params.algorithm != db::kNsec3Sha1) return false;
  std::array<uint8_t, Name::kMaxWire> lower;
  const size_t n = std::min(name_wire.size(), lower.size());
  for (size_t i = 0; i < n; ++i) lower[i] = ascii_lower(name_wire[i]);
  std::span<const uint8_t> salt = params.salt_bytes();
  std::span<const uint8_t> input(lower.data(), n);
  for (uint32_t k = 0; k <= params.iterations; ++k) {
    SHA_CTX ctx;
    if (SHA1_Init(&ctx) != 1 || SHA1_Update(&ctx, input.data(), input.size()) != 1 ||
        SHA1_Update(&ctx, salt.data(), salt.size()) != 1 || SHA1_Final(out.data(), &ctx) != 1) {
      return false;
    }
    input = out;
  }
  return true;
}

// The NSEC3 facts NSD precomputes per name (nsec3_cover, nsec3_is_exact,
// nsec3_wcard_child_cover, nsec3_ds_parent_cover), computed here on demand
// from the precomputed hash index, hashing only names the index lacks.
class Nsec3Facts {
 public:
  Nsec3Facts(const ZoneSet::Zone& zone) : zone_(zone), db_(*zone.db()) {}

  // Names with an NSEC3 in a complete chain: authoritative names and empty
  // non-terminals, not NSEC3 owners.
  bool hashed(NodeRef node) const { return !only_nsec3(db_, node) && !at_or_below_cut(db_, node); }
  // Names with a parent-side DS proof: delegations (and names with a DS).
  bool ds_hashed(NodeRef node) const {
    if (node == db_.apex() || only_nsec3(db_, node)) return false;
    return db_.rrset(node, RRType::NS) || db_.rrset(node, RRType::DS);
  }
  bool has_facts(NodeRef node) const { return hashed(node) || ds_hashed(node); }

  std::optional<NodeRef> exact(NodeRef node) const {
    if (!hashed(node)) return std::nullopt;
    return db_.nsec3_of(node);
  }
  // The NSEC3 matching the node's hash, or covering it.
  std::optional<NodeRef> cover(NodeRef node) const {
    if (!hashed(node)) return std::nullopt;
    if (auto e = db_.nsec3_of(node)) return e;
    return cover_of(node_name(zone_, node));
  }
  std::optional<NodeRef> wildcard_cover(const Name& node_name) const {
    auto wildcard = node_name.wildcard_child();
    if (!wildcard) return std::nullopt;
    return cover_of(*wildcard);
  }
  // The NSEC3 proving the DS of a delegation: matching, or covering it.
  std::optional<NodeRef> ds_cover(NodeRef node, bool& exact) const {
    exact = false;
    if (!ds_hashed(node)) return std::nullopt;
    if (auto e = db_.nsec3_of(node)) {
      exact = true;
      return e;
    }
    db::Nsec3Hash hash;
    if (!hash_name(node_name(zone_, node), hash)) return std::nullopt;
    if (auto e = db_.nsec3_find(hash)) {
      exact = true;
      return e;
    }
    return db_.nsec3_cover(hash);
  }

  bool hash_name(const Name& name, db::Nsec3Hash& out) const {
    return zone_.nsec3() && nsec3_hash(name.wire(), *zone_.nsec3(), out);
  }
  std::optional<NodeRef> cover_of(const Name& name) const {
    db::Nsec3Hash hash;
    if (!hash_name(name, hash)) return std::nullopt;
    if (auto e = db_.nsec3_find(hash)) return e;
    return db_.nsec3_cover(hash);
  }

 private:
  const ZoneSet::Zone& zone_;
  const ZoneDb& db_;
};

void add_nsec3(Query& q, const ZoneSet::Zone& zone, std::optional<NodeRef> node) {
  if (node) plan_authority(q, zone, *node, RRType::NSEC3);
}

// RFC 5155 §7.2.1: the NSEC3 covering the next closer name. A matching one
// means a hash collision, which NSD answers SERVFAIL.
void nonexistence(Query& q, const ZoneSet::Zone& zone, const Nsec3Facts& facts, uint8_t encloser_labels,
                  const Name& name) {
  const Name next_closer = name.suffix(size_t(encloser_labels) + 1);
  db::Nsec3Hash hash;
  if (!facts.hash_name(next_closer, hash)) return;
  const ZoneDb& db = *zone.db();
  if (db.nsec3_find(hash)) {
    q.rcode = Rcode::ServFail;
    return;
  }
  add_nsec3(q, zone, db.nsec3_cover(hash));
}

bool is_wildcard_node(const ZoneDb& db, NodeRef node) {
  db::Label label = db.label(node);
  return label.size == 1 && label.octets[0] == '*';
}

void ds_proof(Query& q, const ZoneSet::Zone& zone, const Nsec3Facts& facts, NodeRef node, bool delegation) {
  const ZoneDb& db = *zone.db();
  bool ds_exact = false;
  auto ds = facts.ds_cover(node, ds_exact);
  if (ds && ds_exact) {
    add_nsec3(q, zone, ds);
    return;
  }
  if (!delegation) {
    if (auto e = facts.exact(node)) {
      add_nsec3(q, zone, e);
      return;
    }
  }
  // The closest provable encloser, then the next closer name below it, or
  // the opt-out span over the delegation (RFC 5155 §6, §7.2.7).
  std::optional<NodeRef> previous;
  auto parent = db.parent(node);
  while (parent && !facts.exact(*parent)) {
    previous = parent;
    parent = db.parent(*parent);
  }
  if (!parent || !facts.has_facts(*parent)) return;
  add_nsec3(q, zone, facts.exact(*parent));
  if (previous && facts.has_facts(*previous)) {
    add_nsec3(q, zone, facts.cover(*previous));
  } else if (facts.has_facts(node)) {
    add_nsec3(q, zone, ds);
  }
}

}  // namespace

bool at_or_below_cut(const ZoneDb& db, NodeRef node) {
  uint8_t flags = db.flags(node);
  if (flags & db::format::kNodeDelegation) return true;
  if (!(flags & db::format::kNodeOccluded)) return false;
  for (auto at = db.parent(node); at && at->index != 0; at = db.parent(*at)) {
    if (db.has_flag(*at, db::format::kNodeDelegation)) return true;
  }
  return false;
}

Name node_name(const ZoneSet::Zone& zone, NodeRef node) {
  const ZoneDb& db = *zone.db();
  return node == db.apex() ? db.origin() : db.name(node);
}

bool only_nsec3(const ZoneDb& db, NodeRef node) {
  bool nsec3 = false;
  for (const db::RRsetRef& set : db.rrsets(node)) {
    if (set.type() == RRType::NSEC3) {
      nsec3 = true;
    } else if (set.type() != RRType::RRSIG) {
      return false;
    }
  }
  return nsec3;
}

void plan_authority(Query& q, const ZoneSet::Zone& zone, NodeRef node, RRType type) {
  auto rrset = zone.db()->rrset(node, type);
  if (!rrset) return;
  PlannedRRset item;
  item.section = PlanSection::Authority;
  item.kind = PlanKind::Stored;
  item.owner = Owner::node();
  item.target_name = 0;
  item.ttl = 0;
  item.zone = &zone;
  item.node = node;
  item.type = type;
  item.rrset = *rrset;
  item.rdatas = nullptr;
  q.plan_rrset(item);
}

void nsec_cover(Query& q, const ZoneSet::Zone& zone, const Name& name) {
  if (auto node = zone.db()->nsec_cover(name)) plan_authority(q, zone, *node, RRType::NSEC);
}

void nsec_at_or_before(Query& q, const ZoneSet::Zone& zone, NodeRef node) {
  if (zone.db()->rrset(node, RRType::NSEC)) {
    plan_authority(q, zone, node, RRType::NSEC);
  } else {
    nsec_cover(q, zone, node_name(zone, node));
  }
}

void nsec3_wildcard_answer(Query& q, const ZoneSet::Zone& zone, const ZoneNode& closest_encloser,
                           const Name& name) {
  Nsec3Facts facts(zone);
  nonexistence(q, zone, facts, closest_encloser.labels, name);
}

void nsec3_name_error(Query& q, const ZoneSet::Zone& zone, const ZoneNode& closest_encloser,
                      const Name& name) {
  Nsec3Facts facts(zone);
  nonexistence(q, zone, facts, closest_encloser.labels, name);
  add_nsec3(q, zone, facts.exact(closest_encloser.node));
  if (facts.has_facts(closest_encloser.node)) {
    add_nsec3(q, zone, facts.wildcard_cover(name.suffix(closest_encloser.labels)));
  }
}

void nsec3_nodata(Query& q, const ZoneSet::Zone& zone, NodeRef original) {
  const ZoneDb& db = *zone.db();
  Nsec3Facts facts(zone);
  const bool wildcard = is_wildcard_node(db, original);
  if (q.qtype == RRType::DS) {
    if (original == db.apex()) {
      // A DS query at the apex of a zone whose parent is not served here:
      // the apex NSEC3 shows there is no DS (RFC 5155 §7.2.4 applied to the
      // child side).
      add_nsec3(q, zone, facts.exact(original));
      return;
    }
    ds_proof(q, zone, facts, original, false);
    if (wildcard) {
      if (auto parent = db.parent(original)) add_nsec3(q, zone, facts.exact(*parent));
    }
    return;
  }
  if (wildcard) {
    // Wildcard NODATA (RFC 5155 §7.2.5): the closest encloser, then the
    // wildcard's own NSEC3 showing the type is absent.
    if (auto parent = db.parent(original)) add_nsec3(q, zone, facts.exact(*parent));
    add_nsec3(q, zone, facts.cover(original));
    return;
  }
  if (!facts.has_facts(original)) return;
  // A name without its own NSEC3 (an empty non-terminal an opt-out chain
  // left out): the nearest ancestor without one either is proven covered,
  // below an ancestor that has one.
  NodeRef at = original;
  if (!facts.exact(at)) {
    for (auto parent = db.parent(at); parent && facts.has_facts(*parent) && !facts.exact(*parent);
         parent = db.parent(*parent)) {
      at = *parent;
    }
  }
  add_nsec3(q, zone, facts.cover(at));
  if (!facts.exact(at)) {
    if (auto parent = db.parent(at); parent && facts.has_facts(*parent)) add_nsec3(q, zone, facts.exact(*parent));
  }
}

void nsec3_delegation(Query& q, const ZoneSet::Zone& zone, NodeRef delegation) {
  Nsec3Facts facts(zone);
  ds_proof(q, zone, facts, delegation, true);
}

}  // namespace lnsd::answer_detail
