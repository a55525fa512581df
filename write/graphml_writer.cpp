// Writes GraphML 1.0 (http://graphml.graphdrawing.org/specification.html) that Gephi, networkx
// and igraph read and that validates against the GraphML 1.0 XSD.
//
// Choices forced by those readers (docs/formats.md, "Outputs"):
// - Each <key> has id = attr.name = the column name, for="node"/"edge" and a typed attr.type.
//   Gephi reads the key ids "d3"/"d7" as labels (yEd legacy), so every name "d" + digits is
//   refused, as is "id" (the node id already is Gephi's Id column). Key ids are unique in the
//   whole document (the XSD's key_id_key), so a node and an edge column cannot share a name.
// - Node ids, edge source/target and key ids are xs:NMTOKEN in the XSD, and real ids are not
//   ("doi:10.1177/0961203318768889" has a '/'). Node ids are therefore written with the
//   XmlConvert.EncodeName convention: each character other than an ASCII letter, digit, '.',
//   '-', '_' or ':' becomes "_xHHHH_" (its code point in upper-case hex, at least four digits),
//   and a '_' followed by 'x' becomes "_x005F_" so the mapping stays one-to-one. PMIDs are
//   unchanged. Column names must already be ASCII NMTOKENs.
// - Text is made XML-1.0-safe: & < > " ' are escaped, CR is written "&#13;" (a raw CR would be
//   normalised to LF by the parser), ill-formed UTF-8, C0 controls other than TAB/LF/CR and
//   U+FFFE/U+FFFF become U+FFFD (a raw control character makes networkx and igraph fail).
// - Numbers use format_double / std::to_chars (locale-independent, shortest round-trip);
//   booleans are "true"/"false"; a missing value or a non-finite double writes no <data>.
//
// Output is built in a std::string and written in 64 KiB chunks: no per-field ostream
// formatting. Time O((V + E) * columns + V log V) — the V log V is the duplicate-id check,
// which sorts 64-bit hashes of the node ids (8 bytes per node) and compares the strings only
// for equal hashes.
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/writers.hpp"
#include "support/ascii.hpp"
#include "support/utf8.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

bool is_ascii_name_char(unsigned char c) {
  return ascii::is_alnum(static_cast<char>(c)) || c == '.' || c == '-' || c == '_' || c == ':';
}

// True when the id is written unchanged (the common case: a PMID).
bool is_plain_id(std::string_view id) {
  if (id.empty()) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (!is_ascii_name_char(c)) return false;
    if (c == '_' && i + 1 < id.size() && id[i + 1] == 'x') return false;
  }
  return true;
}

void append_escape_code(std::string& out, char32_t code_point) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  char digits[8];
  int count = 0;
  do {
    digits[count++] = kHex[code_point & 0xFU];
    code_point >>= 4;
  } while (code_point != 0 || count < 4);
  out += "_x";
  while (count > 0) out += digits[--count];
  out += '_';
}

// Appends the NMTOKEN form of a node id (see the file comment).
void append_node_id(std::string& out, std::string_view id) {
  if (is_plain_id(id)) {
    out.append(id);
    return;
  }
  std::size_t i = 0;
  while (i < id.size()) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (c < 0x80U) {
      const bool escapes_underscore = c == '_' && i + 1 < id.size() && id[i + 1] == 'x';
      if (is_ascii_name_char(c) && !escapes_underscore) {
        out += static_cast<char>(c);
      } else {
        append_escape_code(out, c);
      }
      ++i;
    } else {
      const Utf8Char decoded = decode_utf8(id, i);
      append_escape_code(out, decoded.code_point);
      i += decoded.length;
    }
  }
}

// Appends text as XML 1.0 character data (see the file comment for the replacements).
void append_text(std::string& out, std::string_view text) {
  append_xml_escaped(out, text, XmlContext::kText);
}

std::string_view graphml_type(ValueType type) {
  const std::optional<std::string_view> name = value_type_name(type);
  if (!name) throw InvalidArgument("GraphML: a column has an unknown value type");
  return *name;
}

void check_key_name(const std::string& name, std::string_view domain) {
  const std::string where = "GraphML " + std::string(domain) + " attribute '" + name + "'";
  if (name.empty())
    throw InvalidArgument("GraphML " + std::string(domain) + " attribute name is empty");
  if (!std::all_of(name.begin(), name.end(),
                   [](char c) { return is_ascii_name_char(static_cast<unsigned char>(c)); })) {
    throw InvalidArgument(where +
                          ": a key name may only contain ASCII letters, digits, '.', '-', '_' "
                          "and ':' (an XML NMTOKEN)");
  }
  if (name == "id") {
    throw InvalidArgument(where +
                          ": Gephi takes it for the node id; the node id is written "
                          "already");
  }
  if (name.size() > 1 && name[0] == 'd' &&
      std::all_of(name.begin() + 1, name.end(), ascii::is_digit)) {
    throw InvalidArgument(where + ": Gephi reads key ids like d3 and d7 as labels (yEd legacy)");
  }
}

