#include "zone_set.hh"

#include <algorithm>
#include <array>
#include <cstring>

#include "response.hh"

namespace lnsd {
namespace {

constexpr uint64_t kRootHash = 0x9E3779B97F4A7C15ull;

uint8_t ascii_lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? uint8_t(c + 32) : c; }

// One more label on the left of a suffix whose hash is `h`.
uint64_t extend(uint64_t h, std::span<const uint8_t> label) {
  h ^= label.size();
  h *= 0x100000001B3ull;
  for (uint8_t c : label) {
    h ^= ascii_lower(c);
    h *= 0x100000001B3ull;
  }
  return h ^ (h >> 29);
}

uint32_t soa_minimum(const db::RRsetRef& soa) {
  for (const db::RdataRef& rdata : soa) {
    std::array<uint8_t, 512> wire;
    size_t n = rdata.expand(wire);
    if (n < 4) return soa.ttl();
    return uint32_t(wire[n - 4]) << 24 | uint32_t(wire[n - 3]) << 16 | uint32_t(wire[n - 2]) << 8 | wire[n - 1];
  }
  return soa.ttl();
}

// The addresses NSD adds for the apex NS targets of `db` (glue included).
std::vector<ZoneSet::Zone::NsAddresses> ns_addresses(const db::ZoneDb& db, const db::RRsetRef& ns) {
  std::vector<ZoneSet::Zone::NsAddresses> out;
  static constexpr uint8_t kStar[1] = {'*'};
  for (const db::RdataRef& rdata : ns) {
    auto stored = first_stored_name(rdata);
    if (!stored) continue;
    std::array<uint8_t, Name::kMaxWire> wire;
    size_t size = stored_name_wire(*stored, db.origin().wire(), wire);
    auto target = Name::from_wire({wire.data(), size});
    if (size == 0 || !target) continue;
    auto enc = db.closest_encloser(*target);
    if (!enc) continue;
    db::NodeRef node = enc->node;
    if (!enc->exact) {
      if (!db.has_flag(node, db::format::kNodeWildcardParent)) continue;
      auto wildcard = db.find_child(node, std::span<const uint8_t>(kStar));
      if (!wildcard) continue;
      node = *wildcard;
    }
    ZoneSet::Zone::NsAddresses a{node, *stored, db.rrset(node, RRType::A), db.rrset(node, RRType::AAAA), {}, {}};
    a.a_rdatas = ZoneSet::rdatas_of(a.a);
    a.aaaa_rdatas = ZoneSet::rdatas_of(a.aaaa);
    if (a.a || a.aaaa) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::optional<StoredNameRef> first_stored_name(const db::RdataRef& rdata) {
  if (rdata.name_count() == 0) return std::nullopt;
  const db::StoredName& nm = rdata.name(0);
  std::span<const uint8_t> stored = rdata.stored();
  if (size_t(nm.offset) + nm.length > stored.size()) return std::nullopt;
  return StoredNameRef{stored.data() + nm.offset, uint8_t(nm.length - (nm.origin_ref ? 2 : 0)), nm.origin_ref};
}

size_t stored_name_wire(const StoredNameRef& name, std::span<const uint8_t> origin,
                        std::span<uint8_t, Name::kMaxWire> out) {
  const size_t size = name.size + (name.origin_ref ? origin.size() : 0);
  if (size > out.size()) return 0;
  std::memcpy(out.data(), name.labels, name.size);
  if (name.origin_ref) std::memcpy(out.data() + name.size, origin.data(), origin.size());
  return size;
}

void suffix_hashes(const Name& name, std::span<uint64_t, Name::kMaxLabels + 1> out) {
  const size_t labels = name.label_count();
  out[0] = kRootHash;
  for (size_t k = 1; k <= labels; ++k) out[k] = extend(out[k - 1], name.label(labels - k));
}

uint64_t name_suffix_hash(const Name& name) {
  uint64_t h = kRootHash;
  for (size_t k = name.label_count(); k-- > 0;) h = extend(h, name.label(k));
  return h;
}

void ZoneSet::add(db::ZoneDb database, ZoneAccess access) {
  auto zone = std::make_unique<Zone>();
  zone->origin_ = database.origin();
  zone->access_ = std::move(access);
  const db::NodeRef apex = database.apex();
  zone->has_apex_ns_ = database.rrset(apex, RRType::NS).has_value();
  zone->secure_ = database.rrsigs(apex, RRType::DNSKEY).has_value();
  zone->nsec3_ = database.nsec3_params();
  if (auto soa = database.rrset(apex, RRType::SOA)) {
    zone->negative_soa_ttl_ = std::min(soa->ttl(), soa_minimum(*soa));
  }
  // A database of this size no longer stays in a core's second-level
  // cache between queries; below it, the prefetch pass only costs time.
  has_large_zone_ = has_large_zone_ || database.large();
  zone->db_.emplace(std::move(database));
  // The views point into the mapping, which moved with the ZoneDb intact.
  const db::ZoneDb& db = *zone->db_;
  zone->apex_soa_ = db.rrset(apex, RRType::SOA);
  zone->apex_ns_ = db.rrset(apex, RRType::NS);
  if (zone->apex_ns_) zone->apex_ns_addresses_ = ns_addresses(db, *zone->apex_ns_);
  zone->apex_soa_rdatas_ = rdatas_of(zone->apex_soa_);
  zone->apex_ns_rdatas_ = rdatas_of(zone->apex_ns_);
  zone->apex_tails_[0] = answer_detail::encode_apex_tail(*zone, false);
  zone->apex_tails_[1] = answer_detail::encode_apex_tail(*zone, true);
  insert(std::move(zone));
}

std::vector<db::RdataRef> ZoneSet::rdatas_of(const std::optional<db::RRsetRef>& rrset) {
  std::vector<db::RdataRef> out;
  if (!rrset) return out;
  for (const db::RdataRef& rdata : *rrset) out.push_back(rdata);
  return out;
}

void ZoneSet::add_broken(const Name& origin, ZoneAccess access) {
  auto zone = std::make_unique<Zone>();
  zone->origin_ = origin;
  zone->access_ = std::move(access);
  insert(std::move(zone));
}

void ZoneSet::insert(std::unique_ptr<Zone> zone) {
  for (auto& existing : zones_) {
    if (existing->origin_ == zone->origin_) {
      existing = std::move(zone);
      rebuild_index();
      return;
    }
  }
  zones_.push_back(std::move(zone));
  rebuild_index();
}

void ZoneSet::rebuild_index() {
  size_t capacity = 8;
  while (capacity < 2 * zones_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  slot_hashes_.assign(capacity, 0);
  min_labels_ = Name::kMaxLabels;
  max_labels_ = 0;
  for (size_t i = 0; i < zones_.size(); ++i) {
    const Name& origin = zones_[i]->origin_;
    min_labels_ = std::min(min_labels_, origin.label_count());
    max_labels_ = std::max(max_labels_, origin.label_count());
    uint64_t h = name_suffix_hash(origin);
    size_t slot = h & (capacity - 1);
    while (slots_[slot] != 0) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = uint32_t(i + 1);
    slot_hashes_[slot] = h;
  }
}

const ZoneSet::Zone* ZoneSet::probe(const Name& name, size_t labels, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t v = slots_[slot];
    if (v == 0) return nullptr;
    if (slot_hashes_[slot] != hash) continue;
    const Zone& zone = *zones_[v - 1];
    if (zone.origin_.label_count() == labels && name.common_labels(zone.origin_) == labels) return &zone;
  }
}

const ZoneSet::Zone* ZoneSet::find_exact(const Name& origin) const {
  if (zones_.empty()) return nullptr;
  return probe(origin, origin.label_count(), name_suffix_hash(origin));
}

const ZoneSet::Zone* ZoneSet::find(const Name& name) const {
  if (zones_.empty() || name.label_count() < min_labels_) return nullptr;
  if (zones_.size() == 1) {
    const Zone& only = *zones_[0];
    return name.is_subdomain_of(only.origin_) ? &only : nullptr;
  }
  // The hashes of the suffixes a zone can have, from the root up.
  const size_t labels = name.label_count();
  const size_t longest = std::min(labels, max_labels_);
  std::array<uint64_t, Name::kMaxLabels + 1> hashes;
  hashes[0] = kRootHash;
  for (size_t k = 1; k <= longest; ++k) hashes[k] = extend(hashes[k - 1], name.label(labels - k));
  for (size_t k = longest + 1; k-- > min_labels_;) {
    if (const Zone* zone = probe(name, k, hashes[k])) return zone;
  }
  return nullptr;
}

const ZoneSet::Zone* ZoneSet::find_parent(const Zone& zone) const {
  if (zone.origin_.is_root()) return nullptr;
  return find(zone.origin_.parent());
}

}  // namespace lnsd
