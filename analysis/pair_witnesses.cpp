// The witnesses of pairs: the contexts behind each pair's count, enumerated from the graph when
// a table is written (the engine never stores them). One pair by merging its two context lists;
// a table's rows with the same first item either so or by one walk over that item's pair
// instances, whichever is cheaper. See pair_counts.hpp (pair_witnesses).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/pair_detail.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

namespace {

using pair_detail::Mode;
using pair_detail::mode_of;

// The contexts shared by a and b, through kept edges, ascending: up to `limit` into out.
std::uint64_t witnesses_of(const CitationGraph& graph, Mode mode, CorpusSet corpora, NodeId a,
                           NodeId b, std::size_t limit, std::vector<NodeId>& out) {
  const Csr& lists = mode == Mode::kCocitation ? graph.in() : graph.out();
  const auto la = lists.neighbors(a);
  const auto lb = lists.neighbors(b);
  const bool filter = corpora != PairParams::kAllCorpora;
  // The out-edge item -> context (co-citation: s -> a is found in out(s); coupling: a -> w is
  // position pa of out(a)).
  const auto edge_kept = [&](NodeId item, std::size_t position, NodeId context) {
    std::uint64_t edge = 0;
    if (mode == Mode::kCoupling) {
      edge = graph.out().first_edge(item) + position;
    } else {
      const auto row = graph.out().neighbors(context);
      edge =
          graph.out().first_edge(context) +
          static_cast<std::uint64_t>(std::lower_bound(row.begin(), row.end(), item) - row.begin());
    }
    return (graph.edge_corpora(edge) & corpora) != 0;
  };
  std::uint64_t total = 0;
  const auto shared = [&](NodeId s, std::size_t pa, std::size_t pb) {
    if (filter && (!edge_kept(a, pa, s) || !edge_kept(b, pb, s))) return;
    if (total < limit) out.push_back(s);
    ++total;
  };
  // Gallop through the longer list when the lengths differ a lot (a classic and a rare work).
  if (la.size() > 16 * lb.size() || lb.size() > 16 * la.size()) {
    const bool a_short = la.size() <= lb.size();
    const auto shorter = a_short ? la : lb;
    const auto longer = a_short ? lb : la;
    auto from = longer.begin();
    for (std::size_t k = 0; k < shorter.size(); ++k) {
      from = std::lower_bound(from, longer.end(), shorter[k]);
      if (from == longer.end()) break;
      if (*from == shorter[k]) {
        const auto pl = static_cast<std::size_t>(from - longer.begin());
        shared(shorter[k], a_short ? k : pl, a_short ? pl : k);
      }
    }
    return total;
  }
  // Branch-free steps: which list advances is data, not a branch the CPU must guess (most steps
  // advance one list; a match is the rare case). Half the time of the branchy merge on coupling
  // lists of ~30 references.
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < la.size() && j < lb.size()) {
    const NodeId x = la[i];
    const NodeId y = lb[j];
    if (x == y) [[unlikely]]
      shared(x, i, j);
    i += static_cast<std::size_t>(x <= y);
    j += static_cast<std::size_t>(y <= x);
  }
  return total;
}

// Open addressing from partner id to its index among a run's pairs (a run's partners are
// distinct: one pair per (a, b)).
class PartnerIndex {
 public:
  void assign(std::span<const Pair> run) {
    std::size_t size = 16;
    while (size < 2 * run.size()) size *= 2;
    keys_.assign(size, kNoNode);
    values_.resize(size);
    mask_ = size - 1;
    for (std::size_t i = 0; i < run.size(); ++i) {
      std::size_t h = hash(run[i].b);
      while (keys_[h] != kNoNode) h = (h + 1) & mask_;
      keys_[h] = run[i].b;
      values_[h] = static_cast<std::uint32_t>(i);
    }
  }
  // The pair index of partner v, or -1.
  [[nodiscard]] std::int64_t find(NodeId v) const {
    for (std::size_t h = hash(v);; h = (h + 1) & mask_) {
      if (keys_[h] == v) return values_[h];
      if (keys_[h] == kNoNode) return -1;
    }
  }

 private:
  [[nodiscard]] std::size_t hash(NodeId v) const {
    return static_cast<std::size_t>((v * 0x9E3779B97F4A7C15ULL) >> 20) & mask_;
  }
  std::vector<NodeId> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0;
};

// Calls reach(context, partner, kept) for every pair instance of row a: co-citation, each
// source s citing a and each other work w that s cites (context s, partner w); coupling, each
// work w that a cites and each other citer t of w (context w, partner t). `kept` says whether
// both edges of the instance pass the corpus filter (always true without one). Contexts come
// in ascending order. Partners below `lowest` are skipped (the lists are sorted, so each is
// entered at its first partner >= lowest): a pair table's row a only asks for partners b > a,
// which halves the walk.
template <class Reach>
void walk_row(const CitationGraph& graph, Mode mode, CorpusSet corpora, NodeId a, NodeId lowest,
              Reach&& reach) {
  const bool filter = corpora != PairParams::kAllCorpora;
  const auto kept_edge = [&](std::uint64_t edge) {
    return (graph.edge_corpora(edge) & corpora) != 0;
  };
  const auto edge_of = [&](NodeId citing, NodeId cited) {
    const auto row = graph.out().neighbors(citing);
    return graph.out().first_edge(citing) +
           static_cast<std::uint64_t>(std::lower_bound(row.begin(), row.end(), cited) -
                                      row.begin());
  };
  if (mode == Mode::kCocitation) {
    for (const NodeId s : graph.in().neighbors(a)) {
      const bool a_kept = !filter || kept_edge(edge_of(s, a));
      const auto row = graph.out().neighbors(s);
      const std::uint64_t first = graph.out().first_edge(s);
      const auto from =
          static_cast<std::size_t>(std::lower_bound(row.begin(), row.end(), lowest) - row.begin());
      for (std::size_t p = from; p < row.size(); ++p) {
        if (row[p] == a) continue;
        reach(s, row[p], a_kept && (!filter || kept_edge(first + p)));
      }
    }
  } else {
    const auto row = graph.out().neighbors(a);
    const std::uint64_t first = graph.out().first_edge(a);
    for (std::size_t p = 0; p < row.size(); ++p) {
      const NodeId w = row[p];
      const bool a_kept = !filter || kept_edge(first + p);
      const auto citers = graph.in().neighbors(w);
      for (auto it = std::lower_bound(citers.begin(), citers.end(), lowest); it != citers.end();
           ++it) {
        const NodeId t = *it;
        if (t == a) continue;
        reach(w, t, a_kept && (!filter || kept_edge(edge_of(t, w))));
      }
    }
  }
}

