// The tables of the passes over time: bursts.csv, main_path.csv, the burst columns of the
// citation graph and the main-path graph (citegraph/pipeline/tables.hpp).
#include <algorithm>
#include <map>
#include <string>

#include "citegraph/pipeline/tables.hpp"
#include "pipeline/table_columns.hpp"

namespace citegraph::pipeline {
namespace {

using detail::push_year;
using io::ValueType;

// The map's cluster of every work (-1 off the map or without clusters).
std::vector<std::int64_t> clusters_by_node(NodeId n, const CocitationMap& map) {
  std::vector<std::int64_t> cluster(n, -1);
  if (map.cluster.size() != map.nodes.size()) return cluster;
  for (std::size_t i = 0; i < map.nodes.size(); ++i) cluster[map.nodes[i]] = map.cluster[i];
  return cluster;
}

}  // namespace

TimeLayout time_layout(const CitationGraph& graph, std::span<const NodeId> nodes) {
  // x = year (the median year of the works where unknown), y = the works of one year spread 1
  // apart, in the given order.
  std::vector<std::int32_t> years;
  for (const NodeId v : nodes) {
    if (graph.year(v) != 0) years.push_back(graph.year(v));
  }
  std::sort(years.begin(), years.end());
  const std::int32_t fallback = years.empty() ? 0 : years[years.size() / 2];
  std::map<std::int32_t, std::uint32_t> in_year;
  TimeLayout layout;
  for (const NodeId v : nodes) {
    const std::int32_t year = graph.year(v) != 0 ? graph.year(v) : fallback;
    layout.x.push_back(static_cast<double>(year));
    layout.y.push_back(static_cast<double>(in_year[year]++));
  }
  return layout;
}

io::GraphTables historiograph_tables(const CitationGraph& graph, const Historiograph& h) {
  io::GraphTables tables;
  tables.directed = true;
  io::Table& attrs = tables.node_attributes;
  attrs.add("label", ValueType::kString);
  attrs.add("year", ValueType::kInt);
  attrs.add("lcs", ValueType::kLong);
  attrs.add("x", ValueType::kDouble);
  attrs.add("y", ValueType::kDouble);
  const TimeLayout layout = time_layout(graph, h.nodes);
  for (std::size_t i = 0; i < h.nodes.size(); ++i) {
    const NodeId v = h.nodes[i];
    tables.node_ids.push_back(graph.node_key(v));
    attrs.columns[0].push(label_of(graph, v));
    push_year(attrs.columns[1], graph.year(v));
    attrs.columns[2].push(static_cast<std::int64_t>(h.lcs[i]));
    attrs.columns[3].push(layout.x[i]);
    attrs.columns[4].push(layout.y[i]);
  }
  tables.edges.assign(h.citations.begin(), h.citations.end());
  return tables;
}

io::Table bursts_table(const CitationGraph& graph, const AnalysisResults& results) {
  io::Table table;
  for (const char* name : {"item", "kind", "label"}) table.add(name, ValueType::kString);
  table.add("year", ValueType::kInt);
  table.add("strength", ValueType::kDouble);
  table.add("begin", ValueType::kInt);
  table.add("end", ValueType::kInt);
  table.add("cluster", ValueType::kInt);
  auto& c = table.columns;
  const std::vector<std::int64_t> cluster = clusters_by_node(graph.num_nodes(), results.map);
  for (const WorkBurst& b : results.bursts.bursts) {
    c[0].push(io::graphml_node_id(graph.node_key(b.work)));
    c[1].push(std::string("work"));
    c[2].push(label_of(graph, b.work));
    push_year(c[3], graph.year(b.work));
    c[4].push(b.strength);
    c[5].push(static_cast<std::int64_t>(b.begin));
    c[6].push(static_cast<std::int64_t>(b.end));
    if (cluster[b.work] < 0) {
      c[7].push_missing();
    } else {
      c[7].push(cluster[b.work]);
    }
  }
  for (const TermBurst& b : results.term_bursts.bursts) {
    c[0].push(b.term);
    c[1].push(std::string("term"));
    c[2].push(b.term);
    c[3].push_missing();
    c[4].push(b.strength);
    c[5].push(static_cast<std::int64_t>(b.begin));
    c[6].push(static_cast<std::int64_t>(b.end));
    c[7].push_missing();
  }
  return table;
}

void add_burst_columns(io::Table& node_attributes, NodeId num_nodes, const CitationBursts& bursts) {
  // The strongest burst of each work; bursts come by strength descending, so the first wins.
  std::vector<const WorkBurst*> strongest(num_nodes, nullptr);
  for (const WorkBurst& b : bursts.bursts) {
    if (strongest[b.work] == nullptr) strongest[b.work] = &b;
  }
  io::Column& strength = node_attributes.add("burst", ValueType::kDouble);
  io::Column& begin = node_attributes.add("burst_begin", ValueType::kInt);
  io::Column& end = node_attributes.add("burst_end", ValueType::kInt);
  for (NodeId v = 0; v < num_nodes; ++v) {
    if (strongest[v] == nullptr) {
      strength.push_missing();
      begin.push_missing();
      end.push_missing();
      continue;
    }
    strength.push(strongest[v]->strength);
    begin.push(static_cast<std::int64_t>(strongest[v]->begin));
    end.push(static_cast<std::int64_t>(strongest[v]->end));
  }
}

io::Table main_path_table(const CitationGraph& graph, const MainPathResult& paths) {
  io::Table table;
  for (const char* name : {"Source", "Target", "spc", "splc", "spnp"}) {
    table.add(name, ValueType::kString);  // counts beyond 1.8e308 are text (PathCount)
  }
  for (const char* name : {"global", "local_forward", "local_backward", "key_route"}) {
    table.add(name, ValueType::kBoolean);
  }
  auto& c = table.columns;
  for (const MainPathArc& a : paths.arcs) {
    if (!a.global && !a.local_forward && !a.local_backward && !a.key_route) continue;
    c[0].push(io::graphml_node_id(graph.node_key(a.cited)));
    c[1].push(io::graphml_node_id(graph.node_key(a.citing)));
    c[2].push(a.spc.to_string());
    c[3].push(a.splc.to_string());
    c[4].push(a.spnp.to_string());
    c[5].push(a.global);
    c[6].push(a.local_forward);
    c[7].push(a.local_backward);
    c[8].push(a.key_route);
  }
  return table;
}

io::GraphTables main_path_tables(const CitationGraph& graph, const MainPathResult& paths) {
  io::GraphTables tables;
  tables.directed = true;
  std::vector<std::uint32_t> row(graph.num_nodes(), kNoNode);
  std::vector<NodeId> nodes;
  for (const MainPathArc& a : paths.arcs) {
    if (!a.global && !a.local_forward && !a.local_backward && !a.key_route) continue;
    for (const NodeId v : {a.cited, a.citing}) {
      if (row[v] == kNoNode) {
        row[v] = 0;
        nodes.push_back(v);
      }
    }
  }
  std::sort(nodes.begin(), nodes.end());
  io::Table& attrs = tables.node_attributes;
  attrs.add("label", ValueType::kString);
  attrs.add("year", ValueType::kInt);
  attrs.add("x", ValueType::kDouble);
  attrs.add("y", ValueType::kDouble);
  const TimeLayout layout = time_layout(graph, nodes);
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    const NodeId v = nodes[i];
    row[v] = i;
    tables.node_ids.push_back(graph.node_key(v));
    attrs.columns[0].push(label_of(graph, v));
    push_year(attrs.columns[1], graph.year(v));
    attrs.columns[2].push(layout.x[i]);
    attrs.columns[3].push(layout.y[i]);
  }
  const io::Table arcs = main_path_table(graph, paths);
  for (std::size_t k = 2; k < arcs.columns.size(); ++k) {
    tables.edge_attributes.columns.push_back(arcs.columns[k]);
  }
  for (const MainPathArc& a : paths.arcs) {
    if (!a.global && !a.local_forward && !a.local_backward && !a.key_route) continue;
    tables.edges.emplace_back(row[a.cited], row[a.citing]);
  }
  return tables;
}

