// PageRank of the citation graph (Page, Brin, Motwani & Winograd 1999): power iteration of
//   x'(v) = (1 - d)/n + d * (sum_{u -> v} x(u)/outdeg(u) + D/n),  D = sum_{outdeg(u) = 0} x(u)
// from x = 1/n until the L1 change is < tolerance (or max_iterations), then x / sum(x).
//
// Pull-based, as GAP's PageRankPull: each row v reads the contributions x(u)/outdeg(u) of its
// citing works through in(), so rows are written by exactly one thread and need no atomics.
// Only works with references contribute, and in a citation graph they are a minority (about a
// quarter at PubMed scale: most nodes are cited-only works), so the contributions are kept for
// those works only, numbered densely in node order: the array the inner loop gathers from at
// random is several times smaller than n doubles and stays in cache where an n-sized one would
// not. The in-edges are renumbered once into these dense ranks. Each row writes its own next
// contribution (or adds to the dangling mass) as it is computed, so one pass over the rows
// makes one iteration.
//
// Rows are cut into fixed blocks claimed dynamically by the team; the dangling mass and the L1
// change are summed per block and then over blocks in block order, so the result is the same to
// the last bit for any thread count. All buffers are allocated before the first iteration.
// Time O(I (n + m)); memory 2 n doubles, 3 doubles per citing work, n + m 32-bit ranks.
#include <algorithm>
#include <cmath>
#include <utility>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

namespace {

// The iteration over the two CSRs' offsets as stored (32- or 64-bit).
template <class InOffset, class OutOffset>
IterationReport pagerank_rows(const CitationGraph& graph, const InOffset* in_offsets,
                              const OutOffset* out_offsets, const CentralityParams& params,
                              unsigned threads, std::vector<double>& scores) {
  const NodeId n = graph.num_nodes();
  IterationReport report{0, true, 0.0};
  if (n == 0) {
    scores.clear();
    return report;
  }
  const Csr& in = graph.in();
  const auto nd = static_cast<double>(n);
  const double damping = params.damping;
  const double teleport = (1.0 - damping) / nd;
  const NodeId* in_targets = in.targets().data();
  const std::uint64_t blocks = row_block_count(n);

  // rank_start[b]: citing works (out-degree > 0) in the blocks before b; the dense rank of a
  // citing work is its position among them.
  std::vector<NodeId> rank_start(blocks + 1, 0);
  for (std::uint64_t block = 0; block < blocks; ++block) {
    const std::uint64_t hi = std::min<std::uint64_t>(n, (block + 1) * kRowBlock);
    NodeId citing = rank_start[block];
    for (std::uint64_t v = block * kRowBlock; v < hi; ++v) {
      citing += out_offsets[v + 1] != out_offsets[v] ? 1 : 0;
    }
    rank_start[block + 1] = citing;
  }
  const NodeId citing = rank_start[blocks];
  std::vector<NodeId> rank(n, 0);
  std::vector<NodeId> in_ranked(in.num_edges());  // in_targets renumbered; all of them cite
  std::vector<double> x(n, 1.0 / nd);
  std::vector<double> next(n, 0.0);
  std::vector<double> inverse_out(citing);
  std::vector<double> contribution(citing);
  std::vector<double> next_contribution(citing);
  std::vector<double> dangling_part(blocks, 0.0);
  std::vector<double> change_part(blocks, 0.0);
  double* current = x.data();
  double* following = next.data();
  double* gather = contribution.data();
  double* scatter = next_contribution.data();
  double base = 0.0;  // teleport plus the dangling share, the same for every row
  report.converged = false;

  // Two steps set up: rank the citing works and compute their first contributions, then
  // renumber the in-edges (a pass of its own: fused into the first iteration it was slower, the
  // gather then waiting on the rank lookup). Every later step is one iteration.
  enum Step : unsigned { kRank, kRenumber, kIterate };
  unsigned step = kRank;

  auto block_fn = [&](unsigned, std::uint64_t block) {
    const auto lo = static_cast<NodeId>(block * kRowBlock);
    const auto hi = static_cast<NodeId>(std::min<std::uint64_t>(n, (block + 1) * kRowBlock));
    if (step == kIterate) {
      NodeId r = rank_start[block];
      double change = 0.0;
      double dangling = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        double pulled = 0.0;
        for (std::uint64_t e = in_offsets[v]; e < in_offsets[v + 1]; ++e) {
          pulled += gather[in_ranked[e]];
        }
        const double value = base + damping * pulled;
        change += std::fabs(value - current[v]);
        following[v] = value;
        if (out_offsets[v + 1] != out_offsets[v]) {
          scatter[r] = value * inverse_out[r];
          ++r;
        } else {
          dangling += value;
        }
      }
      change_part[block] = change;
      dangling_part[block] = dangling;
    } else if (step == kRank) {
      NodeId r = rank_start[block];
      double dangling = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        const std::uint64_t degree = out_offsets[v + 1] - out_offsets[v];
        if (degree != 0) {
          rank[v] = r;
          inverse_out[r] = 1.0 / static_cast<double>(degree);
          contribution[r] = current[v] * inverse_out[r];
          ++r;
        } else {
          dangling += current[v];
        }
      }
      dangling_part[block] = dangling;
    } else {
      for (std::uint64_t e = in_offsets[lo]; e < in_offsets[hi]; ++e) {
        in_ranked[e] = rank[in_targets[e]];
      }
    }
  };
  auto serial_fn = [&](unsigned) noexcept {
    if (step == kRank) {
      base = teleport + damping * ordered_sum(dangling_part) / nd;
      step = kRenumber;
      return false;
    }
    if (step == kRenumber) {
      step = kIterate;
      return false;
    }
    ++report.iterations;
    report.residual = ordered_sum(change_part);
    std::swap(current, following);
    std::swap(gather, scatter);
    base = teleport + damping * ordered_sum(dangling_part) / nd;
    report.converged = report.residual < params.tolerance;
    return report.converged || report.iterations >= params.max_iterations;
  };
  run_phased(threads, blocks, 1, block_fn, serial_fn);

  // Rounding drifts the sum from 1 by a few ulps per iteration; the blocks fix the order.
  double total = 0.0;
  for (std::uint64_t block = 0; block < blocks; ++block) {
    double part = 0.0;
    const std::uint64_t hi = std::min<std::uint64_t>(n, (block + 1) * kRowBlock);
    for (std::uint64_t v = block * kRowBlock; v < hi; ++v) part += current[v];
    total += part;
  }
  scores.assign(current, current + n);
  for (double& s : scores) s /= total;
  return report;
}

}  // namespace

IterationReport pagerank(const CitationGraph& graph, const CentralityParams& params,
                         unsigned threads, std::vector<double>& scores) {
  return graph.in().offsets().visit([&](const auto* in_offsets) {
    return graph.out().offsets().visit([&](const auto* out_offsets) {
      return pagerank_rows(graph, in_offsets, out_offsets, params, threads, scores);
    });
  });
}

}  // namespace citegraph::centrality_detail
