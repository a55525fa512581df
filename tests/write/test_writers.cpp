// Writers: number formatting, UTF-8 repair, tables, GraphML, CSV, JSON and atomic files.
// Golden texts are written out in full so that any change to the bytes shows up here.
#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/atomic_file.hpp"
#include "citegraph/write/json_writer.hpp"
#include "citegraph/write/table.hpp"
#include "citegraph/write/writers.hpp"
#include "support/utf8.hpp"
#include "tests/io_test_support.hpp"

namespace fs = std::filesystem;
using namespace citegraph::io;
using namespace citegraph::io_test;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string graphml_of(const GraphTables& graph) {
  std::ostringstream out;
  write_graphml(out, graph);
  return out.str();
}

std::string csv_of(const Table& table) {
  std::ostringstream out;
  write_csv(out, table);
  return out.str();
}

// Four works, four citations, every value type and missing values in every column.
GraphTables small_citation_graph() {
  GraphTables graph;
  graph.directed = true;
  graph.node_ids = {"100", "200", "doi:10.1177/abc_x", "300"};
  Table& nodes = graph.node_attributes;
  nodes.add("label", ValueType::kString);
  nodes.add("year", ValueType::kInt);
  nodes.add("pagerank", ValueType::kDouble);
  nodes.add("source", ValueType::kBoolean);
  nodes.add("cites", ValueType::kLong);
  auto& label = nodes.columns[0];
  auto& year = nodes.columns[1];
  auto& pagerank = nodes.columns[2];
  auto& source = nodes.columns[3];
  auto& cites = nodes.columns[4];
  label.push("Smith 2002");
  label.push("Jones & Co");
  label.push_missing();
  label.push_missing();
  year.push(std::int64_t{2002});
  year.push_missing();
  year.push(std::int64_t{2019});
  year.push_missing();
  pagerank.push(0.1);
  pagerank.push(1e-12);
  pagerank.push(kNaN);  // not finite: written as missing
  pagerank.push_missing();
  source.push(true);
  source.push(false);
  source.push_missing();
  source.push_missing();
  cites.push(std::int64_t{5'000'000'000});
  cites.push(std::int64_t{0});
  cites.push_missing();
  cites.push_missing();

  graph.edges = {{0, 1}, {0, 2}, {2, 1}, {1, 3}};
  Table& edges = graph.edge_attributes;
  edges.add("weight", ValueType::kDouble);
  edges.add("corpus", ValueType::kString);
  auto& weight = edges.columns[0];
  auto& corpus = edges.columns[1];
  weight.push(1.0);
  weight.push(2.5);
  weight.push_missing();
  weight.push_missing();
  corpus.push("SSc");
  corpus.push_missing();
  corpus.push("SLE");
  corpus.push_missing();
  return graph;
}

constexpr const char* kSmallGraphml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="year" for="node" attr.name="year" attr.type="int"/>
  <key id="pagerank" for="node" attr.name="pagerank" attr.type="double"/>
  <key id="source" for="node" attr.name="source" attr.type="boolean"/>
  <key id="cites" for="node" attr.name="cites" attr.type="long"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="corpus" for="edge" attr.name="corpus" attr.type="string"/>
  <graph id="G" edgedefault="directed">
    <node id="100">
      <data key="label">Smith 2002</data>
      <data key="year">2002</data>
      <data key="pagerank">0.1</data>
      <data key="source">true</data>
      <data key="cites">5000000000</data>
    </node>
    <node id="200">
      <data key="label">Jones &amp; Co</data>
      <data key="pagerank">1e-12</data>
      <data key="source">false</data>
      <data key="cites">0</data>
    </node>
    <node id="doi:10.1177_x002F_abc_x005F_x">
      <data key="year">2019</data>
    </node>
    <node id="300"/>
    <edge source="100" target="200">
      <data key="weight">1</data>
      <data key="corpus">SSc</data>
    </edge>
    <edge source="100" target="doi:10.1177_x002F_abc_x005F_x">
      <data key="weight">2.5</data>
    </edge>
    <edge source="doi:10.1177_x002F_abc_x005F_x" target="200">
      <data key="corpus">SLE</data>
    </edge>
    <edge source="200" target="300"/>
  </graph>
</graphml>
)xml";

// A one-node graph whose only attribute is `name` with the given text.
GraphTables one_node(const std::string& text) {
  GraphTables graph;
  graph.node_ids = {"1"};
  graph.node_attributes.add("name", ValueType::kString).push(text);
  return graph;
}

// The <data> line of one_node(text).
std::string graphml_data_line(const std::string& text) {
  const std::string xml = graphml_of(one_node(text));
  const std::string open = "<data key=\"name\">";
  const std::size_t begin = xml.find(open);
  const std::size_t end = xml.find("</data>", begin);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return xml.substr(begin + open.size(), end - begin - open.size());
}

}  // namespace

