// VOSviewer map, network and JSON files (citegraph/write/map_writers.hpp).
//
// Choices (docs/outputs.md "VOSviewer files"):
// - Ids are 1..N in row order: VOSviewer wants positive integer ids in its text files, and the
//   same numbers are Pajek's vertex numbers, so a map opened in either tool names a work alike.
//   The work's public id goes into the description, the one text column VOSviewer shows as is.
// - Quoting: VOSviewer reads tab-, comma- or semicolon-separated files and needs a label with a
//   ',' or ';' in double quotes; VOSviewer Online parses with Papa Parse (RFC 4180: '"' doubled
//   inside quotes, separators allowed). A field is therefore quoted when it holds a tab, ',',
//   ';' or '"'. Line breaks cannot be quoted into a line-based reader and become spaces.
// - Clusters are 1-based (VOSviewer refuses 0 and anything above 1000).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/json_writer.hpp"
#include "citegraph/write/map_writers.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

constexpr std::string_view kFormat = "VOSviewer";

// The column `name` of `table`, nullptr when absent; a column of another type is refused, so
// that a mistyped table fails loudly instead of writing empty fields.
const Column* find_column(const Table& table, std::string_view name, ValueType type) {
  for (const Column& column : table.columns) {
    if (column.name != name) continue;
    if (column.type != type) {
      throw InvalidArgument(std::string(kFormat) + ": column '" + column.name + "' must be " +
                            std::string(value_type_name(type).value_or("?")));
    }
    return &column;
  }
  return nullptr;
}

// The columns the VOSviewer files read, and what each item's links add up to.
struct MapView {
  const Column* label = nullptr;
  const Column* pmid = nullptr;
  const Column* doi = nullptr;
  const Column* year = nullptr;
  const Column* citations = nullptr;
  const Column* cluster = nullptr;
  const Column* x = nullptr;
  const Column* y = nullptr;
  const Column* weight = nullptr;
  std::vector<std::uint64_t> links;  // per row
  std::vector<double> strength;      // per row: Σ of its links' strengths
  [[nodiscard]] bool positioned() const { return x != nullptr && y != nullptr; }
};

double link_strength(const MapView& view, std::size_t edge) {
  if (view.weight == nullptr || view.weight->present[edge] == 0) return 1.0;
  return view.weight->doubles[edge];
}

MapView view_of(const GraphTables& map) {
  if (map.directed) throw InvalidArgument("VOSviewer: the map must be undirected");
  const std::size_t n = map.node_ids.size();
  map.node_attributes.check_rows(n);
  map.edge_attributes.check_rows(map.edges.size());
  check_edge_endpoints(map, kFormat);
  MapView view;
  const Table& nodes = map.node_attributes;
  view.label = find_column(nodes, "label", ValueType::kString);
  view.pmid = find_column(nodes, "pmid", ValueType::kString);
  view.doi = find_column(nodes, "doi", ValueType::kString);
  view.year = find_column(nodes, "year", ValueType::kInt);
  view.citations = find_column(nodes, "citations", ValueType::kDouble);
  view.cluster = find_column(nodes, "cluster", ValueType::kInt);
  view.x = find_column(nodes, "x", ValueType::kDouble);
  view.y = find_column(nodes, "y", ValueType::kDouble);
  view.weight = find_column(map.edge_attributes, "weight", ValueType::kDouble);
  view.links.assign(n, 0);
  view.strength.assign(n, 0.0);
  for (std::size_t e = 0; e < map.edges.size(); ++e) {
    const double s = link_strength(view, e);
    for (const std::uint32_t end : {map.edges[e].first, map.edges[e].second}) {
      ++view.links[end];
      view.strength[end] += s;
    }
  }
  return view;
}

bool has(const Column* column, std::size_t row) {
  return column != nullptr && column->present[row] != 0;
}