namespace {

// A slice's name as slice_works.csv's column: "2001", or "2001-2005".
std::string slice_name(const TimeSlice& slice) {
  return slice.begin == slice.end ? std::to_string(slice.begin)
                                  : std::to_string(slice.begin) + "-" + std::to_string(slice.end);
}

// The citations of merged work i over all slices.
std::int64_t total_citations(const TimeSliceResult& slices, std::size_t i) {
  const std::size_t count = slices.slices.size();
  std::int64_t total = 0;
  for (std::size_t s = 0; s < count; ++s) total += slices.citations[i * count + s];
  return total;
}

}  // namespace

io::Table slices_table(const TimeSliceResult& slices) {
  io::Table table;
  for (const char* name : {"slice", "begin", "end"}) table.add(name, ValueType::kInt);
  for (const char* name :
       {"citing", "citations", "cited_works", "selected", "threshold", "links"}) {
    table.add(name, ValueType::kLong);
  }
  auto& c = table.columns;
  for (std::size_t s = 0; s < slices.slices.size(); ++s) {
    const TimeSlice& slice = slices.slices[s];
    c[0].push(static_cast<std::int64_t>(s + 1));
    c[1].push(static_cast<std::int64_t>(slice.begin));
    c[2].push(static_cast<std::int64_t>(slice.end));
    c[3].push(static_cast<std::int64_t>(slice.citing));
    c[4].push(static_cast<std::int64_t>(slice.citations));
    c[5].push(static_cast<std::int64_t>(slice.cited_works));
    c[6].push(static_cast<std::int64_t>(slice.selected.size()));
    c[7].push(static_cast<std::int64_t>(slice.threshold));
    c[8].push(static_cast<std::int64_t>(slice.links.size()));
  }
  return table;
}

