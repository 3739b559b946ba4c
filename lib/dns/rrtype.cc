// The type and class registry. Mnemonics follow the IANA "Resource Record
// (RR) TYPEs" and "DNS CLASSes" registries; any other value is written in
// the generic TYPEnnn / CLASSnnn form of RFC 3597 §5.
#include "dns/rrtype.hh"

#include <array>
#include <utility>

namespace lnsd {
namespace {

struct TypeMnemonic {
  RRType type;
  std::string_view text;
};

constexpr std::array kTypes = {
    TypeMnemonic{RRType::A, "A"},
    TypeMnemonic{RRType::NS, "NS"},
    TypeMnemonic{RRType::MD, "MD"},
    TypeMnemonic{RRType::MF, "MF"},
    TypeMnemonic{RRType::CNAME, "CNAME"},
    TypeMnemonic{RRType::SOA, "SOA"},
    TypeMnemonic{RRType::MB, "MB"},
    TypeMnemonic{RRType::MG, "MG"},
    TypeMnemonic{RRType::MR, "MR"},
    TypeMnemonic{RRType::NULL_, "NULL"},
    TypeMnemonic{RRType::WKS, "WKS"},
    TypeMnemonic{RRType::PTR, "PTR"},
    TypeMnemonic{RRType::HINFO, "HINFO"},
    TypeMnemonic{RRType::MINFO, "MINFO"},
    TypeMnemonic{RRType::MX, "MX"},
    TypeMnemonic{RRType::TXT, "TXT"},
    TypeMnemonic{RRType::RP, "RP"},
    TypeMnemonic{RRType::AFSDB, "AFSDB"},
    TypeMnemonic{RRType::X25, "X25"},
    TypeMnemonic{RRType::ISDN, "ISDN"},
    TypeMnemonic{RRType::RT, "RT"},
    TypeMnemonic{RRType::NSAP, "NSAP"},
    TypeMnemonic{RRType::NSAP_PTR, "NSAP-PTR"},
    TypeMnemonic{RRType::SIG, "SIG"},
    TypeMnemonic{RRType::KEY, "KEY"},
    TypeMnemonic{RRType::PX, "PX"},
    TypeMnemonic{RRType::GPOS, "GPOS"},
    TypeMnemonic{RRType::AAAA, "AAAA"},
    TypeMnemonic{RRType::LOC, "LOC"},
    TypeMnemonic{RRType::NXT, "NXT"},
    TypeMnemonic{RRType::EID, "EID"},
    TypeMnemonic{RRType::NIMLOC, "NIMLOC"},
    TypeMnemonic{RRType::SRV, "SRV"},
    TypeMnemonic{RRType::ATMA, "ATMA"},
    TypeMnemonic{RRType::NAPTR, "NAPTR"},
    TypeMnemonic{RRType::KX, "KX"},
    TypeMnemonic{RRType::CERT, "CERT"},
    TypeMnemonic{RRType::A6, "A6"},
    TypeMnemonic{RRType::DNAME, "DNAME"},
    TypeMnemonic{RRType::SINK, "SINK"},
    TypeMnemonic{RRType::OPT, "OPT"},
    TypeMnemonic{RRType::APL, "APL"},
    TypeMnemonic{RRType::DS, "DS"},
    TypeMnemonic{RRType::SSHFP, "SSHFP"},
    TypeMnemonic{RRType::IPSECKEY, "IPSECKEY"},
    TypeMnemonic{RRType::RRSIG, "RRSIG"},
    TypeMnemonic{RRType::NSEC, "NSEC"},
    TypeMnemonic{RRType::DNSKEY, "DNSKEY"},
    TypeMnemonic{RRType::DHCID, "DHCID"},
    TypeMnemonic{RRType::NSEC3, "NSEC3"},
    TypeMnemonic{RRType::NSEC3PARAM, "NSEC3PARAM"},
    TypeMnemonic{RRType::TLSA, "TLSA"},
    TypeMnemonic{RRType::SMIMEA, "SMIMEA"},
    TypeMnemonic{RRType::HIP, "HIP"},
    TypeMnemonic{RRType::NINFO, "NINFO"},
    TypeMnemonic{RRType::RKEY, "RKEY"},
    TypeMnemonic{RRType::TALINK, "TALINK"},
    TypeMnemonic{RRType::CDS, "CDS"},
    TypeMnemonic{RRType::CDNSKEY, "CDNSKEY"},
    TypeMnemonic{RRType::OPENPGPKEY, "OPENPGPKEY"},
    TypeMnemonic{RRType::CSYNC, "CSYNC"},
    TypeMnemonic{RRType::ZONEMD, "ZONEMD"},
    TypeMnemonic{RRType::SVCB, "SVCB"},
    TypeMnemonic{RRType::HTTPS, "HTTPS"},
    TypeMnemonic{RRType::SPF, "SPF"},
    TypeMnemonic{RRType::NID, "NID"},
    TypeMnemonic{RRType::L32, "L32"},
    TypeMnemonic{RRType::L64, "L64"},
    TypeMnemonic{RRType::LP, "LP"},
    TypeMnemonic{RRType::EUI48, "EUI48"},
    TypeMnemonic{RRType::EUI64, "EUI64"},
    TypeMnemonic{RRType::TKEY, "TKEY"},
    TypeMnemonic{RRType::TSIG, "TSIG"},
    TypeMnemonic{RRType::IXFR, "IXFR"},
    TypeMnemonic{RRType::AXFR, "AXFR"},
    TypeMnemonic{RRType::MAILB, "MAILB"},
    TypeMnemonic{RRType::MAILA, "MAILA"},
    TypeMnemonic{RRType::ANY, "ANY"},
    TypeMnemonic{RRType::URI, "URI"},
    TypeMnemonic{RRType::CAA, "CAA"},
    TypeMnemonic{RRType::AVC, "AVC"},
    TypeMnemonic{RRType::DOA, "DOA"},
    TypeMnemonic{RRType::AMTRELAY, "AMTRELAY"},
    TypeMnemonic{RRType::TA, "TA"},
    TypeMnemonic{RRType::DLV, "DLV"},
};

// Sorted by number so that type_to_text can search by halving.
constexpr bool sorted_by_number() {
  for (size_t i = 1; i < kTypes.size(); ++i)
    if (uint16_t(kTypes[i - 1].type) >= uint16_t(kTypes[i].type)) return false;
  return true;
}
static_assert(sorted_by_number(), "kTypes must be sorted by type number");

struct ClassMnemonic {
  RRClass cls;
  std::string_view text;
};

// The first entry for a class is the one printed; CHAOS and HESIOD are the
// long names RFC 1035 §3.2.4 uses, accepted on input only.
constexpr std::array kClasses = {
    ClassMnemonic{RRClass::IN, "IN"},     ClassMnemonic{RRClass::CH, "CH"},
    ClassMnemonic{RRClass::CH, "CHAOS"},  ClassMnemonic{RRClass::HS, "HS"},
    ClassMnemonic{RRClass::HS, "HESIOD"}, ClassMnemonic{RRClass::NONE, "NONE"},
    ClassMnemonic{RRClass::ANY, "ANY"},
};

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  return true;
}

// The number of "TYPEnnn" / "CLASSnnn" (RFC 3597 §5): the prefix in any case,
// then decimal digits only, at most 65535.
std::optional<uint16_t> generic_number(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || !equal_ignoring_case(text.substr(0, prefix.size()), prefix))
    return std::nullopt;
  uint32_t value = 0;
  for (char c : text.substr(prefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + uint32_t(c - '0');
    if (value > 65535) return std::nullopt;
  }
  return uint16_t(value);
}

const TypeMnemonic* find_type(RRType type) {
  size_t lo = 0, hi = kTypes.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kTypes[mid].type == type) return &kTypes[mid];
    if (uint16_t(kTypes[mid].type) < uint16_t(type))
      lo = mid + 1;
    else
      hi = mid;
  }
  return nullptr;
}

}  // namespace

