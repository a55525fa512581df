// Co-citation and bibliographic coupling by row-wise sparse accumulation; see pair_counts.hpp.
#include "citegraph/analysis/pair_counts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <numeric>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include "citegraph/graph/error.hpp"
#include "graph/memory.hpp"
#include "graph/thread_team.hpp"

namespace citegraph {

// ---------------------------------------------------------------------------------------------
// PairArray

PairArray::PairArray(std::span<const Pair> pairs) { append(pairs); }

PairArray::PairArray(const PairArray& other) { append(other); }

PairArray::PairArray(PairArray&& other) noexcept
    : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
  other.data_ = nullptr;
  other.size_ = 0;
  other.capacity_ = 0;
}

PairArray& PairArray::operator=(PairArray other) noexcept {
  std::swap(data_, other.data_);
  std::swap(size_, other.size_);
  std::swap(capacity_, other.capacity_);
  return *this;
}

PairArray::~PairArray() { std::free(data_); }

void PairArray::grow_to(std::size_t capacity) {
  if (capacity == 0) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    return;
  }
  if (capacity > std::numeric_limits<std::size_t>::max() / sizeof(Pair)) throw std::bad_alloc();
  // Pair is trivially copyable (and an implicit-lifetime aggregate): realloc may move it.
  void* grown = std::realloc(static_cast<void*>(data_), capacity * sizeof(Pair));
  if (grown == nullptr) throw std::bad_alloc();
  data_ = static_cast<Pair*>(grown);
  capacity_ = capacity;
}

void PairArray::grow() { grow_to(std::max<std::size_t>(16, capacity_ + capacity_ / 4)); }

void PairArray::append(std::span<const Pair> pairs) {
  if (pairs.empty()) return;
  if (size_ + pairs.size() > capacity_) {
    grow_to(std::max(size_ + pairs.size(), capacity_ + capacity_ / 4));
  }
  std::memcpy(static_cast<void*>(data_ + size_), pairs.data(), pairs.size() * sizeof(Pair));
  size_ += pairs.size();
}

void PairArray::resize(std::size_t size) {
  if (size > capacity_) grow_to(size);
  for (std::size_t k = size_; k < size; ++k) data_[k] = Pair{};
  size_ = size;
}

void PairArray::shrink_to_fit() {
  if (capacity_ != size_) grow_to(size_);
}

namespace {

enum class Mode { kCocitation, kCoupling };

Mode mode_of(PairKind kind) {
  return kind == PairKind::kCocitation ? Mode::kCocitation : Mode::kCoupling;
}
const char* mode_name(Mode mode) { return mode == Mode::kCocitation ? "co-citation" : "coupling"; }

// Which partners a row pairs with.
//   kUpper: j > i, each pair once (no seeds, no top_per_node);
//   kSeed:  every j != i except an earlier seed (that pair belongs to the seed's row);
//   kBoth:  every j != i, each pair from both ends (top_per_node without seeds).
enum class RowMode { kUpper, kSeed, kBoth };

// A chunk of consecutive rows is closed once its pair bound reaches this many pairs (1 MiB of
// records) or its work reaches the per-thread share, so rows of any weight balance over threads
// and a chunk in flight holds little.
constexpr std::uint64_t kChunkPairs = std::uint64_t{1} << 16;
// Chunks a worker may run ahead of the emitter, per worker.
constexpr std::size_t kWindowPerThread = 8;

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

AdjacencyView view_of(const Csr& csr) { return {csr.offsets(), csr.targets().data()}; }

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
      edges_ = graph.num_edges();
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
    edges_ = owned_items_.targets.size();
    filtered_ = true;
  }
  Incidence(const Incidence&) = delete;
  Incidence& operator=(const Incidence&) = delete;

  [[nodiscard]] const AdjacencyView& item_contexts() const { return item_contexts_; }
  [[nodiscard]] const AdjacencyView& context_items() const { return context_items_; }
  [[nodiscard]] std::uint64_t edges() const { return edges_; }
  // Whether the input filters made copies (which the estimate counts).
  [[nodiscard]] bool filtered() const { return filtered_; }

 private:
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

