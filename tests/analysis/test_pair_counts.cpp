// Co-citation and coupling: golden values on tiny drawn graphs, edge cases, every filter, and
// agreement with a naive set-intersection implementation on random graphs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {
namespace {

struct TestEdge {
  NodeId from;
  NodeId to;
  CorpusSet corpora = 1;
};

// A graph of n nodes from an edge list (citing -> cited); every NodeTable column has n rows.
CitationGraph make_graph(NodeId n, std::vector<TestEdge> edges,
                         std::vector<std::string> corpus_names = {"A"}) {
  std::sort(edges.begin(), edges.end(), [](const TestEdge& x, const TestEdge& y) {
    return std::tie(x.from, x.to) < std::tie(y.from, y.to);
  });
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<NodeId> targets;
  std::vector<CorpusSet> edge_corpora;
  NodeTable nodes;
  nodes.source_corpora.assign(n, 0);
  std::vector<bool> is_source(n, false);
  for (const TestEdge& e : edges) {
    ++offsets[static_cast<std::size_t>(e.from) + 1];
    targets.push_back(e.to);
    edge_corpora.push_back(e.corpora);
    is_source[e.from] = true;
    nodes.source_corpora[e.from] |= e.corpora;
  }
  for (NodeId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  for (NodeId v = 0; v < n; ++v) nodes.pmid.push_back(1000 + v);
  nodes.year.assign(n, 0);
  for (NodeId v = 0; v < n; ++v) {
    if (!is_source[v]) continue;
    SourceMeta meta;
    meta.has_reference_list = true;
    nodes.sources.emplace_back(v, meta);
  }
  return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(nodes),
                       std::move(edge_corpora), std::move(corpus_names));
}

const Pair* find(const PairResult& r, NodeId a, NodeId b) {
  for (const Pair& p : r.pairs) {
    if (p.a == a && p.b == b) return &p;
  }
  return nullptr;
}

std::vector<std::pair<NodeId, NodeId>> ids(const PairResult& r) {
  std::vector<std::pair<NodeId, NodeId>> out;
  for (const Pair& p : r.pairs) out.emplace_back(p.a, p.b);
  return out;
}

using Ids = std::vector<std::pair<NodeId, NodeId>>;

// Every witness of a pair (the citing sources; for coupling the shared works).
std::vector<NodeId> witnesses(const CitationGraph& g, const PairResult& r, const Pair& p) {
  std::vector<NodeId> out;
  const std::uint64_t total = pair_witnesses(g, r, p, kAllWitnesses, out);
  CHECK(total == out.size());
  return out;
}

double strength(const PairResult& r, const Pair& p, Normalization by) {
  return pair_strength(r, p, by);
}

void check_pair(const PairResult& r, NodeId a, NodeId b, double count, double association,
                double cosine, double jaccard, double inclusion) {
  CAPTURE(a);
  CAPTURE(b);
  const Pair* p = find(r, a, b);
  REQUIRE(p != nullptr);
  CHECK(p->count == doctest::Approx(count).epsilon(1e-12));
  CHECK(strength(r, *p, Normalization::kCount) == p->count);
  CHECK(strength(r, *p, Normalization::kAssociation) ==
        doctest::Approx(association).epsilon(1e-12));
  CHECK(strength(r, *p, Normalization::kCosine) == doctest::Approx(cosine).epsilon(1e-12));
  CHECK(strength(r, *p, Normalization::kJaccard) == doctest::Approx(jaccard).epsilon(1e-12));
  CHECK(strength(r, *p, Normalization::kInclusion) == doctest::Approx(inclusion).epsilon(1e-12));
}

// Sources 0, 1, 2 (corpus A = bit 0 for 0 and 1, corpus B = bit 1 for 2); works 3..6.
//   0 cites 3 4 5;  1 cites 3 4;  2 cites 4 5 6.
CitationGraph three_sources() {
  return make_graph(
      7, {{0, 3, 1}, {0, 4, 1}, {0, 5, 1}, {1, 3, 1}, {1, 4, 1}, {2, 4, 2}, {2, 5, 2}, {2, 6, 2}},
      {"A", "B"});
}

bool identical(const PairResult& x, const PairResult& y) {
  if (x.pairs.size() != y.pairs.size() || x.item_count != y.item_count ||
      x.candidate_pairs != y.candidate_pairs) {
    return false;
  }
  for (std::size_t k = 0; k < x.pairs.size(); ++k) {
    const Pair& p = x.pairs[k];
    const Pair& q = y.pairs[k];
    // Exact comparison on purpose: the result must be byte-identical across thread counts.
    // The normalisations and witnesses are functions of (a, b, count, item_count).
    if (p.a != q.a || p.b != q.b || p.count != q.count) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("co-citation of three sources: exact counts and all four normalisations") {
  const CitationGraph g = three_sources();
  const PairResult r = cocitation(g, PairParams{});
  CHECK(ids(r) == Ids{{3, 4}, {3, 5}, {4, 5}, {4, 6}, {5, 6}});
  CHECK(r.item_count == std::vector<double>{0, 0, 0, 2, 3, 2, 1});
  CHECK(r.candidate_pairs == 5);
  CHECK(r.threads == 1);
  check_pair(r, 3, 4, 2, 1.0 / 3, 2 / std::sqrt(6.0), 2.0 / 3, 1);
  check_pair(r, 3, 5, 1, 1.0 / 4, 1.0 / 2, 1.0 / 3, 1.0 / 2);
  check_pair(r, 4, 5, 2, 1.0 / 3, 2 / std::sqrt(6.0), 2.0 / 3, 1);
  check_pair(r, 4, 6, 1, 1.0 / 3, 1 / std::sqrt(3.0), 1.0 / 3, 1);
  check_pair(r, 5, 6, 1, 1.0 / 2, 1 / std::sqrt(2.0), 1.0 / 2, 1);
}

TEST_CASE("co-citation witnesses are the citing sources, sorted; off when not asked for") {
  const CitationGraph g = three_sources();
  const PairResult r = cocitation(g, PairParams{});
  CHECK(witnesses(g, r, *find(r, 3, 4)) == std::vector<NodeId>{0, 1});
  CHECK(witnesses(g, r, *find(r, 3, 5)) == std::vector<NodeId>{0});
  CHECK(witnesses(g, r, *find(r, 4, 5)) == std::vector<NodeId>{0, 2});
  CHECK(witnesses(g, r, *find(r, 4, 6)) == std::vector<NodeId>{2});
  CHECK(witnesses(g, r, *find(r, 5, 6)) == std::vector<NodeId>{2});
  // Bounded: the first N in order, and the total.
  std::vector<NodeId> first;
  CHECK(pair_witnesses(g, r, *find(r, 4, 5), 1, first) == 2);
  CHECK(first == std::vector<NodeId>{0});
  first.clear();
  CHECK(pair_witnesses(g, PairKind::kCocitation, PairParams::kAllCorpora, 4, 5, 0, first) == 2);
  CHECK(first.empty());
  CHECK_THROWS_AS(pair_witnesses(g, PairKind::kCocitation, PairParams::kAllCorpora, 4, 7, 1, first),
                  InvalidArgument);

  // witnesses = false changes nothing in the counting (they are never stored).
  PairParams params;
  params.witnesses = false;
  const PairResult bare = cocitation(g, params);
  CHECK(ids(bare) == ids(r));
  CHECK(find(bare, 3, 4)->count == 2);
}

TEST_CASE("fractional counting: 1/(k-1) per pair, c_i = contexts with k >= 2") {
  // Source 7 cites only work 6: a k = 1 source adds nothing and is not in c_6 under
  // fractional counting, but it is a citation of 6 under full counting.
  std::vector<TestEdge> edges = {{0, 3}, {0, 4}, {0, 5}, {1, 3}, {1, 4},
                                 {2, 4}, {2, 5}, {2, 6}, {7, 6}};
  const CitationGraph g = make_graph(8, edges);
  PairParams params;
  params.counting = Counting::kFractional;
  const PairResult r = cocitation(g, params);
  CHECK(ids(r) == Ids{{3, 4}, {3, 5}, {4, 5}, {4, 6}, {5, 6}});
  CHECK(r.item_count == std::vector<double>{0, 0, 0, 2, 3, 2, 1, 0});
  // Source 0 (k = 3) adds 1/2, source 1 (k = 2) adds 1, source 2 (k = 3) adds 1/2.
  check_pair(r, 3, 4, 1.5, 1.5 / 6, 1.5 / std::sqrt(6.0), 1.5 / 3.5, 1.5 / 2);
  check_pair(r, 3, 5, 0.5, 0.5 / 4, 0.5 / 2, 0.5 / 3.5, 0.5 / 2);
  check_pair(r, 4, 5, 1.0, 1.0 / 6, 1.0 / std::sqrt(6.0), 1.0 / 4, 1.0 / 2);
  check_pair(r, 4, 6, 0.5, 0.5 / 3, 0.5 / std::sqrt(3.0), 0.5 / 3.5, 0.5);
  check_pair(r, 5, 6, 0.5, 0.5 / 2, 0.5 / std::sqrt(2.0), 0.5 / 2.5, 0.5);
  // c_i is the row sum of the fractional matrix.
  std::vector<double> row_sum(8, 0.0);
  for (const Pair& p : r.pairs) {
    row_sum[p.a] += p.count;
    row_sum[p.b] += p.count;
  }
  for (NodeId v = 0; v < 8; ++v) CHECK(row_sum[v] == doctest::Approx(r.item_count[v]));
  // Witnesses do not depend on the counting.
  CHECK(witnesses(g, r, *find(r, 3, 4)) == std::vector<NodeId>{0, 1});

  const PairResult full = cocitation(g, PairParams{});
  CHECK(full.item_count[6] == 2);
  check_pair(full, 4, 6, 1, 1.0 / 6, 1 / std::sqrt(6.0), 1.0 / 4, 1.0 / 2);
}

TEST_CASE("filter min_count keeps pairs shared by at least that many contexts") {
  const CitationGraph g = three_sources();
  PairParams params;
  params.min_count = 2;
  const PairResult r = cocitation(g, params);
  CHECK(ids(r) == Ids{{3, 4}, {4, 5}});
  CHECK(r.candidate_pairs == 5);
  CHECK(witnesses(g, r, *find(r, 3, 4)) == std::vector<NodeId>{0, 1});
  // Normalisations do not change with the filter.
  check_pair(r, 4, 5, 2, 1.0 / 3, 2 / std::sqrt(6.0), 2.0 / 3, 1);
  // Under fractional counting it still counts contexts, not the fractional sum (1.0 here).
  params.counting = Counting::kFractional;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {4, 5}});
  params.min_count = 3;
  CHECK(cocitation(g, params).pairs.empty());
  params.min_count = 0;  // same as 1
  CHECK(cocitation(g, params).pairs.size() == 5);
}

TEST_CASE("filter min_citations ignores rarely cited works as if absent") {
  const CitationGraph g = three_sources();
  PairParams params;
  params.min_citations = 2;  // work 6 has one citation
  const PairResult r = cocitation(g, params);
  CHECK(ids(r) == Ids{{3, 4}, {3, 5}, {4, 5}});
  CHECK(r.item_count == std::vector<double>{0, 0, 0, 2, 3, 2, 0});
  CHECK(r.candidate_pairs == 3);
  // Fractional: source 2 now has k = 2 and adds 1 to (4, 5).
  params.counting = Counting::kFractional;
  const PairResult f = cocitation(g, params);
  check_pair(f, 4, 5, 1.5, 1.5 / 6, 1.5 / std::sqrt(6.0), 1.5 / 3.5, 1.5 / 2);
  params.min_citations = 3;  // only work 4 is left: no pairs
  CHECK(cocitation(g, params).pairs.empty());
}

TEST_CASE("filter top_per_node: a pair survives when either endpoint keeps it") {
  const CitationGraph g = three_sources();
  PairParams params;
  params.top_per_node = 1;
  // By count: 3 keeps (3,4); 4 ties (3,4),(4,5) at 2 -> lower id 3; 5 keeps (4,5);
  // 6 ties (4,6),(5,6) at 1 -> (4,6).
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {4, 5}, {4, 6}});
  // By association (1/3, 1/4, 1/3, 1/3, 1/2): 3 -> (3,4); 4 -> three-way tie -> (3,4);
  // 5 -> (5,6); 6 -> (5,6).
  params.rank_by = Normalization::kAssociation;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {5, 6}});
  params.top_per_node = 2;
  params.rank_by = Normalization::kCount;
  // 3: both; 4: (3,4),(4,5); 5: (4,5) then (3,5) by id; 6: both.
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {3, 5}, {4, 5}, {4, 6}, {5, 6}});
  params.top_per_node = 100;
  CHECK(cocitation(g, params).pairs.size() == 5);
}

