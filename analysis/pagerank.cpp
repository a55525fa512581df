// PageRank of the citation graph (Page, Brin, Motwani & Winograd 1999): power iteration of
//   x'(v) = (1 - d)/n + d * (sum_{u -> v} x(u)/outdeg(u) + D/n),  D = sum_{outdeg(u) = 0} x(u)
// from x = 1/n until the L1 change is < tolerance (or max_iterations), then x / sum(x).
//
// Pull-based, as GAP's PageRankPull: each row v reads the contributions x(u)/outdeg(u) of its
// citing works through in(), so rows are written by exactly one thread and need no atomics.
// Rows are cut into fixed blocks claimed dynamically by the team; the dangling mass and the L1
// change are summed per block and then over blocks in block order, so the result is the same to
// the last bit for any thread count. All buffers are allocated before the first iteration.
// Time O(I (n + m)), memory 4 n doubles.
#include <algorithm>
#include <cmath>
#include <utility>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

IterationReport pagerank(const CitationGraph& graph, const CentralityParams& params,
                         unsigned threads, std::vector<double>& scores) {
  const NodeId n = graph.num_nodes();
  IterationReport report{0, true, 0.0};
  if (n == 0) {
    scores.clear();
    return report;
  }
  const Csr& in = graph.in();
  const Csr& out = graph.out();
  const auto nd = static_cast<double>(n);
  const double damping = params.damping;
  const double teleport = (1.0 - damping) / nd;

  // The reciprocal of the out-degree, 0 for a dangling work (which is also how it is recognised).
  std::vector<double> inverse_out(n);
  for (NodeId v = 0; v < n; ++v) {
    const std::uint64_t degree = out.degree(v);
    inverse_out[v] = degree == 0 ? 0.0 : 1.0 / static_cast<double>(degree);
  }
  std::vector<double> x(n, 1.0 / nd);
  std::vector<double> next(n, 0.0);
  std::vector<double> contribution(n, 0.0);
  const std::uint64_t blocks = row_block_count(n);
  std::vector<double> dangling_part(blocks, 0.0);
  std::vector<double> change_part(blocks, 0.0);
  double* current = x.data();
  double* following = next.data();
  double base = 0.0;  // teleport plus the dangling share, the same for every row
  const std::uint64_t* in_offsets = in.offsets().data();
  const NodeId* in_targets = in.targets().data();
  report.converged = false;

  auto block_fn = [&](unsigned phase, std::uint64_t block) {
    const auto lo = static_cast<NodeId>(block * kRowBlock);
    const auto hi = static_cast<NodeId>(std::min<std::uint64_t>(n, (block + 1) * kRowBlock));
    if (phase == 0) {
      double dangling = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        contribution[v] = current[v] * inverse_out[v];
        if (inverse_out[v] == 0.0) dangling += current[v];
      }
      dangling_part[block] = dangling;
    } else {
      double change = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        double pulled = 0.0;
        for (std::uint64_t e = in_offsets[v]; e < in_offsets[v + 1]; ++e) {
          pulled += contribution[in_targets[e]];
        }
        const double value = base + damping * pulled;
        change += std::fabs(value - current[v]);
        following[v] = value;
      }
      change_part[block] = change;
    }
  };
  auto serial_fn = [&](unsigned phase) noexcept {
    if (phase == 0) {
      base = teleport + damping * ordered_sum(dangling_part) / nd;
      return false;
    }
    ++report.iterations;
    report.residual = ordered_sum(change_part);
    std::swap(current, following);
    report.converged = report.residual < params.tolerance;
    return report.converged || report.iterations >= params.max_iterations;
  };
  run_phased(threads, blocks, 2, block_fn, serial_fn);

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

}  // namespace citegraph::centrality_detail
