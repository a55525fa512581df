// A force-directed layout of a weighted undirected network -- the co-citation map -- for
// drawing: every node gets a position (x, y) inside a fixed box.
//
// Method: each connected component is laid out on its own by the Fruchterman-Reingold
// algorithm (Fruchterman & Reingold 1991, "Graph drawing by force-directed placement",
// Software: Practice and Experience 21(11)) as implemented by igraph's C library
// (igraph_layout_fruchterman_reingold, igraph 0.10, with its grid approximation of the
// repulsive forces for components above 200 nodes -- igraph's own switch is at 1000 -- so a
// map of many mid-sized components does not cost n_c^2 each), which stays inside layout.cpp.
// Attraction along an edge is multiplied by its weight divided by the mean weight of the edges laid
// out, so the scale of the weights (counts, association strength) does not matter.
//
// Cost control for large maps (a 50k-node co-citation map has millions of edges):
// - backbone: the forces use only each node's LayoutParams::backbone strongest edges (their
//   union; 0 = every edge). Components are still those of the whole network.
// - groups (optional, e.g. the clusters of cluster_network): a two-level layout. The graph of
//   the groups (one node per group of the component, edge weights summed between groups) is
//   laid out with `iterations`, each node starts at its group's position plus a random offset
//   in a disc whose area follows the group's size, and Fruchterman-Reingold then refines the
//   whole component with `refine_iterations` at a tenth of the usual starting temperature.
//   Without groups (or with one group, or one per node) the component is laid out from random
//   positions with `iterations`.
// Random draws (starting positions, offsets) come from a local PCG32 generator seeded by
// LayoutParams::seed; the computation is sequential, so the same network, groups and seed give
// the same coordinates (for the same build and igraph version), whatever the thread count.
//
// Components: each component is centred and scaled so that the disc enclosing it has a radius
// proportional to the square root of its node count (a component's area follows its size); the
// discs' bounding squares are then packed in rows (shelf packing), largest component first
// (components ordered by size descending, ties by smallest node), so components never overlap.
// Finally the whole drawing is scaled uniformly to fit the box [0, box] x [0, box] and centred
// in it. Isolated nodes are components of one node and fill the last rows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citegraph/analysis/clustering.hpp"

namespace citegraph {

struct LayoutParams {
  std::uint64_t seed = 1;
  // At most this many Fruchterman-Reingold iterations for a component laid out from random
  // positions, and exactly this many for the group graph: 1 .. 100000 (igraph's default is
  // 500). The components share a work budget: with U = sum over components of (n_c + m'_c)
  // (nodes plus backbone edges), a random start runs clamp(5e6 / U, min(50, iterations),
  // iterations) iterations -- every map up to U = 10000 gets all of them, a larger one fewer,
  // so that the cost stays near 5e6 node-or-edge visits.
  std::uint32_t iterations = 500;
  // Iterations of the refinement from the groups' positions: 1 .. 100000, or 0 = by the work
  // budget clamp(4e6 / U, 10, 50) (maps up to 80k units get 50, a 1M-unit map 10). Longer
  // refinements blur the clusters again (see layout.cpp).
  std::uint32_t refine_iterations = 0;
  // Strongest edges per node the forces use (0 = all); see the header comment.
  std::uint32_t backbone = 10;
  // Side of the square the coordinates are scaled into: finite, > 0.
  double box = 1000;

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct LayoutResult {
  std::vector<double> x;  // per node, in [0, box]
  std::vector<double> y;  // per node, in [0, box]
  std::uint32_t components = 0;
  std::uint32_t iterations = 0;         // of a component laid out from random positions
  std::uint32_t refine_iterations = 0;  // of a refinement from the groups' positions
};

// Lays out `network` (see the header comment); `groups` is empty or has one group id per node.
// Throws InvalidArgument for invalid params, network or groups; citegraph::Error if igraph
// fails. Time O(m log m) for the backbone, then with the grid O(I x (n + m')) for m' backbone
// edges and I = iterations (refine_iterations with groups, plus iterations x the group graph's
// size); a component of at most 200 nodes costs O(I x n_c^2) instead. Memory O(n + m).
[[nodiscard]] LayoutResult layout_network(const WeightedNetwork& network,
                                          const LayoutParams& params = {},
                                          std::span<const std::uint32_t> groups = {});

}  // namespace citegraph
