// HITS hubs and authorities of the citation graph (Kleinberg 1999): power iteration of
//   a = A^T h,  h = A a,  each divided by its sum,
// from h = a = 1/n until the L1 change of h plus that of a is < tolerance (or max_iterations).
// A[u][v] = 1 when u cites v: a review citing many authorities is a good hub, a work cited by
// good hubs a good authority — the convention of networkx.hits, which returns the same fixed
// point (the dominant singular vectors of A) normalised the same way.
//
// Three pull passes per iteration over fixed row blocks (a through in(), h through out(), then
// normalisation and the change), with every sum reduced in block order: the result does not
// depend on the thread count. A graph without edges has no dominant singular pair; both vectors
// stay uniform. Time O(I (n + m)), memory 4 n doubles.
#include <algorithm>
#include <cmath>

#include "analysis/centrality_detail.hpp"

namespace citegraph::centrality_detail {

namespace {

// The iteration over the two CSRs' offsets as stored (32- or 64-bit).
template <class InOffset, class OutOffset>
IterationReport hits_rows(const CitationGraph& graph, const InOffset* in_offsets,
                          const OutOffset* out_offsets, const CentralityParams& params,
                          unsigned threads, std::vector<double>& hub,
                          std::vector<double>& authority) {
  const NodeId n = graph.num_nodes();
  IterationReport report{0, true, 0.0};
  const double uniform = n == 0 ? 0.0 : 1.0 / static_cast<double>(n);
  hub.assign(n, uniform);
  authority.assign(n, uniform);
  if (n == 0 || graph.num_edges() == 0) return report;

  const NodeId* in_targets = graph.in().targets().data();
  const NodeId* out_targets = graph.out().targets().data();
  std::vector<double> raw_authority(n, 0.0);
  std::vector<double> raw_hub(n, 0.0);
  const std::uint64_t blocks = row_block_count(n);
  std::vector<double> authority_part(blocks, 0.0);
  std::vector<double> hub_part(blocks, 0.0);
  std::vector<double> authority_change(blocks, 0.0);
  std::vector<double> hub_change(blocks, 0.0);
  double authority_sum = 0.0;
  double hub_sum = 0.0;
  report.converged = false;

  auto block_fn = [&](unsigned phase, std::uint64_t block) {
    const auto lo = static_cast<NodeId>(block * kRowBlock);
    const auto hi = static_cast<NodeId>(std::min<std::uint64_t>(n, (block + 1) * kRowBlock));
    if (phase == 0) {  // a = A^T h: the hub scores of the works citing v
      double part = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        double s = 0.0;
        for (std::uint64_t e = in_offsets[v]; e < in_offsets[v + 1]; ++e) s += hub[in_targets[e]];
        raw_authority[v] = s;
        part += s;
      }
      authority_part[block] = part;
    } else if (phase == 1) {  // h = A a: the authority scores of the works u cites
      // Unnormalised a only rescales h, which is normalised below anyway.
      double part = 0.0;
      for (NodeId u = lo; u < hi; ++u) {
        double s = 0.0;
        for (std::uint64_t e = out_offsets[u]; e < out_offsets[u + 1]; ++e) {
          s += raw_authority[out_targets[e]];
        }
        raw_hub[u] = s;
        part += s;
      }
      hub_part[block] = part;
    } else {
      double change_a = 0.0;
      double change_h = 0.0;
      for (NodeId v = lo; v < hi; ++v) {
        const double a = raw_authority[v] / authority_sum;
        const double h = raw_hub[v] / hub_sum;
        change_a += std::fabs(a - authority[v]);
        change_h += std::fabs(h - hub[v]);
        authority[v] = a;
        hub[v] = h;
      }
      authority_change[block] = change_a;
      hub_change[block] = change_h;
    }
  };
  // With at least one edge u -> v the sums stay positive: h(u) > 0 for every citing u and
  // a(v) > 0 for every cited v, from the uniform start on.
  auto serial_fn = [&](unsigned phase) noexcept {
    if (phase == 0) {
      authority_sum = ordered_sum(authority_part);
      return false;
    }
    if (phase == 1) {
      hub_sum = ordered_sum(hub_part);
      return false;
    }
    ++report.iterations;
    report.residual = ordered_sum(hub_change) + ordered_sum(authority_change);
    report.converged = report.residual < params.tolerance;
    return report.converged || report.iterations >= params.max_iterations;
  };
  run_phased(threads, blocks, 3, block_fn, serial_fn);
  return report;
}

}  // namespace

IterationReport hits(const CitationGraph& graph, const CentralityParams& params, unsigned threads,
                     std::vector<double>& hub, std::vector<double>& authority) {
  return graph.in().offsets().visit([&](const auto* in_offsets) {
    return graph.out().offsets().visit([&](const auto* out_offsets) {
      return hits_rows(graph, in_offsets, out_offsets, params, threads, hub, authority);
    });
  });
}

}  // namespace citegraph::centrality_detail
