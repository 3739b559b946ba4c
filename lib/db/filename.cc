#include "db/filename.hh"

#include <openssl/evp.h>

#include <array>
#include <vector>

#include "db/wire_name.hh"

namespace lnsd::db {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool plain(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string escaped(const Name& zone) {
  std::string out;
  for (size_t i = 0; i < zone.label_count(); ++i) {
    if (i > 0) out.push_back('.');
    for (uint8_t c : zone.label(i)) {
      c = ascii_lower(c);
      if (plain(c) && !(out.empty() && c == '-')) {
        out.push_back(char(c));
      } else {
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
    }
  }
  return out;
}

}  // namespace

std::string zone_file_name(const Name& zone) {
  if (zone.is_root()) {
    // Appended, not "@" + string: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
    std::string root = "@";
    root += kDatabaseSuffix;
    return root;
  }
  std::string out = escaped(zone);
  if (out.size() + kDatabaseSuffix.size() <= kMaxEscapedFileName) {
    return out + std::string(kDatabaseSuffix);
  }
  std::array<uint8_t, 255> lower;
  auto wire = zone.wire();
  for (size_t i = 0; i < wire.size(); ++i) lower[i] = ascii_lower(wire[i]);
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest;
  unsigned int length = 0;
  EVP_Digest(lower.data(), wire.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::string hashed = "=";
  for (unsigned int i = 0; i < length; ++i) {
    hashed.push_back(kHex[digest[i] >> 4]);
    hashed.push_back(kHex[digest[i] & 15]);
  }
  return hashed + std::string(kDatabaseSuffix);
}

std::optional<Name> zone_from_file_name(std::string_view file_name) {
  if (file_name.size() <= kDatabaseSuffix.size() || !file_name.ends_with(kDatabaseSuffix)) {
    return std::nullopt;
  }
  std::string_view body = file_name.substr(0, file_name.size() - kDatabaseSuffix.size());
  if (body == "@") return Name();
  std::vector<uint8_t> wire;
  size_t label_start = 0;
  wire.push_back(0);
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '.') {
      if (wire.size() - label_start == 1) return std::nullopt;  // empty label
      label_start = wire.size();
      wire.push_back(0);
      continue;
    }
    uint8_t octet;
    if (c == '%') {
      if (i + 2 >= body.size()) return std::nullopt;
      int hi = hex_value(body[i + 1]);
      int lo = hex_value(body[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      octet = uint8_t(hi << 4 | lo);
      i += 2;
    } else if (plain(uint8_t(c))) {
      octet = uint8_t(c);
    } else {
      return std::nullopt;
    }
    if (wire.size() - label_start > Name::kMaxLabel || wire.size() >= Name::kMaxWire) return std::nullopt;
    wire.push_back(octet);
    ++wire[label_start];
  }
  if (wire.size() - label_start == 1) return std::nullopt;
  wire.push_back(0);
  auto name = Name::from_wire(wire);
  if (!name) return std::nullopt;
  // Only the form zone_file_name() writes: one file name per zone.
  if (zone_file_name(*name) != file_name) return std::nullopt;
  return *name;
}

}  // namespace lnsd::db
