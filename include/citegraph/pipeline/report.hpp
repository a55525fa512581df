// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
// reviewer can mail to a colleague: the inputs and what was skipped; per corpus the cited-year
// distribution with the RPYS deviation, the Bradford curve and zones and the top journals; the
// corpus overlap; the co-citation map coloured by cluster with its labels; per cluster its
// label terms, size and top works; the top works by citations, PageRank and betweenness.
// Every chart has axes, ticks and units, and a <title> tooltip on each mark. The same inputs
// give the same bytes (with --no-provenance).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline {

// Writes the page. `warnings` are the run's plain-language warnings (as in summary.json).
// O(n log n) for the rankings plus the size of the tables shown.
void write_report(std::ostream& out, const RunConfig& config, const Loaded& loaded,
                  const AnalysisResults& results, const std::vector<std::string>& warnings);

}  // namespace citegraph::pipeline
