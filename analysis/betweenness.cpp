// Shortest-path betweenness (Brandes 2001, "A faster algorithm for betweenness centrality"):
//   b(v) = sum_{s != v != t} sigma_st(v) / sigma_st,
// accumulated per source s as the dependency delta_s(v) = sum_{w: v precedes w}
// sigma_sv / sigma_sw * (1 + delta_s(w)). One source is one breadth-first search (unweighted)
// or one Dijkstra search with a binary heap (weighted), then one sweep back over the nodes in
// non-increasing distance. Successors are found by re-reading v's row (dist(w) == dist(v) +
// len(v, w), the same floating-point test that counted the paths), so no predecessor lists are
// stored.
//
// Directed graphs sum over ordered pairs; undirected ones (both directions stored) count each
// unordered pair twice and are halved, as networkx. Normalised: the double count divided by
// (n-1)(n-2) for n > 2 — the fraction of the pairs not involving v, directed or not.
// Sampled (Brandes & Pich 2007, "Centrality estimation in large networks"): the sum runs over
// k pivots drawn uniformly without replacement and is scaled by n/k; the standard error comes
// from the sample variance of the per-pivot dependencies.
//
// Sources are split into fixed blocks, each summed by one thread, and the block sums are added
// in block order: the same bits for 1 or N threads. Sources without out-edges (cited-only works,
// three quarters of a PubMed-scale citation graph) contribute nothing and are not searched. Time
// O(n m) unweighted, O(n (m + n) log n) weighted (O(k ...) sampled); memory O(n) per thread.
#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

namespace {

struct BrandesWorkspace {
  explicit BrandesWorkspace(NodeId n)
      : sigma(n, 0.0), delta(n, 0.0), distance(n, kUnreached), settled(n, 0) {
    order.reserve(n);
  }
  static constexpr double kUnreached = std::numeric_limits<double>::infinity();
  std::vector<double> sigma;     // shortest paths from the source
  std::vector<double> delta;     // dependency of the source on v
  std::vector<double> distance;  // hops or summed lengths; exact small integers when unweighted
  std::vector<std::uint8_t> settled;
  std::vector<NodeId> order;  // nodes in the order they were settled (non-decreasing distance)
  std::vector<std::pair<double, NodeId>> heap;
};

// Forward search from s filling distance, sigma and order.
void count_paths_unweighted(const AdjacencyView& g, NodeId s, BrandesWorkspace& ws) {
  ws.distance[s] = 0.0;
  ws.sigma[s] = 1.0;
  ws.settled[s] = 1;
  ws.order.push_back(s);
  for (std::size_t i = 0; i < ws.order.size(); ++i) {
    const NodeId v = ws.order[i];
    const double next = ws.distance[v] + 1.0;
    for (std::uint64_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const NodeId w = g.targets[e];
      if (!ws.settled[w]) {
        ws.settled[w] = 1;
        ws.distance[w] = next;
        ws.order.push_back(w);
      }
      if (ws.distance[w] == next) ws.sigma[w] += ws.sigma[v];
    }
  }
}

void count_paths_weighted(const AdjacencyView& g, NodeId s, BrandesWorkspace& ws) {
  using Entry = std::pair<double, NodeId>;
  const auto later = std::greater<Entry>();
  ws.heap.clear();
  ws.distance[s] = 0.0;
  ws.sigma[s] = 1.0;
  ws.heap.emplace_back(0.0, s);
  while (!ws.heap.empty()) {
    std::pop_heap(ws.heap.begin(), ws.heap.end(), later);
    const auto [d, v] = ws.heap.back();
    ws.heap.pop_back();
    if (ws.settled[v] || d > ws.distance[v]) continue;  // a stale entry
    ws.settled[v] = 1;
    ws.order.push_back(v);
    for (std::uint64_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const NodeId w = g.targets[e];
      if (ws.settled[w]) continue;
      const double candidate = d + g.lengths[e];
      if (candidate < ws.distance[w]) {
        ws.distance[w] = candidate;
        ws.sigma[w] = ws.sigma[v];
        ws.heap.emplace_back(candidate, w);
        std::push_heap(ws.heap.begin(), ws.heap.end(), later);
      } else if (candidate == ws.distance[w]) {
        ws.sigma[w] += ws.sigma[v];
      }
    }
  }
}

// Sweeps back over the settled nodes, emitting delta_s(v) for every v != s, and clears the
// workspace for the next source (touching only what this source touched).
template <class Emit>
void accumulate_dependencies(const AdjacencyView& g, NodeId s, BrandesWorkspace& ws, Emit& emit) {
  const bool weighted = g.weighted();
  for (std::size_t i = ws.order.size(); i-- > 0;) {
    const NodeId v = ws.order[i];
    const double dv = ws.distance[v];
    double dependency = 0.0;
    for (std::uint64_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const NodeId w = g.targets[e];
      const double step = weighted ? g.lengths[e] : 1.0;
      if (ws.distance[w] == dv + step && ws.distance[w] > dv) {
        dependency += (1.0 + ws.delta[w]) / ws.sigma[w];
      }
    }
    dependency *= ws.sigma[v];
    ws.delta[v] = dependency;
    if (v != s) emit(v, dependency);
  }
  for (const NodeId v : ws.order) {
    ws.sigma[v] = 0.0;
    ws.delta[v] = 0.0;
    ws.distance[v] = BrandesWorkspace::kUnreached;
    ws.settled[v] = 0;
  }
  ws.order.clear();
}

}  // namespace

SampledScores betweenness(const AdjacencyView& graph, bool undirected,
                          const CentralityParams& params, unsigned threads) {
  const NodeId n = graph.num_nodes();
  SampledScores result;
  const std::vector<NodeId> sources =
      choose_sources(n, graph.targets.size(), params.exact_betweenness_limit,
                     params.betweenness_samples, params.seed, result.report);
  const bool squares = !result.report.exact;
  std::vector<double> sum;
  std::vector<double> sum_sq;
  auto make = [n] { return BrandesWorkspace(n); };
  auto kernel = [&graph](BrandesWorkspace& ws, NodeId s, auto&& emit) {
    if (graph.weighted()) {
      count_paths_weighted(graph, s, ws);
    } else {
      count_paths_unweighted(graph, s, ws);
    }
    accumulate_dependencies(graph, s, ws, emit);
  };
  // A source without out-edges reaches nothing and depends on nobody: its search is skipped (it
  // still counts among the k pivots). In a citation graph most works are cited-only ones.
  auto contributes = [&graph](NodeId s) { return graph.offsets[s + 1] != graph.offsets[s]; };
  accumulate_sources<BrandesWorkspace>(n, sources, threads, squares, sum, sum_sq, make, kernel,
                                       contributes);

  double scale = 1.0;
  if (params.normalized_betweenness) {
    if (n > 2) scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
  } else if (undirected) {
    scale = 0.5;
  }
  finish_scores(sum, sum_sq, scale, result);
  return result;
}

}  // namespace citegraph::centrality_detail
