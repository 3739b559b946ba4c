// IPSECKEY (RFC 4025): precedence, gateway type, algorithm, a gateway whose
// form the gateway type selects, and an optional base64 public key:
//   10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
#include "dns/encoding.hh"
#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::special {
namespace {

using detail::fail;
using detail::quoted_for_message;

// RFC 4025 §2.3 gateway types.
enum class GatewayType : uint8_t { None = 0, IPv4 = 1, IPv6 = 2, Name = 3 };

Expected<void, RdataError> gateway_from_text(std::span<const Token> tokens, GatewayType type,
                                             const Name& origin, std::vector<uint8_t>& out) {
  constexpr size_t kIndex = 3;
  switch (type) {
    case GatewayType::None:
      // RFC 4025 §3.1: without a gateway the field is written ".".
      if (kIndex >= tokens.size()) return fail(kIndex, "expected '.' for no gateway, got nothing");
      if (tokens[kIndex].text != ".") {
        return fail(kIndex, "expected '.' for gateway type 0 (no gateway), got " +
                                quoted_for_message(tokens[kIndex].text));
      }
      return {};
    case GatewayType::IPv4: {
      if (kIndex >= tokens.size()) return fail(kIndex, "expected an IPv4 gateway, got nothing");
      auto address = detail::parse_ipv4(tokens[kIndex].text);
      if (!address) {
        return fail(kIndex, "expected an IPv4 gateway, got " +
                                quoted_for_message(tokens[kIndex].text));
      }
      out.insert(out.end(), address->begin(), address->end());
      return {};
    }
    case GatewayType::IPv6: {
      if (kIndex >= tokens.size()) return fail(kIndex, "expected an IPv6 gateway, got nothing");
      auto address = detail::parse_ipv6(tokens[kIndex].text);
      if (!address) {
        return fail(kIndex, "expected an IPv6 gateway, got " +
                                quoted_for_message(tokens[kIndex].text));
      }
      out.insert(out.end(), address->begin(), address->end());
      return {};
    }
    case GatewayType::Name:
      return detail::name_field(tokens, kIndex, origin, "a gateway domain name", out);
  }
  return fail(1, "unknown gateway type");
}

// Offset of the public key, or 0 when the rdata is malformed. `name_length`
// is set for gateway type 3.
size_t key_offset(std::span<const uint8_t> rdata, size_t& name_length) {
  constexpr size_t kHeader = 3;  // precedence, gateway type, algorithm
  name_length = 0;
  if (rdata.size() < kHeader) return 0;
  switch (GatewayType(rdata[1])) {
    case GatewayType::None:
      return kHeader;
    case GatewayType::IPv4:
      return rdata.size() >= kHeader + 4 ? kHeader + 4 : 0;
    case GatewayType::IPv6:
      return rdata.size() >= kHeader + 16 ? kHeader + 16 : 0;
    case GatewayType::Name:
      name_length = detail::wire_name_length(rdata, kHeader);
      return name_length == 0 ? 0 : kHeader + name_length;
  }
  // Other gateway types have no defined format: the key cannot be found.
  return 0;
}

}  // namespace

Expected<void, RdataError> ipseckey_from_text(std::span<const Token> tokens, const Name& origin,
                                              std::vector<uint8_t>& out) {
  const size_t start = out.size();
  auto precedence = detail::decimal_field(tokens, 0, 255, "a precedence");
  if (!precedence) return unexpected(precedence.error());
  auto gateway_type = detail::decimal_field(tokens, 1, 3, "a gateway type");
  if (!gateway_type) return unexpected(gateway_type.error());
  auto algorithm = detail::decimal_field(tokens, 2, 255, "an algorithm");
  if (!algorithm) return unexpected(algorithm.error());

  WireWriter writer(out);
  writer.u8(uint8_t(*precedence));
  writer.u8(uint8_t(*gateway_type));
  writer.u8(uint8_t(*algorithm));
  auto gateway = gateway_from_text(tokens, GatewayType(*gateway_type), origin, out);
  if (!gateway) return gateway;

  // The key may be split over several tokens (inside parentheses).
  if (tokens.size() > 4) {
    std::string key;
    for (size_t i = 4; i < tokens.size(); ++i) key.append(tokens[i].text);
    auto decoded = base64_decode(key, out);
    if (!decoded) return fail(4, "expected a base64 public key: " + decoded.error().message);
  }
  return detail::check_rdata_size(out, start, tokens.size());
}

bool ipseckey_check_wire(std::span<const uint8_t> rdata, RdataNames& names) {
  detail::clear_names(names);
  size_t name_length = 0;
  if (key_offset(rdata, name_length) == 0) return false;
  if (name_length != 0) detail::list_name(names, 3, name_length, RdataNameKind::Literal);
  return true;
}

Expected<void, Error> ipseckey_to_text(std::span<const uint8_t> rdata, std::string& out) {
  size_t name_length = 0;
  size_t key = key_offset(rdata, name_length);
  if (key == 0) return unexpected(Error{"malformed IPSECKEY rdata"});
  out += std::to_string(rdata[0]);
  out += ' ';
  out += std::to_string(rdata[1]);
  out += ' ';
  out += std::to_string(rdata[2]);
  out += ' ';
  auto gateway = rdata.subspan(3, key - 3);
  switch (GatewayType(rdata[1])) {
    case GatewayType::None:
      out += '.';
      break;
    case GatewayType::IPv4:
      detail::append_ipv4(gateway, out);
      break;
    case GatewayType::IPv6:
      detail::append_ipv6(gateway, out);
      break;
    case GatewayType::Name:
      if (!detail::append_wire_name(gateway, out)) {
        return unexpected(Error{"malformed IPSECKEY gateway name"});
      }
      break;
  }
  if (key < rdata.size()) {
    out += ' ';
    base64_encode(rdata.subspan(key), out);
  }
  return {};
}

}  // namespace lnsd::special