Prepared prepare(const CitationGraph& graph, const PairParams& params, Mode mode) {
  params.validate();
  check_corpora(graph, params.corpora);
  Prepared p;
  p.mode = mode;
  p.n = graph.num_nodes();
  p.fractional = params.counting == Counting::kFractional;
  p.row_mode = !params.seeds.empty()     ? RowMode::kSeed
               : params.top_per_node > 0 ? RowMode::kBoth
                                         : RowMode::kUpper;
  const NodeId n = p.n;
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
  const AdjacencyView& contexts = p.incidence->item_contexts();
  const AdjacencyView& items = p.incidence->context_items();
  if (p.fractional) {
    p.context_weight.assign(n, 0.0);
    for (NodeId s = 0; s < n; ++s) {
      const std::uint64_t k = items.degree(s);
      if (k >= 2) p.context_weight[s] = 1.0 / static_cast<double>(k - 1);
    }
  }
  for (NodeId i = 0; i < n; ++i) {
    if (!p.fractional) {
      p.item_count[i] = static_cast<double>(contexts.degree(i));
    } else {
      std::uint64_t c = 0;
      for (const NodeId s : contexts.row(i)) c += p.context_weight[s] > 0 ? 1 : 0;
      p.item_count[i] = static_cast<double>(c);
    }
    p.active_items += contexts.degree(i) > 0 ? 1 : 0;
  }
  if (!params.seeds.empty()) {
    p.is_seed.assign(n, 0);
    for (const NodeId seed : params.seeds) p.is_seed[seed] = 1;
    for (NodeId v = 0; v < n; ++v) {
      if (p.is_seed[v] != 0) p.rows.push_back(v);
    }
  }
  p.work.assign(n, 0);
  for (NodeId s = 0; s < n; ++s) {
    const auto row = items.row(s);
    const std::uint64_t k = row.size();
    p.pair_instances = saturating_add(p.pair_instances, choose2(k));
    for (std::uint64_t pos = 0; pos < k; ++pos) {
      p.work[row[pos]] += p.row_mode == RowMode::kUpper ? k - 1 - pos : k - 1;
    }
  }
  for (std::size_t r = 0; r < p.num_rows(); ++r)
    p.max_work = std::max(p.max_work, p.work[p.row(r)]);
  p.dense_size = n;
  if (p.active_items > 0 && p.active_items <= static_cast<std::uint64_t>(n) / 4 * 3) {
    p.local.assign(n, kNoNode);
    p.global.reserve(static_cast<std::size_t>(p.active_items));
    for (NodeId v = 0; v < n; ++v) {
      if (contexts.degree(v) == 0) continue;
      p.local[v] = static_cast<NodeId>(p.global.size());
      p.global.push_back(v);
    }
    p.local_targets.resize(static_cast<std::size_t>(p.incidence->edges()));
    for (std::uint64_t e = 0; e < p.local_targets.size(); ++e) {
      p.local_targets[e] = p.local[items.targets[e]];
    }
    p.dense_size = p.global.size();
  }
  if (p.row_mode == RowMode::kSeed) {
    p.local_is_seed.assign(p.dense_size, 0);
    for (const NodeId seed : params.seeds) {
      const NodeId l = p.local_id(seed);
      if (l != kNoNode) p.local_is_seed[l] = 1;
    }
  }
  return p;
}

// The chunk layout of a run and the pair bounds it implies, for a given min_count.
struct ChunkPlan {
  std::vector<std::size_t> begin;  // row index where each chunk starts; back() = num_rows
  std::uint64_t total_bound = 0;   // sum of the rows' pair bounds
  std::uint64_t max_chunk_bound = 0;
  std::uint64_t max_chunk_work = 0;  // accumulations: bounds the witnesses of a chunk's pairs
};

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

Census take_census(const Prepared& p, unsigned threads);

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
    const auto bytes_at = [&](std::uint64_t m) {
      const auto mc = static_cast<std::uint32_t>(m);
      const ChunkPlan q = plan_chunks(p, params.threads, mc, params.top_per_node, false);
      return run_bytes(p, params, streamed, q, writer, &census, mc);
    };
    std::uint64_t lo = std::max<std::uint32_t>(params.min_count, 1) + std::uint64_t{1};
    std::uint64_t hi = std::numeric_limits<std::uint32_t>::max();
    if (bytes_at(hi) <= budget) {
      while (lo < hi) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        if (bytes_at(mid) <= budget) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      e.min_count_that_fits = static_cast<std::uint32_t>(lo);
    }
  }
  return e;
}