// The text as one line: control characters (line breaks included) become spaces, a tab stays
// (the caller quotes it), ill-formed UTF-8 becomes U+FFFD.
std::string one_line(std::string_view text, bool keep_tab) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80U) {
      i += append_utf8_char(out, text, i);
      continue;
    }
    out += (c < 0x20U && !(keep_tab && c == '\t')) || c == 0x7FU ? ' ' : static_cast<char>(c);
    ++i;
  }
  return out;
}

void append_tsv_field(std::string& out, std::string_view text) {
  const std::string line = one_line(text, true);
  if (line.find_first_of("\t,;\"") == std::string::npos) {
    out += line;
    return;
  }
  out += '"';
  for (const char c : line) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// PubMed's page of the PMID, else the DOI's doi.org link with every byte but unreserved ones
// and '/' percent-encoded (a DOI may hold any printable character), else "".
std::string item_url(const MapView& view, std::size_t row) {
  if (has(view.pmid, row) && !view.pmid->strings[row].empty()) {
    return "https://pubmed.ncbi.nlm.nih.gov/" + view.pmid->strings[row] + "/";
  }
  if (!has(view.doi, row) || view.doi->strings[row].empty()) return {};
  std::string url = "https://doi.org/";
  constexpr std::string_view kHex = "0123456789ABCDEF";
  for (const char ch : view.doi->strings[row]) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      url += ch;
    } else {
      url += '%';
      url += kHex[c >> 4U];
      url += kHex[c & 0xFU];
    }
  }
  return url;
}

std::string label_text(const MapView& view, const GraphTables& map, std::size_t row) {
  return has(view.label, row) ? view.label->strings[row] : map.node_ids[row];
}

std::int64_t vos_cluster(const MapView& view, std::size_t row) {
  return std::clamp<std::int64_t>(view.cluster->ints[row] + 1, 1, kVosviewerMaxCluster);
}

double citations(const MapView& view, std::size_t row) {
  return has(view.citations, row) ? view.citations->doubles[row] : 0.0;
}

void write_text(std::ostream& out, const std::string& text) {
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

constexpr std::size_t kFlushBytes = std::size_t{1} << 16;

}  // namespace

void write_vosviewer_map(std::ostream& out, const GraphTables& map) {
  const MapView view = view_of(map);
  std::string text = "id\tlabel\tdescription\turl";
  if (view.positioned()) text += "\tx\ty";
  if (view.cluster != nullptr) text += "\tcluster";
  text +=
      "\tweight<Citations>\tweight<Links>\tweight<Total link strength>\t"
      "score<Avg. pub. year>\n";
  for (std::size_t row = 0; row < map.node_ids.size(); ++row) {
    text += std::to_string(row + 1);
    text += '\t';
    append_tsv_field(text, label_text(view, map, row));
    text += '\t';
    append_tsv_field(text, graphml_node_id(map.node_ids[row]));
    text += '\t';
    append_tsv_field(text, item_url(view, row));
    if (view.positioned()) {
      text += '\t';
      append_double(text, view.x->doubles[row]);
      text += '\t';
      append_double(text, view.y->doubles[row]);
    }
    if (view.cluster != nullptr) {
      text += '\t';
      text += has(view.cluster, row) ? std::to_string(vos_cluster(view, row)) : std::string();
    }
    text += '\t';
    append_double(text, citations(view, row));
    text += '\t';
    text += std::to_string(view.links[row]);
    text += '\t';
    append_double(text, view.strength[row]);
    text += '\t';
    if (has(view.year, row)) text += std::to_string(view.year->ints[row]);
    text += '\n';
    if (text.size() >= kFlushBytes) {
      write_text(out, text);
      text.clear();
    }
  }
  write_text(out, text);
}

