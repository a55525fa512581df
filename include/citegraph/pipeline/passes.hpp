// Running the analysis passes a run selects, with the run's parameters resolved against the graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/analysis/bursts.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/clustering.hpp"
#include "citegraph/analysis/distributions.hpp"
#include "citegraph/analysis/historiograph.hpp"
#include "citegraph/analysis/layout.hpp"
#include "citegraph/analysis/main_path.hpp"
#include "citegraph/analysis/overlap.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/analysis/silhouette.hpp"
#include "citegraph/analysis/time_slices.hpp"
#include "citegraph/pipeline/config.hpp"

namespace citegraph::pipeline {

// The co-citation map: the works a person can look at (those of cocitation.graphml), their
// clusters and positions. Empty when the run computes no co-citation network.
struct CocitationMap {
  std::vector<NodeId> nodes;           // works on the map, ascending
  std::vector<std::uint64_t> pairs;    // rows of AnalysisResults::cocitation.pairs on the map
  std::vector<std::uint32_t> cluster;  // per map node: its cluster (0 = largest); may be empty
  std::vector<double> x, y;            // per map node: layout position; may be empty
  struct Cluster {
    std::uint32_t size = 0;
    std::vector<std::string> terms;   // label terms, strongest first
    std::vector<NodeId> top_cited;    // its most cited works
    std::vector<NodeId> top_central;  // its most central works
    // The publication years of its works (those with a known year, `dated` of them): mean,
    // median (the mean of the middle two for an even count), first and last; 0 when none.
    std::uint32_t dated = 0;
    double mean_year = 0.0;
    double median_year = 0.0;
    std::int32_t first_year = 0;
    std::int32_t last_year = 0;
  };
  std::vector<Cluster> clusters;  // by cluster number
  double modularity = 0.0;
  // Silhouettes of the clusters on the cosine strength of co-citation (per map node in `work`);
  // not defined with fewer than two clusters.
  SilhouetteResult silhouette;
  ClusterResult clustering;  // as run (its membership moved into `cluster`)
  LayoutResult layout;       // as run (its x, y moved into `x`, `y`)
  std::string selection;     // what was selected and why, in words
  // Per map node: Chen's sigma = (normalised betweenness + 1)^(burst strength), 1 without a
  // burst; empty when betweenness or the bursts were not computed (run_passes).
  std::vector<double> sigma;
};

// The centrality measures a pass computes on one graph, and why the others are not.
struct MeasureChoice {
  Measures measures = Measures::none();    // computed
  Measures applicable = Measures::none();  // those the graph has (citation or co-citation)
  std::string left_out;                    // why applicable measures were not computed
};

// The measures of `applicable` to compute on a graph (`what`: "the citation graph", ...) of n
// nodes and `arcs` arcs (an undirected link is 2): those of --measures when it was given, else all
// of them when betweenness and harmonic closeness are exact on it (exact_sum_affordable with
// --exact-limit), else all but those two -- with a note on the reporter that names them and how
// to ask for them.
MeasureChoice choose_measures(const RunConfig& config, Measures applicable, NodeId n,
                              std::uint64_t arcs, const std::string& what, Reporter& reporter);

// The measures each graph has.
inline constexpr Measures kCitationMeasures = Measures::all().remove(Measure::kEigenvector);
inline constexpr Measures kCocitationMeasures =
    Measures::none().add(Measure::kDegree).add(Measure::kEigenvector).add(Measure::kBetweenness);

struct AnalysisResults {
  MeasureChoice centrality_measures;
  CitationCentrality centrality;
  MeasureChoice cocitation_measures;
  PairEstimate cocitation_estimate;
  PairResult cocitation;
  CocitationCentrality cocitation_centrality;
  PairEstimate coupling_estimate;
  PairResult coupling;
  OverlapResult overlap;
  DistributionResult distributions;
  CocitationMap map;
  CitationBursts bursts;   // of the cited works
  TermBursts term_bursts;  // of the sources' keywords and MeSH terms
  MainPathResult main_path;
  MainPathWeight main_path_weight = MainPathWeight::kSpc;  // what the paths followed
  Historiograph historiograph;
  TimeSliceResult slices;
};

// Which passes run_passes computes; a command computes only what it writes.
struct PassSelection {
  bool centrality = true;
  bool cocitation = true;
  // The co-citation network's strength/eigenvector/betweenness: of the map's works when `map` is
  // on, else of the whole co-citation network.
  bool cocitation_centrality = true;
  bool map = true;  // select, cluster, lay out and label the co-citation map
  bool coupling = true;
  bool overlap = true;
  bool distributions = true;
  bool bursts = true;     // citation and term bursts
  bool main_path = true;  // main paths of the citation DAG and the historiograph
  bool slices = true;     // time slices and their merged co-citation network

  static PassSelection none() {
    return {false, false, false, false, false, false, false, false, false, false};
  }
};

// Runs the selected passes. The pair estimates and the memory guard come first, so that a run the
// guard refuses is refused (InvalidArgument) before any work is done.
AnalysisResults run_passes(const CitationGraph& graph, const RunConfig& config,
                           const PassSelection& selection, Reporter& reporter);

// The co-citation map of a run (pipeline/map.cpp): selects config.map_size works and their
// pairs; computes the co-citation centralities of the map (into results.cocitation_centrality,
// indexed by graph node, 0 off the map) when `centrality` is set; clusters, lays out and labels
// it. Needs results.cocitation. Time: O(P log P) for the selection plus the passes on the map.
void build_map(const CitationGraph& graph, const RunConfig& config, bool centrality,
               AnalysisResults& results, Reporter& reporter);

// The distribution parameters of a run: --year NAME=YYYY resolved to corpus indices.
DistributionParams distribution_params(const CitationGraph& graph, const RunConfig& config);

// How a run holds the pairs it counts, for the memory guard: as one CSV table (cocite), as
// analyze does (cocitation.csv, the map's tables and centralities), as a network with
// centralities (centrality --table cocitation), or streamed as CSV text (cocite --stream).
enum class PairUse { kTable, kAnalyze, kNetwork, kStream };

// Notes on the reporter that a sum over sources (`what`: "citation betweenness", ...) was
// sampled and why; nothing when it was exact.
void note_sampling(Reporter& reporter, const std::string& what, const SampleReport& report,
                   std::uint32_t exact_limit);

// What the writers hold per pair for a use, beyond the engine's record.
PairWriterCost writer_cost(const RunConfig& config, PairKind kind, PairUse use);

// The pair parameters of a run with --seed-works resolved to nodes and --max-pair-memory as the
// engine's guard; notes the pre-run estimate for these options and refuses (InvalidArgument) a
// run whose estimate -- the engine's plus the writers' -- is above --max-pair-memory, whatever
// the options: they only change the estimate. The refusal names the options that would bound
// it, and a --min-count that fits.
PairParams pair_params(const CitationGraph& graph, const RunConfig& config, PairKind kind,
                       PairUse use, Reporter& reporter);

}  // namespace citegraph::pipeline
