// The co-citation (or coupling) network as a graph of its own: undirected, weighted, on the
// node ids of the citation graph. Built once from a pair table and shared by the passes that
// work on it (co-citation centrality, clustering, layout).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

// An undirected edge; weight > 0 (the co-citation count or a normalised strength).
struct WeightedEdge {
  NodeId a = 0;
  NodeId b = 0;
  double weight = 1.0;
};

// CSR with both directions of every edge; each row sorted by neighbour; weights parallel to
// targets. Nodes without edges have empty rows.
struct WeightedNetwork {
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

// Builds the network on nodes [0, num_nodes) from an edge list in any order (each unordered pair
// once). Time O(m log m), memory 2 m (4 + 8) bytes plus the offsets.
// Throws InvalidArgument for an endpoint >= num_nodes, a == b, a weight that is not finite and
// > 0, or a repeated pair, naming the edge.
[[nodiscard]] WeightedNetwork build_network(NodeId num_nodes, std::span<const WeightedEdge> edges);

}  // namespace citegraph