void write_vosviewer_network(std::ostream& out, const GraphTables& map) {
  const MapView view = view_of(map);
  std::string text;
  for (std::size_t e = 0; e < map.edges.size(); ++e) {
    text += std::to_string(std::uint64_t{map.edges[e].first} + 1);
    text += '\t';
    text += std::to_string(std::uint64_t{map.edges[e].second} + 1);
    text += '\t';
    append_double(text, link_strength(view, e));
    text += '\n';
    if (text.size() >= kFlushBytes) {
      write_text(out, text);
      text.clear();
    }
  }
  write_text(out, text);
}

namespace {

void write_json_item(JsonWriter& json, const MapView& view, const GraphTables& map,
                     std::size_t row) {
  json.begin_object();
  json.key("id").value(static_cast<std::uint64_t>(row + 1));
  json.key("label").value(one_line(label_text(view, map, row), true));
  json.key("description").value(graphml_node_id(map.node_ids[row]));
  if (const std::string url = item_url(view, row); !url.empty()) json.key("url").value(url);
  if (view.positioned()) {
    json.key("x").value(view.x->doubles[row]);
    json.key("y").value(view.y->doubles[row]);
  }
  if (has(view.cluster, row)) json.key("cluster").value(vos_cluster(view, row));
  json.key("weights").begin_object();
  json.key("Citations").value(citations(view, row));
  json.key("Links").value(view.links[row]);
  json.key("Total link strength").value(view.strength[row]);
  json.end_object();
  json.key("scores").begin_object();
  if (has(view.year, row)) json.key("Avg. pub. year").value(view.year->ints[row]);
  json.end_object();
  json.end_object();
}

// Every cluster number the items use, ascending, with its label ("" when there is none).
void write_json_clusters(JsonWriter& json, const MapView& view, const VosviewerOptions& options,
                         std::size_t rows) {
  std::vector<std::int64_t> used;
  for (std::size_t row = 0; row < rows; ++row) {
    if (has(view.cluster, row)) used.push_back(vos_cluster(view, row));
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  json.key("clusters").begin_array();
  for (const std::int64_t c : used) {
    const auto index = static_cast<std::size_t>(c - 1);
    // The last VOSviewer cluster gathers every later one: its label would name only one.
    const bool gathered = c == kVosviewerMaxCluster;
    json.begin_object();
    json.key("cluster").value(c);
    json.key("label").value(index < options.cluster_labels.size() && !gathered
                                ? one_line(options.cluster_labels[index], true)
                                : std::string());
    json.end_object();
  }
  json.end_array();
}

void write_json_config(JsonWriter& json, const VosviewerOptions& options) {
  json.key("config").begin_object();
  json.key("terminology").begin_object();
  json.key("item").value(options.item);
  json.key("items").value(options.items);
  json.key("link").value(options.link);
  json.key("links").value(options.links);
  json.key("link_strength").value(options.link_strength);
  json.key("total_link_strength").value(options.total_link_strength);
  json.end_object();
  json.key("parameters").begin_object();
  json.key("item_size").value("Citations");
  json.end_object();
  json.end_object();
}

}  // namespace

void write_vosviewer_json(std::ostream& out, const GraphTables& map,
                          const VosviewerOptions& options) {
  const MapView view = view_of(map);
  JsonWriter json(out);
  json.begin_object();
  json.key("network").begin_object();
  json.key("items").begin_array();
  for (std::size_t row = 0; row < map.node_ids.size(); ++row) {
    write_json_item(json, view, map, row);
  }
  json.end_array();
  json.key("links").begin_array();
  for (std::size_t e = 0; e < map.edges.size(); ++e) {
    json.begin_object();
    json.key("source_id").value(std::uint64_t{map.edges[e].first} + 1);
    json.key("target_id").value(std::uint64_t{map.edges[e].second} + 1);
    json.key("strength").value(link_strength(view, e));
    json.end_object();
  }
  json.end_array();
  write_json_clusters(json, view, options, map.node_ids.size());
  json.end_object();
  write_json_config(json, options);
  json.end_object();
  json.finish();
}

}  // namespace citegraph::io
