// Giving a container's memory back at once, before it goes out of scope.
#pragma once

namespace lnsd {

// `v = {}` does not do this for a std::vector: it picks the initializer-list
// assignment, which empties the vector and keeps its capacity.
template <class Container>
void free_memory(Container& c) {
  Container().swap(c);
}

}  // namespace lnsd
