#include <algorithm>
#include <random>
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
  CHECK(in.offsets().values() == std::vector<std::uint64_t>{0, 1, 2, 4, 4});
  CHECK(std::vector<NodeId>(in.targets().begin(), in.targets().end()) ==
        std::vector<NodeId>{3, 0, 0, 1});
  // in-edge k is out-edge map[k]: (2 <- 0) is out-edge 1, (2 <- 1) is out-edge 2.
  CHECK(map == std::vector<std::uint64_t>{3, 0, 1, 2});
  Csr back = in.transpose();
  CHECK(back.offsets() == out.offsets());
  // Offsets are stored 32-bit below 2^32 edges: 4 bytes per entry.
  CHECK_FALSE(out.offsets().wide());
  CHECK(out.offsets().bytes() == 5 * sizeof(std::uint32_t));
  CHECK(in.offsets().lower_bound(2) == 2);
  CHECK(in.offsets().lower_bound(3) == 3);
  CHECK(in.offsets().lower_bound(5) == 5);
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

TEST_CASE("one corpus: 4 bytes per edge per direction plus 16 bytes per node") {
  // Offsets 32-bit (2 x 4), PMID 4, year 2, corpus-set index 1, flags 1; the edges all carry
  // the same corpora, so no byte per edge for them.
  const NodeId n = 20001;
  const citegraph::CitationGraph g = fan(n, std::vector<citegraph::CorpusSet>(n - 1, 1));
  CHECK_FALSE(g.out().offsets().wide());
  CHECK_FALSE(g.in().offsets().wide());
  const double m = static_cast<double>(g.num_edges());
  // One source's metadata, its row and the corpus-set table are the only other entries.
  const double budget = 2 * 4.0 * m + 16.0 * n + sizeof(citegraph::SourceMeta) + 64;
  CHECK(static_cast<double>(g.memory_bytes()) <= budget);
  for (std::uint64_t e = 0; e < g.num_edges(); e += 997) CHECK(g.edge_corpora(e) == 1u);
  CHECK(g.citation_corpora(0, 5) == 1u);
  CHECK(g.corpora(5) == 1u);
}

