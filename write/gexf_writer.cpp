// Writes GEXF 1.3 (https://gexf.net, specs/1.3 of gephi/gexf) as Gephi 0.9+ writes it: the
// http://gexf.net/1.3 namespace, the viz module in http://gexf.net/1.3/viz, static attributes
// declared per class and typed, then nodes and edges.
//
// Choices (docs FORMATS.md "Outputs"; see writers.hpp for the contract):
// - Gephi maps a node's label attribute to its Label column and an edge's weight attribute to
//   its Weight column; the same-named table columns are written there, not as attvalues, and
//   an "id" column is refused, as for GraphML.
// - Attribute ids are the column names (Gephi shows the title; its importer keys columns by
//   id). Types: boolean, integer (our int), long, double, string.
// - Element order inside a node follows Gephi's exporter: attvalues, viz:size, viz:position,
//   viz:color. The grammar allows any order.
// - Validation: the official RELAX NG grammar (specs/1.3/gexf.rng) is the normative schema.
//   The 1.3 XSD generated from it declares the viz elements in the main namespace, so that no
//   file using http://gexf.net/1.3/viz -- Gephi's own exports included -- validates against
//   it; tests validate against the grammar (tests/data/schemas/gexf-1.3). The grammar also
//   refuses xsi:schemaLocation on <gexf>, which is therefore not written.
// - Attribute values: & < > " are escaped; TAB, LF and CR become character references (a raw
//   one would be normalised to a space by the parser); ill-formed UTF-8, other C0 controls and
//   U+FFFE/U+FFFF become U+FFFD. Element text (the creator) uses the same escaping.
//
// Built in a std::string and written in 64 KiB chunks, like the GraphML writer.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/writers.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

// matplotlib "tab20" (Vega's category20) less its greys: saturated, then light.
constexpr std::array<Rgb, kClusterColors> kPalette{{
    {0x1f, 0x77, 0xb4},
    {0xff, 0x7f, 0x0e},
    {0x2c, 0xa0, 0x2c},
    {0xd6, 0x27, 0x28},
    {0x94, 0x67, 0xbd},
    {0x8c, 0x56, 0x4b},
    {0xe3, 0x77, 0xc2},
    {0xbc, 0xbd, 0x22},
    {0x17, 0xbe, 0xcf},
    {0xae, 0xc7, 0xe8},
    {0xff, 0xbb, 0x78},
    {0x98, 0xdf, 0x8a},
    {0xff, 0x98, 0x96},
    {0xc5, 0xb0, 0xd5},
    {0xc4, 0x9c, 0x94},
    {0xf7, 0xb6, 0xd2},
    {0xdb, 0xdb, 0x8d},
    {0x9e, 0xda, 0xe5},
}};
constexpr Rgb kOtherCluster{199, 199, 199};

// Appends text as an XML 1.0 attribute value (see the file comment).
void append_attribute_text(std::string& out, std::string_view text) {
  append_xml_escaped(out, text, XmlContext::kAttribute);
}

std::string_view gexf_type(ValueType type) {
  switch (type) {
    case ValueType::kBoolean:
      return "boolean";
    case ValueType::kInt:
      return "integer";
    case ValueType::kLong:
      return "long";
    case ValueType::kDouble:
      return "double";
    case ValueType::kString:
      return "string";
  }
  throw InvalidArgument("GEXF: a column has an unknown value type");
}

bool is_numeric(ValueType type) {
  return type == ValueType::kInt || type == ValueType::kLong || type == ValueType::kDouble;
}

// The columns of one class: the label/weight columns Gephi takes as its own, and the rest.
struct Columns {
  const Column* label = nullptr;
  const Column* weight = nullptr;
  std::vector<const Column*> data;
};

Columns classify(const Table& table, std::string_view domain) {
  Columns columns;
  std::unordered_set<std::string_view> seen;
  for (const Column& column : table.columns) {
    const std::string where = "GEXF " + std::string(domain) + " attribute '" + column.name + "'";
    (void)gexf_type(column.type);
    if (column.name.empty()) {
      throw InvalidArgument("GEXF " + std::string(domain) + " attribute name is empty");
    }
    if (!seen.insert(column.name).second) throw InvalidArgument(where + " appears twice");
    if (column.name == "id") {
      throw InvalidArgument(where + ": Gephi takes it for the " + std::string(domain) +
                            " id; the id is written already");
    }
    if (column.name == "label") {
      columns.label = &column;
    } else if (column.name == "weight" && domain == "edge") {
      if (!is_numeric(column.type)) throw InvalidArgument(where + ": a weight must be a number");
      columns.weight = &column;
    } else {
      columns.data.push_back(&column);
    }
  }
  return columns;
}