std::string mib(std::uint64_t bytes) {
  return std::to_string((bytes >> 20) + ((bytes & ((1u << 20) - 1)) != 0 ? 1 : 0));
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

// Accumulates row i (local id li) into ws; returns the largest partner (local id) seen.
// kFractional and the row mode are template parameters: the inner loop is the whole cost.
template <bool kFractional, RowMode kMode>
NodeId accumulate(NodeId i, NodeId li, const Prepared& p, Workspace& ws) {
  const AdjacencyView& contexts = p.incidence->item_contexts();
  const AdjacencyView items = p.local_items();
  std::uint32_t* const count = ws.count.data();
  double* const sum = kFractional ? ws.sum.data() : nullptr;
  NodeId* const touched = ws.touched.data();
  const char* const is_seed = kMode == RowMode::kSeed ? p.local_is_seed.data() : nullptr;
  std::size_t used = 0;
  NodeId hi = 0;
  for (const NodeId s : contexts.row(i)) {
    const auto row = items.row(s);
    const NodeId* first = row.data();
    const NodeId* const last = row.data() + row.size();
    if (row.size() < 2) continue;
    if constexpr (kMode == RowMode::kUpper) {
      if (last[-1] <= li) continue;
      first = std::upper_bound(first, last, li);
    }
    hi = std::max(hi, last[-1]);
    const double w = kFractional ? p.context_weight[s] : 0.0;
    for (const NodeId* it = first; it != last; ++it) {
      const NodeId j = *it;
      if constexpr (kMode != RowMode::kUpper) {
        if (j == li) continue;
        if constexpr (kMode == RowMode::kSeed) {
          if (j < li && is_seed[j] != 0) continue;
        }
      }
      // Branch-free: whether j is new is unpredictable, the store is cheap.
      touched[used] = j;
      used += count[j]++ == 0 ? 1 : 0;
      if constexpr (kFractional) sum[j] += w;
    }
  }
  ws.used = used;
  return hi;
}

// Sorts keys j << 32 | count by j (distinct j, so the order is total). Long lists by two LSD
// radix passes of 11 bits over j when j < 2^22 (O(k), where the comparison sort was ~15% of
// counting), others by std::sort.
void sort_keys(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& scratch, NodeId hi) {
  constexpr unsigned kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  if (keys.size() < 256 || hi >= (NodeId{1} << (2 * kBits))) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  scratch.resize(keys.size());
  std::array<std::uint32_t, kBuckets> at{};
  for (unsigned pass = 0; pass < 2; ++pass) {
    const unsigned shift = 32 + pass * kBits;
    at.fill(0);
    for (const std::uint64_t key : keys) ++at[(key >> shift) & (kBuckets - 1)];
    std::uint32_t total = 0;
    for (std::uint32_t& slot : at) {
      const std::uint32_t here = slot;
      slot = total;
      total += here;
    }
    for (const std::uint64_t key : keys) scratch[at[(key >> shift) & (kBuckets - 1)]++] = key;
    keys.swap(scratch);
  }
}

// Visits the touched partners with at least m shared contexts in ascending order (with the
// count and the value), and resets every touched entry. When the partners cover much of their
// id range, a scan of the dense array over the range gives the order; otherwise the partners
// that pass min_count are collected first and only they are sorted (with min_count >= 2 most
// candidates fail it, so most of the sorting is avoided).
template <bool kFractional, typename Visit>
void drain(NodeId lo, NodeId hi, std::uint32_t m, Workspace& ws, Visit&& visit) {
  std::uint32_t* const count = ws.count.data();
  double* const sum = kFractional ? ws.sum.data() : nullptr;
  const std::size_t t = ws.used;
  if (t == 0) return;
  const auto take = [&](NodeId j) {
    const std::uint32_t c = count[j];
    count[j] = 0;
    double value = static_cast<double>(c);
    if constexpr (kFractional) {
      value = sum[j];
      sum[j] = 0.0;
    }
    return std::pair<std::uint32_t, double>(c, value);
  };
  const std::uint64_t range = static_cast<std::uint64_t>(hi) - lo + 1;
  // With min_count >= 2 the sort path sorts only the kept partners: scan only dense rows.
  if (range <= (m <= 1 ? 8 : 2) * static_cast<std::uint64_t>(t)) {
    std::size_t left = t;
    for (NodeId j = lo; left > 0; ++j) {
      if (count[j] == 0) continue;
      --left;
      const auto [c, value] = take(j);
      if (c >= m) visit(j, value);
    }
    return;
  }
  NodeId* const touched = ws.touched.data();
  if (m <= 1) {
    std::sort(touched, touched + t);
    for (std::size_t k = 0; k < t; ++k) {
      const auto [c, value] = take(touched[k]);
      (void)c;
      visit(touched[k], value);
    }
    return;
  }
  if constexpr (!kFractional) {
    // Whole counts: the partner and its count in one integer, sorted as integers (8-byte moves
    // and plain compares: half the time of the 16-byte records, the sort being ~15% of
    // counting).
    ws.kept_keys.clear();
    for (std::size_t k = 0; k < t; ++k) {
      const NodeId j = touched[k];
      const std::uint32_t c = count[j];
      count[j] = 0;
      if (c >= m) ws.kept_keys.push_back(std::uint64_t{j} << 32 | c);
    }
    sort_keys(ws.kept_keys, ws.radix, hi);
    for (const std::uint64_t key : ws.kept_keys) {
      visit(static_cast<NodeId>(key >> 32), static_cast<double>(key & 0xFFFFFFFFu));
    }
    return;
  }
  ws.kept.clear();
  for (std::size_t k = 0; k < t; ++k) {
    const NodeId j = touched[k];
    const auto [c, value] = take(j);
    if (c >= m) ws.kept.push_back({j, c, value});
  }
  std::sort(ws.kept.begin(), ws.kept.end(),
            [](const Workspace::Kept& x, const Workspace::Kept& y) { return x.j < y.j; });
  for (const Workspace::Kept& k : ws.kept) visit(k.j, k.value);
}

// Strongest first by `by`, ties by the other endpoint ascending.
struct RowOrder {
  const std::vector<double>* item_count;
  double ci;
  Normalization by;
  bool operator()(const Pair& x, const Pair& y) const {
    const double sx = pair_strength(x.count, ci, (*item_count)[x.b], by);
    const double sy = pair_strength(y.count, ci, (*item_count)[y.b], by);
    if (sx != sy) return sx > sy;
    return x.b < y.b;
  }
};

// Computes row i and appends its kept pairs to `out` as (a < b) records; returns the row's
// distinct partners (kBoth: every pair is seen from both ends).
template <bool kFractional, RowMode kMode>
std::uint64_t process_row(NodeId i, const KernelInput& in, Workspace& ws, PairArray& out) {
  const Prepared& p = *in.p;
  const NodeId li = p.local_id(i);
  const NodeId hi = accumulate<kFractional, kMode>(i, li, p, ws);
  const std::size_t distinct = ws.used;
  if (distinct == 0) return 0;
  const std::uint32_t m = in.min_count;
  const NodeId* const global = p.compacted() ? p.global.data() : nullptr;
  const auto global_id = [global](NodeId j) { return global != nullptr ? global[j] : j; };
  if constexpr (kMode == RowMode::kUpper) {
    drain<kFractional>(li + 1, hi, m, ws, [&](NodeId j, double value) {
      out.push_back(Pair{i, global_id(j), value});
    });
  } else {
    NodeId lo = hi;
    for (std::size_t k = 0; k < ws.used; ++k) lo = std::min(lo, ws.touched[k]);
    if constexpr (kMode == RowMode::kSeed) {
      drain<kFractional>(lo, hi, m, ws, [&](NodeId j, double value) {
        const NodeId g = global_id(j);
        out.push_back(g < i ? Pair{g, i, value} : Pair{i, g, value});
      });
    } else {
      ws.scratch.clear();
      drain<kFractional>(lo, hi, m, ws, [&](NodeId j, double value) {
        ws.scratch.push_back(Pair{i, global_id(j), value});  // b = the partner, for RowOrder
      });
      const std::size_t keep = std::min<std::size_t>(ws.scratch.size(), in.top_per_node);
      const RowOrder order{&p.item_count, p.item_count[i], in.rank_by};
      std::partial_sort(ws.scratch.begin(), ws.scratch.begin() + static_cast<std::ptrdiff_t>(keep),
                        ws.scratch.end(), order);
      for (std::size_t k = 0; k < keep; ++k) {
        const Pair& q = ws.scratch[k];
        out.push_back(q.b < i ? Pair{q.b, i, q.count} : q);
      }
    }
  }
  return distinct;
}

using RowFunction = std::uint64_t (*)(NodeId, const KernelInput&, Workspace&, PairArray&);

RowFunction row_function(bool fractional, RowMode mode) {
  switch (mode) {
    case RowMode::kUpper:
      return fractional ? &process_row<true, RowMode::kUpper>
                        : &process_row<false, RowMode::kUpper>;
    case RowMode::kSeed:
      return fractional ? &process_row<true, RowMode::kSeed> : &process_row<false, RowMode::kSeed>;
    case RowMode::kBoth:
      break;
  }
  return fractional ? &process_row<true, RowMode::kBoth> : &process_row<false, RowMode::kBoth>;
}

struct RunTotals {
  std::uint64_t candidate_pairs = 0;
  unsigned threads = 1;
};

Census take_census(const Prepared& p, unsigned threads) {
  Census census;
  const std::size_t rows = p.num_rows();
  if (rows == 0 || p.incidence == nullptr) return census;
  // Contiguous ranges of about equal work, one per thread; integer sums, so any split gives
  // the same census.
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < rows; ++r) total += p.work[p.row(r)] + 1;
  const unsigned parts = static_cast<unsigned>(std::min<std::uint64_t>(threads, rows));
  std::vector<std::size_t> begin(parts + 1, rows);
  begin[0] = 0;
  {
    std::uint64_t seen = 0;
    unsigned part = 1;
    for (std::size_t r = 0; r < rows && part < parts; ++r) {
      seen += p.work[p.row(r)] + 1;
      if (seen * parts >= total * part) begin[part++] = r + 1;
    }
  }
  std::vector<Census> partial(parts);
  const auto count_range = [&](unsigned part) {
    Workspace ws(p);
    Census& c = partial[part];
    for (std::size_t r = begin[part]; r < begin[part + 1]; ++r) {
      const NodeId i = p.row(r);
      const NodeId li = p.local_id(i);
      if (p.row_mode == RowMode::kSeed) {
        (void)accumulate<false, RowMode::kSeed>(i, li, p, ws);
      } else {
        (void)accumulate<false, RowMode::kUpper>(i, li, p, ws);
      }
      for (std::size_t k = 0; k < ws.used; ++k) {
        const NodeId j = ws.touched[k];
        const std::uint32_t n = ws.count[j];
        ws.count[j] = 0;
        const std::uint32_t bucket = std::min(n, Census::kCap);
        ++c.pairs[bucket];
        c.instances[bucket] += n;
      }
    }
  };
  parallel::run_team(parts, [&](unsigned part) { count_range(part); });
  for (const Census& c : partial) {
    for (std::uint32_t b = 0; b <= Census::kCap; ++b) {
      census.pairs[b] += c.pairs[b];
      census.instances[b] += c.instances[b];
    }
  }
  return census;
}

