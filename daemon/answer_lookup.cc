// The RFC 1034 §4.3.2 algorithm as NSD runs it (query.c, answer_lookup_zone
// and what it calls), over per-zone databases: zone selection, delegations,
// exact matches, CNAME chains, DNAME substitution (RFC 6672), wildcards
// (RFC 4592), negative answers (RFC 2308) and the additional section.
#include <algorithm>

#include "answer_dnssec.hh"
#include "answer_query.hh"

namespace lnsd::answer_detail {

bool Query::plan_rrset(const PlannedRRset& item) {
  for (size_t i = 0; i < plan_size; ++i) {
    PlannedRRset& p = planned(i);
    bool same;
    if (item.kind == PlanKind::SynthesizedCname) {
      same = p.kind == PlanKind::SynthesizedCname && *names[p.owner_name] == *names[item.owner_name] &&
             *names[p.target_name] == *names[item.target_name];
    } else {
      same = p.kind == item.kind && p.zone == item.zone && p.node == item.node && p.type == item.type;
    }
    if (!same) continue;
    if (item.section < p.section) {
      p.section = item.section;
      return true;
    }
    return false;
  }
  if (plan_size == plan.size()) return false;
  new (&plan[plan_size].item) PlannedRRset(item);
  ++plan_size;
  return true;
}

std::optional<uint8_t> Query::keep_name(const Name& name) {
  if (name_count == names.size()) return std::nullopt;
  names[name_count].emplace(name);
  return uint8_t(name_count++);
}

bool client_allowed(const Client& client, const conf::Acl& acl) {
  auto address = conf::IpAddress::from_sockaddr(reinterpret_cast<const sockaddr*>(&client.address));
  if (!address) return false;
  uint16_t port = 0;
  if (client.address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&client.address)->sin_port);
  } else {
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&client.address)->sin6_port);
  }
  // Queries are not TSIG-verified here: elements that require a key match
  // nothing, NOKEY elements match unsigned queries.
  return acl.match(*address, port, nullptr).verdict == conf::AclMatch::Verdict::Allowed;
}

bool client_allowed(const Query& q, const ZoneSet::Zone& zone) {
  const ZoneAccess& access = zone.access();
  if (access.allow_query.empty()) return true;
  if (client_allowed(q.client, access.allow_query)) return true;
  // A secondary checking the serial may ask the apex SOA (NSD's exception).
  return q.qtype == RRType::SOA && q.qname == zone.origin() && client_allowed(q.client, access.provide_xfr);
}

namespace {

using db::NodeRef;
using db::ZoneDb;
using Zone = ZoneSet::Zone;

constexpr int kQuestionName = -1;
constexpr std::string_view kNotLoaded = "Zone is configured but not loaded";

// The first name inside an rdata, uncompressed.
std::optional<Name> first_rdata_name(const db::RdataRef& rdata, std::span<const uint8_t> origin) {
  if (rdata.name_count() == 0) return std::nullopt;
  const db::StoredName& nm = rdata.name(0);
  std::span<const uint8_t> stored = rdata.stored();
  if (size_t(nm.offset) + nm.length > stored.size()) return std::nullopt;
  std::array<uint8_t, Name::kMaxWire> wire;
  size_t labels = nm.length - (nm.origin_ref ? 2 : 0);
  size_t full = labels + (nm.origin_ref ? origin.size() : 0);
  if (full > wire.size()) return std::nullopt;
  std::copy_n(stored.data() + nm.offset, labels, wire.data());
  if (nm.origin_ref) std::copy(origin.begin(), origin.end(), wire.data() + labels);
  auto name = Name::from_wire({wire.data(), full});
  if (!name) return std::nullopt;
  return *name;
}

struct Match {
  NodeRef node;
  OwnerKind owner_kind = OwnerKind::Node;
  uint8_t owner_name = 0;
};

class Lookup {
 public:
  explicit Lookup(Query& q) : q_(q) {}

  void run() { lookup_zone(q_.qname, kQuestionName, nullptr); }

 private:
  const Name& looked_up(int name_index) const {
    return name_index == kQuestionName ? q_.qname : *q_.names[size_t(name_index)];
  }

  PlannedRRset stored(PlanSection section, const Zone& zone, NodeRef node, OwnerKind owner_kind,
                      uint8_t owner_name, const db::RRsetRef& rrset) const {
    PlannedRRset item;
    item.section = section;
    item.kind = PlanKind::Stored;
    item.owner_kind = owner_kind;
    item.owner_name = owner_name;
    item.target_name = 0;
    item.ttl = 0;
    item.zone = &zone;
    item.node = node;
    item.type = rrset.type();
    item.rrset = rrset;
    return item;
  }

