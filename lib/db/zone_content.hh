// A zone's records as the compiler collects them, before the checks and the
// database writer run: owner names in a byte arena, rdata in
// another, each record a few fixed-size fields. This keeps a million-name
// zone in tens of megabytes and adds no allocation per record beyond the
// amortised growth of the arenas.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/canonical_order.hh"
#include "dns/name.hh"
#include "dns/rrtype.hh"
#include "util/free_memory.hh"

namespace lnsd::db {

// Where a record was written, for diagnostics (file:line:column).
struct SourcePos {
  uint32_t line = 0;
  uint16_t column = 0;
  uint16_t file = 0;  // index into ZoneContent::sources()
};

// A source file of the zone (the zone file and every $INCLUDE), with the
// SHA-256 of its bytes: the database records these so the daemon can tell a
// stale database without trusting mtimes.
struct SourceFile {
  std::string path;
  std::array<uint8_t, 32> sha256{};
};

class ZoneContent {
 public:
  // 16 bytes, no padding: a million-record zone keeps its records in 16 MB.
  // Where each was written is kept apart (position()), for the checks only.
  struct Record {
    uint32_t owner = 0;         // owner entry (intern_owner); after finalize(), its node's
    uint32_t ttl = 0;
    uint32_t rdata_offset = 0;  // into the rdata arena, which stays under 4 GiB
    uint16_t rdata_length = 0;
    RRType type = RRType::A;
  };

  // After finalize(): one RRset = the records of one owner and type, sorted
  // by canonical rdata order (RFC 4034 §6.3), duplicates removed.
  // RRSIGs form one RRset per covered type (`covered`), so that each keeps
  // the TTL of the RRset it signs (RFC 4034 §3).
  // 16 octets; the owner is its records' (rrset_owner()).
  struct RRset {
    RRType type = RRType::A;
    RRType covered = RRType(0); // RRSIG only: the type covered, else 0
    uint32_t ttl = 0;           // the TTL of the first record (RFC 2181 §5.2)
    uint32_t first_record = 0;  // into records()
    uint32_t record_count = 0;
  };

  // After finalize(): owner names in canonical order (RFC 4034 §6.1), each
  // with its RRsets sorted by type number.
  struct Node {
    uint32_t name = 0;          // owner index
    uint32_t first_rrset = 0;   // into rrsets()
    uint32_t rrset_count = 0;
  };

  // What finalize() noticed while merging; the compiler turns these into
  // warnings with the positions of both records.
  struct MergeEvent {
    enum class Kind : uint8_t { DuplicateRecord, TtlMismatch } kind;
    uint32_t record = 0;  // the later record (removed for duplicates)
    uint32_t first = 0;   // the record it collided with
  };

  explicit ZoneContent(const Name& origin);

  const Name& origin() const { return origin_; }

  // The owner entry for records of `owner`: the last one when it names the
  // same name (case-insensitively), else a new one. A zone file lists a
  // name's records together, so a name seen again further down is rare; it
  // gets an entry of its own, and finalize() merges the entries of a name
  // into one node, named in the case of the first. No hash table: for a
  // million names that is a cache miss per name and 16 MB saved.
  uint32_t intern_owner(const Name& owner);
  // The same for a name's uncompressed wire form, as Name::wire() gives it.
  uint32_t intern_owner_wire(std::span<const uint8_t> wire);
  // Sizes the arrays for a zone read from `octets` of zone file text, so that
  // a large zone is not copied over as they grow. Nothing is touched now:
  // it is address space until records fill it.
  void reserve_for_source(size_t octets);
  // Throws std::length_error once the zone's rdata passes 4 GiB.
  void add_record(uint32_t owner, RRType type, uint32_t ttl, std::span<const uint8_t> rdata,
                  SourcePos pos);

  size_t owner_count() const;
  std::span<const uint8_t> owner_wire(uint32_t owner) const;  // uncompressed wire form
  Name owner_name(uint32_t owner) const;

  static_assert(sizeof(Record) == 16);
  static_assert(sizeof(RRset) == 16);
  std::span<const Record> records() const { return records_; }
  // Where record `record` was written; a default SourcePos once
  // release_positions() has run.
  SourcePos position(uint32_t record) const {
    return record < positions_.size() ? positions_[record] : SourcePos{};
  }
  // Gives back the positions' memory (a tenth of a large zone's) once the
  // checks, the only readers, are done, while the database is still being
  // written from the rest.
  void release_positions() { free_memory(positions_); }
  std::span<const uint8_t> rdata(const Record& r) const {
    return {rdata_arena_.data() + r.rdata_offset, r.rdata_length};
  }

  std::vector<SourceFile>& sources() { return sources_; }
  const std::vector<SourceFile>& sources() const { return sources_; }

  // Sorts and groups the records into nodes and RRsets. Records with equal
  // owner, type and canonical rdata are merged; an RRset whose TTLs differ
  // takes the TTL of its record written first. Call once, after the last
  // add_record(). Afterwards records() is in RRset order, and the records
  // removed as duplicates follow the last RRset's records, so that the
  // indices in MergeEvent still give both positions.
  std::vector<MergeEvent> finalize();
  bool finalized() const { return finalized_; }
  std::span<const Node> nodes() const { return nodes_; }
  std::span<const RRset> rrsets() const { return rrsets_; }
  uint32_t rrset_owner(const RRset& set) const { return records_[set.first_record].owner; }

 private:
  Name origin_;
  std::vector<uint8_t> name_arena_;       // owner names, wire form, back to back
  std::vector<uint32_t> name_offsets_;    // start of each owner in name_arena_
  CanonicalOrder canonical_order_;       // every owner's sort key, until finalize()
  std::vector<uint8_t> rdata_arena_;
  std::vector<Record> records_;
  std::vector<SourcePos> positions_;  // by record
  std::vector<SourceFile> sources_;
  std::vector<Node> nodes_;
  std::vector<RRset> rrsets_;
  bool finalized_ = false;
};

}  // namespace lnsd::db