// Computes the chunks on `threads` workers while the calling thread hands finished chunks to
// `emit` in row order (so writing overlaps counting). At most kWindowPerThread chunks per
// worker are in flight or waiting, whatever the output size: a worker that would run too far
// ahead of the emitter waits. Every row is computed by one thread in a fixed order, so the
// output does not depend on the thread count or the chunk layout.
// What a chunk hands to the emitter: its pairs, or (with a formatter) their text.
struct ChunkOutput {
  PairArray pairs;
  std::string text;
  std::uint64_t count = 0;  // pairs in the chunk
};

RunTotals run_rows(const Prepared& p, const KernelInput& in, unsigned threads,
                   const PairFormatter* format, const std::function<void(ChunkOutput&&)>& emit) {
  RunTotals totals;
  if (p.num_rows() == 0 || p.incidence == nullptr) return totals;
  const ChunkPlan plan = plan_chunks(p, threads, in.min_count, in.top_per_node, true);
  const std::size_t num_chunks = plan.begin.size() - 1;
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, num_chunks));
  totals.threads = workers;
  const RowFunction process = row_function(p.fractional, p.row_mode);
  const std::span<const double> item_count(p.item_count);
  const auto compute = [&](std::size_t c, Workspace& ws, ChunkOutput& out) {
    std::uint64_t candidates = 0;
    for (std::size_t r = plan.begin[c]; r < plan.begin[c + 1]; ++r) {
      candidates += process(p.row(r), in, ws, out.pairs);
    }
    out.count = out.pairs.size();
    if (format != nullptr) {
      // Formatted on this worker, so writing a table scales with the threads too.
      if (!out.pairs.empty()) (*format)(std::span<const Pair>(out.pairs), item_count, out.text);
      out.pairs = PairArray();
    }
    return candidates;
  };
  std::uint64_t distinct = 0;
  if (workers <= 1) {
    Workspace ws(p);
    for (std::size_t c = 0; c < num_chunks; ++c) {
      ChunkOutput out;
      distinct += compute(c, ws, out);
      emit(std::move(out));
    }
  } else {
    const std::size_t window = static_cast<std::size_t>(workers) * kWindowPerThread;
    std::vector<ChunkOutput> slots(window);
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
      try {
        Workspace ws(p);
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
          ChunkOutput out;
          const std::uint64_t candidates = compute(c, ws, out);
          const std::lock_guard lock(mutex);
          slots[c % window] = std::move(out);
          slot_candidates[c % window] = candidates;
          ready[c % window] = 1;
          chunk_done.notify_all();
        }
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
        chunk_done.notify_all();
        slot_free.notify_all();
      }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned t = 0; t < workers; ++t) pool.emplace_back(work);
    std::exception_ptr emit_error;
    try {
      for (std::size_t c = 0; c < num_chunks; ++c) {
        ChunkOutput chunk;
        {
          std::unique_lock lock(mutex);
          chunk_done.wait(lock, [&] { return stop || ready[c % window] != 0; });
          if (stop) break;
          chunk = std::move(slots[c % window]);
          ready[c % window] = 0;
          distinct += slot_candidates[c % window];
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
  }
  totals.candidate_pairs = p.row_mode == RowMode::kBoth ? distinct / 2 : distinct;
  return totals;
}

bool by_ids(const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); }

