// The RFC 1034 §4.3.2 algorithm as NSD runs it (query.c, answer_lookup_zone
// and what it calls), over per-zone databases: zone selection, delegations,
// exact matches, CNAME chains, DNAME substitution (RFC 6672), wildcards
// (RFC 4592), negative answers (RFC 2308) and the additional section.
#include <algorithm>

#include "answer_dnssec.hh"
#include "answer_prefetch.hh"
#include "answer_query.hh"

namespace lnsd::answer_detail {

bool Query::plan_rrset(const PlannedRRset& item) {
  for (size_t i = 0; i < plan_size; ++i) {
    PlannedRRset& p = planned(i);
    bool same;
    if (item.kind == PlanKind::SynthesizedCname) {
      same = p.kind == PlanKind::SynthesizedCname && looked_up(p.owner.name) == looked_up(item.owner.name) &&
             kept(p.target_name) == kept(item.target_name);
    } else {
      same = p.kind == item.kind && p.node == item.node && p.type == item.type && p.zone == item.zone;
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
  if (name_count == name_storage.size()) return std::nullopt;
  new (name_storage[name_count].data()) Name(name);
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
namespace flag = db::format;

constexpr std::string_view kNotLoaded = "Zone is configured but not loaded";
constexpr uint8_t kStar[1] = {'*'};

// The name being looked up: the question's or a CNAME or DNAME target.
struct Looked {
  const Name* name;
  uint8_t index;  // kQuestion or an index into Query::names
};

struct Match {
  NodeRef node;
  Owner owner;
};

PlannedRRset stored(PlanSection section, const Zone& zone, NodeRef node, const Owner& owner,
                    const db::RRsetRef& rrset) {
  PlannedRRset item;
  item.section = section;
  item.kind = PlanKind::Stored;
  item.target_name = 0;
  item.owner = owner;
  item.ttl = 0;
  item.zone = &zone;
  item.node = node;
  item.type = rrset.type();
  item.rrset = rrset;
  item.rdatas = nullptr;
  return item;
}

PlannedRRset stored(PlanSection section, const Zone& zone, NodeRef node, const Owner& owner,
                    const db::RRsetRef& rrset, const std::vector<db::RdataRef>& rdatas) {
  PlannedRRset item = stored(section, zone, node, owner, rrset);
  item.rdatas = &rdatas;
  return item;
}

std::optional<Name> first_rdata_name(const db::RRsetRef& rrset, std::span<const uint8_t> origin) {
  for (const db::RdataRef& rdata : rrset) {
    auto stored_name = first_stored_name(rdata);
    if (!stored_name) return std::nullopt;
    std::array<uint8_t, Name::kMaxWire> wire;
    size_t size = stored_name_wire(*stored_name, origin, wire);
    auto name = Name::from_wire({wire.data(), size});
    if (size == 0 || !name) return std::nullopt;
    return *name;
  }
  return std::nullopt;
}

class Lookup {
 public:
  explicit Lookup(Query& q) : q_(q) {}

  void run() { lookup_zone(Looked{&q_.qname, kQuestion}, nullptr); }

 private:
  // NSD's add_rrset: plans the RRset and the additional records its names
  // call for (RFC 1034 §3.6.2, RFC 1035 §3.3.9, RFC 2782).
  bool add(PlanSection section, const Zone& zone, NodeRef node, const Owner& owner, const db::RRsetRef& rrset,
           const std::vector<db::RdataRef>* rdatas = nullptr) {
    PlannedRRset item = stored(section, zone, node, owner, rrset);
    item.rdatas = rdatas;
    bool added = q_.plan_rrset(item);
    if (q_.config.minimal_responses && section != PlanSection::Authority && q_.qtype != RRType::NS) return added;
    switch (rrset.type()) {
      case RRType::NS:
        if (node == zone.db()->apex()) {
          apex_ns_addresses(zone);
        } else {
          additional(zone, rrset, true, false);
        }
        break;
      case RRType::MB:
      case RRType::MX:
      case RRType::KX:
      case RRType::SRV: additional(zone, rrset, false, false); break;
      case RRType::RT: additional(zone, rrset, false, true); break;
      default: break;
    }
    return added;
  }

  // Over IPv6, NSD lists the AAAA glue of name servers first.
  PlanSection section_of(RRType type, bool name_server) const {
    const bool aaaa_first = name_server && q_.ipv6();
    if (type == RRType::A) return aaaa_first ? PlanSection::AdditionalAaaa : PlanSection::AdditionalA;
    if (type == RRType::AAAA) return aaaa_first ? PlanSection::AdditionalA : PlanSection::AdditionalAaaa;
    return PlanSection::AdditionalOther;
  }

  void apex_ns_addresses(const Zone& zone) {
    for (const Zone::NsAddresses& a : zone.apex_ns_addresses()) {
      const Owner owner = Owner::stored_name(a.owner);
      if (a.a) q_.plan_rrset(stored(section_of(RRType::A, true), zone, a.node, owner, *a.a, a.a_rdatas));
      if (a.aaaa) {
        q_.plan_rrset(stored(section_of(RRType::AAAA, true), zone, a.node, owner, *a.aaaa, a.aaaa_rdatas));
      }
    }
  }

  // Addresses for the names in an RRset's rdata, from the same zone only.
  // Glue (names at or below a delegation) only for NS; the targets of RT
  // also bring their X25 and ISDN records (RFC 1183 §3.3).
  void additional(const Zone& zone, const db::RRsetRef& rrset, bool allow_glue, bool route_through) {
    const ZoneDb& db = *zone.db();
    const bool name_server = rrset.type() == RRType::NS;
    for (const db::RdataRef& rdata : rrset) {
      auto stored_name = first_stored_name(rdata);
      if (!stored_name) continue;
      std::array<uint8_t, Name::kMaxWire> wire;
      size_t size = stored_name_wire(*stored_name, db.origin().wire(), wire);
      auto target = Name::from_wire({wire.data(), size});
      if (size == 0 || !target || !target->is_subdomain_of(zone.origin())) continue;
      auto enc = db.closest_encloser(*target);
      if (!enc) continue;
      NodeRef node = enc->node;
      if (!allow_glue && at_or_below_cut(db, node)) continue;
      if (!enc->exact) {
        // RFC 4592 §3.3.1: a wildcard below the closest encloser supplies
        // the target's records.
        if (!db.has_flag(node, flag::kNodeWildcardParent)) continue;
        auto wildcard = db.find_child(node, kStar);
        if (!wildcard) continue;
        node = *wildcard;
      }
      const Owner owner = Owner::stored_name(*stored_name);
      static constexpr RRType kAddresses[] = {RRType::A, RRType::AAAA};
      static constexpr RRType kRouteThrough[] = {RRType::A, RRType::AAAA, RRType::X25, RRType::ISDN};
      std::span<const RRType> types = route_through ? std::span<const RRType>(kRouteThrough) : std::span<const RRType>(kAddresses);
      for (RRType type : types) {
        if (auto set = db.rrset(node, type)) {
          q_.plan_rrset(stored(section_of(type, name_server), zone, node, owner, *set));
        }
      }
    }
  }

  // The delegation at or above a node (NSD's domain_find_ns_rrsets): the
  // node itself, or for occluded data the cut above it.
  static std::optional<NodeRef> delegation_at_or_above(const ZoneDb& db, NodeRef node, uint8_t flags) {
    if (flags & flag::kNodeDelegation) return node;
    if (!(flags & flag::kNodeOccluded)) return std::nullopt;
    for (auto at = db.parent(node); at && at->index != 0; at = db.parent(*at)) {
      if (db.has_flag(*at, flag::kNodeDelegation)) return at;
    }
    return std::nullopt;
  }

  // A DNAME strictly above `node` and below the apex (NSD's
  // find_dname_above): it occludes everything below it (RFC 6672 §2.4).
  static std::optional<ZoneNode> dname_above(const ZoneDb& db, const ZoneNode& node, uint8_t flags) {
    if (!(flags & flag::kNodeOccluded)) return std::nullopt;
    uint8_t labels = node.labels;
    for (auto at = db.parent(node.node); at && at->index != 0; at = db.parent(*at)) {
      --labels;
      if (db.has_flag(*at, flag::kNodeDname)) return ZoneNode{*at, labels};
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

  void lookup_zone(const Looked& looked, const Zone* previous) {
    const Name& name = *looked.name;
    // The question may have been looked up already, with its batch.
    const LookupHint* hint = looked.index == kQuestion ? q_.hint : nullptr;
    const Zone* found = hint ? hint->zone : q_.zones.find(name);
    // The question's zone counts the query (zonestats), whatever the answer.
    if (found && q_.cname_count == 0) q_.stats_group = found->access().stats_group;
    const Zone* zone = usable_zone(found);
    if (!zone) return;
    if (q_.config.confine_to_zone && previous && previous != zone) return;
    auto enc = hint && zone == hint->zone ? std::optional<db::Encloser>(hint->encloser)
                                          : zone->db()->closest_encloser(name);
    if (!enc) return;
    const bool ds = q_.qtype == RRType::DS;
    // RFC 4035 §3.1.4.1: the DS of a zone's apex comes from the parent
    // zone, when it is served here.
    if (ds && enc->exact && enc->node == zone->db()->apex()) {
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
    if (ds && enc->exact && enc->node == db.apex()) {
      q_.aa = q_.qclass != RRClass::ANY;
      answer_nodata(*zone, enc->node);
      return;
    }
    const uint8_t flags = enc->flags;
    auto delegation = delegation_at_or_above(db, enc->node, flags);
    if (!delegation || (ds && enc->exact && enc->node == *delegation)) {
      q_.aa = q_.qclass != RRClass::ANY;
      answer_authoritative(*zone, looked, *enc, flags);
    } else {
      // Within the looked-up name: its suffix of the cut's label count.
      uint8_t labels = enc->labels;
      for (auto at = enc->node; at != *delegation; at = *db.parent(at)) --labels;
      answer_delegation(*zone, *delegation, Owner::looked(looked.index, labels));
    }
  }

  void answer_authoritative(const Zone& zone, const Looked& looked, const db::Encloser& found, uint8_t flags) {
    const ZoneDb& db = *zone.db();
    const Name& name = *looked.name;
    ZoneNode ce{found.node, found.labels};
    bool exact = found.exact;
    // RFC 5155 §7.2.8: an NSEC3 owner name is answered as if it did not exist.
    if (exact && zone.nsec3() && only_nsec3(db, ce.node)) {
      exact = false;
      if (auto parent = db.parent(ce.node)) {
        ce = ZoneNode{*parent, uint8_t(ce.labels - 1)};
        flags = db.flags(ce.node);
      }
    }
    if (auto dname = dname_above(db, ce, flags)) {
      ce = *dname;
      exact = false;
      flags = db.flags(ce.node);
    }
    std::optional<Match> match;
    NodeRef original = ce.node;
    if (exact) {
      // The question's name is written as a pointer to the question; a
      // CNAME target as the name the CNAME gave.
      match = Match{ce.node, Owner::looked(looked.index, uint8_t(name.label_count()))};
    } else if (flags & flag::kNodeDname) {
      follow_dname(zone, looked, ce);
      return;
    } else if (flags & flag::kNodeWildcardParent) {
      if (auto wildcard = db.find_child(ce.node, kStar)) {
        match = Match{*wildcard, Owner::looked(looked.index, uint8_t(name.label_count()))};
        if (q_.dnssec_ok && zone.nsec3()) nsec3_wildcard_answer(q_, zone, ce, name);
        original = *wildcard;
      }
    }

    if (q_.dnssec_ok && zone.nsec3()) {
      if (match && db.has_flag(match->node, flag::kNodeEmpty)) {
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
      answer_domain(zone, looked, *match, original);
    } else {
      q_.rcode = Rcode::NXDomain;
      answer_soa(zone);
    }
  }

  // RFC 6672 §3.1: the DNAME, a CNAME synthesized from it, and the lookup
  // of the substituted name.
  void follow_dname(const Zone& zone, const Looked& looked, const ZoneNode& source) {
    const ZoneDb& db = *zone.db();
    const Name& name = *looked.name;
    auto rrset = db.rrset(source.node, RRType::DNAME);
    if (!rrset) return;
    auto target = first_rdata_name(*rrset, db.origin().wire());
    if (!target) return;
    const Name owner = name.suffix(source.labels);
    if (!add(PlanSection::Answer, zone, source.node, Owner::looked(looked.index, source.labels), *rrset)) {
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
    auto to = q_.keep_name(*substituted);
    if (!to) return;
    PlannedRRset cname;
    cname.section = PlanSection::Answer;
    cname.kind = PlanKind::SynthesizedCname;
    cname.target_name = *to;
    cname.owner = Owner::looked(looked.index, uint8_t(name.label_count()));
    cname.ttl = rrset->ttl();
    cname.zone = &zone;
    cname.node = source.node;
    cname.type = RRType::CNAME;
    cname.rdatas = nullptr;
    if (!q_.plan_rrset(cname)) return;  // the same substitution again: a loop
    // The synthesized CNAME answers a CNAME query by itself.
    if (q_.qtype == RRType::CNAME) return;
    lookup_zone(Looked{&q_.kept(*to), *to}, &zone);
  }

  void answer_domain(const Zone& zone, const Looked& looked, const Match& match, NodeRef original) {
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
        add(PlanSection::Answer, zone, match.node, match.owner, *chosen);
      }
    } else if (q_.qtype == RRType::NSEC3) {
      answer_nodata(zone, original);
      return;
    } else if (q_.qtype == RRType::RRSIG && has_rrsigs(db, match.node)) {
      // The signatures of every type, as one RRset the way NSD stores them.
      plan_all_rrsigs(zone, match);
    } else if (auto rrset = db.rrset(match.node, q_.qtype)) {
      add(PlanSection::Answer, zone, match.node, match.owner, *rrset);
    } else {
      if (!follow_cname(zone, match)) answer_nodata(zone, original);
      return;
    }
    // NSD lists the zone's name servers with positive answers, except for
    // the large DNSKEY and DS sets and ANY.
    if (q_.qclass != RRClass::ANY && zone.apex_ns() && !q_.config.minimal_responses &&
        q_.qtype != RRType::DNSKEY && q_.qtype != RRType::DS && q_.qtype != RRType::ANY) {
      const ApexTail& tail = zone.apex_tail(q_.ipv6());
      if (apex_tail_applies(zone, tail, looked)) {
        q_.apex_tail = &tail;
        q_.apex_tail_zone = &zone;
        q_.apex_tail_origin_at = uint16_t(Header::kSize + q_.qname.wire().size() - zone.origin().wire().size());
      } else {
        plan_zone_ns(zone, looked);
      }
    }
  }

 public:
  // The zone's NS RRset in the optional authority, with its addresses.
  void plan_zone_ns(const Zone& zone, const Looked& looked) {
    add(PlanSection::OptionalAuthority, zone, zone.db()->apex(), apex_owner(zone, looked), *zone.apex_ns(),
        &zone.apex_ns_rdatas());
  }

 private:
  // The tail stands for exactly the RRsets plan_zone_ns would add when none
  // of them is planned already (an answer for a name server's address keeps
  // that RRset in the answer), nothing else is planned past the answer, and
  // no signatures go with them.
  bool apex_tail_applies(const Zone& zone, const ApexTail& tail, const Looked& looked) const {
    if (!q_.config.use_apex_tail || !tail.usable() || looked.index != kQuestion) return false;
    if ((q_.dnssec_ok && zone.secure()) || q_.plan_size + tail.rrsets.size() > q_.plan.size()) return false;
    for (size_t i = 0; i < q_.plan_size; ++i) {
      const PlannedRRset& p = q_.planned(i);
      if (p.section >= PlanSection::OptionalAuthority) return false;
      if (p.zone != &zone || p.kind != PlanKind::Stored) continue;
      for (const ApexTail::RRsetKey& k : tail.rrsets) {
        if (p.node == k.node && p.type == k.type) return false;
      }
    }
    return true;
  }

  // The apex is a suffix of every name looked up in the zone.
  static Owner apex_owner(const Zone& zone, const Looked& looked) {
    return Owner::looked(looked.index, uint8_t(zone.origin().label_count()));
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
    item.target_name = 0;
    item.owner = match.owner;
    item.ttl = 0;
    item.zone = &zone;
    item.node = match.node;
    item.type = RRType::RRSIG;
    item.rdatas = nullptr;
    q_.plan_rrset(item);
  }

  // RFC 1034 §4.3.2 step 3a: a CNAME is answered and its target looked up
  // (RFC 2181 §10.1), within the limit of the chain. False without a CNAME.
  bool follow_cname(const Zone& zone, const Match& match) {
    const ZoneDb& db = *zone.db();
    auto cname = db.rrset(match.node, RRType::CNAME);
    if (!cname) return false;
    // Not added: the CNAME is in the answer already, a loop.
    if (!add(PlanSection::Answer, zone, match.node, match.owner, *cname)) return true;
    if (q_.cname_count >= kMaxChain) return true;
    auto target = first_rdata_name(*cname, db.origin().wire());
    if (!target) return true;
    auto kept = q_.keep_name(*target);
    if (!kept) return true;
    ++q_.cname_count;
    lookup_zone(Looked{&q_.kept(*kept), *kept}, &zone);
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
    if (q_.qclass == RRClass::ANY || !zone.apex_soa()) return;
    PlannedRRset item =
        stored(PlanSection::Authority, zone, zone.db()->apex(), Owner::node(), *zone.apex_soa(), zone.apex_soa_rdatas());
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
  void answer_delegation(const Zone& zone, NodeRef delegation, const Owner& owner) {
    const ZoneDb& db = *zone.db();
    q_.aa = q_.cname_count != 0;
    auto ns = db.rrset(delegation, RRType::NS);
    if (!ns) return;
    add(PlanSection::Authority, zone, delegation, owner, *ns);
    if (!q_.dnssec_ok || !zone.secure()) return;
    if (auto ds = db.rrset(delegation, RRType::DS)) {
      add(PlanSection::Authority, zone, delegation, owner, *ds);
    } else if (zone.nsec3()) {
      nsec3_delegation(q_, zone, delegation);
    } else if (db.rrset(delegation, RRType::NSEC)) {
      plan_authority(q_, zone, delegation, RRType::NSEC);
    }
  }

  Query& q_;
};

}  // namespace

void answer_from_zones(Query& q) { Lookup(q).run(); }

void plan_apex_tail(Query& q) {
  if (!q.apex_tail) return;
  const ZoneSet::Zone& zone = *q.apex_tail_zone;
  q.apex_tail = nullptr;
  q.apex_tail_zone = nullptr;
  Lookup(q).plan_zone_ns(zone, Looked{&q.qname, kQuestion});
}

}  // namespace lnsd::answer_detail
