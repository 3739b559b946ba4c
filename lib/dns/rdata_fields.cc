// The field lists of the types with plain rdata, and the structural checks
// of their wire form.
#include "dns/rdata_fields.hh"

namespace lnsd::rdata_fields {
namespace {

using F = Field;

constexpr Format fmt(RRType type, std::initializer_list<Field> fields,
                     bool decompress_canonical = false) {
  Format f{type, uint8_t(fields.size()), decompress_canonical, {}};
  size_t i = 0;
  for (Field x : fields) f.fields[i++] = x;
  return f;
}

// RFC 1035 §3.3 and §3.4, and the RFC of each later type. Sorted by number.
constexpr std::array kFormats = {
    fmt(RRType::A, {F::IPv4}),
    fmt(RRType::NS, {F::CompressibleName}),
    fmt(RRType::MD, {F::CompressibleName}),
    fmt(RRType::MF, {F::CompressibleName}),
    fmt(RRType::CNAME, {F::CompressibleName}),
    fmt(RRType::SOA, {F::CompressibleName, F::CompressibleName, F::U32, F::Period, F::Period,
                      F::Period, F::Period}),
    fmt(RRType::MB, {F::CompressibleName}),
    fmt(RRType::MG, {F::CompressibleName}),
    fmt(RRType::MR, {F::CompressibleName}),
    fmt(RRType::PTR, {F::CompressibleName}),
    fmt(RRType::HINFO, {F::CharString, F::CharString}),
    fmt(RRType::MINFO, {F::CompressibleName, F::CompressibleName}),
    fmt(RRType::MX, {F::U16, F::CompressibleName}),
    fmt(RRType::TXT, {F::CharStrings}),
    fmt(RRType::RP, {F::CanonicalName, F::CanonicalName}, true),      // RFC 1183 §2.2
    fmt(RRType::AFSDB, {F::U16, F::CanonicalName}, true),             // RFC 1183 §1
    fmt(RRType::RT, {F::U16, F::CanonicalName}, true),                // RFC 1183 §3.3
    fmt(RRType::SIG, {F::Type, F::Algorithm, F::U8, F::U32, F::Time, F::Time, F::U16,
                      F::CanonicalName, F::Base64ToEnd}, true),       // RFC 2535 §4.1
    fmt(RRType::KEY, {F::U16, F::U8, F::Algorithm, F::Base64ToEnd}),  // RFC 2535 §3.1
    fmt(RRType::PX, {F::U16, F::CanonicalName, F::CanonicalName}, true),  // RFC 2163 §4
    fmt(RRType::AAAA, {F::IPv6}),                                     // RFC 3596 §2.2
    fmt(RRType::SRV, {F::U16, F::U16, F::U16, F::CanonicalName}, true),  // RFC 2782
    fmt(RRType::NAPTR, {F::U16, F::U16, F::CharString, F::CharString, F::CharString,
                        F::CanonicalName}, true),                     // RFC 3403 §4.1
    fmt(RRType::KX, {F::U16, F::CanonicalName}),                      // RFC 2230 §3.1
    fmt(RRType::CERT, {F::CertType, F::U16, F::Algorithm, F::Base64ToEnd}),  // RFC 4398 §2
    fmt(RRType::DNAME, {F::CanonicalName}),                           // RFC 6672 §2.1
    fmt(RRType::DS, {F::U16, F::Algorithm, F::U8, F::HexToEnd}),      // RFC 4034 §5.1
    fmt(RRType::SSHFP, {F::U8, F::U8, F::HexToEnd}),                  // RFC 4255 §3.1
    fmt(RRType::RRSIG, {F::Type, F::Algorithm, F::U8, F::U32, F::Time, F::Time, F::U16,
                        F::CanonicalName, F::Base64ToEnd}),           // RFC 4034 §3.1
    // RFC 6840 §5.1: the next domain name of NSEC is not lowercased in
    // canonical form, and RFC 4034 §4.1.1 forbids compressing it.
    fmt(RRType::NSEC, {F::LiteralName, F::TypeBitmap}),
    fmt(RRType::DNSKEY, {F::U16, F::U8, F::Algorithm, F::Base64ToEnd}),  // RFC 4034 §2.1
    fmt(RRType::DHCID, {F::Base64ToEnd}),                                // RFC 4701 §3
    fmt(RRType::NSEC3, {F::U8, F::U8, F::U16, F::Salt, F::Base32Hash, F::TypeBitmap}),  // RFC 5155 §3.2
    fmt(RRType::NSEC3PARAM, {F::U8, F::U8, F::U16, F::Salt}),          // RFC 5155 §4.2
    fmt(RRType::TLSA, {F::U8, F::U8, F::U8, F::HexToEnd}),             // RFC 6698 §2.1
    fmt(RRType::SMIMEA, {F::U8, F::U8, F::U8, F::HexToEnd}),           // RFC 8162 §2
    fmt(RRType::CDS, {F::U16, F::Algorithm, F::U8, F::HexToEnd}),      // RFC 7344 §3.1
    fmt(RRType::CDNSKEY, {F::U16, F::U8, F::Algorithm, F::Base64ToEnd}),  // RFC 7344 §3.2
    fmt(RRType::OPENPGPKEY, {F::Base64ToEnd}),                         // RFC 7929 §2.1
    fmt(RRType::CSYNC, {F::U32, F::U16, F::TypeBitmap}),               // RFC 7477 §2.1
    fmt(RRType::ZONEMD, {F::U32, F::U8, F::U8, F::HexToEnd}),          // RFC 8976 §2.2
    fmt(RRType::SPF, {F::CharStrings}),                                // RFC 4408 §3.1.1
    fmt(RRType::NID, {F::U16, F::Locator64}),                          // RFC 6742 §2.1
    fmt(RRType::L32, {F::U16, F::IPv4}),                               // RFC 6742 §2.2
    fmt(RRType::L64, {F::U16, F::Locator64}),                          // RFC 6742 §2.3
    fmt(RRType::LP, {F::U16, F::LiteralName}),                         // RFC 6742 §2.4
    fmt(RRType::EUI48, {F::EUI48}),                                    // RFC 7043 §3
    fmt(RRType::EUI64, {F::EUI64}),                                    // RFC 7043 §4
    fmt(RRType::URI, {F::U16, F::U16, F::StringToEnd}),                // RFC 7553 §4.5
    fmt(RRType::CAA, {F::U8, F::CaaTag, F::StringToEnd}),              // RFC 8659 §4.1
    fmt(RRType::DLV, {F::U16, F::Algorithm, F::U8, F::HexToEnd}),      // RFC 4431 §2
};

constexpr bool sorted_by_number() {
  for (size_t i = 1; i < kFormats.size(); ++i)
    if (uint16_t(kFormats[i - 1].type) >= uint16_t(kFormats[i].type)) return false;
  return true;
}
static_assert(sorted_by_number(), "kFormats must be sorted by type number");

// For the types numbered below 256 (all but a few): the index in kFormats
// plus one, or zero. find_format runs for every record the compiler reads,
// checks and writes.
constexpr std::array<uint8_t, 256> kSmallTypeIndex = [] {
  static_assert(kFormats.size() < 255);
  std::array<uint8_t, 256> index{};
  for (size_t i = 0; i < kFormats.size(); ++i)
    if (uint16_t(kFormats[i].type) < 256) index[uint16_t(kFormats[i].type)] = uint8_t(i + 1);
  return index;
}();

struct AlgorithmMnemonic {
  uint8_t number;
  std::string_view text;
};

// IANA "DNS Security Algorithm Numbers" (RFC 4034 App. A.1, RFC 8624).
constexpr std::array kAlgorithms = {
    AlgorithmMnemonic{1, "RSAMD5"},
    AlgorithmMnemonic{2, "DH"},
    AlgorithmMnemonic{3, "DSA"},
    AlgorithmMnemonic{5, "RSASHA1"},
    AlgorithmMnemonic{6, "DSA-NSEC3-SHA1"},
    AlgorithmMnemonic{7, "RSASHA1-NSEC3-SHA1"},
    AlgorithmMnemonic{8, "RSASHA256"},
    AlgorithmMnemonic{10, "RSASHA512"},
    AlgorithmMnemonic{12, "ECC-GOST"},
    AlgorithmMnemonic{13, "ECDSAP256SHA256"},
    AlgorithmMnemonic{14, "ECDSAP384SHA384"},
    AlgorithmMnemonic{15, "ED25519"},
    AlgorithmMnemonic{16, "ED448"},
    AlgorithmMnemonic{252, "INDIRECT"},
    AlgorithmMnemonic{253, "PRIVATEDNS"},
    AlgorithmMnemonic{254, "PRIVATEOID"},
};

struct CertTypeMnemonic {
  uint16_t number;
  std::string_view text;
};

// RFC 4398 §2.1.
constexpr std::array kCertTypes = {
    CertTypeMnemonic{1, "PKIX"},    CertTypeMnemonic{2, "SPKI"},   CertTypeMnemonic{3, "PGP"},
    CertTypeMnemonic{4, "IPKIX"},   CertTypeMnemonic{5, "ISPKI"},  CertTypeMnemonic{6, "IPGP"},
    CertTypeMnemonic{7, "ACPKIX"},  CertTypeMnemonic{8, "IACPKIX"}, CertTypeMnemonic{253, "URI"},
    CertTypeMnemonic{254, "OID"},
};

bool add_name(RdataNames& names, Field field, size_t pos, size_t length) {
  if (names.count >= RdataNames::kMax) return false;
  names.names[names.count++] = RdataName{uint16_t(pos), uint8_t(length), name_kind(field)};
  return true;
}

// A length octet and that many octets.
bool skip_counted(std::span<const uint8_t> rdata, size_t& pos) {
  if (pos >= rdata.size()) return false;
  size_t length = rdata[pos];
  if (rdata.size() - pos - 1 < length) return false;
  pos += 1 + length;
  return true;
}

// RFC 4034 §4.1.2: window blocks in increasing window order, each with a
// bitmap of 1 to 32 octets whose trailing zero octets "MUST be omitted"
// (so no block is all zeros). One form per set of types: the text form
// reads back to the same octets, and signatures over them stay valid.
bool skip_type_bitmap(std::span<const uint8_t> rdata, size_t& pos) {
  int previous_window = -1;
  while (pos < rdata.size()) {
    if (rdata.size() - pos < 2) return false;
    int window = rdata[pos];
    size_t length = rdata[pos + 1];
    if (window <= previous_window || length < 1 || length > 32) return false;
    if (rdata.size() - pos - 2 < length) return false;
    if (rdata[pos + 1 + length] == 0) return false;
    previous_window = window;
    pos += 2 + length;
  }
  return true;
}

bool skip_fixed(std::span<const uint8_t> rdata, size_t& pos, size_t length) {
  if (pos > rdata.size() || rdata.size() - pos < length) return false;
  pos += length;
  return true;
}

}  // namespace

const Format* find_format(RRType type) {
  if (uint16_t(type) < 256) {
    uint8_t i = kSmallTypeIndex[uint16_t(type)];
    return i == 0 ? nullptr : &kFormats[i - 1];
  }
  size_t lo = 0, hi = kFormats.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kFormats[mid].type == type) return &kFormats[mid];
    if (uint16_t(kFormats[mid].type) < uint16_t(type))
      lo = mid + 1;
    else
      hi = mid;
  }
  return nullptr;
}

