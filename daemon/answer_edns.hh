// EDNS in the answer path, as NSD reads and writes it: the OPT record of a
// query (RFC 6891), the options acted on (NSID RFC 5001, COOKIE RFC 7873,
// edns-tcp-keepalive RFC 7828), server cookies (RFC 9018) and the OPT
// record of the response.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "answer_query.hh"
#include "response.hh"

namespace lnsd::answer_detail {

enum class OptStatus : uint8_t {
  Absent,      // no OPT where NSD looks for it
  Ok,
  BadVersion,  // RFC 6891 §6.1.3: answered BADVERS
  Malformed,   // options that overrun the rdata, a COOKIE of a wrong length
};

// Reads the OPT record at `offset` of the query (the first additional
// record), filling the query's EDNS fields. On Ok or BadVersion, `offset`
// moves past the record.
OptStatus read_opt(Query& q, size_t& offset);

// The size the OPT record of the response will take, to keep room for it.
size_t opt_reserved_size(const Query& q);

// Writes the response's OPT record past the limit (room was kept for it).
// `bad_version` makes it a BADVERS OPT (extended RCODE 1).
void write_opt(const Query& q, ResponseWriter& w, bool bad_version);

// SipHash-2-4 (Aumasson and Bernstein) with a 64-bit output, the MAC of
// RFC 9018 §4.4 server cookies.
uint64_t siphash24(std::span<const uint8_t, 16> key, std::span<const uint8_t> data);

// The 16-octet server cookie of RFC 9018 §4.2 for this client and time:
// version 1, three reserved octets, the timestamp, and the SipHash-2-4 of
// the client cookie, those fields and the client's address.
std::array<uint8_t, 16> server_cookie(std::span<const uint8_t, 8> client_cookie, const Client& client,
                                      uint32_t timestamp, std::span<const uint8_t, 16> secret);

}  // namespace lnsd::answer_detail
