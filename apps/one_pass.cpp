// cocite, overlap, centrality, distributions: one pass, one CSV table, to standard output or
// to --out FILE (written atomically).
#include <cstdio>
#include <iostream>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/outputs.hpp"
#include "apps/passes.hpp"
#include "io/atomic_file.hpp"

namespace citegraph::app {

int run_one_pass(const Config& config) {
  Progress progress(config.quiet);
  const Loaded loaded = load(config, progress);
  const CitationGraph& graph = loaded.graph;
  PassSelection selection{false, false, false, false, false};
  switch (config.command) {
    case Command::kCocite:
      (config.coupling ? selection.coupling : selection.cocitation) = true;
      break;
    case Command::kOverlap:
      selection.overlap = true;
      break;
    case Command::kCentrality:
      (config.table == "cocitation" ? selection.cocitation : selection.centrality) = true;
      break;
    case Command::kDistributions:
      selection.distributions = true;
      break;
    default:
      throw std::logic_error("run_one_pass: not a one-pass command");
  }
  const AnalysisResults results = run_passes(graph, config, selection, progress);

  io::Table table;
  switch (config.command) {
    case Command::kCocite:
      table = config.coupling ? pairs_table(graph, results.coupling, config.weight, true)
                              : pairs_table(graph, results.cocitation, config.weight, false);
      break;
    case Command::kOverlap:
      table = config.table == "shared" ? shared_table(graph, results.overlap)
                                       : overlap_table(graph, results.overlap);
      break;
    case Command::kCentrality:
      table = config.table == "cocitation"
                  ? cocitation_centrality_table(graph, results.cocitation,
                                                results.cocitation_centrality)
                  : citation_centrality_table(graph, results.centrality);
      break;
    default:
      table = config.table == "years" ? years_table(results.distributions)
                                      : journals_table(results.distributions);
      break;
  }

  if (config.out_file.empty()) {
    std::ostringstream buffer;
    io::write_csv(buffer, table);
    const std::string text = buffer.str();
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      throw IoError(IoError::Direction::kOutput, "standard output: write error");
    }
  } else {
    io::AtomicFile file(config.out_file);
    io::write_csv(file.stream(), table);
    file.commit();
  }
  if (!config.quiet) {
    for (const LoadedInput& input : loaded.inputs) {
      print_issues(stderr, input.report.path, input.report.diagnostics);
    }
    print_issues(stderr, "graph", loaded.build_diagnostics);
    if (selection.overlap) {
      for (const std::string& warning : run_warnings(loaded, results.overlap)) {
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
      }
    }
  }
  return 0;
}

}  // namespace citegraph::app
