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
  const double p0 =
      total_d == 0 ? 0.0 : static_cast<double>(total_r) / static_cast<double>(total_d);
  const double p1 = std::min(params.s * p0, kMaxBurstRate);
  if (!(p1 > p0)) {  // R = 0 or R = D: no rate above the base one, no burst
    for (std::size_t t = 0; t < n; ++t) out.cost += fit_cost(r[t], d[t], p0);
    return out;
  }
  const double up = params.gamma * std::log(static_cast<double>(n));
  std::vector<double> gain(n);         // sigma(0, t) - sigma(1, t)
  std::vector<std::uint8_t> from1(n);  // back pointers: state 1 at t came from state 1
  std::vector<std::uint8_t> from0(n);  // state 0 at t came from state 1
  double best0 = 0.0;
  double best1 = up;  // q_{-1} = 0: being in state 1 at t = 0 costs the way up
  for (std::size_t t = 0; t < n; ++t) {
    const double c0 = fit_cost(r[t], d[t], p0);
    const double c1 = fit_cost(r[t], d[t], p1);
    gain[t] = c0 - c1;
    if (t == 0) {
      best0 = c0;
      best1 = up + c1;
      continue;
    }
    // Ties go to state 0: a burst starts as late, and ends as early, as the optimum allows.
    from0[t] = best1 < best0 ? 1 : 0;
    from1[t] = best1 < best0 + up ? 1 : 0;
    const double next0 = c0 + std::min(best0, best1);
    const double next1 = c1 + std::min(best0 + up, best1);
    best0 = next0;
    best1 = next1;
  }
  std::uint8_t state = best1 < best0 ? 1 : 0;
  out.cost = std::min(best0, best1);
  for (std::size_t t = n; t-- > 0;) {
    out.states[t] = state;
    if (t > 0) state = state == 1 ? from1[t] : from0[t];
  }
  out.bursts = runs_of(out.states, gain, params.min_duration);
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

// The bursts of works [begin, end), appended to `out` in work order.
void work_bursts(const CitationGraph& graph, const CitationBursts& slices,
                 const BurstParams& params, NodeId begin, NodeId end, std::vector<WorkBurst>& out) {
  std::vector<std::uint64_t> r(slices.citations_per_year.size(), 0);
  for (NodeId v = begin; v < end; ++v) {
    const auto citing = graph.in().neighbors(v);
    bool dated = false;
    for (const NodeId u : citing) {
      if (graph.year(u) == 0) continue;
      ++r[static_cast<std::size_t>(graph.year(u) - slices.first_year)];
      dated = true;
    }
    if (!dated) continue;
    for (const Burst& b : detect_bursts(r, slices.citations_per_year, params).bursts) {
      out.push_back({v, slices.first_year + static_cast<std::int32_t>(b.begin),
                     slices.first_year + static_cast<std::int32_t>(b.end), b.strength});
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
