// The VOSviewer and Pajek writers: golden bytes of every file on a three-work map whose labels
// hold '"', a tab, ';', ',' and non-ASCII text; the citation graph as arcs; the edge cases
// (no position, no cluster, an empty map, clusters past VOSviewer's 1000, bad text) and
// refusals. tests/apps/map_files_test.py reads the files of real runs back with networkx,
// igraph, csv and json.
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/map_writers.hpp"
#include "citegraph/write/table.hpp"
#include "citegraph/write/writers.hpp"

using namespace citegraph::io;
using citegraph::InvalidArgument;

namespace {

// Three works of a co-citation map, as pipeline::cocitation_tables lays them out.
GraphTables tiny_map() {
  GraphTables map;
  map.directed = false;
  map.node_ids = {"100", "doi:10.1177/abc", "300"};
  Table& nodes = map.node_attributes;
  Column& label = nodes.add("label", ValueType::kString);
  label.push("Smith \"A\"\tB; caf\xC3\xA9");
  label.push("Doe, J 2003");
  label.push("Plain");
  Column& pmid = nodes.add("pmid", ValueType::kString);
  pmid.push("100");
  pmid.push_missing();
  pmid.push("300");
  Column& doi = nodes.add("doi", ValueType::kString);
  doi.push_missing();
  doi.push("10.1177/abc(1)");
  doi.push_missing();
  Column& year = nodes.add("year", ValueType::kInt);
  year.push(std::int64_t{2001});
  year.push(std::int64_t{2003});
  year.push_missing();
  Column& citations = nodes.add("citations", ValueType::kDouble);
  citations.push(3.0);
  citations.push(2.0);
  citations.push(1.5);
  Column& cluster = nodes.add("cluster", ValueType::kInt);
  cluster.push(std::int64_t{0});
  cluster.push(std::int64_t{1});
  cluster.push(std::int64_t{0});
  Column& x = nodes.add("x", ValueType::kDouble);
  x.push(-1.0);
  x.push(1.0);
  x.push(0.0);
  Column& y = nodes.add("y", ValueType::kDouble);
  y.push(0.5);
  y.push(-0.5);
  y.push(0.0);
  map.edges = {{0, 1}, {1, 2}, {0, 2}};
  Column& weight = map.edge_attributes.add("weight", ValueType::kDouble);
  weight.push(2.0);
  weight.push(0.5);
  weight.push(1.0);
  return map;
}

template <class Write>
std::string text_of(const Write& write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

std::string map_file(const GraphTables& map) {
  return text_of([&](std::ostream& out) { write_vosviewer_map(out, map); });
}
std::string network_file(const GraphTables& map) {
  return text_of([&](std::ostream& out) { write_vosviewer_network(out, map); });
}
std::string json_file(const GraphTables& map, const VosviewerOptions& options = {}) {
  return text_of([&](std::ostream& out) { write_vosviewer_json(out, map, options); });
}
std::string pajek_file(const GraphTables& graph) {
  return text_of([&](std::ostream& out) { write_pajek_network(out, graph); });
}

}  // namespace

TEST_CASE("VOSviewer map file: golden bytes with quoting and urls and 1-based clusters") {
  CHECK(map_file(tiny_map()) ==
        "id\tlabel\tdescription\turl\tx\ty\tcluster\tweight<Citations>\tweight<Links>\t"
        "weight<Total link strength>\tscore<Avg. pub. year>\n"
        "1\t\"Smith \"\"A\"\"\tB; caf\xC3\xA9\"\t100\thttps://pubmed.ncbi.nlm.nih.gov/100/\t"
        "-1\t0.5\t1\t3\t2\t3\t2001\n"
        "2\t\"Doe, J 2003\"\tdoi:10.1177_x002F_abc\thttps://doi.org/10.1177/abc%281%29\t"
        "1\t-0.5\t2\t2\t2\t2.5\t2003\n"
        "3\tPlain\t300\thttps://pubmed.ncbi.nlm.nih.gov/300/\t0\t0\t1\t1.5\t2\t1.5\t\n");
}

TEST_CASE("VOSviewer network file: each link once with 1-based ids and the weight as strength") {
  CHECK(network_file(tiny_map()) == "1\t2\t2\n2\t3\t0.5\n1\t3\t1\n");
}

TEST_CASE("VOSviewer JSON: golden bytes with cluster labels and terminology") {
  VosviewerOptions options;
  options.cluster_labels = {"fibrosis, \"skin\"", "lupus"};
  options.item = "Work";
  const std::string expected = R"({
  "network": {
    "items": [
      {
        "id": 1,
        "label": "Smith \"A\"\tB; café",
        "description": "100",
        "url": "https://pubmed.ncbi.nlm.nih.gov/100/",
        "x": -1,
        "y": 0.5,
        "cluster": 1,
        "weights": {
          "Citations": 3,
          "Links": 2,
          "Total link strength": 3
        },
        "scores": {
          "Avg. pub. year": 2001
        }
      },
      {
        "id": 2,
        "label": "Doe, J 2003",
        "description": "doi:10.1177_x002F_abc",
        "url": "https://doi.org/10.1177/abc%281%29",
        "x": 1,
        "y": -0.5,
        "cluster": 2,
        "weights": {
          "Citations": 2,
          "Links": 2,
          "Total link strength": 2.5
        },
        "scores": {
          "Avg. pub. year": 2003
        }
      },
      {
        "id": 3,
        "label": "Plain",
        "description": "300",
        "url": "https://pubmed.ncbi.nlm.nih.gov/300/",
        "x": 0,
        "y": 0,
        "cluster": 1,
        "weights": {
          "Citations": 1.5,
          "Links": 2,
          "Total link strength": 1.5
        },
        "scores": {}
      }
    ],
    "links": [
      {
        "source_id": 1,
        "target_id": 2,
        "strength": 2
      },
      {
        "source_id": 2,
        "target_id": 3,
        "strength": 0.5
      },
      {
        "source_id": 1,
        "target_id": 3,
        "strength": 1
      }
    ],
    "clusters": [
      {
        "cluster": 1,
        "label": "fibrosis, \"skin\""
      },
      {
        "cluster": 2,
        "label": "lupus"
      }
    ]
  },
  "config": {
    "terminology": {
      "item": "Work",
      "items": "Items",
      "link": "Link",
      "links": "Links",
      "link_strength": "Link strength",
      "total_link_strength": "Total link strength"
    },
    "parameters": {
      "item_size": "Citations"
    }
  }
}
)";
  CHECK(json_file(tiny_map(), options) == expected);
}

