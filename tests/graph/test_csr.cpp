#include <algorithm>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/citation_graph.hpp"

using citegraph::Csr;
using citegraph::NodeId;

TEST_CASE("Csr gives rows, degrees and a sorted transpose with an edge map") {
  // 0 -> 1, 0 -> 2, 1 -> 2, 3 -> 0
  Csr out({0, 2, 3, 3, 4}, {1, 2, 2, 0});
  CHECK(out.num_nodes() == 4);
  CHECK(out.num_edges() == 4);
  CHECK(out.degree(0) == 2);
  CHECK(out.degree(2) == 0);
  std::vector<std::uint64_t> map;
  Csr in = out.transpose(&map);
  CHECK(std::vector<std::uint64_t>(in.offsets().begin(), in.offsets().end()) ==
        std::vector<std::uint64_t>{0, 1, 2, 4, 4});
  CHECK(std::vector<NodeId>(in.targets().begin(), in.targets().end()) ==
        std::vector<NodeId>{3, 0, 0, 1});
  // in-edge k is out-edge map[k]: (2 <- 0) is out-edge 1, (2 <- 1) is out-edge 2.
  CHECK(map == std::vector<std::uint64_t>{3, 0, 1, 2});
  Csr back = in.transpose();
  CHECK(std::ranges::equal(back.offsets(), out.offsets()));
  CHECK(std::ranges::equal(back.targets(), out.targets()));
}

TEST_CASE("Csr of no nodes is valid") {
  Csr empty;
  CHECK(empty.num_nodes() == 0);
  CHECK(empty.num_edges() == 0);
  CHECK(empty.transpose().num_nodes() == 0);
}

TEST_CASE("Csr rejects inconsistent arrays") {
  CHECK_THROWS_AS(Csr({0, 2}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({1, 1}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({0, 1}, {5}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({0, 2, 1}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr(std::vector<std::uint64_t>{}, {}), citegraph::InvalidArgument);
}

namespace {
// A graph with nodes 0..n-1, node 0 citing every other node, edge i with corpus set sets[i].
citegraph::CitationGraph fan(NodeId n, const std::vector<citegraph::CorpusSet>& sets) {
  citegraph::NodeTable t;
  t.pmid.resize(n);
  t.year.assign(n, 0);
  t.source_corpora.assign(n, 0);
  for (NodeId v = 0; v < n; ++v) t.pmid[v] = v + 1;
  t.source_corpora[0] = 1;
  t.sources.emplace_back(0, citegraph::SourceMeta{});
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, n - 1);
  offsets[0] = 0;
  std::vector<NodeId> targets;
  for (NodeId v = 1; v < n; ++v) targets.push_back(v);
  return citegraph::CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(t), sets,
                                  {"only"});
}
}  // namespace

TEST_CASE("corpus sets beyond 254 distinct combinations are kept exactly") {
  const NodeId n = 401;
  std::vector<citegraph::CorpusSet> sets;
  for (NodeId i = 1; i < n; ++i) sets.push_back(citegraph::CorpusSet{i} * 0x9E3779B97F4A7C15ull);
  const citegraph::CitationGraph g = fan(n, sets);
  for (std::uint64_t e = 0; e < sets.size(); ++e) CHECK(g.edge_corpora(e) == sets[e]);
  CHECK(g.citation_corpora(0, 7) == sets[6]);
  CHECK(g.corpora(7) == sets[6]);
  CHECK(g.corpora(0) == 1u);
  CHECK(g.is_source(0));
  CHECK_FALSE(g.is_source(1));
  CHECK(g.source_meta(1) == nullptr);
}

TEST_CASE("the graph stores at most 4.5 bytes per edge per direction plus 24 bytes per node") {
  const NodeId n = 20001;
  const citegraph::CitationGraph g = fan(n, std::vector<citegraph::CorpusSet>(n - 1, 1));
  const double m = static_cast<double>(g.num_edges());
  // One source's metadata and the corpus-set table are the only other entries.
  const double budget = 2 * 4.5 * m + 24.0 * n + sizeof(citegraph::SourceMeta) + 64;
  CHECK(static_cast<double>(g.memory_bytes()) <= budget);
}

TEST_CASE("the graph refuses inconsistent node tables") {
  citegraph::NodeTable t;
  t.pmid = {1, 2};
  t.year = {0};
  t.source_corpora = {0, 0};
  CHECK_THROWS_AS(citegraph::CitationGraph(Csr({0, 0, 0}, {}), t, {}, {}),
                  citegraph::InvalidArgument);
  t.year = {0, 0};
  t.texts.emplace_back(5, citegraph::WorkText{});
  CHECK_THROWS_AS(citegraph::CitationGraph(Csr({0, 0, 0}, {}), t, {}, {}),
                  citegraph::InvalidArgument);
  t.texts.clear();
  t.year = {0, 40000};
  CHECK_THROWS_AS(citegraph::CitationGraph(Csr({0, 0, 0}, {}), t, {}, {}),
                  citegraph::InvalidArgument);
}