std::string_view describe(Field field) {
  switch (field) {
    case F::CompressibleName:
    case F::CanonicalName:
    case F::LiteralName: return "a domain name";
    case F::U8: return "an 8-bit number (0-255)";
    case F::U16: return "a 16-bit number (0-65535)";
    case F::U32: return "a 32-bit number (0-4294967295)";
    case F::Period: return "a time in seconds (0-4294967295, or with units as in 1h30m)";
    case F::Algorithm: return "a DNSSEC algorithm (0-255, or a mnemonic such as RSASHA256)";
    case F::CertType: return "a certificate type (0-65535, or a mnemonic such as PKIX)";
    case F::Type: return "a record type (a mnemonic or TYPEnnn)";
    case F::Time: return "a signature time (YYYYMMDDHHmmSS, or seconds since 1970)";
    case F::IPv4: return "an IPv4 address";
    case F::IPv6: return "an IPv6 address";
    case F::CharString: return "a character-string (at most 255 octets)";
    case F::CharStrings: return "one or more character-strings (at most 255 octets each)";
    case F::StringToEnd: return "a string";
    case F::CaaTag: return "a CAA property tag (letters and digits)";
    case F::Base64ToEnd: return "base64 data";
    case F::HexToEnd: return "hexadecimal data";
    case F::Salt: return "a salt in hexadecimal (at most 255 octets), or '-' for none";
    case F::Base32Hash: return "a hashed owner name in base32hex (1 to 255 octets)";
    case F::TypeBitmap: return "a list of record types";
    case F::EUI48: return "an EUI-48 address (six hex pairs joined by '-')";
    case F::EUI64: return "an EUI-64 address (eight hex pairs joined by '-')";
    case F::Locator64: return "a 64-bit locator or node ID (xxxx:xxxx:xxxx:xxxx)";
  }
  return "a field";
}

