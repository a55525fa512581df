// Main path analysis: SPC, SPLC and SPNP against an enumeration of every path on random DAGs,
// the global main path against every source-to-sink path, local and key-route paths on a drawn
// graph, cycle breaking, and counts beyond 1e308 on a deep layered DAG.
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/historiograph.hpp"
#include "citegraph/analysis/main_path.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace {

using citegraph::MainPathArc;
using citegraph::MainPathResult;
using citegraph::NodeId;
using Cites = std::vector<std::pair<NodeId, NodeId>>;  // (citing, cited)

// Every kept arc in the result, not only those on a path: the tests check every weight.
citegraph::MainPathParams all_arcs() {
  citegraph::MainPathParams params;
  params.all_arcs = true;
  return params;
}

struct Enumerated {
  std::map<std::pair<NodeId, NodeId>, double> spc, splc, spnp;  // by (cited, citing)
  std::map<std::pair<NodeId, NodeId>, bool> global;
};

// Every path of the flow graph (cited -> citing), counted onto its arcs by definition.
Enumerated enumerate(NodeId n, const Cites& cites) {
  std::vector<std::vector<NodeId>> succ(n), pred(n);
  for (const auto& [citing, cited] : cites) {
    succ[cited].push_back(citing);
    pred[citing].push_back(cited);
  }
  Enumerated e;
  std::vector<std::vector<NodeId>> full_paths;  // source to sink
  std::vector<NodeId> path;
  std::function<void(NodeId)> walk = [&](NodeId v) {
    path.push_back(v);
    const bool from_source = pred[path.front()].empty();
    const bool to_sink = succ[v].empty();
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      const auto arc = std::make_pair(path[i], path[i + 1]);
      e.spnp[arc] += 1;
      if (to_sink) e.splc[arc] += 1;
      if (to_sink && from_source) e.spc[arc] += 1;
    }
    if (to_sink && from_source && path.size() > 1) full_paths.push_back(path);
    for (const NodeId w : succ[v]) walk(w);
    path.pop_back();
  };
  for (NodeId v = 0; v < n; ++v) walk(v);
  double best = -1;
  std::vector<double> totals;
  for (const auto& p : full_paths) {
    double total = 0;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) total += e.spc[{p[i], p[i + 1]}];
    totals.push_back(total);
    best = std::max(best, total);
  }
  for (std::size_t k = 0; k < full_paths.size(); ++k) {
    if (totals[k] != best) continue;
    for (std::size_t i = 0; i + 1 < full_paths[k].size(); ++i) {
      e.global[{full_paths[k][i], full_paths[k][i + 1]}] = true;
    }
  }
  return e;
}

