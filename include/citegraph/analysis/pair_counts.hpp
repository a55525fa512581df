// Co-citation and bibliographic coupling: sparse pair counts over the citation graph.
//
// Let A be the sources x works incidence matrix (A[s][w] = 1 when s cites w, i.e. the out()
// CSR). Co-citation counts, for works i != j, C[i][j] = (A^T A)[i][j], the number of sources
// citing both; bibliographic coupling counts, for sources s != t, B[s][t] = (A A^T)[s][t], the
// number of references they share (docs/metrics.md, "Co-citation and coupling"). Both are the same
// computation with the roles swapped, so one kernel serves both: "items" are the nodes that are
// paired (cited works, resp. citing sources) and "contexts" the nodes that pair them (citing
// sources, resp. cited works).
//
// Method: row-wise sparse accumulation (Gustavson 1978, "Two fast algorithms for sparse
// matrices: multiplication and permuted transposition", ACM TOMS 4(3)). For each item i, walk
// its contexts s (ascending) and, in each, the items j > i (rows are sorted, so a binary search
// skips j <= i): the upper triangle only, each pair counted once. Counts accumulate in a
// per-thread dense array of N counters (plus N sums under fractional counting), reset through
// the list of touched entries so a row costs its own size, not N; N is the number of items
// when they are a small part of the nodes (coupling: the sources among all works; they are
// renumbered in id order so the array stays cache-sized), else n. The partners are put in
// order either by scanning the dense array over their id range, when they cover much of it,
// or by sorting -- with min_count >= 2 only the partners that pass it. min_count is applied as each
// row is emitted, so memory follows the pairs KEPT, not the pairs counted. Only top_per_node needs
// each node's pairs in both directions; it then computes full rows (j != i) and keeps each row's K
// strongest, so it too holds O(n K) pairs, never the full pair set.
// Rows are cut into chunks of about equal work (the sum over a row's contexts of their sizes:
// the row's share of the sum of squared degrees) that workers take in turn; every row is
// computed by one thread, its floating-point sums accumulate in context order, and chunks are
// emitted in row order, so the result is byte-identical for any thread count.
//
// Pairs are stored as 16-byte records (a, b, count); the normalisations are computed from the
// count and the item counts when they are read (pair_strength), and the witnesses -- the
// contexts behind a pair -- are enumerated from the graph by merging the two context lists
// (pair_witnesses), so neither grows the result.
//
// Exactness: under full counting, count is an integer below 2^32, exact in a double. Under
// fractional counting it is the double sum of 1/(k_s - 1) over the shared contexts s in
// ascending order whichever endpoint's row computes it, so the same bits for any thread count
// and in both directions; the naive reference of the tests sums in the same order. The
// normalisations below are computed from it with the same double expressions as before this
// engine stored 16-byte records, so written values did not change.
//
// Normalisations (van Eck & Waltman 2009, "How to normalize cooccurrence data? An analysis of
// some well-known similarity measures", JASIST 60(8)), of a pair count c_ij with item counts
// c_i, c_j:
//   association strength  c_ij / (c_i c_j)        -- UNSCALED: VOSviewer multiplies it by the
//                                                    constant 2m; we do not (ranking is equal).
//   Salton cosine         c_ij / sqrt(c_i c_j)
//   Jaccard               c_ij / (c_i + c_j - c_ij)
//   inclusion             c_ij / min(c_i, c_j)
//
// Counting (Perianes-Rodriguez, Waltman & van Eck 2016 for fractional co-occurrence counting):
//   full        every context adds 1 to each pair it contains; c_i = the number of contexts of
//               i: for co-citation the sources citing i (C[i][i], its local citation count), for
//               coupling the references of i (B[i][i]).
//   fractional  a context with k items adds 1/(k - 1) to each of its k(k-1)/2 pairs (contexts
//               with k < 2 add nothing); c_i = the number of contexts of i that have k >= 2.
//               So every context gives each of its items a total weight of exactly 1, c_i is the
//               row sum sum_j c_ij, and c_ij <= min(c_i, c_j): cosine, Jaccard and inclusion
//               stay in (0, 1].
// k and c_i are taken after the input filters below (corpora, min_citations): an ignored edge
// or item is treated as absent.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

enum class Normalization { kCount, kAssociation, kCosine, kJaccard, kInclusion };
enum class Counting { kFull, kFractional };
// Co-citation pairs works through citing sources; coupling pairs sources through cited works.
enum class PairKind { kCocitation, kCoupling };

