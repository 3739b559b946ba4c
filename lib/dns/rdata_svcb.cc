// SVCB and HTTPS (RFC 9460 §2): SvcPriority, TargetName, then SvcParams.
//   16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1
//
// Presentation (§2.1): each SvcParam is "key" or "key=value"; the value is
// a char-string (quoted or not, RFC 1035 escapes), and for the list-valued
// keys a comma-separated value-list whose items escape "," and "\" with a
// backslash (Appendix A.1). Keys may be written in any order; the wire form
// holds them in strictly increasing order (§2.2).
//
// Output follows ldns: values unquoted unless they hold a space or one of
// ; ( ), keys in wire order, unknown keys as keyNNNNN.
#include <algorithm>

#include "dns/encoding.hh"
#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::special {
namespace {

using detail::fail;
using detail::quoted_for_message;

// SvcParamKeys: RFC 9460 §14.3.2, dohpath RFC 9461 §5, ohttp RFC 9540 §4.
enum : uint16_t {
  kMandatory = 0,
  kAlpn = 1,
  kNoDefaultAlpn = 2,
  kPort = 3,
  kIpv4Hint = 4,
  kEch = 5,
  kIpv6Hint = 6,
  kDohPath = 7,
  kOhttp = 8,
};
constexpr std::string_view kKeyNames[] = {"mandatory", "alpn",     "no-default-alpn",
                                          "port",      "ipv4hint", "ech",
                                          "ipv6hint",  "dohpath",  "ohttp"};
constexpr uint16_t kKnownKeys = std::size(kKeyNames);

// A registered name or keyNNNNN (no leading zeros, so that each key has one
// spelling). Key names are lower case (§2.1).
std::optional<uint16_t> key_from_text(std::string_view text) {
  for (uint16_t key = 0; key < kKnownKeys; ++key) {
    if (text == kKeyNames[key]) return key;
  }
  if (text.size() < 4 || text.substr(0, 3) != "key") return std::nullopt;
  std::string_view digits = text.substr(3);
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  auto number = detail::parse_decimal(digits, 65535);
  if (!number) return std::nullopt;
  return uint16_t(*number);
}

void append_key(uint16_t key, std::string& out) {
  if (key < kKnownKeys) {
    out += kKeyNames[key];
  } else {
    out += "key";
    out += std::to_string(key);
  }
}

std::string key_text(uint16_t key) {
  std::string out;
  append_key(key, out);
  return out;
}

// --- wire form ---------------------------------------------------------

// The expected format of each key's value (RFC 9460 §7 and §8).
bool value_valid(uint16_t key, std::span<const uint8_t> value) {
  switch (key) {
    case kMandatory: {
      // Keys in strictly increasing order, never "mandatory" itself (§8).
      if (value.empty() || value.size() % 2 != 0) return false;
      uint32_t previous = 0;
      for (size_t i = 0; i < value.size(); i += 2) {
        uint32_t listed = uint32_t(value[i] << 8 | value[i + 1]);
        if (listed <= previous) return false;
        previous = listed;
      }
      return true;
    }
    case kAlpn: {
      // A non-empty list of length-prefixed, non-empty alpn-ids (§7.1.1).
      if (value.empty()) return false;
      for (size_t i = 0; i < value.size(); i += 1 + size_t(value[i])) {
        if (value[i] == 0 || value.size() - i - 1 < value[i]) return false;
      }
      return true;
    }
    case kNoDefaultAlpn:
    case kOhttp:
      return value.empty();
    case kPort:
      return value.size() == 2;
    case kIpv4Hint:
      return !value.empty() && value.size() % 4 == 0;
    case kEch:
    case kDohPath:  // a URI template, never empty: it holds the "dns" variable
      return !value.empty();
    case kIpv6Hint:
      return !value.empty() && value.size() % 16 == 0;
    default:
      return true;
  }
}

// Checks the SvcParams from `offset` to the end of the rdata: keys strictly
// increasing (§2.2), values well formed, and the record self-consistent
// (§2.4.3): every key listed in "mandatory" present (§8), "no-default-alpn"
// only with "alpn" (§7.1.1), no SvcParams in AliasMode (§2.4.2).
bool params_valid(std::span<const uint8_t> rdata, size_t offset, uint16_t priority) {
  WireReader reader(rdata, offset);
  int32_t previous = -1;
  std::span<const uint8_t> mandatory;  // listed keys not yet met
  bool has_alpn = false;
  bool has_no_default_alpn = false;
  while (reader.ok() && !reader.at_end()) {
    uint16_t key = reader.u16();
    uint16_t length = reader.u16();
    auto value = reader.bytes(length);
    if (!reader.ok() || int32_t(key) <= previous || !value_valid(key, value)) return false;
    if (priority == 0) return false;
    previous = key;
    // "mandatory" (key 0) always comes first, and both its list and the
    // keys that follow are in increasing order: one merge checks presence.
    if (key == kMandatory) {
      mandatory = value;
      continue;
    }
    if (!mandatory.empty()) {
      uint16_t listed = uint16_t(mandatory[0] << 8 | mandatory[1]);
      if (listed < key) return false;
      if (listed == key) mandatory = mandatory.subspan(2);
    }
    has_alpn |= key == kAlpn;
    has_no_default_alpn |= key == kNoDefaultAlpn;
  }
  return reader.ok() && mandatory.empty() && (has_alpn || !has_no_default_alpn);
}

// Offset of the SvcParams, or 0 when priority or target are malformed.
size_t params_offset(std::span<const uint8_t> rdata, size_t& target_length) {
  if (rdata.size() < 2) return 0;
  target_length = detail::wire_name_length(rdata, 2);
  return target_length == 0 ? 0 : 2 + target_length;
}

// --- presentation form -------------------------------------------------

using Bytes = std::vector<uint8_t>;

std::string_view as_text(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Unexpected<std::string> problem(std::string message) { return unexpected(std::move(message)); }

// Appendix A.1: splits an unescaped value on commas; "\," and "\\" stand
// for a comma and a backslash inside an item. Items are never empty here.
Expected<std::vector<Bytes>, std::string> split_value_list(std::span<const uint8_t> value) {
  std::vector<Bytes> items(1);
  for (size_t i = 0; i < value.size(); ++i) {
    uint8_t c = value[i];
    if (c == '\\') {
      if (i + 1 == value.size() || (value[i + 1] != ',' && value[i + 1] != '\\')) {
        return problem("a backslash in a comma-separated list must escape ',' or '\\'");
      }
      items.back().push_back(value[++i]);
    } else if (c == ',') {
      if (items.back().empty()) return problem("empty item in a comma-separated list");
      items.emplace_back();
    } else {
      items.back().push_back(c);
    }
  }
  if (items.back().empty()) return problem("empty item in a comma-separated list");
  return items;
}

// §8: the keys in any order, each once, never "mandatory" itself; the wire
// form sorts them.
Expected<Bytes, std::string> mandatory_from_list(const std::vector<Bytes>& items) {
  std::vector<uint16_t> keys;
  for (const Bytes& item : items) {
    auto listed = key_from_text(as_text(item));
    if (!listed) return problem("mandatory: unknown key " + quoted_for_message(as_text(item)));
    if (*listed == kMandatory) return problem("mandatory cannot list itself (RFC 9460 §8)");
    keys.push_back(*listed);
  }
  std::sort(keys.begin(), keys.end());
  auto duplicate = std::adjacent_find(keys.begin(), keys.end());
  if (duplicate != keys.end()) return problem("mandatory lists " + key_text(*duplicate) + " twice");
  Bytes wire;
  for (uint16_t listed : keys) WireWriter(wire).u16(listed);
  return wire;
}

// alpn (§7.1.1), ipv4hint and ipv6hint (§7.3).
Expected<Bytes, std::string> list_value(uint16_t key, const std::vector<Bytes>& items) {
  Bytes wire;
  for (const Bytes& item : items) {
    if (key == kAlpn) {
      if (item.size() > 255) return problem("alpn: an alpn-id is at most 255 octets");
      wire.push_back(uint8_t(item.size()));
      wire.insert(wire.end(), item.begin(), item.end());
    } else if (key == kIpv4Hint) {
      auto address = detail::parse_ipv4(as_text(item));
      if (!address) {
        return problem("ipv4hint: bad IPv4 address " + quoted_for_message(as_text(item)));
      }
      wire.insert(wire.end(), address->begin(), address->end());
    } else {
      auto address = detail::parse_ipv6(as_text(item));
      if (!address) {
        return problem("ipv6hint: bad IPv6 address " + quoted_for_message(as_text(item)));
      }
      wire.insert(wire.end(), address->begin(), address->end());
    }
  }
  return wire;
}

// The wire form of one value written under its registered name.
Expected<Bytes, std::string> named_value(uint16_t key, bool has_value,
                                         std::span<const uint8_t> value) {
  const std::string name(kKeyNames[key]);
  if (key == kNoDefaultAlpn || key == kOhttp) {
    if (!value.empty()) return problem(name + " takes no value");
    return Bytes{};
  }
  if (!has_value || value.empty()) return problem(name + " requires a value");
  if (key == kDohPath) return Bytes(value.begin(), value.end());
  if (key == kEch) {
    Bytes wire;
    auto decoded = base64_decode(as_text(value), wire);
    if (!decoded) return problem("ech: expected base64: " + decoded.error().message);
    if (wire.empty()) return problem(name + " requires a value");
    return wire;
  }
  if (key == kPort) {
    auto port = detail::parse_decimal(as_text(value), 65535);
    if (!port) return problem("port: expected 0..65535, got " + quoted_for_message(as_text(value)));
    Bytes wire;
    WireWriter(wire).u16(uint16_t(*port));
    return wire;
  }
  auto items = split_value_list(value);
  if (!items) return problem(name + ": " + items.error());
  return key == kMandatory ? mandatory_from_list(*items) : list_value(key, *items);
}

struct Param {
  uint16_t key;
  Bytes value;  // wire form
  size_t token;
};

// One SvcParam as written: the key and the value with its escapes.
struct RawParam {
  std::string_view key;
  bool has_value = false;
  std::string_view value;
};

// tokens[index] is "key", "key=value", or "key=" followed by the quoted
// token of key="value" (the zone file lexer ends a word at a quote).
// Advances index past the quoted token when it takes it.
Expected<RawParam, RdataError> split_param(std::span<const Token> tokens, size_t& index) {
  const Token& token = tokens[index];
  if (token.quoted) {
    return fail(index, "expected a SvcParam key[=value], got quoted text " +
                           quoted_for_message(token.text));
  }
  RawParam param;
  size_t equals = token.text.find('=');
  param.key = token.text.substr(0, equals);
  if (equals == std::string_view::npos) return param;
  param.has_value = true;
  param.value = token.text.substr(equals + 1);
  if (param.value.empty() && index + 1 < tokens.size() && tokens[index + 1].quoted) {
    param.value = tokens[++index].text;
  }
  return param;
}

Expected<Param, RdataError> param_from_text(std::span<const Token> tokens, size_t& index) {
  const size_t first = index;
  auto raw = split_param(tokens, index);
  if (!raw) return unexpected(raw.error());
  auto key = key_from_text(raw->key);
  if (!key) {
    return fail(first, "unknown SvcParam key " + quoted_for_message(raw->key) +
                           " (known: mandatory, alpn, no-default-alpn, port, ipv4hint, ech, "
                           "ipv6hint, dohpath, ohttp, or keyNNNNN)");
  }
  Bytes value;
  auto unescaped = unescape(raw->value, value);
  if (!unescaped) return fail(index, key_text(*key) + ": " + unescaped.error().message);

  bool generic = raw->key.substr(0, 3) == "key";
  if (!generic) {
    auto wire = named_value(*key, raw->has_value, value);
    if (!wire) return fail(index, wire.error());
    value = std::move(*wire);
  } else if (*key < kKnownKeys && !value_valid(*key, value)) {
    // keyNNNNN of a registered key carries the wire form (as in RFC 3597).
    return fail(index, std::string(raw->key) + " is not a valid " +
                           std::string(kKeyNames[*key]) + " value in wire form");
  }
  if (value.size() > detail::kMaxRdata) {
    return fail(index, key_text(*key) + ": value longer than 65535 octets");
  }
  return Param{*key, std::move(value), first};
}

// Self-consistency of the SvcParams (§2.4.3), checked with the same rules
// as params_valid() but with messages that point at the offending token.
Expected<void, RdataError> check_params(uint16_t priority, const std::vector<Param>& params) {
  // Of two equal keys, the second was written later.
  for (size_t i = 1; i < params.size(); ++i) {
    if (params[i].key == params[i - 1].key) {
      return fail(params[i].token, "duplicate SvcParam key " + key_text(params[i].key));
    }
  }
  if (priority == 0 && !params.empty()) {
    return fail(params[0].token, "AliasMode (SvcPriority 0) takes no SvcParams (RFC 9460 §2.4.2)");
  }
  auto has = [&](uint16_t key) {
    return std::any_of(params.begin(), params.end(), [&](const Param& p) { return p.key == key; });
  };
  for (const Param& param : params) {
    if (param.key == kMandatory && value_valid(kMandatory, param.value)) {
      for (size_t i = 0; i < param.value.size(); i += 2) {
        uint16_t listed = uint16_t(param.value[i] << 8 | param.value[i + 1]);
        if (!has(listed)) {
          return fail(param.token, "mandatory lists " + key_text(listed) +
                                       ", which is not among the SvcParams (RFC 9460 §8)");
        }
      }
    }
    if (param.key == kNoDefaultAlpn && !has(kAlpn)) {
      return fail(param.token, "no-default-alpn requires alpn (RFC 9460 §7.1.1)");
    }
  }
  return {};
}

// A char-string value: quoted when it holds a space or one of ; ( ) that
// would end or break an unquoted token, else with backslash escapes.
void append_char_string(std::span<const uint8_t> value, std::string& out) {
  bool needs_quotes = std::any_of(value.begin(), value.end(), [](uint8_t c) {
    return c == ' ' || c == ';' || c == '(' || c == ')';
  });
  if (needs_quotes) {
    append_quoted_string(value, out);
    return;
  }
  for (uint8_t c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c > 0x20 && c < 0x7F) {
      out += char(c);
    } else {
      char buffer[5] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10), char('0' + c % 10), 0};
      out += buffer;
    }
  }
}

