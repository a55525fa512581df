// A force-directed layout of a weighted undirected network -- the co-citation map -- for
// drawing: every node gets a position (x, y) inside a fixed box.
//
// Method: each connected component is laid out on its own by the Fruchterman-Reingold
// algorithm (Fruchterman & Reingold 1991, "Graph drawing by force-directed placement",
// Software: Practice and Experience 21(11)) as implemented by igraph's C library
// (igraph_layout_fruchterman_reingold, igraph 0.10, with its grid approximation of the
// repulsive forces for components above 1000 nodes), which stays inside layout.cpp. Attraction
// along an edge is multiplied by its weight divided by the mean weight of the component, so the
// scale of the weights (counts, association strength) does not matter. Starting positions are
// drawn from a local PCG32 generator seeded by LayoutParams::seed; the computation is
// sequential, so the same network and seed give the same coordinates (for the same build and
// igraph version), whatever the thread count.
//
// Components: each component is centred and scaled so that the disc enclosing it has a radius
// proportional to the square root of its node count (a component's area follows its size); the
// discs' bounding squares are then packed in rows (shelf packing), largest component first
// (components ordered by size descending, ties by smallest node), so components never overlap.
// Finally the whole drawing is scaled uniformly to fit the box [0, box] x [0, box] and centred
// in it. Isolated nodes are components of one node and fill the last rows.
#pragma once

#include <cstdint>
#include <vector>

#include "citegraph/analysis/clustering.hpp"

namespace citegraph {

struct LayoutParams {
  std::uint64_t seed = 1;
  // Fruchterman-Reingold iterations per component: 1 .. 100000. igraph's default is 500; the
  // cost is linear in it.
  std::uint32_t iterations = 500;
  // Side of the square the coordinates are scaled into: finite, > 0.
  double box = 1000;

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct LayoutResult {
  std::vector<double> x;  // per node, in [0, box]
  std::vector<double> y;  // per node, in [0, box]
  std::uint32_t components = 0;
  std::uint32_t iterations = 0;  // per component, as run
};

// Lays out `network` (see the header comment). Throws InvalidArgument for invalid params or
// network; citegraph::Error if igraph fails. Time O(iterations x (n + m)) with the grid
// (O(iterations x n_c^2) for a component of at most 1000 nodes); memory O(n + m).
[[nodiscard]] LayoutResult layout_network(const WeightedNetwork& network,
                                          const LayoutParams& params = {});

}  // namespace citegraph
