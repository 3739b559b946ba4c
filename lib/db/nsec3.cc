#include "db/nsec3.hh"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include "db/wire_name.hh"

namespace lnsd::db {

std::optional<Nsec3Params> Nsec3Params::from_rdata(std::span<const uint8_t> rdata) {
  if (rdata.size() < 5) return std::nullopt;
  Nsec3Params p;
  p.algorithm = rdata[0];
  p.flags = rdata[1];
  p.iterations = uint16_t(rdata[2] << 8 | rdata[3]);
  p.salt_length = rdata[4];
  if (rdata.size() < 5u + p.salt_length) return std::nullopt;
  std::memcpy(p.salt.data(), rdata.data() + 5, p.salt_length);
  return p;
}

bool Nsec3Params::same_chain(const Nsec3Params& other) const {
  return algorithm == other.algorithm && iterations == other.iterations &&
         std::ranges::equal(salt_bytes(), other.salt_bytes());
}

Nsec3Hasher::Nsec3Hasher()
    : md_(EVP_MD_fetch(nullptr, "SHA1", nullptr)), ctx_(EVP_MD_CTX_new()) {}

Nsec3Hasher::~Nsec3Hasher() {
  EVP_MD_CTX_free(ctx_);
  EVP_MD_free(md_);
}

bool Nsec3Hasher::hash(std::span<const uint8_t> name_wire, const Nsec3Params& params,
                       Nsec3Hash& out) {
  if (params.algorithm != kNsec3Sha1 || md_ == nullptr || ctx_ == nullptr) return false;
  std::array<uint8_t, 255> lower;
  size_t n = std::min(name_wire.size(), lower.size());
  for (size_t i = 0; i < n; ++i) lower[i] = ascii_lower(name_wire[i]);

  auto salt = params.salt_bytes();
  std::span<const uint8_t> input(lower.data(), n);
  for (uint32_t k = 0; k <= params.iterations; ++k) {
    unsigned int len = 0;
    if (EVP_DigestInit_ex2(ctx_, md_, nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, input.data(), input.size()) != 1 ||
        EVP_DigestUpdate(ctx_, salt.data(), salt.size()) != 1 ||
        EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1 || len != out.size()) {
      return false;
    }
    input = out;
  }
  return true;
}

}  // namespace lnsd::db
