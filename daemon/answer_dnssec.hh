// DNSSEC proofs for pre-signed zones (RFC 4035 §3.1.3, RFC 5155 §7.2), added
// to the plan the way NSD adds them: which NSEC or NSEC3 records, and in
// which order, for NXDOMAIN, NODATA, wildcard answers and referrals.
#pragma once

#include "answer_query.hh"

namespace lnsd::answer_detail {

// A node and the number of labels of its name.
struct ZoneNode {
  db::NodeRef node;
  uint8_t labels = 0;
};

// The name of a node of `zone` (its origin for the apex).
Name node_name(const ZoneSet::Zone& zone, db::NodeRef node);
// Whether the node has NSEC3 records and their signatures only: the owner
// of an NSEC3 record, which RFC 5155 §7.2.8 says does not exist.
bool only_nsec3(const db::ZoneDb& db, db::NodeRef node);
// At or below a delegation point (NSD's "glue"): not authoritative data, so
// no NSEC3 of its own (RFC 5155 §7.1) and no target of additional records
// other than NS.
bool at_or_below_cut(const db::ZoneDb& db, db::NodeRef node);
// Adds an RRset of a node to the authority section (no additional records).
void plan_authority(Query& q, const ZoneSet::Zone& zone, db::NodeRef node, RRType type);

// NSEC (RFC 4035 §3.1.3): the NSEC that covers `name`, and the one at a
// node or, when it has none (an empty non-terminal), the one before it.
void nsec_cover(Query& q, const ZoneSet::Zone& zone, const Name& name);
void nsec_at_or_before(Query& q, const ZoneSet::Zone& zone, db::NodeRef node);

// NSEC3 (RFC 5155 §7.2). `name` is the name looked up.
// A wildcard answer: the next closer name does not exist (§7.2.6).
void nsec3_wildcard_answer(Query& q, const ZoneSet::Zone& zone, const ZoneNode& closest_encloser,
                           const Name& name);
// An empty non-terminal or a name that does not exist: the closest encloser
// proof and the wildcard denial (§7.2.2, §7.2.3).
void nsec3_name_error(Query& q, const ZoneSet::Zone& zone, const ZoneNode& closest_encloser,
                      const Name& name);
// NODATA at `original` (the node, or the wildcard for wildcard NODATA).
void nsec3_nodata(Query& q, const ZoneSet::Zone& zone, db::NodeRef original);
// A referral: the DS does not exist, or the opt-out span covers it (§7.2.7).
void nsec3_delegation(Query& q, const ZoneSet::Zone& zone, db::NodeRef delegation);

}  // namespace lnsd::answer_detail