TEST_CASE("filter top keeps the strongest pairs overall, ties by ids, sorted by ids") {
  const CitationGraph g = three_sources();
  PairParams params;
  params.top = 1;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}});
  params.top = 3;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {3, 5}, {4, 5}});
  params.rank_by = Normalization::kCosine;  // 0.816, 0.5, 0.816, 0.577, 0.707
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {4, 5}, {5, 6}});
  params.rank_by = Normalization::kJaccard;  // 2/3, 1/3, 2/3, 1/3, 1/2
  params.top = 2;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {4, 5}});
  params.rank_by = Normalization::kInclusion;  // 1, 1/2, 1, 1, 1
  params.top = 4;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}, {4, 5}, {4, 6}, {5, 6}});
  params.top = 1000;
  CHECK(cocitation(g, params).pairs.size() == 5);
  // Filters compose in order min_count, top_per_node, top.
  params = PairParams{};
  params.min_count = 2;
  params.top = 1;
  CHECK(ids(cocitation(g, params)) == Ids{{3, 4}});
}

TEST_CASE("filter corpora uses only the edges of the chosen corpora") {
  const CitationGraph g = three_sources();
  PairParams params;
  params.corpora = 2;  // corpus B: source 2 alone
  const PairResult b = cocitation(g, params);
  CHECK(ids(b) == Ids{{4, 5}, {4, 6}, {5, 6}});
  CHECK(b.item_count == std::vector<double>{0, 0, 0, 0, 1, 1, 1});
  for (const Pair& p : b.pairs) {
    CHECK(p.count == 1);
    CHECK(witnesses(g, b, p) == std::vector<NodeId>{2});
  }
  params.corpora = 1;  // corpus A: sources 0 and 1
  const PairResult a = cocitation(g, params);
  CHECK(ids(a) == Ids{{3, 4}, {3, 5}, {4, 5}});
  check_pair(a, 4, 5, 1, 1.0 / 2, 1 / std::sqrt(2.0), 1.0 / 2, 1);
  params.corpora = 3;  // both: same as no filter
  CHECK(identical(cocitation(g, params), cocitation(g, PairParams{})));
  params.corpora = 4;  // a third corpus the graph does not have
  CHECK_THROWS_AS((void)cocitation(g, params), InvalidArgument);
}