TEST_CASE("Pajek: golden .net with scaled and centred and flipped positions then .clu and .vec") {
  // x spans 2, y spans 1: one scale 1/2, y centred (offset 1/4) and flipped.
  CHECK(pajek_file(tiny_map()) ==
        "*Vertices 3\n"
        "1 \"Smith 'A'\tB; caf\xC3\xA9\" 0 0.25 ellipse\n"
        "2 \"Doe, J 2003\" 1 0.75 ellipse\n"
        "3 \"Plain\" 0.5 0.5 ellipse\n"
        "*Edges\n"
        "1 2 2\n"
        "2 3 0.5\n"
        "1 3 1\n");
  const GraphTables map = tiny_map();
  CHECK(text_of([&](std::ostream& out) { write_pajek_partition(out, map, "cluster"); }) ==
        "*Vertices 3\n1\n2\n1\n");
  CHECK(text_of([&](std::ostream& out) { write_pajek_vector(out, map, "citations"); }) ==
        "*Vertices 3\n3\n2\n1.5\n");
  // An absent column: no class (0) and zeros.
  CHECK(text_of([&](std::ostream& out) { write_pajek_partition(out, map, "nothing"); }) ==
        "*Vertices 3\n0\n0\n0\n");
  CHECK(text_of([&](std::ostream& out) { write_pajek_vector(out, map, "nothing"); }) ==
        "*Vertices 3\n0\n0\n0\n");
}

TEST_CASE(
    "Pajek: a directed graph is arcs without position or weight and its label text repaired") {
  GraphTables graph;
  graph.directed = true;
  graph.node_ids = {"1", "2", "key:x"};
  Column& label = graph.node_attributes.add("label", ValueType::kString);
  label.push("back\\slash\"");
  label.push("line\nbreak\r\x01 bad \xFF end");
  label.push_missing();  // the id stands in
  graph.edges = {{0, 1}, {2, 1}};
  graph.edge_attributes.add("corpus", ValueType::kString).push("A");
  graph.edge_attributes.columns[0].push("B");
  CHECK(pajek_file(graph) ==
        "*Vertices 3\n"
        "1 \"back/slash'\"\n"
        "2 \"line break   bad \xEF\xBF\xBD end\"\n"
        "3 \"key:x\"\n"
        "*Arcs\n"
        "1 2\n"
        "3 2\n");
}

TEST_CASE("Pajek: one position or identical positions go to the centre") {
  GraphTables graph = tiny_map();
  for (Column& column : graph.node_attributes.columns) {
    if (column.name == "x" || column.name == "y") column.doubles = {2.0, 2.0, 2.0};
  }
  const std::string text = pajek_file(graph);
  CHECK(text.find("1 \"Smith 'A'\tB; caf\xC3\xA9\" 0.5 0.5 ellipse\n") != std::string::npos);
  CHECK(text.find("3 \"Plain\" 0.5 0.5 ellipse\n") != std::string::npos);
}