// "count", "association", "cosine", "jaccard", "inclusion". Throws InvalidArgument for a value
// outside the enum.
[[nodiscard]] std::string_view normalization_name(Normalization normalization);
// Inverse of normalization_name (exact, lower-case). Throws InvalidArgument naming the text.
[[nodiscard]] Normalization parse_normalization(std::string_view name);
// "full", "fractional".
[[nodiscard]] std::string_view counting_name(Counting counting);
[[nodiscard]] Counting parse_counting(std::string_view name);

struct PairParams {
  // Every edge, whatever its corpora (also edges of a graph without corpora).
  static constexpr CorpusSet kAllCorpora = ~CorpusSet{0};
  static constexpr unsigned kMaxThreads = 1024;

  Counting counting = Counting::kFull;
  // Pairs shared by fewer contexts than this are dropped (co-citation: cited together by fewer
  // sources; coupling: fewer shared references). It is compared with the integer number of
  // shared contexts under BOTH countings -- under fractional counting it is not a threshold on
  // the fractional sum, which would drop most pairs at the default. 0 and 1 keep every pair.
  // Applied row by row as pairs are produced.
  std::uint32_t min_count = 1;
  // Items with a smaller item count (full counting, after the corpus filter) are ignored as if
  // absent: for co-citation works cited by fewer sources, for coupling sources with fewer
  // references. 0 and 1 ignore nothing.
  std::uint32_t min_citations = 1;
  // 0 = all. Each node ranks its own pairs by rank_by (descending), ties by the other
  // endpoint's id (ascending), and keeps the first K; a pair survives if EITHER endpoint keeps
  // it, so a node can end with more than K pairs but every node keeps its K strongest.
  std::uint32_t top_per_node = 0;
  // 0 = all. The K strongest pairs overall by rank_by (descending), ties by (a, b) ascending.
  std::uint64_t top = 0;
  Normalization rank_by = Normalization::kCount;
  unsigned threads = 1;  // 1 .. kMaxThreads
  // Whether the caller will write the contexts behind each pair. The engine never stores them
  // (pair_witnesses enumerates them from the graph when written); kept here so one struct
  // carries a run's pair options.
  bool witnesses = true;
  // How many witnesses the writers list per pair: the first N in id order (0 = all); the
  // total is written beside them. The engine ignores it.
  std::uint64_t witness_limit = 0;
  // Only edges whose corpora intersect this set take part; kAllCorpora = no corpus filter.
  CorpusSet corpora = kAllCorpora;
  // Empty = every item. Otherwise only pairs with at least one endpoint in this set (co-citation:
  // works; coupling: sources), and only those rows are computed: the cost follows the seeds'
  // neighbourhoods, not the graph. Pairs then come in seed order (see stream_cocitation).
  std::vector<NodeId> seeds;
  // Bytes; 0 = no limit. cocitation(), coupling() and the stream functions compute the pre-run
  // estimate for these params (estimate_pairs) and throw PairMemoryError, before any pair is
  // counted, when its bytes_upper_bound is above this. No other parameter bypasses it: every
  // parameter only changes the bound the estimate computes.
  std::uint64_t max_pair_memory = 0;

  // Throws InvalidArgument naming the parameter and its value: threads outside 1..kMaxThreads,
  // corpora == 0, counting or rank_by outside their enums.
  void validate() const;
};

// A pair of items a < b and its count c_ab: the number of shared contexts under full
// counting, the sum of 1/(k-1) over them under fractional counting (see "Exactness" above).
// 16 bytes; normalisations and witnesses are derived when read.
struct Pair {
  NodeId a = kNoNode;
  NodeId b = kNoNode;
  double count = 0;
};
static_assert(sizeof(Pair) == 16, "pair records are 16 bytes");

