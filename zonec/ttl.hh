// TTLs as zone files write them: seconds ("3600") or a sum of numbers with
// units, case-insensitive ("1w2d3h4m5s", "2D", "4w2d"), as BIND introduced
// and NSD accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lnsd::zonec {

// RFC 2181 §8: a TTL is an unsigned 31-bit value.
inline constexpr uint32_t kMaxTtl = 0x7fffffffu;

// The TTL in seconds, or nullopt when the text is not a TTL or does not fit
// in 32 bits. Values above kMaxTtl are returned as they are; the caller
// warns and clamps them.
std::optional<uint32_t> parse_ttl(std::string_view text);

}  // namespace lnsd::zonec