TEST_CASE("GraphML, GEXF and CSV rows formatted on 1-3 threads are the same bytes") {
  // 10,007 nodes and 20,011 edges: several 4,096-row chunks and a partial last one, with text
  // that needs escaping, missing values and viz data on some nodes.
  std::mt19937_64 rng(20261126);
  GraphTables graph;
  Column& label = graph.node_attributes.add("label", ValueType::kString);
  Column& year = graph.node_attributes.add("year", ValueType::kInt);
  Column& score = graph.node_attributes.add("score", ValueType::kDouble);
  const std::size_t n = 10007;
  GexfViz viz;
  for (std::size_t v = 0; v < n; ++v) {
    graph.node_ids.push_back(v % 5 == 0 ? "doi:10.1/a<" + std::to_string(v)
                                        : std::to_string(v + 1));
    label.push("Title \"" + std::to_string(v) + "\", & <b>");
    if (v % 3 == 0) {
      year.push_missing();
    } else {
      year.push(static_cast<std::int64_t>(1950 + v % 70));
    }
    score.push(static_cast<double>(rng() % 100000) / 7.0);
    viz.x.push_back(static_cast<double>(v) * 0.5);
    viz.y.push_back(-static_cast<double>(v) / 3.0);
    viz.size.push_back(1.0 + static_cast<double>(v % 10));
    viz.cluster.push_back(v % 4 == 0 ? -1 : static_cast<std::int64_t>(v % 12));
  }
  Column& weight = graph.edge_attributes.add("weight", ValueType::kDouble);
  for (std::size_t e = 0; e < 20011; ++e) {
    graph.edges.emplace_back(static_cast<std::uint32_t>(rng() % n),
                             static_cast<std::uint32_t>(rng() % n));
    weight.push(static_cast<double>(1 + rng() % 9) / 3.0);
  }
  std::ostringstream graphml1;
  std::ostringstream gexf1;
  std::ostringstream csv1;
  write_graphml(graphml1, graph);
  write_gexf(gexf1, graph, viz);
  write_csv(csv1, graph.node_attributes);
  REQUIRE(graphml1.str().size() > 1000000);
  for (const unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    std::ostringstream graphml;
    std::ostringstream gexf;
    std::ostringstream csv;
    write_graphml(graphml, graph, threads);
    write_gexf(gexf, graph, viz, threads);
    write_csv(csv, graph.node_attributes, true, threads);
    CHECK(graphml.str() == graphml1.str());
    CHECK(gexf.str() == gexf1.str());
    CHECK(csv.str() == csv1.str());
  }
}

TEST_CASE("format_double is std::to_chars' shortest form, on millions of values of every kind") {
  // format_double lays out Dragonbox's digits itself; std::to_chars (libstdc++'s Ryu) is the
  // reference it must equal byte for byte (except -0, written "0").
  const auto reference = [](double value) {
    std::array<char, 64> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
    return std::string(buffer.data(), end);
  };
  std::mt19937_64 rng(20261126);
  std::size_t checked = 0;
  const auto check = [&](double value) {
    if (!std::isfinite(value) || value == 0) return;
    ++checked;
    const std::string got = format_double(value);
    if (got != reference(value)) {
      CAPTURE(value);
      CHECK(got == reference(value));
    }
  };
  for (int i = 0; i < 1000000; ++i) {  // any bit pattern: subnormals to 1.8e308
    check(std::bit_cast<double>(rng()));
  }
  for (int i = 0; i < 1000000; ++i) {  // the pair tables' strengths: ratios of small counts
    const auto c = static_cast<double>(1 + rng() % 50);
    const auto a = static_cast<double>(1 + rng() % 5000);
    const auto b = static_cast<double>(1 + rng() % 5000);
    check(c / std::sqrt(a * b));
    check(c / (a * b));
    check(c / (a + b - std::min(c, std::min(a, b))));
    check(-c / a);
  }
  for (int exponent = -320; exponent <= 308; ++exponent) {  // decimal boundaries
    for (const double mantissa :
         {1.0, 1.5, 9.999999999999999, 2.2250738585072014, 1.7976931348623157}) {
      const double value = mantissa * std::pow(10.0, exponent);
      check(value);
      check(std::nextafter(value, 0.0));
      check(std::nextafter(value, 1e300));
    }
  }
  for (const double value :
       {1e-5, 1e-4, 1.2e-5, 0.00012, 0.0001234, 123456.5, 1e15 + 0.5, 4.35, 0.3, 2.0 / 3.0, 5e-324,
        2.2250738585072014e-308, 1.7976931348623157e308, 1e16, 1.2345678901234568e17, 99999.5}) {
    check(value);
    check(-value);
  }
  CHECK(checked > 5000000);
}

