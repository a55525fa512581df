// The pre-run size of a pair run: the chunk plan and the pairs each row can keep, the peak-bytes
// bound, the census and min_count search when the bound does not fit a budget, and the guard
// that refuses a run before it counts (PairParams::max_pair_memory). See pair_counts.hpp
// (PairEstimate) and pair_detail.hpp.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "analysis/pair_detail.hpp"

namespace citegraph::pair_detail {

namespace {

// The pairs row i can emit: none if i has fewer than min_count contexts; at most its work /
// min_count distinct partners (each kept one needs min_count accumulations); at most the items
// with min_count contexts it can pair with (eligible_after: those above i, eligible: all);
// at most K with top_per_node.
std::uint64_t row_bound(const Prepared& p, NodeId i, std::uint64_t eligible_after,
                        std::uint64_t eligible, std::uint32_t min_count,
                        std::uint32_t top_per_node) {
  const std::uint64_t m = std::max<std::uint32_t>(1, min_count);
  if (p.incidence->item_contexts().degree(i) < m) return 0;
  std::uint64_t bound = p.work[i] / m;
  const std::uint64_t partners = p.row_mode == RowMode::kUpper ? eligible_after : eligible - 1;
  bound = std::min(bound, partners);
  if (p.row_mode == RowMode::kBoth) bound = std::min<std::uint64_t>(bound, top_per_node);
  return bound;
}

}  // namespace

ChunkPlan plan_chunks(const Prepared& p, unsigned threads, std::uint32_t min_count,
                      std::uint32_t top_per_node, bool make_chunks) {
  ChunkPlan plan;
  const std::size_t rows = p.num_rows();
  if (rows == 0 || p.incidence == nullptr) {
    plan.begin.push_back(0);
    return plan;
  }
  const AdjacencyView& contexts = p.incidence->item_contexts();
  std::uint64_t total_work = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    total_work = saturating_add(total_work, p.work[p.row(r)] + contexts.degree(p.row(r)));
  }
  const std::uint64_t target_work =
      std::max<std::uint64_t>(total_work / (static_cast<std::uint64_t>(threads) * 64), 4096);
  // Items that can be in a kept pair (min_count contexts), in all and up to the current row.
  const std::uint64_t m = std::max<std::uint32_t>(1, min_count);
  std::uint64_t eligible = 0;
  for (NodeId v = 0; v < p.n; ++v) eligible += contexts.degree(v) >= m ? 1 : 0;
  std::uint64_t eligible_upto = 0;
  NodeId next_node = 0;
  std::uint64_t chunk_work = 0;
  std::uint64_t chunk_bound = 0;
  if (make_chunks) plan.begin.push_back(0);
  for (std::size_t r = 0; r < rows; ++r) {
    const NodeId i = p.row(r);
    for (; next_node <= i; ++next_node) eligible_upto += contexts.degree(next_node) >= m ? 1 : 0;
    const std::uint64_t bound =
        row_bound(p, i, eligible - eligible_upto, eligible, min_count, top_per_node);
    plan.total_bound = saturating_add(plan.total_bound, bound);
    chunk_work = saturating_add(chunk_work, p.work[i] + contexts.degree(i));
    chunk_bound = saturating_add(chunk_bound, bound);
    if (chunk_work >= target_work || chunk_bound >= kChunkPairs || r + 1 == rows) {
      plan.max_chunk_bound = std::max(plan.max_chunk_bound, chunk_bound);
      plan.max_chunk_work = std::max(plan.max_chunk_work, chunk_work);
      if (make_chunks) plan.begin.push_back(r + 1);
      chunk_work = 0;
      chunk_bound = 0;
    }
  }
  return plan;
}

