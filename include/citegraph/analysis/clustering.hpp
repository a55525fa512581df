// Clustering of a weighted undirected network -- the co-citation or the coupling network --
// by the Leiden algorithm (Traag, Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing
// well-connected communities", Scientific Reports 9:5233), as implemented by igraph's C library
// (igraph_community_leiden, igraph 0.10), which stays inside clustering.cpp.
//
// Objectives, for a partition into clusters c with internal edge weight w_c, total strength
// (weighted degree) K_c, n_c nodes, total edge weight W and resolution gamma:
//   modularity (Newman & Girvan 2004; Reichardt & Bornholdt 2006 for gamma)
//       Q_gamma = sum_c [ w_c / W - gamma (K_c / 2W)^2 ]
//   CPM, the constant Potts model (Traag, Van Dooren & Nesterov 2011), in igraph's scaling
//       H_gamma = sum_c [ 2 w_c - gamma n_c^2 ] / 2W
//     so a cluster is worth keeping when its internal density exceeds gamma: with weights of
//     order 1 choose gamma in (0, 1); with association-strength weights, far smaller.
// ClusterResult::quality is the objective at the given resolution; ClusterResult::modularity is
// always Q_1, the figure other tools report.
//
// Method: Leiden from singletons, one igraph iteration at a time (local moving, refinement,
// aggregation), each iteration starting from the previous partition, until an iteration changes
// nothing or max_iterations is reached; with several restarts that is repeated from singletons
// and the best quality kept (the first on ties). igraph's randomness (node order, refinement) draws
// from a local PCG32 generator seeded by ClusterParams::seed; the computation is sequential, so
// the result depends on the seed only -- never on a thread count -- and is identical across
// runs of the same build and igraph version. Clusters are numbered 0, 1, ... by size
// (descending), ties by their smallest member (ascending). A node without edges is a cluster of
// its own.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "citegraph/analysis/network.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

enum class ClusterObjective { kModularity, kCpm };

// "modularity", "cpm". Throws InvalidArgument for a value outside the enum.
[[nodiscard]] std::string_view cluster_objective_name(ClusterObjective objective);
// Inverse of cluster_objective_name (exact, lower-case). Throws InvalidArgument naming the text.
[[nodiscard]] ClusterObjective parse_cluster_objective(std::string_view name);

struct ClusterParams {
  ClusterObjective objective = ClusterObjective::kModularity;
  double resolution = 1.0;  // gamma: finite, > 0; larger gives more, smaller clusters
  // Leiden's randomness in the refinement step (igraph's beta): finite, > 0.
  double beta = 0.01;
  std::uint64_t seed = 1;
  // Leiden iterations per run; a run stops earlier when an iteration changes nothing. 1 .. 1000.
  std::uint32_t max_iterations = 100;
  // Independent runs from singletons (consecutive draws of the one seeded generator); the best
  // quality is kept. 1 .. 1000, or 0 = by a work budget: clamp(5e5 / (n + m), 1, 10) runs, so
  // a small map gets ten (CPM at a high resolution is rugged: single runs of igraph's Leiden on a
  // 60-node planted graph vary by 8%) and a map of a million edges one.
  std::uint32_t restarts = 0;

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct ClusterResult {
  std::vector<std::uint32_t> membership;  // per node, its cluster 0 .. sizes.size() - 1
  std::vector<std::uint32_t> sizes;       // per cluster, its nodes; non-increasing
  double modularity = 0;                  // Q_1 of the partition; 0 for a network without edges
  double quality = 0;                     // the objective at the resolution (see above)
  std::uint32_t iterations = 0;           // Leiden iterations of the kept run
  bool converged = false;                 // the kept run ended with an unchanged iteration
  std::uint32_t restarts = 0;             // runs made (the automatic count when params said 0)
};

// Leiden clustering of `network`. Throws InvalidArgument for invalid params or network;
// citegraph::Error if igraph fails. Time O(restarts x iterations x m) in practice (each Leiden
// iteration is near-linear in the edges); memory O(n + m) (igraph's copy of the network).
[[nodiscard]] ClusterResult cluster_network(const WeightedNetwork& network,
                                            const ClusterParams& params = {});

// The objective of a given partition (any cluster ids < n); the golden check of the values
// above and of another tool's partition. Throws InvalidArgument when membership does not have one
// entry per node or the resolution is not finite and positive. O(n + m).
[[nodiscard]] double partition_quality(const WeightedNetwork& network,
                                       std::span<const std::uint32_t> membership,
                                       ClusterObjective objective, double resolution = 1.0);

}  // namespace citegraph