size_t wire_name_length(std::span<const uint8_t> rdata, size_t pos) {
  size_t start = pos;
  while (pos < rdata.size()) {
    uint8_t length = rdata[pos];
    if (length > Name::kMaxLabel) return 0;  // 0x40/0x80 label types and pointers
    pos += 1 + size_t(length);
    if (pos - start > Name::kMaxWire) return 0;
    if (length == 0) return pos - start;
  }
  return 0;
}

bool is_name(Field field) {
  return field == F::CompressibleName || field == F::CanonicalName || field == F::LiteralName;
}

RdataNameKind name_kind(Field field) {
  switch (field) {
    case F::CompressibleName: return RdataNameKind::Compressible;
    case F::CanonicalName: return RdataNameKind::Canonical;
    default: return RdataNameKind::Literal;
  }
}

bool skip_field(Field field, std::span<const uint8_t> rdata, size_t& pos, RdataNames& names) {
  switch (field) {
    case F::CompressibleName:
    case F::CanonicalName:
    case F::LiteralName: {
      size_t length = wire_name_length(rdata, pos);
      if (length == 0 || !add_name(names, field, pos, length)) return false;
      pos += length;
      return true;
    }
    case F::U8:
    case F::Algorithm: return skip_fixed(rdata, pos, 1);
    case F::U16:
    case F::CertType:
    case F::Type: return skip_fixed(rdata, pos, 2);
    case F::U32:
    case F::Period:
    case F::Time:
    case F::IPv4: return skip_fixed(rdata, pos, 4);
    case F::IPv6: return skip_fixed(rdata, pos, 16);
    case F::EUI48: return skip_fixed(rdata, pos, 6);
    case F::EUI64:
    case F::Locator64: return skip_fixed(rdata, pos, 8);
    case F::CharString:
    case F::CaaTag:
    case F::Salt:
    case F::Base32Hash: return skip_counted(rdata, pos);
    case F::CharStrings:
      while (pos < rdata.size())
        if (!skip_counted(rdata, pos)) return false;
      return true;
    case F::StringToEnd:
    case F::Base64ToEnd:
    case F::HexToEnd:
      pos = rdata.size();
      return true;
    case F::TypeBitmap: return skip_type_bitmap(rdata, pos);
  }
  return false;
}

std::optional<uint8_t> algorithm_from_text(std::string_view text) {
  for (const auto& a : kAlgorithms)
    if (equal_ignoring_case(a.text, text)) return a.number;
  return std::nullopt;
}

std::optional<uint16_t> cert_type_from_text(std::string_view text) {
  for (const auto& c : kCertTypes)
    if (equal_ignoring_case(c.text, text)) return c.number;
  return std::nullopt;
}

std::string_view cert_type_to_text(uint16_t type) {
  for (const auto& c : kCertTypes)
    if (c.number == type) return c.text;
  return {};
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = char(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = char(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

}  // namespace lnsd::rdata_fields
