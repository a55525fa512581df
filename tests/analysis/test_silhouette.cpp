// Silhouettes: golden values on a hand-computed six-work map, edge cases (one cluster, singletons,
// no links, a = b = 0, unused cluster ids), agreement with the definition over the full distance
// matrix on random maps, thread independence, and input errors. Agreement with scikit-learn is
// tests/analysis/sklearn_agreement.py.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/silhouette.hpp"
#include "citegraph/graph/error.hpp"

namespace {

using citegraph::SilhouetteResult;
using citegraph::WeightedEdge;
using citegraph::WeightedNetwork;
using Membership = std::vector<std::uint32_t>;

// s(i) straight from the definition, over the full m x m distance matrix.
std::vector<double> silhouette_by_matrix(const WeightedNetwork& net, const Membership& cluster) {
  const std::size_t m = net.node_count;
  std::vector<std::vector<double>> distance(m, std::vector<double>(m, 1.0));
  for (std::size_t i = 0; i < m; ++i) distance[i][i] = 0.0;
  for (const WeightedEdge& e : net.edges) distance[e.a][e.b] = distance[e.b][e.a] = 1.0 - e.weight;
  std::uint32_t k = 0;
  for (const std::uint32_t c : cluster) k = std::max(k, c + 1);
  std::vector<double> s(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    std::vector<double> sum(k, 0.0);
    std::vector<double> count(k, 0.0);
    for (std::size_t j = 0; j < m; ++j) {
      if (j == i) continue;
      sum[cluster[j]] += distance[i][j];
      count[cluster[j]] += 1.0;
    }
    if (count[cluster[i]] == 0.0) continue;  // a singleton: s = 0
    const double a = sum[cluster[i]] / count[cluster[i]];
    double b = std::numeric_limits<double>::infinity();
    for (std::uint32_t c = 0; c < k; ++c) {
      if (c != cluster[i] && count[c] > 0.0) b = std::min(b, sum[c] / count[c]);
    }
    s[i] = std::max(a, b) == 0.0 ? 0.0 : (b - a) / std::max(a, b);
  }
  return s;
}

// A random map: each pair linked with probability `density`, more often inside a cluster.
std::pair<WeightedNetwork, Membership> random_map(std::mt19937_64& rng, std::uint32_t m,
                                                  std::uint32_t k, double density) {
  std::uniform_int_distribution<std::uint32_t> pick(0, k - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Membership cluster(m);
  for (auto& c : cluster) c = pick(rng);
  WeightedNetwork net{m, {}};
  for (std::uint32_t a = 0; a < m; ++a) {
    for (std::uint32_t b = a + 1; b < m; ++b) {
      const double p = cluster[a] == cluster[b] ? std::min(1.0, 3 * density) : density;
      if (unit(rng) < p) net.edges.push_back({b, a, unit(rng)});  // either orientation
    }
  }
  std::shuffle(net.edges.begin(), net.edges.end(), rng);
  return {net, cluster};
}

// The map of the golden case. Distances (1 - w; 1 without a link):
//   d01 = .2  d02 = .4  d12 = .5  d34 = .1  d23 = .6  d04 = .8; work 5 linked to nothing.
WeightedNetwork golden_map() {
  return {6, {{0, 1, 0.8}, {0, 2, 0.6}, {2, 1, 0.5}, {3, 4, 0.9}, {2, 3, 0.4}, {4, 0, 0.2}}};
}

}  // namespace

TEST_CASE("silhouette: golden values on a six-work map") {
  const Membership cluster = {0, 0, 0, 1, 1, 2};
  const SilhouetteResult r = citegraph::silhouette(golden_map(), cluster);
  REQUIRE(r.defined);
  CHECK(r.clusters == 3);
  CHECK(r.cluster_size == std::vector<std::uint32_t>{3, 2, 1});
  REQUIRE(r.work.size() == 6);
  // Work 0: a = (.2 + .4) / 2 = .3, b = min((1 + .8) / 2, 1) = .9, s = .6 / .9.
  CHECK(r.work[0] == doctest::Approx(2.0 / 3).epsilon(1e-15));
  // Work 1: a = (.2 + .5) / 2 = .35; no link out of its cluster, so b = 1.
  CHECK(r.work[1] == doctest::Approx(0.65).epsilon(1e-15));
  // Work 2: a = (.4 + .5) / 2 = .45, b = (.6 + 1) / 2 = .8, s = .35 / .8.
  CHECK(r.work[2] == doctest::Approx(0.4375).epsilon(1e-15));
  // Work 3: a = .1, b = (1 + 1 + .6) / 3, s = 1 - .3 / 2.6.
  CHECK(r.work[3] == doctest::Approx(23.0 / 26).epsilon(1e-15));
  // Work 4: a = .1, b = (.8 + 1 + 1) / 3, s = 1 - .3 / 2.8.
  CHECK(r.work[4] == doctest::Approx(25.0 / 28).epsilon(1e-15));
  CHECK(r.work[5] == 0.0);  // a singleton
  REQUIRE(r.cluster_mean.size() == 3);
  CHECK(r.cluster_mean[0] == doctest::Approx((2.0 / 3 + 0.65 + 0.4375) / 3).epsilon(1e-15));
  CHECK(r.cluster_mean[1] == doctest::Approx((23.0 / 26 + 25.0 / 28) / 2).epsilon(1e-15));
  CHECK(r.cluster_mean[2] == 0.0);
  CHECK(r.mean ==
        doctest::Approx((2.0 / 3 + 0.65 + 0.4375 + 23.0 / 26 + 25.0 / 28) / 6).epsilon(1e-15));
}

TEST_CASE("silhouette: one cluster has none") {
  const SilhouetteResult r = citegraph::silhouette(golden_map(), Membership(6, 4));
  CHECK_FALSE(r.defined);
  CHECK(r.clusters == 1);
  CHECK(r.cluster_size == std::vector<std::uint32_t>{0, 0, 0, 0, 6});
  CHECK(r.work.empty());
  CHECK(r.cluster_mean.empty());
  CHECK(r.mean == 0.0);

  const SilhouetteResult empty = citegraph::silhouette(WeightedNetwork{}, Membership{});
  CHECK_FALSE(empty.defined);
  CHECK(empty.clusters == 0);
  CHECK(empty.work.empty());
}

TEST_CASE("silhouette: singletons, no links, a = b = 0, unused ids, zero weights") {
  SUBCASE("every work a singleton: every s is 0") {
    const SilhouetteResult r = citegraph::silhouette(golden_map(), Membership{0, 1, 2, 3, 4, 5});
    REQUIRE(r.defined);
    CHECK(r.clusters == 6);
    CHECK(r.work == std::vector<double>(6, 0.0));
    CHECK(r.mean == 0.0);
  }
  SUBCASE("no links: a = b = 1, s = 0") {
    const SilhouetteResult r =
        citegraph::silhouette(WeightedNetwork{5, {}}, Membership{0, 0, 1, 1, 1});
    REQUIRE(r.defined);
    CHECK(r.work == std::vector<double>(5, 0.0));
  }
  SUBCASE("a = b = 0 gives 0, a = 0 < b gives 1") {
    const SilhouetteResult r =
        citegraph::silhouette(WeightedNetwork{3, {{0, 1, 1.0}, {0, 2, 1.0}}}, Membership{0, 0, 1});
    REQUIRE(r.defined);
    CHECK(r.work == std::vector<double>{0.0, 1.0, 0.0});
  }
  SUBCASE("an unused cluster id has size 0 and mean 0") {
    const SilhouetteResult r = citegraph::silhouette(WeightedNetwork{4, {{0, 1, 0.5}, {2, 3, 0.5}}},
                                                     Membership{0, 0, 2, 2});
    REQUIRE(r.defined);
    CHECK(r.clusters == 2);
    CHECK(r.cluster_size == std::vector<std::uint32_t>{2, 0, 2});
    CHECK(r.cluster_mean[1] == 0.0);
    CHECK(r.work == std::vector<double>(4, 0.5));  // a = .5, b = 1
  }
  SUBCASE("a weight of 0 is the same as no link") {
    const Membership cluster = {0, 0, 1, 1};
    const SilhouetteResult with_zero = citegraph::silhouette(
        WeightedNetwork{4, {{0, 1, 0.25}, {1, 2, 0.0}, {0, 3, 0.0}}}, cluster);
    const SilhouetteResult without =
        citegraph::silhouette(WeightedNetwork{4, {{0, 1, 0.25}}}, cluster);
    CHECK(with_zero.work == without.work);
  }
}

TEST_CASE("silhouette: agrees with the full distance matrix on random maps") {
  std::mt19937_64 rng(20240601);
  for (int round = 0; round < 40; ++round) {
    const auto m = static_cast<std::uint32_t>(2 + rng() % 120);
    const auto k = static_cast<std::uint32_t>(2 + rng() % std::min<std::uint32_t>(m - 1, 12));
    const double density = std::uniform_real_distribution<double>(0.0, 0.5)(rng);
    const auto [net, cluster] = random_map(rng, m, k, density);
    const std::vector<double> expected = silhouette_by_matrix(net, cluster);
    const SilhouetteResult r = citegraph::silhouette(net, cluster);
    if (!r.defined) {
      CHECK(std::set<std::uint32_t>(cluster.begin(), cluster.end()).size() == 1);
      continue;
    }
    for (std::uint32_t i = 0; i < m; ++i) {
      INFO("round " << round << " work " << i);
      CHECK(r.work[i] == doctest::Approx(expected[i]).epsilon(1e-12).scale(1e-3));
      CHECK(std::abs(r.work[i]) <= 1.0);
    }
  }
}

TEST_CASE("silhouette: the thread count changes nothing") {
  std::mt19937_64 rng(7);
  const auto [net, cluster] = random_map(rng, 3000, 40, 0.01);
  const SilhouetteResult one = citegraph::silhouette(net, cluster, {.threads = 1});
  for (const unsigned threads : {2u, 3u, 0u}) {
    const SilhouetteResult many = citegraph::silhouette(net, cluster, {.threads = threads});
    CHECK(many.work == one.work);
    CHECK(many.cluster_mean == one.cluster_mean);
    CHECK(many.mean == one.mean);
  }
}

TEST_CASE("silhouette: bad input is refused, naming it") {
  const WeightedNetwork net = golden_map();
  const Membership cluster = {0, 0, 0, 1, 1, 2};
  auto refused = [](const WeightedNetwork& n, const Membership& c, const char* text) {
    INFO(text);
    CHECK_THROWS_WITH_AS(static_cast<void>(citegraph::silhouette(n, c)), doctest::Contains(text),
                         citegraph::InvalidArgument);
  };
  refused(net, {0, 0, 1}, "membership has 3 entries for 6 works");
  refused(net, {0, 0, 0, 1, 1, 6}, "membership[5] = 6 is not a cluster id < 6");
  refused(WeightedNetwork{6, {{0, 6, 0.5}}}, cluster, "edge 0 (0, 6, 0.5) has an endpoint >= 6");
  refused(WeightedNetwork{6, {{0, 1, 0.5}, {2, 2, 0.5}}}, cluster,
          "edge 1 (2, 2, 0.5) joins a work to itself");
  refused(WeightedNetwork{6, {{0, 1, -0.25}}}, cluster, "similarity outside [0, 1]");
  refused(WeightedNetwork{6, {{0, 1, 1.5}}}, cluster, "edge 0 (0, 1, 1.5) has a similarity");
  refused(WeightedNetwork{6, {{0, 1, std::nan("")}}}, cluster, "similarity outside [0, 1]");
  refused(WeightedNetwork{6, {{0, 1, 0.5}, {3, 4, 0.5}, {1, 0, 0.25}}}, cluster,
          "the pair (0, 1) is listed more than once");
  CHECK_THROWS_WITH_AS(static_cast<void>(citegraph::silhouette(net, cluster, {.threads = 5000})),
                       "silhouette parameter threads = 5000: must be at most 4096",
                       citegraph::InvalidArgument);
}
