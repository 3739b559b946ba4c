// free_memory (lib/util/free_memory.hh) gives a vector's memory back, where
// assigning {} only empties it.
#include "util/free_memory.hh"

#include <vector>

#include <catch2/catch.hpp>

TEST_CASE("free_memory: the capacity goes, not only the elements", "[util]") {
  std::vector<uint64_t> v(100000, 7);
  v = {};
  CHECK(v.empty());
  CHECK(v.capacity() >= 100000);  // why the helper exists
  lnsd::free_memory(v);
  CHECK(v.capacity() == 0);
}
