// Writers. Every file is written atomically (io/atomic_file.hpp); the functions here write
// to a stream and are deterministic: same input, same bytes.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/write/table.hpp"

namespace citegraph::io {

// A graph as the writers see it: string node ids, attribute tables, edges as row pairs.
struct GraphTables {
  bool directed = true;
  std::vector<std::string> node_ids;  // the GraphML node id / CSV Id
  Table node_attributes;              // one row per node; "label" is Gephi's label
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // rows of node_ids
  Table edge_attributes;  // one row per edge; "weight" is Gephi's weight
};

// GraphML 1.0 following docs/formats.md: typed keys whose id is the attribute name, for="node"
// or "edge", XML-1.0-safe escaped text, shortest round-trip numbers, rows in the given order.
// Throws InvalidArgument on a key Gephi would misread ("id", "d3", "d7"...) or bad tables.
// Node ids are written as XML NMTOKENs (the schema's type for ids): letters, digits and
// . - _ : stay as they are, any other character c becomes _xHHHH_ (its code point, as .NET's
// XmlConvert does), and a '_' before 'x' becomes _x005F_ so that no two ids collide. PMIDs are
// unchanged; "doi:10.1/abc" becomes "doi:10.1_x002F_abc". The rows are formatted on `threads`
// threads in chunks written in order (as write_gexf and write_csv): the same bytes for any count.
void write_graphml(std::ostream& out, const GraphTables& graph, unsigned threads = 1);
// The id write_graphml writes for `id`; use it wherever the same node is named elsewhere (CSV).
[[nodiscard]] std::string graphml_node_id(std::string_view id);

// What GEXF carries besides the data columns (Gephi's "viz" module); each vector is empty (not
// written) or has one entry per node.
struct GexfViz {
  std::vector<double> x;  // viz:position, with y; both or neither; finite
  std::vector<double> y;
  std::vector<double> size;  // viz:size; finite, >= 0 (e.g. from the citation count)
  // viz:color = cluster_color(cluster[v]); a negative value writes no colour for that node.
  std::vector<std::int64_t> cluster;
  // GEXF dynamics: the time each node (and edge) appears, open-ended (start="2005", no end), so
  // that Gephi's timeline plays; finite. Either non-empty makes the graph mode="dynamic" with
  // timeformat="double"; both empty write a static graph.
  std::vector<double> node_start;
  std::vector<double> edge_start;
};

// GEXF 1.3 (http://gexf.net/1.3, the format Gephi 0.9+ writes) following docs/formats.md:
// <attributes class="node"/"edge" mode="static"> with typed <attribute id=name title=name>
// (integer, long, double, boolean, string), one <attvalue> per present value, then viz:size,
// viz:position and viz:color (namespace http://gexf.net/1.3/viz) per node, and edges with
// id = row, source, target and weight. A node column "label" becomes the node's label
// attribute and an edge column "label"/"weight" the edge's label/weight attribute (Gephi's own
// columns), never an attvalue; "id" is refused (it is Gephi's Id column). Node ids are written
// as they are (GEXF ids are strings), escaped as XML; they must be distinct and non-empty. Text
// is made XML-1.0-safe as in write_graphml; numbers as format_double. No date and no
// xsi:schemaLocation (the official RELAX NG grammar, which the tests validate against, allows
// neither an undeclared attribute nor needs one), so the bytes depend on the input only.
// Throws InvalidArgument on bad tables, ids, columns or viz vectors.
// Time O((V + E) x columns + V log V) (the V log V checks the ids for repeats).
void write_gexf(std::ostream& out, const GraphTables& graph, const GexfViz& viz = {},
                unsigned threads = 1);

// A colour of the fixed qualitative palette the GEXF writer (and the report) colour clusters
// with: matplotlib's "tab20" without its two greys, the nine saturated colours first, then their
// light variants -- 18 colours for clusters 0..17; every later cluster is light grey
// (199, 199, 199), so that the small tail of a clustering does not recycle the colours of the
// large clusters. O(1).
struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
};
[[nodiscard]] Rgb cluster_color(std::uint64_t cluster);
inline constexpr std::uint64_t kClusterColors = 18;

// RFC 4180 CSV: header row of column names, CRLF-free "\n" line ends, fields quoted when they
// contain , " CR or LF, missing values as empty fields.
// Callers put the Gephi columns (Id, Label / Source, Target, Type) first in the table.
// With header = false only the rows are written: a large table can then be written in
// batches of rows (header once, then each batch).
void write_csv(std::ostream& out, const Table& table, bool header = true, unsigned threads = 1);

// Appends `text` as one CSV field exactly as write_csv writes a string value (quoted when it
// holds , " CR or LF, quotes doubled, ill-formed UTF-8 replaced by U+FFFD): for callers that
// format rows themselves, e.g. on worker threads while streaming a table. O(length).
void append_csv_field(std::string& out, std::string_view text);

// Shortest decimal that round-trips to the same double, independent of locale ("0.1", "1e-12",
// "3"); NaN and infinities are not written (callers treat them as missing).
[[nodiscard]] std::string format_double(double value);

// Appends format_double(value) to out without a temporary string: the writers' per-field path.
// O(1).
void append_double(std::string& out, double value);

// Raw writers for callers that format rows into a buffer themselves: each writes its text at
// `out` and returns the end of it, and may store scratch bytes after that end (digits are
// stored eight at a time), never at or past out + kNumberRoom, which must be writable. O(1).
inline constexpr std::size_t kNumberRoom = 48;
// format_double(value) at out; nothing for NaN and infinities.
char* write_double(char* out, double value);
// The decimal digits of value at out, as std::to_chars writes them ("0", "42").
char* write_unsigned(char* out, std::uint64_t value);

}  // namespace citegraph::io
