#include "db/wire_name.hh"

#include <algorithm>

namespace lnsd::db {

size_t label_offsets(std::span<const uint8_t> wire, std::array<uint8_t, 128>& offsets) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < wire.size() && wire[pos] != 0 && count < offsets.size()) {
    offsets[count++] = uint8_t(pos);
    pos += 1 + wire[pos];
  }
  return count;
}

int compare_labels(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    uint8_t x = ascii_lower(a[i]);
    uint8_t y = ascii_lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

bool labels_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

int canonical_compare_wire(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  std::array<uint8_t, 128> oa, ob;
  size_t na = label_offsets(a, oa);
  size_t nb = label_offsets(b, ob);
  // RFC 4034 §6.1: compare from the rightmost label; a name that runs out of
  // labels first sorts first.
  while (na > 0 && nb > 0) {
    --na;
    --nb;
    auto la = a.subspan(oa[na] + 1, a[oa[na]]);
    auto lb = b.subspan(ob[nb] + 1, b[ob[nb]]);
    if (int c = compare_labels(la, lb); c != 0) return c;
  }
  if (na == nb) return 0;
  return na < nb ? -1 : 1;
}

bool names_equal_wire(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  // Length octets are below 64 and so unchanged by ascii_lower.
  return labels_equal(a, b);
}

}  // namespace lnsd::db
