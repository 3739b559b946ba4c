// Internal to the rdata codecs: each type whose rdata is a plain sequence of
// fields is described by the list of its field kinds, and one generic walker
// per direction (text -> wire, wire -> text, wire checks) handles them all.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/rdata.hh"
#include "dns/rrtype.hh"

namespace lnsd::rdata_fields {

enum class Field : uint8_t {
  CompressibleName,  // RdataNameKind::Compressible
  CanonicalName,     // RdataNameKind::Canonical
  LiteralName,       // RdataNameKind::Literal
  U8,
  U16,
  U32,
  Period,      // 32-bit seconds; text also takes units as in "1h30m" (SOA timers)
  Algorithm,   // 8-bit DNSSEC algorithm; text also takes mnemonics (RFC 4034 App. A.1)
  CertType,    // 16-bit CERT type; printed as mnemonic when known (RFC 4398 §2.1)
  Type,        // 16-bit RR type, as a mnemonic (RRSIG type covered)
  Time,        // 32-bit signature time, YYYYMMDDHHmmSS (RFC 4034 §3.2)
  IPv4,        // 4 octets, dotted quad (A, L32)
  IPv6,        // 16 octets (AAAA)
  CharString,  // length octet + octets (RFC 1035 §3.3)
  CharStrings, // one or more character-strings to the end (TXT, SPF)
  StringToEnd, // octets to the end, printed as one quoted string (URI target, CAA value)
  CaaTag,      // length octet + letters and digits (RFC 8659 §4.1)
  Base64ToEnd, // octets to the end as base64; text may span tokens
  HexToEnd,    // octets to the end as hex; text may span tokens
  Salt,        // length octet + octets as hex, "-" when empty (RFC 5155 §3.3)
  Base32Hash,  // length octet + octets as base32hex (RFC 5155 §3.3)
  TypeBitmap,  // windowed type bitmap to the end (RFC 4034 §4.1.2), may be empty
  EUI48,       // 6 octets, xx-xx-xx-xx-xx-xx (RFC 7043 §3.2)
  EUI64,       // 8 octets, xx-xx-xx-xx-xx-xx-xx-xx (RFC 7043 §4.2)
  Locator64,   // 8 octets, xxxx:xxxx:xxxx:xxxx (RFC 6742 §2.3, §2.4)
};

struct Format {
  RRType type;
  uint8_t count;
  // RFC 3597 §4: besides the RFC 1035 types (whose names are Compressible),
  // receivers SHOULD decompress the names of RP, AFSDB, RT, SIG, PX, NXT,
  // NAPTR and SRV, because older servers compressed them.
  bool decompress_canonical;
  std::array<Field, 9> fields;

  std::span<const Field> list() const { return {fields.data(), count}; }
};

// The field list of `type`, or nullptr when the type has no such description
// (unknown types, NULL, and the special codecs).
const Format* find_format(RRType type);

// The presentation form each field kind expects, for error messages
// ("a 16-bit number (0-65535)").
std::string_view describe(Field field);

// Length of the uncompressed wire name starting at `pos`, or 0 when the
// octets there are not one (bad label type, over 255 octets, runs off the end).
size_t wire_name_length(std::span<const uint8_t> rdata, size_t pos);

// Checks the structure of one field at `pos` and moves `pos` past it. Names
// are appended to `names` (when there is room).
bool skip_field(Field field, std::span<const uint8_t> rdata, size_t& pos, RdataNames& names);

// Text -> wire for one field starting at tokens[next]; moves `next` past the
// tokens used. The caller has checked that a token is there (every field
// but TypeBitmap needs one).
Expected<void, RdataError> parse_field(Field field, std::span<const Token> tokens, size_t& next,
                                       const Name& origin, std::vector<uint8_t>& out);

// Wire -> text for one field of rdata that skip_field accepted; moves `pos`
// past it. False when the presentation form cannot express the value (an
// empty base64 key, a CAA tag with a space): the caller then prints the
// whole rdata in the RFC 3597 generic form, which always round-trips.
bool print_field(Field field, std::span<const uint8_t> rdata, size_t& pos, std::string& out);

// Lowercase hexadecimal, as ldns and dnspython print rdata fields.
void append_hex(std::span<const uint8_t> data, std::string& out);

bool is_name(Field field);
RdataNameKind name_kind(Field field);

// DNSSEC algorithm mnemonics (IANA "DNS Security Algorithm Numbers").
std::optional<uint8_t> algorithm_from_text(std::string_view text);
// CERT type mnemonics (RFC 4398 §2.1).
std::optional<uint16_t> cert_type_from_text(std::string_view text);
std::string_view cert_type_to_text(uint16_t type);  // empty when unknown

bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace lnsd::rdata_fields