TEST_CASE("coupling: sources sharing references, witnesses are the shared works") {
  const CitationGraph g = three_sources();
  const PairResult r = coupling(g, PairParams{});
  CHECK(ids(r) == Ids{{0, 1}, {0, 2}, {1, 2}});
  CHECK(r.item_count == std::vector<double>{3, 2, 3, 0, 0, 0, 0});
  check_pair(r, 0, 1, 2, 2.0 / 6, 2 / std::sqrt(6.0), 2.0 / 3, 1);
  check_pair(r, 0, 2, 2, 2.0 / 9, 2.0 / 3, 2.0 / 4, 2.0 / 3);
  check_pair(r, 1, 2, 1, 1.0 / 6, 1 / std::sqrt(6.0), 1.0 / 4, 1.0 / 2);
  CHECK(witnesses(g, r, *find(r, 0, 1)) == std::vector<NodeId>{3, 4});
  CHECK(witnesses(g, r, *find(r, 0, 2)) == std::vector<NodeId>{4, 5});
  CHECK(witnesses(g, r, *find(r, 1, 2)) == std::vector<NodeId>{4});

  // Fractional: works 3 (cited by 0,1) and 5 (0,2) add 1, work 4 (cited by 0,1,2) adds 1/2,
  // work 6 (one citer) nothing; c_s = references cited by >= 2 sources.
  PairParams params;
  params.counting = Counting::kFractional;
  const PairResult f = coupling(g, params);
  CHECK(f.item_count == std::vector<double>{3, 2, 2, 0, 0, 0, 0});
  check_pair(f, 0, 1, 1.5, 1.5 / 6, 1.5 / std::sqrt(6.0), 1.5 / 3.5, 1.5 / 2);
  check_pair(f, 0, 2, 1.5, 1.5 / 6, 1.5 / std::sqrt(6.0), 1.5 / 3.5, 1.5 / 2);
  check_pair(f, 1, 2, 0.5, 0.5 / 4, 0.5 / 2, 0.5 / 3.5, 0.5 / 2);

  // min_citations for coupling: sources with fewer references (source 1 has 2).
  params = PairParams{};
  params.min_citations = 3;
  const PairResult big = coupling(g, params);
  CHECK(ids(big) == Ids{{0, 2}});
  CHECK(big.item_count == std::vector<double>{3, 0, 3, 0, 0, 0, 0});
}

TEST_CASE("a star: one review citing 131 works gives 131*130/2 = 8515 pairs of count 1") {
  std::vector<TestEdge> edges;
  for (NodeId w = 1; w <= 131; ++w) edges.push_back({0, w});
  const CitationGraph g = make_graph(132, edges);
  PairParams params;
  params.threads = 2;
  const PairResult r = cocitation(g, params);
  REQUIRE(r.pairs.size() == 8515);
  CHECK(r.candidate_pairs == 8515);
  for (const Pair& p : r.pairs) {
    CHECK(p.count == 1);
    CHECK(strength(r, p, Normalization::kAssociation) == 1);
    CHECK(strength(r, p, Normalization::kCosine) == 1);
    CHECK(strength(r, p, Normalization::kJaccard) == 1);
    CHECK(strength(r, p, Normalization::kInclusion) == 1);
    CHECK(witnesses(g, r, p) == std::vector<NodeId>{0});
  }
  CHECK(r.pairs.front().a == 1);
  CHECK(r.pairs.front().b == 2);
  CHECK(r.pairs.back().a == 130);
  CHECK(r.pairs.back().b == 131);
  CHECK(r.item_count[0] == 0);
  CHECK(r.item_count[77] == 1);

  const PairEstimate e = estimate_cocitation(g);
  CHECK(e.pair_instances == 8515);
  CHECK(e.max_distinct_pairs == 8515);
  CHECK(e.max_kept_pairs == 8515);
  CHECK(e.bytes_upper_bound >= 8515 * sizeof(Pair));

  // Fractional: every pair gets 1/130 and every work c_i = 1.
  params.counting = Counting::kFractional;
  const PairResult f = cocitation(g, params);
  REQUIRE(f.pairs.size() == 8515);
  CHECK(f.pairs[100].count == doctest::Approx(1.0 / 130));
  CHECK(strength(f, f.pairs[100], Normalization::kInclusion) == doctest::Approx(1.0 / 130));
  // Every work keeps its strongest pair: all tie, so each keeps its lowest-id partner.
  params = PairParams{};
  params.top_per_node = 1;
  const PairResult t = cocitation(g, params);
  CHECK(t.pairs.size() == 130);  // (1, j) for j = 2..131, which also serves work 1
  // Coupling on a star: a single source, nothing to couple.
  CHECK(coupling(g, PairParams{}).pairs.empty());
  CHECK(estimate_coupling(g).pair_instances == 0);
}

