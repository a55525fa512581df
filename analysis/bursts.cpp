// Kleinberg's two-state burst automaton on batched counts, solved exactly by Viterbi
// (citegraph/analysis/bursts.hpp).
#include "citegraph/analysis/bursts.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "citegraph/analysis/terms.hpp"
#include "citegraph/graph/error.hpp"
#include "support/describe.hpp"
#include "support/thread_team.hpp"

namespace citegraph {
namespace {

constexpr double kMaxBurstRate = 0.99999;  // p1's cap, as Kleinberg's and CiteSpace's

using analysis_detail::describe;

// -ln[C(d, r) p^r (1 - p)^(d - r)], with 0 ln 0 = 0 (p = 0 and r = 0, p = 1 and r = d).
double fit_cost(std::uint64_t r, std::uint64_t d, double p) {
  const auto rd = static_cast<double>(r);
  const auto fd = static_cast<double>(d - r);
  const double choose =
      std::lgamma(static_cast<double>(d) + 1.0) - std::lgamma(rd + 1.0) - std::lgamma(fd + 1.0);
  const double hits = r == 0 ? 0.0 : rd * std::log(p);
  const double misses = d == r ? 0.0 : fd * std::log1p(-p);
  return -(choose + hits + misses);
}

// -ln C(d, r): the part of the fit cost both states share.
double binomial_cost(std::uint64_t r, std::uint64_t d) {
  const auto rd = static_cast<double>(r);
  const auto fd = static_cast<double>(d - r);
  return -(std::lgamma(static_cast<double>(d) + 1.0) - std::lgamma(rd + 1.0) -
           std::lgamma(fd + 1.0));
}

// The runs of state 1 of at least min_duration slices, with their strengths.
std::vector<Burst> runs_of(const std::vector<std::uint8_t>& states, const std::vector<double>& gain,
                           std::uint32_t min_duration) {
  std::vector<Burst> bursts;
  std::size_t t = 0;
  while (t < states.size()) {
    if (states[t] == 0) {
      ++t;
      continue;
    }
    Burst burst;
    burst.begin = static_cast<std::uint32_t>(t);
    for (; t < states.size() && states[t] == 1; ++t) burst.strength += gain[t];
    burst.end = static_cast<std::uint32_t>(t - 1);
    if (burst.end - burst.begin + 1 >= min_duration) bursts.push_back(burst);
  }
  return bursts;
}

}  // namespace

double burst_fit_cost(std::uint64_t r, std::uint64_t d, double p) {
  if (r > d) {
    throw InvalidArgument("burst_fit_cost: r = " + std::to_string(r) +
                          " exceeds d = " + std::to_string(d));
  }
  if (!(p >= 0.0 && p <= 1.0)) {  // written so that NaN fails too
    throw InvalidArgument("burst_fit_cost: p = " + describe(p) + ": must be in [0, 1]");
  }
  return fit_cost(r, d, p);
}

void BurstParams::validate() const {
  if (!std::isfinite(s) || s <= 1.0) {
    throw InvalidArgument("burst parameter s = " + describe(s) + ": must be a number > 1");
  }
  if (!std::isfinite(gamma) || gamma < 0.0) {
    throw InvalidArgument("burst parameter gamma = " + describe(gamma) +
                          ": must be a finite number >= 0");
  }
  if (min_duration == 0) throw InvalidArgument("burst parameter min_duration = 0: must be >= 1");
  if (threads > 4096) {
    throw InvalidArgument("burst parameter threads = " + std::to_string(threads) +
                          ": must be at most 4096");
  }
}

namespace {

// The Viterbi recursion of one item, with buffers reused from item to item (citation_bursts
// solves one per cited work). The binomial coefficient ln C(d_t, r_t) is the same in both states:
// it changes no comparison and cancels in every gain, so the recursion runs on the rest of the
// fit cost, -(r ln p + (d - r) ln(1 - p)), with the four logarithms taken once per item -- a few
// multiplications per slice instead of six lgamma calls.
class BurstSolver {
 public:
  // Fills states (and gain, sigma(0, t) - sigma(1, t)) for rates p0 < p1; returns the optimum's
  // cost without the binomial coefficients.
  double solve(std::span<const std::uint64_t> r, std::span<const std::uint64_t> d, double p0,
               double p1, double up) {
    const std::size_t n = r.size();
    gain.resize(n);
    from0_.resize(n);
    from1_.resize(n);
    states.assign(n, 0);
    const double lp0 = std::log(p0), lq0 = std::log1p(-p0);
    const double lp1 = std::log(p1), lq1 = std::log1p(-p1);
    double best0 = 0.0;
    double best1 = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
      const auto hits = static_cast<double>(r[t]);
      const auto misses = static_cast<double>(d[t] - r[t]);
      const double c0 = -(hits * lp0 + misses * lq0);
      const double c1 = -(hits * lp1 + misses * lq1);
      gain[t] = c0 - c1;
      if (t == 0) {  // q_{-1} = 0: being in state 1 at t = 0 costs the way up
        best0 = c0;
        best1 = up + c1;
        continue;
      }
      // Ties go to state 0: a burst starts as late, and ends as early, as the optimum allows.
      from0_[t] = best1 < best0 ? 1 : 0;
      from1_[t] = best1 < best0 + up ? 1 : 0;
      const double next0 = c0 + std::min(best0, best1);
      const double next1 = c1 + std::min(best0 + up, best1);
      best0 = next0;
      best1 = next1;
    }
    std::uint8_t state = best1 < best0 ? 1 : 0;
    for (std::size_t t = n; t-- > 0;) {
      states[t] = state;
      if (t > 0) state = state == 1 ? from1_[t] : from0_[t];
    }
    return std::min(best0, best1);
  }

