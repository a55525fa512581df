#include "citegraph/pipeline/outputs.hpp"

#include <algorithm>
#include <cmath>

#include "citegraph/pipeline/report.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"

namespace citegraph::pipeline {

namespace {

// Gephi's node size: 1 + 9 sqrt(c / max c) for c citations (an area proportional to them).
double node_size(double citations, double most) {
  return most > 0 ? 1.0 + 9.0 * std::sqrt(citations / most) : 1.0;
}

io::GexfViz citation_viz(const CitationGraph& graph, const AnalysisResults& results) {
  io::GexfViz viz;
  const NodeId n = graph.num_nodes();
  double most = 0;
  for (NodeId v = 0; v < n; ++v) most = std::max(most, static_cast<double>(graph.in().degree(v)));
  viz.size.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    viz.size[v] = node_size(static_cast<double>(graph.in().degree(v)), most);
  }
  const CocitationMap& map = results.map;
  if (!map.cluster.empty() && map.cluster.size() == map.nodes.size()) {
    viz.cluster.assign(n, -1);
    for (std::size_t i = 0; i < map.nodes.size(); ++i) viz.cluster[map.nodes[i]] = map.cluster[i];
  }
  return viz;
}

// The map's rows are cocitation_tables' rows (both: the map's works, ascending).
io::GexfViz cocitation_viz(const AnalysisResults& results) {
  io::GexfViz viz;
  const CocitationMap& map = results.map;
  if (map.nodes.empty()) return viz;
  double most = 0;
  for (const NodeId v : map.nodes) most = std::max(most, results.cocitation.item_count[v]);
  for (const NodeId v : map.nodes)
    viz.size.push_back(node_size(results.cocitation.item_count[v], most));
  if (map.x.size() == map.nodes.size()) {
    viz.x = map.x;
    viz.y = map.y;
  }
  if (map.cluster.size() == map.nodes.size()) {
    viz.cluster.assign(map.cluster.begin(), map.cluster.end());
  }
  return viz;
}

void release_tables(io::GraphTables& tables) {
  io::GraphTables().node_ids.swap(tables.node_ids);
  tables = io::GraphTables{};
}

}  // namespace

std::vector<std::string> analysis_output_names() {
  return {"citation.graphml",   "citation.gexf",         "nodes.csv",      "edges.csv",
          "cocitation.graphml", "cocitation.gexf",       "cocitation.csv", "coupling.csv",
          "overlap.csv",        "shared_references.csv", "journals.csv",   "years.csv",
          "report.html",        "summary.json"};
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
  add_cluster_column(citation.node_attributes, graph.num_nodes(), results.map);
  const unsigned threads = config.threads;
  io::write_graphml(open("citation.graphml"), citation, threads);
  io::write_gexf(open("citation.gexf"), citation, citation_viz(graph, results), threads);
  io::write_csv(open("nodes.csv"), nodes_csv_table(citation), true, threads);
  io::write_csv(open("edges.csv"), edges_csv_table(citation), true, threads);
  release_tables(citation);
  {
    const io::GraphTables cocitation =
        cocitation_tables(graph, results.cocitation, results.cocitation_centrality, config.weight,
                          config.pairs.witnesses, results.map, config.pairs.witness_limit);
    io::write_graphml(open("cocitation.graphml"), cocitation, threads);
    io::write_gexf(open("cocitation.gexf"), cocitation, cocitation_viz(results), threads);
  }
  write_pairs_csv(open("cocitation.csv"), graph, results.cocitation.pairs,
                  results.cocitation.item_count, config.weight, false, config.pairs,
                  config.threads);
  write_pairs_csv(open("coupling.csv"), graph, results.coupling.pairs, results.coupling.item_count,
                  config.weight, true, config.pairs, config.threads);
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
