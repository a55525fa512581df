#include "citegraph/pipeline/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "citegraph/graph/error.hpp"
#include "citegraph/pipeline/report.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "citegraph/write/map_writers.hpp"

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

// The merged time-slice network plays in Gephi's timeline: each work and link appears in the
// first year of its first slice.
io::GexfViz slice_viz(const TimeSliceResult& slices) {
  io::GexfViz viz;
  for (const std::uint32_t s : slices.first_slice) {
    viz.node_start.push_back(static_cast<double>(slices.slices[s].begin));
  }
  for (const SliceLink& link : slices.links) {
    viz.edge_start.push_back(static_cast<double>(slices.slices[link.first_slice].begin));
  }
  return viz;
}

void release_tables(io::GraphTables& tables) {
  io::GraphTables().node_ids.swap(tables.node_ids);
  tables = io::GraphTables{};
}

// Opens the next output file by name (and records it as written).
using OpenOutput = std::function<std::ostream&(const std::string&)>;

void write_citation_files(const OpenOutput& open, const RunConfig& config, const Loaded& loaded,
                          const AnalysisResults& results) {
  const RunConfig::Formats& formats = config.formats;
  if (!formats.graphml && !formats.gexf && !formats.pajek && !formats.csv) return;
  const CitationGraph& graph = loaded.graph;
  io::GraphTables citation = citation_tables(graph);
  add_centrality_columns(citation.node_attributes, results.centrality);
  add_cluster_column(citation.node_attributes, graph.num_nodes(), results.map);
  add_burst_columns(citation.node_attributes, graph.num_nodes(), results.bursts);
  const unsigned threads = config.threads;
  if (formats.graphml) io::write_graphml(open("citation.graphml"), citation, threads);
  if (formats.gexf) {
    io::write_gexf(open("citation.gexf"), citation, citation_viz(graph, results), threads);
  }
  if (formats.pajek) io::write_pajek_network(open("citation.net"), citation);
  if (formats.csv) {
    io::write_csv(open("nodes.csv"), nodes_csv_table(citation), true, threads);
    io::write_csv(open("edges.csv"), edges_csv_table(citation), true, threads);
  }
  release_tables(citation);
}

// What VOSviewer shows beside the co-citation map: the clusters' label terms and its words.
io::VosviewerOptions cocitation_vosviewer(const RunConfig& config, const CocitationMap& map) {
  io::VosviewerOptions options;
  for (const CocitationMap::Cluster& cluster : map.clusters) {
    std::string label;
    for (const std::string& term : cluster.terms) label += (label.empty() ? "" : ", ") + term;
    options.cluster_labels.push_back(std::move(label));
  }
  options.item = "Work";
  options.items = "Works";
  options.link = "Co-citation link";
  options.links = "Co-citation links";
  options.link_strength =
      "Co-citation strength (" + std::string(normalization_name(config.weight)) + ")";
  options.total_link_strength = "Total co-citation strength";
  return options;
}

void write_cocitation_files(const OpenOutput& open, const RunConfig& config, const Loaded& loaded,
                            const AnalysisResults& results) {
  const RunConfig::Formats& formats = config.formats;
  if (!formats.graphml && !formats.gexf && !formats.vosviewer && !formats.pajek) return;
  const io::GraphTables cocitation = cocitation_tables(
      loaded.graph, results.cocitation, results.cocitation_centrality, config.weight,
      config.pairs.witnesses, results.map, config.pairs.witness_limit);
  const unsigned threads = config.threads;
  if (formats.graphml) io::write_graphml(open("cocitation.graphml"), cocitation, threads);
  if (formats.gexf) {
    io::write_gexf(open("cocitation.gexf"), cocitation, cocitation_viz(results), threads);
  }
  if (formats.vosviewer) {
    io::write_vosviewer_map(open("cocitation_map.txt"), cocitation);
    io::write_vosviewer_network(open("cocitation_network.txt"), cocitation);
    io::write_vosviewer_json(open("cocitation.vos.json"), cocitation,
                             cocitation_vosviewer(config, results.map));
  }
  if (formats.pajek) {
    io::write_pajek_network(open("cocitation.net"), cocitation);
    io::write_pajek_partition(open("cocitation.clu"), cocitation, "cluster");
    io::write_pajek_vector(open("cocitation.vec"), cocitation, "citations");
  }
}

// A graph laid out in time (node columns x = year, y), as NAME.graphml and NAME.gexf.
void write_time_graph(const OpenOutput& open, const RunConfig& config, const std::string& name,
                      const io::GraphTables& tables) {
  if (config.formats.graphml) io::write_graphml(open(name + ".graphml"), tables, config.threads);
  if (config.formats.gexf) {
    io::GexfViz viz;
    for (const io::Column& column : tables.node_attributes.columns) {
      if (column.name != "x" && column.name != "y") continue;
      (column.name == "x" ? viz.x : viz.y) = column.doubles;  // always present
    }
    io::write_gexf(open(name + ".gexf"), tables, viz, config.threads);
  }
}

