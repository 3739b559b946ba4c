// Writes DNS messages into a caller's fixed buffer, with name compression
// (RFC 1035 §4.1.4) and all-or-nothing adds for truncation: the answer path
// builds its response here without allocating.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dns/message.hh"
#include "dns/name.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"

namespace lnsd {

// A name already in the message, referred to by its offset: an owner
// written this way is a bare pointer, e.g. to the question name at offset 12
// so that answers echo the case the query used.
struct NamePointer {
  uint16_t offset = 0;
};

// The names written so far, for compression. Each entry is one label written
// in the message, linked to the entry of the name that follows it, so a
// suffix is found label by label from the root. Only offsets a pointer can
// reach (below 0x4000) are kept; when the table is full, names stay
// uncompressed. Lookups ignore ASCII case, as every server does.
class CompressionTable {
 public:
  static constexpr size_t kCapacity = 512;
  static constexpr uint16_t kRoot = 0xFFFE;  // parent of a top-level label
  static constexpr uint16_t kNone = 0xFFFF;  // "not found" / "not added"

  // The entry for `label` (length octet first) whose following name is the
  // entry `parent`, or kNone.
  uint16_t find(std::span<const uint8_t> message, uint16_t parent,
                std::span<const uint8_t> label) const;
  // Records that `label` was written at `offset`; kNone when full.
  uint16_t add(std::span<const uint8_t> message, uint16_t parent, uint16_t offset);
  uint16_t offset(uint16_t entry) const { return entries_[entry].offset; }
  size_t size() const { return size_; }
  // Forgets the entries added after the table had `size` of them.
  void truncate(size_t size);

 private:
  static constexpr size_t kSlots = 2 * kCapacity;  // a power of two
  struct Entry {
    uint16_t offset;
    uint16_t parent;
    uint16_t slot;
  };
  static size_t hash(uint16_t parent, std::span<const uint8_t> label);

  std::array<Entry, kCapacity> entries_{};
  std::array<uint16_t, kSlots> slots_{};  // entry index + 1; 0 is empty
  size_t size_ = 0;
};

// Usage: set header fields, add the question, then records section by
// section in order (answer, authority, additional); the builder keeps the
// counts. Every add either writes the whole item or nothing and returns
// false, so the caller can decide on truncation (setting TC is its choice)
// and can drop an RRset that did not fit with mark()/rollback().
class MessageBuilder {
 public:
  static constexpr size_t kMaxSize = 65535;

  // Writes into `buffer` (at most 65535 octets of it are used). A buffer
  // shorter than a header makes every add fail and finish() empty.
  explicit MessageBuilder(std::span<uint8_t> buffer);

  // id and flags are the caller's; the counts are the builder's.
  Header& header() { return header_; }
  const Header& header() const { return header_; }

  // The size the message must not exceed, e.g. the client's UDP payload size
  // (RFC 6891 §6.2.5), or lower to keep room for an OPT RR. Capped at the
  // buffer size.
  void set_limit(size_t limit);
  size_t limit() const { return limit_; }
  size_t size() const { return size_; }
  size_t room() const { return size_ < limit_ ? limit_ - size_ : 0; }

  // Questions come before any record.
  bool add_question(const Name& name, RRType type, RRClass cls);

  // A record with wire rdata. `names` lists the names inside the rdata (from
  // rdata_check_wire); Compressible ones are compressed and become targets
  // for later names, the others are copied as they are (RFC 3597 §4).
  // `section` is Answer, Authority or Additional, not before the last used.
  bool add_record(Section section, const Name& owner, RRType type, RRClass cls, uint32_t ttl,
                  std::span<const uint8_t> rdata, const RdataNames& names);
  bool add_record(Section section, NamePointer owner, RRType type, RRClass cls, uint32_t ttl,
                  std::span<const uint8_t> rdata, const RdataNames& names);

  // A record whose rdata is appended in pieces (OPT options, TSIG):
  // begin_record, then append_rdata* , then end_record. A failed append drops
  // the whole open record. Every other add fails while a record is open.
  bool begin_record(Section section, const Name& owner, RRType type, RRClass cls, uint32_t ttl);
  bool append_rdata(std::span<const uint8_t> bytes);
  bool append_rdata_zeros(size_t count);
  void end_record();

  // Where the message stands: size, counts, current section, compression
  // entries. rollback() returns to it, forgetting everything added since.
  struct Mark {
    uint16_t size = 0;
    std::array<uint16_t, 4> counts{};
    Section section = Section::Question;
    uint16_t compression_entries = 0;
  };
  Mark mark() const;
  void rollback(const Mark& mark);

  // Writes the header and returns the message. More may be added afterwards
  // (finish() again then).
  std::span<const uint8_t> finish();

 private:
  bool can_add(Section section) const;
  // Writes an uncompressed wire name compressed against the table, and
  // records its new suffixes.
  bool write_name(std::span<const uint8_t> wire);
  bool write_pointer(uint16_t offset);
  bool write_bytes(std::span<const uint8_t> bytes);
  bool write_u16(uint16_t v);
  bool write_u32(uint32_t v);
  bool write_rdata(std::span<const uint8_t> rdata, const RdataNames& names);
  bool write_record_fields(RRType type, RRClass cls, uint32_t ttl);
  bool write_record_after_owner(Section section, RRType type, RRClass cls, uint32_t ttl,
                                std::span<const uint8_t> rdata, const RdataNames& names);
  void finish_record(Section section, size_t rdlength_at);

  std::span<uint8_t> buffer_;
  size_t capacity_ = 0;
  size_t limit_ = 0;
  size_t size_ = 0;
  Header header_;
  Section section_ = Section::Question;
  bool record_open_ = false;
  Section open_section_ = Section::Answer;
  size_t open_rdlength_at_ = 0;
  Mark open_mark_;
  CompressionTable compression_;
};

}  // namespace lnsd