TEST_CASE("VOSviewer: without positions and clusters the columns are left out") {
  GraphTables map = tiny_map();
  auto& columns = map.node_attributes.columns;
  std::erase_if(columns, [](const Column& c) {
    return c.name == "x" || c.name == "y" || c.name == "cluster";
  });
  const std::string text = map_file(map);
  CHECK(text.substr(0, text.find('\n')) ==
        "id\tlabel\tdescription\turl\tweight<Citations>\tweight<Links>\t"
        "weight<Total link strength>\tscore<Avg. pub. year>");
  CHECK(text.find("3\tPlain\t300\thttps://pubmed.ncbi.nlm.nih.gov/300/\t1.5\t2\t1.5\t\n") !=
        std::string::npos);
  const std::string json = json_file(map);
  CHECK(json.find("\"x\"") == std::string::npos);
  CHECK(json.find("\"cluster\"") == std::string::npos);
  CHECK(json.find("\"clusters\": []") != std::string::npos);
  CHECK(pajek_file(map).find("3 \"Plain\"\n") != std::string::npos);
}

TEST_CASE("VOSviewer: clusters past 1000 are gathered in cluster 1000 without a label") {
  GraphTables map = tiny_map();
  for (Column& column : map.node_attributes.columns) {
    if (column.name == "cluster") column.ints = {998, 999, 5000};
  }
  VosviewerOptions options;
  options.cluster_labels.assign(1001, "terms");
  const std::string text = map_file(map);
  CHECK(text.find("\t-1\t0.5\t999\t") != std::string::npos);
  CHECK(text.find("\t1\t-0.5\t1000\t") != std::string::npos);
  CHECK(text.find("\t0\t0\t1000\t") != std::string::npos);
  const std::string json = json_file(map, options);
  CHECK(json.find("\"cluster\": 999,\n        \"label\": \"terms\"") != std::string::npos);
  CHECK(json.find("\"cluster\": 1000,\n        \"label\": \"\"") != std::string::npos);
  // Pajek partitions have no such limit.
  CHECK(text_of([&](std::ostream& out) { write_pajek_partition(out, map, "cluster"); }) ==
        "*Vertices 3\n999\n1000\n5001\n");
}

TEST_CASE("map writers: an empty map and refusals") {
  GraphTables empty = tiny_map();
  empty.node_ids.clear();
  empty.edges.clear();
  for (Column& column : empty.node_attributes.columns) {
    column = Column{column.name, column.type, {}, {}, {}, {}};
  }
  empty.edge_attributes.columns[0] = Column{"weight", ValueType::kDouble, {}, {}, {}, {}};
  CHECK(network_file(empty).empty());
  CHECK(map_file(empty).find('\n') == map_file(empty).size() - 1);  // the header only
  CHECK(pajek_file(empty) == "*Vertices 0\n*Edges\n");

  GraphTables directed = tiny_map();
  directed.directed = true;
  CHECK_THROWS_AS(map_file(directed), InvalidArgument);
  CHECK_THROWS_AS(json_file(directed), InvalidArgument);
  CHECK(pajek_file(directed).find("*Arcs\n1 2 2\n") != std::string::npos);

  GraphTables out_of_range = tiny_map();
  out_of_range.edges[0].second = 7;
  CHECK_THROWS_AS(network_file(out_of_range), InvalidArgument);
  CHECK_THROWS_AS(pajek_file(out_of_range), InvalidArgument);

  GraphTables mistyped = tiny_map();
  for (Column& column : mistyped.node_attributes.columns) {
    if (column.name == "year") column.name = "was_year";
    if (column.name == "label") column.name = "year";  // a string column named year
  }
  CHECK_THROWS_AS(map_file(mistyped), InvalidArgument);
  const GraphTables map = tiny_map();
  CHECK_THROWS_AS(text_of([&](std::ostream& out) { write_pajek_partition(out, map, "citations"); }),
                  InvalidArgument);
  CHECK_THROWS_AS(text_of([&](std::ostream& out) { write_pajek_vector(out, map, "label"); }),
                  InvalidArgument);
}

TEST_CASE("map writers: the same tables give the same bytes") {
  const GraphTables map = tiny_map();
  CHECK(map_file(map) == map_file(tiny_map()));
  CHECK(json_file(map) == json_file(tiny_map()));
  CHECK(pajek_file(map) == pajek_file(tiny_map()));
}