// Strongest first, then (a, b) ascending: a strict total order, so the K first are unique.
struct GlobalOrder {
  const std::vector<double>* item_count;
  Normalization by;
  bool operator()(const Pair& x, const Pair& y) const {
    const double sx = pair_strength(*item_count, x, by);
    const double sy = pair_strength(*item_count, y, by);
    if (sx != sy) return sx > sy;
    return by_ids(x, y);
  }
};

// Keeps the k strongest (in place; order not kept).
void keep_top(PairArray& pairs, std::uint64_t k, const std::vector<double>& item_count,
              Normalization by) {
  if (pairs.size() <= k) return;
  const auto cut = pairs.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(pairs.begin(), cut, pairs.end(), GlobalOrder{&item_count, by});
  pairs.resize(static_cast<std::size_t>(k));
}

// top_per_node over stored pairs (seed runs, whose non-seed nodes have no rows of their own).
void apply_top_per_node(PairArray& pairs, NodeId n, std::uint32_t k,
                        const std::vector<double>& item_count, Normalization by) {
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const Pair& p : pairs) {
    ++offsets[static_cast<std::size_t>(p.a) + 1];
    ++offsets[static_cast<std::size_t>(p.b) + 1];
  }
  for (NodeId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<std::uint64_t> incident(offsets.back());
  {
    std::vector<std::uint64_t> next(offsets.begin(), offsets.end() - 1);
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
    if (static_cast<std::uint64_t>(last - first) > k) {
      cut = first + k;
      auto other = [&](std::uint64_t idx) {
        return pairs[idx].a == v ? pairs[idx].b : pairs[idx].a;
      };
      std::partial_sort(first, cut, last, [&](std::uint64_t x, std::uint64_t y) {
        const double vx = pair_strength(item_count, pairs[x], by);
        const double vy = pair_strength(item_count, pairs[y], by);
        if (vx != vy) return vx > vy;
        return other(x) < other(y);
      });
    }
    for (auto* it = first; it != cut; ++it) keep[*it] = 1;
  }
  std::size_t w = 0;
  for (std::size_t r = 0; r < pairs.size(); ++r) {
    if (keep[r] != 0) pairs[w++] = pairs[r];
  }
  pairs.resize(w);
}

KernelInput kernel_input(const Prepared& p, const PairParams& params) {
  KernelInput in;
  in.p = &p;
  in.min_count = std::max<std::uint32_t>(1, params.min_count);
  in.top_per_node = params.top_per_node;
  in.rank_by = params.rank_by;
  return in;
}