io::Table slice_works_table(const CitationGraph& graph, const TimeSliceResult& slices) {
  io::Table table;
  for (const char* name : {"Id", "Label"}) table.add(name, ValueType::kString);
  for (const char* name : {"year", "first_slice", "first_year"}) table.add(name, ValueType::kInt);
  table.add("citations", ValueType::kLong);
  for (const TimeSlice& slice : slices.slices) table.add(slice_name(slice), ValueType::kLong);
  auto& c = table.columns;
  const std::size_t count = slices.slices.size();
  for (std::size_t i = 0; i < slices.works.size(); ++i) {
    const NodeId v = slices.works[i];
    c[0].push(io::graphml_node_id(graph.node_key(v)));
    c[1].push(label_of(graph, v));
    push_year(c[2], graph.year(v));
    c[3].push(static_cast<std::int64_t>(slices.first_slice[i]) + 1);
    c[4].push(static_cast<std::int64_t>(slices.slices[slices.first_slice[i]].begin));
    c[5].push(total_citations(slices, i));
    for (std::size_t s = 0; s < count; ++s) {
      c[6 + s].push(static_cast<std::int64_t>(slices.citations[i * count + s]));
    }
  }
  return table;
}

io::Table slice_links_table(const CitationGraph& graph, const TimeSliceResult& slices) {
  io::Table table;
  for (const char* name : {"slice", "begin"}) table.add(name, ValueType::kInt);
  for (const char* name : {"Source", "Target"}) table.add(name, ValueType::kString);
  table.add("count", ValueType::kLong);
  auto& c = table.columns;
  for (std::size_t s = 0; s < slices.slices.size(); ++s) {
    for (const SliceLink& link : slices.slices[s].links) {
      c[0].push(static_cast<std::int64_t>(s + 1));
      c[1].push(static_cast<std::int64_t>(slices.slices[s].begin));
      c[2].push(io::graphml_node_id(graph.node_key(link.a)));
      c[3].push(io::graphml_node_id(graph.node_key(link.b)));
      c[4].push(static_cast<std::int64_t>(link.count));
    }
  }
  return table;
}

io::GraphTables slice_network_tables(const CitationGraph& graph, const TimeSliceResult& slices) {
  io::GraphTables tables;
  tables.directed = false;
  io::Table& nodes = tables.node_attributes;
  nodes.add("label", ValueType::kString);
  for (const char* name : {"year", "first_slice", "first_year"}) nodes.add(name, ValueType::kInt);
  nodes.add("citations", ValueType::kLong);
  std::vector<std::uint32_t> row(graph.num_nodes(), kNoNode);
  for (std::size_t i = 0; i < slices.works.size(); ++i) {
    const NodeId v = slices.works[i];
    row[v] = static_cast<std::uint32_t>(i);
    tables.node_ids.push_back(graph.node_key(v));
    nodes.columns[0].push(label_of(graph, v));
    push_year(nodes.columns[1], graph.year(v));
    nodes.columns[2].push(static_cast<std::int64_t>(slices.first_slice[i]) + 1);
    nodes.columns[3].push(static_cast<std::int64_t>(slices.slices[slices.first_slice[i]].begin));
    nodes.columns[4].push(total_citations(slices, i));
  }
  io::Table& edges = tables.edge_attributes;
  edges.add("weight", ValueType::kDouble);
  for (const char* name : {"link_slice", "link_year"}) edges.add(name, ValueType::kInt);
  for (const SliceLink& link : slices.links) {
    tables.edges.emplace_back(row[link.a], row[link.b]);
    edges.columns[0].push(static_cast<double>(link.count));
    edges.columns[1].push(static_cast<std::int64_t>(link.first_slice) + 1);
    edges.columns[2].push(static_cast<std::int64_t>(slices.slices[link.first_slice].begin));
  }
  return tables;
}

}  // namespace citegraph::pipeline