TEST_CASE("edge cases: empty graph, one node, a source citing one work") {
  const CitationGraph empty;
  for (const PairResult& r : {cocitation(empty, PairParams{}), coupling(empty, PairParams{})}) {
    CHECK(r.pairs.empty());
    CHECK(r.item_count.empty());
    CHECK(r.candidate_pairs == 0);
  }
  CHECK(estimate_cocitation(empty).pair_instances == 0);
  CHECK(estimate_cocitation(empty).max_distinct_pairs == 0);

  const CitationGraph one = make_graph(1, {});
  CHECK(cocitation(one, PairParams{}).pairs.empty());
  CHECK(cocitation(one, PairParams{}).item_count == std::vector<double>{0});
  CHECK(coupling(one, PairParams{}).pairs.empty());

  const CitationGraph single = make_graph(2, {{0, 1}});
  PairParams params;
  params.threads = 3;
  const PairResult r = cocitation(single, params);
  CHECK(r.pairs.empty());
  CHECK(r.candidate_pairs == 0);
  CHECK(r.item_count == std::vector<double>{0, 1});
  params.counting = Counting::kFractional;
  CHECK(cocitation(single, params).item_count == std::vector<double>{0, 0});
  CHECK(coupling(single, PairParams{}).item_count == std::vector<double>{1, 0});
  CHECK(estimate_cocitation(single).pair_instances == 0);

  // Two sources citing the same single work are coupled, and nothing is co-cited.
  const CitationGraph two = make_graph(3, {{0, 2}, {1, 2}});
  CHECK(cocitation(two, PairParams{}).pairs.empty());
  const PairResult c = coupling(two, PairParams{});
  CHECK(ids(c) == Ids{{0, 1}});
  check_pair(c, 0, 1, 1, 1, 1, 1, 1);
}

TEST_CASE("input must be duplicate-edge free: a repeated citation is rejected, not counted twice") {
  CHECK_THROWS_AS((void)cocitation(make_graph(4, {{0, 2}, {0, 2}, {0, 3}}), PairParams{}),
                  InvalidArgument);
  // The same graph without the duplicate counts the pair once.
  const PairResult r = cocitation(make_graph(4, {{0, 2}, {0, 3}}), PairParams{});
  REQUIRE(r.pairs.size() == 1);
  CHECK(r.pairs[0].count == 1);
}

namespace {

// Naive reference: for every pair of items, intersect their sorted context sets.
struct Naive {
  std::map<std::pair<NodeId, NodeId>, std::pair<double, std::vector<NodeId>>> pairs;
  std::vector<double> item_count;
};

Naive naive_pairs(NodeId n, const std::vector<TestEdge>& edges, bool cocite, const PairParams& p) {
  std::vector<std::vector<NodeId>> contexts(n);  // item -> contexts
  std::vector<std::vector<NodeId>> members(n);   // context -> items
  std::vector<std::size_t> degree(n, 0);
  auto kept_edge = [&](const TestEdge& e) {
    return p.corpora == PairParams::kAllCorpora || (e.corpora & p.corpora) != 0;
  };
  for (const TestEdge& e : edges) {
    if (kept_edge(e)) ++degree[cocite ? e.to : e.from];
  }
  for (const TestEdge& e : edges) {
    const NodeId item = cocite ? e.to : e.from;
    const NodeId context = cocite ? e.from : e.to;
    if (!kept_edge(e) || degree[item] < p.min_citations) continue;
    contexts[item].push_back(context);
    members[context].push_back(item);
  }
  for (auto& c : contexts) std::sort(c.begin(), c.end());
  const bool frac = p.counting == Counting::kFractional;
  Naive out;
  out.item_count.assign(n, 0);
  for (NodeId i = 0; i < n; ++i) {
    for (const NodeId s : contexts[i]) {
      if (!frac || members[s].size() >= 2) out.item_count[i] += 1;
    }
  }
  for (NodeId i = 0; i < n; ++i) {
    for (NodeId j = i + 1; j < n; ++j) {
      std::vector<NodeId> shared;
      std::set_intersection(contexts[i].begin(), contexts[i].end(), contexts[j].begin(),
                            contexts[j].end(), std::back_inserter(shared));
      if (shared.empty() || shared.size() < p.min_count) continue;
      double count = 0;
      for (const NodeId s : shared) {
        count += frac ? 1.0 / static_cast<double>(members[s].size() - 1) : 1.0;
      }
      out.pairs[{i, j}] = {count, shared};
    }
  }
  return out;
}

void check_against_naive(NodeId n, const std::vector<TestEdge>& edges, bool cocite,
                         const PairParams& p) {
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  const PairResult r = cocite ? cocitation(g, p) : coupling(g, p);
  const Naive want = naive_pairs(n, edges, cocite, p);
  REQUIRE(r.pairs.size() == want.pairs.size());
  REQUIRE(r.item_count.size() == want.item_count.size());
  for (NodeId v = 0; v < n; ++v) CHECK(r.item_count[v] == want.item_count[v]);
  auto it = want.pairs.begin();
  for (const Pair& q : r.pairs) {
    const auto& [key, value] = *it++;
    REQUIRE(q.a == key.first);
    REQUIRE(q.b == key.second);
    const double ci = want.item_count[q.a];
    const double cj = want.item_count[q.b];
    const double c = value.first;
    CHECK(q.count == doctest::Approx(c).epsilon(1e-12));
    CHECK(strength(r, q, Normalization::kAssociation) ==
          doctest::Approx(c / ci / cj).epsilon(1e-12));
    CHECK(strength(r, q, Normalization::kCosine) ==
          doctest::Approx(c / std::sqrt(ci) / std::sqrt(cj)).epsilon(1e-12));
    CHECK(strength(r, q, Normalization::kJaccard) ==
          doctest::Approx(c / (ci + cj - c)).epsilon(1e-12));
    CHECK(strength(r, q, Normalization::kInclusion) ==
          doctest::Approx(c / std::min(ci, cj)).epsilon(1e-12));
    CHECK(witnesses(g, r, q) == value.second);
  }
}

std::uint64_t test_seed() {
  if (const char* s = std::getenv("CITEGRAPH_TEST_SEED")) return std::strtoull(s, nullptr, 10);
  return 20240611;
}

// ~200 sources citing 0..30 of 400 nodes (sources are citable too), with skewed popularity
// so that some works are co-cited often; each edge in one or two of three corpora.
std::vector<TestEdge> random_edges(NodeId n, NodeId sources, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> refs(0, 30);
  std::uniform_int_distribution<CorpusSet> corpus(1, 6);
  std::vector<TestEdge> edges;
  for (NodeId s = 0; s < sources; ++s) {
    std::vector<NodeId> cited;
    const int k = refs(rng);
    for (int r = 0; r < k; ++r) {
      // Squaring a uniform favours low ids: a popular core and a long tail.
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      const auto w = static_cast<NodeId>(u * u * n);
      if (w != s) cited.push_back(w);
    }
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    for (const NodeId w : cited) edges.push_back({s, w, corpus(rng)});
  }
  return edges;
}

}  // namespace