void append_value(uint16_t key, std::span<const uint8_t> value, std::string& out) {
  switch (key) {
    case kMandatory:
      for (size_t i = 0; i < value.size(); i += 2) {
        if (i != 0) out += ',';
        append_key(uint16_t(value[i] << 8 | value[i + 1]), out);
      }
      return;
    case kAlpn: {
      Bytes list;  // the value-list with "," and "\" escaped (Appendix A.1)
      for (size_t i = 0; i < value.size(); i += 1 + size_t(value[i])) {
        if (i != 0) list.push_back(',');
        for (uint8_t c : value.subspan(i + 1, value[i])) {
          if (c == ',' || c == '\\') list.push_back('\\');
          list.push_back(c);
        }
      }
      append_char_string(list, out);
      return;
    }
    case kPort:
      out += std::to_string(uint16_t(value[0] << 8 | value[1]));
      return;
    case kIpv4Hint:
      for (size_t i = 0; i < value.size(); i += 4) {
        if (i != 0) out += ',';
        detail::append_ipv4(value.subspan(i, 4), out);
      }
      return;
    case kEch:
      base64_encode(value, out);
      return;
    case kIpv6Hint:
      for (size_t i = 0; i < value.size(); i += 16) {
        if (i != 0) out += ',';
        detail::append_ipv6(value.subspan(i, 16), out);
      }
      return;
    default:
      append_char_string(value, out);
      return;
  }
}

}  // namespace

