// Response assembly: a writer of DNS messages into the caller's buffer with
// name compression (RFC 1035 §4.1.4), and the encoding of an answer plan
// with NSD's truncation rules (RFC 2181 §9): an answer or authority RRset
// that does not fit is left out whole and sets TC; an additional RRset that
// does not fit is left out quietly and ends the additional records.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "answer_query.hh"
#include "db/rrset_ref.hh"
#include "dns/message.hh"
#include "dns/name.hh"

namespace lnsd::answer_detail {

class ResponseWriter {
 public:
  // Names written at offsets a pointer can reach are remembered for
  // compression; past this many labels, later names are written in full.
  static constexpr size_t kCompressionEntries = 192;

  explicit ResponseWriter(std::span<uint8_t> buffer) : buffer_(buffer), limit_(buffer.size()) {}

  // Records must end at or before `limit` octets (never past the buffer).
  void set_limit(size_t limit) { limit_ = limit < buffer_.size() ? limit : buffer_.size(); }
  size_t limit() const { return limit_; }
  size_t size() const { return size_; }
  std::span<uint8_t> buffer() const { return buffer_; }

  // The header goes last, when the counts are known.
  void write_header(uint16_t id, uint16_t flags);
  // The question, with the case of the query; false when the buffer is too
  // small.
  bool write_question(const Name& qname, RRType qtype, RRClass qclass);

  struct Mark {
    size_t size;
    size_t entries;
    std::array<uint16_t, 4> counts;
  };
  Mark mark() const { return {size_, entry_count_, counts_}; }
  void rollback(const Mark& m) {
    size_ = m.size;
    entry_count_ = m.entries;
    counts_ = m.counts;
    if (cached_tail_entry_ >= entry_count_) cached_tail_ = nullptr;
    while (source_count_ > 0 && sources_[source_count_ - 1].offset >= size_) --source_count_;
  }

  // Where a record's owner comes from: a pointer to a name already written
  // (the question at offset 12, or the owner of the previous record of an
  // RRset), or a name to write with compression.
  struct Owner {
    uint16_t pointer = 0;        // 0: write `name`, or `head` then `wire` when name is null
    const Name* name = nullptr;
    std::span<const uint8_t> wire;  // ends in the root label
    std::span<const uint8_t> head;  // labels before `wire`, which is then a zone's origin
  };

  // The owner for a name stored in rdata: its labels in the mapping, then
  // the zone's origin when they end in the origin reference. No copy.
  static Owner stored_owner(const StoredNameRef& name, std::span<const uint8_t> origin) {
    std::span<const uint8_t> labels(name.labels, name.size);
    if (name.origin_ref) return {0, nullptr, origin, labels};
    return {0, nullptr, labels, {}};
  }

  // One record with stored rdata (names ending in the origin reference are
  // completed with `origin`). Returns false, with nothing written, when it
  // would end past the limit. `owner_at` receives where the owner name is
  // (for the next record of the RRset).
  bool add_stored(Section section, const Owner& owner, RRType type, RRClass cls, uint32_t ttl,
                  const db::RdataRef& rdata, std::span<const uint8_t> origin, uint16_t& owner_at);
  // One record whose rdata holds no names: `rdata` is its wire form.
  bool add_plain(Section section, const Owner& owner, RRType type, RRClass cls, uint32_t ttl,
                 std::span<const uint8_t> rdata, uint16_t& owner_at) {
    if (owner.pointer == 0) return add_opaque(section, owner, type, cls, ttl, rdata, owner_at);
    if (!room(12 + rdata.size())) return false;
    put_u16(uint16_t(0xC000 | owner.pointer));
    owner_at = owner.pointer;
    put_fixed(type, cls, ttl, uint16_t(rdata.size()));
    put_bytes(rdata);
    count(section);
    return true;
  }
  // One record with a single compressible name as rdata (a synthesized CNAME).
  bool add_name_rdata(Section section, const Owner& owner, RRType type, RRClass cls, uint32_t ttl,
                      const Name& target, uint16_t& owner_at);
  // One record with opaque rdata.
  bool add_opaque(Section section, const Owner& owner, RRType type, RRClass cls, uint32_t ttl,
                  std::span<const uint8_t> rdata, uint16_t& owner_at);

  // Appends a zone's apex tail after the records written so far, its
  // pointers into the origin moved to `origin_at` (where the question has
  // the origin) and those into itself to where it lands. False, with
  // nothing written, when it does not fit or a pointer would not reach.
  // Its names are not remembered for compression: nothing with a name
  // follows it (only the OPT record).
  bool append_apex_tail(const ApexTail& tail, uint16_t origin_at);

