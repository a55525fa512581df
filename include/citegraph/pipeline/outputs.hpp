// The files of `analyze --out DIR`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "citegraph/write/output_dir.hpp"

namespace citegraph::pipeline {

// The names of the files write_analysis writes, in the order it writes them (with every format
// of --formats chosen).
std::vector<std::string> analysis_output_names();

// The formats named by analyze --formats: a comma-separated list of graphml, gexf, csv,
// vosviewer, pajek (or all). Throws InvalidArgument naming an unknown or empty name.
RunConfig::Formats parse_output_formats(std::string_view list);

// Opens the output directory of an analyze run (config.out_dir) as one transaction
// (io::OutputDir): takes its lock, waiting while another run writes it; removes what dead runs
// left beside it; refuses (IoError) a directory that holds anything citegraph did not write.
// Call it before load(), so that a refusal or a wait costs no work.
std::unique_ptr<io::OutputDir> open_analysis_output(const RunConfig& config);

// Writes every output of an analyze run (citation.graphml, nodes.csv, edges.csv,
// cocitation.graphml, cocitation.csv, coupling.csv, overlap.csv, shared_references.csv,
// journals.csv, years.csv, the GEXF, VOSviewer and Pajek files, report.html, summary.json; of
// the graph files and tables those of config.formats) into the staging directory of `out` and
// commits it: the output directory then holds exactly this run's files, or, after any failure,
// exactly the previous run's. Throws IoError(kOutput). Returns the names written.
std::vector<std::string> write_analysis(io::OutputDir& out, const RunConfig& config,
                                        const Loaded& loaded, const AnalysisResults& results,
                                        const std::vector<std::string>& warnings,
                                        Reporter& reporter);

}  // namespace citegraph::pipeline
