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
// Method: row-wise sparse accumulation (Gustavson's row-by-row sparse product). For each item i,
// walk its contexts s (ascending) and, in each, the items j > i (rows are sorted, so a binary
// search skips j <= i); accumulate into a per-thread dense array of size n that is reset through
// a list of the touched entries. The touched list is then sorted, so each row comes out sorted by
// j. Only non-zero pairs ever exist; no n x n matrix is allocated. Rows are distributed over
// std::threads in dynamic chunks; every row is computed by one thread, its floating-point sums
// accumulate in context order, and rows are concatenated in row order, so the result is
// byte-identical for any thread count.
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

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

enum class Normalization { kCount, kAssociation, kCosine, kJaccard, kInclusion };
enum class Counting { kFull, kFractional };

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
  // Keep the contexts behind each pair (citing sources for co-citation, shared references for
  // coupling): every co-citation edge can then be traced to its citing PMIDs.
  bool witnesses = true;
  // Only edges whose corpora intersect this set take part; kAllCorpora = no corpus filter.
  CorpusSet corpora = kAllCorpora;
  // Empty = every item. Otherwise only pairs with at least one endpoint in this set (co-citation:
  // works; coupling: sources), and only those rows are computed: the cost follows the seeds'
  // neighbourhoods, not the graph. Pairs then come in seed order (see stream_cocitation).
  std::vector<NodeId> seeds;

  // Throws InvalidArgument naming the parameter and its value: threads outside 1..kMaxThreads,
  // corpora == 0, counting or rank_by outside their enums.
  void validate() const;
};

struct Pair {
  NodeId a = kNoNode;  // a < b
  NodeId b = kNoNode;
  double count = 0;  // c_ij: an integer under full counting, a sum of 1/(k-1) under fractional
  double association = 0;
  double cosine = 0;
  double jaccard = 0;
  double inclusion = 0;
  std::vector<NodeId> witnesses;  // sorted; empty when PairParams::witnesses is false
};

struct PairResult {
  // Sorted by (a, b). The filters apply in this order: min_count, top_per_node, top.
  std::vector<Pair> pairs;
  // Per node, c_i as used by the normalisations (see the header comment); 0 for a node that is
  // not an item or that min_citations ignored.
  std::vector<double> item_count;
  // Distinct non-zero pairs after the input filters (corpora, min_citations) and before the
  // pair filters (min_count, top_per_node, top).
  std::uint64_t candidate_pairs = 0;
  unsigned threads = 1;  // worker threads actually used
};

// What a streamed run reports; the pairs themselves went to the sink.
struct PairStreamSummary {
  std::vector<double> item_count;     // as PairResult::item_count
  std::uint64_t pairs = 0;            // pairs handed to the sink
  std::uint64_t candidate_pairs = 0;  // as PairResult::candidate_pairs
  unsigned threads = 1;
};
// Receives consecutive batches of pairs. Called from the calling thread only.
using PairSink = std::function<void(std::span<const Pair>)>;

// The value a pair is ranked by.
[[nodiscard]] double pair_strength(const Pair& pair, Normalization normalization);

// Co-citation: pairs of works cited together by at least one source (A^T A off the diagonal).
// Preconditions (as GraphBuilder guarantees; checked, InvalidArgument otherwise): rows of out()
// and in() strictly increasing -- sorted, no duplicate edges. Throws InvalidArgument for invalid
// params or for corpora naming a corpus the graph does not have.
// Time O(n + m + I + sum_i t_i log t_i) where I = sum over sources of k(k-1)/2 (pair
// instances; walked twice with witnesses) and t_i the distinct partners j > i of row i; working
// memory O(m) when filtering plus up to 12 bytes x n per thread; result O(P + W) for P kept pairs
// and W witnesses, transiently 2 P while the rows of the threads are concatenated.
[[nodiscard]] PairResult cocitation(const CitationGraph& graph, const PairParams& params);

// Bibliographic coupling: pairs of sources sharing at least one reference (A A^T off the
// diagonal). Witnesses are the shared references. Same preconditions and complexity with
// I = sum over cited works of k(k-1)/2, k = its citing sources.
[[nodiscard]] PairResult coupling(const CitationGraph& graph, const PairParams& params);

// Streaming co-citation / coupling for graphs whose pairs cannot be held (PubMed: ~3e10 pair
// instances): the same pairs as cocitation()/coupling() with min_count, min_citations, corpora,
// witnesses and seeds, handed to `sink` in row order (rows ascending; with seeds, the seeds'
// rows ascending and each pair once, under its first seed) while at most a few chunks of rows
// per thread are held -- memory does not grow with the output. top and top_per_node need every
// pair before any can be written and are refused here (InvalidArgument). Output is identical
// for any thread count.
PairStreamSummary stream_cocitation(const CitationGraph& graph, const PairParams& params,
                                    const PairSink& sink);
PairStreamSummary stream_coupling(const CitationGraph& graph, const PairParams& params,
                                  const PairSink& sink);

// Size of a run before making it, ignoring every filter, so the caller can warn or refuse.
struct PairEstimate {
  // Accumulations the kernel performs: sum over contexts of k(k-1)/2. Equals the sum of all
  // full pair counts of the unfiltered run.
  std::uint64_t pair_instances = 0;
  // min(pair_instances, N(N-1)/2) for N items with at least one context.
  std::uint64_t max_distinct_pairs = 0;
  // Upper bound on the peak memory of an unfiltered one-thread run with witnesses:
  //   max_distinct_pairs x (2 sizeof(Pair) + 32)  -- rows are concatenated from per-chunk
  //                                                 buffers (transiently twice the pair array);
  //                                                 32 bounds glibc's cost per witness vector
  // + pair_instances x sizeof(NodeId)             -- the witnesses
  // + n x 20                                      -- item counts and the one thread's workspace.
  // Each further thread adds n x 12; filters only lower the figure. Saturates at 2^64 - 1.
  std::uint64_t bytes_upper_bound = 0;
};

// O(n): degrees only.
[[nodiscard]] PairEstimate estimate_cocitation(const CitationGraph& graph);
[[nodiscard]] PairEstimate estimate_coupling(const CitationGraph& graph);

}  // namespace citegraph
