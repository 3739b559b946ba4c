// Codecs for types whose presentation form is not a plain sequence of
// fields: LOC (RFC 1876), APL (RFC 3123), SVCB/HTTPS (RFC 9460), IPSECKEY
// (RFC 4025) and HIP (RFC 8005). rdata.cc dispatches to these.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns/rdata.hh"

namespace lnsd::special {

// Each type has the same three functions:
//  *_from_text: all presentation tokens of one record -> wire, appended to out
//  *_to_text:   wire -> canonical presentation, appended to out
//  *_check_wire: wire well-formed; lists embedded names (all Literal)
#define LNSD_SPECIAL_CODEC(type)                                                          \
  Expected<void, RdataError> type##_from_text(std::span<const Token> tokens,              \
                                              const Name& origin, std::vector<uint8_t>& out); \
  Expected<void, Error> type##_to_text(std::span<const uint8_t> rdata, std::string& out);  \
  bool type##_check_wire(std::span<const uint8_t> rdata, RdataNames& names);

LNSD_SPECIAL_CODEC(loc)
LNSD_SPECIAL_CODEC(apl)
LNSD_SPECIAL_CODEC(svcb)  // SVCB and HTTPS share one format
LNSD_SPECIAL_CODEC(ipseckey)
LNSD_SPECIAL_CODEC(hip)

#undef LNSD_SPECIAL_CODEC

}  // namespace lnsd::special
