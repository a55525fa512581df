// Eigenvector centrality of the weighted co-citation network (Bonacich 1972, "Factoring and
// weighting approaches to status scores and clique identification"): the dominant eigenvector
// x of the symmetric weighted adjacency matrix A, ||x||_2 = 1, x >= 0.
//
// As networkx.eigenvector_centrality: power iteration x <- (A + I) x / ||(A + I) x||_2 from
// x = 1/n until the L1 change is < tolerance (networkx stops at n * tol). The shift by I has
// the same eigenvectors and keeps the iteration from oscillating between the two sides of a
// bipartite component (eigenvalues +l and -l). On a disconnected network the components
// without the largest eigenvalue decay to 0. The eigenvalue reported is the Rayleigh quotient
// x^T A x. The sparse product y = (A + I) x runs over the CSR as it is, on the same fixed row
// blocks as PageRank and HITS (each row summed in edge order by one thread, so the bits do not
// depend on the thread count); Eigen does the dense vector algebra (norm, L1 change, dot) on
// maps of those vectors. No copy of the graph is made. Time O(I (n + m)), memory 2 n doubles.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

IterationReport eigenvector(const AdjacencyView& graph, std::span<const double> weights,
                            const CentralityParams& params, unsigned threads,
                            std::vector<double>& scores, double& eigenvalue) {
  const NodeId n = graph.num_nodes();
  IterationReport report{0, true, 0.0};
  eigenvalue = 0.0;
  if (n == 0) {
    scores.clear();
    return report;
  }
  const OffsetView offsets = graph.offsets;
  const NodeId* targets = graph.targets.data();
  const double* w = weights.data();
  std::vector<double> x(n, 1.0 / static_cast<double>(n));
  std::vector<double> y(n, 0.0);
  const auto size = static_cast<Eigen::Index>(n);
  // shift = 1: y = (A + I) x; shift = 0: y = A x (for the Rayleigh quotient at the end).
  double shift = 1.0;
  auto block_fn = [&](unsigned /*phase*/, std::uint64_t block) {
    const auto lo = static_cast<NodeId>(block * kRowBlock);
    const auto hi = static_cast<NodeId>(std::min<std::uint64_t>(n, (block + 1) * kRowBlock));
    for (NodeId v = lo; v < hi; ++v) {
      double s = 0.0;
      for (std::uint64_t e = offsets[v]; e < offsets[v + 1]; ++e) s += w[e] * x[targets[e]];
      y[v] = shift == 0.0 ? s : s + x[v];
    }
  };
  report.converged = false;
  auto iterate = [&](unsigned /*phase*/) noexcept {
    Eigen::Map<Eigen::VectorXd> ym(y.data(), size);
    const Eigen::Map<const Eigen::VectorXd> xm(x.data(), size);
    double norm = ym.norm();
    // (A + I) x > 0 for x > 0, so the norm is positive; guard as networkx does anyway.
    if (norm == 0.0) norm = 1.0;
    ym /= norm;
    report.residual = (ym - xm).lpNorm<1>();
    x.swap(y);
    ++report.iterations;
    report.converged = report.residual < params.tolerance;
    return report.converged || report.iterations >= params.max_iterations;
  };
  const std::uint64_t blocks = row_block_count(n);
  if (params.max_iterations > 0) run_phased(threads, blocks, 1, block_fn, iterate);
  shift = 0.0;
  auto once = [](unsigned) noexcept { return true; };
  run_phased(threads, blocks, 1, block_fn, once);
  eigenvalue = Eigen::Map<const Eigen::VectorXd>(x.data(), size)
                   .dot(Eigen::Map<const Eigen::VectorXd>(y.data(), size));
  scores = std::move(x);
  return report;
}

}  // namespace citegraph::centrality_detail