// Pair instances of row a: what walk_row visits.
std::uint64_t row_instances(const CitationGraph& graph, Mode mode, NodeId a) {
  std::uint64_t instances = 0;
  if (mode == Mode::kCocitation) {
    for (const NodeId s : graph.in().neighbors(a)) instances += graph.out().degree(s);
  } else {
    for (const NodeId w : graph.out().neighbors(a)) instances += graph.in().degree(w);
  }
  return instances;
}

}  // namespace

std::uint64_t pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora, NodeId a,
                             NodeId b, std::size_t limit, std::vector<NodeId>& out) {
  const NodeId n = graph.num_nodes();
  if (a >= n || b >= n) {
    throw InvalidArgument("pair_witnesses: pair (" + std::to_string(a) + ", " + std::to_string(b) +
                          ") is outside the graph of " + std::to_string(n) + " nodes");
  }
  return witnesses_of(graph, mode_of(kind), corpora, a, b, limit, out);
}

std::uint64_t pair_witnesses(const CitationGraph& graph, const PairResult& result, const Pair& pair,
                             std::size_t limit, std::vector<NodeId>& out) {
  return pair_witnesses(graph, result.kind, result.corpora, pair.a, pair.b, limit, out);
}

void pair_witnesses(const CitationGraph& graph, PairKind kind, CorpusSet corpora,
                    std::span<const Pair> pairs, std::size_t limit, WitnessLists& out) {
  const Mode mode = mode_of(kind);
  const Csr& lists = mode == Mode::kCocitation ? graph.in() : graph.out();
  const NodeId n = graph.num_nodes();
  out.offsets.assign(1, 0);
  out.ids.clear();
  out.totals.assign(pairs.size(), 0);
  PartnerIndex index;
  std::vector<NodeId> list;
  std::vector<std::uint64_t> partner_bits((static_cast<std::size_t>(n) + 63) / 64, 0);
  std::vector<std::pair<std::uint32_t, NodeId>> hits;  // (pair of the run, context)
  std::vector<std::uint64_t> scratch;
  std::size_t begin = 0;
  while (begin < pairs.size()) {
    const NodeId a = pairs[begin].a;
    std::size_t end = begin + 1;
    while (end < pairs.size() && pairs[end].a == a) ++end;
    const std::span<const Pair> run = pairs.subspan(begin, end - begin);
    for (const Pair& pair : run) {
      if (pair.a >= n || pair.b >= n) {
        throw InvalidArgument("pair_witnesses: pair (" + std::to_string(pair.a) + ", " +
                              std::to_string(pair.b) + ") is outside the graph of " +
                              std::to_string(n) + " nodes");
      }
    }
    // Merging costs about d_a + d_b per pair; the row walk its instances once.
    std::uint64_t merge_cost = 0;
    for (const Pair& pair : run) merge_cost += lists.degree(a) + lists.degree(pair.b);
    if (run.size() < 4 || row_instances(graph, mode, a) >= merge_cost) {
      for (std::size_t i = 0; i < run.size(); ++i) {
        list.clear();
        out.totals[begin + i] = witnesses_of(graph, mode, corpora, a, run[i].b, limit, list);
        out.ids.insert(out.ids.end(), list.begin(), list.end());
        out.offsets.push_back(out.ids.size());
      }
    } else {
      // One walk: a bit per node rejects the instances that reach no partner of the run (most of
      // them) with one load; the hits are counted and kept in walk (= context) order.
      index.assign(run);
      for (const Pair& pair : run) partner_bits[pair.b >> 6] |= std::uint64_t{1} << (pair.b & 63);
      std::uint64_t* totals = out.totals.data() + begin;
      hits.clear();
      NodeId lowest = run.front().b;
      for (const Pair& pair : run) lowest = std::min(lowest, pair.b);
      walk_row(graph, mode, corpora, a, lowest, [&](NodeId context, NodeId partner, bool kept) {
        if ((partner_bits[partner >> 6] >> (partner & 63) & 1) == 0 || !kept) return;
        const auto i = static_cast<std::uint32_t>(index.find(partner));
        if (totals[i]++ < limit) hits.emplace_back(i, context);
      });
      for (const Pair& pair : run) partner_bits[pair.b >> 6] = 0;
      std::vector<std::uint64_t>& fill = scratch;
      fill.resize(run.size());
      for (std::size_t i = 0; i < run.size(); ++i) {
        fill[i] = out.offsets.back();
        out.offsets.push_back(out.offsets.back() + std::min<std::uint64_t>(totals[i], limit));
      }
      out.ids.resize(out.offsets.back());
      for (const auto& [i, context] : hits) out.ids[fill[i]++] = context;
    }
    begin = end;
  }
}

}  // namespace citegraph
