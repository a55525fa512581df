// Leiden clustering through igraph (see the header for the objectives and the method).
#include "citegraph/analysis/clustering.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "analysis/igraph_bridge.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

namespace {

using igraph_bridge::IgraphSession;

// Work budget of the automatic restart count, in node-or-edge visits (see ClusterParams).
constexpr double kRestartBudget = 5e5;

bool is_positive_finite(double value) { return std::isfinite(value) && value > 0; }

std::string to_text(double value) { return std::to_string(value); }

// Renumbers clusters by size (descending), ties by smallest member (ascending); fills sizes.
void canonical_numbering(std::vector<std::uint32_t>& membership,
                         std::vector<std::uint32_t>& sizes) {
  const std::size_t n = membership.size();
  // First-seen order = order of the smallest member, since nodes are visited ascending.
  std::vector<std::uint32_t> first_seen(n, kNoNode);
  std::vector<std::uint32_t> order;  // cluster ids by smallest member
  std::vector<std::uint32_t> count(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    const std::uint32_t c = membership[v];
    if (first_seen[c] == kNoNode) {
      first_seen[c] = static_cast<std::uint32_t>(order.size());
      order.push_back(c);
    }
    ++count[c];
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return count[x] > count[y]; });
  std::vector<std::uint32_t> new_id(n, 0);
  sizes.assign(order.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    new_id[order[i]] = static_cast<std::uint32_t>(i);
    sizes[i] = count[order[i]];
  }
  for (std::uint32_t& c : membership) c = new_id[c];
}

struct Run {
  std::vector<std::uint32_t> membership;
  double quality = 0;
  std::uint32_t iterations = 0;
  bool converged = false;
};

double total_weight(const WeightedNetwork& network) {
  double total = 0;
  for (const WeightedEdge& edge : network.edges) total += edge.weight;
  return total;
}

std::vector<std::uint32_t> endpoints_of(const WeightedNetwork& network) {
  std::vector<std::uint32_t> endpoints;
  endpoints.reserve(2 * network.edges.size());
  for (const WeightedEdge& edge : network.edges) {
    endpoints.push_back(edge.a);
    endpoints.push_back(edge.b);
  }
  return endpoints;
}

std::vector<double> weights_of(const WeightedNetwork& network) {
  std::vector<double> weights;
  weights.reserve(network.edges.size());
  for (const WeightedEdge& edge : network.edges) weights.push_back(edge.weight);
  return weights;
}

// Modularity's node weights: the strengths; CPM has none (empty).
std::vector<double> node_weights_of(const WeightedNetwork& network, ClusterObjective objective) {
  std::vector<double> strength;
  if (objective == ClusterObjective::kModularity) {
    strength.assign(network.node_count, 0);
    for (const WeightedEdge& edge : network.edges) {
      strength[edge.a] += edge.weight;
      strength[edge.b] += edge.weight;
    }
  }
  return strength;
}

// The network as igraph's Leiden takes it. Modularity is CPM with node weights = strengths and
// resolution gamma / 2W (igraph's documented reduction); CPM uses unit node weights (a null
// vector).
class LeidenProblem {
 public:
  LeidenProblem(const WeightedNetwork& network, const ClusterParams& params)
      : graph_(static_cast<std::uint32_t>(network.node_count), endpoints_of(network)),
        edge_weights_(weights_of(network)),
        node_weights_(node_weights_of(network, params.objective)),
        modularity_(params.objective == ClusterObjective::kModularity),
        resolution_(modularity_ ? params.resolution / (2 * total_weight(network))
                                : params.resolution),
        beta_(params.beta) {}

  // One pass of igraph's Leiden into `membership`, from it when `refine`, else from singletons;
  // returns the number of clusters.
  igraph_integer_t run(bool refine, igraph_bridge::IntVector& membership) const {
    igraph_integer_t clusters = 0;
    igraph_real_t igraph_quality = 0;
    IgraphSession::check(
        igraph_community_leiden(graph_.get(), edge_weights_.get(),
                                modularity_ ? node_weights_.get() : nullptr, resolution_, beta_,
                                refine ? 1 : 0, 1, membership.get(), &clusters, &igraph_quality),
        "Leiden clustering");
    return clusters;
  }

 private:
  igraph_bridge::Graph graph_;
  igraph_bridge::RealVector edge_weights_;
  igraph_bridge::RealVector node_weights_;
  bool modularity_ = false;
  double resolution_ = 0;
  double beta_ = 0;
};

// params.restarts, or as many as the work budget allows (1..10).
std::uint32_t restart_count(const WeightedNetwork& network, const ClusterParams& params) {
  if (params.restarts != 0) return params.restarts;
  const double budget =
      kRestartBudget / static_cast<double>(network.node_count + network.edges.size());
  return static_cast<std::uint32_t>(std::clamp(budget, 1.0, 10.0));
}

// Labelled by first appearance, so that an unchanged partition compares equal.
std::vector<std::uint32_t> first_appearance_labels(const igraph_bridge::IntVector& membership,
                                                   std::size_t n, igraph_integer_t clusters) {
  std::vector<std::uint32_t> current(n);
  std::vector<std::uint32_t> label(static_cast<std::size_t>(clusters), kNoNode);
  std::uint32_t next = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const auto c = static_cast<std::size_t>(membership[v]);
    if (label[c] == kNoNode) label[c] = next++;
    current[v] = label[c];
  }
  return current;
}

}  // namespace

