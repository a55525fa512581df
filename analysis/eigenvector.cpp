// Eigenvector centrality of the weighted co-citation network (Bonacich 1972, "Factoring and
// weighting approaches to status scores and clique identification"): the dominant eigenvector
// x of the symmetric weighted adjacency matrix A, ||x||_2 = 1, x >= 0.
//
// As networkx.eigenvector_centrality: power iteration x <- (A + I) x / ||(A + I) x||_2 from
// x = 1/n until the L1 change is < tolerance (networkx stops at n * tol). The shift by I has
// the same eigenvectors and keeps the iteration from oscillating between the two sides of a
// bipartite component (eigenvalues +l and -l). On a disconnected network the components
// without the largest eigenvalue decay to 0. The eigenvalue reported is the Rayleigh quotient
// x^T A x. The sparse products are Eigen's, on a row-major map of the CSR (no copy of the
// values). Time O(I (n + m)), memory O(n + m) for 64-bit indices.
#include <cmath>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

IterationReport eigenvector(const AdjacencyView& graph, std::span<const double> weights,
                            const CentralityParams& params, std::vector<double>& scores,
                            double& eigenvalue) {
  using Index = std::int64_t;
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;
  const NodeId n = graph.num_nodes();
  IterationReport report{0, true, 0.0};
  eigenvalue = 0.0;
  if (n == 0) {
    scores.clear();
    return report;
  }
  // Eigen wants one signed index type for rows and columns.
  std::vector<Index> outer(graph.offsets.begin(), graph.offsets.end());
  std::vector<Index> inner(graph.targets.begin(), graph.targets.end());
  const Eigen::Map<const Matrix> a(n, n, static_cast<Index>(weights.size()), outer.data(),
                                   inner.data(), weights.data());

  Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  Eigen::VectorXd y(n);
  report.converged = false;
  while (report.iterations < params.max_iterations) {
    y.noalias() = a * x;
    y += x;
    double norm = y.norm();
    // (A + I) x > 0 for x > 0, so the norm is positive; guard as networkx does anyway.
    if (norm == 0.0) norm = 1.0;
    y /= norm;
    report.residual = (y - x).lpNorm<1>();
    x.swap(y);
    ++report.iterations;
    if (report.residual < params.tolerance) {
      report.converged = true;
      break;
    }
  }
  y.noalias() = a * x;
  eigenvalue = x.dot(y);
  scores.assign(x.data(), x.data() + n);
  return report;
}

}  // namespace citegraph::centrality_detail
