// Time slices (analysis/time_slices.cpp): golden numbers on a hand-worked graph, agreement with a
// direct recount on random graphs, parameter errors.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include <doctest/doctest.h>

#include "citegraph/analysis/time_slices.hpp"
#include "citegraph/graph/error.hpp"
#include "graph_maker.hpp"

using citegraph::NodeId;
using citegraph::SliceParams;
using citegraph::SliceRule;

namespace {

SliceParams rule(SliceRule r, std::uint64_t value, std::uint64_t years) {
  SliceParams p;
  p.rule = r;
  p.value = static_cast<double>(value);
  p.years = static_cast<std::uint32_t>(years);
  return p;
}

}  // namespace

TEST_CASE("time slices: a hand-worked graph of two two-year slices") {
  citegraph::test::GraphMaker g({"F"});
  const NodeId a = g.work("J", 1990), b = g.work("J", 1991), c = g.work("J", 1992),
               d = g.work("J", 1993);
  auto source = [&](int year, std::initializer_list<NodeId> refs) {
    const NodeId s = g.source(1, citegraph::SourceMeta{}, "S", year);
    for (const NodeId r : refs) g.cite(s, r);
  };
  source(2000, {a, b, c});
  source(2000, {a, b});
  source(2001, {a, c});
  source(2002, {c, d});
  source(2003, {c, d, a});
  const citegraph::CitationGraph graph = g.build();
  for (const SliceParams& p : {rule(SliceRule::kTopN, 2, 2), rule(SliceRule::kGIndex, 1, 2),
                               rule(SliceRule::kTopPercent, 50, 2)}) {
    CAPTURE(citegraph::slice_rule_text(p));
    const citegraph::TimeSliceResult r = citegraph::time_slices(graph, p);
    REQUIRE(r.slices.size() == 2);
    const citegraph::TimeSlice& s0 = r.slices[0];
    CHECK(s0.begin == 2000);
    CHECK(s0.end == 2001);
    CHECK(s0.citing == 3);
    CHECK(s0.citations == 7);
    CHECK(s0.cited_works == 3);
    // A 3, then B and C 2 each: B wins the tie by node id.
    CHECK(s0.selected == std::vector<NodeId>{a, b});
    CHECK(s0.threshold == 2);
    REQUIRE(s0.links.size() == 1);
    CHECK((s0.links[0].a == a && s0.links[0].b == b && s0.links[0].count == 2));
    const citegraph::TimeSlice& s1 = r.slices[1];
    CHECK(s1.begin == 2002);
    CHECK(s1.end == 2003);
    CHECK(s1.citations == 5);
    // p = 50%: ceil(1.5) = 2 of C, D, A; g-index: 1 <= 2, 4 <= 4, 9 > 5.
    CHECK(s1.selected == std::vector<NodeId>{c, d});
    REQUIRE(s1.links.size() == 1);
    CHECK((s1.links[0].a == c && s1.links[0].b == d && s1.links[0].count == 2));
    CHECK(r.works == std::vector<NodeId>{a, b, c, d});
    CHECK(r.first_slice == std::vector<std::uint32_t>{0, 0, 1, 1});
    CHECK(r.citations == std::vector<std::uint32_t>{3, 1, 2, 0, 2, 2, 0, 2});
    REQUIRE(r.links.size() == 2);
    CHECK((r.links[1].a == c && r.links[1].first_slice == 1 && r.links[1].count == 2));
  }
}

namespace {

// The slices recounted directly from their definition, with ordered maps.
struct Expected {
  std::vector<std::vector<NodeId>> selected;
  std::map<std::pair<NodeId, NodeId>, std::pair<std::uint32_t, std::uint32_t>> merged;
};

Expected recount(const citegraph::CitationGraph& graph, const SliceParams& p, std::int32_t first,
                 std::size_t slices) {
  Expected e;
  for (std::size_t s = 0; s < slices; ++s) {
    const std::int32_t lo = first + static_cast<std::int32_t>(s * p.years);
    const std::int32_t hi = lo + static_cast<std::int32_t>(p.years) - 1;
    std::map<NodeId, std::uint32_t> cites;
    std::vector<NodeId> citing;
    for (NodeId u = 0; u < graph.num_nodes(); ++u) {
      if (graph.year(u) < lo || graph.year(u) > hi || graph.out().degree(u) == 0) continue;
      citing.push_back(u);
      for (const NodeId v : graph.out().neighbors(u)) ++cites[v];
    }
    std::vector<std::pair<std::uint32_t, NodeId>> ranked;
    for (const auto& [v, c] : cites) ranked.emplace_back(c, v);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    std::size_t keep = 0;
    if (p.rule == SliceRule::kTopN)
      keep = std::min(ranked.size(), static_cast<std::size_t>(p.value));
    if (p.rule == SliceRule::kTopPercent) {
      keep =
          static_cast<std::size_t>(std::ceil(p.value * static_cast<double>(ranked.size()) / 100.0));
    }
    for (std::size_t g = 1; p.rule == SliceRule::kGIndex && g <= ranked.size(); ++g) {
      double sum = 0;
      for (std::size_t i = 0; i < g; ++i) sum += ranked[i].first;
      if (static_cast<double>(g * g) <= p.value * sum) keep = g;
    }
    std::set<NodeId> chosen;
    for (std::size_t i = 0; i < keep; ++i) chosen.insert(ranked[i].second);
    e.selected.emplace_back(chosen.begin(), chosen.end());
    for (const NodeId u : citing) {
      for (const NodeId x : graph.out().neighbors(u)) {
        for (const NodeId y : graph.out().neighbors(u)) {
          if (x >= y || chosen.count(x) == 0 || chosen.count(y) == 0) continue;
          auto [it, fresh] = e.merged.emplace(std::make_pair(x, y), std::make_pair(0u, s));
          ++it->second.first;
        }
      }
    }
  }
  return e;
}

}  // namespace

