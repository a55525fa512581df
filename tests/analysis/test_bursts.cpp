// Kleinberg bursts: the optimum on the burst_detection package's README data (which that
// package's greedy pass misses), agreement with an exhaustive search over every state sequence
// on random inputs, edge cases, parameter errors, and the bursts of cited works on a drawn graph.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/bursts.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace {

using citegraph::BurstParams;
using Counts = std::vector<std::uint64_t>;

// The cost of one state sequence, straight from the definition in bursts.hpp.
double sequence_cost(const Counts& r, const Counts& d, const std::vector<int>& q,
                     const BurstParams& params) {
  std::uint64_t total_r = 0, total_d = 0;
  for (std::size_t t = 0; t < r.size(); ++t) {
    total_r += r[t];
    total_d += d[t];
  }
  const double p[2] = {double(total_r) / double(total_d),
                       std::min(params.s * double(total_r) / double(total_d), 0.99999)};
  double cost = 0;
  int previous = 0;
  for (std::size_t t = 0; t < r.size(); ++t) {
    const double pi = p[q[t]];
    const double log_choose = std::lgamma(double(d[t]) + 1) - std::lgamma(double(r[t]) + 1) -
                              std::lgamma(double(d[t] - r[t]) + 1);
    cost -= log_choose + (r[t] ? double(r[t]) * std::log(pi) : 0.0) +
            (d[t] > r[t] ? double(d[t] - r[t]) * std::log(1 - pi) : 0.0);
    if (q[t] > previous) cost += params.gamma * std::log(double(r.size()));
    previous = q[t];
  }
  return cost;
}

}  // namespace

TEST_CASE("bursts: the optimum on burst_detection's README data") {
  // github.com/nmarinsek/burst_detection README: s = 2, gamma = 1, no smoothing. The package
  // reports 0000101100 (cost 26.79); the optimum is 0001101100 (cost 25.52).
  const Counts r = {0, 2, 1, 6, 7, 2, 8, 7, 2, 1};
  const Counts d = {9, 11, 12, 10, 10, 8, 12, 10, 13, 11};
  BurstParams params;
  const citegraph::BurstSequence q = citegraph::detect_bursts(r, d, params);
  CHECK(q.states == std::vector<std::uint8_t>{0, 0, 0, 1, 1, 0, 1, 1, 0, 0});
  CHECK(q.cost == doctest::Approx(25.52).epsilon(0.0005));
  CHECK(sequence_cost(r, d, {0, 0, 0, 0, 1, 0, 1, 1, 0, 0}, params) ==
        doctest::Approx(26.79).epsilon(0.0005));
  REQUIRE(q.bursts.size() == 2);
  CHECK(q.bursts[0].begin == 3);
  CHECK(q.bursts[0].end == 4);
  CHECK(q.bursts[1].begin == 6);
  CHECK(q.bursts[1].end == 7);
  for (const citegraph::Burst& b : q.bursts) CHECK(b.strength > 0);
  params.min_duration = 3;  // both runs are two slices long
  CHECK(citegraph::detect_bursts(r, d, params).bursts.empty());
}

