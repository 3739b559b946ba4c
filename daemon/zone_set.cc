#include "zone_set.hh"

#include <algorithm>
#include <array>

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

}  // namespace

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
  zone->db_.emplace(std::move(database));
  insert(std::move(zone));
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
  std::array<uint64_t, Name::kMaxLabels + 1> hashes;
  suffix_hashes(name, hashes);
  for (size_t k = std::min(name.label_count(), max_labels_) + 1; k-- > min_labels_;) {
    if (const Zone* zone = probe(name, k, hashes[k])) return zone;
  }
  return nullptr;
}

const ZoneSet::Zone* ZoneSet::find_parent(const Zone& zone) const {
  if (zone.origin_.is_root()) return nullptr;
  return find(zone.origin_.parent());
}

}  // namespace lnsd