TEST_CASE("write_double and write_unsigned: to_chars' bytes, never past kNumberRoom") {
  // The raw writers store digits eight at a time past the end of the number: the bytes from
  // out + kNumberRoom on must stay untouched, and the text must be std::to_chars' (except -0).
  constexpr std::size_t kGuard = 16;
  std::array<char, kNumberRoom + kGuard> buffer{};
  const auto untouched = [&buffer] {
    return std::all_of(buffer.begin() + kNumberRoom, buffer.end(), [](char c) { return c == '#'; });
  };
  const auto written_double = [&](double value) {
    buffer.fill('#');
    char* end = write_double(buffer.data(), value);
    CHECK(untouched());
    return std::string(buffer.data(), end);
  };
  const auto reference = [](auto value) {
    std::array<char, 64> text{};
    return std::string(text.data(),
                       std::to_chars(text.data(), text.data() + text.size(), value).ptr);
  };
  std::size_t checked = 0;
  const auto check = [&](double value) {
    ++checked;
    const std::string got = written_double(value);
    const std::string want = value == 0 ? "0" : reference(value);
    if (got != want) {
      CAPTURE(value);
      CHECK(got == want);
    }
  };
  std::mt19937_64 rng(20261126);
  // 1 to 17 significant digits at every decimal exponent from 1e-330 to 1e310, either sign: every
  // layout (fixed with 0-3 zeros after "0.", fixed with an integer part, scientific with 2 and 3
  // exponent digits, subnormals, integers to 1e22 and past them).
  for (int digits = 1; digits <= 17; ++digits) {
    for (int exponent = -330; exponent <= 310; ++exponent) {
      std::string text;
      for (int d = 0; d < digits; ++d) {
        text += static_cast<char>('0' + (d == 0 ? 1 + rng() % 9 : rng() % 10));
      }
      text += "e" + std::to_string(exponent - digits + 1);
      const double value = std::strtod(text.c_str(), nullptr);
      if (!std::isfinite(value)) continue;
      check(value);
      check(-value);
    }
  }
  // The boundary between fixed and scientific below 1 (1e-5 .. 1e-7) and around the integers
  // that lose their fixed form (1e16 .. 1e22), with neighbours.
  for (double value : {1e-4,
                       1e-5,
                       1e-6,
                       1e-7,
                       1.5e-5,
                       1.25e-6,
                       9.5e-7,
                       0.000123456789,
                       1e15,
                       1e16,
                       1e17,
                       1e18,
                       1e19,
                       1e20,
                       1e21,
                       1e22,
                       1e23,
                       123456.0,
                       1234567.0,
                       99999.0,
                       100000.0,
                       100001.0,
                       4503599627370496.5,
                       9007199254740993.0,
                       DBL_MAX,
                       DBL_MIN,
                       5e-324,
                       2.5,
                       12.75,
                       123.456,
                       1234567890123.5,
                       1.2345678901234567}) {
    for (const double v : {value, std::nextafter(value, 0.0), std::nextafter(value, DBL_MAX)}) {
      check(v);
      check(-v);
    }
  }
  CHECK(checked > 20000);
  CHECK(written_double(0.0) == "0");
  CHECK(written_double(-0.0) == "0");
  CHECK(written_double(kNaN).empty());
  CHECK(written_double(-kInf).empty());

  const auto check_unsigned = [&](std::uint64_t value) {
    buffer.fill('#');
    const std::string got(buffer.data(), write_unsigned(buffer.data(), value));
    CHECK(untouched());
    if (got != reference(value)) {
      CAPTURE(value);
      CHECK(got == reference(value));
    }
  };
  for (std::uint64_t v = 0; v <= 100000; ++v) check_unsigned(v);
  for (std::uint64_t power = 1; power <= UINT64_MAX / 10; power *= 10) {
    for (const std::uint64_t v : {power - 1, power, power + 1, 9 * power, 10 * power - 1}) {
      check_unsigned(v);
    }
  }
  check_unsigned(UINT64_MAX);
  for (int i = 0; i < 200000; ++i) check_unsigned(rng() >> (rng() % 64));  // every length
}

TEST_CASE("format_double writes the shortest round-trip decimal") {
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(1.0) == "1");
  CHECK(format_double(3.0) == "3");
  CHECK(format_double(-2.5) == "-2.5");
  CHECK(format_double(1e-12) == "1e-12");
  CHECK(format_double(1e21) == "1e+21");
  CHECK(format_double(123456789012.0) == "123456789012");
  CHECK(format_double(1.0 / 3.0) == "0.3333333333333333");
  CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_double(5e-324) == "5e-324");
  CHECK(format_double(DBL_MAX) == "1.7976931348623157e+308");
  CHECK(format_double(-DBL_MIN) == "-2.2250738585072014e-308");
  // Zero of either sign is "0" (documented choice: -0 reads like a bug in a CSV).
  CHECK(format_double(0.0) == "0");
  CHECK(format_double(-0.0) == "0");
  // Not finite: nothing is written, callers treat it as a missing value.
  CHECK(format_double(kNaN).empty());
  CHECK(format_double(kInf).empty());
  CHECK(format_double(-kInf).empty());

  std::string appended = "x=";
  append_double(appended, 0.25);
  CHECK(appended == "x=0.25");
}

