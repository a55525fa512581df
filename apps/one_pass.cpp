// cocite, overlap, centrality, distributions: one pass, one CSV table, to standard output or
// to --out FILE (a regular file is replaced atomically; a device, FIFO or /dev/fd/N is written in
// place; a name ending in .gz is compressed).
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/csv_output.hpp"
#include "apps/progress.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "citegraph/write/atomic_file.hpp"

namespace citegraph::app {

using namespace pipeline;

namespace {

// cocite --stream: pairs written batch by batch as the rows are computed.
int run_stream(const Config& config, const Loaded& loaded, Progress& progress) {
  const CitationGraph& graph = loaded.graph;
  const PairParams params =
      pair_params(graph, config, config.coupling ? PairKind::kCoupling : PairKind::kCocitation,
                  PairUse::kStream, progress);
  CsvOutput output(config.out_file);
  output.write(pairs_table(graph, {}, {}, config.weight, config.coupling, params), true);
  // Rows are formatted on the worker threads; this thread only writes them, in row order.
  const PairFormatter format = [&](std::span<const Pair> batch, std::span<const double> item_count,
                                   std::string& text) {
    append_pairs_csv(text, graph, batch, item_count, config.weight, config.coupling, params);
  };
  std::uint64_t bytes = 0;
  const PairTextSink sink = [&](std::string_view text) {
    output.write_text(text);
    bytes += text.size();
    progress.status(std::to_string(bytes >> 20) + " MiB written");
  };
  const PairStreamSummary summary = stream_pairs_text(
      graph, config.coupling ? PairKind::kCoupling : PairKind::kCocitation, params, format, sink);
  output.commit();
  progress.done();
  if (!config.quiet) {
    print_load_issues(stderr, loaded, input_warnings(loaded), config.verbose);
    std::fprintf(stderr, "%s: %llu pairs streamed (of %llu candidates)\n",
                 config.coupling ? "coupling" : "co-citation",
                 static_cast<unsigned long long>(summary.pairs),
                 static_cast<unsigned long long>(summary.candidate_pairs));
  }
  return 0;
}

}  // namespace

int run_one_pass(const Config& config) {
  Progress progress(config.quiet);
  const Loaded loaded = load(config, progress);
  const CitationGraph& graph = loaded.graph;
  if (config.command == Command::kCocite && config.stream) {
    return run_stream(config, loaded, progress);
  }
  PassSelection selection = PassSelection::none();
  switch (config.command) {
    case Command::kCocite:
      // Only the pairs: cocite writes no centrality.
      (config.coupling ? selection.coupling : selection.cocitation) = true;
      selection.cocitation_centrality = false;
      break;
    case Command::kOverlap:
      selection.overlap = true;
      break;
    case Command::kCentrality:
      if (config.table == "cocitation") {
        selection.cocitation = selection.cocitation_centrality = true;
      } else {
        selection.centrality = true;
      }
      break;
    case Command::kDistributions:
      selection.distributions = true;
      break;
    default:
      throw std::logic_error("run_one_pass: not a one-pass command");
  }
  const AnalysisResults results = run_passes(graph, config, selection, progress);

  CsvOutput output(config.out_file);
  if (config.command == Command::kCocite) {
    // Rows streamed from the pairs, never built into a table.
    const PairResult& pairs = config.coupling ? results.coupling : results.cocitation;
    write_pairs_csv([&output](std::string_view text) { output.write_text(text); }, graph,
                    pairs.pairs, pairs.item_count, config.weight, config.coupling, config.pairs,
                    config.threads);
  } else {
    io::Table table;
    switch (config.command) {
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
    output.write(table, true);
  }
  output.commit();
  if (!config.quiet) {
    print_load_issues(stderr, loaded, input_warnings(loaded), config.verbose);
    if (selection.overlap) {
      for (const std::string& warning : run_warnings(loaded, results.overlap)) {
        std::fprintf(stderr, "warning: %s\n", escape_controls(warning).c_str());
      }
    }
  }
  return 0;
}

}  // namespace citegraph::app
