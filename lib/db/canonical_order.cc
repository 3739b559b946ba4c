#include "db/canonical_order.hh"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "db/wire_name.hh"
#include "util/two_halves.hh"

namespace lnsd::db {
namespace {

// Packed to 12 octets: the sort holds two arrays of these for every name of
// the zone, at the point where the compiler's memory peaks.
struct [[gnu::packed]] Item {
  uint64_t chunk;  // eight octets of the key, big-endian
  uint32_t name;
};
static_assert(sizeof(Item) == 12);

// Eight octets of `key` from `at`, as a big-endian number, zero past the
// key's end. Zero padding keeps the order: a key never holds 0x00 twice in
// a row and its last octet is 0x00, so a key that ends where another goes
// on is followed there by a nonzero label octet in the longer one.
uint64_t chunk_at(std::string_view key, size_t at) {
  if (at + 8 <= key.size()) {
    uint64_t v;
    std::memcpy(&v, key.data() + at, 8);
    return std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
  }
  uint64_t v = 0;
  for (size_t j = 0; j < 8; ++j) v = v << 8 | (at + j < key.size() ? uint8_t(key[at + j]) : 0);
  return v;
}

void sort_run(std::span<Item> run, size_t depth, const CanonicalOrder& order);

// `items` are sorted on their keys' octets before `depth`; sorts each run
// that ties there on the octets that follow.
void break_ties(std::span<Item> items, size_t depth, const CanonicalOrder& order) {
  for (size_t i = 0; i < items.size();) {
    size_t end = i + 1;
    while (end < items.size() && items[end].chunk == items[i].chunk) ++end;
    // Keys that end before `depth` and tie are equal: they stay in order of
    // addition.
    if (end - i > 1 && order.key(items[i].name).size() > depth) {
      sort_run(items.subspan(i, end - i), depth, order);
    }
    i = end;
  }
}

// A run of keys equal before `depth`, often long where names are numbered
// (host1000 to host1999 share "host1"), sorted on the next eight octets.
void sort_run(std::span<Item> run, size_t depth, const CanonicalOrder& order) {
  for (Item& it : run) it.chunk = chunk_at(order.key(it.name), depth);
  std::sort(run.begin(), run.end(), [](const Item& a, const Item& b) {
    return a.chunk != b.chunk ? a.chunk < b.chunk : a.name < b.name;
  });
  break_ties(run, depth + 8, order);
}

}  // namespace

void CanonicalOrder::reserve(size_t names, size_t octets) {
  offsets_.reserve(names + 1);
  keys_.reserve(octets);
}

void CanonicalOrder::add(std::span<const uint8_t> wire) {
  if (offsets_.empty()) offsets_.push_back(0);
  std::array<uint8_t, 128> labels;
  size_t n = label_offsets(wire, labels);
  while (n > 0) {
    --n;
    for (uint8_t c : wire.subspan(labels[n] + 1, wire[labels[n]])) {
      c = ascii_lower(c);
      if (c <= 1) {
        keys_.push_back(1);
        keys_.push_back(uint8_t(c + 1));
      } else {
        keys_.push_back(c);
      }
    }
    keys_.push_back(0);
  }
  offsets_.push_back(uint32_t(keys_.size()));
}

CanonicalOrder::Ranking CanonicalOrder::rank() const {
  const size_t count = size();
  Ranking out;
  if (count == 0) return out;

  // The keys of a zone share a long prefix (the origin's labels): start
  // after it.
  const std::string_view first = key(0);
  size_t common = first.size();
  for (uint32_t i = 1; i < count && common > 0; ++i) {
    const std::string_view k = key(i);
    size_t limit = std::min(common, k.size());
    size_t j = 0;
    while (j < limit && first[j] == k[j]) ++j;
    common = j;
  }

  std::vector<Item> items(count);
  in_two_halves(count, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) items[i] = {chunk_at(key(uint32_t(i)), common), uint32_t(i)};
  });
  // LSD radix sort on the first chunk (stable, so ties keep the order of
  // addition), skipping octets that every key shares.
  {
    std::vector<Item> scratch(count);
    for (unsigned shift = 0; shift < 64; shift += 8) {
      std::array<size_t, 257> bucket{};
      for (const Item& it : items) ++bucket[((it.chunk >> shift) & 0xff) + 1];
      if (std::any_of(bucket.begin() + 1, bucket.end(), [&](size_t c) { return c == count; })) continue;
      for (size_t b = 1; b < bucket.size(); ++b) bucket[b] += bucket[b - 1];
      for (const Item& it : items) scratch[bucket[(it.chunk >> shift) & 0xff]++] = it;
      items.swap(scratch);
    }
  }
  // Runs of ties are independent: the halves split between two of them.
  in_two_halves(
      count,
      [&](size_t begin, size_t end) {
        break_ties(std::span(items).subspan(begin, end - begin), common + 8, *this);
      },
      [&](size_t middle) {
        while (middle > 0 && middle < count && items[middle].chunk == items[middle - 1].chunk) ++middle;
        return middle;
      });
  // Copies of a name are neighbours now, the one added first in front. A
  // copy's last chunk was read at the same depth as its neighbour's, so
  // only equal chunks need their keys compared.
  out.rank.resize(count);
  out.first.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const uint32_t name = items[i].name;
    if (i == 0 || items[i].chunk != items[i - 1].chunk || key(name) != key(items[i - 1].name)) {
      out.first.push_back(name);
    }
    out.rank[name] = uint32_t(out.first.size() - 1);
  }
  return out;
}

}  // namespace lnsd::db