Expected<void, RdataError> svcb_from_text(std::span<const Token> tokens, const Name& origin,
                                          std::vector<uint8_t>& out) {
  const size_t start = out.size();
  auto priority = detail::decimal_field(tokens, 0, 65535, "a SvcPriority");
  if (!priority) return unexpected(priority.error());
  Bytes target;
  auto target_ok = detail::name_field(tokens, 1, origin, "a TargetName", target);
  if (!target_ok) return target_ok;

  std::vector<Param> params;
  for (size_t index = 2; index < tokens.size(); ++index) {
    auto param = param_from_text(tokens, index);
    if (!param) return unexpected(param.error());
    params.push_back(std::move(*param));
  }
  // Equal keys stay in the order written, for the duplicate message.
  std::sort(params.begin(), params.end(), [](const Param& a, const Param& b) {
    return a.key != b.key ? a.key < b.key : a.token < b.token;
  });
  auto consistent = check_params(uint16_t(*priority), params);
  if (!consistent) return consistent;

  WireWriter writer(out);
  writer.u16(uint16_t(*priority));
  writer.bytes(target);
  for (const Param& param : params) {
    writer.u16(param.key);
    writer.u16(uint16_t(param.value.size()));
    writer.bytes(param.value);
  }
  return detail::check_rdata_size(out, start, tokens.size());
}