TEST_CASE("random graph: agreement with a naive set-intersection implementation") {
  const std::uint64_t seed = test_seed();
  CAPTURE(seed);
  const NodeId n = 400;
  const std::vector<TestEdge> edges = random_edges(n, 200, seed);
  for (const bool cocite : {true, false}) {
    CAPTURE(cocite);
    for (const Counting counting : {Counting::kFull, Counting::kFractional}) {
      PairParams p;
      p.counting = counting;
      p.threads = 2;
      check_against_naive(n, edges, cocite, p);
      p.min_count = 2;
      p.min_citations = 3;
      check_against_naive(n, edges, cocite, p);
      p.min_count = 1;
      p.min_citations = 1;
      p.corpora = 5;  // corpora A and C
      check_against_naive(n, edges, cocite, p);
    }
  }
  // The estimate's pair instances are the sum of all full counts of the unfiltered run.
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  for (const bool cocite : {true, false}) {
    const PairResult r = cocite ? cocitation(g, PairParams{}) : coupling(g, PairParams{});
    const PairEstimate e = cocite ? estimate_cocitation(g) : estimate_coupling(g);
    double sum = 0;
    for (const Pair& p : r.pairs) sum += p.count;
    CHECK(e.pair_instances == static_cast<std::uint64_t>(sum));
    CHECK(e.max_distinct_pairs >= r.pairs.size());
    CHECK(e.max_distinct_pairs <= e.pair_instances);
  }
}

TEST_CASE("long sparse rows: 300 works cited together by two reviews, spread over 6000 ids") {
  // Rows of >= 256 kept partners over an id range much wider than the row take the radix sort
  // of the kept partners (two 11-bit passes): every pair of the 300 works, count 2, in order.
  const NodeId n = 6000;
  std::vector<NodeId> works;
  for (NodeId k = 0; k < 300; ++k) works.push_back(100 + 17 * k + (k % 7));
  std::vector<TestEdge> edges;
  for (const NodeId review : {NodeId{0}, NodeId{1}}) {
    for (const NodeId w : works) edges.push_back({review, w});
  }
  // Every other work cited once by a source of its own (no pair): all 6000 are items.
  for (NodeId w = 2; w < n; ++w) {
    if (std::find(works.begin(), works.end(), w) == works.end()) edges.push_back({w, (w + 1) % n});
  }
  const CitationGraph g = make_graph(n, edges);
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    PairParams p;
    p.min_count = 2;
    p.threads = threads;
    const PairResult r = cocitation(g, p);
    REQUIRE(r.pairs.size() == 300u * 299u / 2u);
    std::size_t k = 0;
    for (std::size_t i = 0; i < works.size(); ++i) {
      for (std::size_t j = i + 1; j < works.size(); ++j, ++k) {
        const Pair& q = r.pairs[k];
        CHECK(q.a == works[i]);
        CHECK(q.b == works[j]);
        CHECK(q.count == 2.0);
      }
    }
  }
}

TEST_CASE("random graph: top filters agree with a brute-force selection") {
  const NodeId n = 400;
  const std::vector<TestEdge> edges = random_edges(n, 200, test_seed() + 1);
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  const PairResult all = cocitation(g, PairParams{});
  for (const Normalization by :
       {Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
        Normalization::kJaccard, Normalization::kInclusion}) {
    CAPTURE(normalization_name(by));
    PairParams p;
    p.rank_by = by;
    p.top_per_node = 3;
    // Brute force: per node, rank its pairs by (strength desc, other id asc) and mark 3.
    std::vector<char> keep(all.pairs.size(), 0);
    for (NodeId v = 0; v < n; ++v) {
      std::vector<std::size_t> mine;
      for (std::size_t k = 0; k < all.pairs.size(); ++k) {
        if (all.pairs[k].a == v || all.pairs[k].b == v) mine.push_back(k);
      }
      auto other = [&](std::size_t k) {
        return all.pairs[k].a == v ? all.pairs[k].b : all.pairs[k].a;
      };
      std::stable_sort(mine.begin(), mine.end(), [&](std::size_t x, std::size_t y) {
        const double sx = pair_strength(all, all.pairs[x], by);
        const double sy = pair_strength(all, all.pairs[y], by);
        return sx != sy ? sx > sy : other(x) < other(y);
      });
      for (std::size_t k = 0; k < std::min<std::size_t>(3, mine.size()); ++k) keep[mine[k]] = 1;
    }
    Ids want;
    for (std::size_t k = 0; k < all.pairs.size(); ++k) {
      if (keep[k]) want.emplace_back(all.pairs[k].a, all.pairs[k].b);
    }
    CHECK(ids(cocitation(g, p)) == want);

    p.top_per_node = 0;
    p.top = 50;
    std::vector<std::size_t> order(all.pairs.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return pair_strength(all, all.pairs[x], by) > pair_strength(all, all.pairs[y], by);
    });
    order.resize(50);
    std::sort(order.begin(), order.end());
    Ids top;
    for (const std::size_t k : order) top.emplace_back(all.pairs[k].a, all.pairs[k].b);
    CHECK(ids(cocitation(g, p)) == top);
  }
}

TEST_CASE("threads 1, 2 and 3 give byte-identical results") {
  const NodeId n = 400;
  const std::vector<TestEdge> edges = random_edges(n, 200, test_seed() + 2);
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  for (const Counting counting : {Counting::kFull, Counting::kFractional}) {
    PairParams p;
    p.counting = counting;
    p.top_per_node = 5;
    const PairResult co1 = cocitation(g, p);
    const PairResult cp1 = coupling(g, p);
    CHECK(!co1.pairs.empty());
    CHECK(!cp1.pairs.empty());
    for (const unsigned t : {2u, 3u}) {
      p.threads = t;
      const PairResult co = cocitation(g, p);
      CHECK(co.threads == t);
      CHECK(identical(co1, co));
      CHECK(identical(cp1, coupling(g, p)));
    }
  }
}