void check_viz(const GexfViz& viz, std::size_t nodes, std::size_t edges) {
  const auto check_size = [&](std::size_t size, const char* name) {
    if (size != 0 && size != nodes) {
      throw InvalidArgument(std::string("GEXF viz ") + name + " has " + std::to_string(size) +
                            " values for " + std::to_string(nodes) + " nodes");
    }
  };
  check_size(viz.x.size(), "x");
  check_size(viz.y.size(), "y");
  check_size(viz.size.size(), "size");
  check_size(viz.cluster.size(), "cluster");
  check_size(viz.node_start.size(), "node_start");
  if (viz.edge_start.size() != 0 && viz.edge_start.size() != edges) {
    throw InvalidArgument("GEXF viz edge_start has " + std::to_string(viz.edge_start.size()) +
                          " values for " + std::to_string(edges) + " edges");
  }
  for (const std::vector<double>* start : {&viz.node_start, &viz.edge_start}) {
    if (!std::all_of(start->begin(), start->end(), [](double t) { return std::isfinite(t); })) {
      throw InvalidArgument("GEXF viz: a start time is not finite");
    }
  }
  if (viz.x.size() != viz.y.size()) {
    throw InvalidArgument("GEXF viz: x and y must be given together");
  }
  for (std::size_t v = 0; v < viz.x.size(); ++v) {
    if (!std::isfinite(viz.x[v]) || !std::isfinite(viz.y[v])) {
      throw InvalidArgument("GEXF viz: node " + std::to_string(v) +
                            " has a position that is not finite");
    }
  }
  for (std::size_t v = 0; v < viz.size.size(); ++v) {
    if (!std::isfinite(viz.size[v]) || viz.size[v] < 0) {
      throw InvalidArgument("GEXF viz: node " + std::to_string(v) +
                            " has a size that is not finite and >= 0");
    }
  }
}

void check_node_ids(const std::vector<std::string>& ids) {
  std::vector<std::size_t> order(ids.size());
  for (std::size_t row = 0; row < ids.size(); ++row) {
    if (ids[row].empty()) {
      throw InvalidArgument("GEXF: node " + std::to_string(row) + " has an empty id");
    }
    order[row] = row;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ids[a] != ids[b] ? ids[a] < ids[b] : a < b;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (ids[order[i]] == ids[order[i - 1]]) {
      throw InvalidArgument("GEXF: nodes " + std::to_string(order[i - 1]) + " and " +
                            std::to_string(order[i]) + " have the same id '" + ids[order[i]] + "'");
    }
  }
}

void append_declarations(std::string& out, const Columns& columns, std::string_view domain) {
  if (columns.data.empty()) return;
  out += "    <attributes class=\"";
  out += domain;
  out += "\" mode=\"static\">\n";
  for (const Column* column : columns.data) {
    out += "      <attribute id=\"";
    append_attribute_text(out, column->name);
    out += "\" title=\"";
    append_attribute_text(out, column->name);
    out += "\" type=\"";
    out += gexf_type(column->type);
    out += "\"/>\n";
  }
  out += "    </attributes>\n";
}

bool has_value(const Column& column, std::size_t row) {
  if (column.present[row] == 0) return false;
  return column.type != ValueType::kDouble || std::isfinite(column.doubles[row]);
}

// Appends ` name="value"` for a present value of `column` (if any).
void append_xml_attribute(std::string& out, std::string_view name, const Column* column,
                          std::size_t row) {
  if (column == nullptr || !has_value(*column, row)) return;
  out += ' ';
  out += name;
  out += "=\"";
  append_value(out, *column, row, append_attribute_text);
  out += '"';
}

// Appends the <attvalues> block of one row; returns whether anything was written.
bool append_attvalues(std::string& out, const Columns& columns, std::size_t row,
                      std::string_view indent) {
  bool any = false;
  for (const Column* column : columns.data) {
    if (!has_value(*column, row)) continue;
    if (!any) {
      out += indent;
      out += "<attvalues>\n";
      any = true;
    }
    out += indent;
    out += "  <attvalue for=\"";
    append_attribute_text(out, column->name);
    out += "\" value=\"";
    append_value(out, *column, row, append_attribute_text);
    out += "\"/>\n";
  }
  if (any) {
    out += indent;
    out += "</attvalues>\n";
  }
  return any;
}

}  // namespace

Rgb cluster_color(std::uint64_t cluster) {
  return cluster < kClusterColors ? kPalette[cluster] : kOtherCluster;
}

