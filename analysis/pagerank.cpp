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

// rank_start[b]: citing works (out-degree > 0) in the blocks before b; the dense rank of a
// citing work is its position among them.
template <class OutOffset>
std::vector<NodeId> citing_rank_starts(NodeId n, const OutOffset* out_offsets,
                                       std::uint64_t blocks) {
  std::vector<NodeId> rank_start(blocks + 1, 0);
  for (std::uint64_t block = 0; block < blocks; ++block) {
    const std::uint64_t hi = std::min<std::uint64_t>(n, (block + 1) * kRowBlock);
    NodeId citing = rank_start[block];
    for (std::uint64_t v = block * kRowBlock; v < hi; ++v) {
      citing += out_offsets[v + 1] != out_offsets[v] ? 1 : 0;
    }
    rank_start[block + 1] = citing;
  }
  return rank_start;
}

// The buffers of one run, all allocated before the first iteration, and the three passes over
// a block of rows: rank the citing works and compute their first contributions, renumber the
// in-edges into those ranks, iterate.
template <class InOffset, class OutOffset>
struct PullRun {
  PullRun(const CitationGraph& graph, const InOffset* stored_in_offsets,
          const OutOffset* stored_out_offsets, double damping_factor)
      : n(graph.num_nodes()),
        in_offsets(stored_in_offsets),
        out_offsets(stored_out_offsets),
        in_targets(graph.in().targets().data()),
        damping(damping_factor),
        blocks(row_block_count(n)),
        rank_start(citing_rank_starts(n, out_offsets, blocks)),
        rank(n, 0),
        in_ranked(graph.in().num_edges()),
        x(n, 1.0 / static_cast<double>(n)),
        next(n, 0.0),
        inverse_out(rank_start[blocks]),
        contribution(rank_start[blocks]),
        next_contribution(rank_start[blocks]),
        dangling_part(blocks, 0.0),
        change_part(blocks, 0.0) {}

  [[nodiscard]] NodeId block_begin(std::uint64_t block) const {
    return static_cast<NodeId>(block * kRowBlock);
  }
  [[nodiscard]] NodeId block_end(std::uint64_t block) const {
    return static_cast<NodeId>(std::min<std::uint64_t>(n, (block + 1) * kRowBlock));
  }

  // Dense ranks, 1/outdeg and first contributions of the block's citing works; its dangling mass.
  void rank_block(std::uint64_t block) {
    const NodeId hi = block_end(block);
    NodeId r = rank_start[block];
    double dangling = 0.0;
    for (NodeId v = block_begin(block); v < hi; ++v) {
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
  }

  // The block's in-edges renumbered into the citing works' ranks (all of them cite).
  void renumber_block(std::uint64_t block) {
    const std::uint64_t last = in_offsets[block_end(block)];
    for (std::uint64_t e = in_offsets[block_begin(block)]; e < last; ++e) {
      in_ranked[e] = rank[in_targets[e]];
    }
  }

  // One iteration over the block's rows: each row pulls its citers' contributions, then writes
  // its own next contribution (or adds to the dangling mass).
  void iterate_block(std::uint64_t block) {
    // Locals: the stores below are doubles, which could alias double members.
    const double* const pull_from = gather;
    double* const push_to = scatter;
    const double* const now = current;
    double* const then = following;
    const double row_base = base;
    const double factor = damping;
    const NodeId hi = block_end(block);
    NodeId r = rank_start[block];
    double change = 0.0;
    double dangling = 0.0;
    for (NodeId v = block_begin(block); v < hi; ++v) {
      double pulled = 0.0;
      for (std::uint64_t e = in_offsets[v]; e < in_offsets[v + 1]; ++e) {
        pulled += pull_from[in_ranked[e]];
      }
      const double value = row_base + factor * pulled;
      change += std::fabs(value - now[v]);
      then[v] = value;
      if (out_offsets[v + 1] != out_offsets[v]) {
        push_to[r] = value * inverse_out[r];
        ++r;
      } else {
        dangling += value;
      }
    }
    change_part[block] = change;
    dangling_part[block] = dangling;
  }

  // Teleport plus the dangling share of the last pass, the same for every row.
  void update_base() {
    const auto nd = static_cast<double>(n);
    base = (1.0 - damping) / nd + damping * ordered_sum(dangling_part) / nd;
  }

  NodeId n;
  const InOffset* in_offsets;
  const OutOffset* out_offsets;
  const NodeId* in_targets;
  double damping;
  std::uint64_t blocks;
  std::vector<NodeId> rank_start;
  std::vector<NodeId> rank;
  std::vector<NodeId> in_ranked;  // in_targets renumbered; all of them cite
  std::vector<double> x;
  std::vector<double> next;
  std::vector<double> inverse_out;
  std::vector<double> contribution;
  std::vector<double> next_contribution;
  std::vector<double> dangling_part;
  std::vector<double> change_part;
  double* current = x.data();
  double* following = next.data();
  double* gather = contribution.data();
  double* scatter = next_contribution.data();
  double base = 0.0;
};

// scores = x / sum(x). Rounding drifts the sum from 1 by a few ulps per iteration; the blocks fix
// the order of the sum.
void normalized_scores(const double* x, NodeId n, std::vector<double>& scores) {
  double total = 0.0;
  for (std::uint64_t block = 0; block < row_block_count(n); ++block) {
    double part = 0.0;
    const std::uint64_t hi = std::min<std::uint64_t>(n, (block + 1) * kRowBlock);
    for (std::uint64_t v = block * kRowBlock; v < hi; ++v) part += x[v];
    total += part;
  }
  scores.assign(x, x + n);
  for (double& s : scores) s /= total;
}

// The iteration over the two CSRs' offsets as stored (32- or 64-bit).
template <class InOffset, class OutOffset>
IterationReport pagerank_rows(const CitationGraph& graph, const InOffset* in_offsets,
                              const OutOffset* out_offsets, const CentralityParams& params,
                              unsigned threads, std::vector<double>& scores) {
  IterationReport report{0, true, 0.0};
  if (graph.num_nodes() == 0) {
    scores.clear();
    return report;
  }
  PullRun<InOffset, OutOffset> run(graph, in_offsets, out_offsets, params.damping);
  report.converged = false;

  // Two steps set up: rank the citing works and compute their first contributions, then
  // renumber the in-edges (a pass of its own: fused into the first iteration it was slower, the
  // gather then waiting on the rank lookup). Every later step is one iteration.
  enum Step : unsigned { kRank, kRenumber, kIterate };
  unsigned step = kRank;
  auto block_fn = [&](unsigned, std::uint64_t block) {
    if (step == kIterate) {
      run.iterate_block(block);
    } else if (step == kRank) {
      run.rank_block(block);
    } else {
      run.renumber_block(block);
    }
  };
  auto serial_fn = [&](unsigned) noexcept {
    if (step == kRank) {
      run.update_base();
      step = kRenumber;
      return false;
    }
    if (step == kRenumber) {
      step = kIterate;
      return false;
    }
    ++report.iterations;
    report.residual = ordered_sum(run.change_part);
    std::swap(run.current, run.following);
    std::swap(run.gather, run.scatter);
    run.update_base();
    report.converged = report.residual < params.tolerance;
    return report.converged || report.iterations >= params.max_iterations;
  };
  run_phased(threads, run.blocks, 1, block_fn, serial_fn);
  normalized_scores(run.current, run.n, scores);
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
