#include "citegraph/pipeline/outputs.hpp"

#include <filesystem>
#include <memory>
#include <system_error>

#include "citegraph/io/atomic_file.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"

namespace fs = std::filesystem;

namespace citegraph::pipeline {

std::vector<std::string> analysis_output_names() {
  return {"citation.graphml", "nodes.csv",    "edges.csv",   "cocitation.graphml",
          "cocitation.csv",   "coupling.csv", "overlap.csv", "shared_references.csv",
          "journals.csv",     "years.csv",    "summary.json"};
}

std::vector<std::string> write_analysis(const RunConfig& config, const Loaded& loaded,
                                        const AnalysisResults& results,
                                        const std::vector<std::string>& warnings,
                                        Reporter& reporter) {
  const CitationGraph& graph = loaded.graph;
  std::error_code ec;
  fs::create_directories(config.out_dir, ec);
  if (ec) {
    throw IoError(IoError::Direction::kOutput,
                  config.out_dir + ": cannot create the output directory: " + ec.message());
  }
  // Every file goes to a temporary first; they are renamed into place only once all of them
  // have been written, so a failed run never leaves a cut file.
  std::vector<std::unique_ptr<io::AtomicFile>> files;
  std::vector<std::string> written;
  auto open = [&](const std::string& name) -> std::ostream& {
    files.push_back(std::make_unique<io::AtomicFile>((fs::path(config.out_dir) / name).string()));
    written.push_back(name);
    return files.back()->stream();
  };
  reporter.status("writing " + config.out_dir);
  io::GraphTables citation = citation_tables(graph);
  add_centrality_columns(citation.node_attributes, results.centrality);
  io::write_graphml(open("citation.graphml"), citation);
  io::write_csv(open("nodes.csv"), nodes_csv_table(citation));
  io::write_csv(open("edges.csv"), edges_csv_table(citation));
  io::write_graphml(
      open("cocitation.graphml"),
      cocitation_tables(graph, results.cocitation, results.cocitation_centrality, config.weight));
  io::write_csv(open("cocitation.csv"),
                pairs_table(graph, results.cocitation.pairs, config.weight, false));
  io::write_csv(open("coupling.csv"),
                pairs_table(graph, results.coupling.pairs, config.weight, true));
  io::write_csv(open("overlap.csv"), overlap_table(graph, results.overlap));
  io::write_csv(open("shared_references.csv"), shared_table(graph, results.overlap));
  io::write_csv(open("journals.csv"), journals_table(results.distributions));
  io::write_csv(open("years.csv"), years_table(results.distributions));
  std::vector<std::string> outputs = written;
  outputs.push_back("summary.json");
  write_summary(open("summary.json"), config, loaded, results, outputs, warnings);
  for (auto& file : files) file->commit();
  reporter.done();
  return outputs;
}

}  // namespace citegraph::pipeline
