// Private to analysis/: what the files of the pair engine share (pair_counts.hpp describes the
// method). A run is prepared once (pair_input.cpp: filtered incidence, weights, item counts, row
// work), bounded (pair_estimate.cpp: chunk plan, estimate, memory guard), counted row by row
// (pair_kernel.cpp) on a window of chunks in flight (pair_rows.cpp), and its pairs are stored or
// streamed (pair_counts.cpp). Not installed, not included by other modules.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph::pair_detail {

enum class Mode { kCocitation, kCoupling };

inline Mode mode_of(PairKind kind) {
  return kind == PairKind::kCocitation ? Mode::kCocitation : Mode::kCoupling;
}
inline const char* mode_name(Mode mode) {
  return mode == Mode::kCocitation ? "co-citation" : "coupling";
}

// Which partners a row pairs with.
//   kUpper: j > i, each pair once (no seeds, no top_per_node);
//   kSeed:  every j != i except an earlier seed (that pair belongs to the seed's row);
//   kBoth:  every j != i, each pair from both ends (top_per_node without seeds).
enum class RowMode { kUpper, kSeed, kBoth };

// A chunk of consecutive rows is closed once its pair bound reaches this many pairs (1 MiB of
// records) or its work reaches the per-thread share, so rows of any weight balance over threads
// and a chunk in flight holds little.
inline constexpr std::uint64_t kChunkPairs = std::uint64_t{1} << 16;
// Chunks a worker may run ahead of the emitter, per worker.
inline constexpr std::size_t kWindowPerThread = 8;

inline std::uint64_t saturating_add(std::uint64_t x, std::uint64_t y) {
  return x > std::numeric_limits<std::uint64_t>::max() - y
             ? std::numeric_limits<std::uint64_t>::max()
             : x + y;
}

inline std::uint64_t saturating_mul(std::uint64_t x, std::uint64_t y) {
  if (x != 0 && y > std::numeric_limits<std::uint64_t>::max() / x) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  return x * y;
}

// k(k-1)/2 without overflow for any 64-bit k that a CSR can hold.
inline std::uint64_t choose2(std::uint64_t k) {
  if (k < 2) return 0;
  return k % 2 == 0 ? saturating_mul(k / 2, k - 1) : saturating_mul(k, (k - 1) / 2);
}

// A CSR seen through pointers: either one of the graph's own CSRs or a filtered copy.
struct AdjacencyView {
  OffsetView offsets;
  const NodeId* targets = nullptr;

  [[nodiscard]] std::span<const NodeId> row(NodeId v) const {
    return {targets + offsets[v], static_cast<std::size_t>(offsets[v + 1] - offsets[v])};
  }
  [[nodiscard]] std::uint64_t degree(NodeId v) const { return offsets[v + 1] - offsets[v]; }
};

struct OwnedAdjacency {
  std::vector<std::uint64_t> offsets;
  std::vector<NodeId> targets;

  [[nodiscard]] AdjacencyView view() const {
    return {OffsetView(std::span<const std::uint64_t>(offsets)), targets.data()};
  }
};

// Items -> contexts and contexts -> items after the input filters, both with ascending rows.
// Views into the graph when nothing is filtered (no copy of m edges); otherwise filtered copies.
class Incidence {
 public:
  Incidence(const CitationGraph& graph, const PairParams& params, Mode mode);
  Incidence(const Incidence&) = delete;
  Incidence& operator=(const Incidence&) = delete;

  [[nodiscard]] const AdjacencyView& item_contexts() const { return item_contexts_; }
  [[nodiscard]] const AdjacencyView& context_items() const { return context_items_; }
  [[nodiscard]] std::uint64_t edges() const { return edges_; }
  // Whether the input filters made copies (which the estimate counts).
  [[nodiscard]] bool filtered() const { return filtered_; }

 private:
  void filter(const CitationGraph& graph, const PairParams& params, Mode mode);

  OwnedAdjacency owned_contexts_;  // item -> contexts, when filtered
  OwnedAdjacency owned_items_;     // context -> items, when filtered
  AdjacencyView item_contexts_;
  AdjacencyView context_items_;
  std::uint64_t edges_ = 0;
  bool filtered_ = false;
};

// Everything a run needs before its rows: filtered incidence, weights, item counts, the rows
// and their work. Built identically for an estimate and for a run, so the guard sees the run.
struct Prepared {
  Mode mode = Mode::kCocitation;
  RowMode row_mode = RowMode::kUpper;
  NodeId n = 0;
  std::unique_ptr<Incidence> incidence;
  std::vector<double> context_weight;  // fractional only
  std::vector<double> item_count;
  std::vector<char> is_seed;  // empty without seeds
  std::vector<NodeId> rows;   // the seeds' rows ascending; empty = every node is a row
  // Per node: the accumulations its row performs (kUpper: partners j > i over its contexts;
  // otherwise all partners j != i).
  std::vector<std::uint64_t> work;
  std::uint64_t active_items = 0;    // items with at least one context
  std::uint64_t pair_instances = 0;  // sum over contexts of k(k-1)/2
  std::uint64_t max_work = 0;        // the largest row's work
  bool fractional = false;
  // Items renumbered 0..N-1 in id order when they are a small part of the nodes (coupling:
  // the sources among all works), so the accumulator and its scans span N, not n. Empty when
  // the kernel works on node ids directly.
  std::vector<NodeId> local_targets;  // context -> items in local ids (offsets shared)
  std::vector<NodeId> global;         // local id -> node
  std::vector<NodeId> local;          // node -> local id (kNoNode for a non-item)
  std::vector<char> local_is_seed;    // by local id; kSeed only
  std::size_t dense_size = 0;         // accumulator entries: N or n

