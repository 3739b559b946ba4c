// Helpers shared by the codecs of rdata_special.hh (LOC, APL, SVCB,
// IPSECKEY, HIP). Internal to the lnsd_rdata library.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.hh"
#include "dns/rdata.hh"

namespace lnsd::special::detail {

// RFC 1035 §3.2.1: RDLENGTH is 16 bits.
inline constexpr size_t kMaxRdata = 65535;

inline Unexpected<RdataError> fail(size_t token, std::string message) {
  return unexpected(RdataError{std::move(message), token});
}

// "'text'" for messages, shortened when long.
std::string quoted_for_message(std::string_view text);

// Unsigned decimal without sign, at most `max`; nullopt otherwise.
std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max);

// A decimal field of the presentation form, e.g. "precedence", as a value
// in [0, max]. Missing tokens and bad values give an error naming `what`.
Expected<uint32_t, RdataError> decimal_field(std::span<const Token> tokens, size_t index,
                                             uint32_t max, std::string_view what);

// A domain name token completed with `origin`, appended in wire form.
Expected<void, RdataError> name_field(std::span<const Token> tokens, size_t index,
                                      const Name& origin, std::string_view what,
                                      std::vector<uint8_t>& out);

// Fails when the rdata written since `start` is longer than RDLENGTH allows.
Expected<void, RdataError> check_rdata_size(const std::vector<uint8_t>& out, size_t start,
                                            size_t token);

// Length of the uncompressed wire name at `offset` (labels up to the root
// label, at most 255 octets, no compression pointers or extended label
// types), or 0 when the rdata does not hold one there.
size_t wire_name_length(std::span<const uint8_t> rdata, size_t offset);

// Empties the list before a check_wire fills it.
void clear_names(RdataNames& names);
// Records a name found at [offset, offset + length) when there is room,
// else marks the list incomplete.
void list_name(RdataNames& names, size_t offset, size_t length, RdataNameKind kind);

// Appends the absolute presentation form of an uncompressed wire name that
// fills `wire` exactly; false when it is not one.
bool append_wire_name(std::span<const uint8_t> wire, std::string& out);

// Dotted-quad IPv4 and RFC 4291 §2.2 IPv6 text; inet_pton rules.
std::optional<std::array<uint8_t, 4>> parse_ipv4(std::string_view text);
std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view text);
// RFC 5952 text (inet_ntop); `address` has 4 or 16 octets.
void append_ipv4(std::span<const uint8_t> address, std::string& out);
void append_ipv6(std::span<const uint8_t> address, std::string& out);

// The RFC 3597 §5 generic form "\# <length> <hex>", for rdata that is
// valid on the wire but has no presentation form of its own.
void append_generic(std::span<const uint8_t> rdata, std::string& out);

}  // namespace lnsd::special::detail
