// APL (RFC 3123): a list of address prefixes, each "[!]afi:address/prefix"
// in presentation form, e.g. "1:192.168.32.0/21 !1:192.168.38.0/28".
//
// Wire item (RFC 3123 §4): ADDRESSFAMILY (16 bits), PREFIX (8 bits), N (1
// bit, negation), AFDLENGTH (7 bits), AFDPART: the address with its
// trailing zero octets removed.
#include <algorithm>

#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::special {
namespace {

using detail::fail;
using detail::quoted_for_message;

// IANA Address Family Numbers that have a presentation form (RFC 3123 §5).
constexpr uint16_t kFamilyIPv4 = 1;
constexpr uint16_t kFamilyIPv6 = 2;

struct Family {
  size_t address_size;
  uint8_t max_prefix;
};

std::optional<Family> known_family(uint16_t family) {
  if (family == kFamilyIPv4) return Family{4, 32};
  if (family == kFamilyIPv6) return Family{16, 128};
  return std::nullopt;
}

Expected<void, RdataError> item_from_text(const Token& token, size_t index,
                                          std::vector<uint8_t>& out) {
  std::string_view text = token.text;
  auto bad = [&](std::string_view why) {
    return fail(index, "expected an APL item [!]afi:address/prefix, got " +
                           quoted_for_message(token.text) + ": " + std::string(why));
  };
  bool negated = !text.empty() && text[0] == '!';
  if (negated) text.remove_prefix(1);
  size_t colon = text.find(':');
  size_t slash = text.rfind('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon) {
    return bad("missing ':' or '/'");
  }
  auto family_number = detail::parse_decimal(text.substr(0, colon), 65535);
  if (!family_number) return bad("bad address family");
  auto family = known_family(uint16_t(*family_number));
  if (!family) return bad("address family must be 1 (IPv4) or 2 (IPv6)");
  auto prefix = detail::parse_decimal(text.substr(slash + 1), family->max_prefix);
  if (!prefix) {
    return bad("prefix length must be 0.." + std::to_string(family->max_prefix));
  }

  std::string_view address_text = text.substr(colon + 1, slash - colon - 1);
  std::array<uint8_t, 16> address{};
  if (*family_number == kFamilyIPv4) {
    auto v4 = detail::parse_ipv4(address_text);
    if (!v4) return bad("bad IPv4 address");
    std::copy(v4->begin(), v4->end(), address.begin());
  } else {
    auto v6 = detail::parse_ipv6(address_text);
    if (!v6) return bad("bad IPv6 address");
    address = *v6;
  }
  size_t length = family->address_size;
  while (length > 0 && address[length - 1] == 0) --length;

  WireWriter writer(out);
  writer.u16(uint16_t(*family_number));
  writer.u8(uint8_t(*prefix));
  writer.u8(uint8_t((negated ? 0x80 : 0) | length));
  writer.bytes(std::span(address.data(), length));
  return {};
}

// Walks the items; `visit(family, prefix, negated, afdpart)` sees each one.
template <class Visit>
bool walk_items(std::span<const uint8_t> rdata, Visit&& visit) {
  WireReader reader(rdata);
  while (reader.ok() && !reader.at_end()) {
    uint16_t family = reader.u16();
    uint8_t prefix = reader.u8();
    uint8_t length_byte = reader.u8();
    auto afdpart = reader.bytes(length_byte & 0x7F);
    if (!reader.ok()) return false;
    // RFC 3123 §4: trailing zero octets are never sent, so that every
    // prefix has a single wire form.
    if (!afdpart.empty() && afdpart.back() == 0) return false;
    if (auto known = known_family(family)) {
      if (afdpart.size() > known->address_size || prefix > known->max_prefix) return false;
    }
    visit(family, prefix, (length_byte & 0x80) != 0, afdpart);
  }
  return reader.ok();
}

}  // namespace

Expected<void, RdataError> apl_from_text(std::span<const Token> tokens, const Name&,
                                         std::vector<uint8_t>& out) {
  const size_t start = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto item = item_from_text(tokens[i], i, out);
    if (!item) return item;
  }
  return detail::check_rdata_size(out, start, tokens.size());
}

bool apl_check_wire(std::span<const uint8_t> rdata, RdataNames& names) {
  detail::clear_names(names);
  return walk_items(rdata, [](uint16_t, uint8_t, bool, std::span<const uint8_t>) {});
}

Expected<void, Error> apl_to_text(std::span<const uint8_t> rdata, std::string& out) {
  bool printable = true;
  bool valid = walk_items(rdata, [&](uint16_t family, uint8_t, bool, std::span<const uint8_t>) {
    if (!known_family(family)) printable = false;
  });
  if (!valid) return unexpected(Error{"malformed APL rdata"});
  // Other address families are valid on the wire but RFC 3123 §5 gives them
  // no presentation form: the RFC 3597 generic form keeps them.
  if (!printable) {
    detail::append_generic(rdata, out);
    return {};
  }
  bool first = true;
  walk_items(rdata, [&](uint16_t family, uint8_t prefix, bool negated,
                        std::span<const uint8_t> afdpart) {
    if (!first) out += ' ';
    first = false;
    if (negated) out += '!';
    out += std::to_string(family);
    out += ':';
    std::array<uint8_t, 16> address{};
    std::copy(afdpart.begin(), afdpart.end(), address.begin());
    if (family == kFamilyIPv4) {
      detail::append_ipv4(std::span(address.data(), 4), out);
    } else {
      detail::append_ipv6(address, out);
    }
    out += '/';
    out += std::to_string(prefix);
  });
  return {};
}

}  // namespace lnsd::special
