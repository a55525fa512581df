// The GEXF 1.3 writer: a golden document in full, escaping, every value type validated against
// the official GEXF 1.3 RELAX NG grammar with xmllint, the cluster palette, and refusals.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/atomic_file.hpp"
#include "citegraph/write/table.hpp"
#include "citegraph/write/writers.hpp"
#include "tests/io_test_support.hpp"

namespace fs = std::filesystem;
using namespace citegraph::io;
using namespace citegraph::io_test;

namespace {

std::string gexf_of(const GraphTables& graph, const GexfViz& viz = {}) {
  std::ostringstream out;
  write_gexf(out, graph, viz);
  return out.str();
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A co-citation map of three works: labels, every value type, a missing value, weights.
GraphTables small_map() {
  GraphTables graph;
  graph.directed = false;
  graph.node_ids = {"100", "doi:10.1177/abc", "300"};
  Table& nodes = graph.node_attributes;
  Column& label = nodes.add("label", ValueType::kString);
  label.push("Smith 2001");
  label.push("Doe & Roe <2003>");
  label.push_missing();
  Column& year = nodes.add("year", ValueType::kInt);
  year.push(std::int64_t{2001});
  year.push(std::int64_t{2003});
  year.push_missing();
  Column& cites = nodes.add("citations", ValueType::kLong);
  cites.push(std::int64_t{12});
  cites.push(std::int64_t{3});
  cites.push(std::int64_t{0});
  Column& score = nodes.add("pagerank", ValueType::kDouble);
  score.push(0.25);
  score.push(std::numeric_limits<double>::quiet_NaN());  // not written
  score.push(1e-7);
  Column& source = nodes.add("source", ValueType::kBoolean);
  source.push(true);
  source.push(false);
  source.push(true);
  graph.edges = {{0, 1}, {1, 2}};
  Table& edges = graph.edge_attributes;
  Column& weight = edges.add("weight", ValueType::kDouble);
  weight.push(2.0);
  weight.push(0.5);
  Column& witnesses = edges.add("witnesses", ValueType::kString);
  witnesses.push("7 8");
  witnesses.push_missing();
  return graph;
}

GexfViz small_viz() {
  GexfViz viz;
  viz.x = {0, 1000, 512.5};
  viz.y = {250, 0.125, 1000};
  viz.size = {12, 3, 1};
  viz.cluster = {0, 1, -1};
  return viz;
}

constexpr const char* kSmallGexf = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta>
    <creator>citegraph</creator>
  </meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="year" title="year" type="integer"/>
      <attribute id="citations" title="citations" type="long"/>
      <attribute id="pagerank" title="pagerank" type="double"/>
      <attribute id="source" title="source" type="boolean"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="witnesses" title="witnesses" type="string"/>
    </attributes>
    <nodes count="3">
      <node id="100" label="Smith 2001">
        <attvalues>
          <attvalue for="year" value="2001"/>
          <attvalue for="citations" value="12"/>
          <attvalue for="pagerank" value="0.25"/>
          <attvalue for="source" value="true"/>
        </attvalues>
        <viz:size value="12"/>
        <viz:position x="0" y="250"/>
        <viz:color r="31" g="119" b="180"/>
      </node>
      <node id="doi:10.1177/abc" label="Doe &amp; Roe &lt;2003&gt;">
        <attvalues>
          <attvalue for="year" value="2003"/>
          <attvalue for="citations" value="3"/>
          <attvalue for="source" value="false"/>
        </attvalues>
        <viz:size value="3"/>
        <viz:position x="1000" y="0.125"/>
        <viz:color r="255" g="127" b="14"/>
      </node>
      <node id="300">
        <attvalues>
          <attvalue for="citations" value="0"/>
          <attvalue for="pagerank" value="1e-07"/>
          <attvalue for="source" value="true"/>
        </attvalues>
        <viz:size value="1"/>
        <viz:position x="512.5" y="1000"/>
      </node>
    </nodes>
    <edges count="2">
      <edge id="0" source="100" target="doi:10.1177/abc" weight="2">
        <attvalues>
          <attvalue for="witnesses" value="7 8"/>
        </attvalues>
      </edge>
      <edge id="1" source="doi:10.1177/abc" target="300" weight="0.5"/>
    </edges>
  </graph>
</gexf>
)xml";

// Validates `text` against the GEXF 1.3 grammar; empty string when valid, else xmllint's words.
std::string validate(const std::string& text, const std::string& name) {
  static TempDir dir;
  const std::string path = dir.file(name);
  {
    AtomicFile file(path);
    file.stream() << text;
    file.commit();
  }
  const std::string grammar = std::string(CITEGRAPH_TEST_DATA) + "/schemas/gexf-1.3/gexf.rng";
  const std::string log = dir.file(name + ".log");
  const std::string command = "/usr/bin/xmllint --noout --nonet --relaxng '" + grammar + "' '" +
                              path + "' > '" + log + "' 2>&1";
  const int status = std::system(command.c_str());
  return status == 0 ? std::string() : "status " + std::to_string(status) + ": " + read_whole(log);
}

}  // namespace

