#include "db/hash64.hh"

#include <algorithm>
#include <bit>
#include <cstring>

#include "db/bytes.hh"

namespace lnsd::db {
namespace {

// Odd constants taken from the fractional parts of the square roots of 2, 3,
// 5 and 7 (nothing-up-my-sleeve numbers); oddness makes the multiplications
// invertible modulo 2^64.
constexpr uint64_t kMul1 = 0x6A09E667F3BCC909ull;
constexpr uint64_t kMul2 = 0xBB67AE8584CAA73Bull;
constexpr uint64_t kLane3 = 0x3C6EF372FE94F82Bull;
constexpr uint64_t kLane4 = 0xA54FF53A5F1D36F1ull;

// An invertible finaliser: xor-shifts and odd multiplications.
uint64_t avalanche(uint64_t x) {
  x ^= x >> 31;
  x *= kMul1;
  x ^= x >> 29;
  x *= kMul2;
  x ^= x >> 32;
  return x;
}

uint64_t round(uint64_t acc, uint64_t word) {
  return std::rotl(acc ^ (word * kMul1), 29) * kMul2;
}

// What follows the 32-octet rounds, shared by hash64 and Hash64Stream: the
// lanes folded in (when there were rounds), then the last 0 to 31 octets.
// Inlined: hash64 runs for every label of every query.
[[gnu::always_inline]] inline uint64_t finish(uint64_t seed, uint64_t total, const uint64_t (&lanes)[4],
                                              const uint8_t* p, size_t n) {
  uint64_t h = (seed + kLane4) ^ (total * kMul2);
  if (total >= 32) {
    for (uint64_t lane : lanes) h = (h ^ avalanche(lane)) * kMul1 + kLane3;
  }
  while (n >= 8) {
    h = round(h, load_le<uint64_t>(p));
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t last = 0;
    for (size_t i = 0; i < n; ++i) last |= uint64_t(p[i]) << (8 * i);
    h = round(h ^ kLane4, last);
  }
  return avalanche(h);
}

}  // namespace

uint64_t hash64(std::span<const uint8_t> data, uint64_t seed) {
  const uint8_t* p = data.data();
  size_t n = data.size();
  uint64_t v[4] = {seed + kMul1, seed + kMul2, seed + kLane3, seed + kLane4};
  while (n >= 32) {
    v[0] = round(v[0], load_le<uint64_t>(p));
    v[1] = round(v[1], load_le<uint64_t>(p + 8));
    v[2] = round(v[2], load_le<uint64_t>(p + 16));
    v[3] = round(v[3], load_le<uint64_t>(p + 24));
    p += 32;
    n -= 32;
  }
  return finish(seed, data.size(), v, p, n);
}

Hash64Stream::Hash64Stream(uint64_t seed)
    : seed_(seed), lanes_{seed + kMul1, seed + kMul2, seed + kLane3, seed + kLane4} {}

void Hash64Stream::round32(const uint8_t* block) {
  for (int k = 0; k < 4; ++k) lanes_[k] = round(lanes_[k], load_le<uint64_t>(block + 8 * k));
}

void Hash64Stream::update(std::span<const uint8_t> data) {
  total_ += data.size();
  if (pending_size_ > 0) {
    size_t take = std::min(data.size(), sizeof pending_ - pending_size_);
    std::memcpy(pending_ + pending_size_, data.data(), take);
    pending_size_ += take;
    data = data.subspan(take);
    if (pending_size_ < sizeof pending_) return;
    round32(pending_);
    pending_size_ = 0;
  }
  while (data.size() >= 32) {
    round32(data.data());
    data = data.subspan(32);
  }
  if (!data.empty()) std::memcpy(pending_, data.data(), data.size());
  pending_size_ = data.size();
}

uint64_t Hash64Stream::finish() const {
  return db::finish(seed_, total_, lanes_, pending_, pending_size_);
}

}  // namespace lnsd::db
