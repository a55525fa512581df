// What analyze writes: the graph as tables for the writers, and summary.json.
#pragma once

#include <string>
#include <vector>

#include "apps/load.hpp"
#include "apps/passes.hpp"
#include "citegraph/io/writers.hpp"

namespace citegraph::app {

// The citation graph as writer tables: node id = node_key, Gephi's "label", then pmid, doi,
// pmcid, title, journal, year, volume, issue, pages, kind, corpora, authors, affiliations,
// keywords, mesh (lists "; "-separated), retracted, in_degree, out_degree;
// edges carry "corpus" (corpus names joined by ';').
io::GraphTables citation_tables(const CitationGraph& graph);

// The Gephi spreadsheet forms of the same tables: Id,Label,... and Source,Target,Type,....
io::Table nodes_csv_table(const io::GraphTables& tables);
io::Table edges_csv_table(const io::GraphTables& tables);

// A short label for Gephi: the title of a source, else "Journal Year;Volume:Pages", else the
// node id.
std::string label_of(const CitationGraph& graph, NodeId v);

// Names of the corpora in a set, in corpus order, joined by ';'.
std::string corpus_names(const CitationGraph& graph, CorpusSet set);

// Writes summary.json's content.
void write_summary(std::ostream& out, const Config& config, const Loaded& loaded,
                   const AnalysisResults& results, const std::vector<std::string>& outputs,
                   const std::vector<std::string>& warnings);

// Plain-language warnings about the run (e.g. a corpus whose sources carry no reference list).
std::vector<std::string> run_warnings(const Loaded& loaded, const OverlapResult& overlap);

}  // namespace citegraph::app
