// The input of a pair run: the graph's rows checked, the incidence after the input filters
// (corpora, min_citations), context weights, item counts, the rows and their work, and the items
// renumbered densely when they are a small part of the nodes. See pair_detail.hpp.
#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/pair_detail.hpp"
#include "citegraph/graph/error.hpp"
#include "support/memory.hpp"

namespace citegraph::pair_detail {

namespace {

AdjacencyView view_of(const Csr& csr) { return {csr.offsets(), csr.targets().data()}; }

// Rows in ascending order of the source row, so the transpose's rows come out sorted.
OwnedAdjacency transpose(const OwnedAdjacency& adj, NodeId n) {
  OwnedAdjacency t;
  t.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const NodeId v : adj.targets) ++t.offsets[static_cast<std::size_t>(v) + 1];
  for (NodeId v = 0; v < n; ++v) t.offsets[v + 1] += t.offsets[v];
  t.targets.resize(adj.targets.size());
  std::vector<std::uint64_t> next(t.offsets.begin(), t.offsets.end() - 1);
  for (NodeId u = 0; u < n; ++u) {
    for (std::uint64_t e = adj.offsets[u]; e < adj.offsets[u + 1]; ++e) {
      t.targets[next[adj.targets[e]]++] = u;
    }
  }
  return t;
}

// The kernel relies on sorted, duplicate-free rows (binary search, one count per context).
void check_rows(const Csr& csr, const char* which) {
  const NodeId n = csr.num_nodes();
  for (NodeId v = 0; v < n; ++v) {
    const auto row = csr.neighbors(v);
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (row[k] >= n) {
        throw InvalidArgument("pair counting: " + std::string(which) + "-edge of node " +
                              std::to_string(v) + " points to node " + std::to_string(row[k]) +
                              " outside the graph of " + std::to_string(n) + " nodes");
      }
      if (k > 0 && row[k] <= row[k - 1]) {
        throw InvalidArgument("pair counting: " + std::string(which) + "-edges of node " +
                              std::to_string(v) + " are not sorted and duplicate-free (" +
                              std::to_string(row[k - 1]) + " then " + std::to_string(row[k]) + ")");
      }
    }
  }
}

void check_corpora(const CitationGraph& graph, CorpusSet corpora) {
  if (corpora == PairParams::kAllCorpora) return;
  const std::size_t have = graph.corpora().size();
  const CorpusSet known =
      have >= kMaxCorpora ? PairParams::kAllCorpora : ((CorpusSet{1} << have) - 1);
  if ((corpora & ~known) != 0) {
    throw InvalidArgument("corpora: set " + std::to_string(corpora) +
                          " names corpus bits the graph does not have (it has " +
                          std::to_string(have) + " corpora)");
  }
}

void check_seeds(std::span<const NodeId> seeds, NodeId n) {
  for (const NodeId seed : seeds) {
    if (seed >= n) {
      throw InvalidArgument("seeds: node " + std::to_string(seed) + " is outside the graph of " +
                            std::to_string(n) + " nodes");
    }
  }
}

RowMode row_mode_of(const PairParams& params) {
  return !params.seeds.empty()     ? RowMode::kSeed
         : params.top_per_node > 0 ? RowMode::kBoth
                                   : RowMode::kUpper;
}

// Fractional counting: a context with k >= 2 items gives each of its pairs 1/(k - 1).
void weigh_contexts(Prepared& p) {
  if (!p.fractional) return;
  const AdjacencyView& items = p.incidence->context_items();
  p.context_weight.assign(p.n, 0.0);
  for (NodeId s = 0; s < p.n; ++s) {
    const std::uint64_t k = items.degree(s);
    if (k >= 2) p.context_weight[s] = 1.0 / static_cast<double>(k - 1);
  }
}

// c_i: the contexts of i (fractional: those with k >= 2), and the items that have any.
void count_items(Prepared& p) {
  const AdjacencyView& contexts = p.incidence->item_contexts();
  for (NodeId i = 0; i < p.n; ++i) {
    if (!p.fractional) {
      p.item_count[i] = static_cast<double>(contexts.degree(i));
    } else {
      std::uint64_t c = 0;
      for (const NodeId s : contexts.row(i)) c += p.context_weight[s] > 0 ? 1 : 0;
      p.item_count[i] = static_cast<double>(c);
    }
    p.active_items += contexts.degree(i) > 0 ? 1 : 0;
  }
}

// With seeds only the seeds' rows are computed, in ascending order.
void mark_seeds(Prepared& p, std::span<const NodeId> seeds) {
  if (seeds.empty()) return;
  p.is_seed.assign(p.n, 0);
  for (const NodeId seed : seeds) p.is_seed[seed] = 1;
  for (NodeId v = 0; v < p.n; ++v) {
    if (p.is_seed[v] != 0) p.rows.push_back(v);
  }
}

