// The public rdata codecs: the RFC 3597 generic form, dispatch to the
// special codecs, and the field-list walker for every other known type.
#include "dns/rdata.hh"

#include "dns/encoding.hh"
#include "dns/rdata_fields.hh"
#include "dns/rdata_special.hh"

namespace lnsd {
namespace {

using rdata_fields::Field;
using rdata_fields::Format;

constexpr size_t kMaxRdata = 65535;

struct SpecialCodec {
  Expected<void, RdataError> (*from_text)(std::span<const Token>, const Name&, std::vector<uint8_t>&);
  Expected<void, Error> (*to_text)(std::span<const uint8_t>, std::string&);
  bool (*check_wire)(std::span<const uint8_t>, RdataNames&);
};

// The types whose presentation form is not a plain list of fields.
const SpecialCodec* find_special(RRType type) {
  static constexpr SpecialCodec kLoc{special::loc_from_text, special::loc_to_text,
                                     special::loc_check_wire};
  static constexpr SpecialCodec kApl{special::apl_from_text, special::apl_to_text,
                                     special::apl_check_wire};
  static constexpr SpecialCodec kSvcb{special::svcb_from_text, special::svcb_to_text,
                                      special::svcb_check_wire};
  static constexpr SpecialCodec kIpseckey{special::ipseckey_from_text, special::ipseckey_to_text,
                                          special::ipseckey_check_wire};
  static constexpr SpecialCodec kHip{special::hip_from_text, special::hip_to_text,
                                     special::hip_check_wire};
  switch (type) {
    case RRType::LOC: return &kLoc;
    case RRType::APL: return &kApl;
    case RRType::SVCB:
    case RRType::HTTPS: return &kSvcb;  // RFC 9460 §9: HTTPS has the SVCB format
    case RRType::IPSECKEY: return &kIpseckey;
    case RRType::HIP: return &kHip;
    default: return nullptr;
  }
}

bool is_known(RRType type) { return find_special(type) || rdata_fields::find_format(type); }

std::string field_missing(RRType type, Field field, size_t position) {
  std::string message = "missing field " + std::to_string(position + 1) + " of the ";
  append_type_text(type, message);
  message += " rdata: expected ";
  message += rdata_fields::describe(field);
  return message;
}

// RFC 3597 §5: "\#", the rdata length in decimal, then the rdata in hex,
// which may be split into several tokens.
Expected<void, RdataError> generic_from_text(RRType type, std::span<const Token> tokens,
                                             std::vector<uint8_t>& out) {
  if (tokens.size() < 2)
    return unexpected(RdataError{"missing the rdata length after \\# (RFC 3597 generic form)", 1});
  uint32_t length = 0;
  bool number = !tokens[1].text.empty() && tokens[1].text.size() <= 5;
  for (char c : tokens[1].text) {
    number = number && c >= '0' && c <= '9';
    if (number) length = length * 10 + uint32_t(c - '0');
  }
  if (!number || length > kMaxRdata)
    return unexpected(RdataError{"expected the rdata length after \\# (0-65535), got '" +
                                     std::string(tokens[1].text) + "'",
                                 1});
  std::string hex;
  for (size_t i = 2; i < tokens.size(); ++i) hex += tokens[i].text;
  std::vector<uint8_t> rdata;
  if (auto r = hex_decode(hex, rdata); !r)
    return unexpected(RdataError{"bad hex in generic rdata: " + r.error().message, 2});
  if (rdata.size() != length)
    return unexpected(RdataError{"generic rdata length is " + std::to_string(length) +
                                     " but the hex holds " + std::to_string(rdata.size()) +
                                     " octets",
                                 tokens.size() > 2 ? 2 : tokens.size()});
  RdataNames names;
  if (is_known(type) && !rdata_check_wire(type, rdata, names))
    return unexpected(RdataError{"generic rdata is not a valid " + type_to_text(type) +
                                     " rdata in wire form",
                                 0});
  out.insert(out.end(), rdata.begin(), rdata.end());
  return {};
}

Expected<void, RdataError> fields_from_text(const Format& format, std::span<const Token> tokens,
                                            const Name& origin, std::vector<uint8_t>& out) {
  size_t next = 0;
  const auto fields = format.list();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (next == tokens.size() && fields[i] != Field::TypeBitmap)
      return unexpected(RdataError{field_missing(format.type, fields[i], i), next});
    if (auto r = rdata_fields::parse_field(fields[i], tokens, next, origin, out); !r) return r;
  }
  if (next < tokens.size()) {
    std::string message = "extra data after the ";
    append_type_text(format.type, message);
    message += " rdata: '" + std::string(tokens[next].text) + "'";
    return unexpected(RdataError{std::move(message), next});
  }
  return {};
}

void generic_to_text(std::span<const uint8_t> rdata, std::string& out) {
  out += "\\# ";
  out += std::to_string(rdata.size());
  if (!rdata.empty()) {
    out += ' ';
    rdata_fields::append_hex(rdata, out);
  }
}

// False when a field cannot be expressed in presentation form.
bool fields_to_text(const Format& format, std::span<const uint8_t> rdata, std::string& out) {
  size_t pos = 0;
  bool first = true;
  for (Field field : format.list()) {
    if (!first && field != Field::TypeBitmap) out += ' ';  // the bitmap spaces its own types
    first = false;
    if (!rdata_fields::print_field(field, rdata, pos, out)) return false;
  }
  return pos == rdata.size();
}

bool decompresses(const Format& format, Field field) {
  return field == Field::CompressibleName ||
         (field == Field::CanonicalName && format.decompress_canonical);
}

}  // namespace

