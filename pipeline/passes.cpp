// Running the selected analysis passes of a run (pipeline/passes.hpp).
#include "citegraph/pipeline/passes.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace citegraph::pipeline {

DistributionParams distribution_params(const CitationGraph& graph, const RunConfig& config) {
  DistributionParams params;
  params.citing_year_override.assign(graph.corpora().size(), std::nullopt);
  for (const auto& [name, year] : config.citing_years) {
    const auto& names = graph.corpora();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end())
      params.citing_year_override[static_cast<std::size_t>(it - names.begin())] = year;
  }
  return params;
}

namespace {

std::vector<NodeId> seed_nodes(const CitationGraph& graph, const RunConfig& config,
                               Reporter& reporter) {
  std::vector<NodeId> nodes;
  std::string missing;
  for (const Pmid pmid : config.seed_works) {
    const NodeId v = graph.find_pmid(pmid);
    if (v != kNoNode) {
      nodes.push_back(v);
    } else {
      missing += (missing.empty() ? "" : ", ") + std::to_string(pmid);
    }
  }
  if (!config.seed_works.empty() && nodes.empty()) {
    throw InvalidArgument("--seed-works: none of the PMIDs is a work of the graph (" + missing +
                          ")");
  }
  if (!missing.empty())
    reporter.note("warning: --seed-works: not in the graph, ignored: " + missing);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

// Chen et al. 2009 ("Towards an explanatory and computational theory of scientific discovery"):
// sigma = (betweenness + 1)^burst, with the map's betweenness normalised to [0, 1] by the
// number of unordered pairs of other works, as CiteSpace's centrality, and the strength of the
// work's strongest burst (0 without one, so sigma = 1).
void add_sigma(const CitationGraph& graph, bool normalized, AnalysisResults& results) {
  CocitationMap& map = results.map;
  const std::vector<double>& between = results.cocitation_centrality.betweenness;
  if (map.nodes.empty() || between.size() != graph.num_nodes()) return;
  std::vector<double> burst(graph.num_nodes(), 0.0);
  for (const WorkBurst& b : results.bursts.bursts)
    burst[b.work] = std::max(burst[b.work], b.strength);
  const double m = static_cast<double>(map.nodes.size());
  // --normalized-betweenness has divided already.
  const double pairs = normalized || m <= 2 ? 1.0 : (m - 1) * (m - 2) / 2;
  map.sigma.resize(map.nodes.size());
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    const NodeId v = map.nodes[i];
    map.sigma[i] = std::pow(between[v] / pairs + 1.0, burst[v]);
  }
}

}  // namespace

void note_sampling(Reporter& reporter, const std::string& what, const SampleReport& report,
                   std::uint32_t exact_limit) {
  if (report.exact) return;
  reporter.note(what + ": estimated from " + std::to_string(report.pivots) +
                " sampled pivots (--samples; --seed " + std::to_string(report.seed) +
                "): an exact sum is above --exact-limit " + std::to_string(exact_limit) +
                " (nodes, or their work; see docs/metrics.md); each score's standard error is "
                "written beside it");
}

MeasureChoice choose_measures(const RunConfig& config, Measures applicable, NodeId n,
                              std::uint64_t arcs, const std::string& what, Reporter& reporter) {
  MeasureChoice choice;
  choice.applicable = applicable;
  Measures left_out = Measures::none();
  for (const Measure m : kAllMeasures) {
    if (!applicable.has(m)) continue;
    const bool dear = m == Measure::kBetweenness || m == Measure::kHarmonic;
    const std::uint32_t limit = m == Measure::kHarmonic ? config.centrality.exact_closeness_limit
                                                        : config.centrality.exact_betweenness_limit;
    const bool wanted = config.measures_chosen ? config.centrality.measures.has(m)
                                               : !dear || exact_sum_affordable(n, arcs, limit);
    (wanted ? choice.measures : left_out).add(m);
  }
  if (left_out.empty()) return choice;
  if (config.measures_chosen) {
    choice.left_out = "not in --measures " + measure_list(config.centrality.measures);
    return choice;
  }
  choice.left_out =
      "left out by default: " + std::to_string(n) + " nodes and " + std::to_string(arcs) +
      " arcs are above --exact-limit " + std::to_string(config.centrality.exact_betweenness_limit) +
      ", where an exact sum over every node grows as n (n + arcs) " +
      "(docs/metrics.md); --measures all estimates " + measure_list(left_out) + " from " +
      std::to_string(config.centrality.betweenness_samples) + " sampled pivots (--samples)";
  reporter.note(what + ": " + measure_list(left_out) + " " + choice.left_out);
  return choice;
}

