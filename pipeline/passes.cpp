// Running the selected analysis passes of a run (pipeline/passes.hpp).
#include "citegraph/pipeline/passes.hpp"

#include <algorithm>
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

}  // namespace

PairParams pair_params(const CitationGraph& graph, const RunConfig& config, const char* what,
                       const PairEstimate& estimate, Reporter& reporter) {
  PairParams params = config.pairs;
  params.seeds = seed_nodes(graph, config, reporter);
  const std::uint64_t mib = (estimate.bytes_upper_bound + (1u << 20) - 1) >> 20;  // rounded up
  reporter.note(std::string(what) +
                ": estimate before the run: " + std::to_string(estimate.pair_instances) +
                " pair instances, at most " + std::to_string(estimate.max_distinct_pairs) +
                " pairs, up to " + std::to_string(mib) + " MiB" +
                (params.seeds.empty() ? "" : " (before restricting to --seed-works)"));
  const bool bounded = !params.seeds.empty() || params.min_count > 1 || config.stream;
  if (!bounded && config.max_pair_memory_mb > 0 &&
      estimate.bytes_upper_bound > (config.max_pair_memory_mb << 20)) {
    throw InvalidArgument(std::string(what) + ": the pre-run estimate (" + std::to_string(mib) +
                          " MiB for up to " + std::to_string(estimate.max_distinct_pairs) +
                          " pairs) is above --max-pair-memory " +
                          std::to_string(config.max_pair_memory_mb) +
                          " MiB; bound it with cocite --stream, --seed-works or --min-count, or "
                          "raise --max-pair-memory (0 = no limit)");
  }
  return params;
}

AnalysisResults run_passes(const CitationGraph& graph, const RunConfig& config,
                           const PassSelection& selection, Reporter& reporter) {
  AnalysisResults results;
  // The pair estimates first: a run the guard refuses is refused before any work is done.
  PairParams cocitation_params;
  PairParams coupling_params;
  if (selection.cocitation) {
    results.cocitation_estimate = estimate_cocitation(graph);
    cocitation_params =
        pair_params(graph, config, "co-citation", results.cocitation_estimate, reporter);
  }
  if (selection.coupling) {
    results.coupling_estimate = estimate_coupling(graph);
    coupling_params = pair_params(graph, config, "coupling", results.coupling_estimate, reporter);
  }
  if (selection.centrality) {
    reporter.status("centrality");
    results.centrality = citation_centrality(graph, config.centrality);
  }
  if (selection.cocitation) {
    reporter.status("co-citation");
    results.cocitation = cocitation(graph, cocitation_params);
  }
  if (selection.cocitation && selection.map) {
    build_map(graph, config, selection.cocitation_centrality, results, reporter);
  } else if (selection.cocitation && selection.cocitation_centrality) {
    std::vector<WeightedEdge> edges;
    edges.reserve(results.cocitation.pairs.size());
    for (const Pair& pair : results.cocitation.pairs) {
      edges.push_back(WeightedEdge{pair.a, pair.b, pair_strength(pair, config.weight)});
    }
    reporter.status("co-citation centrality");
    results.cocitation_centrality =
        cocitation_centrality(graph.num_nodes(), edges, config.centrality);
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
  reporter.done();
  return results;
}

}  // namespace citegraph::pipeline
