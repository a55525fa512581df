// The centrality passes: parameter checks, the empty and one-node cases, the co-citation
// adjacency, pivot sampling, and the calls into one kernel per file (pagerank.cpp, hits.cpp,
// betweenness.cpp, closeness.cpp, eigenvector.cpp). Definitions and papers: centrality.hpp.
#include "citegraph/analysis/centrality.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>

#include "analysis/centrality_detail.hpp"
#include "citegraph/graph/error.hpp"
#include "support/describe.hpp"

namespace citegraph {

namespace {

using analysis_detail::describe;

[[noreturn]] void reject(const std::string& name, const std::string& value,
                         const std::string& requirement) {
  throw InvalidArgument("centrality parameter " + name + " = " + value + ": " + requirement);
}

std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound) {
  // Rejection keeps the draw exactly uniform; std::uniform_int_distribution is not specified
  // bit for bit, and the pivots must be the same on every platform for a given seed.
  const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % bound;
  std::uint64_t r = rng();
  while (r >= limit) r = rng();
  return r % bound;
}

}  // namespace

std::string_view measure_name(Measure measure) {
  switch (measure) {
    case Measure::kDegree:
      return "degree";
    case Measure::kPageRank:
      return "pagerank";
    case Measure::kHits:
      return "hits";
    case Measure::kEigenvector:
      return "eigenvector";
    case Measure::kBetweenness:
      return "betweenness";
    case Measure::kHarmonic:
      return "harmonic";
  }
  return "unknown";
}

Measures parse_measures(std::string_view list) {
  Measures measures = Measures::none();
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    start = comma + 1;
    if (item == "all") {
      measures = Measures::all();
      continue;
    }
    const auto* found = std::find_if(std::begin(kAllMeasures), std::end(kAllMeasures),
                                     [item](Measure m) { return measure_name(m) == item; });
    if (found == std::end(kAllMeasures)) {
      throw InvalidArgument("unknown measure '" + std::string(item) +
                            "' (expected a comma-separated list of degree, pagerank, hits, "
                            "eigenvector, betweenness, harmonic, or all)");
    }
    measures.add(*found);
  }
  return measures;
}

std::string measure_list(Measures measures) {
  std::string out;
  for (const Measure m : kAllMeasures) {
    if (!measures.has(m)) continue;
    if (!out.empty()) out += ',';
    out += measure_name(m);
  }
  return out;
}

bool exact_sum_affordable(NodeId n, std::uint64_t arcs, std::uint32_t limit) {
  return centrality_detail::exact_affordable(n, arcs, limit);
}

void CentralityParams::validate() const {
  if (!std::isfinite(damping) || damping < 0.0 || damping >= 1.0) {
    reject("damping", describe(damping), "must be in [0, 1)");
  }
  if (!std::isfinite(tolerance) || tolerance <= 0.0) {
    reject("tolerance", describe(tolerance), "must be a finite number > 0");
  }
  if (max_iterations == 0) reject("max_iterations", "0", "must be at least 1");
  if (betweenness_samples < 2) {
    reject("betweenness_samples", std::to_string(betweenness_samples),
           "must be at least 2 (the standard error needs two pivots)");
  }
  if (closeness_samples < 2) {
    reject("closeness_samples", std::to_string(closeness_samples),
           "must be at least 2 (the standard error needs two pivots)");
  }
  if (threads > 4096) reject("threads", std::to_string(threads), "must be at most 4096");
}

namespace centrality_detail {

bool exact_affordable(NodeId n, std::uint64_t arcs, std::uint32_t limit) {
  const double work = static_cast<double>(n) * (static_cast<double>(n) + static_cast<double>(arcs));
  const double budget = (kExactArcsPerNode + 1) * static_cast<double>(limit) * limit;
  return n <= limit && work <= budget;
}

std::vector<NodeId> choose_sources(NodeId n, std::uint64_t arcs, std::uint32_t limit,
                                   std::uint32_t samples, std::uint64_t seed,
                                   SampleReport& report) {
  std::vector<NodeId> sources;
  if (exact_affordable(n, arcs, limit) || samples >= n) {
    report = {true, n, 0};
    sources.resize(n);
    for (NodeId v = 0; v < n; ++v) sources[v] = v;
    return sources;
  }
  report = {false, samples, seed};
  std::mt19937_64 rng(seed);
  // Floyd's algorithm: k distinct values from [0, n) in O(k) draws and O(k) memory.
  std::unordered_set<NodeId> chosen;
  chosen.reserve(samples);
  for (std::uint64_t j = n - samples; j < n; ++j) {
    const auto t = static_cast<NodeId>(uniform_below(rng, j + 1));
    if (!chosen.insert(t).second) chosen.insert(static_cast<NodeId>(j));
  }
  sources.assign(chosen.begin(), chosen.end());
  std::sort(sources.begin(), sources.end());
  return sources;
}

void finish_scores(const std::vector<double>& sum, const std::vector<double>& sum_sq, double scale,
                   SampledScores& out) {
  const std::size_t n = sum.size();
  out.scores.resize(n);
  if (out.report.exact) {
    for (std::size_t v = 0; v < n; ++v) out.scores[v] = scale * sum[v];
    out.error.clear();
    return;
  }
  const auto nd = static_cast<double>(n);
  const auto k = static_cast<double>(out.report.pivots);
  const double finite_population = 1.0 - k / nd;
  out.error.resize(n);
  for (std::size_t v = 0; v < n; ++v) {
    out.scores[v] = scale * (nd / k) * sum[v];
    const double variance = std::max(0.0, (sum_sq[v] - sum[v] * sum[v] / k) / (k - 1.0));
    out.error[v] = scale * nd * std::sqrt(finite_population * variance / k);
  }
}

}  // namespace centrality_detail