// A growable array of pairs whose storage is one malloc'd block grown with realloc: for large
// blocks glibc moves pages (mremap) instead of copying, so growing never holds two copies of
// the pairs and a run's peak is its pairs plus the chunks in flight. Contiguous: converts to
// std::span<const Pair> (a contiguous range).
class PairArray {
 public:
  PairArray() = default;
  PairArray(std::span<const Pair> pairs);  // NOLINT(google-explicit-constructor): a copy
  PairArray(const PairArray& other);
  PairArray(PairArray&& other) noexcept;
  PairArray& operator=(PairArray other) noexcept;
  ~PairArray();

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] const Pair* data() const { return data_; }
  [[nodiscard]] Pair* data() { return data_; }
  [[nodiscard]] const Pair* begin() const { return data_; }
  [[nodiscard]] const Pair* end() const { return data_ + size_; }
  [[nodiscard]] Pair* begin() { return data_; }
  [[nodiscard]] Pair* end() { return data_ + size_; }
  [[nodiscard]] const Pair& operator[](std::size_t k) const { return data_[k]; }
  [[nodiscard]] Pair& operator[](std::size_t k) { return data_[k]; }
  [[nodiscard]] const Pair& front() const { return data_[0]; }
  [[nodiscard]] const Pair& back() const { return data_[size_ - 1]; }

  void push_back(const Pair& pair) {
    const Pair copy = pair;  // `pair` may live in this array
    if (size_ == capacity_) grow();
    data_[size_++] = copy;
  }
  void append(std::span<const Pair> pairs);
  void resize(std::size_t size);  // shrinking keeps the first `size`; growing adds Pair{}
  void shrink_to_fit();
  void clear() { size_ = 0; }

 private:
  void grow_to(std::size_t capacity);
  void grow();  // by a quarter, at least to 16
  Pair* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

struct PairResult {
  PairKind kind = PairKind::kCocitation;
  // Sorted by (a, b). The filters apply in this order: min_count, top_per_node, top.
  PairArray pairs;
  // Per node, c_i as used by the normalisations (see the header comment); 0 for a node that is
  // not an item or that min_citations ignored.
  std::vector<double> item_count;
  // The corpus filter of the run, which pair_witnesses needs to find the same contexts.
  CorpusSet corpora = PairParams::kAllCorpora;
  // Distinct non-zero pairs after the input filters (corpora, min_citations) and before the
  // pair filters (min_count, top_per_node, top).
  std::uint64_t candidate_pairs = 0;
  unsigned threads = 1;  // worker threads actually used
};

// The normalised strength of a pair count c_ab with item counts c_a, c_b (header comment);
// kCount gives c_ab. O(1).
// Inline: writers call it four times per row.
[[nodiscard]] inline double pair_strength(double count, double item_count_a, double item_count_b,
                                          Normalization normalization) {
  switch (normalization) {
    case Normalization::kCount:
      return count;
    case Normalization::kAssociation:
      return count / (item_count_a * item_count_b);
    case Normalization::kCosine:
      return count / std::sqrt(item_count_a * item_count_b);
    case Normalization::kJaccard:
      return count / (item_count_a + item_count_b - count);
    case Normalization::kInclusion:
      return count / std::min(item_count_a, item_count_b);
  }
  return count;
}
// The same for a pair, reading c_a and c_b from item_count (PairResult::item_count or the
// stream's). O(1).
[[nodiscard]] inline double pair_strength(std::span<const double> item_count, const Pair& pair,
                                          Normalization normalization) {
  return pair_strength(pair.count, item_count[pair.a], item_count[pair.b], normalization);
}
[[nodiscard]] double pair_strength(const PairResult& result, const Pair& pair,
                                   Normalization normalization);

// The witnesses of pair (a, b): for co-citation the sources citing both a and b, for coupling
// the works both a and b cite, through edges whose corpora intersect `corpora` -- exactly the
// contexts the pair's count adds up. Appends the first `limit` of them in ascending order to
// `out` (limit = kAllWitnesses for all) and returns how many there are in total (for full
// counting, the pair's count). Merges the two sorted in() (co-citation) or out() (coupling)
// lists: time O(d_a + d_b), plus O(log d) per shared context under a corpus filter for
// co-citation; no memory beyond `out`.
inline constexpr std::size_t kAllWitnesses = static_cast<std::size_t>(-1);
std::uint64_t pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora, NodeId a,
                             NodeId b, std::size_t limit, std::vector<NodeId>& out);
std::uint64_t pair_witnesses(const CitationGraph& graph, const PairResult& result, const Pair& pair,
                             std::size_t limit, std::vector<NodeId>& out);