TEST_CASE("bursts: Viterbi equals the exhaustive minimum over all 2^n sequences, n <= 16") {
  std::mt19937 rng(20261207);
  for (int trial = 0; trial < 160; ++trial) {
    const std::size_t n = 1 + rng() % 16;
    Counts r(n), d(n);
    for (std::size_t t = 0; t < n; ++t) {
      d[t] = 1 + rng() % 30;
      r[t] = rng() % (d[t] + 1);
    }
    BurstParams params;
    params.s = 1.5 + static_cast<double>(rng() % 30) / 10.0;
    params.gamma = static_cast<double>(rng() % 30) / 10.0;
    params.min_duration = 1;
    const citegraph::BurstSequence found = citegraph::detect_bursts(r, d, params);
    std::uint64_t total_r = 0;
    for (const auto x : r) total_r += x;
    std::uint64_t total_d = 0;
    for (const auto x : d) total_d += x;
    if (total_r == 0 || total_r == total_d) {
      CHECK(found.bursts.empty());
      continue;
    }
    double best = INFINITY, second = INFINITY;
    std::uint32_t best_mask = 0;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
      std::vector<int> q(n);
      for (std::size_t t = 0; t < n; ++t) q[t] = mask >> t & 1u;
      const double cost = sequence_cost(r, d, q, params);
      if (cost < best) {
        second = best;
        best = cost;
        best_mask = mask;
      } else if (cost < second) {
        second = cost;
      }
    }
    CAPTURE(trial);
    CHECK(found.cost == doctest::Approx(best).epsilon(1e-12));
    if (second - best > 1e-9 * best) {  // a unique optimum: the same sequence
      for (std::size_t t = 0; t < n; ++t) CHECK(found.states[t] == (best_mask >> t & 1u));
    }
    // Each burst's strength is the sum of sigma(0, t) - sigma(1, t) over its run, from the
    // definition: the cost of the run in state 0 minus its cost in state 1.
    for (const citegraph::Burst& b : found.bursts) {
      const Counts rr(r.begin() + b.begin, r.begin() + b.end + 1);
      const Counts dd(d.begin() + b.begin, d.begin() + b.end + 1);
      const std::size_t len = rr.size();
      // With the series' rates p0, p1 the binomial coefficients cancel.
      double strength = 0;
      const double p0 = double(total_r) / double(total_d);
      const double p1 = std::min(params.s * p0, 0.99999);
      for (std::size_t t = 0; t < len; ++t) {
        const double k = double(rr[t]), m = double(dd[t] - rr[t]);
        strength += k * std::log(p1 / p0) + m * std::log((1 - p1) / (1 - p0));
      }
      CHECK(b.strength == doctest::Approx(strength).epsilon(1e-9));
    }
  }
}

TEST_CASE("bursts: edge cases and parameter errors") {
  BurstParams params;
  CHECK(citegraph::detect_bursts(Counts{}, Counts{}, params).states.empty());
  const Counts zeros = {0, 0, 0};
  const Counts d = {5, 0, 7};
  CHECK(citegraph::detect_bursts(zeros, d, params).bursts.empty());
  CHECK(citegraph::detect_bursts(d, d, params).bursts.empty());  // R = D: nothing above the base
  CHECK_THROWS_AS((void)citegraph::detect_bursts(Counts{1}, Counts{1, 2}, params),
                  citegraph::InvalidArgument);
  CHECK_THROWS_AS((void)citegraph::detect_bursts(Counts{3}, Counts{2}, params),
                  citegraph::InvalidArgument);
  params.s = 1.0;
  CHECK_THROWS_AS(params.validate(), citegraph::InvalidArgument);
  params = BurstParams{};
  params.gamma = -1;
  CHECK_THROWS_AS(params.validate(), citegraph::InvalidArgument);
  params = BurstParams{};
  params.min_duration = 0;
  CHECK_THROWS_AS(params.validate(), citegraph::InvalidArgument);
}

TEST_CASE("bursts: a work cited in a run of years bursts there, whatever the thread count") {
  // Sources 2000-2009, each citing 4 background works; in 2004-2006 every source also cites
  // the hot work. A source of unknown year cites it too (not counted).
  citegraph::test::GraphMaker g({"A"});
  std::vector<citegraph::NodeId> background;
  for (int i = 0; i < 4; ++i) background.push_back(g.work("J", 1990));
  const citegraph::NodeId hot = g.work("Hot J", 2003);
  for (int year = 2000; year <= 2009; ++year) {
    for (int k = 0; k < 3; ++k) {
      const citegraph::NodeId s = g.source(1, citegraph::SourceMeta{}, "S", year, "");
      for (const citegraph::NodeId w : background) g.cite(s, w);
      if (year >= 2004 && year <= 2006) g.cite(s, hot);
    }
  }
  const citegraph::NodeId undated = g.source(1, citegraph::SourceMeta{}, "S", 0, "");
  g.cite(undated, hot);
  const citegraph::CitationGraph graph = g.build();
  BurstParams params;
  const citegraph::CitationBursts one = citegraph::citation_bursts(graph, params);
  CHECK(one.first_year == 2000);
  CHECK(one.last_year == 2009);
  CHECK(one.citations_per_year[0] == 12);
  CHECK(one.citations_per_year[4] == 15);
  CHECK(one.citations_without_year == 1);
  REQUIRE(one.bursts.size() == 1);
  CHECK(one.bursts[0].work == hot);
  CHECK(one.bursts[0].begin == 2004);
  CHECK(one.bursts[0].end == 2006);
  CHECK(one.bursts[0].strength > 0);
  params.threads = 3;
  const citegraph::CitationBursts three = citegraph::citation_bursts(graph, params);
  REQUIRE(three.bursts.size() == 1);
  CHECK(three.bursts[0].strength == one.bursts[0].strength);
}