  std::vector<std::uint8_t> states;
  std::vector<double> gain;

 private:
  std::vector<std::uint8_t> from0_;  // state 0 at t came from state 1
  std::vector<std::uint8_t> from1_;  // state 1 at t came from state 1
};

// The series' rates: p0 = R / D, p1 = min(s p0, 0.99999).
std::pair<double, double> burst_rates(std::uint64_t total_r, std::uint64_t total_d, double s) {
  const double p0 =
      total_d == 0 ? 0.0 : static_cast<double>(total_r) / static_cast<double>(total_d);
  return {p0, std::min(s * p0, kMaxBurstRate)};
}

}  // namespace

BurstSequence detect_bursts(std::span<const std::uint64_t> r, std::span<const std::uint64_t> d,
                            const BurstParams& params) {
  params.validate();
  if (r.size() != d.size()) throw InvalidArgument("detect_bursts: r and d differ in length");
  const std::size_t n = r.size();
  std::uint64_t total_r = 0;
  std::uint64_t total_d = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (r[t] > d[t])
      throw InvalidArgument("detect_bursts: r_t > d_t at slice " + std::to_string(t));
    total_r += r[t];
    total_d += d[t];
  }
  BurstSequence out;
  out.states.assign(n, 0);
  if (n == 0) return out;
  const auto [p0, p1] = burst_rates(total_r, total_d, params.s);
  if (!(p1 > p0)) {  // R = 0 or R = D: no rate above the base one, no burst
    for (std::size_t t = 0; t < n; ++t) out.cost += fit_cost(r[t], d[t], p0);
    return out;
  }
  BurstSolver solver;
  out.cost = solver.solve(r, d, p0, p1, params.gamma * std::log(static_cast<double>(n)));
  for (std::size_t t = 0; t < n; ++t) out.cost += binomial_cost(r[t], d[t]);
  out.states = std::move(solver.states);
  out.bursts = runs_of(out.states, solver.gain, params.min_duration);
  return out;
}

namespace {

// The years of a graph's slices: the span of the years of its sources and citing works.
std::pair<std::int32_t, std::int32_t> year_span(const CitationGraph& graph) {
  std::int32_t first = 0;
  std::int32_t last = 0;
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    const std::int32_t year = graph.year(u);
    if (year == 0 || (!graph.is_source(u) && graph.out().degree(u) == 0)) continue;
    first = first == 0 ? year : std::min(first, year);
    last = std::max(last, year);
  }
  return {first, last};
}

// The slices of a graph and the citations each year makes.
void year_slices(const CitationGraph& graph, CitationBursts& out) {
  const auto [first, last] = year_span(graph);
  out.first_year = first;
  out.last_year = last;
  out.citations_per_year.assign(first == 0 ? 0 : static_cast<std::size_t>(last - first) + 1, 0);
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    const std::uint64_t made = graph.out().degree(u);
    if (graph.year(u) == 0) {
      out.citations_without_year += made;
    } else if (made > 0) {
      out.citations_per_year[static_cast<std::size_t>(graph.year(u) - first)] += made;
    }
  }
}

