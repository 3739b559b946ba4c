// hash64 (lib/db/hash64.hh) is part of the database format: its values are
// pinned here, and any change confined to one 64-bit word must change it.
#include "db/hash64.hh"

#include <catch2/catch.hpp>

#include <set>
#include <string_view>
#include <vector>

using namespace lnsd;

namespace {

std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST_CASE("hash64: pinned values (changing them changes the format)", "[db][hash64]") {
  CHECK(db::hash64({}) == 0xC4FC18DBF1C319D3ull);
  CHECK(db::hash64(bytes("a")) == 0x849BB41C65E434EFull);
  CHECK(db::hash64(bytes("lnsd zone database"), 7) == 0x0610AFE975EB68C4ull);
  std::vector<uint8_t> counting(100);
  for (size_t i = 0; i < counting.size(); ++i) counting[i] = uint8_t(i);
  CHECK(db::hash64(counting) == 0x5F789F84AB5AE36Dull);
}

TEST_CASE("hash64: the seed, the length and every octet count", "[db][hash64]") {
  CHECK(db::hash64(bytes("www"), 0) != db::hash64(bytes("www"), 1));
  CHECK(db::hash64(bytes("")) != db::hash64(std::vector<uint8_t>{0}));
  CHECK(db::hash64(std::vector<uint8_t>{0}) != db::hash64(std::vector<uint8_t>{0, 0}));
  std::set<uint64_t> seen;
  for (int i = 0; i < 20000; ++i) {
    std::string s = "h" + std::to_string(i);
    seen.insert(db::hash64(bytes(s)));
  }
  CHECK(seen.size() == 20000);
}

TEST_CASE("hash64: every single-bit flip changes the hash", "[db][hash64]") {
  for (size_t size : {1, 7, 8, 31, 32, 33, 64, 100, 257}) {
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < size; ++i) data[i] = uint8_t(i * 37 + 11);
    uint64_t h = db::hash64(data);
    for (size_t at = 0; at < size; ++at) {
      for (int bit = 0; bit < 8; ++bit) {
        data[at] ^= uint8_t(1 << bit);
        CHECK(db::hash64(data) != h);
        data[at] ^= uint8_t(1 << bit);
      }
    }
  }
}

TEST_CASE("Hash64Stream: the pieces give what hash64 gives for the whole", "[db][hash64]") {
  std::vector<uint8_t> data(1000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 131 + 7);
  for (size_t size : {0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 200, 1000}) {
    std::span<const uint8_t> whole(data.data(), size);
    for (uint64_t seed : {uint64_t(0), uint64_t(42)}) {
      const uint64_t expected = db::hash64(whole, seed);
      // Every way to cut it in two, and in pieces of a few fixed sizes.
      for (size_t cut = 0; cut <= size; ++cut) {
        db::Hash64Stream s(seed);
        s.update(whole.first(cut));
        s.update(whole.subspan(cut));
        REQUIRE(s.finish() == expected);
      }
      for (size_t piece : {1, 3, 8, 13, 32, 100}) {
        db::Hash64Stream s(seed);
        for (size_t at = 0; at < size; at += piece) s.update(whole.subspan(at, std::min(piece, size - at)));
        REQUIRE(s.finish() == expected);
      }
    }
  }
}