TEST_CASE("time slices: every rule agrees with a direct recount on random graphs") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    citegraph::test::GraphMaker g({"F"});
    const int works = 20 + static_cast<int>(rng() % 60);
    for (int w = 0; w < works; ++w) g.work("J", 0);
    const int first = 1990 + static_cast<int>(rng() % 5);
    const int span = 1 + static_cast<int>(rng() % 12);
    std::int32_t earliest = 0;
    for (int s = 0; s < 40; ++s) {
      const int year = first + static_cast<int>(rng() % span);
      earliest = earliest == 0 ? year : std::min(earliest, year);
      const NodeId src = g.source(1, citegraph::SourceMeta{}, "S", year);
      std::set<NodeId> refs;
      const int k = 1 + static_cast<int>(rng() % 9);
      // Skewed: low ids are cited more, so the counts have ties and a tail.
      while (static_cast<int>(refs.size()) < k) {
        refs.insert(static_cast<NodeId>(std::min(rng() % works, rng() % works)));
      }
      for (const NodeId r : refs) g.cite(src, r);
    }
    const citegraph::CitationGraph graph = g.build();
    const SliceParams p = trial % 3 == 0 ? rule(SliceRule::kTopN, 1 + rng() % 8, 1 + rng() % 4)
                          : trial % 3 == 1
                              ? rule(SliceRule::kTopPercent, 5 + rng() % 60, 1 + rng() % 4)
                              : rule(SliceRule::kGIndex, 1 + rng() % 30, 1 + rng() % 4);
    CAPTURE(citegraph::slice_rule_text(p));
    CAPTURE(p.years);
    const citegraph::TimeSliceResult r = citegraph::time_slices(graph, p);
    const Expected e = recount(graph, p, earliest, r.slices.size());
    REQUIRE(r.slices.size() == (static_cast<std::size_t>(span) - 1) / p.years + 1);
    for (std::size_t s = 0; s < r.slices.size(); ++s) CHECK(r.slices[s].selected == e.selected[s]);
    REQUIRE(r.links.size() == e.merged.size());
    std::size_t i = 0;
    for (const auto& [pair, value] : e.merged) {
      CHECK(r.links[i].a == pair.first);
      CHECK(r.links[i].b == pair.second);
      CHECK(r.links[i].count == value.first);
      CHECK(r.links[i].first_slice == value.second);
      ++i;
    }
  }
}

TEST_CASE("time slices: no years or no slicing gives no slice, parameters are checked") {
  citegraph::test::GraphMaker g({"F"});
  const NodeId a = g.work("J", 1990);
  const NodeId s = g.source(1, citegraph::SourceMeta{}, "S", 0);
  g.cite(s, a);
  const citegraph::CitationGraph graph = g.build();
  const citegraph::TimeSliceResult none = citegraph::time_slices(graph, SliceParams{});
  CHECK(none.slices.empty());
  CHECK(none.works.empty());
  CHECK(none.citing_without_year == 1);
  CHECK(citegraph::time_slices(graph, rule(SliceRule::kTopN, 3, 0)).slices.empty());

  SliceParams p;
  citegraph::parse_slice_rule("top-percent=12.5", p);
  CHECK(p.rule == SliceRule::kTopPercent);
  CHECK(p.value == 12.5);
  CHECK(citegraph::slice_rule_text(p) == "top-percent=12.5");
  CHECK_THROWS_WITH_AS(citegraph::parse_slice_rule("top-percent=150", p),
                       "slice selection top-percent=150: at most 100%", citegraph::InvalidArgument);
  CHECK_THROWS_WITH_AS(citegraph::parse_slice_rule("top=2.5", p),
                       "slice selection top=2.5: N is a whole number", citegraph::InvalidArgument);
  CHECK_THROWS_AS(citegraph::parse_slice_rule("g-index=", p), citegraph::InvalidArgument);
  CHECK_THROWS_AS(citegraph::parse_slice_rule("hindex=3", p), citegraph::InvalidArgument);
  CHECK_THROWS_AS(citegraph::parse_slice_rule("g-index=0", p), citegraph::InvalidArgument);
}
