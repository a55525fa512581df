// Reading every input of a run into one citation graph.
#pragma once

#include <string>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/io/reader.hpp"
#include "citegraph/pipeline/config.hpp"

namespace citegraph::pipeline {

struct LoadedInput {
  std::string corpus;
  io::InputReport report;
};

struct Loaded {
  std::vector<LoadedInput> inputs;
  CitationGraph graph;
  BuildStats build_stats;
  Diagnostics build_diagnostics;
};

// Expands directories (recursively, regular files in path order, hidden files skipped) into
// files, keeping "-" and plain files as given. Throws IoError for a path that does not exist.
std::vector<InputSpec> expand_inputs(const std::vector<InputSpec>& inputs);

// Reads every input (throws on the first input that cannot be read at all, or on a malformed
// record under --strict) and builds the graph.
Loaded load(const RunConfig& config, Reporter& reporter);

}  // namespace citegraph::pipeline