bool svcb_check_wire(std::span<const uint8_t> rdata, RdataNames& names) {
  detail::clear_names(names);
  size_t target_length = 0;
  size_t offset = params_offset(rdata, target_length);
  if (offset == 0) return false;
  uint16_t priority = uint16_t(rdata[0] << 8 | rdata[1]);
  if (!params_valid(rdata, offset, priority)) return false;
  // RFC 9460 §2.2: the TargetName is never compressed, and its case is kept.
  detail::list_name(names, 2, target_length, RdataNameKind::Literal);
  return true;
}

Expected<void, Error> svcb_to_text(std::span<const uint8_t> rdata, std::string& out) {
  RdataNames names;
  if (!svcb_check_wire(rdata, names)) return unexpected(Error{"malformed SVCB rdata"});
  size_t target_length = names.names[0].length;
  out += std::to_string(uint16_t(rdata[0] << 8 | rdata[1]));
  out += ' ';
  if (!detail::append_wire_name(rdata.subspan(2, target_length), out)) {
    return unexpected(Error{"malformed SVCB TargetName"});
  }
  WireReader reader(rdata, 2 + target_length);
  while (reader.ok() && !reader.at_end()) {
    uint16_t key = reader.u16();
    uint16_t length = reader.u16();
    auto value = reader.bytes(length);
    out += ' ';
    append_key(key, out);
    if (!value.empty()) {
      out += '=';
      append_value(key, value, out);
    }
  }
  return {};
}

}  // namespace lnsd::special
