// Running the analysis passes for the command line and turning their results into the
// writers' tables (one function per output file).
#pragma once

#include "apps/options.hpp"
#include "apps/progress.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/distributions.hpp"
#include "citegraph/analysis/overlap.hpp"
#include "citegraph/analysis/pair_counts.hpp"
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
  bool cocitation = true;
  bool coupling = true;
  bool overlap = true;
  bool distributions = true;
  // The co-citation network's centralities (with cocitation): only analyze and centrality
  // --table cocitation write them.
  bool cocitation_centrality = true;
};

AnalysisResults run_passes(const CitationGraph& graph, const Config& config,
                           const PassSelection& selection, Progress& progress);

DistributionParams distribution_params(const CitationGraph& graph, const Config& config);

// The pair parameters of the command line with --seed-works resolved to nodes and
// --max-pair-memory as the engine's guard; prints the pre-run estimate for these options
// (unless --quiet) and refuses (InvalidArgument) a run whose estimate -- the engine's plus the
// writers' tables for a stored run -- is above --max-pair-memory, whatever the options: they
// only change the estimate. The refusal names the options that would bound it.
PairParams pair_params(const CitationGraph& graph, const Config& config, PairKind kind);

// Adds pagerank, hub, authority, betweenness, harmonic (and their standard errors when sampled)
// as node columns of the citation graph's tables.
void add_centrality_columns(io::Table& node_attributes, const CitationCentrality& centrality);

// The undirected co-citation network: works that are in at least one pair; node data label,
// pmid, doi, journal, year, citations, strength, eigenvector, betweenness; edge data weight
// (the chosen normalisation), count, association, cosine, jaccard, inclusion, citing.
// Witnesses (the citing column) are enumerated from the graph when `witnesses`.
io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight,
                                  bool witnesses);

// cocitation.csv / coupling.csv: Source,Target,Weight,Type,count,association,cosine,jaccard,
// inclusion,citing (coupling: cited). Strengths from item_count (PairResult::item_count or the
// stream's); witnesses enumerated from the graph under params.corpora when params.witnesses.
io::Table pairs_table(const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params);
// The rows of pairs_table as write_csv(..., header = false) writes them, appended to `out`
// without building a table: safe to call from several threads at once (the graph is only
// read), for stream_pairs_text.
void append_pairs_csv(std::string& out, const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params);
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
