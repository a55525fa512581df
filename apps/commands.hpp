// The subcommands. Each returns the process exit status or throws; main maps exceptions.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "apps/options.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/pipeline/load.hpp"

namespace citegraph::app {

int run_analyze(const Config& config);
int run_inspect(const Config& config);
// build: reads the inputs once and writes the graph's snapshot (.cgraph).
int run_build(const Config& config);
// cocite, overlap, centrality, distributions.
int run_one_pass(const Config& config);

// Prints what was skipped or looked wrong, with located examples, to `out` (stderr).
void print_issues(std::FILE* out, const std::string& what, const Diagnostics& diagnostics);

// What a load skipped and warned about, then `warnings` (escaped for the terminal), to `out`
// (stderr): one line per reason over every input with its count and first example, or with
// `verbose` per input (and --metadata input) and for the graph with located examples, and every
// file of an input directory that was not read.
void print_load_issues(std::FILE* out, const pipeline::Loaded& loaded,
                       const std::vector<std::string>& warnings, bool verbose);

}  // namespace citegraph::app