TEST_CASE("format_double round-trips random doubles") {
  std::mt19937_64 random(20240611);
  std::uniform_int_distribution<std::uint64_t> bits;
  int checked = 0;
  while (checked < 2000) {
    const std::uint64_t raw = bits(random);
    double value = 0;
    std::memcpy(&value, &raw, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = format_double(value);
    INFO("value text: ", text);
    CHECK(std::strtod(text.c_str(), nullptr) == value);
    CHECK(text.size() <= 24);
    ++checked;
  }
}

TEST_CASE("decode_utf8 decodes well-formed text and replaces maximal ill-formed subparts") {
  const auto decode = [](std::string_view text, std::size_t pos = 0) {
    return decode_utf8(text, pos);
  };
  auto c = decode("A");
  CHECK((c.code_point == U'A' && c.length == 1 && c.valid));
  c = decode("\xC3\xA9");  // é
  CHECK((c.code_point == 0xE9 && c.length == 2 && c.valid));
  c = decode("\xE2\x82\xAC");  // €
  CHECK((c.code_point == 0x20AC && c.length == 3 && c.valid));
  c = decode("\xF0\x9F\x98\x80");  // U+1F600
  CHECK((c.code_point == 0x1F600 && c.length == 4 && c.valid));
  c = decode("x\xEF\xBF\xBD", 1);  // a literal U+FFFD is valid
  CHECK((c.code_point == 0xFFFD && c.length == 3 && c.valid));

  struct Bad {
    const char* bytes;
    std::uint32_t length;
  };
  const Bad bad[] = {
      {"\x80", 1},              // stray continuation byte
      {"\xC0\x80", 1},          // overlong NUL: C0 never starts a character
      {"\xE0\x80\x80", 1},      // overlong 3-byte form
      {"\xED\xA0\x80", 1},      // surrogate U+D800
      {"\xF4\x90\x80\x80", 1},  // above U+10FFFF
      {"\xF5\x80", 1},          // F5 never starts a character
      {"\xE2\x82", 2},          // truncated at the end of the text
      {"\xE2\x82"
       "A",
       2},                  // truncated before an ASCII letter
      {"\xF0\x9F\x98", 3},  // truncated 4-byte form
  };
  for (const Bad& b : bad) {
    INFO("bytes of length ", std::string_view(b.bytes).size());
    c = decode(b.bytes);
    CHECK(c.code_point == 0xFFFD);
    CHECK_FALSE(c.valid);
    CHECK(c.length == b.length);
  }
}

TEST_CASE("Table and Column check types and lengths") {
  Table table;
  Column& name = table.add("name", ValueType::kString);
  name.push("literal");  // a string literal is a string, not a boolean
  name.push(std::string("owned"));
  name.push_missing();
  CHECK(name.size() == 3);
  CHECK(name.strings.size() == 3);
  CHECK(name.present == std::vector<std::uint8_t>{1, 1, 0});
  CHECK(table.rows() == 3);

  CHECK_THROWS_WITH_AS(table.add("name", ValueType::kInt), doctest::Contains("'name'"),
                       InvalidArgument);
  CHECK_THROWS_AS(table.add("", ValueType::kInt), InvalidArgument);

  Column& year = table.add("year", ValueType::kInt);
  CHECK_THROWS_WITH_AS(year.push(1.5), doctest::Contains("'year'"), InvalidArgument);
  CHECK_THROWS_WITH_AS(year.push(true), doctest::Contains("'year'"), InvalidArgument);
  CHECK_THROWS_WITH_AS(year.push("2001"), doctest::Contains("'year'"), InvalidArgument);
  CHECK_THROWS_WITH_AS(year.push(std::int64_t{1} << 31), doctest::Contains("'year'"),
                       InvalidArgument);
  year.push(std::int64_t{-2147483648});
  year.push(std::int64_t{2147483647});
  CHECK(year.ints == std::vector<std::int64_t>{-2147483648, 2147483647});

  // Columns of different lengths are refused by check_rows, naming the short one.
  CHECK_THROWS_WITH_AS(table.check_rows(3), doctest::Contains("'year'"), InvalidArgument);
  year.push_missing();
  CHECK_NOTHROW(table.check_rows(3));
  CHECK_THROWS_AS(table.check_rows(4), InvalidArgument);

  // A column filled through its public vectors must keep the typed vector in step.
  Column& flag = table.add("flag", ValueType::kBoolean);
  flag.present = {1, 1, 1};
  flag.ints = {1, 0};
  CHECK_THROWS_WITH_AS(table.check_rows(3), doctest::Contains("'flag'"), InvalidArgument);
  flag.ints.push_back(1);
  CHECK_NOTHROW(table.check_rows(3));

  Column& score = table.add("score", ValueType::kDouble);
  CHECK_THROWS_AS(score.push(std::int64_t{1}), InvalidArgument);
  CHECK_THROWS_AS(score.push(false), InvalidArgument);
  Column& count = table.add("count", ValueType::kLong);
  count.push(std::int64_t{1} << 40);
  CHECK(count.ints.back() == std::int64_t{1} << 40);
  CHECK_THROWS_AS(count.push(std::string("x")), InvalidArgument);
}

TEST_CASE("Table::add references survive further adds in ordinary tables") {
  Table table;
  Column* first = &table.add("c0", ValueType::kInt);
  for (int i = 1; i < 40; ++i) table.add("c" + std::to_string(i), ValueType::kInt);
  CHECK(first == &table.columns.front());
  first->push(std::int64_t{5});
  CHECK(table.columns.front().ints == std::vector<std::int64_t>{5});
}

TEST_CASE("GraphML of a small directed graph, byte for byte") {
  CHECK(graphml_of(small_citation_graph()) == kSmallGraphml);
}

TEST_CASE("GraphML of an empty graph and an undirected graph") {
  GraphTables empty;
  empty.directed = false;
  CHECK(graphml_of(empty) == R"xml(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <graph id="G" edgedefault="undirected">
  </graph>
</graphml>
)xml");

  GraphTables loop;
  loop.directed = false;
  loop.node_ids = {"7"};
  loop.edges = {{0, 0}};
  const std::string xml = graphml_of(loop);
  CHECK(xml.find("edgedefault=\"undirected\"") != std::string::npos);
  CHECK(xml.find("    <node id=\"7\"/>\n    <edge source=\"7\" target=\"7\"/>\n") !=
        std::string::npos);
}

TEST_CASE("GraphML text is escaped and made XML-1.0-safe") {
  CHECK(graphml_data_line("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&apos;e");
  // TAB and LF stay, CR is a character reference (a parser would turn a raw CR into LF).
  CHECK(graphml_data_line("x\ty\nz\r") == "x\ty\nz&#13;");
  // C0 controls other than TAB/LF/CR are not XML 1.0 characters.
  CHECK(graphml_data_line(std::string("a\x01"
                                      "b\x1F"
                                      "c\0d",
                                      7)) ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c\xEF\xBF\xBD"
        "d");
  // U+FFFE / U+FFFF are not XML characters either; well-formed UTF-8 passes unchanged.
  CHECK(graphml_data_line("\xEF\xBF\xBE\xEF\xBF\xBF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(graphml_data_line("Sj\xC3\xB6gren \xE2\x80\x93 \xF0\x9F\x98\x80") ==
        "Sj\xC3\xB6gren \xE2\x80\x93 \xF0\x9F\x98\x80");
  // Invalid UTF-8 (Latin-1 byte, lone surrogate, truncated sequence) becomes U+FFFD.
  CHECK(graphml_data_line("caf\xE9!") == "caf\xEF\xBF\xBD!");
  CHECK(graphml_data_line("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(graphml_data_line("end\xE2\x82") == "end\xEF\xBF\xBD");
  CHECK(graphml_data_line("").empty());
}

TEST_CASE("GraphML node ids are written as NMTOKENs, one to one") {
  GraphTables graph;
  graph.node_ids = {"11827993", "doi:10.1002/art.1", "key:lupus|2018|27 1053", "a_x002F_b",
                    "a/b",      "caf\xC3\xA9",       "\xF0\x9F\x98\x80",       "snake_case",
                    "__x"};
  const std::string xml = graphml_of(graph);
  CHECK(xml.find("<node id=\"11827993\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"doi:10.1002_x002F_art.1\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"key:lupus_x007C_2018_x007C_27_x0020_1053\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"a_x005F_x002F_b\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"a_x002F_b\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"caf_x00E9_\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"_x1F600_\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"snake_case\"/>") != std::string::npos);
  CHECK(xml.find("<node id=\"__x005F_x\"/>") != std::string::npos);
}

TEST_CASE("GraphML refuses keys Gephi misreads and bad tables") {
  for (const char* name : {"d3", "d7", "d0", "d12", "id"}) {
    INFO("key ", name);
    GraphTables graph;
    graph.node_ids = {"1"};
    graph.node_attributes.add(name, ValueType::kInt).push(std::int64_t{1});
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains(name), InvalidArgument);
    GraphTables edge_graph;
    edge_graph.node_ids = {"1"};
    edge_graph.edges = {{0, 0}};
    edge_graph.edge_attributes.add(name, ValueType::kInt).push(std::int64_t{1});
    CHECK_THROWS_WITH_AS(graphml_of(edge_graph), doctest::Contains(name), InvalidArgument);
  }
  // Close relatives are fine.
  for (const char* name : {"d", "dx3", "id2", "Id", "d3x"}) {
    INFO("key ", name);
    GraphTables graph;
    graph.node_ids = {"1"};
    graph.node_attributes.add(name, ValueType::kInt).push(std::int64_t{1});
    CHECK_NOTHROW(graphml_of(graph));
  }

  SUBCASE("a key name that is not an NMTOKEN") {
    GraphTables graph;
    graph.node_ids = {"1"};
    graph.node_attributes.add("page rank", ValueType::kDouble).push(0.5);
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("page rank"), InvalidArgument);
  }
  SUBCASE("the same name for a node and an edge key") {
    GraphTables graph = small_citation_graph();
    graph.edge_attributes.add("label", ValueType::kString);
    for (int e = 0; e < 4; ++e) graph.edge_attributes.columns.back().push("x");
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("'label'"), InvalidArgument);
  }
  SUBCASE("a duplicate column through the public vector") {
    GraphTables graph = small_citation_graph();
    graph.node_attributes.columns.push_back(graph.node_attributes.columns[1]);
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("'year'"), InvalidArgument);
  }
  SUBCASE("an edge endpoint out of range") {
    GraphTables graph = small_citation_graph();
    graph.edges[3].second = 4;
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("edge 3"), InvalidArgument);
  }
  SUBCASE("attribute rows that do not match the nodes or edges") {
    GraphTables graph = small_citation_graph();
    graph.node_ids.emplace_back("400");
    CHECK_THROWS_AS(graphml_of(graph), InvalidArgument);
    graph = small_citation_graph();
    graph.edges.emplace_back(0, 3);
    CHECK_THROWS_AS(graphml_of(graph), InvalidArgument);
  }
  SUBCASE("duplicate and empty node ids") {
    GraphTables graph;
    graph.node_ids = {"1", "2", "1"};
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("nodes 0 and 2"), InvalidArgument);
    // Distinct ids that write the same (both invalid UTF-8 bytes become U+FFFD).
    graph.node_ids = {"a\xFF", "b", "a\xFE"};
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("a_xFFFD_"), InvalidArgument);
    graph.node_ids = {"1", ""};
    CHECK_THROWS_WITH_AS(graphml_of(graph), doctest::Contains("node 1"), InvalidArgument);
  }
}

