#include "apps/mpi/incidence.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace citegraph::mpi {

namespace {

// Which out-edges a run keeps: those in the selected corpora whose item passes min_citations,
// counted over the corpus-filtered edges (as the library does).
class EdgeFilter {
 public:
  EdgeFilter(const CitationGraph& graph, const PairParams& params, bool coupling)
      : graph_(graph),
        corpora_(params.corpora),
        min_citations_(params.min_citations),
        coupling_(coupling),
        item_degree_(graph.num_nodes(), 0) {
    const Csr& out = graph.out();
    for (NodeId s = 0; s < graph.num_nodes(); ++s) {
      for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
        if (in_corpora(e)) ++item_degree_[item_of(s, e)];
      }
    }
  }

  // Out-edge e of source s.
  [[nodiscard]] bool kept(NodeId s, std::uint64_t e) const {
    return in_corpora(e) && item_degree_[item_of(s, e)] >= min_citations_;
  }

 private:
  [[nodiscard]] bool in_corpora(std::uint64_t e) const {
    return corpora_ == PairParams::kAllCorpora || (graph_.edge_corpora(e) & corpora_) != 0;
  }
  [[nodiscard]] NodeId item_of(NodeId s, std::uint64_t e) const {
    return coupling_ ? s : graph_.out().targets()[e];
  }

  const CitationGraph& graph_;
  CorpusSet corpora_ = PairParams::kAllCorpora;
  std::uint32_t min_citations_ = 1;
  bool coupling_ = false;
  std::vector<std::uint64_t> item_degree_;
};

// Kept degrees per node: as a context (k) and as an item.
struct KeptDegrees {
  std::vector<std::uint64_t> context;
  std::vector<std::uint64_t> item;
};

KeptDegrees kept_degrees(const CitationGraph& graph, const EdgeFilter& filter, bool coupling) {
  const NodeId n = graph.num_nodes();
  const Csr& out = graph.out();
  KeptDegrees degrees{std::vector<std::uint64_t>(n, 0), std::vector<std::uint64_t>(n, 0)};
  for (NodeId s = 0; s < n; ++s) {
    for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
      if (!filter.kept(s, e)) continue;
      const NodeId w = out.targets()[e];
      ++degrees.context[coupling ? w : s];
      ++degrees.item[coupling ? s : w];
    }
  }
  return degrees;
}

// Node -> dense item and context index (-1 for a node without a kept edge in that role).
struct DenseIndex {
  std::vector<std::int64_t> item;
  std::vector<std::int64_t> context;
};

// Numbers items and contexts densely in node order (inc.item_nodes, inc.context_nodes).
DenseIndex number_densely(const KeptDegrees& degrees, PairIncidence& inc) {
  const std::size_t n = degrees.item.size();
  DenseIndex index{std::vector<std::int64_t>(n, -1), std::vector<std::int64_t>(n, -1)};
  for (NodeId v = 0; v < n; ++v) {
    if (degrees.item[v] > 0) {
      index.item[v] = static_cast<std::int64_t>(inc.item_nodes.size());
      inc.item_nodes.push_back(v);
    }
    if (degrees.context[v] > 0) {
      index.context[v] = static_cast<std::int64_t>(inc.context_nodes.size());
      inc.context_nodes.push_back(v);
    }
  }
  return index;
}

// The pair instances, and under fractional counting each context's 1/(k - 1).
void weigh_contexts(const KeptDegrees& degrees, PairIncidence& inc) {
  const std::size_t n = degrees.context.size();
  inc.context_weight.assign(inc.fractional ? n : 0, 0.0);
  for (NodeId v = 0; v < n; ++v) {
    const std::uint64_t k = degrees.context[v];
    inc.pair_instances += k * (k == 0 ? 0 : k - 1) / 2;
    if (inc.fractional && k >= 2) inc.context_weight[v] = 1.0 / static_cast<double>(k - 1);
  }
}

