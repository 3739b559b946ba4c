// The registry of record types and classes: numbers, mnemonics and the
// generic TYPEnnn / CLASSnnn forms of RFC 3597 §5.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lnsd {

// Any 16-bit value is a valid RRType; the enumerators name the ones lnsd
// knows (IANA "Resource Record (RR) TYPEs").
enum class RRType : uint16_t {
  A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8, MR = 9,
  NULL_ = 10, WKS = 11, PTR = 12, HINFO = 13, MINFO = 14, MX = 15, TXT = 16,
  RP = 17, AFSDB = 18, X25 = 19, ISDN = 20, RT = 21, NSAP = 22, NSAP_PTR = 23,
  SIG = 24, KEY = 25, PX = 26, GPOS = 27, AAAA = 28, LOC = 29, NXT = 30,
  EID = 31, NIMLOC = 32, SRV = 33, ATMA = 34, NAPTR = 35, KX = 36, CERT = 37,
  A6 = 38, DNAME = 39, SINK = 40, OPT = 41, APL = 42, DS = 43, SSHFP = 44,
  IPSECKEY = 45, RRSIG = 46, NSEC = 47, DNSKEY = 48, DHCID = 49, NSEC3 = 50,
  NSEC3PARAM = 51, TLSA = 52, SMIMEA = 53, HIP = 55, NINFO = 56, RKEY = 57,
  TALINK = 58, CDS = 59, CDNSKEY = 60, OPENPGPKEY = 61, CSYNC = 62,
  ZONEMD = 63, SVCB = 64, HTTPS = 65, SPF = 99, NID = 104, L32 = 105,
  L64 = 106, LP = 107, EUI48 = 108, EUI64 = 109, TKEY = 249, TSIG = 250,
  IXFR = 251, AXFR = 252, MAILB = 253, MAILA = 254, ANY = 255, URI = 256,
  CAA = 257, AVC = 258, DOA = 259, AMTRELAY = 260, TA = 32768, DLV = 32769,
};

enum class RRClass : uint16_t { IN = 1, CH = 3, HS = 4, NONE = 254, ANY = 255 };

// Mnemonic or TYPEnnn, case-insensitive. Unknown mnemonics give nullopt.
std::optional<RRType> type_from_text(std::string_view text);
// The mnemonic when lnsd knows one, else "TYPEnnn".
std::string type_to_text(RRType type);
void append_type_text(RRType type, std::string& out);

// IN, CH (also CHAOS), HS (also HESIOD), NONE, ANY, or CLASSnnn.
std::optional<RRClass> class_from_text(std::string_view text);
std::string class_to_text(RRClass cls);

// Meta-types and QTYPEs that never appear as zone data (RFC 6895 §3.1).
bool is_meta_type(RRType type);
// Types covered by the "DNSSEC types excepted" rule next to a CNAME
// (RRSIG, NSEC; RFC 4035 §2.5 and RFC 2181 §10.1).
bool is_dnssec_type(RRType type);

}  // namespace lnsd
