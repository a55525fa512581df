// Releasing a container's memory. `v = {}` does NOT: for std::vector it picks the
// initializer_list assignment, which empties the vector and keeps its capacity (a builder of a
// billion citations then carries its dead arrays to the peak).
#pragma once

namespace citegraph {

// Empties `container` and frees its storage. O(size) for the destructors.
template <typename Container>
void release(Container& container) {
  Container().swap(container);
}

}  // namespace citegraph
