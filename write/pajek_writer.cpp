// Pajek network, partition and vector files (citegraph/write/map_writers.hpp), as Pajek and the
// readers of networkx (read_pajek) and igraph (Graph.Read_Pajek) take them.
//
// Choices (docs/outputs.md "Pajek files"):
// - A label is one quoted string. Pajek has no escape inside quotes (igraph's lexer reads
//   "[^"]*"), so '"' cannot be kept and becomes '\''. networkx splits lines with shlex, for
//   which '\\' escapes a following '"' or '\\': '\\' becomes '/', so both readers see one
//   label. Line breaks end a line for every reader and become spaces; a tab stays (quoted).
// - Positions are scaled into [0, 1] with one scale for both axes (the map keeps its shape), the
//   shorter range centred, y flipped (Pajek draws y downwards, Gephi and VOSviewer upwards), and
//   written with six decimals in fixed notation: Pajek's unit square needs no more, and fixed
//   notation is what every Pajek reader expects of a coordinate. The shape "ellipse" follows
//   them because networkx only reads a position followed by a shape.
// - Weights and vector values are shortest round-trip numbers (format_double): exact.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/map_writers.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

constexpr std::string_view kFormat = "Pajek";
constexpr std::size_t kFlushBytes = std::size_t{1} << 16;

const Column* find_column(const Table& table, std::string_view name) {
  for (const Column& column : table.columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

// A numeric column (int, long or double) or nullptr; another type is refused.
const Column* numeric_column(const Table& table, std::string_view name) {
  const Column* column = find_column(table, name);
  if (column == nullptr || column->type == ValueType::kDouble || column->type == ValueType::kInt ||
      column->type == ValueType::kLong) {
    return column;
  }
  throw InvalidArgument(std::string(kFormat) + ": column '" + column->name + "' is not numeric");
}

double number_at(const Column& column, std::size_t row) {
  return column.type == ValueType::kDouble ? column.doubles[row]
                                           : static_cast<double>(column.ints[row]);
}

void check(const GraphTables& graph) {
  graph.node_attributes.check_rows(graph.node_ids.size());
  graph.edge_attributes.check_rows(graph.edges.size());
  check_edge_endpoints(graph, kFormat);
}

void write_text(std::ostream& out, std::string& text) {
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  text.clear();
}

void append_label(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80U) {
      i += append_utf8_char(out, text, i);
      continue;
    }
    if (c == '"') {
      out += '\'';
    } else if (c == '\\') {
      out += '/';
    } else if ((c < 0x20U && c != '\t') || c == 0x7FU) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

// A coordinate in [0, 1] with at most six decimals, trailing zeros dropped ("0.5", "1", "0").
void append_coordinate(std::string& out, double value) {
  value = std::clamp(value, 0.0, 1.0) + 0.0;  // rounding may step just outside; no "-0"
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 6);
  std::string_view digits(buffer, static_cast<std::size_t>(result.ptr - buffer));
  while (digits.back() == '0') digits.remove_suffix(1);
  if (digits.back() == '.') digits.remove_suffix(1);
  out += digits;
}

// The affine map of the positions into the unit square (see the file comment).
struct Scaling {
  double min_x = 0, max_y = 0, scale = 1, offset_x = 0.5, offset_y = 0.5;
};

Scaling scaling_of(const Column& x, const Column& y) {
  double min_x = std::numeric_limits<double>::infinity();
  double max_x = -min_x;
  double min_y = min_x;
  double max_y = -min_x;
  for (std::size_t row = 0; row < x.size(); ++row) {
    if (x.present[row] == 0 || y.present[row] == 0) continue;
    min_x = std::min(min_x, x.doubles[row]);
    max_x = std::max(max_x, x.doubles[row]);
    min_y = std::min(min_y, y.doubles[row]);
    max_y = std::max(max_y, y.doubles[row]);
  }
  Scaling s;
  if (!(min_x <= max_x)) return s;  // no position
  s.min_x = min_x;
  s.max_y = max_y;
  const double span = std::max(max_x - min_x, max_y - min_y);
  if (!(span > 0) || !std::isfinite(span)) return s;  // one point: the centre
  s.scale = span;
  s.offset_x = (1.0 - (max_x - min_x) / span) / 2.0;
  s.offset_y = (1.0 - (max_y - min_y) / span) / 2.0;
  return s;
}

void write_vertices(std::ostream& out, std::string& text, const GraphTables& graph) {
  const Table& nodes = graph.node_attributes;
  const Column* label = find_column(nodes, "label");
  const Column* x = numeric_column(nodes, "x");
  const Column* y = numeric_column(nodes, "y");
  const bool positioned = x != nullptr && y != nullptr && x->type == ValueType::kDouble &&
                          y->type == ValueType::kDouble;
  const Scaling s = positioned ? scaling_of(*x, *y) : Scaling{};
  text += "*Vertices " + std::to_string(graph.node_ids.size()) + "\n";
  for (std::size_t row = 0; row < graph.node_ids.size(); ++row) {
    text += std::to_string(row + 1);
    text += ' ';
    const bool labelled =
        label != nullptr && label->type == ValueType::kString && label->present[row] != 0;
    append_label(text, labelled ? std::string_view(label->strings[row])
                                : std::string_view(graph.node_ids[row]));
    if (positioned && x->present[row] != 0 && y->present[row] != 0) {
      text += ' ';
      append_coordinate(text, (x->doubles[row] - s.min_x) / s.scale + s.offset_x);
      text += ' ';
      append_coordinate(text, (s.max_y - y->doubles[row]) / s.scale + s.offset_y);
      text += " ellipse";
    }
    text += '\n';
    if (text.size() >= kFlushBytes) write_text(out, text);
  }
}

}  // namespace

