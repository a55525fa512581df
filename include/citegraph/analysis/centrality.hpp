// Centrality of works: on the directed citation graph (citing -> cited) in-/out-degree,
// PageRank, HITS hub/authority, shortest-path betweenness and harmonic closeness; on the
// undirected weighted co-citation network strength, eigenvector centrality and betweenness.
// Definitions follow docs/metrics.md ("Centrality"); each is chosen to agree with networkx
// (tests/analysis/networkx_agreement.py checks that to 1e-9 on random graphs).
//
// - PageRank (Page, Brin, Motwani & Winograd 1999, "The PageRank citation ranking"):
//     x'(v) = (1 - d)/n + d * (sum_{u -> v} x(u)/outdeg(u) + sum_{dangling u} x(u)/n)
//   uniform teleport, the mass of dangling works (no references) spread uniformly, start 1/n,
//   power iteration until the L1 change is < tolerance, then divided by its sum so that the
//   scores sum to 1 (networkx.pagerank). Pull-based over in(), multi-threaded over fixed row
//   blocks; every reduction runs in block order, so the bits do not depend on the thread count.
// - HITS (Kleinberg 1999, "Authoritative sources in a hyperlinked environment"):
//     a = A^T h, h = A a, each divided by its sum, start h = 1/n,
//   until the L1 change of h plus that of a is < tolerance. Hubs cite, authorities are cited,
//   as networkx.hits (hubs, authorities). The fixed point is the dominant singular pair of A;
//   when that singular value is repeated (e.g. two identical disjoint stars) the power
//   iteration returns the projection of the uniform start, which is one valid answer among
//   many. A graph without edges has no dominant pair: both vectors are left uniform (1/n).
// - Betweenness (Brandes 2001, "A faster algorithm for betweenness centrality"):
//     b(v) = sum_{s != v != t} sigma_st(v) / sigma_st
//   endpoints excluded. Citation graph: directed, unweighted (hop counts along citations).
//   Co-citation network: undirected, weighted with edge length 1/weight (a pair co-cited more
//   often is closer; networkx with a `distance` attribute = 1/weight) or unweighted as an option;
//   every unordered pair is counted once (networkx's 1/2 factor). The normalised variant, as
//   networkx.betweenness_centrality(normalized=True), divides by the number of pairs not
//   involving v for n > 2: (n-1)(n-2) ordered pairs when directed, (n-1)(n-2)/2 unordered
//   pairs when undirected; it lies in [0, 1]. On more than exact_betweenness_limit nodes, or on
//   fewer whose arcs make the exact sum dearer than on that many nodes with 10 arcs each
//   (n (n + arcs) > 11 limit^2: a dense co-citation map), the sum over sources runs over
//   `betweenness_samples` pivots drawn uniformly without replacement from `seed` and is scaled by
//   n/k (Brandes & Pich 2007, "Centrality estimation in large networks"), and each node's estimated
//   standard error is reported.
// - Harmonic closeness (Marchiori & Latora 2000, "Harmony in the small-world"; Boldi & Vigna
//   2014, "Axioms for centrality"):  h(v) = sum_{u != v, u reaches v} 1 / d(u, v),
//   distances along citations INTO v — a work is central when many works reach it through
//   short citation chains. This is networkx.harmonic_centrality on a DiGraph (which sums over
//   shortest-path lengths from every source to v). Not normalised; unreachable pairs add 0, so
//   it is defined on disconnected graphs. Beyond exact_closeness_limit nodes (by the same work
//   rule as betweenness) it is estimated
//   from `closeness_samples` pivots u (BFS forward from each) scaled by n/k (Eppstein & Wang
//   2004, "Fast approximation of centrality"), with the standard error reported.
// - Eigenvector centrality (Bonacich 1972) on the co-citation network, weighted: the dominant
//   eigenvector of the weighted adjacency matrix, unit L2 norm, computed as networkx does by
//   power iteration on (A + I) from the uniform vector 1/n (the shift keeps the iteration from
//   oscillating on bipartite components and does not change the eigenvector), until the L1
//   change is < tolerance. Isolated works tend to 0.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/analysis/network.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