PageRankResult pagerank(const CitationGraph& graph, const CentralityParams& params) {
  params.validate();
  PageRankResult result;
  if (graph.num_nodes() <= 1) {
    result.scores.assign(graph.num_nodes(), 1.0);
    return result;
  }
  result.report = centrality_detail::pagerank(
      graph, params, centrality_detail::resolve_threads(params.threads), result.scores);
  return result;
}

BetweennessResult betweenness(const CitationGraph& graph, const CentralityParams& params) {
  params.validate();
  namespace detail = centrality_detail;
  const NodeId n = graph.num_nodes();
  BetweennessResult result;
  if (n <= 1) {
    result.scores.assign(n, 0.0);
    result.report = {true, n, 0};
    return result;
  }
  detail::SampledScores between = detail::betweenness(detail::view_of(graph.out()), false, params,
                                                      detail::resolve_threads(params.threads));
  result.scores = std::move(between.scores);
  result.error = std::move(between.error);
  result.report = between.report;
  return result;
}

CitationCentrality citation_centrality(const CitationGraph& graph, const CentralityParams& params) {
  params.validate();
  namespace detail = centrality_detail;
  const NodeId n = graph.num_nodes();
  const unsigned threads = detail::resolve_threads(params.threads);
  const Measures want = params.measures;
  CitationCentrality result;
  if (want.has(Measure::kDegree)) {
    result.in_degree.resize(n);
    result.out_degree.resize(n);
    for (NodeId v = 0; v < n; ++v) {
      result.in_degree[v] = graph.in().degree(v);
      result.out_degree[v] = graph.out().degree(v);
    }
  }
  if (n <= 1) {
    // Nothing to iterate: a lone work holds all the rank and lies on no path.
    if (want.has(Measure::kPageRank)) result.pagerank.assign(n, 1.0);
    if (want.has(Measure::kHits)) {
      result.hub.assign(n, 1.0);
      result.authority.assign(n, 1.0);
    }
    if (want.has(Measure::kBetweenness)) {
      result.betweenness.assign(n, 0.0);
      result.betweenness_report = {true, n, 0};
    }
    if (want.has(Measure::kHarmonic)) {
      result.harmonic.assign(n, 0.0);
      result.harmonic_report = {true, n, 0};
    }
    return result;
  }
  if (want.has(Measure::kPageRank)) {
    result.pagerank_report = detail::pagerank(graph, params, threads, result.pagerank);
  }
  if (want.has(Measure::kHits)) {
    result.hits_report = detail::hits(graph, params, threads, result.hub, result.authority);
  }
  if (want.has(Measure::kBetweenness)) {
    detail::SampledScores between =
        detail::betweenness(detail::view_of(graph.out()), false, params, threads);
    result.betweenness = std::move(between.scores);
    result.betweenness_error = std::move(between.error);
    result.betweenness_report = between.report;
  }
  if (want.has(Measure::kHarmonic)) {
    detail::SampledScores harmonic = detail::harmonic_closeness(graph, params, threads);
    result.harmonic = std::move(harmonic.scores);
    result.harmonic_error = std::move(harmonic.error);
    result.harmonic_report = harmonic.report;
  }
  return result;
}

CocitationCentrality cocitation_centrality(NodeId num_nodes, std::span<const WeightedEdge> edges,
                                           const CentralityParams& params) {
  params.validate();
  return cocitation_centrality(build_adjacency(num_nodes, edges), params);
}

CocitationCentrality cocitation_centrality(const WeightedAdjacency& net,
                                           const CentralityParams& params) {
  params.validate();
  namespace detail = centrality_detail;
  const unsigned threads = detail::resolve_threads(params.threads);
  const NodeId num_nodes = net.num_nodes;
  const Measures want = params.measures;
  CocitationCentrality result;
  result.weighted_betweenness = params.weighted_betweenness;
  if (want.has(Measure::kDegree)) {
    result.strength.assign(num_nodes, 0.0);
    for (NodeId v = 0; v < num_nodes; ++v) {
      for (std::uint64_t e = net.offsets[v]; e < net.offsets[v + 1]; ++e) {
        result.strength[v] += net.weights[e];
      }
    }
  }
  if (num_nodes <= 1) {
    if (want.has(Measure::kEigenvector)) result.eigenvector.assign(num_nodes, 1.0);
    if (want.has(Measure::kBetweenness)) {
      result.betweenness.assign(num_nodes, 0.0);
      result.betweenness_report = {true, num_nodes, 0};
    }
    return result;
  }
  const detail::AdjacencyView view{
      OffsetView(std::span<const std::uint64_t>(net.offsets)), net.targets, {}};
  if (want.has(Measure::kEigenvector)) {
    result.eigenvector_report = detail::eigenvector(view, net.weights, params, threads,
                                                    result.eigenvector, result.eigenvalue);
  }
  if (!want.has(Measure::kBetweenness)) return result;
  std::vector<double> lengths;
  detail::AdjacencyView between_view = view;
  if (params.weighted_betweenness) {
    // A pair co-cited more often is closer: length = 1 / weight.
    lengths.resize(net.weights.size());
    for (std::size_t e = 0; e < lengths.size(); ++e) lengths[e] = 1.0 / net.weights[e];
    between_view.lengths = lengths;
  }
  detail::SampledScores between = detail::betweenness(between_view, true, params, threads);
  result.betweenness = std::move(between.scores);
  result.betweenness_error = std::move(between.error);
  result.betweenness_report = between.report;
  return result;
}

}  // namespace citegraph