std::optional<RRType> type_from_text(std::string_view text) {
  for (const auto& t : kTypes)
    if (equal_ignoring_case(t.text, text)) return t.type;
  if (auto n = generic_number(text, "TYPE")) return RRType(*n);
  return std::nullopt;
}

void append_type_text(RRType type, std::string& out) {
  if (const TypeMnemonic* t = find_type(type)) {
    out += t->text;
    return;
  }
  out += "TYPE";
  out += std::to_string(uint16_t(type));
}

std::string type_to_text(RRType type) {
  std::string out;
  append_type_text(type, out);
  return out;
}

std::optional<RRClass> class_from_text(std::string_view text) {
  for (const auto& c : kClasses)
    if (equal_ignoring_case(c.text, text)) return c.cls;
  if (auto n = generic_number(text, "CLASS")) return RRClass(*n);
  return std::nullopt;
}

std::string class_to_text(RRClass cls) {
  for (const auto& c : kClasses)
    if (c.cls == cls) return std::string(c.text);
  return "CLASS" + std::to_string(uint16_t(cls));
}

bool is_meta_type(RRType type) {
  // RFC 6895 §3.1: OPT is a meta-TYPE, and 128-255 hold the QTYPEs and
  // meta-TYPEs (TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY).
  auto n = uint16_t(type);
  return type == RRType::OPT || (n >= 128 && n <= 255);
}

bool is_dnssec_type(RRType type) { return type == RRType::RRSIG || type == RRType::NSEC; }

}  // namespace lnsd