const MainPathArc* find_arc(const MainPathResult& r, NodeId cited, NodeId citing) {
  for (const MainPathArc& a : r.arcs) {
    if (a.cited == cited && a.citing == citing) return &a;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("main path: SPC, SPLC, SPNP and the global path equal an enumeration of every path") {
  std::mt19937 rng(20261207);
  for (int trial = 0; trial < 200; ++trial) {
    const auto n = static_cast<NodeId>(2 + rng() % 9);
    Cites cites;  // a newer work (larger id) cites an older one: acyclic
    for (NodeId citing = 1; citing < n; ++citing) {
      for (NodeId cited = 0; cited < citing; ++cited) {
        if (rng() % 3 == 0) cites.emplace_back(citing, cited);
      }
    }
    const citegraph::CitationGraph g = citegraph::test::citation_graph(n, cites);
    const MainPathResult r = citegraph::main_paths(g, all_arcs());
    const Enumerated e = enumerate(n, cites);
    CAPTURE(trial);
    CHECK(r.cycle_arcs_removed == 0);
    CHECK(r.exact);
    REQUIRE(r.arcs.size() == e.spnp.size());
    for (const MainPathArc& a : r.arcs) {
      const auto arc = std::make_pair(a.cited, a.citing);
      CHECK(a.spnp.to_double() == e.spnp.at(arc));
      CHECK(a.splc.to_double() == (e.splc.count(arc) ? e.splc.at(arc) : 0.0));
      CHECK(a.spc.to_double() == (e.spc.count(arc) ? e.spc.at(arc) : 0.0));
      CHECK(a.global == (e.global.count(arc) > 0));
    }
  }
}

TEST_CASE("main path: by default only the arcs on a path, as flagged in the full result") {
  std::mt19937 rng(20261208);
  for (int trial = 0; trial < 100; ++trial) {
    const auto n = static_cast<NodeId>(3 + rng() % 40);
    Cites cites;
    for (NodeId citing = 1; citing < n; ++citing) {
      for (NodeId cited = 0; cited < citing; ++cited) {
        if (rng() % 4 == 0) cites.emplace_back(citing, cited);
      }
    }
    const citegraph::CitationGraph g = citegraph::test::citation_graph(n, cites);
    citegraph::MainPathParams params;
    params.key_routes = static_cast<std::uint32_t>(rng() % 4);
    const MainPathResult lean = citegraph::main_paths(g, params);
    params.all_arcs = true;
    const MainPathResult full = citegraph::main_paths(g, params);
    CHECK(lean.flow_arcs == full.arcs.size());
    CHECK(lean.global_weight == full.global_weight);
    std::vector<MainPathArc> on_path;
    for (const MainPathArc& a : full.arcs) {
      if (a.global || a.local_forward || a.local_backward || a.key_route) on_path.push_back(a);
    }
    REQUIRE(lean.arcs.size() == on_path.size());
    for (std::size_t i = 0; i < on_path.size(); ++i) {
      CHECK(lean.arcs[i].cited == on_path[i].cited);
      CHECK(lean.arcs[i].citing == on_path[i].citing);
      CHECK(lean.arcs[i].spc == on_path[i].spc);
      CHECK(lean.arcs[i].spnp == on_path[i].spnp);
      CHECK(lean.arcs[i].key_route == on_path[i].key_route);
    }
  }
}

TEST_CASE("main path: local forward, backward and key-route on a drawn DAG") {
  // Flow (cited -> citing): 0 -> 2, 1 -> 2, 2 -> 3, 2 -> 4, 3 -> 5, 4 -> 5, 4 -> 6.
  // Sources 0, 1; sinks 5, 6. N-: 0:1 1:1 2:2 3:2 4:2 5:4 6:2. N+: 6:1 5:1 4:2 3:1 2:3 0:3 1:3.
  const Cites cites = {{2, 0}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {5, 4}, {6, 4}};
  const citegraph::CitationGraph g = citegraph::test::citation_graph(7, cites);
  citegraph::MainPathParams params = all_arcs();
  params.key_routes = 1;
  const MainPathResult r = citegraph::main_paths(g, params);
  CHECK(find_arc(r, 0, 2)->spc.to_double() == 3);
  CHECK(find_arc(r, 2, 3)->spc.to_double() == 2);
  CHECK(find_arc(r, 2, 4)->spc.to_double() == 4);
  CHECK(find_arc(r, 4, 5)->spc.to_double() == 2);
  CHECK(find_arc(r, 4, 6)->spc.to_double() == 2);
  // Forward: 0 -> 2 and 1 -> 2 tie (3); from 2 the heavier 2 -> 4; from 4 a tie to 5 and 6.
  for (const auto& [a, b] : Cites{{0, 2}, {1, 2}, {2, 4}, {4, 5}, {4, 6}}) {
    CHECK(find_arc(r, a, b)->local_forward);
  }
  CHECK_FALSE(find_arc(r, 2, 3)->local_forward);
  // Backward: into the sinks 3 -> 5 (2), 4 -> 5 (2), 4 -> 6 (2) tie; into 4: 2 -> 4; into 3:
  // 2 -> 3; into 2: 0 -> 2 and 1 -> 2 tie.
  for (const MainPathArc& a : r.arcs) CHECK(a.local_backward);
  // The heaviest arc is 2 -> 4 (4): extended forward to 5 and 6, backward to 0 and 1.
  CHECK(find_arc(r, 2, 4)->key_route);
  CHECK_FALSE(find_arc(r, 2, 3)->key_route);
  CHECK_FALSE(find_arc(r, 3, 5)->key_route);
  CHECK(find_arc(r, 0, 2)->key_route);
  CHECK(find_arc(r, 4, 6)->key_route);
  CHECK(r.global_weight.to_double() == 3 + 4 + 2);
}

TEST_CASE("main path: a cycle is broken inside its component by (year, id), and counted") {
  // 0 and 1 cite each other (same year, ids decide: the arc 0 -> 1 is kept), 2 cites 1.
  const Cites cites = {{0, 1}, {1, 0}, {2, 1}};
  const citegraph::CitationGraph g = citegraph::test::citation_graph(3, cites);
  const MainPathResult r = citegraph::main_paths(g, all_arcs());
  CHECK(r.cycle_arcs_removed == 1);
  REQUIRE(r.arcs.size() == 2);
  CHECK(find_arc(r, 0, 1) != nullptr);
  CHECK(find_arc(r, 1, 0) == nullptr);
  CHECK(find_arc(r, 1, 2) != nullptr);
}

TEST_CASE("main path: counts beyond 1e308 on a deep layered DAG never overflow") {
  // 1100 layers of two works, each citing both works of the layer before: 2^1098 paths
  // through every arc (3.39574632262e+330: Python's str(2**1098)).
  constexpr NodeId kLayers = 1100;
  Cites cites;
  for (NodeId layer = 1; layer < kLayers; ++layer) {
    for (NodeId a = 0; a < 2; ++a) {
      for (NodeId b = 0; b < 2; ++b) cites.emplace_back(2 * layer + a, 2 * (layer - 1) + b);
    }
  }
  const citegraph::CitationGraph g = citegraph::test::citation_graph(2 * kLayers, cites);
  const MainPathResult r = citegraph::main_paths(g, all_arcs());
  CHECK_FALSE(r.exact);
  for (const MainPathArc& a : r.arcs) {
    CHECK(a.spc.log10() == doctest::Approx(1098 * std::log10(2.0)));
    CHECK(std::isinf(a.spc.to_double()));
    CHECK(a.global);  // every arc carries the same weight
  }
  CHECK(r.arcs.front().spc.to_string() == "3.39574632262e+330");
  CHECK(citegraph::PathCount(3.0).to_string() == "3");
  CHECK(citegraph::PathCount(9007199254740991.0).to_string() == "9007199254740991");
}

TEST_CASE("main path: weights by name") {
  CHECK(citegraph::parse_main_path_weight("splc") == citegraph::MainPathWeight::kSplc);
  CHECK_THROWS_AS((void)citegraph::parse_main_path_weight("spx"), citegraph::InvalidArgument);
}

namespace {

// A flow graph given as arcs "XY" (knowledge flows from X to Y: Y cites X) on letters from 'A'.
citegraph::CitationGraph flow_graph(const std::vector<std::string>& arcs, NodeId n) {
  Cites cites;
  for (const std::string& arc : arcs) {
    cites.emplace_back(static_cast<NodeId>(arc[1] - 'A'), static_cast<NodeId>(arc[0] - 'A'));
  }
  return citegraph::test::citation_graph(n, cites);
}

}  // namespace

TEST_CASE("main path: the published vectors of felipefrr/mpa_splc's 14-node test graph") {
  const std::vector<std::string> arcs = {"AC", "CE", "CH", "EG", "GH", "HK", "BC", "BD", "BJ",
                                         "DF", "DI", "FH", "FI", "IL", "IM", "JM", "MN"};
  const std::vector<double> spc = {2, 2, 2, 2, 2, 5, 2, 5, 1, 3, 2, 1, 2, 2, 2, 1, 3};
  const std::vector<double> splc = {2, 3, 3, 4, 5, 12, 2, 5, 1, 6, 4, 3, 6, 6, 6, 2, 9};
  const MainPathResult r = citegraph::main_paths(flow_graph(arcs, 14), all_arcs());
  std::string global;
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    CAPTURE(arcs[i]);
    const MainPathArc* a =
        find_arc(r, static_cast<NodeId>(arcs[i][0] - 'A'), static_cast<NodeId>(arcs[i][1] - 'A'));
    REQUIRE(a != nullptr);
    CHECK(a->spc.to_double() == spc[i]);
    CHECK(a->splc.to_double() == splc[i]);
    if (a->global) global += arcs[i] + " ";
  }
  CHECK(global == "BD DF FI IM MN ");  // B-D-F-I-M-N
}

TEST_CASE("main path: the published vectors of 1 -> 2 -> {3, 4} -> 5") {
  const std::vector<std::string> arcs = {"AB", "BC", "BD", "CE", "DE"};
  const std::vector<double> spc = {2, 1, 1, 1, 1}, splc = {2, 2, 2, 3, 3}, spnp = {5, 4, 4, 3, 3};
  const MainPathResult r = citegraph::main_paths(flow_graph(arcs, 5), all_arcs());
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    CAPTURE(arcs[i]);
    const MainPathArc* a =
        find_arc(r, static_cast<NodeId>(arcs[i][0] - 'A'), static_cast<NodeId>(arcs[i][1] - 'A'));
    REQUIRE(a != nullptr);
    CHECK(a->spc.to_double() == spc[i]);
    CHECK(a->splc.to_double() == splc[i]);
    CHECK(a->spnp.to_double() == spnp[i]);
  }
}