TEST_CASE("bursts: every cited work's bursts equal detect_bursts on its full series") {
  // citation_bursts solves each work only between its first and last citation year, with the
  // binomial coefficients left out; detect_bursts solves the whole series with them. Random
  // graphs with bursty works: the same bursts, the same strengths to rounding.
  std::mt19937 rng(20261208);
  for (int trial = 0; trial < 40; ++trial) {
    citegraph::test::GraphMaker g({"A"});
    const int works = 30;
    for (int w = 0; w < works; ++w) g.work("J", 1990);
    const int years = 3 + static_cast<int>(rng() % 20);
    for (int s = 0; s < 150; ++s) {
      const int year = 2000 + static_cast<int>(rng() % static_cast<unsigned>(years));
      const citegraph::NodeId src = g.source(1, citegraph::SourceMeta{}, "S", year, "");
      for (int w = 0; w < works; ++w) {
        // Work w is cited more around year 2000 + w % years: bursts at different places.
        const bool near = std::abs(year - 2000 - w % years) <= 1;
        if (rng() % 100 < (near ? 40u : 5u)) g.cite(src, static_cast<citegraph::NodeId>(w));
      }
    }
    const citegraph::CitationGraph graph = g.build();
    BurstParams params;
    params.gamma = static_cast<double>(rng() % 20) / 10.0;
    params.min_duration = 1 + static_cast<std::uint32_t>(rng() % 2);
    const citegraph::CitationBursts found = citegraph::citation_bursts(graph, params);
    std::vector<citegraph::WorkBurst> expected;
    for (citegraph::NodeId w = 0; w < works; ++w) {
      Counts r(found.citations_per_year.size(), 0);
      for (const citegraph::NodeId u : graph.in().neighbors(w)) {
        ++r[static_cast<std::size_t>(graph.year(u) - found.first_year)];
      }
      for (const citegraph::Burst& b :
           citegraph::detect_bursts(r, found.citations_per_year, params).bursts) {
        expected.push_back({w, found.first_year + static_cast<std::int32_t>(b.begin),
                            found.first_year + static_cast<std::int32_t>(b.end), b.strength});
      }
    }
    CAPTURE(trial);
    REQUIRE(found.bursts.size() == expected.size());
    std::vector<citegraph::WorkBurst> sorted = found.bursts;
    const auto by_work = [](const citegraph::WorkBurst& x, const citegraph::WorkBurst& y) {
      return x.work != y.work ? x.work < y.work : x.begin < y.begin;
    };
    std::sort(sorted.begin(), sorted.end(), by_work);
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      CHECK(sorted[i].work == expected[i].work);
      CHECK(sorted[i].begin == expected[i].begin);
      CHECK(sorted[i].end == expected[i].end);
      CHECK(sorted[i].strength == doctest::Approx(expected[i].strength).epsilon(1e-12));
    }
  }
}

TEST_CASE("bursts: a subject term carried by the sources of a run of years bursts there") {
  citegraph::test::GraphMaker g({"A"});
  const citegraph::NodeId cited = g.work("J", 1990);
  for (int year = 2000; year <= 2009; ++year) {
    for (int k = 0; k < 4; ++k) {
      citegraph::SourceMeta meta;
      meta.keywords = {"Fibrosis"};
      // "Rituximab" as a keyword and as a MeSH major topic: one term, counted once per source.
      if (year >= 2006 && year <= 2008 && k < 3) {
        meta.keywords.push_back("rituximab");
        meta.mesh = {"Rituximab/*therapeutic use"};
      }
      g.cite(g.source(1, meta, "S", year, ""), cited);
    }
  }
  const citegraph::CitationGraph graph = g.build();
  const citegraph::TermBursts bursts = citegraph::term_bursts(graph, BurstParams{});
  CHECK(bursts.first_year == 2000);
  CHECK(bursts.sources_per_year.size() == 10);
  CHECK(bursts.sources_per_year[0] == 4);
  REQUIRE(bursts.bursts.size() == 1);  // "fibrosis" is in every source: no burst
  CHECK(bursts.bursts[0].term == "rituximab");
  CHECK(bursts.bursts[0].begin == 2006);
  CHECK(bursts.bursts[0].end == 2008);
}
