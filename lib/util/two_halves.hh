// Data-parallel steps of the zone compiler on the two cores it can count
// on: the second half of a range runs on a thread of its own while the
// calling thread does the first. Below a size where a thread costs more
// than it saves, both halves run on the caller, so the result never depends
// on the split.
#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace lnsd {

// Splits [0, n) at `split(n / 2)` (which must return a point in [0, n]) and
// runs `work(begin, end)` on both parts at once. An exception from either
// part is rethrown here once both are done.
template <class Work, class Split>
void in_two_halves(size_t n, Work work, Split split) {
  constexpr size_t kWorthAThread = 1 << 14;
  const size_t middle = split(n / 2);
  if (n < kWorthAThread) {
    work(size_t(0), middle);
    work(middle, n);
    return;
  }
  std::exception_ptr second_failed;
  std::thread second([&] {
    try {
      work(middle, n);
    } catch (...) {
      second_failed = std::current_exception();
    }
  });
  std::exception_ptr first_failed;
  try {
    work(size_t(0), middle);
  } catch (...) {
    first_failed = std::current_exception();
  }
  second.join();
  if (first_failed) std::rethrow_exception(first_failed);
  if (second_failed) std::rethrow_exception(second_failed);
}

template <class Work>
void in_two_halves(size_t n, Work work) {
  in_two_halves(n, work, [](size_t middle) { return middle; });
}

}  // namespace lnsd
