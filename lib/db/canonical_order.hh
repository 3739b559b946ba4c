// Canonical name order (RFC 4034 §6.1) for a whole zone's names at once.
// Each name is turned into a sort key whose memcmp order is the canonical
// order, and the keys are sorted by radix on their leading octets, then by
// the next octets within runs that share them. Keys are added as names are
// first seen (on the compiler's feed thread, while the parser still runs),
// so that only the sort is left when the zone is complete.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lnsd::db {

class CanonicalOrder {
 public:
  // Room for `names` names of about `octets` octets of wire form in all.
  void reserve(size_t names, size_t octets);
  // The next name (index size() before the call), in uncompressed wire form.
  void add(std::span<const uint8_t> wire);
  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }

  // The canonical order of the names added. A name may have been added
  // more than once (in another case, too): its copies share one rank.
  struct Ranking {
    std::vector<uint32_t> rank;   // by name index: its place among the distinct names
    std::vector<uint32_t> first;  // by rank: the name index added first
  };
  Ranking rank() const;

  // The sort key of name `index`: labels from the rightmost, lowercased,
  // each ended by 0x00, with 0x00 and 0x01 inside a label written as 0x01
  // 0x01 and 0x01 0x02 so that the terminator sorts below every label octet.
  std::string_view key(uint32_t index) const {
    return {reinterpret_cast<const char*>(keys_.data()) + offsets_[index],
            offsets_[index + 1] - offsets_[index]};
  }

 private:
  std::vector<uint8_t> keys_;
  std::vector<uint32_t> offsets_;  // key i is [offsets_[i], offsets_[i + 1])
};

}  // namespace lnsd::db