void write_pajek_network(std::ostream& out, const GraphTables& graph) {
  check(graph);
  std::string text;
  write_vertices(out, text, graph);
  const Column* weight = numeric_column(graph.edge_attributes, "weight");
  text += graph.directed ? "*Arcs\n" : "*Edges\n";
  for (std::size_t e = 0; e < graph.edges.size(); ++e) {
    text += std::to_string(std::uint64_t{graph.edges[e].first} + 1);
    text += ' ';
    text += std::to_string(std::uint64_t{graph.edges[e].second} + 1);
    if (weight != nullptr) {
      text += ' ';
      append_double(text, weight->present[e] != 0 ? number_at(*weight, e) : 1.0);
    }
    text += '\n';
    if (text.size() >= kFlushBytes) write_text(out, text);
  }
  write_text(out, text);
}

void write_pajek_partition(std::ostream& out, const GraphTables& graph, std::string_view column) {
  check(graph);
  const Column* values = numeric_column(graph.node_attributes, column);
  if (values != nullptr && values->type == ValueType::kDouble) {
    throw InvalidArgument(std::string(kFormat) + ": partition column '" + values->name +
                          "' is not an integer column");
  }
  std::string text = "*Vertices " + std::to_string(graph.node_ids.size()) + "\n";
  for (std::size_t row = 0; row < graph.node_ids.size(); ++row) {
    const bool present = values != nullptr && values->present[row] != 0;
    text += present ? std::to_string(values->ints[row] + 1) : std::string("0");
    text += '\n';
    if (text.size() >= kFlushBytes) write_text(out, text);
  }
  write_text(out, text);
}

void write_pajek_vector(std::ostream& out, const GraphTables& graph, std::string_view column) {
  check(graph);
  const Column* values = numeric_column(graph.node_attributes, column);
  std::string text = "*Vertices " + std::to_string(graph.node_ids.size()) + "\n";
  for (std::size_t row = 0; row < graph.node_ids.size(); ++row) {
    const bool present = values != nullptr && values->present[row] != 0;
    append_double(text, present ? number_at(*values, row) : 0.0);
    text += '\n';
    if (text.size() >= kFlushBytes) write_text(out, text);
  }
  write_text(out, text);
}

}  // namespace citegraph::io