TEST_CASE("GraphML with every value type validates against the GraphML 1.0 XSD") {
  GraphTables graph = small_citation_graph();
  graph.node_ids[3] = "key:Rheumatology (Oxford)|2008|47|v18";
  graph.node_attributes.columns[0].strings[2] = "ctl\x01 <&> \"'\r\n\xFF\xEF\xBF\xBF";
  graph.node_attributes.columns[0].present[2] = 1;
  TempDir dir;
  const std::string path = dir.file("every_type.graphml");
  {
    AtomicFile file(path);
    write_graphml(file.stream(), graph);
    file.commit();
  }
  const std::string text = read_all(path);
  CHECK(text.find("attr.type=\"boolean\"") != std::string::npos);
  CHECK(text.find("attr.type=\"int\"") != std::string::npos);
  CHECK(text.find("attr.type=\"long\"") != std::string::npos);
  CHECK(text.find("attr.type=\"double\"") != std::string::npos);
  CHECK(text.find("attr.type=\"string\"") != std::string::npos);

  // The schema check is part of the contract: without xmllint (Debian libxml2-utils, installed by
  // scripts/install-deps.sh) the test fails instead of passing unchecked.
  REQUIRE_MESSAGE(fs::exists("/usr/bin/xmllint"),
                  "/usr/bin/xmllint is missing: install libxml2-utils (scripts/install-deps.sh)");
  const std::string schema = std::string(CITEGRAPH_TEST_DATA) + "/schemas/graphml/graphml.xsd";
  const std::string command = "/usr/bin/xmllint --noout --nonet --schema '" + schema + "' '" +
                              path + "' > '" + dir.file("xmllint.log") + "' 2>&1";
  const int status = std::system(command.c_str());
  INFO("xmllint says: ", read_all(dir.file("xmllint.log")));
  CHECK(status == 0);
}