std::string_view cluster_objective_name(ClusterObjective objective) {
  switch (objective) {
    case ClusterObjective::kModularity:
      return "modularity";
    case ClusterObjective::kCpm:
      return "cpm";
  }
  throw InvalidArgument("cluster objective " + std::to_string(static_cast<int>(objective)) +
                        " is not one of modularity, cpm");
}

ClusterObjective parse_cluster_objective(std::string_view name) {
  if (name == "modularity") return ClusterObjective::kModularity;
  if (name == "cpm") return ClusterObjective::kCpm;
  throw InvalidArgument("cluster objective '" + std::string(name) +
                        "' is not one of modularity, cpm");
}

void ClusterParams::validate() const {
  (void)cluster_objective_name(objective);
  if (!is_positive_finite(resolution)) {
    throw InvalidArgument("resolution " + to_text(resolution) + " is not finite and positive");
  }
  if (!is_positive_finite(beta)) {
    throw InvalidArgument("beta " + to_text(beta) + " is not finite and positive");
  }
  if (max_iterations < 1 || max_iterations > 1000) {
    throw InvalidArgument("max_iterations " + std::to_string(max_iterations) +
                          " is not in 1..1000");
  }
  if (restarts > 1000) {
    throw InvalidArgument("restarts " + std::to_string(restarts) + " is not in 0..1000");
  }
}

double partition_quality(const WeightedNetwork& network, std::span<const std::uint32_t> membership,
                         ClusterObjective objective, double resolution) {
  const std::size_t n = network.node_count;
  if (membership.size() != n) {
    throw InvalidArgument("partition_quality: membership has " + std::to_string(membership.size()) +
                          " entries for " + std::to_string(n) + " nodes");
  }
  if (!is_positive_finite(resolution)) {
    throw InvalidArgument("resolution " + to_text(resolution) + " is not finite and positive");
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (membership[v] >= n) {
      throw InvalidArgument("partition_quality: node " + std::to_string(v) + " has cluster " +
                            std::to_string(membership[v]) + ", not below " + std::to_string(n));
    }
  }
  std::vector<double> internal(n, 0);  // w_c
  std::vector<double> total(n, 0);     // K_c (modularity) or n_c (CPM)
  double total_weight = 0;             // W
  for (const WeightedEdge& edge : network.edges) {
    total_weight += edge.weight;
    if (edge.a >= n || edge.b >= n) throw InvalidArgument("partition_quality: edge out of range");
    if (membership[edge.a] == membership[edge.b]) internal[membership[edge.a]] += edge.weight;
    if (objective == ClusterObjective::kModularity) {
      total[membership[edge.a]] += edge.weight;
      total[membership[edge.b]] += edge.weight;
    }
  }
  if (objective == ClusterObjective::kCpm) {
    for (std::size_t v = 0; v < n; ++v) total[membership[v]] += 1;
  }
  if (total_weight <= 0) return 0;
  double quality = 0;
  for (std::size_t c = 0; c < n; ++c) {
    if (objective == ClusterObjective::kModularity) {
      const double share = total[c] / (2 * total_weight);
      quality += internal[c] / total_weight - resolution * share * share;
    } else {
      quality += (2 * internal[c] - resolution * total[c] * total[c]) / (2 * total_weight);
    }
  }
  return quality;
}

namespace {

// One restart: Leiden from singletons, then from its own result until the partition no longer
// changes (or max_iterations). `membership` is igraph's buffer, shared by the restarts.
Run leiden_restart(const LeidenProblem& problem, const WeightedNetwork& network,
                   const ClusterParams& params, igraph_bridge::IntVector& membership) {
  Run run;
  std::vector<std::uint32_t> previous;
  for (std::uint32_t iteration = 0; iteration < params.max_iterations; ++iteration) {
    const igraph_integer_t clusters = problem.run(iteration > 0, membership);
    std::vector<std::uint32_t> current =
        first_appearance_labels(membership, network.node_count, clusters);
    ++run.iterations;
    if (current == previous) {
      run.converged = true;
      break;
    }
    previous = std::move(current);
  }
  run.membership = std::move(previous);
  run.quality = partition_quality(network, run.membership, params.objective, params.resolution);
  return run;
}

}  // namespace

ClusterResult cluster_network(const WeightedNetwork& network, const ClusterParams& params) {
  params.validate();
  network.validate();
  const std::size_t n = network.node_count;
  ClusterResult result;
  result.membership.resize(n);
  if (n == 0) {
    result.converged = true;
    return result;
  }
  if (network.edges.empty()) {
    std::iota(result.membership.begin(), result.membership.end(), 0U);
    result.sizes.assign(n, 1);
    result.quality =
        partition_quality(network, result.membership, params.objective, params.resolution);
    result.converged = true;
    return result;
  }

  IgraphSession session(params.seed);
  const LeidenProblem problem(network, params);
  const std::uint32_t restarts = restart_count(network, params);
  igraph_bridge::IntVector membership(n);
  Run best;
  for (std::uint32_t restart = 0; restart < restarts; ++restart) {
    Run run = leiden_restart(problem, network, params, membership);
    if (restart == 0 || run.quality > best.quality) best = std::move(run);
  }

  result.membership = std::move(best.membership);
  canonical_numbering(result.membership, result.sizes);
  result.quality = best.quality;
  result.modularity =
      partition_quality(network, result.membership, ClusterObjective::kModularity, 1.0);
  result.iterations = best.iterations;
  result.converged = best.converged;
  result.restarts = restarts;
  return result;
}

}  // namespace citegraph
