// Rdata codecs: presentation form <-> wire form for every type of the DNS
// core, the RFC 3597 generic form for any type, and knowledge of where names
// sit inside rdata (for compression, decompression and canonical form).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rrtype.hh"
#include "util/expected.hh"

namespace lnsd {

// One whitespace-separated field of presentation rdata as the zone file lexer
// found it: the raw text with escapes still in place, and whether it was
// written in double quotes (the quotes are not part of `text`).
struct Token {
  std::string_view text;
  bool quoted = false;
};

struct RdataError {
  std::string message;  // says what was expected: "expected an IPv4 address, got '1.2.3'"
  size_t token = 0;     // index of the offending token (== tokens.size() when one is missing)
};

// Presentation tokens to wire rdata, appended to `out`. `origin` completes
// relative names. The generic form "\# <length> <hex>" is accepted for
// every type (RFC 3597 §5) and checked against the type's wire format when
// lnsd knows the type.
Expected<void, RdataError> rdata_from_text(RRType type, std::span<const Token> tokens,
                                           const Name& origin, std::vector<uint8_t>& out);

// Wire rdata to canonical presentation form, appended to `out` (no
// trailing newline). Names are absolute. Unknown types use "\# len hex".
// Malformed rdata is an error.
Expected<void, Error> rdata_to_text(RRType type, std::span<const uint8_t> rdata, std::string& out);

// How a name inside rdata is treated (RFC 3597 §4, RFC 4034 §6.2).
enum class RdataNameKind : uint8_t {
  Compressible,  // RFC 1035 types: may be compressed on output (NS, CNAME, SOA, PTR, MX, ...)
  Canonical,     // never compressed, lowercased in canonical form (SRV, RRSIG, DNAME, ...)
  Literal,       // never compressed nor lowercased (NSEC per RFC 6840 §5.1, LP, IPSECKEY,
                 // HIP, SVCB target, ...)
};

struct RdataName {
  uint16_t offset = 0;  // within the rdata
  uint8_t length = 0;   // uncompressed wire length
  RdataNameKind kind = RdataNameKind::Compressible;
};

// The names of one rdata, in order. No type holds more than a few names
// (HIP's rendezvous servers are the exception: they are Literal and never
// listed beyond kMax; `complete` says whether all names were listed).
struct RdataNames {
  static constexpr size_t kMax = 4;
  std::array<RdataName, kMax> names{};
  uint8_t count = 0;
  bool complete = true;
};

// Checks that wire rdata is well formed for its type (lengths, name syntax,
// fixed sizes) and lists the names inside it. No allocation.
bool rdata_check_wire(RRType type, std::span<const uint8_t> rdata, RdataNames& names);

// Copies rdata found in a message at [offset, offset + rdlength), expanding
// compressed names where RFC 3597 §4 asks receivers to: the names of the
// RFC 1035 types (MUST), and those of RP, AFSDB, RT, SIG, PX, NAPTR and SRV
// (SHOULD). Other rdata is opaque, so a pointer there makes it malformed.
// Appends the uncompressed rdata to `out`; fails when malformed.
bool rdata_from_message(RRType type, std::span<const uint8_t> message, size_t offset,
                        uint16_t rdlength, std::vector<uint8_t>& out);

// Puts rdata in canonical form in place (RFC 4034 §6.2): lowercases the names
// of the types that rule lists.
void rdata_canonicalize(RRType type, std::span<uint8_t> rdata);

}  // namespace lnsd