PairWriterCost writer_cost(const RunConfig& config, PairKind kind, PairUse use) {
  // What the writers hold per stored pair beyond the engine's 16-byte record, so that the guard
  // covers them: a row of an io::Table for the map's GraphML/GEXF edges (4 strings of 32 bytes,
  // 6 doubles, 10 presence bytes = 186 bytes, doubled for the columns' vector growth), 64 bytes
  // for a network's centralities (edge list, adjacency both ways), a witness id with its
  // separator (16 bytes) per witness held in such a table. The pair CSVs are streamed in chunks
  // (write_pairs_csv): a few chunks of text, whatever the number of pairs, so nothing per pair;
  // a streamed run holds its chunks in flight as CSV text (two ids, six numbers, the type).
  constexpr std::uint64_t kTableRow = 384;
  constexpr std::uint64_t kCentrality = 64;
  constexpr std::uint64_t kWitness = 16;
  constexpr std::uint64_t kCsvRow = 160;
  PairWriterCost cost;
  const bool cocitation = kind == PairKind::kCocitation;
  switch (use) {
    case PairUse::kStream:
      cost.bytes_per_pair = kCsvRow;
      break;
    case PairUse::kAnalyze:  // the map's tables, network and centralities
      cost.bytes_per_pair = cocitation ? kTableRow + kCentrality : 0;
      if (config.map_size > 0) {  // a map of M works has at most M (M - 1) / 2 pairs
        const std::uint64_t m = config.map_size;
        cost.max_rows = m * (m - 1) / 2;
      }
      break;
    case PairUse::kNetwork:  // centrality --table cocitation: the network and its centralities
      cost.bytes_per_pair = kTableRow + kCentrality;
      break;
    case PairUse::kTable:  // the CSV, streamed from the stored pairs
      break;
  }
  if (config.pairs.witnesses &&
      (use == PairUse::kStream || (cocitation && use == PairUse::kAnalyze))) {
    cost.bytes_per_witness = kWitness;
  }
  return cost;
}

PairParams pair_params(const CitationGraph& graph, const RunConfig& config, PairKind kind,
                       PairUse use, Reporter& reporter) {
  const char* what = kind == PairKind::kCocitation ? "co-citation" : "coupling";
  PairParams params = config.pairs;
  params.seeds = seed_nodes(graph, config, reporter);
  // The engine refuses on its own estimate too; the one here adds the writers' tables.
  params.max_pair_memory = config.max_pair_memory_mb << 20;
  const PairEstimate estimate =
      estimate_pairs(graph, kind, params, use == PairUse::kStream, params.max_pair_memory,
                     writer_cost(config, kind, use));
  const std::uint64_t mib = (estimate.bytes_upper_bound + (1u << 20) - 1) >> 20;  // rounded up
  reporter.note(
      std::string(what) + ": estimate before the run: " + std::to_string(estimate.pair_instances) +
      " pair instances, at most " + std::to_string(estimate.max_kept_pairs) + " pairs, up to " +
      std::to_string(mib) + " MiB" + (params.seeds.empty() ? "" : " (restricted to --seed-works)"));
  if (config.max_pair_memory_mb > 0 && estimate.bytes_upper_bound > params.max_pair_memory) {
    const std::string min_count =
        estimate.min_count_that_fits > 0
            ? "--min-count " + std::to_string(estimate.min_count_that_fits) + " would fit; "
            : "";
    throw InvalidArgument(std::string(what) + ": the pre-run estimate (" + std::to_string(mib) +
                          " MiB for up to " + std::to_string(estimate.max_kept_pairs) +
                          " pairs) is above --max-pair-memory " +
                          std::to_string(config.max_pair_memory_mb) + " MiB; " + min_count +
                          "bound it with --min-count, --seed-works, --top-per-node, "
                          "--no-witnesses or cocite --stream, or raise --max-pair-memory (0 = no "
                          "limit)");
  }
  return params;
}

