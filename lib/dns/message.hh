// DNS messages (RFC 1035 §4.1): the header as a value type and a
// bounds-checked, forward-only reader for the query path. The reader never
// allocates and reports errors as values: a count that announces more than
// the message holds is an error, never a read past the end.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dns/name.hh"
#include "dns/rrtype.hh"
#include "util/expected.hh"

namespace lnsd {

// Any 4-bit value can arrive; the enumerators are the assigned ones.
enum class Opcode : uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5, Dso = 6 };

// The 12-bit RCODE: the low 4 bits travel in the header, the high 8 bits in
// the OPT RR (RFC 6891 §6.1.3). 16 is BADVERS in a message; TSIG's error
// field reuses it as BADSIG (RFC 8945 §3).
enum class Rcode : uint16_t {
  NoError = 0, FormErr = 1, ServFail = 2, NXDomain = 3, NotImp = 4, Refused = 5,
  YXDomain = 6, YXRRSet = 7, NXRRSet = 8, NotAuth = 9, NotZone = 10, DsoTypeNI = 11,
  BadVers = 16, BadKey = 17, BadTime = 18, BadMode = 19, BadName = 20, BadAlg = 21,
  BadTrunc = 22, BadCookie = 23,
};

// "QUERY", "NOTIFY", ... or "OPCODEn" for unassigned values.
std::string opcode_to_text(Opcode opcode);
// "NOERROR", "NXDOMAIN", "BADVERS", ... or "RCODEn" for unassigned values.
std::string rcode_to_text(Rcode rcode);

enum class Section : uint8_t { Question = 0, Answer = 1, Authority = 2, Additional = 3 };
std::string_view section_to_text(Section section);  // "QUESTION", "ANSWER", ...

enum class MessageError : uint8_t {
  ShortHeader,         // fewer than the 12 octets of a header
  TooLong,             // over 65535 octets, more than any transport carries
  Truncated,           // ends inside a question or record: a count claims more than is there
  BadName,             // a name with a bad label type, over 255 octets, or a pointer not strictly backwards
  BadRdata,            // rdata malformed for its type (only parse_message looks inside rdata)
  OptNotInAdditional,  // RFC 6891 §6.1.1: OPT belongs in the additional section
  MultipleOpt,         // RFC 6891 §6.1.1: at most one OPT
  OptOwnerNotRoot,     // RFC 6891 §6.1.2: the owner of OPT is the root
  TsigNotLast,         // RFC 8945 §5.1: one TSIG, last in the additional section
};

std::string_view describe(MessageError e);

// The 12-octet header (RFC 1035 §4.1.1) with the flags of RFC 2535 (AD, CD).
struct Header {
  static constexpr size_t kSize = 12;
  static constexpr uint16_t kQR = 0x8000, kAA = 0x0400, kTC = 0x0200, kRD = 0x0100,
                            kRA = 0x0080, kZ = 0x0040, kAD = 0x0020, kCD = 0x0010;

  uint16_t id = 0;
  uint16_t flags = 0;                // QR, OPCODE, AA, TC, RD, RA, Z, AD, CD, RCODE
  std::array<uint16_t, 4> counts{};  // QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT, indexed by Section

  bool qr() const { return flags & kQR; }
  bool aa() const { return flags & kAA; }
  bool tc() const { return flags & kTC; }
  bool rd() const { return flags & kRD; }
  bool ra() const { return flags & kRA; }
  bool z() const { return flags & kZ; }
  bool ad() const { return flags & kAD; }
  bool cd() const { return flags & kCD; }
  void set_qr(bool on) { set_flag(kQR, on); }
  void set_aa(bool on) { set_flag(kAA, on); }
  void set_tc(bool on) { set_flag(kTC, on); }
  void set_rd(bool on) { set_flag(kRD, on); }
  void set_ra(bool on) { set_flag(kRA, on); }
  void set_ad(bool on) { set_flag(kAD, on); }
  void set_cd(bool on) { set_flag(kCD, on); }
  void set_flag(uint16_t bit, bool on) { flags = uint16_t(on ? flags | bit : flags & ~bit); }

