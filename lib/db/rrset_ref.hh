// Views of the RRsets and rdata inside a mapped zone database. Decoding is
// lazy, bounded by the node's extent and allocation-free: the answer path
// walks these straight from the mapping. A damaged node ends the iteration
// early instead of reading outside the mapping.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <vector>

#include "db/bytes.hh"
#include "db/format.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"

namespace lnsd::db {

// A name inside stored rdata. `length` is its stored length: when
// `origin_ref` is set the name ends in the two-octet reference 0xC0 0x00
// standing for the zone origin, otherwise in the root label.
struct StoredName {
  uint16_t offset = 0;
  uint8_t length = 0;
  RdataNameKind kind = RdataNameKind::Compressible;
  bool origin_ref = false;
};

// One rdata as stored: the octets, the names inside them, and the size of
// the wire form they expand to.
class RdataRef {
 public:
  std::span<const uint8_t> stored() const { return stored_; }
  size_t name_count() const { return name_count_; }
  const StoredName& name(size_t i) const { return names_[i]; }
  // RDLENGTH of the wire form.
  size_t wire_size() const { return wire_size_; }
  // Writes the wire form to the front of `out` (which must hold wire_size()
  // octets) and returns wire_size(), or 0 when `out` is too small.
  size_t expand(std::span<uint8_t> out) const;
  void append_wire(std::vector<uint8_t>& out) const;

 private:
  friend class RdataIterator;
  std::span<const uint8_t> stored_;
  std::span<const uint8_t> origin_;
  std::array<StoredName, RdataNames::kMax> names_{};
  uint8_t name_count_ = 0;
  size_t wire_size_ = 0;
};

// Decodes the rdatas of one RRset in order; ends after `count` or at the
// first damaged one (then ok() is false).
class RdataIterator {
 public:
  using value_type = RdataRef;
  using difference_type = std::ptrdiff_t;

  RdataIterator() = default;
  RdataIterator(std::span<const uint8_t> body, std::span<const uint8_t> origin, uint32_t count,
                bool has_names);

  const RdataRef& operator*() const { return current_; }
  const RdataRef* operator->() const { return &current_; }
  RdataIterator& operator++() {
    advance();
    return *this;
  }
  void operator++(int) { advance(); }
  bool operator==(std::default_sentinel_t) const { return done_; }
  bool ok() const { return ok_; }

 private:
  void advance();
  ByteCursor cursor_;
  std::span<const uint8_t> origin_;
  uint32_t left_ = 0;
  bool has_names_ = false;
  bool done_ = true;
  bool ok_ = true;
  RdataRef current_;
};

class RRsetRef {
 public:
  RRType type() const { return type_; }
  RRType covered() const { return covered_; }  // RRSIG sets only
  uint32_t ttl() const { return ttl_; }
  uint32_t count() const { return count_; }
  bool has_names() const { return has_names_; }

  RdataIterator begin() const { return {body_, origin_, count_, has_names_}; }
  // The stored rdatas (lnsd-zonedb(5)): with !has_names(), each is a varint
  // length then the wire octets, which a caller may read without the
  // iterator's bookkeeping.
  std::span<const uint8_t> body() const { return body_; }
  std::default_sentinel_t end() const { return {}; }

 private:
  friend class RRsetIterator;
  RRType type_ = RRType(0);
  RRType covered_ = RRType(0);
  uint32_t ttl_ = 0;
  uint32_t count_ = 0;
  bool has_names_ = false;
  std::span<const uint8_t> body_;
  std::span<const uint8_t> origin_;
};

// Decodes the `count` RRsets of one node in stored order (type, then covered
// type); ends early at the first damaged one (then ok() is false).
class RRsetIterator {
 public:
  using value_type = RRsetRef;
  using difference_type = std::ptrdiff_t;

  RRsetIterator() = default;
  RRsetIterator(std::span<const uint8_t> rrsets, uint32_t count, std::span<const format::Shape> shapes,
                std::span<const uint8_t> origin);

  const RRsetRef& operator*() const { return current_; }
  const RRsetRef* operator->() const { return &current_; }
  RRsetIterator& operator++() {
    advance();
    return *this;
  }
  void operator++(int) { advance(); }
  bool operator==(std::default_sentinel_t) const { return done_; }
  bool ok() const { return ok_; }
  // Where the RRset after the current one starts (after the last one: where
  // the node ends).
  const uint8_t* position() const { return cursor_.position(); }

 private:
  void advance();
  ByteCursor cursor_;
  uint32_t left_ = 0;
  std::span<const format::Shape> shapes_;
  std::span<const uint8_t> origin_;
  bool done_ = true;
  bool ok_ = true;
  RRsetRef current_;
};

struct RRsetRange {
  RRsetIterator first;
  RRsetIterator begin() const { return first; }
  std::default_sentinel_t end() const { return {}; }
};

}  // namespace lnsd::db
