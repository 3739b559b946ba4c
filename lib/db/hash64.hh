// The 64-bit hash of the zone database format: the whole-file and header
// checksums, the content hash, and the key hash of the name index all use
// it, so it is part of the format (lnsd-zonedb(5) defines it) and must never
// change within a format version. Not cryptographic: it detects damage, not
// tampering.
#pragma once

#include <cstdint>
#include <span>

namespace lnsd::db {

// Four independent lanes take 32 octets per round; each round is a bijection
// of its lane for a fixed input word, so a change confined to one 64-bit
// word of the input always changes the result.
uint64_t hash64(std::span<const uint8_t> data, uint64_t seed = 0);

// hash64 over data that arrives in pieces, such as a database streamed to
// its file: finish() gives what hash64 gives for the pieces joined.
class Hash64Stream {
 public:
  explicit Hash64Stream(uint64_t seed = 0);
  void update(std::span<const uint8_t> data);
  uint64_t finish() const;

 private:
  void round32(const uint8_t* block);

  uint64_t seed_;
  uint64_t lanes_[4];
  uint64_t total_ = 0;
  uint8_t pending_[32];  // the octets after the last whole 32-octet block
  size_t pending_size_ = 0;
};

}  // namespace lnsd::db