  // NSD's add_rrset: plans the RRset and the additional records its names
  // call for (RFC 1034 §3.6.2, RFC 1035 §3.3.9, RFC 2782).
  bool add(PlanSection section, const Zone& zone, NodeRef node, OwnerKind owner_kind, uint8_t owner_name,
           const db::RRsetRef& rrset) {
    bool added = q_.plan_rrset(stored(section, zone, node, owner_kind, owner_name, rrset));
    if (q_.config.minimal_responses && section != PlanSection::Authority && q_.qtype != RRType::NS) return added;
    switch (rrset.type()) {
      case RRType::NS: additional(zone, rrset, true, false); break;
      case RRType::MB:
      case RRType::MX:
      case RRType::KX:
      case RRType::SRV: additional(zone, rrset, false, false); break;
      case RRType::RT: additional(zone, rrset, false, true); break;
      default: break;
    }
    return added;
  }

  // Addresses for the names in an RRset's rdata, from the same zone only.
  // Glue (names at or below a delegation) only for NS; the targets of RT
  // also bring their X25 and ISDN records (RFC 1183 §3.3).
  void additional(const Zone& zone, const db::RRsetRef& rrset, bool allow_glue, bool route_through) {
    const ZoneDb& db = *zone.db();
    // Over IPv6, NSD lists the AAAA glue of name servers first.
    const bool aaaa_first = rrset.type() == RRType::NS && q_.ipv6();
    for (const db::RdataRef& rdata : rrset) {
      auto target = first_rdata_name(rdata, db.origin().wire());
      if (!target || !target->is_subdomain_of(zone.origin())) continue;
      auto enc = db.closest_encloser(*target);
      if (!enc) continue;
      if (!allow_glue && at_or_below_cut(db, enc->node)) continue;
      Match m{enc->node, OwnerKind::Node, 0};
      if (!enc->exact) {
        // RFC 4592 §3.3.1: a wildcard below the closest encloser supplies
        // the target's records.
        if (!db.has_flag(enc->node, db::format::kNodeWildcardParent)) continue;
        auto wildcard = db.find_child(enc->node, std::span<const uint8_t>(kStar));
        auto kept = q_.keep_name(*target);
        if (!wildcard || !kept) continue;
        m = Match{*wildcard, OwnerKind::Synthesized, *kept};
      }
      add_address(zone, m, RRType::A, aaaa_first ? PlanSection::AdditionalAaaa : PlanSection::AdditionalA);
      add_address(zone, m, RRType::AAAA, aaaa_first ? PlanSection::AdditionalA : PlanSection::AdditionalAaaa);
      if (route_through) {
        add_address(zone, m, RRType::X25, PlanSection::AdditionalOther);
        add_address(zone, m, RRType::ISDN, PlanSection::AdditionalOther);
      }
    }
  }

  void add_address(const Zone& zone, const Match& m, RRType type, PlanSection section) {
    if (auto rrset = zone.db()->rrset(m.node, type)) {
      q_.plan_rrset(stored(section, zone, m.node, m.owner_kind, m.owner_name, *rrset));
    }
  }

  // The delegation above an occluded node (NSD's domain_find_ns_rrsets).
  static std::optional<NodeRef> highest_cut(const ZoneDb& db, NodeRef node) {
    for (auto at = db.parent(node); at && at->index != 0; at = db.parent(*at)) {
      if (db.has_flag(*at, db::format::kNodeDelegation)) return at;
    }
    return std::nullopt;
  }

  static std::optional<NodeRef> delegation_at_or_above(const ZoneDb& db, NodeRef node) {
    uint8_t flags = db.flags(node);
    if (flags & db::format::kNodeDelegation) return node;
    if (!(flags & db::format::kNodeOccluded)) return std::nullopt;
    return highest_cut(db, node);
  }

  // A DNAME strictly above `node` and below the apex (NSD's
  // find_dname_above): it occludes everything below it (RFC 6672 §2.4).
  static std::optional<ZoneNode> dname_above(const ZoneDb& db, const ZoneNode& node) {
    if (!db.has_flag(node.node, db::format::kNodeOccluded)) return std::nullopt;
    uint8_t labels = node.labels;
    for (auto at = db.parent(node.node); at && at->index != 0; at = db.parent(*at)) {
      --labels;
      if (db.has_flag(*at, db::format::kNodeDname)) return ZoneNode{*at, labels};
    }
    return std::nullopt;
  }

