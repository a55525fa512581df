// The undirected weighted network of a pair table (co-citation or coupling) as a CSR with both
// directions of every edge (include/citegraph/analysis/network.hpp).
#include "citegraph/analysis/network.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "citegraph/graph/error.hpp"
#include "support/describe.hpp"

namespace citegraph {

namespace {

using analysis_detail::describe;

bool is_positive_finite(double value) { return std::isfinite(value) && value > 0; }

std::string to_text(double value) { return describe(value); }

}  // namespace

void WeightedNetwork::validate() const {
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const WeightedEdge& edge = edges[e];
    const std::string where = "network edge " + std::to_string(e) + " (" + std::to_string(edge.a) +
                              ", " + std::to_string(edge.b) + ")";
    if (edge.a >= edge.b) throw InvalidArgument(where + ": endpoints must satisfy a < b");
    if (edge.b >= node_count) {
      throw InvalidArgument(where + ": endpoint out of range; the network has " +
                            std::to_string(node_count) + " nodes");
    }
    if (!is_positive_finite(edge.weight)) {
      throw InvalidArgument(where + ": weight " + to_text(edge.weight) +
                            " is not finite and positive");
    }
  }
}

PairNetwork pair_network(std::span<const Pair> pairs, std::span<const double> item_count,
                         Normalization weight, std::span<const NodeId> also) {
  PairNetwork result;
  std::vector<NodeId>& nodes = result.nodes;
  nodes.reserve(2 * pairs.size() + also.size());
  for (const Pair& pair : pairs) {
    if (pair.a >= pair.b || pair.b == kNoNode) {
      throw InvalidArgument("pair_network: pair (" + std::to_string(pair.a) + ", " +
                            std::to_string(pair.b) + ") is not a < b");
    }
    nodes.push_back(pair.a);
    nodes.push_back(pair.b);
  }
  for (const NodeId v : also) {
    if (v == kNoNode) throw InvalidArgument("pair_network: `also` holds kNoNode");
    nodes.push_back(v);
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  result.network.node_count = static_cast<std::uint32_t>(nodes.size());
  const auto index = [&](NodeId v) {
    return static_cast<std::uint32_t>(std::lower_bound(nodes.begin(), nodes.end(), v) -
                                      nodes.begin());
  };
  result.network.edges.reserve(pairs.size());
  for (const Pair& pair : pairs) {
    const double w = pair_strength(item_count, pair, weight);
    if (!is_positive_finite(w)) continue;
    result.network.edges.push_back({index(pair.a), index(pair.b), w});
  }
  return result;
}

WeightedAdjacency build_adjacency(NodeId num_nodes, std::span<const WeightedEdge> edges) {
  std::vector<WeightedEdge> pairs(edges.begin(), edges.end());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    WeightedEdge& e = pairs[i];
    const std::string where = "co-citation edge " + std::to_string(i) + " (" + std::to_string(e.a) +
                              ", " + std::to_string(e.b) + ")";
    if (e.a >= num_nodes || e.b >= num_nodes) {
      throw InvalidArgument(where + ": endpoint out of range for " + std::to_string(num_nodes) +
                            " nodes");
    }
    if (e.a == e.b) throw InvalidArgument(where + ": a work cannot be co-cited with itself");
    if (!std::isfinite(e.weight) || e.weight <= 0.0) {
      throw InvalidArgument(where + ": weight " + describe(e.weight) +
                            " is not a finite positive number");
    }
    if (e.a > e.b) std::swap(e.a, e.b);
  }
  // Sorting makes every result independent of the edge order, and exposes repeated pairs.
  std::sort(pairs.begin(), pairs.end(), [](const WeightedEdge& x, const WeightedEdge& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  for (std::size_t i = 1; i < pairs.size(); ++i) {
    if (pairs[i].a == pairs[i - 1].a && pairs[i].b == pairs[i - 1].b) {
      throw InvalidArgument("co-citation edge (" + std::to_string(pairs[i].a) + ", " +
                            std::to_string(pairs[i].b) + ") is given more than once");
    }
  }
  WeightedAdjacency net;
  net.num_nodes = num_nodes;
  net.offsets.assign(static_cast<std::size_t>(num_nodes) + 1, 0);
  for (const WeightedEdge& e : pairs) {
    ++net.offsets[e.a + 1];
    ++net.offsets[e.b + 1];
  }
  for (std::size_t v = 0; v < num_nodes; ++v) net.offsets[v + 1] += net.offsets[v];
  net.targets.resize(2 * pairs.size());
  net.weights.resize(2 * pairs.size());
  std::vector<std::uint64_t> fill(net.offsets.begin(), net.offsets.end() - 1);
  // Pairs arrive sorted by (a, b), so row r receives its smaller neighbours (as b) in ascending
  // order before its larger ones (as a), also ascending: every row ends up sorted.
  for (const WeightedEdge& e : pairs) {
    net.targets[fill[e.a]] = e.b;
    net.weights[fill[e.a]++] = e.weight;
    net.targets[fill[e.b]] = e.a;
    net.weights[fill[e.b]++] = e.weight;
  }
  return net;
}

}  // namespace citegraph
