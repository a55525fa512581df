// Private to analysis/: the pieces the centrality kernels share — a thread team, fixed row
// blocks whose partial sums are reduced in block order, pivot sampling, and a sum over sources
// that gives the same bits for any thread count. Not installed, not included by other modules.
#pragma once

#include <algorithm>
#include <atomic>
#include <barrier>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "citegraph/analysis/centrality.hpp"
#include "citegraph/graph/citation_graph.hpp"
#include "support/thread_team.hpp"

namespace citegraph::centrality_detail {

using parallel::resolve_threads;
using parallel::run_team;

// A graph as CSR rows with optional edge lengths (empty = every edge has length 1).
struct AdjacencyView {
  OffsetView offsets;  // num_nodes + 1 entries
  std::span<const NodeId> targets;
  std::span<const double> lengths;  // parallel to targets, or empty

  [[nodiscard]] NodeId num_nodes() const { return static_cast<NodeId>(offsets.size() - 1); }
  [[nodiscard]] bool weighted() const { return !lengths.empty(); }
};

[[nodiscard]] inline AdjacencyView view_of(const Csr& csr) {
  return {csr.offsets(), csr.targets(), {}};
}

// A score per node estimated from a sum over sources (all nodes, or sampled pivots).
struct SampledScores {
  std::vector<double> scores;
  std::vector<double> error;  // standard error per node; empty when exact
  SampleReport report;
};

// Rows are processed in blocks of this many; the layout depends on n only.
inline constexpr std::uint64_t kRowBlock = 2048;

[[nodiscard]] inline std::uint64_t row_block_count(std::uint64_t n) {
  return (n + kRowBlock - 1) / kRowBlock;
}

// Sum of per-block partials, always left to right.
[[nodiscard]] inline double ordered_sum(std::span<const double> partials) {
  double sum = 0.0;
  for (const double x : partials) sum += x;
  return sum;
}

// Iterates rounds of `num_phases` phases. In each phase the team claims row blocks dynamically
// and calls block_fn(phase, block); when every block is done, serial_fn(phase) runs once (on one
// thread, while the others wait) and returns true to stop. Neither may throw: a thread that left
// a barrier early would strand the others. No allocation happens after the team starts.
template <class BlockFn, class SerialFn>
void run_phased(unsigned threads, std::uint64_t num_blocks, unsigned num_phases, BlockFn& block_fn,
                SerialFn& serial_fn) {
  const auto team =
      static_cast<unsigned>(std::clamp<std::uint64_t>(num_blocks, 1, std::max(threads, 1u)));
  std::atomic<std::uint64_t> next_block{0};
  unsigned phase = 0;
  bool stop = false;
  auto complete = [&]() noexcept {
    stop = serial_fn(phase);
    phase = (phase + 1) % num_phases;
    next_block.store(0, std::memory_order_relaxed);
  };
  std::barrier sync(static_cast<std::ptrdiff_t>(team), complete);
  run_team(team, [&](unsigned) noexcept {
    while (true) {
      const unsigned current = phase;
      for (std::uint64_t b = next_block.fetch_add(1, std::memory_order_relaxed); b < num_blocks;
           b = next_block.fetch_add(1, std::memory_order_relaxed)) {
        block_fn(current, b);
      }
      sync.arrive_and_wait();
      if (stop) break;
    }
  });
}

// Sources in a sum over sources are cut into at most this many blocks, whatever the thread count.
inline constexpr std::size_t kSourceBlocks = 64;

// sum[v] = sum over s in sources (in order, grouped in fixed blocks) of the contributions
// kernel(workspace, s, emit) makes by calling emit(v, x) — at most once per (s, v), with x >= 0.
// With `squares`, sum_sq[v] also receives x * x. Sources for which contributes(s) is false must
// make no contribution at all (a pivot whose search reaches nothing); they are skipped, and so
// is a block of such sources only. The blocks depend on the sources alone; each is summed by one
// thread into an accumulator of its own, and the block sums are added to sum in block order, so
// the result does not depend on the thread count (and skipping adds nothing: x + 0 == x for
// x >= 0). Threads claim blocks dynamically; a finished block waits in its accumulator until the
// blocks before it are added, while its thread goes on with the next block, so a slow block holds
// back nobody until the spare accumulator is in use too. The thread that finishes the next block
// in order adds it, and any finished blocks after it, and zeroes them for reuse.
// Memory: (threads + 1) accumulators of n (2n with squares) doubles, one workspace per thread.
// The [first, last) ranges of `sources` of accumulate_sources' blocks with something to do (a
// source that contributes), in block order.
template <class Contributes>
std::vector<std::pair<std::size_t, std::size_t>> contributing_blocks(
    std::span<const NodeId> sources, Contributes& contributes) {
  const std::size_t block = (sources.size() + kSourceBlocks - 1) / kSourceBlocks;
  std::vector<std::pair<std::size_t, std::size_t>> work;
  for (std::size_t lo = 0; lo < sources.size(); lo += block) {
    const std::size_t hi = std::min(sources.size(), lo + block);
    if (std::any_of(sources.begin() + static_cast<std::ptrdiff_t>(lo),
                    sources.begin() + static_cast<std::ptrdiff_t>(hi),
                    [&](NodeId s) { return contributes(s); })) {
      work.emplace_back(lo, hi);
    }
  }
  return work;
}

// Adds a finished block's accumulator to the sums (x, then x * x beside it with squares) and
// zeroes it for reuse.
inline void add_accumulator(std::vector<double>& acc, bool squares, std::vector<double>& sum,
                            std::vector<double>& sum_sq) {
  const double* a = acc.data();
  const std::size_t n = sum.size();
  if (squares) {
    for (std::size_t v = 0; v < n; ++v) {
      sum[v] += a[2 * v];
      sum_sq[v] += a[2 * v + 1];
    }
  } else {
    for (std::size_t v = 0; v < n; ++v) sum[v] += a[v];
  }
  std::fill(acc.begin(), acc.end(), 0.0);
}

template <class Workspace, class MakeWorkspace, class Kernel, class Contributes>
void accumulate_sources(NodeId n, std::span<const NodeId> sources, unsigned threads, bool squares,
                        std::vector<double>& sum, std::vector<double>& sum_sq,
                        MakeWorkspace make_workspace, Kernel kernel, Contributes contributes) {
  sum.assign(n, 0.0);
  sum_sq.assign(squares ? n : 0, 0.0);
  if (sources.empty()) return;
  const std::vector<std::pair<std::size_t, std::size_t>> work =
      contributing_blocks(sources, contributes);
  if (work.empty()) return;
  const auto team =
      static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1u), work.size()));
  std::vector<Workspace> workspaces;
  workspaces.reserve(team);
  for (unsigned t = 0; t < team; ++t) workspaces.push_back(make_workspace());
  const unsigned slots = team == 1 ? 1 : team + 1;
  // With squares a node's x and x * x sit side by side: one cache line per emit, not two.
  const std::size_t stride = squares ? 2 : 1;
  std::vector<std::vector<double>> acc(slots, std::vector<double>(stride * n));

  constexpr unsigned kNone = ~0u;
  std::mutex mutex;  // guards everything below it
  std::condition_variable slot_freed;
  std::vector<unsigned> free_slots;
  for (unsigned s = slots; s-- > 0;) free_slots.push_back(s);
  std::vector<unsigned> finished(work.size(), kNone);  // the slot holding a finished block
  std::size_t next_claim = 0;
  std::size_t next_add = 0;
  bool adding = false;  // one thread at a time adds finished blocks to sum
  bool failed = false;  // a kernel threw: everyone stops claiming

  auto add_slot = [&](unsigned slot) { add_accumulator(acc[slot], squares, sum, sum_sq); };
  run_team(team, [&](unsigned t) {
    std::unique_lock lock(mutex);
    while (true) {
      slot_freed.wait(lock,
                      [&] { return failed || next_claim == work.size() || !free_slots.empty(); });
      if (failed || next_claim == work.size()) return;
      const std::size_t b = next_claim++;
      const unsigned slot = free_slots.back();
      free_slots.pop_back();
      lock.unlock();
      try {
        double* a = acc[slot].data();
        for (std::size_t i = work[b].first; i < work[b].second; ++i) {
          if (!contributes(sources[i])) continue;
          if (squares) {
            kernel(workspaces[t], sources[i], [a](NodeId v, double x) {
              a[2 * std::size_t{v}] += x;
              a[2 * std::size_t{v} + 1] += x * x;
            });
          } else {
            kernel(workspaces[t], sources[i], [a](NodeId v, double x) { a[v] += x; });
          }
        }
      } catch (...) {
        lock.lock();
        failed = true;
        slot_freed.notify_all();
        throw;
      }
      lock.lock();
      finished[b] = slot;
      if (adding) continue;  // the thread adding now will find this block in its turn
      adding = true;
      while (next_add < work.size() && finished[next_add] != kNone) {
        const unsigned ready = finished[next_add];
        lock.unlock();
        add_slot(ready);
        lock.lock();
        free_slots.push_back(ready);
        ++next_add;
        slot_freed.notify_all();
      }
      adding = false;
    }
  });
}