namespace {

// The document's head, up to the node and edge attribute declarations.
void append_head(std::string& buffer, const GraphTables& graph, const Columns& node_columns,
                 const Columns& edge_columns, bool dynamic) {
  buffer +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
      "version=\"1.3\">\n"
      "  <meta>\n"
      "    <creator>citegraph</creator>\n"
      "  </meta>\n"
      "  <graph defaultedgetype=\"";
  buffer += graph.directed ? "directed" : "undirected";
  buffer += dynamic ? "\" mode=\"dynamic\" timeformat=\"double\">\n" : "\" mode=\"static\">\n";
  append_declarations(buffer, node_columns, "node");
  append_declarations(buffer, edge_columns, "edge");
}

// A dynamic node's or edge's start attribute (open-ended: no end).
void append_start(std::string& text, double start) {
  text += " start=\"";
  append_double(text, start);
  text += '"';
}

// The viz: children of node `row` (size, position, the colour of its cluster).
void append_viz(std::string& text, const GexfViz& viz, std::size_t row, bool has_color) {
  if (!viz.size.empty()) {
    text += "        <viz:size value=\"";
    append_double(text, viz.size[row]);
    text += "\"/>\n";
  }
  if (!viz.x.empty()) {
    text += "        <viz:position x=\"";
    append_double(text, viz.x[row]);
    text += "\" y=\"";
    append_double(text, viz.y[row]);
    text += "\"/>\n";
  }
  if (has_color) {
    const Rgb color = cluster_color(static_cast<std::uint64_t>(viz.cluster[row]));
    text += "        <viz:color r=\"";
    text += std::to_string(color.r);
    text += "\" g=\"";
    text += std::to_string(color.g);
    text += "\" b=\"";
    text += std::to_string(color.b);
    text += "\"/>\n";
  }
}

void append_node(std::string& text, const GraphTables& graph, const Columns& node_columns,
                 const GexfViz& viz, std::size_t row) {
  text += "      <node id=\"";
  append_attribute_text(text, graph.node_ids[row]);
  text += '"';
  append_xml_attribute(text, "label", node_columns.label, row);
  if (!viz.node_start.empty()) append_start(text, viz.node_start[row]);
  const bool has_color = !viz.cluster.empty() && viz.cluster[row] >= 0;
  const bool has_children =
      !viz.size.empty() || !viz.x.empty() || has_color ||
      std::any_of(node_columns.data.begin(), node_columns.data.end(),
                  [&](const Column* column) { return has_value(*column, row); });
  if (!has_children) {
    text += "/>\n";
    return;
  }
  text += ">\n";
  append_attvalues(text, node_columns, row, "        ");
  append_viz(text, viz, row, has_color);
  text += "      </node>\n";
}

void append_edge(std::string& text, const GraphTables& graph, const Columns& edge_columns,
                 const GexfViz& viz, std::size_t e) {
  text += "      <edge id=\"";
  text += std::to_string(e);
  text += "\" source=\"";
  append_attribute_text(text, graph.node_ids[graph.edges[e].first]);
  text += "\" target=\"";
  append_attribute_text(text, graph.node_ids[graph.edges[e].second]);
  text += '"';
  append_xml_attribute(text, "label", edge_columns.label, e);
  append_xml_attribute(text, "weight", edge_columns.weight, e);
  if (!viz.edge_start.empty()) append_start(text, viz.edge_start[e]);
  const bool any = std::any_of(edge_columns.data.begin(), edge_columns.data.end(),
                               [&](const Column* column) { return has_value(*column, e); });
  if (!any) {
    text += "/>\n";
  } else {
    text += ">\n";
    append_attvalues(text, edge_columns, e, "        ");
    text += "      </edge>\n";
  }
}

}  // namespace

void write_gexf(std::ostream& out, const GraphTables& graph, const GexfViz& viz, unsigned threads) {
  const std::size_t node_count = graph.node_ids.size();
  graph.node_attributes.check_rows(node_count);
  graph.edge_attributes.check_rows(graph.edges.size());
  const Columns node_columns = classify(graph.node_attributes, "node");
  const Columns edge_columns = classify(graph.edge_attributes, "edge");
  check_viz(viz, node_count, graph.edges.size());
  check_edge_endpoints(graph, "GEXF");
  check_node_ids(graph.node_ids);

  std::string buffer;  // the document's head and tail; the rows go through write_rows
  append_head(buffer, graph, node_columns, edge_columns,
              !viz.node_start.empty() || !viz.edge_start.empty());
  buffer += "    <nodes count=\"";
  buffer += std::to_string(node_count);
  buffer += "\">\n";
  write_rows(out, buffer, node_count, threads, [&](std::string& text, std::size_t row) {
    append_node(text, graph, node_columns, viz, row);
  });
  buffer += "    </nodes>\n    <edges count=\"";
  buffer += std::to_string(graph.edges.size());
  buffer += "\">\n";
  write_rows(out, buffer, graph.edges.size(), threads, [&](std::string& text, std::size_t e) {
    append_edge(text, graph, edge_columns, viz, e);
  });
  buffer += "    </edges>\n  </graph>\n</gexf>\n";
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace citegraph::io
