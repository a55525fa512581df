// Co-citation and bibliographic coupling by row-wise sparse accumulation; see pair_counts.hpp.
#include "citegraph/analysis/pair_counts.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <span>
#include <string>
#include <thread>
#include <tuple>

#include "citegraph/graph/error.hpp"
#include "graph/memory.hpp"

namespace citegraph {
namespace {

enum class Mode { kCocitation, kCoupling };

// A CSR seen through pointers: either one of the graph's own CSRs or a filtered copy.
struct AdjacencyView {
  const std::uint64_t* offsets = nullptr;
  const NodeId* targets = nullptr;

  [[nodiscard]] std::span<const NodeId> row(NodeId v) const {
    return {targets + offsets[v], static_cast<std::size_t>(offsets[v + 1] - offsets[v])};
  }
  [[nodiscard]] std::uint64_t degree(NodeId v) const { return offsets[v + 1] - offsets[v]; }
};

struct OwnedAdjacency {
  std::vector<std::uint64_t> offsets;
  std::vector<NodeId> targets;

  [[nodiscard]] AdjacencyView view() const { return {offsets.data(), targets.data()}; }
};

AdjacencyView view_of(const Csr& csr) { return {csr.offsets().data(), csr.targets().data()}; }

// Rows in ascending order of the source row, so the transpose's rows come out sorted.
OwnedAdjacency transpose(const OwnedAdjacency& adj, NodeId n) {
  OwnedAdjacency t;
  t.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const NodeId v : adj.targets) ++t.offsets[static_cast<std::size_t>(v) + 1];
  for (NodeId v = 0; v < n; ++v) t.offsets[v + 1] += t.offsets[v];
  t.targets.resize(adj.targets.size());
  std::vector<std::uint64_t> next(t.offsets.begin(), t.offsets.end() - 1);
  for (NodeId u = 0; u < n; ++u) {
    for (std::uint64_t e = adj.offsets[u]; e < adj.offsets[u + 1]; ++e) {
      t.targets[next[adj.targets[e]]++] = u;
    }
  }
  return t;
}

// The kernel relies on sorted, duplicate-free rows (binary search, one count per context).
void check_rows(const Csr& csr, const char* which) {
  const NodeId n = csr.num_nodes();
  for (NodeId v = 0; v < n; ++v) {
    const auto row = csr.neighbors(v);
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (row[k] >= n) {
        throw InvalidArgument("pair counting: " + std::string(which) + "-edge of node " +
                              std::to_string(v) + " points to node " + std::to_string(row[k]) +
                              " outside the graph of " + std::to_string(n) + " nodes");
      }
      if (k > 0 && row[k] <= row[k - 1]) {
        throw InvalidArgument("pair counting: " + std::string(which) + "-edges of node " +
                              std::to_string(v) + " are not sorted and duplicate-free (" +
                              std::to_string(row[k - 1]) + " then " + std::to_string(row[k]) + ")");
      }
    }
  }
}

void check_corpora(const CitationGraph& graph, CorpusSet corpora) {
  if (corpora == PairParams::kAllCorpora) return;
  const std::size_t have = graph.corpora().size();
  const CorpusSet known =
      have >= kMaxCorpora ? PairParams::kAllCorpora : ((CorpusSet{1} << have) - 1);
  if ((corpora & ~known) != 0) {
    throw InvalidArgument("corpora: set " + std::to_string(corpora) +
                          " names corpus bits the graph does not have (it has " +
                          std::to_string(have) + " corpora)");
  }
}

