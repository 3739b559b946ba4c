// The zones a server answers from: each configured zone with its mapped
// database, or without one when it failed to load (it is then answered
// SERVFAIL, as NSD answers a zone that is configured but not loaded).
// Finding the zone of a name is a longest match over the zone names, in
// time independent of the number of zones.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "answer_config.hh"
#include "db/nsec3.hh"
#include "db/reader.hh"
#include "dns/name.hh"

namespace lnsd {

// A name inside stored rdata (lnsd-zonedb(5)), pointing into the mapping:
// labels ending in the root label or, when origin_ref, to be completed
// with the zone's origin.
struct StoredNameRef {
  const uint8_t* labels = nullptr;
  uint8_t size = 0;
  bool origin_ref = false;
};

// The first name inside stored rdata, when it has one.
std::optional<StoredNameRef> first_stored_name(const db::RdataRef& rdata);
// Its uncompressed wire form, written to `out`; its size, or 0 when too long.
size_t stored_name_wire(const StoredNameRef& name, std::span<const uint8_t> origin,
                        std::span<uint8_t, Name::kMaxWire> out);

// The records NSD adds to every positive answer of a zone: its apex NS
// RRset in the authority section and the addresses of those name servers
// inside the zone in the additional section. They are the same for every
// such answer but for where the compression pointers point, so they are
// encoded once, as if the message were the origin's question alone
// (encode_apex_tail, daemon/apex_tail.cc), and copied into each answer with
// the pointers moved (ResponseWriter::append_apex_tail).
struct ApexTail {
  struct Pointer {
    uint16_t at;       // where the pointer is in `wire`
    uint16_t target;   // into the origin, or into `wire`
    bool into_origin;
  };
  std::vector<uint8_t> wire;
  std::vector<Pointer> pointers;
  uint16_t authority = 0;   // records
  uint16_t additional = 0;
  uint16_t reach = 0;       // the largest target inside `wire`
  // The RRsets it holds, as Lookup would plan them: the apex NS, then the
  // A and AAAA RRsets of the name servers.
  struct RRsetKey {
    db::NodeRef node;
    RRType type;
  };
  std::vector<RRsetKey> rrsets;
  bool usable() const { return !wire.empty(); }
};

class ZoneSet {
 public:
  class Zone {
   public:
    const Name& origin() const { return origin_; }
    // Null for a zone that is configured but did not load.
    const db::ZoneDb* db() const { return db_ ? &*db_ : nullptr; }
    const ZoneAccess& access() const { return access_; }

    // Facts about the apex the answer path needs on every query.
    bool has_apex_ns() const { return has_apex_ns_; }
    // NSD's test for a signed zone: an RRSIG over the apex DNSKEY.
    bool secure() const { return secure_; }
    // The NSEC3 chain answers use (RFC 5155 §7.2), when the zone has one.
    const std::optional<db::Nsec3Params>& nsec3() const { return nsec3_; }
    // The TTL of the SOA in negative answers: the smaller of the SOA's TTL
    // and its MINIMUM field (RFC 2308 §3).
    uint32_t negative_soa_ttl() const { return negative_soa_ttl_; }
    const std::optional<db::RRsetRef>& apex_soa() const { return apex_soa_; }
    const std::optional<db::RRsetRef>& apex_ns() const { return apex_ns_; }

    // The addresses of the apex NS targets inside the zone (a wildcard's
    // for a target that only a wildcard covers): the additional records of
    // every positive answer, found once when the zone is added.
    struct NsAddresses {
      db::NodeRef node;
      StoredNameRef owner;
      std::optional<db::RRsetRef> a;
      std::optional<db::RRsetRef> aaaa;
      std::vector<db::RdataRef> a_rdatas;
      std::vector<db::RdataRef> aaaa_rdatas;
    };
    const std::vector<NsAddresses>& apex_ns_addresses() const { return apex_ns_addresses_; }
    // The rdatas of the apex SOA and NS, decoded once: the records of
    // every negative and every positive answer.
    const std::vector<db::RdataRef>& apex_soa_rdatas() const { return apex_soa_rdatas_; }
    const std::vector<db::RdataRef>& apex_ns_rdatas() const { return apex_ns_rdatas_; }
    // Over IPv6 the AAAA records come first (NSD's order).
    const ApexTail& apex_tail(bool ipv6) const { return apex_tails_[ipv6 ? 1 : 0]; }

   private:
    friend class ZoneSet;
    Name origin_;
    std::optional<db::ZoneDb> db_;
    ZoneAccess access_;
    bool has_apex_ns_ = false;
    bool secure_ = false;
    std::optional<db::Nsec3Params> nsec3_;
    uint32_t negative_soa_ttl_ = 0;
    std::optional<db::RRsetRef> apex_soa_;
    std::optional<db::RRsetRef> apex_ns_;
    std::vector<NsAddresses> apex_ns_addresses_;
    std::array<ApexTail, 2> apex_tails_;
    std::vector<db::RdataRef> apex_soa_rdatas_;
    std::vector<db::RdataRef> apex_ns_rdatas_;
  };

  // The rdatas of an RRset, decoded.
  static std::vector<db::RdataRef> rdatas_of(const std::optional<db::RRsetRef>& rrset);

  ZoneSet() = default;
  ZoneSet(ZoneSet&&) noexcept = default;
  ZoneSet& operator=(ZoneSet&&) noexcept = default;
  ZoneSet(const ZoneSet&) = delete;
  ZoneSet& operator=(const ZoneSet&) = delete;

  // Adds a loaded zone; its name is the database's origin. A second zone of
  // the same name replaces the first.
  void add(db::ZoneDb database, ZoneAccess access = {});
  // Adds a zone that is configured but has no usable database.
  void add_broken(const Name& origin, ZoneAccess access = {});

  size_t size() const { return zones_.size(); }
  const Zone& zone(size_t i) const { return *zones_[i]; }
  // The zone of that exact name.
  const Zone* find_exact(const Name& origin) const;
  // The zone with the longest origin at or above `name`; null when no
  // zone holds it.
  const Zone* find(const Name& name) const;
  // The zone above `zone` (the longest match for its origin's parent).
  const Zone* find_parent(const Zone& zone) const;
  // Whether some zone's database is larger than a processor's cache, so
  // that warming the cache for a batch of queries pays (AnswerPrefetch).
  bool has_large_zone() const { return has_large_zone_; }

 private:
  void insert(std::unique_ptr<Zone> zone);
  void rebuild_index();
  // The zone whose origin has exactly `labels` of `name`'s rightmost
  // labels, given the hash of that suffix.
  const Zone* probe(const Name& name, size_t labels, uint64_t hash) const;

  std::vector<std::unique_ptr<Zone>> zones_;
  // Open addressing over the origins' hashes (zone index + 1; 0 empty).
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> slot_hashes_;
  size_t min_labels_ = 0;
  size_t max_labels_ = 0;
  bool has_large_zone_ = false;
};

// The hash ZoneSet indexes origins by: over the lowercased labels from the
// root, so that the hashes of every suffix of a name come out of one pass
// (suffix_hashes fills out[k] with the hash of the rightmost k labels).
uint64_t name_suffix_hash(const Name& name);
void suffix_hashes(const Name& name, std::span<uint64_t, Name::kMaxLabels + 1> out);

}  // namespace lnsd
