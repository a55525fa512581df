// The output tables of a run: every analysis result as the writers' tables
// (citegraph/write/writers.hpp), one function per output file. Columns are described in
// docs/outputs.md.
#pragma once

#include <ostream>
#include <span>
#include <string>

#include "citegraph/pipeline/passes.hpp"
#include "citegraph/write/writers.hpp"

namespace citegraph::pipeline {

// The citation graph as writer tables: node id = node_key, Gephi's "label", then pmid, doi,
// pmcid, title, journal, year, volume, issue, pages, kind, corpora, authors, affiliations,
// keywords, mesh (lists "; "-separated), retracted, in_degree, out_degree;
// edges carry "corpus" (corpus names joined by ';'). O(nodes + edges).
io::GraphTables citation_tables(const CitationGraph& graph);

// The Gephi spreadsheet forms of the same tables: Id,Label,... and Source,Target,Type,....
io::Table nodes_csv_table(const io::GraphTables& tables);
io::Table edges_csv_table(const io::GraphTables& tables);

// A short label for Gephi, the map and the report: the work's title, else "First author Year
// Journal Volume:Pages" ("Journal Year;Volume:Pages" without an author), else the citation text,
// else the node key (a PMID only when nothing else is known).
std::string label_of(const CitationGraph& graph, NodeId v);

// Names of the corpora in a set, in corpus order, joined by ';'.
std::string corpus_names(const CitationGraph& graph, CorpusSet set);

// Adds pagerank, hub, authority, betweenness, harmonic (and their standard errors when sampled)
// as node columns of the citation graph's tables.
void add_centrality_columns(io::Table& node_attributes, const CitationCentrality& centrality);

// The undirected co-citation network of the map (cocitation.graphml): the map's works and its
// pairs (without a map: every pair and its works); node data label, pmid, doi, journal, year,
// citations, strength, eigenvector, betweenness, and with a clustered, laid-out map cluster,
// x, y (Gephi reads x and y as positions); edge data weight (the chosen normalisation), count,
// association, cosine, jaccard, inclusion, citing (the first `witness_limit`, 0 = all),
// citing_total.
// Witnesses (the citing column) are enumerated from the graph when `witnesses`.
io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight,
                                  bool witnesses, const CocitationMap& map,
                                  std::uint64_t witness_limit = 0);

// Adds the map's cluster of each work as an int column "cluster" of a citation-graph node
// table (missing for works off the map); nothing when the map is not clustered.
void add_cluster_column(io::Table& node_attributes, NodeId num_nodes, const CocitationMap& map);

// cocitation.csv / coupling.csv: Source,Target,Weight,Type,count,association,cosine,jaccard,
// inclusion,citing,citing_total (coupling: cited, cited_total): the first
// params.witness_limit witnesses (0 = all) and their total. Strengths from item_count
// (PairResult::item_count or the stream's); witnesses enumerated from the graph under
// params.corpora when params.witnesses.
io::Table pairs_table(const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params);
// The rows of pairs_table as write_csv(..., header = false) writes them, appended to `out`
// without building a table: safe to call from several threads at once (the graph is only
// read), for stream_pairs_text. Each calling thread keeps 512 KiB of recently written
// strengths' text (the same values recur) for its next calls.
void append_pairs_csv(std::string& out, const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params);
// cocitation.csv / coupling.csv written straight to `out`: the header, then the rows of
// append_pairs_csv formatted in chunks on `threads` threads (0 = all cores) and written in
// order. The same bytes as write_csv(out, pairs_table(...)) for any thread count, without
// holding the table: memory is a few chunks of text.
void write_pairs_csv(std::ostream& out, const CitationGraph& graph, std::span<const Pair> pairs,
                     std::span<const double> item_count, Normalization weight, bool coupling,
                     const PairParams& params, unsigned threads);
// The same bytes passed to `sink` piece by piece (a one-pass command's output).
void write_pairs_csv(const PairTextSink& sink, const CitationGraph& graph,
                     std::span<const Pair> pairs, std::span<const double> item_count,
                     Normalization weight, bool coupling, const PairParams& params,
                     unsigned threads);
// overlap.csv: one row per pair of corpora, every figure of every facet.
io::Table overlap_table(const CitationGraph& graph, const OverlapResult& overlap);
// shared_references.csv: works cited by more than one corpus.
io::Table shared_table(const CitationGraph& graph, const OverlapResult& overlap);
// journals.csv and years.csv, every corpus then the overall rows ("*").
io::Table journals_table(const DistributionResult& distributions);
io::Table years_table(const DistributionResult& distributions);
// bursts.csv: item,kind,label,year,strength,begin,end,cluster -- the cited works' bursts (kind
// work, item = the work's Id, its publication year and map cluster) then the terms' (kind term,
// item = label = the term), each by strength descending. pipeline/time_tables.cpp.
io::Table bursts_table(const CitationGraph& graph, const AnalysisResults& results);
// Adds burst, burst_begin, burst_end (the work's strongest burst; missing without one) as node
// columns of the citation graph's tables.
void add_burst_columns(io::Table& node_attributes, NodeId num_nodes, const CitationBursts& bursts);
// main_path.csv: Source,Target (cited -> citing, the direction knowledge flows),spc,splc,spnp
// (PathCount text: exact below 2^53),global,local_forward,local_backward,key_route -- the
// citations on at least one main path.
io::Table main_path_table(const CitationGraph& graph, const MainPathResult& paths);
// main_path.graphml/.gexf: the works and arcs of main_path_table, node data label, year and a
// time-ordered layout x = year, y = rank within the year; edge data as main_path_table.
io::GraphTables main_path_tables(const CitationGraph& graph, const MainPathResult& paths);
// A time-ordered layout of `nodes`: x = the year (the median year of the nodes where unknown),
// y = the rank within the year in the given order.
struct TimeLayout {
  std::vector<double> x, y;
};
TimeLayout time_layout(const CitationGraph& graph, std::span<const NodeId> nodes);
// historiograph.graphml/.gexf/.csv: the historiograph's sources (label, year, lcs, x, y by
// time_layout) and the citations among them (citing -> cited).
io::GraphTables historiograph_tables(const CitationGraph& graph, const Historiograph& h);
// slices.csv: per time slice (slice = 1, 2, ...) its years (begin, end), citing works, the
// citations they make, the works they cite, those selected, the citations of the last selected
// (threshold) and the co-citation links among them.
io::Table slices_table(const TimeSliceResult& slices);
// slice_works.csv: per work of the merged network its Id, Label, year, first_slice (its number)
// and first_year (that slice's first year), its citations over all slices, then one column per
// slice ("2001" for a one-year slice, else "2001-2005") with its citations in that slice.
io::Table slice_works_table(const CitationGraph& graph, const TimeSliceResult& slices);
// slice_links.csv: every slice's co-citation links: slice, begin (its first year), Source,
// Target (the works' Ids), count.
io::Table slice_links_table(const CitationGraph& graph, const TimeSliceResult& slices);
// slices.graphml/.gexf: the merged network: works with label, year, first_slice, first_year,
// citations (over all slices); links with weight (co-citing works summed over slices),
// link_slice and link_year (the first slice with the link; GraphML keys are unique across nodes
// and edges, so the names differ from the nodes').
io::GraphTables slice_network_tables(const CitationGraph& graph, const TimeSliceResult& slices);
// centrality --table citation|cocitation.
io::Table citation_centrality_table(const CitationGraph& graph, const CitationCentrality& c);
io::Table cocitation_centrality_table(const CitationGraph& graph, const PairResult& pairs,
                                      const CocitationCentrality& c);

}  // namespace citegraph::pipeline