// Items -> contexts and contexts -> items after the input filters, both with ascending rows.
// Views into the graph when nothing is filtered (no copy of m edges); otherwise filtered copies.
class Incidence {
 public:
  Incidence(const CitationGraph& graph, const PairParams& params, Mode mode) {
    const NodeId n = graph.num_nodes();
    const bool filter_corpora = params.corpora != PairParams::kAllCorpora;
    if (!filter_corpora && params.min_citations <= 1) {
      const AdjacencyView out = view_of(graph.out());
      const AdjacencyView in = view_of(graph.in());
      item_contexts_ = mode == Mode::kCocitation ? in : out;
      context_items_ = mode == Mode::kCocitation ? out : in;
      return;
    }
    const Csr& out = graph.out();
    auto edge_kept = [&](std::uint64_t e) {
      return !filter_corpora || (graph.edge_corpora(e) & params.corpora) != 0;
    };
    // Item degree over the corpus-filtered edges decides min_citations.
    std::vector<std::uint64_t> item_degree(n, 0);
    for (NodeId s = 0; s < n; ++s) {
      for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
        if (edge_kept(e)) ++item_degree[mode == Mode::kCocitation ? out.targets()[e] : s];
      }
    }
    OwnedAdjacency filtered;
    filtered.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    for (NodeId s = 0; s < n; ++s) {
      for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
        const NodeId item = mode == Mode::kCocitation ? out.targets()[e] : s;
        if (edge_kept(e) && item_degree[item] >= params.min_citations) {
          filtered.targets.push_back(out.targets()[e]);
        }
      }
      filtered.offsets[s + 1] = filtered.targets.size();
    }
    filtered.targets.shrink_to_fit();
    release(item_degree);
    OwnedAdjacency flipped = transpose(filtered, n);
    if (mode == Mode::kCocitation) {
      owned_contexts_ = std::move(flipped);
      owned_items_ = std::move(filtered);
    } else {
      owned_contexts_ = std::move(filtered);
      owned_items_ = std::move(flipped);
    }
    item_contexts_ = owned_contexts_.view();
    context_items_ = owned_items_.view();
  }
  Incidence(const Incidence&) = delete;
  Incidence& operator=(const Incidence&) = delete;

  [[nodiscard]] const AdjacencyView& item_contexts() const { return item_contexts_; }
  [[nodiscard]] const AdjacencyView& context_items() const { return context_items_; }

 private:
  OwnedAdjacency owned_contexts_;  // item -> contexts, when filtered
  OwnedAdjacency owned_items_;     // context -> items, when filtered
  AdjacencyView item_contexts_;
  AdjacencyView context_items_;
};

// Everything a worker reads; shared, immutable during the run.
struct KernelInput {
  const Incidence* incidence = nullptr;
  const std::vector<double>* context_weight = nullptr;  // fractional only
  const std::vector<double>* item_count = nullptr;
  std::uint32_t min_count = 1;  // on the number of shared contexts, under both countings
  bool fractional = false;
  bool witnesses = true;
  // Seed rows: all partners j != i, except a seed j < i (that pair belongs to row j).
  const std::vector<char>* is_seed = nullptr;
};

// Per-thread dense accumulator, reset through `touched` so a row costs its own size, not n.
struct Workspace {
  std::vector<std::uint32_t> count;  // contexts shared with i; then (pair index + 1) or 0
  std::vector<double> sum;           // fractional sums
  std::vector<NodeId> touched;

  Workspace(NodeId n, bool fractional) : count(n, 0), sum(fractional ? n : 0, 0.0) {}
};

Pair make_pair_entry(NodeId i, NodeId j, double c, double ci, double cj) {
  Pair p;
  p.a = i;
  p.b = j;
  p.count = c;
  p.association = c / (ci * cj);
  p.cosine = c / std::sqrt(ci * cj);
  p.jaccard = c / (ci + cj - c);
  p.inclusion = c / std::min(ci, cj);
  return p;
}

// The partners of row i within one context's item list: j > i, or with seeds every j != i
// that is not an earlier seed.
template <typename Visit>
void for_each_partner(NodeId i, std::span<const NodeId> row, const KernelInput& in, Visit&& visit) {
  if (in.is_seed == nullptr) {
    const auto* first = std::upper_bound(row.data(), row.data() + row.size(), i);
    for (const auto* j = first; j != row.data() + row.size(); ++j) visit(*j);
    return;
  }
  const std::vector<char>& seed = *in.is_seed;
  for (const NodeId j : row) {
    if (j != i && (j > i || seed[j] == 0)) visit(j);
  }
}