// The witnesses of many pairs at once: list i is pair_witnesses(graph, kind, corpora,
// pairs[i].a, pairs[i].b, limit) and totals[i] its return value, the same ids in the same order.
// Runs of pairs with the same `a` (a table's rows come that way) are served either by merging per
// pair or, when cheaper, by walking a's contexts once and handing each shared context to the
// partners it reaches (co-citation: the works each source of a cites; coupling: the other citers
// of each work a cites): the cost of a row becomes its pair instances instead of
// pairs x (d_a + d_b). Memory: the lists returned plus O(pairs in a run).
struct WitnessLists {
  std::vector<std::uint64_t> offsets;  // pairs + 1 entries into ids
  std::vector<NodeId> ids;
  std::vector<std::uint64_t> totals;
  [[nodiscard]] std::span<const NodeId> of(std::size_t i) const {
    return {ids.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
  }
};
void pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora,
                    std::span<const Pair> pairs, std::size_t limit, WitnessLists& out);

// What a streamed run reports; the pairs themselves went to the sink.
struct PairStreamSummary {
  std::vector<double> item_count;     // as PairResult::item_count
  std::uint64_t pairs = 0;            // pairs handed to the sink
  std::uint64_t candidate_pairs = 0;  // as PairResult::candidate_pairs
  unsigned threads = 1;
};
// Receives consecutive batches of pairs and the run's item counts (for pair_strength; final
// before the first batch). Called from the calling thread only.
using PairSink =
    std::function<void(std::span<const Pair> pairs, std::span<const double> item_count)>;

// The pre-run size of a run for given params, so the caller can warn or refuse and the engine
// can refuse (PairParams::max_pair_memory) before it counts anything. O(n + m) time; no
// allocation that grows with pairs.
struct PairEstimate {
  // Accumulations the kernel performs without filters: sum over contexts of k(k-1)/2. Equals
  // the sum of all full pair counts of the unfiltered run.
  std::uint64_t pair_instances = 0;
  // min(pair_instances, N(N-1)/2) for N items with at least one context: distinct pairs
  // without filters.
  std::uint64_t max_distinct_pairs = 0;
  // Upper bound on the pairs the run keeps under the params (before top, which only removes):
  // per computed row i, 0 if i has fewer than min_count contexts, else min(the items with
  // min_count contexts it can pair with, instances of row i / min_count), summed over the
  // rows (seeds: the seeds' rows); with top_per_node K at most K per row (2 K per pair's
  // two ends before merging).
  std::uint64_t max_kept_pairs = 0;
  // Upper bound on the peak bytes of the run, every allocation included:
  //   stored run: max_kept_pairs (top: min(2 top + a chunk, that)) x sizeof(Pair) x 5/4
  //               (realloc growth), plus the writer's bytes per pair and per pair instance,
  //               plus the per-pair index of top_per_node with seeds;
  // + the chunks in flight: one on one thread, 8 per thread otherwise, each of at most
  //   2^16 pairs plus its last row's bound, and together at most max_kept_pairs -- the only
  //   pair memory of a streamed run (with the writer's bytes per pair and per witness when
  //   they are held as text, stream_pairs_text);
  // + per thread: a dense accumulator of N x 4 bytes (x 12 under fractional counting; N = the
  //   items when they are renumbered, else n), a touched list and a kept list (or
  //   top_per_node's row) of up to min(N, the largest row's work) entries;
  // + per node: item counts, row work, weights, seed marks, chunk starts; the renumbered
  //   context lists (m x 4) when items are renumbered; filtered copies of both CSRs when
  //   corpora or min_citations filter.
  // Saturates at 2^64 - 1.
  std::uint64_t bytes_upper_bound = 0;
  // Whether the figures above come from a counting pass: when the degree bound does not fit
  // the budget given to estimate_pairs (or max_pair_memory in a run), the pairs are counted
  // once without being kept -- the time of the counting, no pair memory -- and
  // max_kept_pairs, the witnesses and bytes_upper_bound use the exact pairs with count >=
  // min_count (for min_count above 64, those with count >= 64).
  bool counted = false;
  // For a refusal: the smallest min_count (above the params' own, at most 2^32 - 1) whose bound
  // fits `budget_bytes` as given to estimate_pairs, or 0 if none does.
  std::uint32_t min_count_that_fits = 0;
};

// What a caller holds for each stored pair beyond the engine's record -- its output tables --
// so that the estimate, and a guard built on it, cover those allocations too. For a streamed
// run: the text of a pair and of a witness while its chunk is in flight (stream_pairs_text).
struct PairWriterCost {
  std::uint64_t bytes_per_pair = 0;                         // per kept pair (a table row)
  std::uint64_t max_rows = static_cast<std::uint64_t>(-1);  // rows charged at most (a map's)
  std::uint64_t bytes_per_witness = 0;  // per witness written (bounded by the pair instances)
};

