// Running the analysis passes for the command line and turning their results into the
// writers' tables (one function per output file).
#pragma once

#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/distributions.hpp"
#include "citegraph/analysis/overlap.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "apps/options.hpp"
#include "apps/progress.hpp"
#include "citegraph/io/writers.hpp"

namespace citegraph::app {

struct AnalysisResults {
  CitationCentrality centrality;
  PairEstimate cocitation_estimate;
  PairResult cocitation;
  CocitationCentrality cocitation_centrality;
  PairEstimate coupling_estimate;
  PairResult coupling;
  OverlapResult overlap;
  DistributionResult distributions;
};

struct PassSelection {
  bool centrality = true;
  bool cocitation = true;  // also the co-citation network's centralities
  bool coupling = true;
  bool overlap = true;
  bool distributions = true;
};

AnalysisResults run_passes(const CitationGraph& graph, const Config& config,
                           const PassSelection& selection, Progress& progress);

DistributionParams distribution_params(const CitationGraph& graph, const Config& config);

// The pair parameters of the command line with --seed-works resolved to nodes; prints the
// pre-run estimate (unless --quiet) and refuses (InvalidArgument) a stored run whose estimate
// is above --max-pair-memory when nothing bounds it.
PairParams pair_params(const CitationGraph& graph, const Config& config, const char* what,
                       const PairEstimate& estimate);

// Adds pagerank, hub, authority, betweenness, harmonic (and their standard errors when sampled)
// as node columns of the citation graph's tables.
void add_centrality_columns(io::Table& node_attributes, const CitationCentrality& centrality);

// The undirected co-citation network: works that are in at least one pair; node data label,
// pmid, doi, journal, year, citations, strength, eigenvector, betweenness; edge data weight
// (the chosen normalisation), count, association, cosine, jaccard, inclusion, citing.
io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight);

// cocitation.csv / coupling.csv: Source,Target,Weight,Type,count,association,cosine,jaccard,
// inclusion,citing (coupling: cited).
io::Table pairs_table(const CitationGraph& graph, std::span<const Pair> pairs, Normalization weight,
                      bool coupling);
// overlap.csv: one row per pair of corpora, every figure of every facet.
io::Table overlap_table(const CitationGraph& graph, const OverlapResult& overlap);
// shared_references.csv: works cited by more than one corpus.
io::Table shared_table(const CitationGraph& graph, const OverlapResult& overlap);
// journals.csv and years.csv, every corpus then the overall rows ("*").
io::Table journals_table(const DistributionResult& distributions);
io::Table years_table(const DistributionResult& distributions);
// centrality --table citation|cocitation.
io::Table citation_centrality_table(const CitationGraph& graph, const CitationCentrality& c);
io::Table cocitation_centrality_table(const CitationGraph& graph, const PairResult& pairs,
                                      const CocitationCentrality& c);

}  // namespace citegraph::app
