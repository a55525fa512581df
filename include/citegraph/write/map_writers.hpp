// Map files for VOSviewer and Pajek: the co-citation map (and any later map) in the formats
// bibliometric users open first, written from the same io::GraphTables as the GraphML and GEXF
// writers, so that every file of a run holds the same nodes, links, weights, clusters and
// positions. Deterministic: same tables, same bytes. Layouts and choices: docs/outputs.md.
//
// Items are numbered 1..N in the tables' row order in every file of one graph (VOSviewer's id
// is a positive integer; Pajek's vertex numbers are 1-based), and the work's public id
// (graphml_node_id of the row's node id, the Id of nodes.csv) is the VOSviewer description, so
// that the files join with every other output. Node columns read by name (absent columns are
// left out): "label" (string), "pmid", "doi" (strings: the item's URL), "year" (int: score
// "Avg. pub. year"), "citations" (double: weight "Citations"), "cluster" (int, 0-based: written
// 1-based), "x", "y" (double); the edge column "weight" (double: the link strength, 1 when
// absent).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/write/writers.hpp"

namespace citegraph::io {

// What a VOSviewer JSON file says beside the network: cluster labels and the words VOSviewer
// (Online) shows for items and links (its "terminology"; defaults are VOSviewer's own).
struct VosviewerOptions {
  std::vector<std::string> cluster_labels;  // by 0-based cluster; "" or missing: no label
  std::string item = "Item";
  std::string items = "Items";
  std::string link = "Link";
  std::string links = "Links";
  std::string link_strength = "Link strength";
  std::string total_link_strength = "Total link strength";
};

// VOSviewer's cluster numbers run from 1 to 1000: 0-based clusters from 999 on are written 1000.
inline constexpr std::int64_t kVosviewerMaxCluster = 1000;

// VOSviewer map file: tab-separated with a header line, columns id, label, description, url,
// x, y, cluster (x, y and cluster only when the tables have them), weight<Citations>,
// weight<Links> (links of the item), weight<Total link strength> (sum of their strengths),
// score<Avg. pub. year> (empty when unknown). A field holding a tab, ',', ';' or '"' is quoted
// with '"' doubled (RFC 4180 quoting, which VOSviewer requires for ',' and ';'); line breaks and
// other control characters in text become spaces. The url is PubMed's page of the PMID, else
// doi.org's link of the DOI (percent-encoded), else empty. Throws InvalidArgument on bad tables
// or a directed graph. Time O(V + E).
void write_vosviewer_map(std::ostream& out, const GraphTables& map);

// VOSviewer network file: no header; one line "id1<TAB>id2<TAB>strength" per link, each
// undirected link once, in the tables' edge order. Throws InvalidArgument on bad tables or a
// directed graph. Time O(E).
void write_vosviewer_network(std::ostream& out, const GraphTables& map);

// VOSviewer JSON (app.vosviewer.com/docs/file-types/json-file-type):
// {"network": {"items": [...], "links": [...], "clusters": [...]}, "config": {"terminology":
// ..., "parameters": {"item_size": "Citations"}}}. Items carry id, label, description, url
// (when known), x, y, cluster (when present), "weights" {Citations, Links, Total link strength}
// and "scores" {"Avg. pub. year"} (left out when unknown); links carry source_id, target_id,
// strength; "clusters" lists every cluster number used with its label. Throws
// InvalidArgument on bad tables or a directed graph. Time O(V + E).
void write_vosviewer_json(std::ostream& out, const GraphTables& map,
                          const VosviewerOptions& options = {});

// Pajek network (.net): "*Vertices N", then one line per row: `i "label"` and, when the tables
// have x and y, the position scaled into [0, 1] and the shape "ellipse" (so that networkx's
// read_pajek takes the position); then "*Arcs" (directed) or "*Edges" (undirected) with
// one line "i j" per edge, "i j w" when the edges have a "weight" column. Labels: Pajek has no
// escape, so '"' becomes '\'' and '\\' becomes '/' (which networkx would read as an escape);
// line breaks and other control characters become spaces; ill-formed UTF-8 becomes U+FFFD.
// Positions: x' = (x - min x) / s + ox, y' = (max y - y) / s + oy with s the larger of the two
// ranges (one scale keeps the map's shape) and ox, oy centring the shorter range; y is flipped
// because Pajek's y axis points down; six decimals. Throws InvalidArgument on bad tables.
// Time O(V + E).
void write_pajek_network(std::ostream& out, const GraphTables& graph);

// Pajek partition (.clu): "*Vertices N", then the int column `column` of each row plus one
// (clusters are 0-based here, Pajek's classes of a partition 1-based), 0 for a missing value or
// an absent column (Pajek's "no class"). Time O(V).
void write_pajek_partition(std::ostream& out, const GraphTables& graph, std::string_view column);

// Pajek vector (.vec): "*Vertices N", then the numeric column `column` of each row (shortest
// round-trip), 0 for a missing value or an absent column. Time O(V).
void write_pajek_vector(std::ostream& out, const GraphTables& graph, std::string_view column);

}  // namespace citegraph::io