// The measures a centrality pass computes (--measures). Citation graph: degree (in/out),
// PageRank, HITS (hub, authority), betweenness, harmonic closeness. Co-citation network: degree
// (strength), eigenvector, betweenness. A measure left out costs nothing and leaves its vectors
// (and reports) empty.
enum class Measure : std::uint8_t {
  kDegree,
  kPageRank,
  kHits,
  kEigenvector,
  kBetweenness,
  kHarmonic
};
inline constexpr Measure kAllMeasures[] = {Measure::kDegree,      Measure::kPageRank,
                                           Measure::kHits,        Measure::kEigenvector,
                                           Measure::kBetweenness, Measure::kHarmonic};

// A set of measures.
class Measures {
 public:
  [[nodiscard]] static constexpr Measures all() { return Measures(0x3F); }
  [[nodiscard]] static constexpr Measures none() { return Measures(0); }
  [[nodiscard]] constexpr bool has(Measure m) const { return (bits_ >> bit(m) & 1u) != 0; }
  constexpr Measures& add(Measure m) {
    bits_ = static_cast<std::uint8_t>(bits_ | 1u << bit(m));
    return *this;
  }
  constexpr Measures& remove(Measure m) {
    bits_ = static_cast<std::uint8_t>(bits_ & ~(1u << bit(m)));
    return *this;
  }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  constexpr bool operator==(const Measures&) const = default;

 private:
  constexpr explicit Measures(std::uint8_t bits) : bits_(bits) {}
  static constexpr unsigned bit(Measure m) { return static_cast<unsigned>(m); }
  std::uint8_t bits_;
};

// "degree", "pagerank", "hits", "eigenvector", "betweenness", "harmonic".
[[nodiscard]] std::string_view measure_name(Measure measure);
// A comma-separated list of those names, or "all"; spaces around names are allowed. Throws
// InvalidArgument naming the unknown or empty item.
[[nodiscard]] Measures parse_measures(std::string_view list);
// The names in the set, comma-separated in kAllMeasures order ("" for none).
[[nodiscard]] std::string measure_list(Measures measures);

// Whether a sum over every source (exact betweenness or harmonic closeness) on n nodes with
// `arcs` arcs (an undirected link is 2) is within `limit`: n <= limit and n (n + arcs) <=
// 11 limit^2, the work of `limit` nodes with 10 arcs each. Beyond it the sums are sampled.
[[nodiscard]] bool exact_sum_affordable(NodeId n, std::uint64_t arcs, std::uint32_t limit);