PairResult count_pairs(const CitationGraph& graph, const PairParams& params, Mode mode) {
  Prepared p = prepare(graph, params, mode);
  check_memory(p, params, false);
  const KernelInput in = kernel_input(p, params);
  PairResult result;
  result.kind = mode == Mode::kCocitation ? PairKind::kCocitation : PairKind::kCoupling;
  result.corpora = params.corpora;
  const bool seeds = !params.seeds.empty();
  // top alone is applied while the chunks arrive, so the buffer stays near 2 top.
  const bool prune = params.top > 0 && params.top_per_node == 0;
  const std::uint64_t prune_at = saturating_mul(params.top, 2);
  const RunTotals totals = run_rows(p, in, params.threads, nullptr, [&](ChunkOutput&& chunk) {
    if (result.pairs.empty() && !prune) {
      result.pairs = std::move(chunk.pairs);
    } else {
      result.pairs.append(chunk.pairs);
    }
    if (prune && result.pairs.size() > prune_at) {
      keep_top(result.pairs, params.top, p.item_count, params.rank_by);
    }
  });
  result.candidate_pairs = totals.candidate_pairs;
  result.threads = totals.threads;
  if (p.row_mode == RowMode::kBoth) {
    // Each row's K strongest, seen from both ends: sort and merge the two copies (equal bits:
    // both ends sum the same contexts in the same order).
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
    const auto last =
        std::unique(result.pairs.begin(), result.pairs.end(),
                    [](const Pair& x, const Pair& y) { return x.a == y.a && x.b == y.b; });
    result.pairs.resize(static_cast<std::size_t>(last - result.pairs.begin()));
  } else if (seeds || prune) {
    // Seed rows hold pairs (a, b) with a > the row's seed too: restore the (a, b) order.
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
  }
  if (seeds && params.top_per_node > 0) {
    apply_top_per_node(result.pairs, p.n, params.top_per_node, p.item_count, params.rank_by);
  }
  if (params.top > 0 && result.pairs.size() > params.top) {
    keep_top(result.pairs, params.top, p.item_count, params.rank_by);
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
  }
  result.pairs.shrink_to_fit();
  result.item_count = std::move(p.item_count);
  return result;
}

PairStreamSummary stream_pairs(const CitationGraph& graph, const PairParams& params, Mode mode,
                               const PairSink* sink, const PairFormatter* format,
                               const PairTextSink* text_sink) {
  if (params.top > 0 || params.top_per_node > 0) {
    throw InvalidArgument(
        "streamed pair counting: top and top_per_node need every pair before any can be "
        "written; use min_count or seeds to bound the output instead");
  }
  Prepared p = prepare(graph, params, mode);
  check_memory(p, params, true);
  const KernelInput in = kernel_input(p, params);
  PairStreamSummary summary;
  const std::span<const double> item_count(p.item_count);
  const RunTotals totals = run_rows(p, in, params.threads, format, [&](ChunkOutput&& chunk) {
    summary.pairs += chunk.count;
    if (chunk.count == 0) return;
    if (format != nullptr) {
      (*text_sink)(std::string_view(chunk.text));
    } else {
      (*sink)(std::span<const Pair>(chunk.pairs), item_count);
    }
  });
  summary.candidate_pairs = totals.candidate_pairs;
  summary.threads = totals.threads;
  summary.item_count = std::move(p.item_count);
  return summary;
}

// The contexts shared by a and b, through kept edges, ascending: up to `limit` into out.
std::uint64_t witnesses_of(const CitationGraph& graph, Mode mode, CorpusSet corpora, NodeId a,
                           NodeId b, std::size_t limit, std::vector<NodeId>& out) {
  const Csr& lists = mode == Mode::kCocitation ? graph.in() : graph.out();
  const auto la = lists.neighbors(a);
  const auto lb = lists.neighbors(b);
  const bool filter = corpora != PairParams::kAllCorpora;
  // The out-edge item -> context (co-citation: s -> a is found in out(s); coupling: a -> w is
  // position pa of out(a)).
  const auto edge_kept = [&](NodeId item, std::size_t position, NodeId context) {
    std::uint64_t edge = 0;
    if (mode == Mode::kCoupling) {
      edge = graph.out().first_edge(item) + position;
    } else {
      const auto row = graph.out().neighbors(context);
      edge =
          graph.out().first_edge(context) +
          static_cast<std::uint64_t>(std::lower_bound(row.begin(), row.end(), item) - row.begin());
    }
    return (graph.edge_corpora(edge) & corpora) != 0;
  };
  std::uint64_t total = 0;
  const auto shared = [&](NodeId s, std::size_t pa, std::size_t pb) {
    if (filter && (!edge_kept(a, pa, s) || !edge_kept(b, pb, s))) return;
    if (total < limit) out.push_back(s);
    ++total;
  };
  // Gallop through the longer list when the lengths differ a lot (a classic and a rare work).
  if (la.size() > 16 * lb.size() || lb.size() > 16 * la.size()) {
    const bool a_short = la.size() <= lb.size();
    const auto shorter = a_short ? la : lb;
    const auto longer = a_short ? lb : la;
    auto from = longer.begin();
    for (std::size_t k = 0; k < shorter.size(); ++k) {
      from = std::lower_bound(from, longer.end(), shorter[k]);
      if (from == longer.end()) break;
      if (*from == shorter[k]) {
        const auto pl = static_cast<std::size_t>(from - longer.begin());
        shared(shorter[k], a_short ? k : pl, a_short ? pl : k);
      }
    }
    return total;
  }
  // Branch-free steps: which list advances is data, not a branch the CPU must guess (most steps
  // advance one list; a match is the rare case). Half the time of the branchy merge on coupling
  // lists of ~30 references.
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < la.size() && j < lb.size()) {
    const NodeId x = la[i];
    const NodeId y = lb[j];
    if (x == y) [[unlikely]]
      shared(x, i, j);
    i += static_cast<std::size_t>(x <= y);
    j += static_cast<std::size_t>(y <= x);
  }
  return total;
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

