// Rank 0's view of a co-citation or coupling run before it is distributed: the sources x works
// incidence after the input filters (corpora, min_citations) exactly as
// analysis/pair_input.cpp applies them, renumbered densely, with what the writer needs to
// turn an integer pair count into a full row of cocitation.csv (item counts, fractional
// context weights, witnesses).
//
// "Contexts" pair "items" (co-citation: citing sources pair cited works; coupling: cited works
// pair citing sources). Items and contexts are numbered densely in node order (only nodes with
// a kept edge get a number), so the order of pairs by dense index is their order by NodeId.
#pragma once

#include <cstdint>
#include <vector>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph::mpi {

struct PairIncidence {
  bool coupling = false;
  bool fractional = false;
  std::vector<NodeId> item_nodes;     // dense item -> node, ascending
  std::vector<NodeId> context_nodes;  // dense context -> node, ascending
  // The matrix M (contexts x items) as coordinates, one per kept edge, context-major (moved
  // into distributed_pair_counts, which releases them once M is distributed).
  std::vector<std::int64_t> context_of_entry;
  std::vector<std::int64_t> item_of_entry;
  // Dense item -> its contexts (as NodeIds, ascending): witnesses and fractional sums.
  std::vector<std::uint64_t> item_offsets;
  std::vector<NodeId> item_contexts;
  // Per node: 1/(k - 1) for a context with k >= 2 kept items (fractional only), else 0.
  std::vector<double> context_weight;
  // Per node: c_i as PairResult::item_count defines it.
  std::vector<double> item_count;
  // Per dense item i: the pair instances of its row, sum over its contexts of the items j > i
  // there (they sum to pair_instances); the distinct pairs of the row are at most this many.
  std::vector<std::uint64_t> row_bound;
  // Sum over contexts of k(k-1)/2: the pair instances the product accumulates.
  std::uint64_t pair_instances = 0;
};

// Throws InvalidArgument for parameters the library would refuse (PairParams::validate).
PairIncidence build_incidence(const CitationGraph& graph, const PairParams& params, bool coupling);

// Consecutive dense item ranges [bounds[b], bounds[b + 1]) whose pair instances (row_bound)
// sum to at most `budget` (a single row above it is a batch of its own). bounds.front() == 0,
// bounds.back() == number of items.
std::vector<std::int64_t> row_batches(const PairIncidence& incidence, std::uint64_t budget);

}  // namespace citegraph::mpi