struct CentralityParams {
  Measures measures = Measures::all();  // what to compute; the rest is left empty
  double damping = 0.85;                // PageRank; in [0, 1)
  double tolerance = 1e-10;  // L1 change between iterations that ends PageRank/HITS/eigenvector
  unsigned max_iterations = 1000;  // >= 1; reaching it is reported (converged = false), not thrown
  bool normalized_betweenness = false;  // divide by the number of pairs, see above
  bool weighted_betweenness = true;     // co-citation only: length 1/weight, else hop count
  std::uint32_t exact_betweenness_limit = 20000;  // nodes (and their work); beyond, pivots
  std::uint32_t betweenness_samples = 500;        // pivots when sampling; >= 2
  std::uint32_t exact_closeness_limit = 20000;    // the same for closeness
  std::uint32_t closeness_samples = 500;          // pivots when sampling; >= 2
  std::uint64_t seed = 1;                         // pivot sampling
  unsigned threads = 1;  // 0 = std::thread::hardware_concurrency(); results never depend on it

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

// How an iterative method ended.
struct IterationReport {
  unsigned iterations = 0;
  bool converged = true;
  double residual = 0.0;  // L1 change of the last iteration
};

// How a sum over sources was taken: over every node (exact) or over sampled pivots.
struct SampleReport {
  bool exact = true;
  std::uint32_t pivots = 0;  // sources summed over (n when exact)
  std::uint64_t seed = 0;    // meaningful when !exact
};

struct CitationCentrality {
  std::vector<std::uint64_t> in_degree;   // times cited within the graph
  std::vector<std::uint64_t> out_degree;  // references within the graph
  std::vector<double> pagerank;           // sums to 1
  IterationReport pagerank_report;
  std::vector<double> hub;        // sums to 1
  std::vector<double> authority;  // sums to 1
  IterationReport hits_report;
  std::vector<double> betweenness;
  std::vector<double> betweenness_error;  // standard error per node; empty when exact
  SampleReport betweenness_report;
  std::vector<double> harmonic;
  std::vector<double> harmonic_error;  // standard error per node; empty when exact
  SampleReport harmonic_report;
};

struct CocitationCentrality {
  std::vector<double> strength;  // sum of incident edge weights
  std::vector<double> eigenvector;
  IterationReport eigenvector_report;
  double eigenvalue = 0.0;  // Rayleigh quotient x^T A x of the result (of A, not A + I)
  std::vector<double> betweenness;
  std::vector<double> betweenness_error;  // standard error per node; empty when exact
  SampleReport betweenness_report;
  bool weighted_betweenness = true;  // as run
};

// The centralities of the citation graph that params.measures names (degree, pagerank, hits,
// betweenness, harmonic; eigenvector is of the co-citation network only). Vectors of measures
// left out are empty. Time: O(n + m) for degrees; O(I (n + m)) for PageRank and HITS with I
// iterations (at most max_iterations); O(n m) for betweenness and for harmonic closeness, O(k m)
// each when sampled with k pivots. Memory: O(n) per thread on top of the graph, plus 4 bytes per
// edge while PageRank runs (its in-edges renumbered over the works that cite).
// Throws InvalidArgument if params are invalid.
[[nodiscard]] CitationCentrality citation_centrality(const CitationGraph& graph,
                                                     const CentralityParams& params);

// One centrality alone, for callers that need only it (the same values citation_centrality
// gives for it).
struct PageRankResult {
  std::vector<double> scores;  // sums to 1
  IterationReport report;
};
struct BetweennessResult {
  std::vector<double> scores;
  std::vector<double> error;  // standard error per node; empty when exact
  SampleReport report;
};
// Time O(I (n + m)). Throws InvalidArgument if params are invalid.
[[nodiscard]] PageRankResult pagerank(const CitationGraph& graph, const CentralityParams& params);
// Directed betweenness of the citation graph; exact up to exact_betweenness_limit nodes, sampled
// beyond. Time O(n m), O(k m) with k pivots. Throws InvalidArgument if params are invalid.
[[nodiscard]] BetweennessResult betweenness(const CitationGraph& graph,
                                            const CentralityParams& params);

// Centralities of the undirected co-citation network that params.measures names (degree =
// strength, eigenvector, betweenness; the others are of the citation graph only), vectors of
// measures left out empty, on nodes [0, num_nodes) given by its edge
// list (each unordered pair once; edge order does not change any result).
// Time: O(m log m) to build the adjacency; O(I (n + m)) for eigenvector centrality; weighted
// betweenness O(n m + n^2 log n) (Dijkstra), unweighted O(n m), O(k ...) when sampled.
// Throws InvalidArgument if params are invalid, or an edge has an endpoint >= num_nodes, a == b,
// a weight that is not finite and > 0, or repeats a pair.
[[nodiscard]] CocitationCentrality cocitation_centrality(NodeId num_nodes,
                                                         std::span<const WeightedEdge> edges,
                                                         const CentralityParams& params);

// The same on a network built once (build_adjacency), e.g. shared with clustering and layout.
// Time as above without the O(m log m) build.
[[nodiscard]] CocitationCentrality cocitation_centrality(const WeightedAdjacency& network,
                                                         const CentralityParams& params);

}  // namespace citegraph