TEST_CASE("params are validated, naming the parameter and value") {
  auto message = [](const PairParams& p) {
    try {
      p.validate();
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  PairParams p;
  CHECK_NOTHROW(p.validate());
  p.threads = 0;
  CHECK(message(p).find("threads: 0") != std::string::npos);
  p.threads = PairParams::kMaxThreads + 1;
  CHECK(message(p).find("threads: 1025") != std::string::npos);
  p = PairParams{};
  p.corpora = 0;
  CHECK(message(p).find("corpora") != std::string::npos);
  p = PairParams{};
  p.rank_by = static_cast<Normalization>(9);
  CHECK(message(p).find("rank_by: value 9") != std::string::npos);
  p = PairParams{};
  p.counting = static_cast<Counting>(7);
  CHECK(message(p).find("counting: value 7") != std::string::npos);
  // The passes validate before doing anything.
  p = PairParams{};
  p.threads = 0;
  CHECK_THROWS_AS((void)cocitation(three_sources(), p), InvalidArgument);
  CHECK_THROWS_AS((void)coupling(CitationGraph{}, p), InvalidArgument);
}

TEST_CASE("normalisation and counting names round-trip; bad names are named in the error") {
  for (const Normalization n :
       {Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
        Normalization::kJaccard, Normalization::kInclusion}) {
    CHECK(parse_normalization(normalization_name(n)) == n);
  }
  CHECK(normalization_name(Normalization::kAssociation) == "association");
  CHECK(parse_normalization("jaccard") == Normalization::kJaccard);
  try {
    (void)parse_normalization("cosinus");
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(std::string(e.what()).find("'cosinus'") != std::string::npos);
  }
  CHECK_THROWS_AS((void)parse_normalization("Cosine"), InvalidArgument);
  CHECK_THROWS_AS((void)parse_normalization(""), InvalidArgument);
  CHECK(parse_counting(counting_name(Counting::kFractional)) == Counting::kFractional);
  CHECK(parse_counting("full") == Counting::kFull);
  CHECK_THROWS_WITH_AS((void)parse_counting("half"), doctest::Contains("'half'"), InvalidArgument);
}

namespace {
// The pairs of `full` with an endpoint in `seeds`, in (a, b) order.
std::vector<Pair> restricted(const PairResult& full, const std::vector<NodeId>& seeds) {
  std::vector<Pair> out;
  for (const Pair& p : full.pairs) {
    const bool hit = std::find(seeds.begin(), seeds.end(), p.a) != seeds.end() ||
                     std::find(seeds.begin(), seeds.end(), p.b) != seeds.end();
    if (hit) out.push_back(p);
  }
  return out;
}

bool same_pairs(std::vector<Pair> x, std::vector<Pair> y) {
  auto by_ids = [](const Pair& p, const Pair& q) {
    return std::tie(p.a, p.b) < std::tie(q.a, q.b);
  };
  std::sort(x.begin(), x.end(), by_ids);
  std::sort(y.begin(), y.end(), by_ids);
  PairResult rx, ry;
  rx.pairs = PairArray(x);
  ry.pairs = PairArray(y);
  return identical(rx, ry);
}
}  // namespace

TEST_CASE("streaming gives exactly the stored pairs, in row order, for any thread count") {
  const std::uint64_t seed = test_seed();
  CAPTURE(seed);
  const NodeId n = 400;
  const CitationGraph g = make_graph(n, random_edges(n, 200, seed), {"A", "B", "C"});
  for (const bool cocite : {true, false}) {
    for (const Counting counting : {Counting::kFull, Counting::kFractional}) {
      PairParams p;
      p.counting = counting;
      p.min_count = 2;
      const PairResult stored = cocite ? cocitation(g, p) : coupling(g, p);
      for (const unsigned threads : {1u, 3u}) {
        p.threads = threads;
        PairResult streamed;
        std::size_t batches = 0;
        const PairSink sink = [&](std::span<const Pair> batch, std::span<const double> counts) {
          CHECK(std::vector<double>(counts.begin(), counts.end()) == stored.item_count);
          ++batches;
          streamed.pairs.append(batch);
        };
        const PairStreamSummary s =
            cocite ? stream_cocitation(g, p, sink) : stream_coupling(g, p, sink);
        streamed.item_count = s.item_count;
        streamed.candidate_pairs = s.candidate_pairs;
        CHECK(identical(streamed, stored));  // same order too: rows ascending
        CHECK(s.pairs == stored.pairs.size());
        CHECK(batches >= 1);
      }
    }
  }
}

TEST_CASE("seed works: only pairs touching a seed, each once, stored or streamed") {
  const std::uint64_t seed = test_seed();
  CAPTURE(seed);
  const NodeId n = 400;
  const CitationGraph g = make_graph(n, random_edges(n, 200, seed), {"A", "B", "C"});
  const PairResult full = cocitation(g, PairParams{});
  // Popular works (low ids) and a rare one; 3 and 7 are likely co-cited with each other.
  const std::vector<NodeId> seeds = {3, 7, 250};
  PairParams p;
  p.seeds = seeds;
  p.threads = 2;
  const PairResult stored = cocitation(g, p);
  CHECK(!stored.pairs.empty());
  CHECK(same_pairs({stored.pairs.begin(), stored.pairs.end()}, restricted(full, seeds)));
  CHECK(std::is_sorted(stored.pairs.begin(), stored.pairs.end(), [](const Pair& x, const Pair& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  }));
  std::vector<Pair> streamed;
  stream_cocitation(g, p, [&](std::span<const Pair> batch, std::span<const double>) {
    streamed.insert(streamed.end(), batch.begin(), batch.end());
  });
  CHECK(same_pairs(streamed, restricted(full, seeds)));
  // Coupling with seed sources.
  const PairResult coupled = coupling(g, p);
  CHECK(same_pairs({coupled.pairs.begin(), coupled.pairs.end()},
                   restricted(coupling(g, PairParams{}), seeds)));
  // A seed outside the graph is an error naming it.
  p.seeds = {n + 5};
  CHECK_THROWS_WITH_AS(cocitation(g, p), doctest::Contains("405"), citegraph::InvalidArgument);
}

TEST_CASE("streaming refuses the filters that need every pair") {
  const CitationGraph g = three_sources();
  PairParams p;
  p.top = 3;
  const PairSink ignore = [](std::span<const Pair>, std::span<const double>) {};
  CHECK_THROWS_AS(stream_cocitation(g, p, ignore), citegraph::InvalidArgument);
  p.top = 0;
  p.top_per_node = 1;
  CHECK_THROWS_AS(stream_coupling(g, p, ignore), citegraph::InvalidArgument);
}

}  // namespace citegraph

namespace citegraph {
namespace {

// A larger random graph than random_edges: enough rows for many chunks, so threads really
// share the work.
CitationGraph big_random_graph(std::uint64_t seed) {
  const NodeId n = 3000;
  return make_graph(n, random_edges(n, 1500, seed), {"A", "B", "C"});
}

}  // namespace

TEST_CASE("threads 1, 2 and 3 give byte-identical results in every row mode") {
  const std::uint64_t seed = test_seed() + 3;
  CAPTURE(seed);
  const CitationGraph g = big_random_graph(seed);
  for (const bool cocite : {true, false}) {
    for (const Counting counting : {Counting::kFull, Counting::kFractional}) {
      for (int variant = 0; variant < 4; ++variant) {
        CAPTURE(cocite);
        CAPTURE(variant);
        PairParams p;
        p.counting = counting;
        if (variant == 1) p.min_count = 2;
        if (variant == 2) p.seeds = {0, 5, 17, 400, 2999};
        if (variant == 3) {
          p.top = 500;
          p.rank_by = Normalization::kCosine;
        }
        const PairResult one = cocite ? cocitation(g, p) : coupling(g, p);
        CHECK(!one.pairs.empty());
        for (const unsigned t : {2u, 3u}) {
          p.threads = t;
          const PairResult many = cocite ? cocitation(g, p) : coupling(g, p);
          if (variant != 2) CHECK(many.threads == t);  // five seed rows may make one chunk
          CHECK(identical(one, many));
        }
      }
    }
  }
}

TEST_CASE("min_count is applied per row: the kept pairs stay within the estimate's bound") {
  const CitationGraph g = big_random_graph(test_seed() + 4);
  for (const PairKind kind : {PairKind::kCocitation, PairKind::kCoupling}) {
    std::uint64_t previous_bound = std::numeric_limits<std::uint64_t>::max();
    for (const std::uint32_t m : {1u, 2u, 3u, 5u, 8u}) {
      CAPTURE(m);
      PairParams p;
      p.min_count = m;
      const PairEstimate e = estimate_pairs(g, kind, p, false);
      const PairResult r = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
      CHECK(r.pairs.size() <= e.max_kept_pairs);
      CHECK(e.max_kept_pairs <= previous_bound);  // a higher threshold never raises the bound
      CHECK(e.max_kept_pairs <= e.pair_instances / m);
      CHECK(e.bytes_upper_bound >= r.pairs.size() * sizeof(Pair));
      previous_bound = e.max_kept_pairs;
      for (const Pair& q : r.pairs) {
        std::vector<NodeId> w;
        CHECK(pair_witnesses(g, r, q, 0, w) >= m);
      }
    }
    // top_per_node keeps at most 2 K per row before merging, and the estimate says so.
    PairParams p;
    p.top_per_node = 2;
    const PairEstimate e = estimate_pairs(g, kind, p, false);
    CHECK(e.max_kept_pairs <= 2ull * g.num_nodes());
    const PairResult r = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
    CHECK(r.pairs.size() <= e.max_kept_pairs);
  }
}

TEST_CASE("the memory guard refuses a nearly complete coupling whatever the options") {
  // 400 sources all citing the same three classics plus two references of their own: every
  // pair of sources is coupled (79,800 pairs, each of count >= 3).
  std::vector<TestEdge> edges;
  const NodeId sources = 400;
  const NodeId n = sources + 3 + 2 * sources;
  for (NodeId s = 0; s < sources; ++s) {
    for (NodeId c = 0; c < 3; ++c) edges.push_back({s, sources + c});
    edges.push_back({s, sources + 3 + 2 * s});
    edges.push_back({s, sources + 4 + 2 * s});
  }
  const CitationGraph g = make_graph(n, edges);
  const std::uint64_t limit = 512 * 1024;  // the pairs alone need 79,800 x 16 bytes = 1.2 MiB
  PairParams base;
  base.max_pair_memory = limit;
  auto refused = [&](const PairParams& p) {
    try {
      (void)coupling(g, p);
    } catch (const PairMemoryError& e) {
      CHECK(e.estimate().bytes_upper_bound > limit);
      CHECK(std::string(e.what()).find("max_pair_memory") != std::string::npos);
      return true;
    }
    return false;
  };
  CHECK(refused(base));
  PairParams p = base;
  p.min_count = 2;  // every pair has count 3: no help, and the guard still applies
  CHECK(refused(p));
  p.min_count = 3;
  CHECK(refused(p));
  p.witnesses = false;
  CHECK(refused(p));
  p.threads = 2;
  CHECK(refused(p));
  // The degree bound does not fit, so the guard counted the pairs (keeping none): the refusal
  // names the exact min_count that fits (4: every pair shares exactly three references) ...
  p = base;
  try {
    (void)coupling(g, p);
  } catch (const PairMemoryError& e) {
    CHECK(e.estimate().counted);
    CHECK(e.estimate().max_kept_pairs == 79800);
    CHECK(e.estimate().min_count_that_fits == 4);
    CHECK(std::string(e.what()).find("min_count 4 would fit") != std::string::npos);
  }
  // ... and that run does fit, and finds nothing.
  p.min_count = 4;
  CHECK(coupling(g, p).pairs.empty());
  // top_per_node bounds the stored pairs by 2 K per row; a streamed run holds a window only.
  p = base;
  p.top_per_node = 3;
  const PairResult top = coupling(g, p);
  CHECK(top.pairs.size() <= 3ull * sources);
  p = base;
  std::uint64_t streamed = 0;
  const PairStreamSummary s = stream_coupling(
      g, p,
      [&](std::span<const Pair> batch, std::span<const double>) { streamed += batch.size(); });
  CHECK(streamed == 79800);
  CHECK(s.pairs == 79800);
  // Without a limit the stored run completes and agrees with the stream.
  p = base;
  p.max_pair_memory = 0;
  CHECK(coupling(g, p).pairs.size() == 79800);
  // The estimate of a refused configuration is above the limit; of the accepted ones below.
  CHECK(estimate_pairs(g, PairKind::kCoupling, base, false).bytes_upper_bound > limit);
  CHECK(estimate_pairs(g, PairKind::kCoupling, base, true).bytes_upper_bound <= limit);
  // Without a budget no counting pass is made: the degree bound (every source pairs with
  // every later one).
  p = base;
  p.min_count = 4;
  const PairEstimate bound = estimate_pairs(g, PairKind::kCoupling, p, false);
  CHECK(!bound.counted);
  CHECK(bound.max_kept_pairs > 0);
  // With one, the census makes it exact.
  const PairEstimate exact = estimate_pairs(g, PairKind::kCoupling, p, false, limit);
  CHECK(exact.counted);
  CHECK(exact.max_kept_pairs == 0);
  CHECK(exact.bytes_upper_bound <= limit);
}

TEST_CASE("bounded witnesses: the first N in order and the total, under a corpus filter too") {
  const std::uint64_t seed = test_seed() + 5;
  CAPTURE(seed);
  const NodeId n = 400;
  const std::vector<TestEdge> edges = random_edges(n, 200, seed);
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  for (const PairKind kind : {PairKind::kCocitation, PairKind::kCoupling}) {
    for (const CorpusSet corpora : {PairParams::kAllCorpora, CorpusSet{5}}) {
      PairParams p;
      p.corpora = corpora;
      const PairResult r = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
      REQUIRE(!r.pairs.empty());
      for (const Pair& q : r.pairs) {
        std::vector<NodeId> all;
        const std::uint64_t total = pair_witnesses(g, r, q, kAllWitnesses, all);
        CHECK(total == all.size());
        CHECK(static_cast<double>(total) == q.count);  // full counting: the count
        CHECK(std::is_sorted(all.begin(), all.end()));
        std::vector<NodeId> first;
        CHECK(pair_witnesses(g, r, q, 2, first) == total);
        CHECK(first.size() == std::min<std::size_t>(2, all.size()));
        CHECK(std::equal(first.begin(), first.end(), all.begin()));
      }
    }
  }
}

TEST_CASE("batched witnesses equal the per-pair ones, row walk or merge, any limit, any filter") {
  const std::uint64_t seed = test_seed() + 11;
  CAPTURE(seed);
  const NodeId n = 400;
  // Denser than random_edges' default so that rows have many partners (the row walk's case).
  std::vector<TestEdge> edges = random_edges(n, 300, seed);
  const CitationGraph g = make_graph(n, edges, {"A", "B", "C"});
  std::size_t walked_rows = 0;
  for (const PairKind kind : {PairKind::kCocitation, PairKind::kCoupling}) {
    for (const CorpusSet corpora : {PairParams::kAllCorpora, CorpusSet{5}, CorpusSet{2}}) {
      PairParams p;
      p.corpora = corpora;
      const PairResult r = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
      REQUIRE(r.pairs.size() > 100);
      for (const std::size_t limit : {std::size_t{1}, std::size_t{3}, kAllWitnesses}) {
        CAPTURE(limit);
        // Whole table, and cut into uneven batches that split rows.
        for (const std::size_t batch : {r.pairs.size(), std::size_t{7}, std::size_t{64}}) {
          for (std::size_t begin = 0; begin < r.pairs.size(); begin += batch) {
            const auto span = std::span<const Pair>(r.pairs.data() + begin,
                                                    std::min(batch, r.pairs.size() - begin));
            WitnessLists lists;
            pair_witnesses(g, kind, corpora, span, limit, lists);
            REQUIRE(lists.totals.size() == span.size());
            for (std::size_t i = 0; i < span.size(); ++i) {
              std::vector<NodeId> one;
              const std::uint64_t total =
                  pair_witnesses(g, kind, corpora, span[i].a, span[i].b, limit, one);
              CHECK(lists.totals[i] == total);
              const std::span<const NodeId> got = lists.of(i);
              CHECK(std::vector<NodeId>(got.begin(), got.end()) == one);
            }
          }
        }
      }
      // Both directions (the walk skips partners below a row's lowest: here partners lie on
      // both sides of a), whole rows.
      std::vector<Pair> both(r.pairs.begin(), r.pairs.end());
      for (const Pair& pair : r.pairs) both.push_back(Pair{pair.b, pair.a, pair.count});
      std::sort(both.begin(), both.end(), [](const Pair& x, const Pair& y) {
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
      });
      WitnessLists lists;
      pair_witnesses(g, kind, corpora, both, kAllWitnesses, lists);
      for (std::size_t i = 0; i < both.size(); ++i) {
        std::vector<NodeId> one;
        CHECK(lists.totals[i] ==
              pair_witnesses(g, kind, corpora, both[i].a, both[i].b, kAllWitnesses, one));
        const std::span<const NodeId> got = lists.of(i);
        CHECK(std::vector<NodeId>(got.begin(), got.end()) == one);
      }
      // How many rows have enough partners for the walk to be chosen (d_a + d_b per pair
      // against the row's instances): the test must exercise it, not only the merge.
      std::size_t run = 0;
      for (std::size_t i = 0; i < r.pairs.size(); ++i) {
        run = i > 0 && r.pairs[i].a == r.pairs[i - 1].a ? run + 1 : 1;
        if (run == 40) ++walked_rows;
      }
    }
  }
  CHECK(walked_rows > 10);
}

TEST_CASE("batched witnesses: a pair outside the graph is an error naming it") {
  const CitationGraph g = make_graph(3, {{0, 1, 1}, {0, 2, 1}}, {"A"});
  WitnessLists lists;
  const std::vector<Pair> pairs{{1, 2, 1}, {1, 7, 1}};
  CHECK_THROWS_WITH_AS(pair_witnesses(g, PairKind::kCocitation, PairParams::kAllCorpora, pairs,
                                      kAllWitnesses, lists),
                       doctest::Contains("(1, 7) is outside the graph of 3 nodes"),
                       InvalidArgument);
}

TEST_CASE("pair records are 16 bytes and PairArray keeps them through growth, copy and move") {
  static_assert(sizeof(Pair) == 16);
  PairArray a;
  for (NodeId k = 0; k < 100000; ++k) a.push_back(Pair{k, k + 1, static_cast<double>(k)});
  CHECK(a.size() == 100000);
  CHECK(a[77777].b == 77778);
  PairArray b = a;
  a.resize(10);
  a.shrink_to_fit();
  CHECK(a.capacity() == 10);
  CHECK(b.size() == 100000);
  CHECK(b.back().count == 99999);
  b.append(a);
  CHECK(b.size() == 100010);
  CHECK(b[100009].a == 9);
  PairArray c = std::move(b);
  CHECK(c.size() == 100010);
  CHECK(b.empty());   // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  c.push_back(c[0]);  // an element of the array itself, across a reallocation
  CHECK(c.back().b == 1);
}

}  // namespace citegraph

namespace citegraph {

TEST_CASE("streamed text: chunks formatted on the workers come out in row order") {
  const CitationGraph g = big_random_graph(test_seed() + 6);
  // A row-by-row format: the output does not depend on where the chunks are cut.
  const PairFormatter format = [](std::span<const Pair> pairs, std::span<const double> counts,
                                  std::string& out) {
    for (const Pair& p : pairs) {
      out += std::to_string(p.a) + ' ' + std::to_string(p.b) + ' ' + std::to_string(p.count) + ' ' +
             std::to_string(pair_strength(counts, p, Normalization::kCosine)) + '\n';
    }
  };
  for (const PairKind kind : {PairKind::kCocitation, PairKind::kCoupling}) {
    PairParams p;
    p.counting = Counting::kFractional;
    const PairResult stored = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
    std::string want;
    format(std::span<const Pair>(stored.pairs), stored.item_count, want);
    for (const unsigned threads : {1u, 3u}) {
      p.threads = threads;
      std::string got;
      const PairStreamSummary s =
          stream_pairs_text(g, kind, p, format, [&](std::string_view text) { got += text; });
      CHECK(got == want);
      CHECK(s.pairs == stored.pairs.size());
      CHECK(s.threads == threads);
    }
  }
  PairParams top;
  top.top = 3;
  CHECK_THROWS_AS(stream_pairs_text(g, PairKind::kCocitation, top, format, [](std::string_view) {}),
                  InvalidArgument);
}

}  // namespace citegraph

namespace citegraph {

TEST_CASE("the guard's counting pass finds exactly the pairs a run keeps") {
  const CitationGraph g = big_random_graph(test_seed() + 7);
  for (const PairKind kind : {PairKind::kCocitation, PairKind::kCoupling}) {
    for (const std::uint32_t m : {1u, 2u, 3u, 5u}) {
      for (const bool seeds : {false, true}) {
        CAPTURE(m);
        CAPTURE(seeds);
        PairParams p;
        p.min_count = m;
        p.threads = 2;
        if (seeds) p.seeds = {1, 2, 3, 50, 700};
        // A budget of one byte never fits: the estimate always counts.
        const PairEstimate e = estimate_pairs(g, kind, p, false, 1);
        CHECK(e.counted);
        const PairResult r = kind == PairKind::kCocitation ? cocitation(g, p) : coupling(g, p);
        CHECK(e.max_kept_pairs == r.pairs.size());
      }
    }
  }
}

}  // namespace citegraph
