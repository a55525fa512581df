// Centrality: golden values on tiny drawn graphs, properties on edge cases, parameter and input
// errors, thread-count independence, and agreement with Boost.Graph's Brandes betweenness on
// random graphs (seed from CITEGRAPH_TEST_SEED, default 20240601). Agreement with networkx is
// tests/analysis/networkx_agreement.py.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <doctest/doctest.h>

#include "citegraph/analysis/centrality.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace {

using citegraph::CentralityParams;
using citegraph::CitationGraph;
using citegraph::NodeId;
using citegraph::WeightedEdge;
using Edges = std::vector<std::pair<NodeId, NodeId>>;

CitationGraph make_graph(NodeId n, Edges edges) {
  return citegraph::test::citation_graph(n, std::move(edges));
}

std::uint32_t test_seed() {
  const char* text = std::getenv("CITEGRAPH_TEST_SEED");
  return text != nullptr ? static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10)) : 20240601u;
}

Edges random_edges(NodeId n, std::size_t m, std::mt19937& rng) {
  std::uniform_int_distribution<NodeId> pick(0, n - 1);
  Edges edges;
  while (edges.size() < m) {
    const NodeId u = pick(rng);
    const NodeId v = pick(rng);
    if (u != v) edges.emplace_back(u, v);
  }
  return edges;
}

std::vector<WeightedEdge> random_weighted(NodeId n, std::size_t m, std::mt19937& rng,
                                          const std::vector<double>& weights) {
  std::uniform_int_distribution<NodeId> pick(0, n - 1);
  std::uniform_int_distribution<std::size_t> pick_weight(0, weights.size() - 1);
  std::vector<std::pair<NodeId, NodeId>> seen;
  std::vector<WeightedEdge> edges;
  while (edges.size() < m) {
    NodeId a = pick(rng);
    NodeId b = pick(rng);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (std::find(seen.begin(), seen.end(), std::make_pair(a, b)) != seen.end()) continue;
    seen.emplace_back(a, b);
    edges.push_back({a, b, weights[pick_weight(rng)]});
  }
  return edges;
}

double sum(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0); }

CentralityParams exact_params() {
  CentralityParams p;
  p.tolerance = 1e-14;
  p.max_iterations = 10000;
  return p;
}

}  // namespace

