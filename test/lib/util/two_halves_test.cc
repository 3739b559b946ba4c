// in_two_halves (lib/util/two_halves.hh): every index is worked on exactly
// once, the split point given is the one used, and an exception from
// either half reaches the caller after both halves are done.
#include "util/two_halves.hh"

#include <atomic>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

using namespace lnsd;

TEST_CASE("in_two_halves: each index once, small and large", "[util]") {
  for (size_t n : {size_t(0), size_t(1), size_t(7), size_t(100000)}) {
    std::vector<int> visits(n, 0);
    in_two_halves(n, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++visits[i];
    });
    CHECK(std::count(visits.begin(), visits.end(), 1) == std::ptrdiff_t(n));
  }
}

TEST_CASE("in_two_halves: the split function moves the middle", "[util]") {
  std::vector<std::pair<size_t, size_t>> parts(2);
  std::atomic<int> calls{0};
  in_two_halves(
      100000,
      [&](size_t begin, size_t end) {
        parts[begin == 0 ? 0 : 1] = {begin, end};
        ++calls;
      },
      [](size_t middle) { return middle + 123; });
  CHECK(calls == 2);
  CHECK(parts[0] == std::pair<size_t, size_t>{0, 50123});
  CHECK(parts[1] == std::pair<size_t, size_t>{50123, 100000});
}

TEST_CASE("in_two_halves: an exception from either half is rethrown", "[util]") {
  for (bool second : {false, true}) {
    std::atomic<int> finished{0};
    auto run = [&] {
      in_two_halves(100000, [&](size_t begin, size_t) {
        if ((begin != 0) == second) throw std::runtime_error("half failed");
        ++finished;
      });
    };
    CHECK_THROWS_WITH(run(), "half failed");
    CHECK(finished == 1);
  }
}