  [[nodiscard]] bool compacted() const { return !global.empty(); }
  [[nodiscard]] NodeId local_id(NodeId v) const { return compacted() ? local[v] : v; }
  [[nodiscard]] AdjacencyView local_items() const {
    AdjacencyView items = incidence->context_items();
    if (compacted()) items.targets = local_targets.data();
    return items;
  }

  [[nodiscard]] std::size_t num_rows() const { return rows.empty() ? n : rows.size(); }
  [[nodiscard]] NodeId row(std::size_t r) const {
    return rows.empty() ? static_cast<NodeId>(r) : rows[r];
  }
};

// Validates params and the graph's rows, then builds the run's input (pair_input.cpp).
Prepared prepare(const CitationGraph& graph, const PairParams& params, Mode mode);

// The chunk layout of a run and the pair bounds it implies, for a given min_count.
struct ChunkPlan {
  std::vector<std::size_t> begin;  // row index where each chunk starts; back() = num_rows
  std::uint64_t total_bound = 0;   // sum of the rows' pair bounds
  std::uint64_t max_chunk_bound = 0;
  std::uint64_t max_chunk_work = 0;  // accumulations: bounds the witnesses of a chunk's pairs
};

// Cuts the rows into chunks of about equal work (begin filled only with make_chunks) and
// bounds the pairs each can emit (pair_estimate.cpp).
ChunkPlan plan_chunks(const Prepared& p, unsigned threads, std::uint32_t min_count,
                      std::uint32_t top_per_node, bool make_chunks);

// The pairs of a run by count, from one counting pass that keeps no pair: the guard's second,
// exact look when the degree bound does not fit. Counts from kCap up share one bucket.
struct Census {
  static constexpr std::uint32_t kCap = 64;
  std::array<std::uint64_t, kCap + 1> pairs{};      // distinct pairs with count c
  std::array<std::uint64_t, kCap + 1> instances{};  // the sum of their counts

  // Pairs with count >= m (m > kCap: an upper bound, the last bucket).
  [[nodiscard]] std::uint64_t kept(std::uint32_t m) const {
    std::uint64_t total = 0;
    for (std::uint32_t c = std::min(std::max<std::uint32_t>(m, 1), kCap); c <= kCap; ++c) {
      total += pairs[c];
    }
    return total;
  }
  // Their witnesses (the sum of their counts), likewise.
  [[nodiscard]] std::uint64_t witnesses(std::uint32_t m) const {
    std::uint64_t total = 0;
    for (std::uint32_t c = std::min(std::max<std::uint32_t>(m, 1), kCap); c <= kCap; ++c) {
      total += instances[c];
    }
    return total;
  }
};

// Counts every row once on `threads` threads without keeping a pair (pair_kernel.cpp).
Census take_census(const Prepared& p, unsigned threads);

// The estimate of a prepared run; with budget > 0 and a degree bound above it, a census and
// the search for min_count_that_fits (pair_estimate.cpp).
PairEstimate make_estimate(const Prepared& p, const PairParams& params, bool streamed,
                           std::uint64_t budget, const PairWriterCost& writer);

// The guard: throws PairMemoryError before any pair is counted when the estimate is above
// params.max_pair_memory (pair_estimate.cpp).
void check_memory(const Prepared& p, const PairParams& params, bool streamed);

// Everything a worker reads; shared, immutable during the run.
struct KernelInput {
  const Prepared* p = nullptr;
  std::uint32_t min_count = 1;  // on the number of shared contexts, under both countings
  std::uint32_t top_per_node = 0;
  Normalization rank_by = Normalization::kCount;
};

// Per-thread dense accumulator over the items' local ids, reset through `touched` so a row
// costs its own size, not n.
struct Workspace {
  std::vector<std::uint32_t> count;  // contexts shared with i
  std::vector<double> sum;           // fractional sums
  std::vector<NodeId> touched;       // sized for the largest row; `used` entries valid
  struct Kept {
    NodeId j;
    std::uint32_t count;
    double value;
  };
  std::vector<Kept> kept;  // partners that passed min_count, before sorting (fractional)
  std::vector<std::uint64_t> kept_keys;  // the same as j << 32 | count (whole counts)
  std::vector<std::uint64_t> radix;      // sort_keys' scratch
  std::vector<Pair> scratch;             // top_per_node: the row's kept pairs before selection
  std::size_t used = 0;

  explicit Workspace(const Prepared& p)
      : count(p.dense_size, 0),
        sum(p.fractional ? p.dense_size : 0, 0.0),
        touched(static_cast<std::size_t>(std::min<std::uint64_t>(p.dense_size, p.max_work))) {}
};

// Computes row i and appends its kept pairs to `out` as (a < b) records; returns the row's
// distinct partners (kBoth: every pair is seen from both ends).
using RowFunction = std::uint64_t (*)(NodeId, const KernelInput&, Workspace&, PairArray&);

// The kernel instantiated for the run's counting and row mode (pair_kernel.cpp).
RowFunction row_function(bool fractional, RowMode mode);

// What a chunk hands to the emitter: its pairs, or (with a formatter) their text.
struct ChunkOutput {
  PairArray pairs;
  std::string text;
  std::uint64_t count = 0;  // pairs in the chunk
};

struct RunTotals {
  std::uint64_t candidate_pairs = 0;
  unsigned threads = 1;
};

using ChunkEmit = std::function<void(ChunkOutput&&)>;

// Computes the chunks on `threads` workers while the calling thread hands finished chunks to
// `emit` in row order (so writing overlaps counting); pair_rows.cpp.
RunTotals run_rows(const Prepared& p, const KernelInput& in, unsigned threads,
                   const PairFormatter* format, const ChunkEmit& emit);

}  // namespace citegraph::pair_detail
