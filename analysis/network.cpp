// The undirected weighted network of a pair table (co-citation or coupling) as a CSR with both
// directions of every edge (include/citegraph/analysis/network.hpp).
#include "citegraph/analysis/network.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "citegraph/graph/error.hpp"

namespace citegraph {

namespace {

std::string describe(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace

WeightedNetwork build_network(NodeId num_nodes, std::span<const WeightedEdge> edges) {
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
  WeightedNetwork net;
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
