#include <filesystem>
#include <memory>
#include <system_error>

#include "apps/commands.hpp"
#include "apps/outputs.hpp"
#include "apps/passes.hpp"
#include "citegraph/io/atomic_file.hpp"

namespace fs = std::filesystem;

namespace citegraph::app {

int run_analyze(const Config& config) {
  Progress progress(config.quiet);
  const Loaded loaded = load(config, progress);
  const CitationGraph& graph = loaded.graph;
  const AnalysisResults results = run_passes(graph, config, PassSelection{}, progress);
  const std::vector<std::string> warnings = run_warnings(loaded, results.overlap);

  std::error_code ec;
  fs::create_directories(config.out_dir, ec);
  if (ec) {
    throw IoError(IoError::Direction::kOutput,
                  config.out_dir + ": cannot create the output directory: " + ec.message());
  }
  // Every file goes to a temporary first; they are renamed into place only once all of them
  // have been written, so a failed run never leaves a mix of old and new or a cut file.
  std::vector<std::unique_ptr<io::AtomicFile>> files;
  std::vector<std::string> written;
  auto open = [&](const std::string& name) -> std::ostream& {
    files.push_back(std::make_unique<io::AtomicFile>((fs::path(config.out_dir) / name).string()));
    written.push_back(name);
    return files.back()->stream();
  };
  progress.status("writing " + config.out_dir);
  io::GraphTables citation = citation_tables(graph);
  add_centrality_columns(citation.node_attributes, results.centrality);
  io::write_graphml(open("citation.graphml"), citation);
  io::write_csv(open("nodes.csv"), nodes_csv_table(citation));
  io::write_csv(open("edges.csv"), edges_csv_table(citation));
  io::write_graphml(open("cocitation.graphml"),
                    cocitation_tables(graph, results.cocitation, results.cocitation_centrality,
                                      config.weight, config.pairs.witnesses));
  io::write_csv(open("cocitation.csv"),
                pairs_table(graph, results.cocitation.pairs, results.cocitation.item_count,
                            config.weight, false, config.pairs));
  io::write_csv(open("coupling.csv"),
                pairs_table(graph, results.coupling.pairs, results.coupling.item_count,
                            config.weight, true, config.pairs));
  io::write_csv(open("overlap.csv"), overlap_table(graph, results.overlap));
  io::write_csv(open("shared_references.csv"), shared_table(graph, results.overlap));
  io::write_csv(open("journals.csv"), journals_table(results.distributions));
  io::write_csv(open("years.csv"), years_table(results.distributions));
  std::vector<std::string> outputs = written;
  outputs.push_back("summary.json");
  write_summary(open("summary.json"), config, loaded, results, outputs, warnings);
  for (auto& file : files) file->commit();
  progress.done();

  if (!config.quiet) {
    for (const LoadedInput& input : loaded.inputs) {
      print_issues(stderr, input.report.path, input.report.diagnostics);
    }
    print_issues(stderr, "graph", loaded.build_diagnostics);
    for (const std::string& warning : warnings)
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    std::uint64_t skipped = loaded.build_diagnostics.skipped();
    for (const LoadedInput& input : loaded.inputs) skipped += input.report.diagnostics.skipped();
    std::printf("citegraph: %zu input(s), %zu corpora: %u works, %llu citations, %llu skipped\n",
                loaded.inputs.size(), graph.corpora().size(), graph.num_nodes(),
                static_cast<unsigned long long>(graph.num_edges()),
                static_cast<unsigned long long>(skipped));
    std::printf("  %zu co-citation pairs, %zu coupling pairs\n", results.cocitation.pairs.size(),
                results.coupling.pairs.size());
    for (const std::string& name : outputs) {
      std::printf("  wrote %s\n", (fs::path(config.out_dir) / name).string().c_str());
    }
  }
  return 0;
}

}  // namespace citegraph::app