TEST_CASE("historiograph: the most locally cited sources and the citations among them") {
  // Sources s0 (2000) <- s1 (2001), s2 (2002), s3 (2003); s1 <- s2, s3; s2 <- s3; s4 (1999)
  // cited by s3 only; a cited-only work w cited by all (not a source: never in the graph).
  citegraph::test::GraphMaker g({"A"});
  std::vector<NodeId> s;
  for (const int year : {2000, 2001, 2002, 2003, 1999}) {
    s.push_back(g.source(1, citegraph::SourceMeta{}, "J", year, ""));
  }
  const NodeId w = g.work("J", 1990);
  for (const auto& [a, b] :
       std::vector<std::pair<int, int>>{{1, 0}, {2, 0}, {3, 0}, {2, 1}, {3, 1}, {3, 2}, {3, 4}}) {
    g.cite(s[static_cast<std::size_t>(a)], s[static_cast<std::size_t>(b)]);
  }
  for (const NodeId v : s) g.cite(v, w);
  const citegraph::CitationGraph graph = g.build();
  citegraph::HistoriographParams params;
  params.top = 3;
  const citegraph::Historiograph h = citegraph::historiograph(graph, params);
  CHECK(h.local_citations == 7);
  CHECK(h.cited_sources == 4);
  // LCS: s0 3, s1 2, s2 1, s4 1 -> top 3 keeps s0, s1 and (tie by year) s4 of 1999.
  REQUIRE(h.nodes.size() == 3);
  CHECK(h.nodes == std::vector<NodeId>{s[4], s[0], s[1]});  // by year
  CHECK(h.lcs == std::vector<std::uint64_t>{1, 3, 2});
  // Among them only s1 -> s0.
  CHECK(h.citations == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{2, 1}});
}