namespace {

// The peak-bytes bound of a run (PairEstimate::bytes_upper_bound) for the given min_count;
// with a census, the pairs and witnesses the run keeps are exact instead of bounds.
std::uint64_t run_bytes(const Prepared& p, const PairParams& params, bool streamed,
                        const ChunkPlan& bound_plan, const PairWriterCost& writer,
                        const Census* census, std::uint32_t min_count) {
  ChunkPlan plan = bound_plan;
  std::uint64_t witnesses = p.pair_instances;
  if (census != nullptr) {
    // top_per_node rows see each pair from both ends before merging.
    const std::uint64_t ends = p.row_mode == RowMode::kBoth ? 2 : 1;
    plan.total_bound = std::min(plan.total_bound, saturating_mul(ends, census->kept(min_count)));
    witnesses = std::min(witnesses, census->witnesses(min_count));
  }
  constexpr std::uint64_t kPair = sizeof(Pair);
  const std::uint64_t n = p.n;
  const std::uint64_t threads = params.threads;
  const bool seeds = !params.seeds.empty();
  std::uint64_t bytes = 0;
  auto add = [&bytes](std::uint64_t x) { bytes = saturating_add(bytes, x); };
  // The kept pairs.
  if (!streamed) {
    std::uint64_t stored = plan.total_bound;
    if (params.top > 0 && p.row_mode != RowMode::kBoth && !(seeds && params.top_per_node > 0)) {
      // Pruned back to `top` whenever the buffer passes 2 top.
      stored =
          std::min(stored, saturating_add(saturating_mul(params.top, 2), plan.max_chunk_bound));
    }
    add(saturating_mul(stored, kPair) / 4 * 5 + 16 * kPair);  // realloc growth by 1/4
    add(saturating_mul(std::min(stored, writer.max_rows), writer.bytes_per_pair));
    add(saturating_mul(witnesses, writer.bytes_per_witness));
    if (seeds && params.top_per_node > 0) {
      // Per-node incidence index of the stored pairs: offsets, two entries and a mark per pair.
      add(saturating_mul(n + 1, 8));
      add(saturating_mul(plan.total_bound, 2 * 8 + 1));
    }
  }
  // Chunks computed but not yet emitted: disjoint parts of the output (one at a time on one
  // thread). A streamed run may hold them as the caller's text: writer bytes per pair, and
  // per witness at most the chunks' accumulations.
  const std::uint64_t window = threads <= 1 ? 1 : threads * kWindowPerThread;
  const std::uint64_t in_flight =
      std::min(saturating_mul(window, plan.max_chunk_bound), plan.total_bound);
  add(saturating_mul(in_flight, kPair + (streamed ? writer.bytes_per_pair : 0)));
  if (streamed) {
    add(saturating_mul(std::min(saturating_mul(window, plan.max_chunk_work), p.pair_instances),
                       writer.bytes_per_witness));
  }
  // Per thread: the dense counters (and sums), the touched list, top_per_node's row scratch.
  const std::uint64_t dense = p.dense_size;
  const std::uint64_t row_partners = std::min(dense, p.max_work);
  std::uint64_t per_thread = dense * 4 + row_partners * 4;
  if (p.fractional) per_thread += dense * 8;
  // min_count's kept list, or top_per_node's row scratch.
  per_thread += row_partners * (p.row_mode == RowMode::kBoth ? kPair + 16 : 16);
  add(saturating_mul(per_thread, threads));
  // Per node: item counts, row work, weights, seed marks, chunk starts.
  add(n * 8 + n * 8 + (p.fractional ? n * 8 : 0) + (seeds ? n + params.seeds.size() * 4 : 0));
  add((n + 2) * 8);
  // The renumbered items.
  if (p.compacted()) {
    add(saturating_mul(p.incidence->edges(), sizeof(NodeId)) + n * 4 + dense * 4);
  }
  if (seeds) add(dense);
  // Filtered copies of both CSRs, and the degree array that builds them.
  if (p.incidence != nullptr && p.incidence->filtered()) {
    add(2 * (n + 1) * 8 + saturating_mul(p.incidence->edges(), 2 * sizeof(NodeId)) + n * 8);
  }
  return bytes;
}

// The smallest min_count above the params' own whose bound fits `budget`, by bisection (the
// bound falls as min_count grows); 0 if not even 2^32 - 1 fits.
std::uint32_t smallest_fitting_min_count(const Prepared& p, const PairParams& params, bool streamed,
                                         const PairWriterCost& writer, const Census& census,
                                         std::uint64_t budget) {
  const auto bytes_at = [&](std::uint64_t m) {
    const auto mc = static_cast<std::uint32_t>(m);
    const ChunkPlan q = plan_chunks(p, params.threads, mc, params.top_per_node, false);
    return run_bytes(p, params, streamed, q, writer, &census, mc);
  };
  std::uint64_t lo = std::max<std::uint32_t>(params.min_count, 1) + std::uint64_t{1};
  std::uint64_t hi = std::numeric_limits<std::uint32_t>::max();
  if (bytes_at(hi) > budget) return 0;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    if (bytes_at(mid) <= budget) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return static_cast<std::uint32_t>(lo);
}

std::string mib(std::uint64_t bytes) {
  return std::to_string((bytes >> 20) + ((bytes & ((1u << 20) - 1)) != 0 ? 1 : 0));
}

}  // namespace