// The main paths and the historiograph, for Gephi.
void write_time_files(const OpenOutput& open, const RunConfig& config, const Loaded& loaded,
                      const AnalysisResults& results) {
  if (!config.formats.graphml && !config.formats.gexf) return;
  write_time_graph(open, config, "main_path", main_path_tables(loaded.graph, results.main_path));
  write_time_graph(open, config, "historiograph",
                   historiograph_tables(loaded.graph, results.historiograph));
  const io::GraphTables slices = slice_network_tables(loaded.graph, results.slices);
  if (config.formats.graphml) io::write_graphml(open("slices.graphml"), slices, config.threads);
  if (config.formats.gexf) {
    io::write_gexf(open("slices.gexf"), slices, slice_viz(results.slices), config.threads);
  }
}

void write_tables(const OpenOutput& open, const RunConfig& config, const Loaded& loaded,
                  const AnalysisResults& results) {
  const CitationGraph& graph = loaded.graph;
  write_pairs_csv(open("cocitation.csv"), graph, results.cocitation.pairs,
                  results.cocitation.item_count, config.weight, false, config.pairs,
                  config.threads);
  write_pairs_csv(open("coupling.csv"), graph, results.coupling.pairs, results.coupling.item_count,
                  config.weight, true, config.pairs, config.threads);
  io::write_csv(open("overlap.csv"), overlap_table(graph, results.overlap));
  io::write_csv(open("shared_references.csv"), shared_table(graph, results.overlap));
  io::write_csv(open("journals.csv"), journals_table(results.distributions));
  io::write_csv(open("years.csv"), years_table(results.distributions));
  io::write_csv(open("bursts.csv"), bursts_table(graph, results));
  io::write_csv(open("main_path.csv"), main_path_table(graph, results.main_path));
  io::write_csv(open("historiograph.csv"),
                nodes_csv_table(historiograph_tables(graph, results.historiograph)));
  io::write_csv(open("slices.csv"), slices_table(results.slices));
  io::write_csv(open("slice_works.csv"), slice_works_table(graph, results.slices));
  io::write_csv(open("slice_links.csv"), slice_links_table(graph, results.slices));
}

}  // namespace

std::vector<std::string> analysis_output_names() {
  return {"citation.graphml",
          "citation.gexf",
          "citation.net",
          "nodes.csv",
          "edges.csv",
          "cocitation.graphml",
          "cocitation.gexf",
          "cocitation_map.txt",
          "cocitation_network.txt",
          "cocitation.vos.json",
          "cocitation.net",
          "cocitation.clu",
          "cocitation.vec",
          "cocitation.csv",
          "coupling.csv",
          "overlap.csv",
          "shared_references.csv",
          "journals.csv",
          "years.csv",
          "bursts.csv",
          "main_path.csv",
          "main_path.graphml",
          "main_path.gexf",
          "historiograph.csv",
          "historiograph.graphml",
          "historiograph.gexf",
          "slices.csv",
          "slice_works.csv",
          "slice_links.csv",
          "slices.graphml",
          "slices.gexf",
          "report.html",
          "summary.json"};
}

RunConfig::Formats parse_output_formats(std::string_view list) {
  RunConfig::Formats formats{false, false, false, false, false};
  const std::string_view known = "graphml, gexf, csv, vosviewer, pajek (or all)";
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view name = list.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == "graphml") {
      formats.graphml = true;
    } else if (name == "gexf") {
      formats.gexf = true;
    } else if (name == "csv") {
      formats.csv = true;
    } else if (name == "vosviewer") {
      formats.vosviewer = true;
    } else if (name == "pajek") {
      formats.pajek = true;
    } else if (name == "all") {
      formats = RunConfig::Formats{};
    } else {
      throw InvalidArgument((name.empty() ? std::string("an empty name")
                                          : "unknown format '" + std::string(name) + "'") +
                            " in '" + std::string(list) + "'; expected a comma-separated list of " +
                            std::string(known));
    }
    if (comma == list.size()) return formats;
    start = comma + 1;
  }
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
  std::vector<std::string> written;
  const OpenOutput open = [&](const std::string& name) -> std::ostream& {
    written.push_back(name);
    return out.open(name);
  };
  reporter.status("writing " + config.out_dir);
  write_citation_files(open, config, loaded, results);
  write_cocitation_files(open, config, loaded, results);
  write_time_files(open, config, loaded, results);
  if (config.formats.csv) write_tables(open, config, loaded, results);
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