  // Errors are only for the name asked: within a CNAME chain the answer
  // stops where it is, and the resolver follows the rest itself.
  void refuse_first(Rcode rcode, int ede, std::string_view text = {}) {
    if (q_.cname_count == 0) {
      q_.rcode = rcode;
      q_.ede = ede;
      q_.ede_text = text;
    }
  }

  // The zone for a name, if the client may have an answer from it.
  const Zone* usable_zone(const Zone* zone) {
    if (!zone) {
      refuse_first(Rcode::Refused, kEdeNotAuthoritative);
    } else if (!client_allowed(q_, *zone)) {
      refuse_first(Rcode::Refused, kEdeProhibited);
    } else if (!zone->db()) {
      refuse_first(Rcode::ServFail, kEdeNotReady, kNotLoaded);
    } else {
      return zone;
    }
    return nullptr;
  }

  void lookup_zone(const Name& name, int name_index, const Zone* previous) {
    const Zone* zone = usable_zone(q_.zones.find(name));
    if (!zone) return;
    if (q_.config.confine_to_zone && previous && previous != zone) return;
    auto enc = zone->db()->closest_encloser(name);
    if (!enc) return;
    const bool ds = q_.qtype == RRType::DS;
    // RFC 4035 §3.1.4.1: the DS of a zone's apex comes from the parent
    // zone, when it is served here.
    if (enc->exact && ds && enc->node == zone->db()->apex()) {
      if (const Zone* parent = q_.zones.find_parent(*zone)) {
        if (!parent->db()) {
          refuse_first(Rcode::ServFail, kEdeNotReady, kNotLoaded);
          return;
        }
        zone = parent;
        enc = zone->db()->closest_encloser(name);
        if (!enc) return;
      }
    }
    const ZoneDb& db = *zone->db();
    if (enc->exact && ds && enc->node == db.apex()) {
      q_.aa = q_.qclass != RRClass::ANY;
      answer_nodata(*zone, enc->node);
      return;
    }
    auto delegation = delegation_at_or_above(db, enc->node);
    if (!delegation || (enc->exact && ds && enc->node == *delegation)) {
      q_.aa = q_.qclass != RRClass::ANY;
      answer_authoritative(*zone, name, name_index, *enc);
    } else {
      answer_delegation(*zone, *delegation);
    }
  }

  void answer_authoritative(const Zone& zone, const Name& name, int name_index, const db::Encloser& found) {
    const ZoneDb& db = *zone.db();
    ZoneNode ce{found.node, found.labels};
    bool exact = found.exact;
    // RFC 5155 §7.2.8: an NSEC3 owner name is answered as if it did not exist.
    if (exact && only_nsec3(db, ce.node)) {
      exact = false;
      if (auto parent = db.parent(ce.node)) ce = ZoneNode{*parent, uint8_t(ce.labels - 1)};
    }
    if (auto dname = dname_above(db, ce)) {
      ce = *dname;
      exact = false;
    }
    std::optional<Match> match;
    NodeRef original = ce.node;
    if (exact) {
      match = Match{ce.node, name_index == kQuestionName ? OwnerKind::Question : OwnerKind::Node, 0};
    } else if (db.has_flag(ce.node, db::format::kNodeDname)) {
      follow_dname(zone, name, name_index, ce);
      return;
    } else if (db.has_flag(ce.node, db::format::kNodeWildcardParent)) {
      if (auto wildcard = db.find_child(ce.node, std::span<const uint8_t>(kStar))) {
        match = name_index == kQuestionName ? Match{*wildcard, OwnerKind::Question, 0}
                                            : Match{*wildcard, OwnerKind::Synthesized, uint8_t(name_index)};
        if (q_.dnssec_ok && zone.nsec3()) nsec3_wildcard_answer(q_, zone, ce, name);
        original = *wildcard;
      }
    }

    if (q_.dnssec_ok && zone.nsec3()) {
      if (match && db.has_flag(match->node, db::format::kNodeEmpty)) {
        // An empty non-terminal: NODATA, proven before the SOA is added.
        nsec3_nodata(q_, zone, match->node);
      } else if (!match) {
        nsec3_name_error(q_, zone, ce, name);
      }
    } else if (q_.dnssec_ok && zone.secure()) {
      if (!exact) nsec_cover(q_, zone, name);
      if (!match) {
        if (auto wildcard = name.suffix(ce.labels).wildcard_child()) nsec_cover(q_, zone, *wildcard);
      }
    }
    if (q_.rcode != Rcode::NoError) return;  // an NSEC3 hash collision
    if (match) {
      answer_domain(zone, *match, original);
    } else {
      q_.rcode = Rcode::NXDomain;
      answer_soa(zone);
    }
  }

