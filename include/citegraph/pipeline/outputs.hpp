// The files of `analyze --out DIR`.
#pragma once

#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline {

// The names of the files write_analysis writes, in the order it writes them.
std::vector<std::string> analysis_output_names();

// Writes every output of an analyze run (citation.graphml, nodes.csv, edges.csv,
// cocitation.graphml, cocitation.csv, coupling.csv, overlap.csv, shared_references.csv,
// journals.csv, years.csv, summary.json) into config.out_dir, creating it if needed. Every file
// goes to a temporary first and all are renamed into place only when all were written, so a
// failed run never leaves a cut file. Throws IoError(kOutput). Returns the names written.
std::vector<std::string> write_analysis(const RunConfig& config, const Loaded& loaded,
                                        const AnalysisResults& results,
                                        const std::vector<std::string>& warnings,
                                        Reporter& reporter);

}  // namespace citegraph::pipeline