  // Appends raw octets past the limit (the OPT record, for which room was
  // kept); false when the buffer is full.
  bool append_raw(std::span<const uint8_t> bytes);
  void count(Section section) { ++counts_[size_t(section)]; }

 private:
  struct Entry {
    uint16_t offset;  // where the label is written
    uint16_t parent;  // the entry of the name after it, or kRoot
  };
  static constexpr uint16_t kRoot = 0xFFFF;

  bool room(size_t n) const { return size_ + n <= limit_; }
  // Writes through a local pointer: a store through uint8_t* may alias any
  // member, so the members are read once, not after every octet.
  void put_u16(uint16_t v) {
    uint8_t* p = buffer_.data() + size_;
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
    size_ += 2;
  }
  void put_u32(uint32_t v) {
    uint8_t* p = buffer_.data() + size_;
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
    size_ += 4;
  }
  // TYPE, CLASS, TTL and a zero RDLENGTH (RFC 1035 §4.1.3).
  void put_fixed(RRType type, RRClass cls, uint32_t ttl, uint16_t rdlength) {
    uint8_t* p = buffer_.data() + size_;
    const uint16_t t = uint16_t(type);
    const uint16_t c = uint16_t(cls);
    p[0] = uint8_t(t >> 8);
    p[1] = uint8_t(t);
    p[2] = uint8_t(c >> 8);
    p[3] = uint8_t(c);
    p[4] = uint8_t(ttl >> 24);
    p[5] = uint8_t(ttl >> 16);
    p[6] = uint8_t(ttl >> 8);
    p[7] = uint8_t(ttl);
    p[8] = uint8_t(rdlength >> 8);
    p[9] = uint8_t(rdlength);
    size_ += 10;
  }
  void put_bytes(std::span<const uint8_t> b) {
    uint8_t* p = buffer_.data() + size_;
    const size_t n = b.size();
    // Short copies (labels, addresses) as two overlapping fixed-size moves
    // rather than a call or a loop over octets.
    if (n >= 8 && n <= 16) {
      std::memcpy(p, b.data(), 8);
      std::memcpy(p + n - 8, b.data() + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(p, b.data(), 4);
      std::memcpy(p + n - 4, b.data() + n - 4, 4);
    } else if (n < 4) {
      for (size_t i = 0; i < n; ++i) p[i] = b[i];
    } else {
      std::memcpy(p, b.data(), n);
    }
    size_ += n;
  }
  // Writes the name made of `head` (labels) and `tail` (a wire name), compressed
  // against earlier names when `compress`, remembering its new suffixes;
  // returns where the name (or the name it points to) starts, or 0 when it
  // does not fit.
  // `stable_tail` says the tail's octets stay at their address for the
  // whole response (a zone's origin), so its match can be remembered.
  uint16_t write_name(std::span<const uint8_t> head, std::span<const uint8_t> tail, bool compress,
                      bool stable_tail = false);
  bool write_owner(const Owner& owner, uint16_t& owner_at);
  bool write_fixed(RRType type, RRClass cls, uint32_t ttl);
  void finish_rdata(size_t rdlength_at);
  uint16_t write_name_labels(std::span<const uint8_t> head, std::span<const uint8_t> tail, bool compress,
                             bool stable_tail);
  // The entry of `label` (length octet first) after the entry `parent`.
  uint16_t find_label(uint16_t parent, const uint8_t* label) const;

  std::span<uint8_t> buffer_;
  size_t limit_;
  size_t size_ = Header::kSize;
  std::array<uint16_t, 4> counts_{};
  std::array<Entry, kCompressionEntries> entries_;
  size_t entry_count_ = 0;
  // The last tail matched whole and its entry (valid while below entry_count_).
  const uint8_t* cached_tail_ = nullptr;
  uint16_t cached_tail_entry_ = 0;
  // Names written from stable octets (stored rdata in the mapping), by the
  // address of their labels: the same stored name written again (an NS
  // target, then as the owner of its address records) is a pointer at
  // once, found by address instead of label by label.
  struct Source {
    const uint8_t* labels;
    uint16_t offset;
  };
  static constexpr size_t kSources = 32;
  std::array<Source, kSources> sources_;
  size_t source_count_ = 0;
};

// Encodes the plan into `w` section by section as NSD does, setting
// `truncated` when an answer or authority RRset did not fit.
void encode_plan(Query& q, ResponseWriter& w, bool& truncated);

// The zone's apex tail with the address records in NSD's order for the
// transport (apex_tail.cc); an unusable one when the zone has no apex NS.
ApexTail encode_apex_tail(const ZoneSet::Zone& zone, bool aaaa_first);

}  // namespace lnsd::answer_detail
