// summary.json, the manifest of a run, and the run's plain-language warnings.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline {

// Writes summary.json's content: version, command line and time (unless !provenance),
// parameters, every input with what was read and skipped, graph counts, corpus figures, the
// passes' iteration and sampling reports, `outputs` and `warnings`.
void write_summary(std::ostream& out, const RunConfig& config, const Loaded& loaded,
                   const AnalysisResults& results, const std::vector<std::string>& outputs,
                   const std::vector<std::string>& warnings);

// Plain-language warnings about the run (e.g. a corpus whose sources carry no reference list,
// an input that yielded no record).
std::vector<std::string> run_warnings(const Loaded& loaded, const OverlapResult& overlap);

}  // namespace citegraph::pipeline
