// A whole message as owning values, for offline use: tests, zone transfers,
// the differential test. Names are decompressed and rdata is expanded to its
// uncompressed wire form. This allocates, so the answer path uses
// MessageReader and MessageBuilder instead.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "dns/name.hh"
#include "dns/rrtype.hh"
#include "util/expected.hh"

namespace lnsd {

struct ParsedQuestion {
  Name name;
  RRType type{};
  RRClass cls{};
};

struct ParsedRecord {
  Name owner;
  RRType type{};
  RRClass cls{};
  uint32_t ttl = 0;
  std::vector<uint8_t> rdata;  // uncompressed
};

struct ParsedMessage {
  Header header;  // as received; the counts match the vectors below
  std::vector<ParsedQuestion> questions;
  std::vector<ParsedRecord> answer;
  std::vector<ParsedRecord> authority;
  std::vector<ParsedRecord> additional;  // OPT and TSIG included, where they were
  size_t trailing_size = 0;              // octets after the last record

  // Answer, Authority or Additional (Question gives an empty list).
  const std::vector<ParsedRecord>& records(Section section) const;
  std::vector<ParsedRecord>* mutable_records(Section section);
  // The OPT record, or nullptr.
  const ParsedRecord* opt() const;
};

// Parses and checks a whole message: every name, the rdata of every record
// against its type (rdata_from_message; class ANY and NONE may carry empty
// rdata as in RFC 2136 §2.4), OPT option framing, and where OPT and TSIG
// are (as find_meta_records). Trailing octets are counted, not refused.
Expected<ParsedMessage, MessageError> parse_message(std::span<const uint8_t> message);

// Writes `message` through `builder`: its id and flags, then the questions
// and records in order, compressing as the builder does. False when the
// message does not fit or some rdata fails rdata_check_wire.
bool build_message(const ParsedMessage& message, MessageBuilder& builder);

// The message as text in the style of dig: header, OPT pseudosection,
// then the sections with one record per line (rdata via rdata_to_text).
std::string message_to_text(const ParsedMessage& message);

}  // namespace lnsd