  // RFC 6672 §3.1: the DNAME, a CNAME synthesized from it, and the lookup
  // of the substituted name.
  void follow_dname(const Zone& zone, const Name& name, int name_index, const ZoneNode& source) {
    const ZoneDb& db = *zone.db();
    auto rrset = db.rrset(source.node, RRType::DNAME);
    if (!rrset) return;
    std::optional<Name> target;
    for (const db::RdataRef& rdata : *rrset) {
      target = first_rdata_name(rdata, db.origin().wire());
      break;
    }
    if (!target) return;
    const Name owner = name.suffix(source.labels);
    if (!add(PlanSection::Answer, zone, source.node, OwnerKind::Node, 0, *rrset)) {
      // Planned before: a DNAME that points below itself loops.
      if (target->is_subdomain_of(owner)) return;
    }
    auto substituted = name.replace_suffix(owner, *target);
    ++q_.cname_count;
    if (!substituted) {
      q_.rcode = Rcode::YXDomain;
      q_.ede = kEdeOther;
      q_.ede_text = "DNAME expansion became too large";
      return;
    }
    if (q_.cname_count > kMaxChain) return;
    auto from = name_index == kQuestionName ? q_.keep_name(q_.qname) : std::optional<uint8_t>(uint8_t(name_index));
    auto to = q_.keep_name(*substituted);
    if (!from || !to) return;
    PlannedRRset cname;
    cname.section = PlanSection::Answer;
    cname.kind = PlanKind::SynthesizedCname;
    cname.owner_kind = OwnerKind::Synthesized;
    cname.owner_name = *from;
    cname.target_name = *to;
    cname.ttl = rrset->ttl();
    cname.zone = &zone;
    cname.node = source.node;
    cname.type = RRType::CNAME;
    if (!q_.plan_rrset(cname)) return;  // the same substitution again: a loop
    // The synthesized CNAME answers a CNAME query by itself.
    if (q_.qtype == RRType::CNAME) return;
    lookup_zone(*q_.names[*to], *to, &zone);
  }

  void answer_domain(const Zone& zone, const Match& match, NodeRef original) {
    const ZoneDb& db = *zone.db();
    if (q_.qtype == RRType::ANY) {
      auto chosen = choose_any(zone, match.node);
      if (!chosen) {
        answer_nodata(zone, original);
        return;
      }
      if (chosen->type() == RRType::RRSIG) {
        plan_all_rrsigs(zone, match);
      } else {
        add(PlanSection::Answer, zone, match.node, match.owner_kind, match.owner_name, *chosen);
      }
    } else if (q_.qtype == RRType::NSEC3) {
      answer_nodata(zone, original);
      return;
    } else if (q_.qtype == RRType::RRSIG && has_rrsigs(db, match.node)) {
      // The signatures of every type, as one RRset the way NSD stores them.
      plan_all_rrsigs(zone, match);
    } else if (auto rrset = db.rrset(match.node, q_.qtype)) {
      add(PlanSection::Answer, zone, match.node, match.owner_kind, match.owner_name, *rrset);
    } else {
      if (!follow_cname(zone, match)) answer_nodata(zone, original);
      return;
    }
    // NSD lists the zone's name servers with positive answers, except for
    // the large DNSKEY and DS sets and ANY.
    if (q_.qclass != RRClass::ANY && zone.has_apex_ns() && !q_.config.minimal_responses &&
        q_.qtype != RRType::DNSKEY && q_.qtype != RRType::DS && q_.qtype != RRType::ANY) {
      if (auto ns = db.rrset(db.apex(), RRType::NS)) {
        add(PlanSection::OptionalAuthority, zone, db.apex(), OwnerKind::Node, 0, *ns);
      }
    }
  }

  static bool has_rrsigs(const ZoneDb& db, NodeRef node) {
    for (const db::RRsetRef& set : db.rrsets(node)) {
      if (set.type() == RRType::RRSIG) return true;
    }
    return false;
  }

  void plan_all_rrsigs(const Zone& zone, const Match& match) {
    PlannedRRset item;
    item.section = PlanSection::Answer;
    item.kind = PlanKind::AllRrsigs;
    item.owner_kind = match.owner_kind;
    item.owner_name = match.owner_name;
    item.target_name = 0;
    item.ttl = 0;
    item.zone = &zone;
    item.node = match.node;
    item.type = RRType::RRSIG;
    q_.plan_rrset(item);
  }

