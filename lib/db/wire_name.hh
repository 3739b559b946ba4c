// Helpers over names in uncompressed wire form, for the compiler side of the
// database (interning, sorting a million owners) where building a Name per
// comparison would cost more than the comparison. The input is trusted: the
// caller holds wire forms that Name produced.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace lnsd::db {

inline uint8_t ascii_lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? uint8_t(c + 32) : c; }

// Start offsets of the labels of `wire` (leftmost first, the root excluded);
// returns the label count.
size_t label_offsets(std::span<const uint8_t> wire, std::array<uint8_t, 128>& offsets);

// Canonical order of two labels (RFC 4034 §6.1): octets compared as unsigned
// after lowercasing, a label that is a prefix of the other sorts first.
int compare_labels(std::span<const uint8_t> a, std::span<const uint8_t> b);
bool labels_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Canonical order of two names (RFC 4034 §6.1): negative, zero or positive.
int canonical_compare_wire(std::span<const uint8_t> a, std::span<const uint8_t> b);
// Case-insensitive equality of two names (RFC 4343).
bool names_equal_wire(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace lnsd::db
