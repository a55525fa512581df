// Harmonic closeness of the citation graph (Marchiori & Latora 2000, "Harmony in the
// small-world"; Boldi & Vigna 2014, "Axioms for centrality"):
//   h(v) = sum_{u != v} 1 / d(u, v),   1/inf = 0,
// with d(u, v) the number of citations on a shortest chain from u to v: distances INTO v, as
// networkx.harmonic_centrality on a DiGraph. A work is close when many works reach it through
// short citation chains. Defined on disconnected graphs; not normalised.
//
// Exact: one breadth-first search from every v over in() (the reversed graph), each h(v) summed
// level by level by one thread — the result does not depend on the thread count. Sampled (more
// than exact_closeness_limit nodes; Eppstein & Wang 2004, "Fast approximation of centrality"):
// k pivots u drawn uniformly, one forward search from each over out(), every reached v gets
// 1/d(u, v); the sum is scaled by n/k (unbiased) and the standard error is reported. Pivots
// that cite nothing reach nobody and are not searched.
// Time O(n m) exact, O(k m) sampled; memory O(n) per thread.
#include <algorithm>
#include <atomic>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

namespace {

struct BfsWorkspace {
  explicit BfsWorkspace(NodeId n) : seen((std::size_t{n} + 63) / 64, 0) { queue.reserve(n); }
  // One bit per node, not a distance: n/8 bytes stay in cache where 4n would not, and the
  // distances follow from the queue, which holds the nodes level by level.
  std::vector<std::uint64_t> seen;
  std::vector<NodeId> queue;
};

// Breadth-first search from s along `rows`, calling visit(v, d(s, v)) for every reached v != s
// in the order reached (non-decreasing distance). Leaves the workspace clean for the next search.
template <class Visit>
void bfs(const Csr& rows, NodeId s, BfsWorkspace& ws, Visit&& visit) {
  std::uint64_t* seen = ws.seen.data();
  ws.queue.clear();
  ws.queue.push_back(s);
  seen[s >> 6] |= std::uint64_t{1} << (s & 63);
  std::uint32_t level = 0;
  std::size_t level_end = 1;  // the queue holds level `level` up to here
  for (std::size_t i = 0; i < ws.queue.size(); ++i) {
    if (i == level_end) {
      ++level;
      level_end = ws.queue.size();
    }
    const NodeId v = ws.queue[i];
    if (i != 0) visit(v, level);
    for (const NodeId w : rows.neighbors(v)) {
      const std::uint64_t bit = std::uint64_t{1} << (w & 63);
      if ((seen[w >> 6] & bit) == 0) {
        seen[w >> 6] |= bit;
        ws.queue.push_back(w);
      }
    }
  }
  if (ws.queue.size() > ws.seen.size()) {
    std::fill(ws.seen.begin(), ws.seen.end(), 0);
  } else {
    for (const NodeId v : ws.queue) seen[v >> 6] = 0;
  }
}

}  // namespace

SampledScores harmonic_closeness(const CitationGraph& graph, const CentralityParams& params,
                                 unsigned threads) {
  const NodeId n = graph.num_nodes();
  SampledScores result;
  const std::vector<NodeId> sources =
      choose_sources(n, graph.num_edges(), params.exact_closeness_limit, params.closeness_samples,
                     params.seed, result.report);
  if (!result.report.exact) {
    std::vector<double> sum;
    std::vector<double> sum_sq;
    auto make = [n] { return BfsWorkspace(n); };
    auto kernel = [&graph](BfsWorkspace& ws, NodeId u, auto&& emit) {
      bfs(graph.out(), u, ws, [&](NodeId v, std::uint32_t d) { emit(v, 1.0 / d); });
    };
    // A pivot that cites nothing reaches nobody along citations: it adds 0 everywhere (and
    // still counts among the k pivots), so its search is skipped.
    auto contributes = [&graph](NodeId u) { return graph.out().degree(u) != 0; };
    accumulate_sources<BfsWorkspace>(n, sources, threads, true, sum, sum_sq, make, kernel,
                                     contributes);
    finish_scores(sum, sum_sq, 1.0, result);
    return result;
  }

  result.scores.assign(n, 0.0);
  constexpr NodeId kChunk = 64;
  std::atomic<std::uint64_t> next_chunk{0};
  const auto team = static_cast<unsigned>(
      std::clamp<std::uint64_t>((std::uint64_t{n} + kChunk - 1) / kChunk, 1, threads));
  run_team(team, [&](unsigned) {
    BfsWorkspace ws(n);
    for (std::uint64_t lo = next_chunk.fetch_add(kChunk); lo < n;
         lo = next_chunk.fetch_add(kChunk)) {
      const auto hi = static_cast<NodeId>(std::min<std::uint64_t>(n, lo + kChunk));
      for (auto v = static_cast<NodeId>(lo); v < hi; ++v) {
        // BFS order visits distances in non-decreasing order: sum 1/d per level as count/d.
        double total = 0.0;
        std::uint32_t level = 0;
        std::uint64_t at_level = 0;
        bfs(graph.in(), v, ws, [&](NodeId, std::uint32_t d) {
          if (d != level) {
            if (at_level != 0) total += static_cast<double>(at_level) / level;
            level = d;
            at_level = 0;
          }
          ++at_level;
        });
        if (at_level != 0) total += static_cast<double>(at_level) / level;
        result.scores[v] = total;
      }
    }
  });
  return result;
}

}  // namespace citegraph::centrality_detail