  Opcode opcode() const { return Opcode((flags >> 11) & 0xF); }
  void set_opcode(Opcode op) { flags = uint16_t((flags & ~0x7800) | (uint16_t(op) & 0xF) << 11); }
  // Only the low 4 bits; the full RCODE needs the OPT RR (see edns.hh).
  Rcode rcode() const { return Rcode(flags & 0xF); }
  void set_rcode(Rcode rcode) { flags = uint16_t((flags & ~0xF) | (uint16_t(rcode) & 0xF)); }

  uint16_t count(Section s) const { return counts[size_t(s)]; }

  // Reads the first 12 octets; ShortHeader when there are fewer.
  static Expected<Header, MessageError> parse(std::span<const uint8_t> message);
  // Writes 12 octets to the start of `out` (out.size() >= 12).
  void write(std::span<uint8_t> out) const;
};

struct Question {
  Name name;
  RRType type{};
  RRClass cls{};
  uint16_t name_offset = 0;  // where the name starts in the message
};

// One resource record as it sits in the message: positions, not copies.
struct RecordView {
  Section section = Section::Answer;
  uint16_t owner_offset = 0;  // where the owner is written (possibly as a pointer)
  RRType type{};
  RRClass cls{};  // OPT puts the UDP payload size here (RFC 6891 §6.1.2)
  uint32_t ttl = 0;
  uint16_t rdata_offset = 0;
  uint16_t rdlength = 0;

  // Decodes the owner, following compression pointers.
  Expected<Name, MessageError> owner(std::span<const uint8_t> message) const;
  std::span<const uint8_t> rdata(std::span<const uint8_t> message) const {
    return message.subspan(rdata_offset, rdlength);
  }
  size_t end() const { return size_t(rdata_offset) + rdlength; }
};

// Reads a message front to back:
//
//   MessageReader reader(bytes);
//   Question q;
//   while (reader.next_question(q)) ...
//   RecordView rr;
//   while (reader.next_record(rr)) ...
//   if (reader.error()) ...  // FORMERR
//
// Questions are decoded (the answer path needs the name); record owners are
// only walked over in place, with pointers checked to point backwards, and
// decoded on demand. Once a read fails the reader stays failed.
class MessageReader {
 public:
  static constexpr size_t kMaxSize = 65535;

  explicit MessageReader(std::span<const uint8_t> message);

  const Header& header() const { return header_; }
  std::span<const uint8_t> message() const { return message_; }

  // The next question; false after the last one or on an error.
  bool next_question(Question& question);
  // The next record of the answer, authority or additional section; skips
  // (and checks) any questions not read yet. False after the last record or
  // on an error.
  bool next_record(RecordView& record);

  const std::optional<MessageError>& error() const { return error_; }
  // Every question and record the header announces has been read.
  bool done() const { return !error_ && section_ == kEnd; }
  // Octets after the last record (RFC 1035 does not allow any); meaningful once done().
  size_t trailing_size() const { return message_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  static constexpr size_t kEnd = 4;
  bool fail(MessageError e);
  void advance_section();  // moves section_ past sections with nothing left to read

  std::span<const uint8_t> message_;
  Header header_;
  size_t pos_ = Header::kSize;
  size_t section_ = 0;  // a Section, or kEnd
  uint16_t left_ = 0;   // entries left in section_
  std::optional<MessageError> error_;
};

// Walks over a possibly compressed name at `offset` without decoding it:
// checks label types, the 255-octet limit of what is written in place, and
// that a pointer points before itself. Moves `offset` past the name.
Expected<void, MessageError> skip_name(std::span<const uint8_t> message, size_t& offset);

// The meta-records of a message (RFC 6895 §3.1) that the server acts on.
struct MetaRecords {
  std::optional<RecordView> opt;
  std::optional<RecordView> tsig;
};

// Reads the records the reader has not read yet and finds OPT and TSIG,
// checking where they are: OPT only in the additional section, at most once,
// owned by the root (RFC 6891 §6.1.1, §6.1.2); TSIG only as the very last
// record (RFC 8945 §5.1). Each violation is FORMERR for the caller.
Expected<MetaRecords, MessageError> find_meta_records(MessageReader& reader);

}  // namespace lnsd