// Appends row i's pairs (i, j > i; with seeds see for_each_partner), sorted by j, as (a < b)
// pairs; returns the row's distinct partners.
std::uint64_t process_row(NodeId i, const KernelInput& in, Workspace& ws, std::vector<Pair>& out) {
  const AdjacencyView& contexts = in.incidence->item_contexts();
  const AdjacencyView& items = in.incidence->context_items();
  ws.touched.clear();
  for (const NodeId s : contexts.row(i)) {
    if (in.fractional) {
      const double w = (*in.context_weight)[s];
      for_each_partner(i, items.row(s), in, [&](NodeId j) {
        if (ws.count[j]++ == 0) ws.touched.push_back(j);
        ws.sum[j] += w;
      });
    } else {
      for_each_partner(i, items.row(s), in, [&](NodeId j) {
        if (ws.count[j]++ == 0) ws.touched.push_back(j);
      });
    }
  }
  if (ws.touched.empty()) return 0;
  std::sort(ws.touched.begin(), ws.touched.end());

  const std::size_t row_begin = out.size();
  const double ci = (*in.item_count)[i];
  for (const NodeId j : ws.touched) {
    const double c = in.fractional ? ws.sum[j] : static_cast<double>(ws.count[j]);
    if (ws.count[j] >= in.min_count) {
      if (i < j) {
        out.push_back(make_pair_entry(i, j, c, ci, (*in.item_count)[j]));
      } else {
        out.push_back(make_pair_entry(j, i, c, (*in.item_count)[j], ci));
      }
      if (in.witnesses) out.back().witnesses.reserve(ws.count[j]);
      ws.count[j] = static_cast<std::uint32_t>(out.size() - row_begin);
    } else {
      ws.count[j] = 0;
    }
  }
  if (in.witnesses && out.size() > row_begin) {
    // Second walk in the same context order: each pair's witnesses come out sorted.
    for (const NodeId s : contexts.row(i)) {
      for_each_partner(i, items.row(s), in, [&](NodeId j) {
        if (ws.count[j] != 0) out[row_begin + ws.count[j] - 1].witnesses.push_back(s);
      });
    }
  }
  const std::uint64_t distinct = ws.touched.size();
  for (const NodeId j : ws.touched) {
    ws.count[j] = 0;
    if (in.fractional) ws.sum[j] = 0.0;
  }
  return distinct;
}

// Strongest first, then the tie-break key ascending.
bool stronger(double x, double y) { return x > y; }

void keep_marked(std::vector<Pair>& pairs, const std::vector<char>& keep) {
  std::size_t w = 0;
  for (std::size_t r = 0; r < pairs.size(); ++r) {
    if (keep[r] == 0) continue;
    if (w != r) pairs[w] = std::move(pairs[r]);
    ++w;
  }
  pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(w), pairs.end());
}

void apply_top_per_node(std::vector<Pair>& pairs, NodeId n, std::uint32_t k, Normalization by) {
  std::vector<std::size_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const Pair& p : pairs) {
    ++offsets[static_cast<std::size_t>(p.a) + 1];
    ++offsets[static_cast<std::size_t>(p.b) + 1];
  }
  for (NodeId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<std::size_t> incident(offsets.back());
  {
    std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t idx = 0; idx < pairs.size(); ++idx) {
      incident[next[pairs[idx].a]++] = idx;
      incident[next[pairs[idx].b]++] = idx;
    }
  }
  std::vector<char> keep(pairs.size(), 0);
  for (NodeId v = 0; v < n; ++v) {
    auto* first = incident.data() + offsets[v];
    auto* last = incident.data() + offsets[v + 1];
    auto* cut = last;
    if (static_cast<std::size_t>(last - first) > k) {
      cut = first + k;
      auto other = [&](std::size_t idx) { return pairs[idx].a == v ? pairs[idx].b : pairs[idx].a; };
      std::partial_sort(first, cut, last, [&](std::size_t x, std::size_t y) {
        const double vx = pair_strength(pairs[x], by);
        const double vy = pair_strength(pairs[y], by);
        if (vx != vy) return stronger(vx, vy);
        return other(x) < other(y);
      });
    }
    for (auto* it = first; it != cut; ++it) keep[*it] = 1;
  }
  keep_marked(pairs, keep);
}