TEST_CASE("centrality: a 3-cycle is symmetric") {
  const CitationGraph g = make_graph(3, {{0, 1}, {1, 2}, {2, 0}});
  const auto c = citegraph::citation_centrality(g, exact_params());
  for (NodeId v = 0; v < 3; ++v) {
    CHECK(c.in_degree[v] == 1);
    CHECK(c.out_degree[v] == 1);
    CHECK(c.pagerank[v] == doctest::Approx(1.0 / 3).epsilon(1e-12));
    CHECK(c.hub[v] == doctest::Approx(1.0 / 3).epsilon(1e-12));
    CHECK(c.authority[v] == doctest::Approx(1.0 / 3).epsilon(1e-12));
    // Each node is the middle of exactly one ordered pair: 0->1->2, 1->2->0, 2->0->1.
    CHECK(c.betweenness[v] == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(c.harmonic[v] == doctest::Approx(1.5).epsilon(1e-14));  // 1/1 + 1/2
  }
  CHECK(c.pagerank_report.converged);
  CHECK(c.pagerank_report.iterations >= 1);
  CHECK(c.pagerank_report.residual < 1e-14);
  CHECK(c.hits_report.converged);
  CHECK(c.betweenness_report.exact);
  CHECK(c.betweenness_report.pivots == 3);
  CHECK(c.betweenness_error.empty());
}

TEST_CASE("centrality: a review citing k works ranks every cited work the same") {
  // Node 0 cites 1..4. Solving the PageRank equations by hand (d = 0.85, n = 5, works 1..4
  // dangling): p_cited = 97/468, p_review = 20/117.
  const CitationGraph g = make_graph(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
  const auto c = citegraph::citation_centrality(g, exact_params());
  CHECK(c.out_degree[0] == 4);
  CHECK(c.in_degree[0] == 0);
  CHECK(c.pagerank[0] == doctest::Approx(20.0 / 117).epsilon(1e-12));
  for (NodeId v = 1; v < 5; ++v) {
    CHECK(c.in_degree[v] == c.in_degree[1]);
    CHECK(c.pagerank[v] == c.pagerank[1]);  // identical, not merely close
    CHECK(c.pagerank[v] == doctest::Approx(97.0 / 468).epsilon(1e-12));
    CHECK(c.authority[v] == doctest::Approx(0.25).epsilon(1e-14));
    CHECK(c.hub[v] == 0.0);
    CHECK(c.harmonic[v] == 1.0);  // reached from the review in one step
    CHECK(c.betweenness[v] == 0.0);
  }
  CHECK(c.hub[0] == doctest::Approx(1.0).epsilon(1e-14));  // the review is the hub
  CHECK(c.authority[0] == 0.0);
  CHECK(c.harmonic[0] == 0.0);  // nothing reaches it
  CHECK(sum(c.pagerank) == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("centrality: a directed path") {
  // 0 -> 1 -> 2 -> 3. With t = 1 / (4 + 3d + 2d^2 + d^3), p_i = t (1 + d + ... + d^i).
  const CitationGraph g = make_graph(4, {{0, 1}, {1, 2}, {2, 3}});
  auto params = exact_params();
  const auto c = citegraph::citation_centrality(g, params);
  const double d = 0.85;
  const double t = 1.0 / (4 + 3 * d + 2 * d * d + d * d * d);
  CHECK(c.pagerank[0] == doctest::Approx(t).epsilon(1e-12));
  CHECK(c.pagerank[1] == doctest::Approx(t * (1 + d)).epsilon(1e-12));
  CHECK(c.pagerank[2] == doctest::Approx(t * (1 + d + d * d)).epsilon(1e-12));
  CHECK(c.pagerank[3] == doctest::Approx(t * (1 + d + d * d + d * d * d)).epsilon(1e-12));
  // A^T A = diag(0, 1, 1, 1): the power iteration from the uniform start lands on the uniform
  // vector over the cited (authorities) and the citing (hubs).
  const std::vector<double> hub{1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0};
  const std::vector<double> authority{0.0, 1.0 / 3, 1.0 / 3, 1.0 / 3};
  for (NodeId v = 0; v < 4; ++v) {
    CHECK(c.hub[v] == doctest::Approx(hub[v]).epsilon(1e-14));
    CHECK(c.authority[v] == doctest::Approx(authority[v]).epsilon(1e-14));
  }
  const std::vector<double> between{0, 2, 2, 0};
  const std::vector<double> harmonic{0, 1, 1.5, 1 + 0.5 + 1.0 / 3};
  for (NodeId v = 0; v < 4; ++v) {
    CHECK(c.betweenness[v] == doctest::Approx(between[v]).epsilon(1e-14));
    CHECK(c.harmonic[v] == doctest::Approx(harmonic[v]).epsilon(1e-14));
  }
  params.normalized_betweenness = true;  // / ((n-1)(n-2)) = / 6
  const auto normalized = citegraph::citation_centrality(g, params);
  CHECK(normalized.betweenness[1] == doctest::Approx(1.0 / 3).epsilon(1e-14));
  CHECK(normalized.betweenness[2] == doctest::Approx(1.0 / 3).epsilon(1e-14));
  CHECK(normalized.betweenness[0] == 0.0);
}

TEST_CASE("centrality: betweenness and harmonic closeness of a small DAG") {
  // 0 -> {1, 2} -> 3 -> 4. Pairs through the middle: (0,3) splits 1/2 over 1 and 2; (0,4)
  // splits 1/2 over 1 and 2 and passes 3; (1,4) and (2,4) pass 3.
  const CitationGraph g = make_graph(5, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}});
  const auto c = citegraph::citation_centrality(g, exact_params());
  const std::vector<double> between{0, 1, 1, 3, 0};
  const std::vector<double> harmonic{0, 1, 1, 2.5, 1 + 1 + 1.0 / 3};
  for (NodeId v = 0; v < 5; ++v) {
    CHECK(c.betweenness[v] == doctest::Approx(between[v]).epsilon(1e-14));
    CHECK(c.harmonic[v] == doctest::Approx(harmonic[v]).epsilon(1e-14));
  }
  CHECK(c.pagerank[1] == c.pagerank[2]);
  CHECK(sum(c.pagerank) == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("centrality: empty and one-node graphs") {
  const auto empty = citegraph::citation_centrality(make_graph(0, {}), CentralityParams{});
  CHECK(empty.pagerank.empty());
  CHECK(empty.hub.empty());
  CHECK(empty.betweenness.empty());
  CHECK(empty.harmonic.empty());
  CHECK(empty.pagerank_report.converged);
  CHECK(empty.pagerank_report.iterations == 0);

  const auto one = citegraph::citation_centrality(make_graph(1, {}), CentralityParams{});
  CHECK(one.pagerank == std::vector<double>{1.0});
  CHECK(one.hub == std::vector<double>{1.0});
  CHECK(one.authority == std::vector<double>{1.0});
  CHECK(one.betweenness == std::vector<double>{0.0});
  CHECK(one.harmonic == std::vector<double>{0.0});
  const auto loop = citegraph::citation_centrality(make_graph(1, {{0, 0}}), CentralityParams{});
  CHECK(loop.pagerank == std::vector<double>{1.0});
  CHECK(loop.in_degree == std::vector<std::uint64_t>{1});

  const auto co_empty = citegraph::cocitation_centrality(0, {}, CentralityParams{});
  CHECK(co_empty.eigenvector.empty());
  CHECK(co_empty.strength.empty());
  const auto co_one = citegraph::cocitation_centrality(1, {}, CentralityParams{});
  CHECK(co_one.eigenvector == std::vector<double>{1.0});
  CHECK(co_one.betweenness == std::vector<double>{0.0});
  CHECK(co_one.strength == std::vector<double>{0.0});
}

TEST_CASE("centrality: graphs without edges and disconnected graphs") {
  const auto bare = citegraph::citation_centrality(make_graph(4, {}), exact_params());
  for (NodeId v = 0; v < 4; ++v) {
    CHECK(bare.pagerank[v] == doctest::Approx(0.25).epsilon(1e-14));
    CHECK(bare.hub[v] == 0.25);
    CHECK(bare.authority[v] == 0.25);
    CHECK(bare.betweenness[v] == 0.0);
    CHECK(bare.harmonic[v] == 0.0);
  }
  // Two disjoint 3-cycles and two isolated works.
  const CitationGraph g = make_graph(8, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}});
  const auto c = citegraph::citation_centrality(g, exact_params());
  CHECK(sum(c.pagerank) == doctest::Approx(1.0).epsilon(1e-14));
  for (NodeId v = 0; v < 6; ++v) {
    CHECK(c.pagerank[v] == doctest::Approx(c.pagerank[0]).epsilon(1e-12));
    CHECK(c.betweenness[v] == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(c.harmonic[v] == doctest::Approx(1.5).epsilon(1e-14));
  }
  // An isolated work is dangling: it receives teleport and the dangling share only.
  CHECK(c.pagerank[6] < c.pagerank[0]);
  CHECK(c.pagerank[6] == c.pagerank[7]);
  CHECK(c.harmonic[6] == 0.0);
  CHECK(sum(c.hub) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(sum(c.authority) == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("centrality: co-citation golden values") {
  SUBCASE("a weighted detour is shorter than a weak direct link") {
    // 0 -4- 1 -4- 2 and 0 -1- 2: lengths 1/4 + 1/4 < 1, so 1 lies between 0 and 2 when
    // weighted, and on no shortest path when hops are counted.
    const std::vector<WeightedEdge> edges{{0, 1, 4.0}, {1, 2, 4.0}, {2, 0, 1.0}};
    CentralityParams params = exact_params();
    const auto weighted = citegraph::cocitation_centrality(3, edges, params);
    CHECK(weighted.betweenness == std::vector<double>{0.0, 1.0, 0.0});
    CHECK(weighted.strength == std::vector<double>{5.0, 8.0, 5.0});
    CHECK(weighted.weighted_betweenness);
    params.weighted_betweenness = false;
    const auto hops = citegraph::cocitation_centrality(3, edges, params);
    CHECK(hops.betweenness == std::vector<double>{0.0, 0.0, 0.0});
    CHECK_FALSE(hops.weighted_betweenness);
    params.weighted_betweenness = true;
    // Normalised: 1 pair out of (n-1)(n-2)/2 = 1 possible, as networkx.
    params.normalized_betweenness = true;
    const auto normalized = citegraph::cocitation_centrality(3, edges, params);
    CHECK(normalized.betweenness[1] == doctest::Approx(1.0).epsilon(1e-14));
  }
  SUBCASE("a square splits every opposite pair over two paths") {
    const std::vector<WeightedEdge> edges{{0, 1, 2.0}, {1, 2, 2.0}, {2, 3, 2.0}, {3, 0, 2.0}};
    const auto c = citegraph::cocitation_centrality(4, edges, exact_params());
    for (NodeId v = 0; v < 4; ++v) {
      CHECK(c.betweenness[v] == doctest::Approx(0.5).epsilon(1e-14));
      CHECK(c.eigenvector[v] == doctest::Approx(0.5).epsilon(1e-12));
    }
    CHECK(c.eigenvalue == doctest::Approx(4.0).epsilon(1e-12));
  }
  SUBCASE("eigenvector of a path: (1, sqrt 2, 1) / 2 with eigenvalue sqrt 2") {
    const std::vector<WeightedEdge> edges{{1, 0, 1.0}, {1, 2, 1.0}};
    const auto c = citegraph::cocitation_centrality(3, edges, exact_params());
    CHECK(c.eigenvector[0] == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(c.eigenvector[1] == doctest::Approx(std::sqrt(0.5)).epsilon(1e-12));
    CHECK(c.eigenvector[2] == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(c.eigenvalue == doctest::Approx(std::sqrt(2.0)).epsilon(1e-12));
    CHECK(c.eigenvector_report.converged);
    CHECK(c.betweenness[1] == 1.0);
  }
  SUBCASE("isolated works decay to 0 and the edge order does not matter") {
    const std::vector<WeightedEdge> edges{{0, 1, 3.0}, {2, 1, 1.0}, {0, 2, 2.0}};
    const std::vector<WeightedEdge> shuffled{{2, 0, 2.0}, {1, 0, 3.0}, {1, 2, 1.0}};
    const auto c = citegraph::cocitation_centrality(5, edges, exact_params());
    const auto d = citegraph::cocitation_centrality(5, shuffled, exact_params());
    CHECK(c.eigenvector == d.eigenvector);
    CHECK(c.betweenness == d.betweenness);
    CHECK(c.strength == d.strength);
    CHECK(c.eigenvector[3] < 1e-12);
    CHECK(c.eigenvector[4] == c.eigenvector[3]);
    double norm = 0.0;
    for (const double x : c.eigenvector) norm += x * x;
    CHECK(norm == doctest::Approx(1.0).epsilon(1e-14));
  }
}

TEST_CASE("centrality: parameters are checked and named") {
  const CitationGraph g = make_graph(2, {{0, 1}});
  auto expect_rejected = [&](CentralityParams p, const std::string& name) {
    CHECK_THROWS_AS(p.validate(), citegraph::InvalidArgument);
    CHECK_THROWS_WITH_AS((void)citegraph::citation_centrality(g, p),
                         doctest::Contains(name.c_str()), citegraph::InvalidArgument);
    CHECK_THROWS_AS((void)citegraph::cocitation_centrality(2, {}, p), citegraph::InvalidArgument);
  };
  CentralityParams p;
  CHECK_NOTHROW(p.validate());
  p.damping = 1.0;
  expect_rejected(p, "damping");
  p.damping = -0.1;
  expect_rejected(p, "damping");
  p.damping = std::nan("");
  expect_rejected(p, "damping");
  p = {};
  p.tolerance = 0.0;
  expect_rejected(p, "tolerance");
  p.tolerance = INFINITY;
  expect_rejected(p, "tolerance");
  p = {};
  p.max_iterations = 0;
  expect_rejected(p, "max_iterations");
  p = {};
  p.betweenness_samples = 1;
  expect_rejected(p, "betweenness_samples");
  p = {};
  p.closeness_samples = 0;
  expect_rejected(p, "closeness_samples");
  p = {};
  p.threads = 100000;
  expect_rejected(p, "threads");
  p = {};
  p.damping = 0.0;  // a valid extreme: pure teleport
  const auto c = citegraph::citation_centrality(g, p);
  CHECK(c.pagerank[0] == doctest::Approx(0.5));
}

TEST_CASE("centrality: bad co-citation edges are rejected") {
  const CentralityParams p;
  auto rejected = [&](std::vector<WeightedEdge> edges, const char* what) {
    CHECK_THROWS_WITH_AS((void)citegraph::cocitation_centrality(3, edges, p),
                         doctest::Contains(what), citegraph::InvalidArgument);
  };
  rejected({{0, 3, 1.0}}, "out of range");
  rejected({{1, 1, 1.0}}, "itself");
  rejected({{0, 1, 0.0}}, "weight");
  rejected({{0, 1, -2.0}}, "weight");
  rejected({{0, 1, std::nan("")}}, "weight");
  rejected({{0, 1, INFINITY}}, "weight");
  rejected({{0, 1, 1.0}, {1, 0, 2.0}}, "more than once");
}

TEST_CASE("centrality: iteration limits are reported, not thrown") {
  const CitationGraph g = make_graph(4, {{0, 1}, {1, 2}, {2, 0}, {3, 0}});
  CentralityParams p;
  p.max_iterations = 2;
  const auto c = citegraph::citation_centrality(g, p);
  CHECK_FALSE(c.pagerank_report.converged);
  CHECK(c.pagerank_report.iterations == 2);
  CHECK(c.pagerank_report.residual > p.tolerance);
  CHECK(sum(c.pagerank) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(c.hits_report.iterations <= 2);
}

TEST_CASE("centrality: results do not depend on the thread count") {
  std::mt19937 rng(test_seed());
  // Several PageRank row blocks, sampled betweenness/closeness on the large graph; exact ones on
  // the small graph, where the sources are split into many blocks.
  struct Case {
    NodeId n;
    std::size_t m;
    std::uint32_t limit;
  };
  for (const Case& test : {Case{6000, 24000, 100}, Case{300, 1200, 20000}}) {
    const NodeId n = test.n;
    const std::size_t m = test.m;
    const std::uint32_t limit = test.limit;
    CAPTURE(n);
    const CitationGraph g = make_graph(n, random_edges(n, m, rng));
    CentralityParams p;
    p.exact_betweenness_limit = limit;
    p.exact_closeness_limit = limit;
    p.betweenness_samples = 40;
    p.closeness_samples = 40;
    p.threads = 1;
    const auto one = citegraph::citation_centrality(g, p);
    p.threads = 2;
    const auto two = citegraph::citation_centrality(g, p);
    p.threads = 3;
    const auto three = citegraph::citation_centrality(g, p);
    for (const auto* other : {&two, &three}) {
      CHECK(one.pagerank == other->pagerank);
      CHECK(one.pagerank_report.iterations == other->pagerank_report.iterations);
      CHECK(one.hub == other->hub);
      CHECK(one.authority == other->authority);
      CHECK(one.betweenness == other->betweenness);
      CHECK(one.betweenness_error == other->betweenness_error);
      CHECK(one.harmonic == other->harmonic);
      CHECK(one.harmonic_error == other->harmonic_error);
    }
    CHECK(one.betweenness_report.exact == (n <= limit));
    const std::vector<WeightedEdge> co = random_weighted(n / 3, m / 6, rng, {1.0, 2.0, 3.0, 5.0});
    p.threads = 1;
    const auto co_one = citegraph::cocitation_centrality(n / 3, co, p);
    p.threads = 2;
    const auto co_two = citegraph::cocitation_centrality(n / 3, co, p);
    CHECK(co_one.betweenness == co_two.betweenness);
    CHECK(co_one.eigenvector == co_two.eigenvector);
  }
}

TEST_CASE("centrality: the same scores over 64-bit CSR offsets as over 32-bit ones") {
  // PageRank and HITS read the offsets as stored (a kernel per width); the rest through
  // OffsetView. Graphs past 2^32 citations keep 64-bit offsets: the same figures, bit for bit.
  std::mt19937 rng(test_seed());
  const NodeId n = 3000;
  const Edges edges = random_edges(n, 12000, rng);
  const CitationGraph narrow = citegraph::test::citation_graph(n, edges);
  const CitationGraph wide = citegraph::test::citation_graph(n, edges, true);
  REQUIRE_FALSE(narrow.out().offsets().wide());
  REQUIRE(wide.out().offsets().wide());
  REQUIRE(wide.in().offsets().wide());
  CentralityParams p;
  p.betweenness_samples = 40;
  p.closeness_samples = 40;
  p.exact_betweenness_limit = 100;
  p.exact_closeness_limit = 100;
  p.threads = 2;
  const auto a = citegraph::citation_centrality(narrow, p);
  const auto b = citegraph::citation_centrality(wide, p);
  CHECK(a.pagerank == b.pagerank);
  CHECK(a.hub == b.hub);
  CHECK(a.authority == b.authority);
  CHECK(a.betweenness == b.betweenness);
  CHECK(a.harmonic == b.harmonic);
  CHECK(a.in_degree == b.in_degree);
}

TEST_CASE("centrality: the exact/sampled rule weighs arcs, not only nodes") {
  // 60 works all co-cited with each other: 1,770 links, 3,540 arcs. Under a limit of 100 nodes
  // the node count alone would say exact; the work 60 * (60 + 3540) = 216,000 is above that of
  // 100 nodes with 10 arcs each (110,000), so the pivots are sampled.
  std::vector<WeightedEdge> dense;
  for (NodeId a = 0; a < 60; ++a) {
    for (NodeId b = a + 1; b < 60; ++b) dense.push_back(WeightedEdge{a, b, 1.0 + (a + b) % 3});
  }
  CentralityParams p;
  p.exact_betweenness_limit = 100;
  p.betweenness_samples = 20;
  const auto sampled = citegraph::cocitation_centrality(60, dense, p);
  CHECK_FALSE(sampled.betweenness_report.exact);
  CHECK(sampled.betweenness_report.pivots == 20);
  CHECK(sampled.betweenness_error.size() == 60);
  // The same nodes with a sparse ring (120 arcs): 60 * 180 = 10,800 -- exact.
  std::vector<WeightedEdge> ring;
  for (NodeId a = 0; a < 60; ++a) ring.push_back(WeightedEdge{a, (a + 1) % 60, 1.0});
  const auto exact = citegraph::cocitation_centrality(60, ring, p);
  CHECK(exact.betweenness_report.exact);
  CHECK(exact.betweenness_report.pivots == 60);
  // A limit high enough for the dense work makes it exact again.
  p.exact_betweenness_limit = 200;  // 11 * 200^2 = 440,000 >= 216,000
  CHECK(citegraph::cocitation_centrality(60, dense, p).betweenness_report.exact);
}

TEST_CASE("centrality: sampled betweenness and closeness estimate the exact values") {
  std::mt19937 rng(test_seed() + 1);
  const NodeId n = 400;
  const CitationGraph g = make_graph(n, random_edges(n, 1600, rng));
  CentralityParams p;
  const auto exact = citegraph::citation_centrality(g, p);
  p.exact_betweenness_limit = 100;
  p.exact_closeness_limit = 100;
  p.betweenness_samples = 200;
  p.closeness_samples = 200;
  p.seed = 7;
  const auto sampled = citegraph::citation_centrality(g, p);
  CHECK_FALSE(sampled.betweenness_report.exact);
  CHECK(sampled.betweenness_report.pivots == 200);
  CHECK(sampled.betweenness_report.seed == 7);
  CHECK_FALSE(sampled.harmonic_report.exact);
  REQUIRE(sampled.betweenness_error.size() == n);
  REQUIRE(sampled.harmonic_error.size() == n);
  // The estimates are unbiased: the totals are close. The standard error comes from the sample
  // variance of heavy-tailed per-pivot contributions (a few pivots route everything through a
  // node), so it understates the error of some nodes: most, not all, lie within 3 of them.
  const double exact_between = sum(exact.betweenness);
  const double exact_harmonic = sum(exact.harmonic);
  CHECK(std::fabs(sum(sampled.betweenness) - exact_between) < 0.05 * exact_between);
  CHECK(std::fabs(sum(sampled.harmonic) - exact_harmonic) < 0.05 * exact_harmonic);
  std::size_t between_within = 0;
  std::size_t harmonic_within = 0;
  for (NodeId v = 0; v < n; ++v) {
    const double b = std::fabs(sampled.betweenness[v] - exact.betweenness[v]);
    between_within += b <= 3 * sampled.betweenness_error[v] + 1e-9 ? 1 : 0;
    const double h = std::fabs(sampled.harmonic[v] - exact.harmonic[v]);
    harmonic_within += h <= 3 * sampled.harmonic_error[v] + 1e-9 ? 1 : 0;
  }
  CHECK(between_within >= n * 8 / 10);
  CHECK(harmonic_within >= n * 8 / 10);
  // The same seed draws the same pivots; another seed others.
  const auto again = citegraph::citation_centrality(g, p);
  CHECK(again.betweenness == sampled.betweenness);
  p.seed = 8;
  const auto other = citegraph::citation_centrality(g, p);
  CHECK(other.betweenness != sampled.betweenness);
  // Asking for at least n pivots is the exact computation.
  p.betweenness_samples = n;
  const auto all = citegraph::citation_centrality(g, p);
  CHECK(all.betweenness_report.exact);
  CHECK(all.betweenness == exact.betweenness);
}

TEST_CASE("centrality: betweenness agrees with Boost.Graph's Brandes on random graphs") {
  std::mt19937 rng(test_seed() + 2);
  SUBCASE("directed, unweighted") {
    using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    const NodeId n = 120;
    Edges edges = random_edges(n, 400, rng);
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    BoostGraph bg(n);
    for (const auto& [u, v] : edges) boost::add_edge(u, v, bg);
    std::vector<double> expected(n);
    boost::brandes_betweenness_centrality(
        bg, boost::centrality_map(boost::make_iterator_property_map(
                expected.begin(), boost::get(boost::vertex_index, bg))));
    const auto c = citegraph::citation_centrality(make_graph(n, edges), CentralityParams{});
    for (NodeId v = 0; v < n; ++v) {
      CHECK(c.betweenness[v] == doctest::Approx(expected[v]).epsilon(1e-10));
    }
  }
  SUBCASE("undirected, weighted") {
    // Weights 1, 2, 4 give lengths that are sums of powers of two: ties are exact.
    using BoostGraph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                              boost::property<boost::edge_weight_t, double>>;
    const NodeId n = 100;
    const auto edges = random_weighted(n, 300, rng, {1.0, 2.0, 4.0});
    BoostGraph bg(n);
    for (const WeightedEdge& e : edges) boost::add_edge(e.a, e.b, 1.0 / e.weight, bg);
    std::vector<double> expected(n);
    boost::brandes_betweenness_centrality(
        bg, boost::centrality_map(boost::make_iterator_property_map(
                                      expected.begin(), boost::get(boost::vertex_index, bg)))
                .weight_map(boost::get(boost::edge_weight, bg)));
    const auto c = citegraph::cocitation_centrality(n, edges, CentralityParams{});
    double total = 0.0;
    for (NodeId v = 0; v < n; ++v) {
      // Boost, like us, counts each unordered pair once on an undirected graph.
      CHECK(c.betweenness[v] == doctest::Approx(expected[v]).epsilon(1e-10));
      total += c.betweenness[v];
    }
    CHECK(total > 0.0);
  }
}

TEST_CASE("centrality: pagerank() and betweenness() alone equal citation_centrality's") {
  std::mt19937_64 rng(7);
  for (const NodeId n : {0u, 1u, 2u, 40u, 300u}) {
    Edges edges;
    std::uniform_int_distribution<NodeId> pick(0, n == 0 ? 0 : n - 1);
    for (NodeId k = 0; n > 1 && k < 4 * n; ++k) {
      const NodeId u = pick(rng);
      const NodeId v = pick(rng);
      if (u != v) edges.emplace_back(u, v);
    }
    const CitationGraph g = make_graph(n, edges);
    for (const std::uint32_t limit : {100000u, 10u}) {  // exact, then sampled
      CentralityParams params;
      params.exact_betweenness_limit = limit;
      params.betweenness_samples = 8;
      params.threads = 2;
      const citegraph::CitationCentrality all = citation_centrality(g, params);
      const citegraph::PageRankResult pr = citegraph::pagerank(g, params);
      const citegraph::BetweennessResult bc = citegraph::betweenness(g, params);
      CHECK(pr.scores == all.pagerank);
      CHECK(pr.report.iterations == all.pagerank_report.iterations);
      CHECK(bc.scores == all.betweenness);
      CHECK(bc.error == all.betweenness_error);
      CHECK(bc.report.exact == all.betweenness_report.exact);
      CHECK(bc.report.pivots == all.betweenness_report.pivots);
    }
  }
}

TEST_CASE("centrality: --measures names, lists and errors") {
  using citegraph::Measure;
  using citegraph::Measures;
  CHECK(citegraph::parse_measures("all") == Measures::all());
  const Measures two = citegraph::parse_measures(" pagerank , betweenness");
  CHECK(two.has(Measure::kPageRank));
  CHECK(two.has(Measure::kBetweenness));
  CHECK_FALSE(two.has(Measure::kDegree));
  CHECK(citegraph::measure_list(two) == "pagerank,betweenness");
  CHECK(citegraph::measure_list(Measures::all()) ==
        "degree,pagerank,hits,eigenvector,betweenness,harmonic");
  CHECK(citegraph::measure_list(Measures::none()).empty());
  CHECK_THROWS_AS((void)citegraph::parse_measures("pagerank,closeness"),
                  citegraph::InvalidArgument);
  CHECK_THROWS_AS((void)citegraph::parse_measures("pagerank,"), citegraph::InvalidArgument);
  CHECK_THROWS_AS((void)citegraph::parse_measures(""), citegraph::InvalidArgument);
}

TEST_CASE("centrality: a measure left out is empty, the others are those of the full run") {
  using citegraph::Measure;
  using citegraph::Measures;
  std::mt19937 rng(test_seed());
  const CitationGraph g = make_graph(60, random_edges(60, 240, rng));
  const CentralityParams all = exact_params();
  const citegraph::CitationCentrality full = citegraph::citation_centrality(g, all);
  for (const Measure m : citegraph::kAllMeasures) {
    CAPTURE(citegraph::measure_name(m));
    CentralityParams one = all;
    one.measures = Measures::none().add(m);
    const citegraph::CitationCentrality c = citegraph::citation_centrality(g, one);
    CHECK(c.in_degree == (m == Measure::kDegree ? full.in_degree : decltype(c.in_degree){}));
    CHECK(c.out_degree == (m == Measure::kDegree ? full.out_degree : decltype(c.in_degree){}));
    CHECK(c.pagerank == (m == Measure::kPageRank ? full.pagerank : std::vector<double>{}));
    CHECK(c.hub == (m == Measure::kHits ? full.hub : std::vector<double>{}));
    CHECK(c.authority == (m == Measure::kHits ? full.authority : std::vector<double>{}));
    CHECK(c.betweenness == (m == Measure::kBetweenness ? full.betweenness : std::vector<double>{}));
    CHECK(c.harmonic == (m == Measure::kHarmonic ? full.harmonic : std::vector<double>{}));
  }
  const std::vector<WeightedEdge> edges = random_weighted(40, 120, rng, {1.0, 2.0, 0.5});
  const citegraph::CocitationCentrality cofull = citegraph::cocitation_centrality(40, edges, all);
  for (const Measure m : {Measure::kDegree, Measure::kEigenvector, Measure::kBetweenness}) {
    CAPTURE(citegraph::measure_name(m));
    CentralityParams one = all;
    one.measures = Measures::none().add(m);
    const citegraph::CocitationCentrality c = citegraph::cocitation_centrality(40, edges, one);
    CHECK(c.strength == (m == Measure::kDegree ? cofull.strength : std::vector<double>{}));
    CHECK(c.eigenvector ==
          (m == Measure::kEigenvector ? cofull.eigenvector : std::vector<double>{}));
    CHECK(c.betweenness ==
          (m == Measure::kBetweenness ? cofull.betweenness : std::vector<double>{}));
  }
}