TEST_CASE("GEXF: golden document") {
  CHECK(gexf_of(small_map(), small_viz()) == kSmallGexf);
  // Same input, same bytes.
  CHECK(gexf_of(small_map(), small_viz()) == gexf_of(small_map(), small_viz()));
}

TEST_CASE("GEXF: without viz, without columns, directed") {
  GraphTables graph;
  graph.node_ids = {"1", "2"};
  graph.edges = {{1, 0}};
  CHECK(gexf_of(graph) == R"xml(<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta>
    <creator>citegraph</creator>
  </meta>
  <graph defaultedgetype="directed" mode="static">
    <nodes count="2">
      <node id="1"/>
      <node id="2"/>
    </nodes>
    <edges count="1">
      <edge id="0" source="2" target="1"/>
    </edges>
  </graph>
</gexf>
)xml");
}

TEST_CASE("GEXF: start times make a dynamic graph for Gephi's timeline") {
  GraphTables graph;
  graph.node_ids = {"1", "2"};
  graph.edges = {{0, 1}};
  graph.directed = false;
  GexfViz viz;
  viz.node_start = {2001, 2003.5};
  viz.edge_start = {2004};
  CHECK(gexf_of(graph, viz) == R"xml(<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta>
    <creator>citegraph</creator>
  </meta>
  <graph defaultedgetype="undirected" mode="dynamic" timeformat="double">
    <nodes count="2">
      <node id="1" start="2001"/>
      <node id="2" start="2003.5"/>
    </nodes>
    <edges count="1">
      <edge id="0" source="1" target="2" start="2004"/>
    </edges>
  </graph>
</gexf>
)xml");
  viz.edge_start.clear();
  CHECK(gexf_of(graph, viz).find("mode=\"dynamic\"") != std::string::npos);
  viz.node_start.pop_back();
  CHECK_THROWS_WITH_AS(gexf_of(graph, viz), doctest::Contains("node_start"), InvalidArgument);
  viz.node_start = {1, std::numeric_limits<double>::quiet_NaN()};
  CHECK_THROWS_WITH_AS(gexf_of(graph, viz), doctest::Contains("not finite"), InvalidArgument);
  viz.node_start.clear();
  viz.edge_start = {1, 2};
  CHECK_THROWS_WITH_AS(gexf_of(graph, viz), doctest::Contains("edge_start"), InvalidArgument);
}

TEST_CASE("GEXF: attribute text is escaped and repaired") {
  GraphTables graph;
  graph.node_ids = {"a\"b"};
  Column& label = graph.node_attributes.add("label", ValueType::kString);
  label.push("tab\tlf\ncr\r ctl\x01 bad\xFF nonchar\xEF\xBF\xBF ok\xC3\xB6");
  const std::string text = gexf_of(graph);
  CHECK(text.find("<node id=\"a&quot;b\" label=\"tab&#9;lf&#10;cr&#13; ctl\xEF\xBF\xBD "
                  "bad\xEF\xBF\xBD nonchar\xEF\xBF\xBD ok\xC3\xB6\"/>") != std::string::npos);
}