// Each row's accumulations, the pair instances and the largest row's work.
void measure_work(Prepared& p) {
  const AdjacencyView& items = p.incidence->context_items();
  p.work.assign(p.n, 0);
  for (NodeId s = 0; s < p.n; ++s) {
    const auto row = items.row(s);
    const std::uint64_t k = row.size();
    p.pair_instances = saturating_add(p.pair_instances, choose2(k));
    for (std::uint64_t pos = 0; pos < k; ++pos) {
      p.work[row[pos]] += p.row_mode == RowMode::kUpper ? k - 1 - pos : k - 1;
    }
  }
  for (std::size_t r = 0; r < p.num_rows(); ++r) {
    p.max_work = std::max(p.max_work, p.work[p.row(r)]);
  }
}

// Items numbered 0..N-1 in id order when at most three quarters of the nodes are items, so the
// accumulator spans N entries instead of n.
void renumber_items(Prepared& p) {
  const AdjacencyView& contexts = p.incidence->item_contexts();
  const AdjacencyView& items = p.incidence->context_items();
  p.dense_size = p.n;
  if (p.active_items == 0 || p.active_items > static_cast<std::uint64_t>(p.n) / 4 * 3) return;
  p.local.assign(p.n, kNoNode);
  p.global.reserve(static_cast<std::size_t>(p.active_items));
  for (NodeId v = 0; v < p.n; ++v) {
    if (contexts.degree(v) == 0) continue;
    p.local[v] = static_cast<NodeId>(p.global.size());
    p.global.push_back(v);
  }
  p.local_targets.resize(static_cast<std::size_t>(p.incidence->edges()));
  for (std::uint64_t e = 0; e < p.local_targets.size(); ++e) {
    p.local_targets[e] = p.local[items.targets[e]];
  }
  p.dense_size = p.global.size();
}

void mark_local_seeds(Prepared& p, std::span<const NodeId> seeds) {
  p.local_is_seed.assign(p.dense_size, 0);
  for (const NodeId seed : seeds) {
    const NodeId l = p.local_id(seed);
    if (l != kNoNode) p.local_is_seed[l] = 1;
  }
}

}  // namespace

Incidence::Incidence(const CitationGraph& graph, const PairParams& params, Mode mode) {
  if (params.corpora != PairParams::kAllCorpora || params.min_citations > 1) {
    filter(graph, params, mode);
    return;
  }
  const AdjacencyView out = view_of(graph.out());
  const AdjacencyView in = view_of(graph.in());
  item_contexts_ = mode == Mode::kCocitation ? in : out;
  context_items_ = mode == Mode::kCocitation ? out : in;
  edges_ = graph.num_edges();
}

// The out-edges that pass the corpus filter and whose item passes min_citations, copied, and
// their transpose.
void Incidence::filter(const CitationGraph& graph, const PairParams& params, Mode mode) {
  const NodeId n = graph.num_nodes();
  const bool filter_corpora = params.corpora != PairParams::kAllCorpora;
  const Csr& out = graph.out();
  auto edge_kept = [&](std::uint64_t e) {
    return !filter_corpora || (graph.edge_corpora(e) & params.corpora) != 0;
  };
  // Item degree over the corpus-filtered edges decides min_citations.
  std::vector<std::uint64_t> item_degree(n, 0);
  for (NodeId s = 0; s < n; ++s) {
    for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
      if (edge_kept(e)) ++item_degree[mode == Mode::kCocitation ? out.targets()[e] : s];
    }
  }
  OwnedAdjacency filtered;
  filtered.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (NodeId s = 0; s < n; ++s) {
    for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
      const NodeId item = mode == Mode::kCocitation ? out.targets()[e] : s;
      if (edge_kept(e) && item_degree[item] >= params.min_citations) {
        filtered.targets.push_back(out.targets()[e]);
      }
    }
    filtered.offsets[s + 1] = filtered.targets.size();
  }
  filtered.targets.shrink_to_fit();
  release(item_degree);
  OwnedAdjacency flipped = transpose(filtered, n);
  if (mode == Mode::kCocitation) {
    owned_contexts_ = std::move(flipped);
    owned_items_ = std::move(filtered);
  } else {
    owned_contexts_ = std::move(filtered);
    owned_items_ = std::move(flipped);
  }
  item_contexts_ = owned_contexts_.view();
  context_items_ = owned_items_.view();
  edges_ = owned_items_.targets.size();
  filtered_ = true;
}

Prepared prepare(const CitationGraph& graph, const PairParams& params, Mode mode) {
  params.validate();
  check_corpora(graph, params.corpora);
  Prepared p;
  p.mode = mode;
  p.n = graph.num_nodes();
  p.fractional = params.counting == Counting::kFractional;
  p.row_mode = row_mode_of(params);
  p.item_count.assign(p.n, 0.0);
  if (p.n == 0) return p;
  check_rows(graph.out(), "out");
  check_rows(graph.in(), "in");
  check_seeds(params.seeds, p.n);

  p.incidence = std::make_unique<Incidence>(graph, params, mode);
  weigh_contexts(p);
  count_items(p);
  mark_seeds(p, params.seeds);
  measure_work(p);
  renumber_items(p);
  if (p.row_mode == RowMode::kSeed) mark_local_seeds(p, params.seeds);
  return p;
}

}  // namespace citegraph::pair_detail