void check_keys(const GraphTables& graph) {
  std::unordered_set<std::string_view> seen;
  for (const Column& column : graph.node_attributes.columns) {
    check_key_name(column.name, "node");
    if (!seen.insert(column.name).second) {
      throw InvalidArgument("GraphML node attribute '" + column.name + "' appears twice");
    }
  }
  for (const Column& column : graph.edge_attributes.columns) {
    check_key_name(column.name, "edge");
    if (!seen.insert(column.name).second) {
      throw InvalidArgument("GraphML edge attribute '" + column.name +
                            "' repeats a key name already used (GraphML key ids are unique in "
                            "a document)");
    }
  }
}

// Node ids must be distinct after encoding (the XSD's node_id_key; networkx would merge them).
void check_node_ids(const std::vector<std::string>& ids) {
  std::string encoded;
  const auto encode = [&](std::size_t row) -> std::string_view {
    if (is_plain_id(ids[row])) return ids[row];
    encoded.clear();
    append_node_id(encoded, ids[row]);
    return encoded;
  };
  const std::hash<std::string_view> hasher;
  std::vector<std::size_t> hashes(ids.size());
  for (std::size_t row = 0; row < ids.size(); ++row) {
    if (ids[row].empty()) {
      throw InvalidArgument("GraphML: node " + std::to_string(row) + " has an empty id");
    }
    hashes[row] = hasher(encode(row));
  }
  std::vector<std::size_t> sorted = hashes;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> repeated;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] == sorted[i - 1] && (repeated.empty() || repeated.back() != sorted[i])) {
      repeated.push_back(sorted[i]);
    }
  }
  if (repeated.empty()) return;
  // Rows whose hash repeats: few, so compare their encoded ids pairwise per hash.
  std::vector<std::pair<std::size_t, std::size_t>> suspects;
  for (std::size_t row = 0; row < ids.size(); ++row) {
    if (std::binary_search(repeated.begin(), repeated.end(), hashes[row])) {
      suspects.emplace_back(hashes[row], row);
    }
  }
  std::sort(suspects.begin(), suspects.end());
  for (std::size_t i = 0; i < suspects.size(); ++i) {
    const std::string first(encode(suspects[i].second));
    for (std::size_t j = i + 1; j < suspects.size() && suspects[j].first == suspects[i].first;
         ++j) {
      if (encode(suspects[j].second) == first) {
        throw InvalidArgument("GraphML: nodes " + std::to_string(suspects[i].second) + " and " +
                              std::to_string(suspects[j].second) + " have the same id '" + first +
                              "'");
      }
    }
  }
}

void append_key(std::string& out, const Column& column, std::string_view domain) {
  out += "  <key id=\"";
  out += column.name;
  out += "\" for=\"";
  out += domain;
  out += "\" attr.name=\"";
  out += column.name;
  out += "\" attr.type=\"";
  out += graphml_type(column.type);
  out += "\"/>\n";
}

// Ends the element `name` whose open tag was written without its '>': with the <data> elements
// of one row and an end tag, or as an empty element when the row has no value to write.
void append_data_and_close(std::string& out, const Table& table, std::size_t row,
                           std::string_view name) {
  bool any = false;
  for (const Column& column : table.columns) {
    if (column.present[row] == 0) continue;
    if (column.type == ValueType::kDouble && !std::isfinite(column.doubles[row])) continue;
    if (!any) out += ">\n";
    any = true;
    out += "      <data key=\"";
    out += column.name;
    out += "\">";
    append_value(out, column, row, append_text);
    out += "</data>\n";
  }
  if (!any) {
    out += "/>\n";
    return;
  }
  out += "    </";
  out += name;
  out += ">\n";
}

}  // namespace

void write_graphml(std::ostream& out, const GraphTables& graph, unsigned threads) {
  const std::size_t node_count = graph.node_ids.size();
  graph.node_attributes.check_rows(node_count);
  graph.edge_attributes.check_rows(graph.edges.size());
  check_keys(graph);
  check_edge_endpoints(graph, "GraphML");
  check_node_ids(graph.node_ids);

  std::string buffer;  // the document's head and tail; the rows go through write_rows

  buffer +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Column& column : graph.node_attributes.columns) append_key(buffer, column, "node");
  for (const Column& column : graph.edge_attributes.columns) append_key(buffer, column, "edge");
  buffer += "  <graph id=\"G\" edgedefault=\"";
  buffer += graph.directed ? "directed" : "undirected";
  buffer += "\">\n";

  write_rows(out, buffer, node_count, threads, [&graph](std::string& text, std::size_t row) {
    text += "    <node id=\"";
    append_node_id(text, graph.node_ids[row]);
    text += '"';
    append_data_and_close(text, graph.node_attributes, row, "node");
  });
  write_rows(out, buffer, graph.edges.size(), threads, [&graph](std::string& text, std::size_t e) {
    text += "    <edge source=\"";
    append_node_id(text, graph.node_ids[graph.edges[e].first]);
    text += "\" target=\"";
    append_node_id(text, graph.node_ids[graph.edges[e].second]);
    text += '"';
    append_data_and_close(text, graph.edge_attributes, e, "edge");
  });
  buffer += "  </graph>\n</graphml>\n";
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::string graphml_node_id(std::string_view id) {
  std::string out;
  append_node_id(out, id);
  return out;
}

}  // namespace citegraph::io