TEST_CASE("GEXF: the cluster palette") {
  CHECK(cluster_color(0).r == 0x1f);
  CHECK(cluster_color(0).g == 0x77);
  CHECK(cluster_color(0).b == 0xb4);
  CHECK(cluster_color(17).r == 0x9e);
  CHECK(cluster_color(18).r == 199);
  CHECK(cluster_color(1000).b == 199);
  std::set<std::tuple<int, int, int>> distinct;
  for (std::uint64_t c = 0; c < kClusterColors + 5; ++c) {
    const Rgb color = cluster_color(c);
    distinct.insert({color.r, color.g, color.b});
  }
  CHECK(distinct.size() == kClusterColors + 1);  // 18 colours and the grey of the rest
}

TEST_CASE("GEXF: refusals") {
  GraphTables graph = small_map();
  SUBCASE("an id column") {
    graph.node_attributes.add("id", ValueType::kString).push("x");
    graph.node_attributes.columns.back().push("y");
    graph.node_attributes.columns.back().push("z");
    CHECK_THROWS_WITH_AS(gexf_of(graph), doctest::Contains("'id'"), InvalidArgument);
  }
  SUBCASE("a string weight") {
    graph.edge_attributes.columns[0].type = ValueType::kString;
    graph.edge_attributes.columns[0].strings = {"a", "b"};
    CHECK_THROWS_WITH_AS(gexf_of(graph), doctest::Contains("weight"), InvalidArgument);
  }
  SUBCASE("repeated and empty ids") {
    graph.node_ids[2] = "100";
    CHECK_THROWS_WITH_AS(gexf_of(graph), doctest::Contains("same id '100'"), InvalidArgument);
    graph.node_ids[2] = "";
    CHECK_THROWS_WITH_AS(gexf_of(graph), doctest::Contains("empty id"), InvalidArgument);
  }
  SUBCASE("edge out of range") {
    graph.edges[1].second = 3;
    CHECK_THROWS_WITH_AS(gexf_of(graph), doctest::Contains("out of range"), InvalidArgument);
  }
  SUBCASE("viz vectors") {
    GexfViz viz = small_viz();
    viz.x.pop_back();
    CHECK_THROWS_AS(gexf_of(graph, viz), InvalidArgument);
    viz = small_viz();
    viz.y.clear();
    CHECK_THROWS_AS(gexf_of(graph, viz), InvalidArgument);
    viz = small_viz();
    viz.x[1] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(gexf_of(graph, viz), doctest::Contains("position"), InvalidArgument);
    viz = small_viz();
    viz.size[0] = -1;
    CHECK_THROWS_WITH_AS(gexf_of(graph, viz), doctest::Contains("size"), InvalidArgument);
  }
}

TEST_CASE("GEXF validates against the official GEXF 1.3 RELAX NG grammar") {
  if (!fs::exists("/usr/bin/xmllint")) {
    MESSAGE("skipped: /usr/bin/xmllint is not installed");
    return;
  }
  CHECK(validate(gexf_of(small_map(), small_viz()), "small.gexf") == "");
  GraphTables empty;
  CHECK(validate(gexf_of(empty), "empty.gexf") == "");
  // Hostile text in every place text goes.
  GraphTables graph = small_map();
  graph.node_ids[0] = "key:Rheumatology (Oxford)|2008|47|v18 <&>\"'";
  graph.node_attributes.columns[0].strings[0] = "ctl\x01 <&> \"'\r\n\xFF\xEF\xBF\xBF";
  CHECK(validate(gexf_of(graph, small_viz()), "hostile.gexf") == "");
  // The grammar is strict enough to fail: a viz element in the wrong namespace is refused.
  std::string broken = gexf_of(small_map(), small_viz());
  const auto at = broken.find("<viz:size");
  REQUIRE(at != std::string::npos);
  broken.replace(at, 9, "<viz:sise");
  CHECK(validate(broken, "broken.gexf") != "");
}