// The bursts of works [begin, end), appended to `out` in work order. The Viterbi runs only from
// the first to the last year a work is cited, which finds the same optimum: on the years before
// (and after) r_t = 0, where state 1 costs more than state 0 (p1 > p0), so an optimal sequence
// is in state 0 there -- a run that began earlier is cheaper begun at the first citation, with
// the same cost of the way up, and leaving a run is free.
void work_bursts(const CitationGraph& graph, const CitationBursts& slices,
                 const BurstParams& params, NodeId begin, NodeId end, std::vector<WorkBurst>& out) {
  const std::vector<std::uint64_t>& d = slices.citations_per_year;
  std::uint64_t total_d = 0;
  for (const std::uint64_t x : d) total_d += x;
  const double up = params.gamma * std::log(static_cast<double>(d.size()));
  std::vector<std::uint64_t> r(d.size(), 0);
  BurstSolver solver;
  for (NodeId v = begin; v < end; ++v) {
    const auto citing = graph.in().neighbors(v);
    std::uint64_t total_r = 0;
    std::size_t lo = d.size();
    std::size_t hi = 0;
    for (const NodeId u : citing) {
      if (graph.year(u) == 0) continue;
      const auto t = static_cast<std::size_t>(graph.year(u) - slices.first_year);
      ++r[t];
      ++total_r;
      lo = std::min(lo, t);
      hi = std::max(hi, t);
    }
    if (total_r == 0) continue;
    // As detect_bursts, without its checks (r_t <= d_t by construction) and its total cost.
    const auto [p0, p1] = burst_rates(total_r, total_d, params.s);
    if (p1 > p0 && hi + 1 - lo >= params.min_duration) {
      const std::size_t years = hi + 1 - lo;
      solver.solve(std::span(r).subspan(lo, years), std::span(d).subspan(lo, years), p0, p1, up);
      for (const Burst& b : runs_of(solver.states, solver.gain, params.min_duration)) {
        out.push_back({v, slices.first_year + static_cast<std::int32_t>(lo + b.begin),
                       slices.first_year + static_cast<std::int32_t>(lo + b.end), b.strength});
      }
    }
    for (const NodeId u : citing) {
      if (graph.year(u) != 0) r[static_cast<std::size_t>(graph.year(u) - slices.first_year)] = 0;
    }
  }
}

}  // namespace

CitationBursts citation_bursts(const CitationGraph& graph, const BurstParams& params) {
  params.validate();
  CitationBursts result;
  year_slices(graph, result);
  if (result.citations_per_year.empty()) return result;
  // Fixed blocks of works, joined in block order: the same list for any thread count.
  const NodeId n = graph.num_nodes();
  constexpr NodeId kBlock = 4096;
  const std::size_t blocks = (static_cast<std::size_t>(n) + kBlock - 1) / kBlock;
  std::vector<std::vector<WorkBurst>> found(blocks);
  std::atomic<std::size_t> next{0};
  parallel::run_team(parallel::resolve_threads(params.threads), [&](unsigned) {
    for (std::size_t b = next++; b < blocks; b = next++) {
      const NodeId begin = static_cast<NodeId>(b * kBlock);
      work_bursts(graph, result, params, begin, std::min<NodeId>(n, begin + kBlock), found[b]);
    }
  });
  for (auto& block : found) {
    result.bursts.insert(result.bursts.end(), block.begin(), block.end());
  }
  std::stable_sort(result.bursts.begin(), result.bursts.end(),
                   [](const WorkBurst& a, const WorkBurst& b) { return a.strength > b.strength; });
  return result;
}

TermBursts term_bursts(const CitationGraph& graph, const BurstParams& params) {
  params.validate();
  TermBursts result;
  const auto [first, last] = year_span(graph);
  if (first == 0) return result;
  result.first_year = first;
  result.last_year = last;
  const auto slices = static_cast<std::size_t>(last - first) + 1;
  result.sources_per_year.assign(slices, 0);
  // Per term, the slice of each source carrying it (once per source): ordered by term, so the
  // bursts come out in term order before the sort by strength.
  std::map<std::string, std::vector<std::uint32_t>> carried;
  for (const NodeId v : graph.source_nodes()) {
    if (graph.year(v) == 0) {
      ++result.sources_without_year;
      continue;
    }
    const auto slice = static_cast<std::uint32_t>(graph.year(v) - first);
    ++result.sources_per_year[slice];
    const SourceMeta* meta = graph.source_meta(v);
    if (meta == nullptr) continue;
    std::set<std::string> terms;
    for (const auto* list : {&meta->keywords, &meta->mesh}) {
      for (const std::string& item : *list) {
        std::string term = normalize_subject(item);
        if (!term.empty()) terms.insert(std::move(term));
      }
    }
    for (const std::string& term : terms) carried[term].push_back(slice);
  }
  std::vector<std::uint64_t> r(slices, 0);
  for (const auto& [term, at] : carried) {
    for (const std::uint32_t t : at) ++r[t];
    for (const Burst& b : detect_bursts(r, result.sources_per_year, params).bursts) {
      result.bursts.push_back({term, first + static_cast<std::int32_t>(b.begin),
                               first + static_cast<std::int32_t>(b.end), b.strength});
    }
    for (const std::uint32_t t : at) r[t] = 0;
  }
  std::stable_sort(result.bursts.begin(), result.bursts.end(),
                   [](const TermBurst& a, const TermBurst& b) { return a.strength > b.strength; });
  return result;
}

}  // namespace citegraph