namespace {

void run_citation_centrality(const CitationGraph& graph, const RunConfig& config,
                             AnalysisResults& results, Reporter& reporter) {
  results.centrality_measures = choose_measures(config, kCitationMeasures, graph.num_nodes(),
                                                graph.num_edges(), "the citation graph", reporter);
  CentralityParams params = config.centrality;
  params.measures = results.centrality_measures.measures;
  reporter.status("centrality");
  results.centrality = citation_centrality(graph, params);
  note_sampling(reporter, "citation betweenness", results.centrality.betweenness_report,
                config.centrality.exact_betweenness_limit);
  note_sampling(reporter, "harmonic closeness", results.centrality.harmonic_report,
                config.centrality.exact_closeness_limit);
}

// The centralities of the whole co-citation network (no map: centrality --table cocitation).
void run_network_centrality(const CitationGraph& graph, const RunConfig& config,
                            AnalysisResults& results, Reporter& reporter) {
  std::vector<WeightedEdge> edges;
  edges.reserve(results.cocitation.pairs.size());
  for (const Pair& pair : results.cocitation.pairs) {
    edges.push_back(
        WeightedEdge{pair.a, pair.b, pair_strength(results.cocitation, pair, config.weight)});
  }
  results.cocitation_measures =
      choose_measures(config, kCocitationMeasures, graph.num_nodes(), 2 * edges.size(),
                      "the co-citation network", reporter);
  CentralityParams params = config.centrality;
  params.measures = results.cocitation_measures.measures;
  reporter.status("co-citation centrality");
  results.cocitation_centrality = cocitation_centrality(graph.num_nodes(), edges, params);
  note_sampling(reporter, "co-citation betweenness",
                results.cocitation_centrality.betweenness_report,
                config.centrality.exact_betweenness_limit);
}

// Bursts (and sigma, which needs the map), time slices, main paths and the historiograph.
void run_time_passes(const CitationGraph& graph, const RunConfig& config,
                     const PassSelection& selection, AnalysisResults& results, Reporter& reporter) {
  if (selection.bursts) {
    reporter.status("citation and term bursts");
    BurstParams params = config.bursts;
    params.threads = config.threads;
    results.bursts = citation_bursts(graph, params);
    results.term_bursts = term_bursts(graph, params);
    add_sigma(graph, config.centrality.normalized_betweenness, results);
  }
  if (selection.slices) {
    reporter.status("time slices");
    results.slices = time_slices(graph, config.slices);
  }
  if (!selection.main_path) return;
  reporter.status("main paths");
  results.main_path = main_paths(graph, config.main_path);
  results.main_path_weight = config.main_path.weight;
  results.historiograph = historiograph(graph, config.historiograph);
  if (results.main_path.cycle_arcs_removed > 0) {
    reporter.note("main paths: " + std::to_string(results.main_path.cycle_arcs_removed) +
                  " citation(s) inside citation cycles left out (the earlier work by (year, "
                  "id) is taken as the cited one; docs/metrics.md)");
  }
}

}  // namespace

AnalysisResults run_passes(const CitationGraph& graph, const RunConfig& config,
                           const PassSelection& selection, Reporter& reporter) {
  AnalysisResults results;
  // The pair estimates first: a run the guard refuses is refused before any work is done.
  PairParams cocitation_params;
  PairParams coupling_params;
  if (selection.cocitation) {
    results.cocitation_estimate = estimate_cocitation(graph);
    const PairUse use = selection.map                     ? PairUse::kAnalyze
                        : selection.cocitation_centrality ? PairUse::kNetwork
                                                          : PairUse::kTable;
    cocitation_params = pair_params(graph, config, PairKind::kCocitation, use, reporter);
  }
  if (selection.coupling) {
    results.coupling_estimate = estimate_coupling(graph);
    coupling_params = pair_params(graph, config, PairKind::kCoupling, PairUse::kTable, reporter);
  }
  if (selection.centrality) run_citation_centrality(graph, config, results, reporter);
  if (selection.cocitation) {
    reporter.status("co-citation");
    results.cocitation = cocitation(graph, cocitation_params);
  }
  if (selection.cocitation && selection.map) {
    build_map(graph, config, selection.cocitation_centrality, results, reporter);
  } else if (selection.cocitation && selection.cocitation_centrality) {
    run_network_centrality(graph, config, results, reporter);
  }
  if (selection.coupling) {
    reporter.status("bibliographic coupling");
    results.coupling = coupling(graph, coupling_params);
  }
  if (selection.overlap) {
    reporter.status("corpus overlap");
    results.overlap = overlap(graph);
  }
  if (selection.distributions) {
    reporter.status("distributions");
    results.distributions = distributions(graph, distribution_params(graph, config));
  }
  run_time_passes(graph, config, selection, results, reporter);
  reporter.done();
  return results;
}

}  // namespace citegraph::pipeline