// Entries context-major; the item -> contexts lists by a counting sort, contexts ascending.
void add_entries(const CitationGraph& graph, const EdgeFilter& filter, const KeptDegrees& degrees,
                 const DenseIndex& index, PairIncidence& inc) {
  const std::size_t items = inc.item_nodes.size();
  inc.item_offsets.assign(items + 1, 0);
  for (std::size_t i = 0; i < items; ++i) {
    inc.item_offsets[i + 1] = inc.item_offsets[i] + degrees.item[inc.item_nodes[i]];
  }
  inc.item_contexts.resize(inc.item_offsets.back());
  inc.context_of_entry.reserve(inc.item_offsets.back());
  inc.item_of_entry.reserve(inc.item_offsets.back());
  std::vector<std::uint64_t> next(inc.item_offsets.begin(), inc.item_offsets.end() - 1);
  const auto add = [&](NodeId context, NodeId item) {
    const auto i = static_cast<std::size_t>(index.item[item]);
    inc.context_of_entry.push_back(index.context[context]);
    inc.item_of_entry.push_back(index.item[item]);
    inc.item_contexts[next[i]++] = context;
  };
  const NodeId n = graph.num_nodes();
  const Csr& out = graph.out();
  if (!inc.coupling) {
    for (NodeId s = 0; s < n; ++s) {
      for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
        if (filter.kept(s, e)) add(s, out.targets()[e]);
      }
    }
    return;
  }
  // Contexts are cited works: walk in() so that entries come context-major and every item's
  // list of contexts comes out ascending. in() rows are sorted, as out() rows are; the corpus
  // of an in-edge is looked up through the out-edge it mirrors.
  const Csr& in = graph.in();
  for (NodeId w = 0; w < n; ++w) {
    for (const NodeId s : in.neighbors(w)) {
      const auto row = out.neighbors(s);
      const auto it = std::lower_bound(row.begin(), row.end(), w);
      const std::uint64_t e = out.offsets()[s] + static_cast<std::uint64_t>(it - row.begin());
      if (filter.kept(s, e)) add(w, s);
    }
  }
}

// Entries of a context come with ascending items: the item at position p of a context of k
// items has k - 1 - p partners above it.
void bound_rows(PairIncidence& inc) {
  inc.row_bound.assign(inc.item_nodes.size(), 0);
  for (std::size_t e = 0; e < inc.context_of_entry.size();) {
    std::size_t end = e;
    while (end < inc.context_of_entry.size() &&
           inc.context_of_entry[end] == inc.context_of_entry[e]) {
      ++end;
    }
    for (std::size_t p = e; p < end; ++p) {
      inc.row_bound[static_cast<std::size_t>(inc.item_of_entry[p])] += end - 1 - p;
    }
    e = end;
  }
}

// c_i: an item's contexts, under fractional counting only those with k >= 2.
void count_items(const KeptDegrees& degrees, PairIncidence& inc) {
  inc.item_count.assign(degrees.context.size(), 0.0);
  for (std::size_t i = 0; i < inc.item_nodes.size(); ++i) {
    std::uint64_t contexts_k2 = 0;
    for (std::uint64_t p = inc.item_offsets[i]; p < inc.item_offsets[i + 1]; ++p) {
      contexts_k2 += degrees.context[inc.item_contexts[p]] >= 2 ? 1 : 0;
    }
    const std::uint64_t c =
        inc.fractional ? contexts_k2 : inc.item_offsets[i + 1] - inc.item_offsets[i];
    inc.item_count[inc.item_nodes[i]] = static_cast<double>(c);
  }
}

}  // namespace

PairIncidence build_incidence(const CitationGraph& graph, const PairParams& params, bool coupling) {
  params.validate();
  const EdgeFilter filter(graph, params, coupling);
  const KeptDegrees degrees = kept_degrees(graph, filter, coupling);
  PairIncidence inc;
  inc.coupling = coupling;
  inc.fractional = params.counting == Counting::kFractional;
  const DenseIndex index = number_densely(degrees, inc);
  weigh_contexts(degrees, inc);
  add_entries(graph, filter, degrees, index, inc);
  bound_rows(inc);
  count_items(degrees, inc);
  return inc;
}

std::vector<std::int64_t> row_batches(const PairIncidence& incidence, std::uint64_t budget) {
  std::vector<std::int64_t> bounds{0};
  const auto items = static_cast<std::int64_t>(incidence.item_nodes.size());
  std::uint64_t load = 0;
  for (std::int64_t i = 0; i < items; ++i) {
    const std::uint64_t row = incidence.row_bound[static_cast<std::size_t>(i)];
    if (load > 0 && load + row > budget) {
      bounds.push_back(i);
      load = 0;
    }
    load += row;
  }
  if (bounds.back() != items) bounds.push_back(items);
  return bounds;
}

}  // namespace citegraph::mpi