TEST_CASE("CSV quoting, missing values and numbers") {
  Table table;
  table.add("Id", ValueType::kString);
  table.add("Label", ValueType::kString);
  table.add("year", ValueType::kInt);
  table.add("score", ValueType::kDouble);
  table.add("source", ValueType::kBoolean);
  table.add("cites", ValueType::kLong);
  auto& id = table.columns[0];
  auto& label = table.columns[1];
  auto& year = table.columns[2];
  auto& score = table.columns[3];
  auto& source = table.columns[4];
  auto& cites = table.columns[5];

  id.push("11827993");
  label.push("Smith, J");
  year.push(std::int64_t{2002});
  score.push(0.1);
  source.push(true);
  cites.push(std::int64_t{-5'000'000'000});

  id.push("doi:10.1/x");
  label.push("say \"hi\"");
  year.push_missing();
  score.push(kNaN);
  source.push(false);
  cites.push_missing();

  id.push("3");
  label.push("two\nlines\r");
  year.push(std::int64_t{-1});
  score.push(1e-12);
  source.push_missing();
  cites.push(std::int64_t{0});

  id.push("4");
  label.push("caf\xE9 \xC3\xA9 ok");
  year.push_missing();
  score.push(-0.0);
  source.push_missing();
  cites.push_missing();

  CHECK(csv_of(table) ==
        "Id,Label,year,score,source,cites\n"
        "11827993,\"Smith, J\",2002,0.1,true,-5000000000\n"
        "doi:10.1/x,\"say \"\"hi\"\"\",,,false,\n"
        "3,\"two\nlines\r\",-1,1e-12,,0\n"
        "4,caf\xEF\xBF\xBD \xC3\xA9 ok,,0,,\n");
}

TEST_CASE("CSV edge cases: empty table, header only, one column, awkward names") {
  Table none;
  CHECK(csv_of(none).empty());

  Table header_only;
  header_only.add("Source", ValueType::kString);
  header_only.add("Target", ValueType::kString);
  CHECK(csv_of(header_only) == "Source,Target\n");

  // A lone empty field is written "" so that the row is not a blank line.
  Table single;
  Column& value = single.add("value", ValueType::kString);
  value.push("a");
  value.push("");
  value.push_missing();
  CHECK(csv_of(single) == "value\na\n\"\"\n\"\"\n");

  Table named;
  named.add("a,b", ValueType::kInt).push(std::int64_t{1});
  named.add("q\"", ValueType::kInt).push(std::int64_t{2});
  CHECK(csv_of(named) == "\"a,b\",\"q\"\"\"\n1,2\n");

  Table ragged;
  ragged.add("a", ValueType::kInt).push(std::int64_t{1});
  ragged.add("b", ValueType::kInt);
  CHECK_THROWS_AS(csv_of(ragged), InvalidArgument);
}

TEST_CASE("CSV in batches: the header once, then rows only") {
  Table batch;
  Column& x = batch.add("x", ValueType::kInt);
  batch.add("y", ValueType::kString).push(std::string("a,b"));
  x.push(std::int64_t{1});
  std::ostringstream out;
  write_csv(out, batch);
  write_csv(out, batch, false);
  CHECK(out.str() == "x,y\n1,\"a,b\"\n1,\"a,b\"\n");
}

TEST_CASE("JSON document layout, golden") {
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_object();
  json.key("version").value("0.1.0");
  json.key("count").value(42);
  json.key("big").value(std::uint64_t{18446744073709551615ULL});
  json.key("negative").value(std::int64_t{-7});
  json.key("ratio").value(0.1);
  json.key("tiny").value(1e-12);
  json.key("zero").value(-0.0);
  json.key("nan").value(kNaN);
  json.key("inf").value(-kInf);
  json.key("strict").value(false);
  json.key("nothing").null();
  json.key("empty_object").begin_object().end_object();
  json.key("empty_array").begin_array().end_array();
  json.key("inputs").begin_array();
  json.begin_object().key("path").value("a.txt").key("records").value(3u).end_object();
  json.value(true);
  json.begin_array().value(1).value(2).end_array();
  json.end_array();
  json.end_object();
  json.finish();
  CHECK(out.str() == R"json({
  "version": "0.1.0",
  "count": 42,
  "big": 18446744073709551615,
  "negative": -7,
  "ratio": 0.1,
  "tiny": 1e-12,
  "zero": 0,
  "nan": null,
  "inf": null,
  "strict": false,
  "nothing": null,
  "empty_object": {},
  "empty_array": [],
  "inputs": [
    {
      "path": "a.txt",
      "records": 3
    },
    true,
    [
      1,
      2
    ]
  ]
}
)json");
}

TEST_CASE("JSON string escaping and scalar documents") {
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_array();
  json.value("quote \" backslash \\ slash /");
  json.value("\b\f\n\r\t");
  json.value(std::string("\x01\x1F\0", 3));
  json.value("caf\xC3\xA9 \xE2\x82\xAC");
  json.value("bad \xE9 \xED\xA0\x80");
  json.end_array();
  json.finish();
  CHECK(out.str() ==
        "[\n"
        "  \"quote \\\" backslash \\\\ slash /\",\n"
        "  \"\\b\\f\\n\\r\\t\",\n"
        "  \"\\u0001\\u001f\\u0000\",\n"
        "  \"caf\xC3\xA9 \xE2\x82\xAC\",\n"
        "  \"bad \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"\n"
        "]\n");

  std::ostringstream key_out;
  JsonWriter keyed(key_out);
  keyed.begin_object().key("a\"b\n").value(1).end_object().finish();
  CHECK(key_out.str() == "{\n  \"a\\\"b\\n\": 1\n}\n");

  std::ostringstream scalar;
  JsonWriter single(scalar);
  single.value(2.5).finish();
  CHECK(scalar.str() == "2.5\n");
}

TEST_CASE("JSON misuse is refused") {
  std::ostringstream out;
  SUBCASE("a value without a key in an object") {
    JsonWriter json(out);
    json.begin_object();
    CHECK_THROWS_AS(json.value(1), InvalidArgument);
  }
  SUBCASE("a key in an array or at the top level") {
    JsonWriter json(out);
    CHECK_THROWS_AS(json.key("k"), InvalidArgument);
    json.begin_array();
    CHECK_THROWS_AS(json.key("k"), InvalidArgument);
  }
  SUBCASE("two keys in a row, or a key left without a value") {
    JsonWriter json(out);
    json.begin_object().key("a");
    CHECK_THROWS_AS(json.key("b"), InvalidArgument);
    CHECK_THROWS_AS(json.end_object(), InvalidArgument);
  }
  SUBCASE("mismatched closing calls") {
    JsonWriter json(out);
    CHECK_THROWS_AS(json.end_object(), InvalidArgument);
    CHECK_THROWS_AS(json.end_array(), InvalidArgument);
    json.begin_object();
    CHECK_THROWS_AS(json.end_array(), InvalidArgument);
    json.end_object();
    CHECK_THROWS_AS(json.end_object(), InvalidArgument);
  }
  SUBCASE("unbalanced finish") {
    JsonWriter json(out);
    json.begin_object().key("a").begin_array();
    CHECK_THROWS_WITH_AS(json.finish(), doctest::Contains("2"), InvalidArgument);
  }
  SUBCASE("finish with nothing written, twice, and values after the document") {
    JsonWriter json(out);
    CHECK_THROWS_AS(json.finish(), InvalidArgument);
    json.begin_object().end_object();
    CHECK_THROWS_AS(json.value(1), InvalidArgument);  // a second top-level value
    json.finish();
    CHECK_THROWS_AS(json.finish(), InvalidArgument);
    CHECK_THROWS_AS(json.begin_array(), InvalidArgument);
    CHECK(out.str() == "{}\n");
  }
}

TEST_CASE("AtomicFile commits, aborts and refuses unwritable places") {
  TempDir dir;
  const std::string path = dir.file("out.csv");

  SUBCASE("commit writes the file and leaves no temporary") {
    {
      AtomicFile file(path);
      file.stream() << "first\n";
      CHECK(dir.entries().size() == 1);  // the temporary, hidden beside the target
      CHECK(dir.entries()[0].rfind(".out.csv.citegraph-tmp-" + std::to_string(::getpid()) + "-",
                                   0) == 0);
      file.commit();
      CHECK_THROWS_AS(file.commit(), IoError);
    }
    CHECK(read_all(path) == "first\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});

    // Replacing an existing file.
    AtomicFile again(path);
    again.stream() << "second\n";
    again.commit();
    CHECK(read_all(path) == "second\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  }

  SUBCASE("no commit keeps the previous content and removes the temporary") {
    { std::ofstream(path) << "previous\n"; }
    {
      AtomicFile file(path);
      file.stream() << "half written";
    }
    CHECK(read_all(path) == "previous\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});

    const std::string fresh = dir.file("never.csv");
    { AtomicFile file(fresh); }
    CHECK_FALSE(fs::exists(fresh));
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  }

  SUBCASE("a failed stream is refused at commit and the previous file kept") {
    { std::ofstream(path) << "previous\n"; }
    {
      AtomicFile file(path);
      file.stream() << "partial";
      file.stream().setstate(std::ios::badbit);
      try {
        file.commit();
        FAIL("commit() accepted a failed stream");
      } catch (const IoError& error) {
        CHECK(error.direction() == IoError::Direction::kOutput);
        CHECK(std::string(error.what()).rfind(path + ": cannot write: ", 0) == 0);
      }
    }
    CHECK(read_all(path) == "previous\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  }

  SUBCASE("a directory that is a regular file or does not exist") {
    { std::ofstream(dir.file("plain")) << "x"; }
    const std::string under_file = dir.file("plain") + "/out.csv";
    try {
      AtomicFile file(under_file);
      FAIL("AtomicFile accepted a path under a regular file");
    } catch (const IoError& error) {
      CHECK(error.direction() == IoError::Direction::kOutput);
      CHECK(std::string(error.what()) == under_file + ": cannot write: Not a directory");
    }
    const std::string missing = dir.file("missing") + "/out.csv";
    CHECK_THROWS_WITH_AS(AtomicFile{missing},
                         (missing + ": cannot write: No such file or directory").c_str(), IoError);
    CHECK_THROWS_AS(AtomicFile{dir.path() + "/"}, IoError);
  }

  SUBCASE("a bare file name goes to the current directory") {
    const fs::path previous = fs::current_path();
    fs::current_path(dir.path());
    {
      AtomicFile file("bare.txt");
      file.stream() << "bare";
      file.commit();
    }
    fs::current_path(previous);
    CHECK(read_all(dir.file("bare.txt")) == "bare");
  }
}

TEST_CASE("format_double: integral values take a fast path with the same bytes as to_chars") {
  // Below 1e5 the integer path is used; at and above it the shortest form may be scientific.
  for (int v = -100000; v <= 100000; ++v) {
    const double d = v;
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
    const std::string want = v == 0 ? "0" : std::string(buffer.data(), result.ptr);
    if (citegraph::io::format_double(d) != want) {
      CHECK(citegraph::io::format_double(d) == want);
      break;
    }
  }
  CHECK(citegraph::io::format_double(100000.0) == "1e+05");
  CHECK(citegraph::io::format_double(10000.0) == "10000");
  CHECK(citegraph::io::format_double(2.5) == "2.5");
  std::string out = "x";
  citegraph::io::append_csv_field(out, "a,b");
  citegraph::io::append_csv_field(out, "plain");
  CHECK(out == "x\"a,b\"plain");
}