  // RFC 1034 §4.3.2 step 3a: a CNAME is answered and its target looked up
  // (RFC 2181 §10.1), within the limit of the chain. False without a CNAME.
  bool follow_cname(const Zone& zone, const Match& match) {
    const ZoneDb& db = *zone.db();
    auto cname = db.rrset(match.node, RRType::CNAME);
    if (!cname) return false;
    // Not added: the CNAME is in the answer already, a loop.
    if (!add(PlanSection::Answer, zone, match.node, match.owner_kind, match.owner_name, *cname)) return true;
    if (q_.cname_count >= kMaxChain) return true;
    std::optional<Name> target;
    for (const db::RdataRef& rdata : *cname) {
      target = first_rdata_name(rdata, db.origin().wire());
      break;
    }
    if (!target) return true;
    auto kept = q_.keep_name(*target);
    if (!kept) return true;
    ++q_.cname_count;
    lookup_zone(*q_.names[*kept], *kept, &zone);
    return true;
  }

  // RFC 8482 §4.1: ANY is answered with one RRset. NSD prefers the small,
  // popular types, then any other, then the DNSSEC types.
  std::optional<db::RRsetRef> choose_any(const Zone& zone, NodeRef node) const {
    const ZoneDb& db = *zone.db();
    static constexpr RRType kPreferred[] = {RRType::SOA, RRType::A, RRType::AAAA, RRType::MX, RRType::PTR};
    for (RRType type : kPreferred) {
      if (auto rrset = db.rrset(node, type)) return rrset;
    }
    std::optional<db::RRsetRef> normal, unwanted;
    const bool skip_rrsig = q_.dnssec_ok && zone.secure();
    for (const db::RRsetRef& set : db.rrsets(node)) {
      switch (set.type()) {
        case RRType::NSEC3: break;
        case RRType::RRSIG:
          if (!skip_rrsig) unwanted = set;
          break;
        case RRType::DNSKEY:
        case RRType::NSEC: unwanted = set; break;
        default: normal = set; break;
      }
    }
    return normal ? normal : unwanted;
  }

  void answer_soa(const Zone& zone) {
    if (q_.qclass == RRClass::ANY) return;
    const ZoneDb& db = *zone.db();
    auto soa = db.rrset(db.apex(), RRType::SOA);
    if (!soa) return;
    PlannedRRset item = stored(PlanSection::Authority, zone, db.apex(), OwnerKind::Node, 0, *soa);
    item.kind = PlanKind::NegativeSoa;
    item.ttl = zone.negative_soa_ttl();
    q_.plan_rrset(item);
  }

  // NODATA (RFC 2308 §2.2): the SOA, and with DNSSEC the proof that the
  // type is absent at `original` (the wildcard for wildcard NODATA).
  void answer_nodata(const Zone& zone, NodeRef original) {
    answer_soa(zone);
    if (!q_.dnssec_ok) return;
    if (zone.nsec3()) {
      nsec3_nodata(q_, zone, original);
    } else if (zone.secure()) {
      nsec_at_or_before(q_, zone, original);
    }
  }

  // A referral (RFC 1034 §4.3.2 step 3b): the delegation's NS with glue,
  // and with DNSSEC its DS or the proof that there is none (RFC 4035
  // §3.1.4). AA is set only when a CNAME led here.
  void answer_delegation(const Zone& zone, NodeRef delegation) {
    const ZoneDb& db = *zone.db();
    q_.aa = q_.cname_count != 0;
    auto ns = db.rrset(delegation, RRType::NS);
    if (!ns) return;
    add(PlanSection::Authority, zone, delegation, OwnerKind::Node, 0, *ns);
    if (!q_.dnssec_ok || !zone.secure()) return;
    if (auto ds = db.rrset(delegation, RRType::DS)) {
      add(PlanSection::Authority, zone, delegation, OwnerKind::Node, 0, *ds);
    } else if (zone.nsec3()) {
      nsec3_delegation(q_, zone, delegation);
    } else if (db.rrset(delegation, RRType::NSEC)) {
      plan_authority(q_, zone, delegation, RRType::NSEC);
    }
  }

  static constexpr uint8_t kStar[1] = {'*'};

  Query& q_;
};

}  // namespace

void answer_from_zones(Query& q) { Lookup(q).run(); }

}  // namespace lnsd::answer_detail
