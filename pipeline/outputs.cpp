#include "citegraph/pipeline/outputs.hpp"

#include "citegraph/pipeline/report.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"

namespace citegraph::pipeline {

std::vector<std::string> analysis_output_names() {
  return {"citation.graphml", "nodes.csv",    "edges.csv",   "cocitation.graphml",
          "cocitation.csv",   "coupling.csv", "overlap.csv", "shared_references.csv",
          "journals.csv",     "years.csv",    "report.html", "summary.json"};
}

std::unique_ptr<io::OutputDir> open_analysis_output(const RunConfig& config) {
  io::OutputDirOptions options;
  options.known_names = analysis_output_names();
  options.sha256 = true;  // summary.json lists every output's size and checksum
  return std::make_unique<io::OutputDir>(config.out_dir, options);
}

std::vector<std::string> write_analysis(io::OutputDir& out, const RunConfig& config,
                                        const Loaded& loaded, const AnalysisResults& results,
                                        const std::vector<std::string>& warnings,
                                        Reporter& reporter) {
  const CitationGraph& graph = loaded.graph;
  std::vector<std::string> written;
  auto open = [&](const std::string& name) -> std::ostream& {
    written.push_back(name);
    return out.open(name);
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
  write_report(open("report.html"), config, loaded, results, warnings);
  out.close();
  std::vector<OutputInfo> outputs;
  for (const io::OutputDirFile& file : out.files()) {
    outputs.push_back(OutputInfo{file.name, file.bytes, file.sha256});
  }
  outputs.push_back(OutputInfo{"summary.json", std::nullopt, {}});
  write_summary(open("summary.json"), config, loaded, results, outputs, warnings);
  out.commit();
  for (const std::string& note : out.notes()) reporter.note("note: " + note);
  reporter.done();
  return written;
}

}  // namespace citegraph::pipeline