// The exact/sampled rule, by work rather than by nodes alone: a sum over every source costs
// about n (n + arcs) steps, so it is taken exactly when n <= limit AND that work is at most what
// an exact run on `limit` nodes with kExactArcsPerNode arcs each costs (a citation graph's
// density). A dense co-citation map of fewer nodes (a million edges on 15,000 works) is sampled
// instead of taking minutes.
inline constexpr double kExactArcsPerNode = 10;
[[nodiscard]] bool exact_affordable(NodeId n, std::uint64_t arcs, std::uint32_t limit);

// The sources of a sum over sources: every node when exact_affordable(n, arcs, limit) or
// samples >= n, otherwise `samples` distinct pivots drawn uniformly (Floyd's algorithm on a
// 64-bit Mersenne Twister seeded with `seed`, the same on every platform), ascending. Fills
// `report`. O(n) or O(k log k).
[[nodiscard]] std::vector<NodeId> choose_sources(NodeId n, std::uint64_t arcs, std::uint32_t limit,
                                                 std::uint32_t samples, std::uint64_t seed,
                                                 SampleReport& report);

// Turns sums over sources into scores: scale * sum when exact; otherwise the estimate
// scale * (n/k) * sum and its standard error under sampling without replacement,
// scale * n * sqrt((1 - k/n) * s^2 / k) with s^2 the sample variance of the contributions.
void finish_scores(const std::vector<double>& sum, const std::vector<double>& sum_sq, double scale,
                   SampledScores& out);

// The kernels, one per file.
// pagerank.cpp. O(I (n + m)).
IterationReport pagerank(const CitationGraph& graph, const CentralityParams& params,
                         unsigned threads, std::vector<double>& scores);
// hits.cpp. O(I (n + m)).
IterationReport hits(const CitationGraph& graph, const CentralityParams& params, unsigned threads,
                     std::vector<double>& hub, std::vector<double>& authority);
// betweenness.cpp. `graph` holds both directions of every edge when undirected.
SampledScores betweenness(const AdjacencyView& graph, bool undirected,
                          const CentralityParams& params, unsigned threads);
// closeness.cpp. Harmonic closeness by incoming distances.
SampledScores harmonic_closeness(const CitationGraph& graph, const CentralityParams& params,
                                 unsigned threads);
// eigenvector.cpp. `weights` parallel to graph.targets (symmetric).
IterationReport eigenvector(const AdjacencyView& graph, std::span<const double> weights,
                            const CentralityParams& params, unsigned threads,
                            std::vector<double>& scores, double& eigenvalue);

}  // namespace citegraph::centrality_detail
