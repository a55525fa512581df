// The co-citation network as the writers' tables: the map's works and pairs, or every pair when
// there is no map (citegraph/pipeline/tables.hpp).
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "citegraph/pipeline/tables.hpp"
#include "pipeline/table_columns.hpp"

namespace citegraph::pipeline {
namespace {

using io::ValueType;

// The pairs shown (rows of pairs.pairs) and each shown work's row, kNoNode for works not shown.
struct Shown {
  std::vector<std::uint64_t> pairs;
  std::vector<std::uint32_t> row;
};

// The map's works and pairs, or (no map) every pair and its works; rows in node order.
Shown shown_works(const CitationGraph& graph, const PairResult& pairs, const CocitationMap& map) {
  Shown shown;
  shown.pairs = map.pairs;
  if (map.nodes.empty()) {
    shown.pairs.resize(pairs.pairs.size());
    std::iota(shown.pairs.begin(), shown.pairs.end(), std::uint64_t{0});
  }
  shown.row.assign(graph.num_nodes(), kNoNode);
  for (const std::uint64_t i : shown.pairs) {
    shown.row[pairs.pairs[i].a] = 0;
    shown.row[pairs.pairs[i].b] = 0;
  }
  for (const NodeId v : map.nodes) shown.row[v] = 0;  // works of the map without a pair on it
  std::uint32_t next = 0;
  for (std::uint32_t& row : shown.row) {
    if (row != kNoNode) row = next++;
  }
  return shown;
}

// What the map adds per work: which of its columns are present.
struct MapColumns {
  bool clustered = false;
  bool laid_out = false;
  bool sigma = false;
  bool silhouette = false;
  [[nodiscard]] bool any() const { return clustered || laid_out || sigma || silhouette; }
};

// The node columns, in order; returns the centralities computed (--measures), a column each.
std::vector<const std::vector<double>*> add_node_columns(io::Table& nodes,
                                                         const CocitationCentrality& centrality,
                                                         const MapColumns& map) {
  for (const char* name : {"label", "pmid", "doi", "journal"}) nodes.add(name, ValueType::kString);
  nodes.add("year", ValueType::kInt);
  nodes.add("citations", ValueType::kDouble);
  std::vector<const std::vector<double>*> measures;
  const std::pair<const char*, const std::vector<double>*> measure_columns[] = {
      {"strength", &centrality.strength},
      {"eigenvector", &centrality.eigenvector},
      {"betweenness", &centrality.betweenness}};
  for (const auto& [name, values] : measure_columns) {
    if (values->empty()) continue;  // none for those left out
    nodes.add(name, ValueType::kDouble);
    measures.push_back(values);
  }
  if (map.clustered) nodes.add("cluster", ValueType::kInt);
  if (map.laid_out) {
    nodes.add("x", ValueType::kDouble);
    nodes.add("y", ValueType::kDouble);
  }
  if (map.sigma) nodes.add("sigma", ValueType::kDouble);
  if (map.silhouette) nodes.add("silhouette", ValueType::kDouble);
  return measures;
}

void add_node_rows(io::GraphTables& tables, const CitationGraph& graph, const PairResult& pairs,
                   const std::vector<const std::vector<double>*>& measures,
                   const CocitationMap& map, const MapColumns& shown_map,
                   const std::vector<std::uint32_t>& row) {
  auto& c = tables.node_attributes.columns;
  std::size_t on_map = 0;  // index into map.nodes (ascending, like v)
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (row[v] == kNoNode) continue;
    const WorkText& t = graph.text(v);
    tables.node_ids.push_back(graph.node_key(v));
    c[0].push(label_of(graph, v));
    detail::push_text(c[1], graph.pmid(v) != 0 ? std::to_string(graph.pmid(v)) : std::string());
    detail::push_text(c[2], t.doi);
    detail::push_text(c[3], t.journal);
    detail::push_year(c[4], graph.year(v));
    c[5].push(pairs.item_count[v]);
    std::size_t column = 6;
    for (const std::vector<double>* values : measures) c[column++].push((*values)[v]);
    if (!shown_map.any()) continue;
    while (map.nodes[on_map] < v) ++on_map;
    if (shown_map.clustered) c[column++].push(static_cast<std::int64_t>(map.cluster[on_map]));
    if (shown_map.laid_out) {
      c[column++].push(map.x[on_map]);
      c[column++].push(map.y[on_map]);
    }
    if (shown_map.sigma) c[column++].push(map.sigma[on_map]);
    if (shown_map.silhouette) c[column].push(map.silhouette.work[on_map]);
  }
}

void add_edge_rows(io::GraphTables& tables, const CitationGraph& graph, const PairResult& pairs,
                   Normalization weight, bool witnesses, std::size_t limit, const Shown& shown) {
  io::Table& edges = tables.edge_attributes;
  edges.add("weight", ValueType::kDouble);
  for (const char* name : {"count", "association", "cosine", "jaccard", "inclusion"}) {
    edges.add(name, ValueType::kDouble);
  }
  edges.add("citing", ValueType::kString);
  edges.add("citing_total", ValueType::kLong);
  auto& e = edges.columns;
  std::vector<NodeId> citing;
  for (const std::uint64_t i : shown.pairs) {
    const Pair& pair = pairs.pairs[i];
    tables.edges.emplace_back(shown.row[pair.a], shown.row[pair.b]);
    e[0].push(pair_strength(pairs, pair, weight));
    e[1].push(pair.count);
    e[2].push(pair_strength(pairs, pair, Normalization::kAssociation));
    e[3].push(pair_strength(pairs, pair, Normalization::kCosine));
    e[4].push(pair_strength(pairs, pair, Normalization::kJaccard));
    e[5].push(pair_strength(pairs, pair, Normalization::kInclusion));
    citing.clear();
    std::uint64_t total = 0;
    if (witnesses) total = pair_witnesses(graph, pairs, pair, limit, citing);
    detail::push_text(e[6], citing.empty() ? std::string() : detail::join_ids(graph, citing));
    if (witnesses) {
      e[7].push(static_cast<std::int64_t>(total));
    } else {
      e[7].push_missing();
    }
  }
}

}  // namespace

io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight,
                                  bool witnesses, const CocitationMap& map,
                                  std::uint64_t limit_witnesses) {
  const std::size_t limit = limit_witnesses == 0 ? kAllWitnesses : limit_witnesses;
  io::GraphTables tables;
  tables.directed = false;
  const Shown shown = shown_works(graph, pairs, map);
  const std::size_t on_map = map.nodes.size();
  MapColumns map_columns;
  map_columns.clustered = !map.cluster.empty() && map.cluster.size() == on_map;
  map_columns.laid_out = !map.x.empty() && map.x.size() == on_map;
  map_columns.sigma = !map.sigma.empty() && map.sigma.size() == on_map;
  map_columns.silhouette = map.silhouette.defined && map.silhouette.work.size() == on_map;
  const std::vector<const std::vector<double>*> measures =
      add_node_columns(tables.node_attributes, centrality, map_columns);
  add_node_rows(tables, graph, pairs, measures, map, map_columns, shown.row);
  add_edge_rows(tables, graph, pairs, weight, witnesses, limit, shown);
  return tables;
}

}  // namespace citegraph::pipeline
