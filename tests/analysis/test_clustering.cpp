// Tests of the Leiden clustering (analysis/clustering), the layout (analysis/layout) and the
// cluster labels (analysis/cluster_labels):
// golden partitions and objective values on tiny drawn networks, edge cases, parameter checks,
// determinism under a seed, and properties on planted-partition networks. Agreement with
// igraph's own Louvain/Leiden on random networks is tests/analysis/igraph_agreement.py.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/cluster_labels.hpp"
#include "citegraph/analysis/clustering.hpp"
#include "citegraph/analysis/layout.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

using namespace citegraph;

namespace {

// Two triangles {0,1,2} and {3,4,5} joined by the edge 2-3.
WeightedNetwork two_triangles() {
  return {6, {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {3, 4, 1}, {3, 5, 1}, {4, 5, 1}, {2, 3, 1}}};
}

void add_clique(WeightedNetwork& network, const std::vector<std::uint32_t>& nodes, double w) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (std::size_t j = i + 1; j < nodes.size(); ++j) {
      network.edges.push_back({std::min(nodes[i], nodes[j]), std::max(nodes[i], nodes[j]), w});
    }
  }
}

// `groups` planted groups of `size` nodes (node v is in group v % groups, so groups interleave
// in id order): each inside pair is an edge with probability p_in, each outside pair with p_out.
WeightedNetwork planted(std::uint32_t groups, std::uint32_t size, double p_in, double p_out,
                        std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  WeightedNetwork network;
  network.node_count = groups * size;
  for (std::uint32_t a = 0; a < network.node_count; ++a) {
    for (std::uint32_t b = a + 1; b < network.node_count; ++b) {
      const bool inside = a % groups == b % groups;
      if (unit(rng) < (inside ? p_in : p_out)) {
        network.edges.push_back({a, b, inside ? 1 + unit(rng) : 0.5 * unit(rng) + 0.1});
      }
    }
  }
  return network;
}

}  // namespace

TEST_CASE("clustering: two triangles and a bridge, modularity golden values") {
  const WeightedNetwork network = two_triangles();
  const ClusterResult result = cluster_network(network);
  CHECK(result.membership == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1});
  CHECK(result.sizes == std::vector<std::uint32_t>{3, 3});
  // W = 7, w_c = 3, K_c = 7: Q = 2 (3/7 - 1/4) = 5/14.
  CHECK(result.modularity == doctest::Approx(5.0 / 14).epsilon(1e-12));
  CHECK(result.quality == doctest::Approx(5.0 / 14).epsilon(1e-12));
  CHECK(result.converged);
  CHECK(result.iterations >= 1);
  CHECK(result.restarts == 10);  // automatic: a small network gets ten runs
}

TEST_CASE("clustering: CPM golden values") {
  ClusterParams params;
  params.objective = ClusterObjective::kCpm;
  params.resolution = 0.5;
  const ClusterResult result = cluster_network(two_triangles(), params);
  CHECK(result.membership == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1});
  // sum_c [2 w_c - gamma n_c^2] / 2W = 2 (6 - 4.5) / 14.
  CHECK(result.quality == doctest::Approx(3.0 / 14).epsilon(1e-12));
  CHECK(result.modularity == doctest::Approx(5.0 / 14).epsilon(1e-12));
  // Above the triangles' density (1) no edge is worth keeping: singletons.
  params.resolution = 1.5;
  const ClusterResult sparse = cluster_network(two_triangles(), params);
  CHECK(sparse.sizes == std::vector<std::uint32_t>(6, 1));
  CHECK(sparse.membership == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5});
  CHECK(sparse.quality == doctest::Approx(-6 * 1.5 / 14).epsilon(1e-12));
}

TEST_CASE("clustering: clusters numbered by size, then by smallest member") {
  // A 4-clique on {2,4,5,6}, a triangle on {0,1,3}, isolated 7 and 8, a pair {9,10}.
  WeightedNetwork network{11, {}};
  add_clique(network, {2, 4, 5, 6}, 1);
  add_clique(network, {0, 1, 3}, 1);
  add_clique(network, {9, 10}, 2);
  const ClusterResult result = cluster_network(network);
  CHECK(result.membership == std::vector<std::uint32_t>{1, 1, 0, 1, 0, 0, 0, 3, 4, 2, 2});
  CHECK(result.sizes == std::vector<std::uint32_t>{4, 3, 2, 1, 1});
  // W = 11; K = 12, 6, 4: Q = 6/11 + 3/11 + 2/11 - (144 + 36 + 16) / 484.
  CHECK(result.modularity == doctest::Approx(1.0 - 196.0 / 484).epsilon(1e-12));
}

