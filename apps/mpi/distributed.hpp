// The distributed kernels of citegraph-mpi, on CombBLAS (Buluc & Gilbert, "The Combinatorial
// BLAS: design, implementation, and applications", IJHPCA 2011): sparse matrices on a square
// process grid (SpParMat), SpGEMM for co-citation/coupling and SpMV for PageRank. Every function
// here is collective: every rank of MPI_COMM_WORLD calls it, in the same order; arguments marked
// "rank 0" are read on rank 0 only.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "citegraph/analysis/centrality.hpp"

namespace citegraph::mpi {

// One entry of a product: dense row and column indices and the number of shared contexts.
struct CountEntry {
  std::int64_t a;
  std::int64_t b;
  double count;
};

// Receives one batch of entries on rank 0, sorted by (a, b); returns false to stop (every rank
// then stops after this batch).
using BatchSink = std::function<bool(std::span<const CountEntry>)>;

struct PairRunStats {
  std::uint64_t batches = 0;
  std::uint64_t entries = 0;  // entries handed to the sink
  double product_seconds = 0;
  double gather_seconds = 0;
  double sink_seconds = 0;
  bool stopped = false;  // the sink asked to stop
};

// C = M^T M for the contexts x items 0/1 matrix M given by its coordinates (rank 0), computed
// in batches of rows of C: for rows [bounds[b], bounds[b + 1]) the rows of M^T in that range
// times M, pruned to the upper triangle (b > a) and to counts >= min_count, gathered to rank 0,
// sorted and handed to `sink`. At most one batch of C exists at any time, spread over the ranks;
// only that batch's entries are ever on rank 0. bounds: rank 0 (broadcast here). The coordinate
// arrays are released once the matrix is distributed (pass them with std::move).
PairRunStats distributed_pair_counts(std::int64_t contexts, std::int64_t items,
                                     std::vector<std::int64_t> context_of_entry,
                                     std::vector<std::int64_t> item_of_entry,
                                     std::vector<std::int64_t> bounds, std::uint32_t min_count,
                                     const BatchSink& sink);

struct PageRankRun {
  std::vector<double> scores;  // rank 0 only: per node, sums to 1
  IterationReport report;      // every rank
  std::uint64_t edges = 0;     // every rank
  double seconds = 0;          // the iterations, every rank
};

// PageRank of the n-node graph with edges source[e] -> target[e] (rank 0) by SpMV on the
// transposed adjacency: x'(v) = (1 - d)/n + d * (sum_{u -> v} x(u)/outdeg(u) + D/n), D the mass
// of works without references, from x = 1/n until the L1 change is < tolerance or
// max_iterations, then x / sum(x) — analysis/pagerank.cpp's iteration. Sums run in another
// order than the library's, so scores agree to rounding, not to the bit. The edge arrays are
// released once the matrix is distributed (pass them with std::move).
PageRankRun distributed_pagerank(std::int64_t n, std::vector<std::int64_t> source,
                                 std::vector<std::int64_t> target, const CentralityParams& params);

}  // namespace citegraph::mpi
