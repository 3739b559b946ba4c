// Wire form -> canonical presentation form, one field kind at a time. The
// choices follow what ldns-read-zone prints: numbers for DNSSEC algorithms,
// mnemonics for CERT types, lowercase hex, base64 in one piece, quoted
// character-strings, signature times as YYYYMMDDHHmmSS.
#include <arpa/inet.h>

#include <cstdio>

#include "dns/encoding.hh"
#include "dns/rdata_fields.hh"
#include "dns/wire.hh"

namespace lnsd::rdata_fields {
namespace {

using F = Field;

// Proleptic Gregorian date of a day count since 1970-01-01.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = unsigned(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = int64_t(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

// RFC 4034 §3.2. The value is read as seconds after 1970 without serial
// arithmetic, so the text does not depend on the current time (ldns picks
// the date closest to "now", which makes its output change over time).
void append_signature_time(uint32_t value, std::string& out) {
  int64_t y;
  unsigned m, d;
  civil_from_days(int64_t(value / 86400), y, m, d);
  uint32_t s = value % 86400;
  char text[32];
  std::snprintf(text, sizeof text, "%04u%02u%02u%02u%02u%02u", unsigned(y), m, d, s / 3600,
                s / 60 % 60, s % 60);
  out += text;
}

bool is_alphanumeric(std::span<const uint8_t> text) {
  for (uint8_t c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

void append_bitmap_types(std::span<const uint8_t> bitmap, std::string& out) {
  WireReader r(bitmap);
  while (!r.at_end()) {
    unsigned window = r.u8();
    auto bits = r.bytes(r.u8());
    for (size_t i = 0; i < bits.size(); ++i)
      for (unsigned b = 0; b < 8; ++b)
        if (bits[i] & (0x80 >> b)) {
          out += ' ';
          append_type_text(RRType(uint16_t(window << 8 | (i * 8 + b))), out);
        }
  }
}

}  // namespace

void append_hex(std::span<const uint8_t> data, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
}

bool print_field(Field field, std::span<const uint8_t> rdata, size_t& pos, std::string& out) {
  RdataNames ignored;
  const size_t start = pos;
  if (!skip_field(field, rdata, pos, ignored)) return false;
  const auto value = rdata.subspan(start, pos - start);
  WireReader r(value);
  char text[64];
  switch (field) {
    case F::CompressibleName:
    case F::CanonicalName:
    case F::LiteralName: {
      auto name = Name::from_wire(value);
      if (!name) return false;
      name->append_text(out);
      return true;
    }
    case F::U8:
    case F::Algorithm: out += std::to_string(r.u8()); return true;
    case F::U16: out += std::to_string(r.u16()); return true;
    case F::U32:
    case F::Period: out += std::to_string(r.u32()); return true;
    case F::CertType: {
      uint16_t type = r.u16();
      std::string_view mnemonic = cert_type_to_text(type);
      out += mnemonic.empty() ? std::to_string(type) : std::string(mnemonic);
      return true;
    }
    case F::Type: append_type_text(RRType(r.u16()), out); return true;
    case F::Time: append_signature_time(r.u32(), out); return true;
    case F::IPv4:
    case F::IPv6:
      if (!inet_ntop(field == F::IPv4 ? AF_INET : AF_INET6, value.data(), text, sizeof text))
        return false;
      out += text;
      return true;
    case F::CharString: append_quoted_string(value.subspan(1), out); return true;
    case F::CharStrings: {
      if (value.empty()) return false;  // RFC 1035 §3.3.14: one or more
      while (!r.at_end()) {
        if (r.position() > 0) out += ' ';
        append_quoted_string(r.bytes(r.u8()), out);
      }
      return true;
    }
    case F::StringToEnd: append_quoted_string(value, out); return true;
    case F::CaaTag:
      if (value.size() < 2 || !is_alphanumeric(value.subspan(1))) return false;
      out.append(reinterpret_cast<const char*>(value.data() + 1), value.size() - 1);
      return true;
    case F::Base64ToEnd:
      if (value.empty()) return false;
      base64_encode(value, out);
      return true;
    case F::HexToEnd:
      if (value.empty()) return false;
      append_hex(value, out);
      return true;
    case F::Salt:
      if (value.size() == 1)
        out += '-';
      else
        append_hex(value.subspan(1), out);
      return true;
    case F::Base32Hash:
      if (value.size() < 2) return false;
      base32hex_encode(value.subspan(1), out);
      return true;
    case F::TypeBitmap: append_bitmap_types(value, out); return true;
    case F::EUI48:
    case F::EUI64:
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += '-';
        append_hex(value.subspan(i, 1), out);
      }
      return true;
    case F::Locator64:
      for (size_t i = 0; i < 8; i += 2) {
        if (i > 0) out += ':';
        append_hex(value.subspan(i, 2), out);
      }
      return true;
  }
  return false;
}

}  // namespace lnsd::rdata_fields
