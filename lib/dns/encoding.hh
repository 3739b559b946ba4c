// Text encodings used by presentation formats: hex (RFC 4648 §8), base64
// (RFC 4648 §4), base32hex without padding (RFC 4648 §7, NSEC3 RFC 5155 §3.3),
// and the backslash escapes of RFC 1035 §5.1 for character-strings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hh"

namespace lnsd {

// Decoders append to `out` and fail with a message naming the bad character.
// base64 must be padded to whole 4-character quanta and base32hex must not
// be padded; in both the unused bits of the last character must be zero
// (RFC 4648 §3.5; NSD insists on both for base64). On failure `out` is
// left as it was.
// Whitespace inside the text is an error; callers join tokens first where a
// format allows spaces (base64 and hex rdata fields may span tokens).
Expected<void, Error> hex_decode(std::string_view text, std::vector<uint8_t>& out);
Expected<void, Error> base64_decode(std::string_view text, std::vector<uint8_t>& out);
Expected<void, Error> base32hex_decode(std::string_view text, std::vector<uint8_t>& out);

void hex_encode(std::span<const uint8_t> data, std::string& out);  // uppercase, as ldns/BIND print
void base64_encode(std::span<const uint8_t> data, std::string& out);
void base32hex_encode(std::span<const uint8_t> data, std::string& out);  // lowercase, no padding

// Resolves \X and \DDD escapes (RFC 1035 §5.1) in raw token text and appends
// the octets. A lone trailing backslash, \DDD > 255, or a backslash and a
// digit not followed by two more digits ("\65x") is an error.
Expected<void, Error> unescape(std::string_view raw, std::vector<uint8_t>& out);

// Writes a character-string in presentation form: always quoted; the quote
// and the backslash get a backslash; octets outside printable ASCII (space
// is printable) become \DDD, as dnspython prints them.
void append_quoted_string(std::span<const uint8_t> data, std::string& out);

}  // namespace lnsd
