// Citation bursts: Kleinberg's two-state automaton on batched counts (Kleinberg 2002, "Bursty and
// hierarchical structure in streams", section 4), as CiteSpace uses it for cited works and terms.
//
// For an item (a cited work, a term) over n slices (years): r_t of the d_t events of slice t are
// the item's (citations of the work among all citations made by the sources of year t; sources
// of year t carrying the term among all sources of year t). With R = sum r_t, D = sum d_t:
//   p0 = R / D,  p1 = min(s p0, 0.99999)
//   fit cost     sigma(i, t) = -ln[ C(d_t, r_t) p_i^r_t (1 - p_i)^(d_t - r_t) ]
//   transition   tau(i -> j) = gamma ln n when j > i (upward), 0 otherwise
// The state sequence q minimises sum_t sigma(q_t, t) + sum_t tau(q_{t-1}, q_t) with q_{-1} = 0;
// it is found exactly by the Viterbi recursion, O(n) per item (the greedy state-by-state choice
// of some implementations misses the optimum). A burst is a maximal run of state 1, begin and
// end inclusive; its strength is sum over the run of sigma(0, t) - sigma(1, t) (how much better
// the bursty rate explains the run). Runs shorter than min_duration slices are not reported.
// Ties between equal-cost sequences go to state 0 (fewer, later bursts), so results are
// deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

struct BurstParams {
  double s = 2.0;                  // the bursty rate's multiple of the base rate; > 1
  double gamma = 1.0;              // the cost of entering a burst, in units of ln n; >= 0
  std::uint32_t min_duration = 2;  // shortest burst reported, in slices; >= 1
  unsigned threads = 1;            // 0 = every core; results never depend on it

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct Burst {
  std::uint32_t begin = 0;  // first slice of the run
  std::uint32_t end = 0;    // last slice, inclusive
  double strength = 0.0;
};

struct BurstSequence {
  std::vector<std::uint8_t> states;  // q_t, 0 or 1
  double cost = 0.0;                 // the optimum: fit costs plus transition costs
  std::vector<Burst> bursts;         // runs of state 1 of at least min_duration slices
};

// The fit cost sigma = -ln[C(d, r) p^r (1 - p)^(d - r)] of r events out of d at rate p: minus
// the binomial log-probability, as scipy.stats.binom.logpmf(r, d, p) gives it (a test compares
// the two). Computed as -[lnGamma(d + 1) - lnGamma(r + 1) - lnGamma(d - r + 1) + r ln p +
// (d - r) ln1p(-p)] with 0 ln 0 = 0, so p = 0 with r = 0 and p = 1 with r = d cost 0, and an
// impossible count (r > 0 at p = 0, r < d at p = 1) costs +infinity. The lnGamma terms reach
// d ln d (1.3e7 at d = 1e6) while sigma near the mode is about ln sqrt(2 pi d p (1 - p)), so the
// absolute error is a few units in the last place of the largest term, not of sigma. Throws
// InvalidArgument when r > d or p is not in [0, 1]. Time O(1).
[[nodiscard]] double burst_fit_cost(std::uint64_t r, std::uint64_t d, double p);

// The optimal state sequence of one item. r and d have one entry per slice, r_t <= d_t.
// An item with R = 0 or R = D has no burst (all state 0). Throws InvalidArgument when the
// lengths differ or some r_t > d_t, or params are invalid. Time O(n).
[[nodiscard]] BurstSequence detect_bursts(std::span<const std::uint64_t> r,
                                          std::span<const std::uint64_t> d,
                                          const BurstParams& params);

// A burst of one cited work, with the slices as years.
struct WorkBurst {
  NodeId work = kNoNode;
  std::int32_t begin = 0;  // first year of the burst
  std::int32_t end = 0;    // last year, inclusive
  double strength = 0.0;
};

struct CitationBursts {
  std::int32_t first_year = 0;  // the slices: every year from the earliest source year...
  std::int32_t last_year = 0;   // ...to the latest (both 0 when no source has a year)
  std::vector<std::uint64_t> citations_per_year;  // d_t: citations made by sources of year t
  std::uint64_t citations_without_year = 0;       // made by sources of unknown year: not counted
  std::vector<WorkBurst> bursts;                  // by strength descending, then work, then begin
};

// A burst of one subject term (keyword or MeSH heading, normalize_subject) of the sources.
struct TermBurst {
  std::string term;
  std::int32_t begin = 0;
  std::int32_t end = 0;
  double strength = 0.0;
};

struct TermBursts {
  std::int32_t first_year = 0;  // the same slices as citation_bursts
  std::int32_t last_year = 0;
  std::vector<std::uint64_t> sources_per_year;  // d_t: sources of year t
  std::uint64_t sources_without_year = 0;       // not counted
  std::vector<TermBurst> bursts;                // by strength descending, then term, then begin
};

// The slices are the years from the earliest to the latest year of a source (a parsed record)
// or a citing work; a graph where none has a year has no slice and no burst.

// Bursts of the cited works: r_t = citations a work receives from sources of year t, d_t = all
// citations made by sources of year t. Works cited only by sources of unknown year have none.
// Time O(W n + m) for W cited works, n years, m citations; parallel over works.
[[nodiscard]] CitationBursts citation_bursts(const CitationGraph& graph, const BurstParams& params);

// Bursts of the sources' subject terms: r_t = sources of year t carrying the term (once per
// source), d_t = all sources of year t. Time O(T n + total terms) for T distinct terms.
[[nodiscard]] TermBursts term_bursts(const CitationGraph& graph, const BurstParams& params);

}  // namespace citegraph
