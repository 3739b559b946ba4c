// Helpers shared by the special rdata codecs (rdata_special_detail.hh). The
// codecs themselves live in rdata_loc.cc, rdata_apl.cc, rdata_svcb.cc,
// rdata_ipseckey.cc and rdata_hip.cc.
#include <arpa/inet.h>

#include <cstring>

#include "dns/encoding.hh"
#include "dns/rdata_special_detail.hh"

namespace lnsd::special::detail {

std::string quoted_for_message(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  if (text.size() > kMaxShown) {
    out.append(text.substr(0, kMaxShown));
    out += "...";
  } else {
    out.append(text);
  }
  out += '\'';
  return out;
}

std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + uint64_t(c - '0');
  }
  if (value > max) return std::nullopt;
  return uint32_t(value);
}

Expected<uint32_t, RdataError> decimal_field(std::span<const Token> tokens, size_t index,
                                             uint32_t max, std::string_view what) {
  std::string expected = "expected " + std::string(what) + " (0.." + std::to_string(max) + ")";
  if (index >= tokens.size()) return fail(tokens.size(), expected + ", got nothing");
  auto value = parse_decimal(tokens[index].text, max);
  if (!value) return fail(index, expected + ", got " + quoted_for_message(tokens[index].text));
  return *value;
}

Expected<void, RdataError> name_field(std::span<const Token> tokens, size_t index,
                                      const Name& origin, std::string_view what,
                                      std::vector<uint8_t>& out) {
  if (index >= tokens.size()) {
    return fail(tokens.size(), "expected " + std::string(what) + ", got nothing");
  }
  auto name = Name::from_text(tokens[index].text, &origin);
  if (!name) {
    return fail(index, "expected " + std::string(what) + ", got " +
                           quoted_for_message(tokens[index].text) + ": " +
                           std::string(describe(name.error())));
  }
  auto wire = name->wire();
  out.insert(out.end(), wire.begin(), wire.end());
  return {};
}

Expected<void, RdataError> check_rdata_size(const std::vector<uint8_t>& out, size_t start,
                                            size_t token) {
  if (out.size() - start > kMaxRdata) {
    return fail(token, "rdata longer than 65535 octets");
  }
  return {};
}

size_t wire_name_length(std::span<const uint8_t> rdata, size_t offset) {
  size_t pos = offset;
  while (pos < rdata.size()) {
    uint8_t label = rdata[pos];
    // 0x40 and 0x80 are obsolete label types, 0xC0 a compression pointer,
    // which RFC 3597 §4 forbids in the rdata of these types.
    if (label > Name::kMaxLabel) return 0;
    pos += 1 + size_t(label);
    if (pos - offset > Name::kMaxWire) return 0;
    if (label == 0) return pos - offset;
  }
  return 0;
}

void clear_names(RdataNames& names) {
  names.count = 0;
  names.complete = true;
}

void list_name(RdataNames& names, size_t offset, size_t length, RdataNameKind kind) {
  if (names.count >= RdataNames::kMax) {
    names.complete = false;
    return;
  }
  names.names[names.count++] = RdataName{uint16_t(offset), uint8_t(length), kind};
}

bool append_wire_name(std::span<const uint8_t> wire, std::string& out) {
  auto name = Name::from_wire(wire);
  if (!name) return false;
  name->append_text(out);
  return true;
}

// The rules of inet_pton(AF_INET): exactly four decimal octets of up to
// 255, no leading zeros, nothing else. Written out because it runs once per
// A record of a zone, where copying to a terminated string showed.
std::optional<std::array<uint8_t, 4>> parse_ipv4(std::string_view text) {
  std::array<uint8_t, 4> address{};
  size_t octet = 0;
  size_t i = 0;
  while (true) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    unsigned value = unsigned(text[i++] - '0');
    if (value != 0) {
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + unsigned(text[i++] - '0');
        if (value > 255) return std::nullopt;
      }
    }
    address[octet++] = uint8_t(value);
    if (octet == 4) return i == text.size() ? std::optional(address) : std::nullopt;
    if (i >= text.size() || text[i] != '.') return std::nullopt;
    ++i;
  }
}

std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view text) {
  char buffer[INET6_ADDRSTRLEN];
  if (text.size() >= sizeof buffer) return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  std::array<uint8_t, 16> address{};
  if (inet_pton(AF_INET6, buffer, address.data()) != 1) return std::nullopt;
  return address;
}

void append_ipv4(std::span<const uint8_t> address, std::string& out) {
  char buffer[INET_ADDRSTRLEN];
  if (address.size() == 4 && inet_ntop(AF_INET, address.data(), buffer, sizeof buffer)) {
    out += buffer;
  }
}

void append_ipv6(std::span<const uint8_t> address, std::string& out) {
  char buffer[INET6_ADDRSTRLEN];
  if (address.size() == 16 && inet_ntop(AF_INET6, address.data(), buffer, sizeof buffer)) {
    out += buffer;
  }
}

void append_generic(std::span<const uint8_t> rdata, std::string& out) {
  out += "\\# ";
  out += std::to_string(rdata.size());
  if (!rdata.empty()) {
    out += ' ';
    hex_encode(rdata, out);
  }
}

}  // namespace lnsd::special::detail
