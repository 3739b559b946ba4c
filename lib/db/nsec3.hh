// NSEC3 hashing (RFC 5155 §5): IH(salt, x, 0) = H(x || salt),
// IH(salt, x, k) = H(IH(salt, x, k-1) || salt), applied to the owner name in
// canonical wire form. The only hash algorithm defined is SHA-1 (§11).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

struct evp_md_st;
struct evp_md_ctx_st;

namespace lnsd::db {

inline constexpr uint8_t kNsec3Sha1 = 1;

// The parameters of an NSEC3 chain, as NSEC3PARAM and NSEC3 rdata begin
// (RFC 5155 §3.2, §4.2): algorithm, flags, iterations, salt.
struct Nsec3Params {
  uint8_t algorithm = kNsec3Sha1;
  uint8_t flags = 0;
  uint16_t iterations = 0;
  uint8_t salt_length = 0;
  std::array<uint8_t, 255> salt{};

  std::span<const uint8_t> salt_bytes() const { return {salt.data(), salt_length}; }
  // Parses the common prefix of NSEC3PARAM and NSEC3 rdata; nullopt when
  // the rdata is too short for it.
  static std::optional<Nsec3Params> from_rdata(std::span<const uint8_t> rdata);
  // Same chain: algorithm, iterations and salt equal (flags differ between
  // NSEC3PARAM and NSEC3 records of one chain, RFC 5155 §4.1.2).
  bool same_chain(const Nsec3Params& other) const;
};

using Nsec3Hash = std::array<uint8_t, 20>;

// Holds one digest context so that hashing allocates nothing after
// construction: the answer path keeps one per server.
class Nsec3Hasher {
 public:
  Nsec3Hasher();
  ~Nsec3Hasher();
  Nsec3Hasher(const Nsec3Hasher&) = delete;
  Nsec3Hasher& operator=(const Nsec3Hasher&) = delete;

  // Hashes `name_wire` (any case; it is lowercased first). False when the
  // algorithm is not SHA-1 or the digest fails.
  bool hash(std::span<const uint8_t> name_wire, const Nsec3Params& params, Nsec3Hash& out);

 private:
  evp_md_st* md_ = nullptr;
  evp_md_ctx_st* ctx_ = nullptr;
};

}  // namespace lnsd::db