Expected<void, RdataError> rdata_from_text(RRType type, std::span<const Token> tokens,
                                           const Name& origin, std::vector<uint8_t>& out) {
  const size_t start = out.size();
  Expected<void, RdataError> result;
  const Format* format = rdata_fields::find_format(type);
  const SpecialCodec* special = find_special(type);
  if (!tokens.empty() && !tokens[0].quoted && tokens[0].text == "\\#") {
    result = generic_from_text(type, tokens, out);
  } else if (special) {
    result = special->from_text(tokens, origin, out);
  } else if (format) {
    result = fields_from_text(*format, tokens, origin, out);
  } else {
    result = unexpected(RdataError{"type " + type_to_text(type) +
                                       " has no presentation format here; write its rdata in "
                                       "the generic form \\# <length> <hex> (RFC 3597 §5)",
                                   0});
  }
  if (result && out.size() - start > kMaxRdata)
    result = unexpected(RdataError{"rdata longer than 65535 octets", 0});
  if (!result) out.resize(start);
  return result;
}

Expected<void, Error> rdata_to_text(RRType type, std::span<const uint8_t> rdata, std::string& out) {
  RdataNames names;
  if (!rdata_check_wire(type, rdata, names))
    return unexpected(Error{"malformed " + type_to_text(type) + " rdata (" +
                            std::to_string(rdata.size()) + " octets)"});
  const size_t start = out.size();
  if (const SpecialCodec* special = find_special(type)) {
    auto r = special->to_text(rdata, out);
    if (!r) out.resize(start);
    return r;
  }
  if (const Format* format = rdata_fields::find_format(type)) {
    if (fields_to_text(*format, rdata, out)) return {};
    out.resize(start);
  }
  generic_to_text(rdata, out);
  return {};
}

bool rdata_check_wire(RRType type, std::span<const uint8_t> rdata, RdataNames& names) {
  names.count = 0;
  names.complete = true;
  if (rdata.size() > kMaxRdata) return false;
  if (const SpecialCodec* special = find_special(type)) return special->check_wire(rdata, names);
  const Format* format = rdata_fields::find_format(type);
  if (!format) return true;  // opaque (RFC 3597 §4)
  size_t pos = 0;
  for (Field field : format->list())
    if (!rdata_fields::skip_field(field, rdata, pos, names)) return false;
  return pos == rdata.size();
}

bool rdata_from_message(RRType type, std::span<const uint8_t> message, size_t offset,
                        uint16_t rdlength, std::vector<uint8_t>& out) {
  if (offset > message.size() || message.size() - offset < rdlength) return false;
  const auto rdata = message.subspan(offset, rdlength);
  const size_t start = out.size();
  const Format* format = rdata_fields::find_format(type);
  bool ok = true;
  if (!format) {
    out.insert(out.end(), rdata.begin(), rdata.end());
  } else {
    size_t pos = 0;
    for (Field field : format->list()) {
      if (decompresses(*format, field)) {
        size_t at = offset + pos;
        auto name = Name::from_message(message, at);
        if (!name || at > offset + rdlength) {
          ok = false;
          break;
        }
        out.insert(out.end(), name->wire().begin(), name->wire().end());
        pos = at - offset;
      } else {
        RdataNames ignored;
        const size_t field_start = pos;
        if (!rdata_fields::skip_field(field, rdata, pos, ignored)) {
          ok = false;
          break;
        }
        out.insert(out.end(), rdata.begin() + std::ptrdiff_t(field_start),
                   rdata.begin() + std::ptrdiff_t(pos));
      }
    }
    ok = ok && pos == rdata.size();
  }
  RdataNames names;
  if (ok) ok = rdata_check_wire(type, std::span(out).subspan(start), names);
  if (!ok) out.resize(start);
  return ok;
}

void rdata_canonicalize(RRType type, std::span<uint8_t> rdata) {
  RdataNames names;
  if (!rdata_check_wire(type, rdata, names)) return;
  for (size_t i = 0; i < names.count; ++i) {
    const RdataName& n = names.names[i];
    if (n.kind != RdataNameKind::Literal) lowercase_wire_name(rdata.subspan(n.offset, n.length));
  }
}

}  // namespace lnsd