double pair_strength(const PairResult& result, const Pair& pair, Normalization normalization) {
  return pair_strength(result.item_count, pair, normalization);
}

std::uint64_t pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora, NodeId a,
                             NodeId b, std::size_t limit, std::vector<NodeId>& out) {
  const NodeId n = graph.num_nodes();
  if (a >= n || b >= n) {
    throw InvalidArgument("pair_witnesses: pair (" + std::to_string(a) + ", " + std::to_string(b) +
                          ") is outside the graph of " + std::to_string(n) + " nodes");
  }
  return witnesses_of(graph, mode_of(kind), corpora, a, b, limit, out);
}

std::uint64_t pair_witnesses(const CitationGraph& graph, const PairResult& result, const Pair& pair,
                             std::size_t limit, std::vector<NodeId>& out) {
  return pair_witnesses(graph, result.kind, result.corpora, pair.a, pair.b, limit, out);
}

namespace {

// Open addressing from partner id to its index among a run's pairs (a run's partners are
// distinct: one pair per (a, b)).
class PartnerIndex {
 public:
  void assign(std::span<const Pair> run) {
    std::size_t size = 16;
    while (size < 2 * run.size()) size *= 2;
    keys_.assign(size, kNoNode);
    values_.resize(size);
    mask_ = size - 1;
    for (std::size_t i = 0; i < run.size(); ++i) {
      std::size_t h = hash(run[i].b);
      while (keys_[h] != kNoNode) h = (h + 1) & mask_;
      keys_[h] = run[i].b;
      values_[h] = static_cast<std::uint32_t>(i);
    }
  }
  // The pair index of partner v, or -1.
  [[nodiscard]] std::int64_t find(NodeId v) const {
    for (std::size_t h = hash(v);; h = (h + 1) & mask_) {
      if (keys_[h] == v) return values_[h];
      if (keys_[h] == kNoNode) return -1;
    }
  }

 private:
  [[nodiscard]] std::size_t hash(NodeId v) const {
    return static_cast<std::size_t>((v * 0x9E3779B97F4A7C15ULL) >> 20) & mask_;
  }
  std::vector<NodeId> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0;
};

// Calls reach(context, partner, kept) for every pair instance of row a: co-citation, each
// source s citing a and each other work w that s cites (context s, partner w); coupling, each
// work w that a cites and each other citer t of w (context w, partner t). `kept` says whether
// both edges of the instance pass the corpus filter (always true without one). Contexts come
// in ascending order. Partners below `lowest` are skipped (the lists are sorted, so each is
// entered at its first partner >= lowest): a pair table's row a only asks for partners b > a,
// which halves the walk.
template <class Reach>
void walk_row(const CitationGraph& graph, Mode mode, CorpusSet corpora, NodeId a, NodeId lowest,
              Reach&& reach) {
  const bool filter = corpora != PairParams::kAllCorpora;
  const auto kept_edge = [&](std::uint64_t edge) {
    return (graph.edge_corpora(edge) & corpora) != 0;
  };
  const auto edge_of = [&](NodeId citing, NodeId cited) {
    const auto row = graph.out().neighbors(citing);
    return graph.out().first_edge(citing) +
           static_cast<std::uint64_t>(std::lower_bound(row.begin(), row.end(), cited) -
                                      row.begin());
  };
  if (mode == Mode::kCocitation) {
    for (const NodeId s : graph.in().neighbors(a)) {
      const bool a_kept = !filter || kept_edge(edge_of(s, a));
      const auto row = graph.out().neighbors(s);
      const std::uint64_t first = graph.out().first_edge(s);
      const auto from =
          static_cast<std::size_t>(std::lower_bound(row.begin(), row.end(), lowest) - row.begin());
      for (std::size_t p = from; p < row.size(); ++p) {
        if (row[p] == a) continue;
        reach(s, row[p], a_kept && (!filter || kept_edge(first + p)));
      }
    }
  } else {
    const auto row = graph.out().neighbors(a);
    const std::uint64_t first = graph.out().first_edge(a);
    for (std::size_t p = 0; p < row.size(); ++p) {
      const NodeId w = row[p];
      const bool a_kept = !filter || kept_edge(first + p);
      const auto citers = graph.in().neighbors(w);
      for (auto it = std::lower_bound(citers.begin(), citers.end(), lowest); it != citers.end();
           ++it) {
        const NodeId t = *it;
        if (t == a) continue;
        reach(w, t, a_kept && (!filter || kept_edge(edge_of(t, w))));
      }
    }
  }
}

// Pair instances of row a: what walk_row visits.
std::uint64_t row_instances(const CitationGraph& graph, Mode mode, NodeId a) {
  std::uint64_t instances = 0;
  if (mode == Mode::kCocitation) {
    for (const NodeId s : graph.in().neighbors(a)) instances += graph.out().degree(s);
  } else {
    for (const NodeId w : graph.out().neighbors(a)) instances += graph.in().degree(w);
  }
  return instances;
}

}  // namespace

void pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora,
                    std::span<const Pair> pairs, std::size_t limit, WitnessLists& out) {
  const Mode mode = mode_of(kind);
  const Csr& lists = mode == Mode::kCocitation ? graph.in() : graph.out();
  const NodeId n = graph.num_nodes();
  out.offsets.assign(1, 0);
  out.ids.clear();
  out.totals.assign(pairs.size(), 0);
  PartnerIndex index;
  std::vector<NodeId> list;
  std::vector<std::uint64_t> partner_bits((static_cast<std::size_t>(n) + 63) / 64, 0);
  std::vector<std::pair<std::uint32_t, NodeId>> hits;  // (pair of the run, context)
  std::vector<std::uint64_t> scratch;
  std::size_t begin = 0;
  while (begin < pairs.size()) {
    const NodeId a = pairs[begin].a;
    std::size_t end = begin + 1;
    while (end < pairs.size() && pairs[end].a == a) ++end;
    const std::span<const Pair> run = pairs.subspan(begin, end - begin);
    for (const Pair& pair : run) {
      if (pair.a >= n || pair.b >= n) {
        throw InvalidArgument("pair_witnesses: pair (" + std::to_string(pair.a) + ", " +
                              std::to_string(pair.b) + ") is outside the graph of " +
                              std::to_string(n) + " nodes");
      }
    }
    // Merging costs about d_a + d_b per pair; the row walk its instances once.
    std::uint64_t merge_cost = 0;
    for (const Pair& pair : run) merge_cost += lists.degree(a) + lists.degree(pair.b);
    if (run.size() < 4 || row_instances(graph, mode, a) >= merge_cost) {
      for (std::size_t i = 0; i < run.size(); ++i) {
        list.clear();
        out.totals[begin + i] = witnesses_of(graph, mode, corpora, a, run[i].b, limit, list);
        out.ids.insert(out.ids.end(), list.begin(), list.end());
        out.offsets.push_back(out.ids.size());
      }
    } else {
      // One walk: a bit per node rejects the instances that reach no partner of the run (most of
      // them) with one load; the hits are counted and kept in walk (= context) order.
      index.assign(run);
      for (const Pair& pair : run) partner_bits[pair.b >> 6] |= std::uint64_t{1} << (pair.b & 63);
      std::uint64_t* totals = out.totals.data() + begin;
      hits.clear();
      NodeId lowest = run.front().b;
      for (const Pair& pair : run) lowest = std::min(lowest, pair.b);
      walk_row(graph, mode, corpora, a, lowest, [&](NodeId context, NodeId partner, bool kept) {
        if ((partner_bits[partner >> 6] >> (partner & 63) & 1) == 0 || !kept) return;
        const auto i = static_cast<std::uint32_t>(index.find(partner));
        if (totals[i]++ < limit) hits.emplace_back(i, context);
      });
      for (const Pair& pair : run) partner_bits[pair.b >> 6] = 0;
      std::vector<std::uint64_t>& fill = scratch;
      fill.resize(run.size());
      for (std::size_t i = 0; i < run.size(); ++i) {
        fill[i] = out.offsets.back();
        out.offsets.push_back(out.offsets.back() + std::min<std::uint64_t>(totals[i], limit));
      }
      out.ids.resize(out.offsets.back());
      for (const auto& [i, context] : hits) out.ids[fill[i]++] = context;
    }
    begin = end;
  }
}

PairResult cocitation(const CitationGraph& graph, const PairParams& params) {
  return count_pairs(graph, params, Mode::kCocitation);
}

PairResult coupling(const CitationGraph& graph, const PairParams& params) {
  return count_pairs(graph, params, Mode::kCoupling);
}

PairStreamSummary stream_cocitation(const CitationGraph& graph, const PairParams& params,
                                    const PairSink& sink) {
  return stream_pairs(graph, params, Mode::kCocitation, &sink, nullptr, nullptr);
}

PairStreamSummary stream_coupling(const CitationGraph& graph, const PairParams& params,
                                  const PairSink& sink) {
  return stream_pairs(graph, params, Mode::kCoupling, &sink, nullptr, nullptr);
}

PairStreamSummary stream_pairs_text(const CitationGraph& graph, PairKind kind,
                                    const PairParams& params, const PairFormatter& format,
                                    const PairTextSink& sink) {
  return stream_pairs(graph, params, mode_of(kind), nullptr, &format, &sink);
}

PairEstimate estimate_pairs(const CitationGraph& graph, PairKind kind, const PairParams& params,
                            bool streamed, std::uint64_t budget_bytes, PairWriterCost writer) {
  const Prepared p = prepare(graph, params, mode_of(kind));
  return make_estimate(p, params, streamed, budget_bytes, writer);
}

PairEstimate estimate_cocitation(const CitationGraph& graph) {
  return estimate_pairs(graph, PairKind::kCocitation, PairParams{}, false);
}

PairEstimate estimate_coupling(const CitationGraph& graph) {
  return estimate_pairs(graph, PairKind::kCoupling, PairParams{}, false);
}

}  // namespace citegraph