void apply_top(std::vector<Pair>& pairs, std::uint64_t k, Normalization by) {
  if (pairs.size() <= k) return;
  std::vector<std::size_t> order(pairs.size());
  for (std::size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  // pairs are sorted by (a, b), so the index is the (a, b) tie-break.
  const auto cut = order.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(order.begin(), cut, order.end(), [&](std::size_t x, std::size_t y) {
    const double vx = pair_strength(pairs[x], by);
    const double vy = pair_strength(pairs[y], by);
    if (vx != vy) return stronger(vx, vy);
    return x < y;
  });
  std::vector<char> keep(pairs.size(), 0);
  for (auto it = order.begin(); it != cut; ++it) keep[*it] = 1;
  keep_marked(pairs, keep);
}

// Everything a run needs before its rows: filtered incidence, weights, item counts, the rows.
struct Prepared {
  std::unique_ptr<Incidence> incidence;
  std::vector<double> context_weight;  // fractional only
  std::vector<double> item_count;
  std::vector<char> is_seed;  // empty without seeds
  std::vector<NodeId> rows;   // the items whose rows are computed, ascending
  KernelInput input;
};

Prepared prepare(const CitationGraph& graph, const PairParams& params, Mode mode) {
  params.validate();
  check_corpora(graph, params.corpora);
  const NodeId n = graph.num_nodes();
  Prepared p;
  p.item_count.assign(n, 0.0);
  if (n == 0) return p;
  check_rows(graph.out(), "out");
  check_rows(graph.in(), "in");
  for (const NodeId seed : params.seeds) {
    if (seed >= n) {
      throw InvalidArgument("seeds: node " + std::to_string(seed) + " is outside the graph of " +
                            std::to_string(n) + " nodes");
    }
  }

  p.incidence = std::make_unique<Incidence>(graph, params, mode);
  const Incidence& incidence = *p.incidence;
  const bool fractional = params.counting == Counting::kFractional;
  if (fractional) {
    p.context_weight.assign(n, 0.0);
    for (NodeId s = 0; s < n; ++s) {
      const std::uint64_t k = incidence.context_items().degree(s);
      if (k >= 2) p.context_weight[s] = 1.0 / static_cast<double>(k - 1);
    }
  }
  for (NodeId i = 0; i < n; ++i) {
    if (!fractional) {
      p.item_count[i] = static_cast<double>(incidence.item_contexts().degree(i));
    } else {
      std::uint64_t c = 0;
      for (const NodeId s : incidence.item_contexts().row(i)) c += p.context_weight[s] > 0 ? 1 : 0;
      p.item_count[i] = static_cast<double>(c);
    }
  }
  if (params.seeds.empty()) {
    p.rows.resize(n);
    std::iota(p.rows.begin(), p.rows.end(), NodeId{0});
  } else {
    p.is_seed.assign(n, 0);
    for (const NodeId seed : params.seeds) p.is_seed[seed] = 1;
    for (NodeId v = 0; v < n; ++v) {
      if (p.is_seed[v] != 0) p.rows.push_back(v);
    }
  }

  p.input.incidence = p.incidence.get();
  p.input.context_weight = &p.context_weight;
  p.input.item_count = &p.item_count;
  p.input.fractional = fractional;
  p.input.witnesses = params.witnesses;
  p.input.min_count = std::max<std::uint32_t>(1, params.min_count);
  p.input.is_seed = p.is_seed.empty() ? nullptr : &p.is_seed;
  return p;
}

struct RunTotals {
  std::uint64_t candidate_pairs = 0;
  unsigned threads = 1;
};

// Computes the rows in chunks of consecutive rows on `threads` workers while the calling thread
// hands finished chunks to `emit` in row order (so writing overlaps counting). At most `window`
// chunks are in flight or waiting, whatever the output size: a worker that would run too far
// ahead of the emitter waits. Every row is computed by one thread in a fixed order, so the
// output does not depend on the thread count or the chunk layout.
RunTotals run_rows(const Prepared& p, unsigned threads,
                   const std::function<void(std::vector<Pair>&&)>& emit) {
  RunTotals totals;
  const std::size_t rows = p.rows.size();
  if (rows == 0) return totals;
  const auto n = static_cast<NodeId>(p.item_count.size());
  const std::size_t rows_per_chunk =
      std::clamp<std::size_t>(rows / (static_cast<std::size_t>(threads) * 256), 1, 1024);
  const std::size_t num_chunks = (rows + rows_per_chunk - 1) / rows_per_chunk;
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, num_chunks));
  totals.threads = workers;
  const auto compute = [&](std::size_t c, Workspace& ws, std::vector<Pair>& out) {
    const std::size_t first = c * rows_per_chunk;
    const std::size_t last = std::min(rows, first + rows_per_chunk);
    std::uint64_t candidates = 0;
    for (std::size_t r = first; r < last; ++r)
      candidates += process_row(p.rows[r], p.input, ws, out);
    out.shrink_to_fit();  // drop the growth slack while the chunk is small
    return candidates;
  };
  if (workers == 1) {
    Workspace ws(n, p.input.fractional);
    for (std::size_t c = 0; c < num_chunks; ++c) {
      std::vector<Pair> out;
      totals.candidate_pairs += compute(c, ws, out);
      emit(std::move(out));
    }
    return totals;
  }

  // Rows differ wildly in cost (a work cited 10^5 times): a wide window lets the other workers
  // run ahead of one slow chunk instead of waiting for the emitter.
  const std::size_t window = static_cast<std::size_t>(workers) * 64;
  std::vector<std::vector<Pair>> slots(window);
  std::vector<std::uint64_t> slot_candidates(window, 0);
  std::vector<char> ready(window, 0);
  std::mutex mutex;
  std::condition_variable chunk_done;
  std::condition_variable slot_free;
  std::size_t next_chunk = 0;  // guarded by mutex, as are the three below
  std::size_t next_emit = 0;
  bool stop = false;
  std::exception_ptr error;

  const auto work = [&] {
    Workspace ws(n, p.input.fractional);
    for (;;) {
      std::size_t c = 0;
      {
        std::unique_lock lock(mutex);
        slot_free.wait(lock, [&] {
          return stop || next_chunk >= num_chunks || next_chunk < next_emit + window;
        });
        if (stop || next_chunk >= num_chunks) return;
        c = next_chunk++;
      }
      std::vector<Pair> out;
      std::uint64_t candidates = 0;
      try {
        candidates = compute(c, ws, out);
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
        chunk_done.notify_all();
        slot_free.notify_all();
        return;
      }
      const std::lock_guard lock(mutex);
      slots[c % window] = std::move(out);
      slot_candidates[c % window] = candidates;
      ready[c % window] = 1;
      chunk_done.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned t = 0; t < workers; ++t) pool.emplace_back(work);
  std::exception_ptr emit_error;
  try {
    for (std::size_t c = 0; c < num_chunks; ++c) {
      std::vector<Pair> chunk;
      {
        std::unique_lock lock(mutex);
        chunk_done.wait(lock, [&] { return stop || ready[c % window] != 0; });
        if (stop) break;
        chunk = std::move(slots[c % window]);
        ready[c % window] = 0;
        totals.candidate_pairs += slot_candidates[c % window];
        next_emit = c + 1;
      }
      slot_free.notify_all();
      emit(std::move(chunk));  // outside the lock: the workers go on meanwhile
    }
  } catch (...) {
    emit_error = std::current_exception();
  }
  {
    const std::lock_guard lock(mutex);
    if (emit_error) stop = true;
  }
  slot_free.notify_all();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  if (emit_error) std::rethrow_exception(emit_error);
  return totals;
}