PairEstimate make_estimate(const Prepared& p, const PairParams& params, bool streamed,
                           std::uint64_t budget, const PairWriterCost& writer) {
  PairEstimate e;
  e.pair_instances = p.pair_instances;
  e.max_distinct_pairs = std::min(p.pair_instances, choose2(p.active_items));
  const ChunkPlan plan =
      plan_chunks(p, params.threads, params.min_count, params.top_per_node, false);
  e.max_kept_pairs = plan.total_bound;
  e.bytes_upper_bound = run_bytes(p, params, streamed, plan, writer, nullptr, params.min_count);
  if (budget == 0 || e.bytes_upper_bound <= budget) return e;
  // The degree bound does not fit: count the pairs (no pair is kept; one pass over the
  // instances) and decide on the exact figures. Refusing a run that fits costs more.
  const Census census = take_census(p, params.threads);
  e.counted = true;
  e.max_kept_pairs = std::min(e.max_kept_pairs, census.kept(params.min_count));
  e.bytes_upper_bound = run_bytes(p, params, streamed, plan, writer, &census, params.min_count);
  if (e.bytes_upper_bound > budget) {
    e.min_count_that_fits = smallest_fitting_min_count(p, params, streamed, writer, census, budget);
  }
  return e;
}

// The guard: refuses before any pair is counted.
void check_memory(const Prepared& p, const PairParams& params, bool streamed) {
  if (params.max_pair_memory == 0) return;
  const PairEstimate e = make_estimate(p, params, streamed, params.max_pair_memory, {});
  if (e.bytes_upper_bound <= params.max_pair_memory) return;
  std::string bound_it;
  if (e.min_count_that_fits > 0) {
    bound_it = "min_count " + std::to_string(e.min_count_that_fits) + " would fit";
  } else {
    bound_it = "no min_count alone fits";
  }
  throw PairMemoryError(
      std::string(mode_name(p.mode)) + ": the pre-run estimate (" + mib(e.bytes_upper_bound) +
          " MiB for up to " + std::to_string(e.max_kept_pairs) + " kept pairs of " +
          std::to_string(e.pair_instances) + " pair instances) is above max_pair_memory " +
          mib(params.max_pair_memory) + " MiB; " + bound_it +
          "; seeds, top_per_node or a streamed run also bound it",
      e);
}

}  // namespace citegraph::pair_detail

namespace citegraph {

PairEstimate estimate_pairs(const CitationGraph& graph, PairKind kind, const PairParams& params,
                            bool streamed, std::uint64_t budget_bytes, PairWriterCost writer) {
  const pair_detail::Prepared p = pair_detail::prepare(graph, params, pair_detail::mode_of(kind));
  return pair_detail::make_estimate(p, params, streamed, budget_bytes, writer);
}

PairEstimate estimate_cocitation(const CitationGraph& graph) {
  return estimate_pairs(graph, PairKind::kCocitation, PairParams{}, false);
}

PairEstimate estimate_coupling(const CitationGraph& graph) {
  return estimate_pairs(graph, PairKind::kCoupling, PairParams{}, false);
}

}  // namespace citegraph