// The estimate for a run of `kind` with `params` (streamed or stored), plus `writer` per kept
// pair and per witness. With budget_bytes > 0 and a degree bound above it, the pairs are
// counted once (PairEstimate::counted) and min_count_that_fits is searched; 0 = neither.
// Validates params like the runs do. Time O(n + m) plus O(n) per step of the search (at most
// 32), plus one counting pass (O(I), on params.threads threads) when counted; memory as the
// run's before its first row (filtered copies, renumbered items, per-thread accumulators).
[[nodiscard]] PairEstimate estimate_pairs(const CitationGraph& graph, PairKind kind,
                                          const PairParams& params, bool streamed,
                                          std::uint64_t budget_bytes = 0,
                                          PairWriterCost writer = {});
// Unfiltered, unthreaded, stored estimates (PairParams{}). O(n + m).
[[nodiscard]] PairEstimate estimate_cocitation(const CitationGraph& graph);
[[nodiscard]] PairEstimate estimate_coupling(const CitationGraph& graph);

// Thrown by the runs when the estimate is above PairParams::max_pair_memory. what() gives the
// estimate, the limit and the parameters that would bound the run.
class PairMemoryError : public InvalidArgument {
 public:
  PairMemoryError(const std::string& message, PairEstimate estimate)
      : InvalidArgument(message), estimate_(estimate) {}
  [[nodiscard]] const PairEstimate& estimate() const { return estimate_; }

 private:
  PairEstimate estimate_;
};

// Co-citation: pairs of works cited together by at least one source (A^T A off the diagonal).
// Preconditions (as GraphBuilder guarantees; checked, InvalidArgument otherwise): rows of out()
// and in() strictly increasing -- sorted, no duplicate edges. Throws InvalidArgument for invalid
// params or for corpora naming a corpus the graph does not have, PairMemoryError (above).
// Time O(n + m + I + sum_i t_i min(log t_i, r_i / t_i)) where I = sum over sources of k(k-1)/2
// (pair instances; twice with top_per_node), t_i the distinct partners of row i and r_i their id
// range; memory as PairEstimate::bytes_upper_bound.
[[nodiscard]] PairResult cocitation(const CitationGraph& graph, const PairParams& params);

// Bibliographic coupling: pairs of sources sharing at least one reference (A A^T off the
// diagonal). Same preconditions and complexity with I = sum over cited works of k(k-1)/2,
// k = its citing sources.
[[nodiscard]] PairResult coupling(const CitationGraph& graph, const PairParams& params);

// Streaming co-citation / coupling for graphs whose pairs cannot be held (PubMed: ~3e10 pair
// instances): the same pairs as cocitation()/coupling() with min_count, min_citations, corpora
// and seeds, handed to `sink` in row order (rows ascending; with seeds, the seeds' rows
// ascending and each pair once, under its first seed) while one chunk of rows (8 per thread
// with threads > 1) is held -- memory does not grow with the output. top and top_per_node need
// every pair before any can be written and are refused here (InvalidArgument). Output is identical
// for any thread count.
PairStreamSummary stream_cocitation(const CitationGraph& graph, const PairParams& params,
                                    const PairSink& sink);
PairStreamSummary stream_coupling(const CitationGraph& graph, const PairParams& params,
                                  const PairSink& sink);

// Formats a chunk of pairs (appending to `out`, which starts empty). Called on the worker
// threads, concurrently: it must only read shared state.
using PairFormatter = std::function<void(std::span<const Pair> pairs,
                                         std::span<const double> item_count, std::string& out)>;
// Receives the formatted chunks in row order, from the calling thread only.
using PairTextSink = std::function<void(std::string_view text)>;

// As stream_cocitation / stream_coupling, but each chunk is formatted by `format` on the
// worker that counted it and only its text is handed on, so writing a table (CSV) runs on all
// threads and overlaps the counting. The text of the whole output is the concatenation, in
// row order, of format applied to the same batches as the PairSink variant would see (batch
// boundaries may differ; a row-by-row format makes them irrelevant). Memory: as the stream,
// with the in-flight chunks held as text.
PairStreamSummary stream_pairs_text(const CitationGraph& graph, PairKind kind,
                                    const PairParams& params, const PairFormatter& format,
                                    const PairTextSink& sink);

}  // namespace citegraph