PairResult count_pairs(const CitationGraph& graph, const PairParams& params, Mode mode) {
  Prepared p = prepare(graph, params, mode);
  PairResult result;
  const RunTotals totals = run_rows(p, params.threads, [&](std::vector<Pair>&& chunk) {
    if (result.pairs.empty()) {
      result.pairs = std::move(chunk);
    } else {
      std::move(chunk.begin(), chunk.end(), std::back_inserter(result.pairs));
    }
  });
  result.item_count = std::move(p.item_count);
  result.candidate_pairs = totals.candidate_pairs;
  result.threads = totals.threads;
  if (!params.seeds.empty()) {
    // Seed rows hold pairs (a, b) with a > the row's seed too: restore the (a, b) order.
    std::sort(result.pairs.begin(), result.pairs.end(),
              [](const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  }
  const NodeId n = graph.num_nodes();
  if (params.top_per_node > 0)
    apply_top_per_node(result.pairs, n, params.top_per_node, params.rank_by);
  if (params.top > 0) apply_top(result.pairs, params.top, params.rank_by);
  return result;
}

PairStreamSummary stream_pairs(const CitationGraph& graph, const PairParams& params, Mode mode,
                               const PairSink& sink) {
  if (params.top > 0 || params.top_per_node > 0) {
    throw InvalidArgument(
        "streamed pair counting: top and top_per_node need every pair before any can be "
        "written; use min_count or seeds to bound the output instead");
  }
  Prepared p = prepare(graph, params, mode);
  PairStreamSummary summary;
  const RunTotals totals = run_rows(p, params.threads, [&](std::vector<Pair>&& chunk) {
    summary.pairs += chunk.size();
    if (!chunk.empty()) sink(std::span<const Pair>(chunk));
  });
  summary.item_count = std::move(p.item_count);
  summary.candidate_pairs = totals.candidate_pairs;
  summary.threads = totals.threads;
  return summary;
}

std::uint64_t saturating_add(std::uint64_t x, std::uint64_t y) {
  return x > std::numeric_limits<std::uint64_t>::max() - y
             ? std::numeric_limits<std::uint64_t>::max()
             : x + y;
}

std::uint64_t saturating_mul(std::uint64_t x, std::uint64_t y) {
  if (x != 0 && y > std::numeric_limits<std::uint64_t>::max() / x) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  return x * y;
}

// k(k-1)/2 without overflow for any 64-bit k that a CSR can hold.
std::uint64_t choose2(std::uint64_t k) {
  if (k < 2) return 0;
  return k % 2 == 0 ? saturating_mul(k / 2, k - 1) : saturating_mul(k, (k - 1) / 2);
}

// contexts: context -> items; items: item -> contexts (only their degrees are read).
PairEstimate estimate(const Csr& contexts, const Csr& items) {
  // Bytes a small heap allocation can cost beyond its payload (glibc: 8-byte header, 16-byte
  // rounding, 32-byte minimum chunk).
  constexpr std::uint64_t kAllocationOverhead = 32;
  // Item counts (double) plus one workspace (uint32 count, double sum).
  constexpr std::uint64_t kBytesPerNode = sizeof(double) + sizeof(std::uint32_t) + sizeof(double);
  PairEstimate e;
  const NodeId n = contexts.num_nodes();
  std::uint64_t active_items = 0;
  for (NodeId v = 0; v < n; ++v) {
    e.pair_instances = saturating_add(e.pair_instances, choose2(contexts.degree(v)));
    active_items += items.degree(v) > 0 ? 1 : 0;
  }
  e.max_distinct_pairs = std::min(e.pair_instances, choose2(active_items));
  e.bytes_upper_bound = saturating_add(
      saturating_add(saturating_mul(e.max_distinct_pairs, 2 * sizeof(Pair) + kAllocationOverhead),
                     saturating_mul(e.pair_instances, sizeof(NodeId))),
      saturating_mul(n, kBytesPerNode));
  return e;
}

}  // namespace

std::string_view normalization_name(Normalization normalization) {
  switch (normalization) {
    case Normalization::kCount:
      return "count";
    case Normalization::kAssociation:
      return "association";
    case Normalization::kCosine:
      return "cosine";
    case Normalization::kJaccard:
      return "jaccard";
    case Normalization::kInclusion:
      return "inclusion";
  }
  throw InvalidArgument("normalization: value " + std::to_string(static_cast<int>(normalization)) +
                        " is not one of count, "
                        "association, cosine, jaccard, inclusion");
}

Normalization parse_normalization(std::string_view name) {
  for (const auto n : {Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
                       Normalization::kJaccard, Normalization::kInclusion}) {
    if (normalization_name(n) == name) return n;
  }
  throw InvalidArgument("normalization: '" + std::string(name) +
                        "' is not one of count, association, cosine, jaccard, inclusion");
}

std::string_view counting_name(Counting counting) {
  switch (counting) {
    case Counting::kFull:
      return "full";
    case Counting::kFractional:
      return "fractional";
  }
  throw InvalidArgument("counting: value " + std::to_string(static_cast<int>(counting)) +
                        " is not one of full, fractional");
}

Counting parse_counting(std::string_view name) {
  if (name == "full") return Counting::kFull;
  if (name == "fractional") return Counting::kFractional;
  throw InvalidArgument("counting: '" + std::string(name) + "' is not one of full, fractional");
}

void PairParams::validate() const {
  if (threads < 1 || threads > kMaxThreads) {
    throw InvalidArgument("threads: " + std::to_string(threads) + " is not in 1.." +
                          std::to_string(kMaxThreads));
  }
  if (corpora == 0) {
    throw InvalidArgument("corpora: the empty set 0 selects no edge");
  }
  if (counting != Counting::kFull && counting != Counting::kFractional) {
    throw InvalidArgument("counting: value " + std::to_string(static_cast<int>(counting)) +
                          " is not one of full, fractional");
  }
  switch (rank_by) {
    case Normalization::kCount:
    case Normalization::kAssociation:
    case Normalization::kCosine:
    case Normalization::kJaccard:
    case Normalization::kInclusion:
      return;
  }
  throw InvalidArgument("rank_by: value " + std::to_string(static_cast<int>(rank_by)) +
                        " is not one of count, association, cosine, jaccard, inclusion");
}

double pair_strength(const Pair& pair, Normalization normalization) {
  switch (normalization) {
    case Normalization::kCount:
      return pair.count;
    case Normalization::kAssociation:
      return pair.association;
    case Normalization::kCosine:
      return pair.cosine;
    case Normalization::kJaccard:
      return pair.jaccard;
    case Normalization::kInclusion:
      return pair.inclusion;
  }
  return pair.count;
}

PairResult cocitation(const CitationGraph& graph, const PairParams& params) {
  return count_pairs(graph, params, Mode::kCocitation);
}

PairResult coupling(const CitationGraph& graph, const PairParams& params) {
  return count_pairs(graph, params, Mode::kCoupling);
}

PairStreamSummary stream_cocitation(const CitationGraph& graph, const PairParams& params,
                                    const PairSink& sink) {
  return stream_pairs(graph, params, Mode::kCocitation, sink);
}

PairStreamSummary stream_coupling(const CitationGraph& graph, const PairParams& params,
                                  const PairSink& sink) {
  return stream_pairs(graph, params, Mode::kCoupling, sink);
}

PairEstimate estimate_cocitation(const CitationGraph& graph) {
  return estimate(graph.out(), graph.in());
}

PairEstimate estimate_coupling(const CitationGraph& graph) {
  return estimate(graph.in(), graph.out());
}

}  // namespace citegraph