TEST_CASE("clustering: edge cases") {
  SUBCASE("empty network") {
    const ClusterResult result = cluster_network(WeightedNetwork{});
    CHECK(result.membership.empty());
    CHECK(result.sizes.empty());
    CHECK(result.modularity == 0);
  }
  SUBCASE("nodes without edges are clusters of their own") {
    const ClusterResult result = cluster_network(WeightedNetwork{3, {}});
    CHECK(result.membership == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(result.sizes == std::vector<std::uint32_t>{1, 1, 1});
    CHECK(result.modularity == 0);
  }
  SUBCASE("one edge") {
    const ClusterResult result = cluster_network(WeightedNetwork{2, {{0, 1, 3}}});
    CHECK(result.membership == std::vector<std::uint32_t>{0, 0});
    CHECK(result.modularity == doctest::Approx(0.0).epsilon(1e-12));  // 1 - 1
  }
}

TEST_CASE("clustering: bad parameters and networks are refused, naming the value") {
  ClusterParams params;
  params.resolution = 0;
  CHECK_THROWS_WITH_AS((void)cluster_network(two_triangles(), params),
                       doctest::Contains("resolution"), InvalidArgument);
  params = {};
  params.beta = std::nan("");
  CHECK_THROWS_AS((void)cluster_network(two_triangles(), params), InvalidArgument);
  params = {};
  params.restarts = 1001;
  CHECK_THROWS_WITH_AS((void)cluster_network(two_triangles(), params),
                       doctest::Contains("restarts"), InvalidArgument);
  params = {};
  params.max_iterations = 0;
  CHECK_THROWS_AS((void)cluster_network(two_triangles(), params), InvalidArgument);
  CHECK_THROWS_AS((void)parse_cluster_objective("louvain"), InvalidArgument);
  CHECK(parse_cluster_objective("cpm") == ClusterObjective::kCpm);
  CHECK(cluster_objective_name(ClusterObjective::kModularity) == "modularity");

  CHECK_THROWS_WITH_AS((void)cluster_network(WeightedNetwork{3, {{1, 1, 1}}}),
                       doctest::Contains("a < b"), InvalidArgument);
  CHECK_THROWS_WITH_AS((void)cluster_network(WeightedNetwork{3, {{1, 0, 1}}}),
                       doctest::Contains("a < b"), InvalidArgument);
  CHECK_THROWS_WITH_AS((void)cluster_network(WeightedNetwork{3, {{1, 3, 1}}}),
                       doctest::Contains("out of range"), InvalidArgument);
  CHECK_THROWS_WITH_AS((void)cluster_network(WeightedNetwork{3, {{0, 1, 0}}}),
                       doctest::Contains("weight"), InvalidArgument);
  CHECK_THROWS_AS((void)cluster_network(WeightedNetwork{3, {{0, 1, -1}}}), InvalidArgument);
  CHECK_THROWS_AS((void)cluster_network(WeightedNetwork{3, {{0, 1, INFINITY}}}), InvalidArgument);
  const std::vector<std::uint32_t> short_membership{0, 0};
  CHECK_THROWS_AS(
      (void)partition_quality(two_triangles(), short_membership, ClusterObjective::kModularity),
      InvalidArgument);
}

TEST_CASE("clustering: partition_quality golden values") {
  const WeightedNetwork network = two_triangles();
  const std::vector<std::uint32_t> one{0, 0, 0, 0, 0, 0};
  const std::vector<std::uint32_t> singletons{0, 1, 2, 3, 4, 5};
  CHECK(partition_quality(network, one, ClusterObjective::kModularity) ==
        doctest::Approx(0.0).epsilon(1e-12));
  // Q of singletons: -sum_v (k_v / 2W)^2 = -(4 x 4 + 2 x 9) / 196.
  CHECK(partition_quality(network, singletons, ClusterObjective::kModularity) ==
        doctest::Approx(-34.0 / 196).epsilon(1e-12));
  // Resolution 2 on the two triangles: 6/7 - 2 x 2 x 1/4.
  const std::vector<std::uint32_t> halves{0, 0, 0, 1, 1, 1};
  CHECK(partition_quality(network, halves, ClusterObjective::kModularity, 2.0) ==
        doctest::Approx(6.0 / 7 - 1).epsilon(1e-12));
  CHECK(partition_quality(network, one, ClusterObjective::kCpm, 0.25) ==
        doctest::Approx((14 - 0.25 * 36) / 14).epsilon(1e-12));
}

TEST_CASE("clustering: planted groups are found, deterministically under a seed") {
  const WeightedNetwork network = planted(8, 40, 0.3, 0.01, 11);
  ClusterParams params;
  params.seed = 42;
  const ClusterResult first = cluster_network(network, params);
  const ClusterResult second = cluster_network(network, params);
  CHECK(first.membership == second.membership);
  CHECK(first.modularity == second.modularity);
  REQUIRE(first.sizes == std::vector<std::uint32_t>(8, 40));
  // Every group is one cluster: nodes v and v + 8 are in the same group.
  for (std::uint32_t v = 0; v + 8 < network.node_count; ++v) {
    CHECK(first.membership[v] == first.membership[v + 8]);
  }
  // Numbered by smallest member among equal sizes: node g is the smallest of group g.
  for (std::uint32_t g = 0; g < 8; ++g) CHECK(first.membership[g] == g);
  CHECK(first.modularity ==
        doctest::Approx(partition_quality(network, first.membership, ClusterObjective::kModularity))
            .epsilon(1e-12));
  // Another seed draws differently but finds the same planted groups.
  params.seed = 43;
  params.restarts = 3;
  const ClusterResult other = cluster_network(network, params);
  CHECK(other.membership == first.membership);
  CHECK(other.restarts == 3);
}

TEST_CASE("clustering: a higher resolution gives more, smaller clusters") {
  // A ring of 12 5-cliques, each joined to the next by one edge: the textbook case where
  // modularity at resolution 1 merges neighbouring cliques (Fortunato & Barthelemy 2007) and a
  // higher resolution separates them.
  WeightedNetwork ring{60, {}};
  for (std::uint32_t c = 0; c < 12; ++c) {
    add_clique(ring, {5 * c, 5 * c + 1, 5 * c + 2, 5 * c + 3, 5 * c + 4}, 1);
    const std::uint32_t a = 5 * c + 4;
    const std::uint32_t b = (5 * (c + 1)) % 60;
    ring.edges.push_back({std::min(a, b), std::max(a, b), 1});
  }
  ClusterParams params;
  params.resolution = 0.1;
  const std::size_t coarse = cluster_network(ring, params).sizes.size();
  params.resolution = 2;
  const ClusterResult fine = cluster_network(ring, params);
  CHECK(fine.sizes == std::vector<std::uint32_t>(12, 5));
  CHECK(coarse < 12);
}

TEST_CASE("pair_network: nodes, weights and isolated items") {
  std::vector<Pair> pairs(3);
  pairs[0].a = 5;
  pairs[0].b = 9;
  pairs[0].count = 2;
  pairs[0].cosine = 0.5;
  pairs[1].a = 5;
  pairs[1].b = 12;
  pairs[1].count = 1;
  pairs[1].cosine = 0;  // not positive: left out under cosine
  pairs[2].a = 9;
  pairs[2].b = 12;
  pairs[2].count = 4;
  pairs[2].cosine = 0.25;
  const std::vector<NodeId> also{30, 5, 30};
  const PairNetwork counts = pair_network(pairs, Normalization::kCount, also);
  CHECK(counts.nodes == std::vector<NodeId>{5, 9, 12, 30});
  CHECK(counts.network.node_count == 4);
  REQUIRE(counts.network.edges.size() == 3);
  CHECK(counts.network.edges[2].a == 1);
  CHECK(counts.network.edges[2].b == 2);
  CHECK(counts.network.edges[2].weight == 4);
  const PairNetwork cosine = pair_network(pairs, Normalization::kCosine);
  CHECK(cosine.nodes == std::vector<NodeId>{5, 9, 12});
  REQUIRE(cosine.network.edges.size() == 2);
  CHECK(cosine.network.edges[1].weight == 0.25);
  std::vector<Pair> bad(1);
  bad[0].a = 3;
  bad[0].b = 3;
  CHECK_THROWS_AS((void)pair_network(bad, Normalization::kCount), InvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Layout

TEST_CASE("layout: deterministic under a seed, finite, inside the box") {
  const WeightedNetwork network = planted(4, 30, 0.3, 0.02, 5);
  LayoutParams params;
  params.seed = 9;
  params.iterations = 300;
  params.box = 500;
  const LayoutResult first = layout_network(network, params);
  const LayoutResult second = layout_network(network, params);
  CHECK(first.x == second.x);
  CHECK(first.y == second.y);
  REQUIRE(first.x.size() == network.node_count);
  double min_x = params.box;
  double max_x = 0;
  double min_y = params.box;
  double max_y = 0;
  for (std::size_t v = 0; v < first.x.size(); ++v) {
    REQUIRE(std::isfinite(first.x[v]));
    REQUIRE(std::isfinite(first.y[v]));
    min_x = std::min(min_x, first.x[v]);
    max_x = std::max(max_x, first.x[v]);
    min_y = std::min(min_y, first.y[v]);
    max_y = std::max(max_y, first.y[v]);
  }
  CHECK(min_x >= 0);
  CHECK(min_y >= 0);
  CHECK(max_x <= params.box);
  CHECK(max_y <= params.box);
  // Scaled to the box: the longer side spans it exactly.
  CHECK(std::max(max_x - min_x, max_y - min_y) == doctest::Approx(params.box).epsilon(1e-9));
  params.seed = 10;
  const LayoutResult other = layout_network(network, params);
  CHECK(other.x != first.x);
}

TEST_CASE("layout: connected nodes are closer than unconnected ones on a planted graph") {
  const WeightedNetwork network = planted(5, 40, 0.25, 0.005, 17);
  const LayoutResult layout = layout_network(network);
  const auto distance = [&](std::uint32_t a, std::uint32_t b) {
    return std::hypot(layout.x[a] - layout.x[b], layout.y[a] - layout.y[b]);
  };
  double connected = 0;
  for (const WeightedEdge& edge : network.edges) connected += distance(edge.a, edge.b);
  connected /= static_cast<double>(network.edges.size());
  std::vector<std::vector<bool>> adjacent(network.node_count,
                                          std::vector<bool>(network.node_count, false));
  for (const WeightedEdge& edge : network.edges) adjacent[edge.a][edge.b] = true;
  double unconnected = 0;
  std::size_t count = 0;
  double same_group = 0;
  std::size_t same_count = 0;
  for (std::uint32_t a = 0; a < network.node_count; ++a) {
    for (std::uint32_t b = a + 1; b < network.node_count; ++b) {
      if (adjacent[a][b]) continue;
      unconnected += distance(a, b);
      ++count;
      if (a % 5 == b % 5) {
        same_group += distance(a, b);
        ++same_count;
      }
    }
  }
  unconnected /= static_cast<double>(count);
  same_group /= static_cast<double>(same_count);
  CHECK(connected < 0.5 * unconnected);
  // The groups are drawn as groups: unconnected members of one group are still close.
  CHECK(same_group < 0.6 * unconnected);
}

TEST_CASE("layout: two-level layout from the clusters") {
  // One connected component of 6 planted groups: the group graph is laid out first.
  const WeightedNetwork network = planted(6, 40, 0.25, 0.01, 23);
  const ClusterResult clusters = cluster_network(network);
  REQUIRE(clusters.sizes.size() == 6);
  LayoutParams params;
  params.seed = 3;
  const LayoutResult first = layout_network(network, params, clusters.membership);
  const LayoutResult second = layout_network(network, params, clusters.membership);
  CHECK(first.x == second.x);
  CHECK(first.y == second.y);
  CHECK(first.components == 1);
  CHECK(first.refine_iterations == 50);  // a small map gets the most refinement
  double same = 0;
  double other = 0;
  std::size_t same_count = 0;
  std::size_t other_count = 0;
  for (std::uint32_t a = 0; a < network.node_count; ++a) {
    REQUIRE(std::isfinite(first.x[a]));
    CHECK(first.x[a] >= 0);
    CHECK(first.y[a] <= params.box);
    for (std::uint32_t b = a + 1; b < network.node_count; ++b) {
      const double d = std::hypot(first.x[a] - first.x[b], first.y[a] - first.y[b]);
      if (clusters.membership[a] == clusters.membership[b]) {
        same += d;
        ++same_count;
      } else {
        other += d;
        ++other_count;
      }
    }
  }
  // Clusters are drawn apart: members of a cluster are far closer than members of two.
  CHECK(same / static_cast<double>(same_count) < 0.4 * other / static_cast<double>(other_count));
  // Explicit refinement, and groups of the wrong length.
  params.refine_iterations = 7;
  CHECK(layout_network(network, params, clusters.membership).refine_iterations == 7);
  const std::vector<std::uint32_t> short_groups(5, 0);
  CHECK_THROWS_WITH_AS((void)layout_network(network, params, short_groups),
                       doctest::Contains("groups"), InvalidArgument);
}

TEST_CASE("layout: components do not overlap; edge cases") {
  SUBCASE("components and isolated nodes") {
    // Components {0..5} (a 6-clique), {6..9} (a 4-clique), {10, 11}, isolated 12 and 13.
    WeightedNetwork network{14, {}};
    add_clique(network, {0, 1, 2, 3, 4, 5}, 1);
    add_clique(network, {6, 7, 8, 9}, 2);
    add_clique(network, {10, 11}, 1);
    const LayoutResult layout = layout_network(network);
    CHECK(layout.components == 5);
    const std::vector<std::vector<std::uint32_t>> parts{
        {0, 1, 2, 3, 4, 5}, {6, 7, 8, 9}, {10, 11}, {12}, {13}};
    struct Box {
      double x0, x1, y0, y1;
    };
    std::vector<Box> boxes;
    for (const auto& part : parts) {
      Box box{1e300, -1e300, 1e300, -1e300};
      for (const std::uint32_t v : part) {
        box.x0 = std::min(box.x0, layout.x[v]);
        box.x1 = std::max(box.x1, layout.x[v]);
        box.y0 = std::min(box.y0, layout.y[v]);
        box.y1 = std::max(box.y1, layout.y[v]);
      }
      boxes.push_back(box);
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      for (std::size_t j = i + 1; j < boxes.size(); ++j) {
        const bool apart = boxes[i].x1 < boxes[j].x0 || boxes[j].x1 < boxes[i].x0 ||
                           boxes[i].y1 < boxes[j].y0 || boxes[j].y1 < boxes[i].y0;
        CHECK_MESSAGE(apart, "components ", i, " and ", j, " overlap");
      }
    }
    // Nodes of one clique are distinct points.
    CHECK(std::hypot(layout.x[0] - layout.x[1], layout.y[0] - layout.y[1]) > 1);
  }
  SUBCASE("empty and one node") {
    CHECK(layout_network(WeightedNetwork{}).x.empty());
    const LayoutResult one = layout_network(WeightedNetwork{1, {}});
    CHECK(one.x == std::vector<double>{500});
    CHECK(one.y == std::vector<double>{500});
  }
  SUBCASE("bad parameters") {
    LayoutParams params;
    params.box = 0;
    CHECK_THROWS_WITH_AS((void)layout_network(two_triangles(), params), doctest::Contains("box"),
                         InvalidArgument);
    params = {};
    params.iterations = 0;
    CHECK_THROWS_AS((void)layout_network(two_triangles(), params), InvalidArgument);
    CHECK_THROWS_AS((void)layout_network(WeightedNetwork{2, {{0, 2, 1}}}), InvalidArgument);
  }
}

// ---------------------------------------------------------------------------------------------
// Cluster labels

TEST_CASE("labels: log-likelihood ratio golden values") {
  // [[3, 0], [0, 3]]: every expected count 1.5, G2 = 2 x 6 ln 2.
  CHECK(log_likelihood_ratio(3, 0, 0, 3) == doctest::Approx(12 * std::log(2.0)).epsilon(1e-12));
  // [[2, 0], [1, 3]]: expected 1, 1, 2, 2: G2 = 2 (2 ln 2 + ln 0.5 + 3 ln 1.5).
  CHECK(
      log_likelihood_ratio(2, 0, 1, 3) ==
      doctest::Approx(2 * (2 * std::log(2.0) + std::log(0.5) + 3 * std::log(1.5))).epsilon(1e-12));
  // Independence: G2 = 0.
  CHECK(log_likelihood_ratio(2, 4, 3, 6) == doctest::Approx(0.0));
  CHECK(log_likelihood_ratio(0, 0, 0, 0) == 0);
  // Dunning's table 1 style check: symmetric in the two classes.
  CHECK(log_likelihood_ratio(10, 2, 5, 40) == doctest::Approx(log_likelihood_ratio(2, 10, 40, 5)));
}

TEST_CASE("labels: a tiny labelled example") {
  // Cluster 0 is about lupus nephritis, cluster 1 about scleroderma skin; "trial" is everywhere.
  const std::vector<std::vector<std::string>> documents{
      {"lupus", "nephritis"}, {"kidney", "lupus"},   {"lupus", "nephritis", "trial"},
      {"sclerosis", "skin"},  {"lung", "sclerosis"}, {"sclerosis", "skin", "trial"},
  };
  const std::vector<std::uint32_t> membership{0, 0, 0, 1, 1, 1};
  const std::vector<double> citations{5, 9, 1, 2, 2, 7};
  const std::vector<double> pagerank{0.1, 0.3, 0.5, 0.2, 0.2, 0.1};
  LabelParams params;
  params.top_works = 2;
  const std::vector<ClusterLabel> labels =
      label_clusters(documents, membership, citations, pagerank, params);
  REQUIRE(labels.size() == 2);
  const double g_all = 12 * std::log(2.0);
  const double g_two = 2 * (2 * std::log(2.0) + std::log(0.5) + 3 * std::log(1.5));
  REQUIRE(labels[0].terms.size() ==
          2);  // "kidney" is in one document, "trial" not over-represented
  CHECK(labels[0].terms[0].term == "lupus");
  CHECK(labels[0].terms[0].llr == doctest::Approx(g_all).epsilon(1e-12));
  CHECK(labels[0].terms[0].in_cluster == 3);
  CHECK(labels[0].terms[0].outside == 0);
  CHECK(labels[0].terms[1].term == "nephritis");
  CHECK(labels[0].terms[1].llr == doctest::Approx(g_two).epsilon(1e-12));
  REQUIRE(labels[1].terms.size() == 2);
  CHECK(labels[1].terms[0].term == "sclerosis");
  CHECK(labels[1].terms[1].term == "skin");
  CHECK(labels[0].size == 3);
  CHECK(labels[0].documents_with_terms == 3);
  CHECK(labels[0].most_cited == std::vector<std::uint32_t>{1, 0});
  CHECK(labels[1].most_cited == std::vector<std::uint32_t>{5, 3});  // 3 and 4 tie: 3 first
  CHECK(labels[0].most_central == std::vector<std::uint32_t>{2, 1});
  CHECK(labels[1].most_central == std::vector<std::uint32_t>{3, 4});

  // min_documents 1 admits "kidney" (below "nephritis") and "lung"; a term in all documents of
  // both clusters never labels either.
  params.min_documents = 1;
  params.top_terms = 10;
  const std::vector<ClusterLabel> loose = label_clusters(documents, membership, {}, {}, params);
  REQUIRE(loose[0].terms.size() == 3);
  CHECK(loose[0].terms[2].term == "kidney");
  CHECK(loose[0].terms[2].llr == doctest::Approx(log_likelihood_ratio(1, 0, 2, 3)));
  CHECK(loose[0].most_cited.empty());
  for (const ClusterLabel& label : loose) {
    for (const LabelTerm& term : label.terms) CHECK(term.term != "trial");
  }
}

TEST_CASE("labels: refusals and edge cases") {
  const std::vector<std::vector<std::string>> documents{{"a"}, {"b"}};
  const std::vector<std::uint32_t> membership{0, 1};
  const std::vector<double> one{1.0};
  CHECK_THROWS_AS((void)label_clusters(documents, membership, one, {}), InvalidArgument);
  const std::vector<double> nan{1.0, std::nan("")};
  CHECK_THROWS_AS((void)label_clusters(documents, membership, {}, nan), InvalidArgument);
  const std::vector<std::uint32_t> three{0, 0, 1};
  CHECK_THROWS_AS((void)label_clusters(documents, three, {}, {}), InvalidArgument);
  LabelParams params;
  params.min_documents = 0;
  CHECK_THROWS_WITH_AS((void)label_clusters(documents, membership, {}, {}, params),
                       doctest::Contains("min_documents"), InvalidArgument);
  CHECK(label_clusters({}, {}, {}, {}).empty());
  // A cluster whose members have no terms gets no terms.
  const std::vector<std::vector<std::string>> empty_docs{{}, {}};
  const std::vector<ClusterLabel> labels = label_clusters(empty_docs, membership, {}, {});
  REQUIRE(labels.size() == 2);
  CHECK(labels[0].terms.empty());
  CHECK(labels[0].documents_with_terms == 0);
}

TEST_CASE("labels: work terms from titles, keywords and MeSH") {
  test::GraphMaker maker({"c"});
  SourceMeta meta;
  meta.keywords = {"Lupus Erythematosus, Systemic", "nephritis"};
  meta.mesh = {"Lupus Erythematosus, Systemic/*therapy", "Humans"};
  const NodeId source = maker.source(1, meta, "J", 2020, "Studies of the Lupus kidneys");
  const NodeId cited = maker.work("J", 2001);
  maker.cite(source, cited);
  const CitationGraph graph = maker.build();
  const std::vector<NodeId> nodes{cited, source};
  const auto documents = work_terms(graph, nodes);
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].empty());
  CHECK(documents[1] == std::vector<std::string>{"humans", "kidney", "lupus",
                                                 "lupus erythematosus, systemic", "nephritis",
                                                 "study"});
  LabelParams params;
  params.subjects = false;
  CHECK(work_terms(graph, nodes, params)[1] ==
        std::vector<std::string>{"kidney", "lupus", "study"});
  params = {};
  params.title_terms = false;
  CHECK(work_terms(graph, nodes, params)[1].size() == 3);
  const std::vector<NodeId> bad{99};
  CHECK_THROWS_AS((void)work_terms(graph, bad), InvalidArgument);
}

TEST_CASE("end to end: co-citation, network, clusters, layout and labels of a small corpus") {
  // Works A0..A3 (lupus nephritis) are co-cited by four sources, B0..B3 (systemic sclerosis)
  // by four others; one source cites A0 and B0 together.
  test::GraphMaker maker({"c"});
  SourceMeta with_list;
  with_list.has_reference_list = true;
  std::vector<NodeId> a;
  std::vector<NodeId> b;
  const std::vector<std::string> a_titles{"Lupus nephritis outcomes",
                                          "Treatment of lupus nephritis",
                                          "Lupus nephritis in children", "Renal lupus trials"};
  const std::vector<std::string> b_titles{"Skin fibrosis in systemic sclerosis",
                                          "Systemic sclerosis lung disease",
                                          "Sclerosis of the skin: trials", "Systemic sclerosis"};
  for (int i = 0; i < 4; ++i) a.push_back(maker.source(1, SourceMeta{}, "J", 2000, a_titles[i]));
  for (int i = 0; i < 4; ++i) b.push_back(maker.source(1, SourceMeta{}, "J", 2001, b_titles[i]));
  for (int s = 0; s < 8; ++s) {
    const NodeId citing = maker.source(1, with_list, "K", 2020, "A review");
    for (const NodeId w : (s < 4 ? a : b)) maker.cite(citing, w);
  }
  const NodeId bridge = maker.source(1, with_list, "K", 2021, "Both");
  maker.cite(bridge, a[0]);
  maker.cite(bridge, b[0]);
  const CitationGraph graph = maker.build();

  PairParams pair_params;
  const PairResult pairs = cocitation(graph, pair_params);
  const PairNetwork map = pair_network(pairs.pairs, Normalization::kCount);
  REQUIRE(map.nodes.size() == 8);
  CHECK(map.network.edges.size() == 6 + 6 + 1);
  const ClusterResult clusters = cluster_network(map.network);
  REQUIRE(clusters.sizes == std::vector<std::uint32_t>{4, 4});
  // Node order is graph order (A's first): cluster 0 holds the A's.
  for (std::size_t i = 0; i < 8; ++i) CHECK(clusters.membership[i] == (i < 4 ? 0U : 1U));
  const LayoutResult layout = layout_network(map.network, {}, clusters.membership);
  CHECK(layout.x.size() == 8);

  std::vector<double> citations(map.nodes.size());
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    citations[i] = static_cast<double>(graph.in().degree(map.nodes[i]));
  }
  const auto documents = work_terms(graph, map.nodes);
  const std::vector<ClusterLabel> labels =
      label_clusters(documents, clusters.membership, citations, {});
  REQUIRE(labels.size() == 2);
  REQUIRE(labels[0].terms.size() >= 2);
  CHECK(labels[0].terms[0].term == "lupus");
  CHECK(labels[0].terms[1].term == "nephritis");
  REQUIRE(!labels[1].terms.empty());
  CHECK(labels[1].terms[0].term == "sclerosis");
  CHECK(labels[0].most_cited.front() == 0);  // A0 is also cited by the bridging source
  CHECK(labels[1].most_cited.front() == 4);
}