TEST_CASE("edges in different corpora keep a byte each; all in the same two share one") {
  // Edge corpora alternate {0}, {1}: a byte per edge.
  const NodeId n = 1001;
  std::vector<citegraph::CorpusSet> alternating;
  for (NodeId i = 1; i < n; ++i) alternating.push_back(i % 2 == 0 ? 1u : 2u);
  const citegraph::CitationGraph mixed = fan(n, alternating);
  for (std::uint64_t e = 0; e < mixed.num_edges(); ++e)
    CHECK(mixed.edge_corpora(e) == alternating[e]);
  // Every edge in both corpora: one shared index, the same answers.
  const citegraph::CitationGraph both = fan(n, std::vector<citegraph::CorpusSet>(n - 1, 3));
  for (std::uint64_t e = 0; e < both.num_edges(); ++e) CHECK(both.edge_corpora(e) == 3u);
  CHECK(mixed.memory_bytes() >= both.memory_bytes() + (n - 1));
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

TEST_CASE("the bucketed transpose on 1-4 threads equals the serial scatter, rows sorted") {
  std::mt19937_64 rng(20261126);
  // The last size gives each thread several 2^18-edge chunks to partition.
  for (const NodeId n : {NodeId{1}, NodeId{2}, NodeId{7}, NodeId{3000}, NodeId{40000}}) {
    CAPTURE(n);
    std::vector<std::uint64_t> offsets(n + 1, 0);
    std::vector<NodeId> targets;
    const std::size_t longest = n > 10000 ? 400 : 50;
    for (NodeId u = 0; u < n; ++u) {
      // Skewed out-degrees (most rows empty, a few long) so that thread ranges are uneven.
      const std::size_t k = rng() % 4 == 0 ? rng() % std::min<std::size_t>(n, longest) : 0;
      std::vector<NodeId> row;
      for (std::size_t i = 0; i < k; ++i) row.push_back(static_cast<NodeId>(rng() % n));
      std::sort(row.begin(), row.end());
      row.erase(std::unique(row.begin(), row.end()), row.end());
      targets.insert(targets.end(), row.begin(), row.end());
      offsets[u + 1] = targets.size();
    }
    // The same rows with 64-bit offsets (the form of graphs past 2^32 edges): same transposes.
    const Csr wide{citegraph::SharedArray<std::uint64_t>(offsets),
                   citegraph::SharedArray<NodeId>(targets)};
    const Csr csr(std::move(offsets), std::move(targets));
    CHECK_FALSE(csr.offsets().wide());
    CHECK(wide.offsets().wide());
    CHECK(wide.offsets() == csr.offsets());
    std::vector<std::uint64_t> map;  // asking for the edge map takes the serial scatter
    const Csr serial = csr.transpose(&map);
    const Csr wide_serial = wide.transpose(&map);
    CHECK(wide_serial.offsets().wide());
    CHECK(wide_serial.offsets() == serial.offsets());
    CHECK(std::ranges::equal(wide_serial.targets(), serial.targets()));
    for (NodeId v = 0; v < n; ++v) {
      CHECK(std::ranges::equal(wide.neighbors(v), csr.neighbors(v)));
      CHECK(wide.degree(v) == csr.degree(v));
    }
    for (const unsigned threads : {1u, 2u, 3u, 4u}) {
      CAPTURE(threads);
      const Csr parallel = csr.transpose(nullptr, threads);
      CHECK(parallel.offsets() == serial.offsets());
      CHECK(std::ranges::equal(parallel.targets(), serial.targets()));
      const Csr wide_parallel = wide.transpose(nullptr, threads);
      CHECK(wide_parallel.offsets().wide());
      CHECK(wide_parallel.offsets() == serial.offsets());
      CHECK(std::ranges::equal(wide_parallel.targets(), serial.targets()));
    }
  }
}

TEST_CASE("sources given by list length are sources with a plain reference list") {
  // Node 1 by SourceMeta, nodes 0 and 2 by (node, references listed): the same graph as all
  // three as SourceMeta.
  auto table = [](bool listed) {
    citegraph::NodeTable t;
    t.pmid = {1, 2, 3};
    t.year = {0, 0, 0};
    t.source_corpora = {1, 1, 1};
    citegraph::SourceMeta rich;
    rich.keywords = {"lupus"};
    t.sources.emplace_back(1, rich);
    for (const NodeId v : {NodeId{2}, NodeId{0}}) {
      if (listed) {
        t.listed_sources.emplace_back(v, 5 + v);
      } else {
        citegraph::SourceMeta plain;
        plain.has_reference_list = true;
        plain.references_listed = 5 + v;
        t.sources.emplace_back(v, plain);
      }
    }
    return t;
  };
  const Csr out({0, 1, 2, 2}, {1, 0});
  const citegraph::CitationGraph a(out, table(true), {1, 1}, {"A"});
  const citegraph::CitationGraph b(out, table(false), {1, 1}, {"A"});
  CHECK(std::ranges::equal(a.source_nodes(), std::vector<NodeId>{0, 1, 2}));
  CHECK(std::ranges::equal(a.source_nodes(), b.source_nodes()));
  for (const NodeId v : {NodeId{0}, NodeId{1}, NodeId{2}}) {
    CAPTURE(v);
    REQUIRE(a.source_meta(v) != nullptr);
    CHECK(a.source_meta(v)->has_reference_list == b.source_meta(v)->has_reference_list);
    CHECK(a.source_meta(v)->references_listed == b.source_meta(v)->references_listed);
    CHECK(a.source_meta(v)->keywords == b.source_meta(v)->keywords);
  }
  CHECK(a.source_meta(2)->references_listed == 7);
  CHECK(a.source_meta_rows() == b.source_meta_rows());
  // A node in both lists is refused.
  citegraph::NodeTable twice = table(true);
  twice.listed_sources.emplace_back(1, 3);
  CHECK_THROWS_AS(citegraph::CitationGraph(out, twice, {1, 1}, {"A"}), citegraph::InvalidArgument);
}

TEST_CASE("the bucketed transpose when a thread's row range is empty (the last row holds most)") {
  // Row 3 holds every edge: the second thread's range starts at row n and is empty.
  const Csr csr({0, 0, 0, 0, 3}, {0, 1, 2});
  for (const unsigned threads : {1u, 2u, 3u, 4u, 8u}) {
    CAPTURE(threads);
    const Csr in = csr.transpose(nullptr, threads);
    CHECK(in.offsets().values() == std::vector<std::uint64_t>{0, 1, 2, 3, 3});
    CHECK(std::vector<NodeId>(in.targets().begin(), in.targets().end()) ==
          std::vector<NodeId>{3, 3, 3});
  }
}
