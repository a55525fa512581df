// The co-citation (or coupling) network as a graph of its own: undirected, weighted. Built once
// from a pair table (pair_network) and shared by the passes that work on it: co-citation
// centrality (on its adjacency rows), clustering and layout (on its edge list).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

// An undirected edge; weight > 0 (the co-citation count or a normalised strength).
struct WeightedEdge {
  NodeId a = 0;
  NodeId b = 0;
  double weight = 1.0;
};

// An undirected weighted network on the nodes 0 .. node_count - 1, each pair at most once, as
// WeightedEdge with a < b and a
// finite, positive weight.
struct WeightedNetwork {
  std::uint32_t node_count = 0;
  std::vector<WeightedEdge> edges;

  // Throws InvalidArgument naming the first bad edge: a >= b, b >= node_count, or a weight
  // that is not finite and positive. Repeated pairs are not looked for (igraph adds them up).
  // O(m).
  void validate() const;
};

// The network of co-citation (or coupling) pairs: network node i is graph node nodes[i].
struct PairNetwork {
  std::vector<NodeId> nodes;  // ascending: the endpoints of the pairs, plus `also`
  WeightedNetwork network;    // edges in the order of the pairs
};

// Builds the network of `pairs` (a < b, as cocitation() returns them) weighted by
// pair_strength(pair, weight). Pairs whose weight is not finite and positive are left out.
// Nodes listed in `also` (any order, repeats allowed) are included even without a pair: pass the
// items of a map so that isolated items get a cluster and a position too.
// O(P log P + |also| log |also|).
[[nodiscard]] PairNetwork pair_network(std::span<const Pair> pairs, Normalization weight,
                                       std::span<const NodeId> also = {});

// The same network as adjacency rows (CSR) with both directions of every edge; each row sorted
// by neighbour; weights parallel to targets. Nodes without edges have empty rows. What the
// centralities walk.
struct WeightedAdjacency {
  NodeId num_nodes = 0;
  std::vector<std::uint64_t> offsets;  // num_nodes + 1 entries
  std::vector<NodeId> targets;
  std::vector<double> weights;

  // Undirected edges (each counted once).
  [[nodiscard]] std::uint64_t num_edges() const { return targets.size() / 2; }
  [[nodiscard]] std::span<const NodeId> neighbors(NodeId v) const {
    return {targets.data() + offsets[v], targets.data() + offsets[v + 1]};
  }
};

// Builds the adjacency on nodes [0, num_nodes) from an edge list in any order (each unordered
// pair once, either orientation). Time O(m log m), memory 2 m (4 + 8) bytes plus the offsets.
// Throws InvalidArgument for an endpoint >= num_nodes, a == b, a weight that is not finite and
// > 0, or a repeated pair, naming the edge.
[[nodiscard]] WeightedAdjacency build_adjacency(NodeId num_nodes,
                                                std::span<const WeightedEdge> edges);
[[nodiscard]] inline WeightedAdjacency build_adjacency(const WeightedNetwork& network) {
  return build_adjacency(network.node_count, network.edges);
}

}  // namespace citegraph
