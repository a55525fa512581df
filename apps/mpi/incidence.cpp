#include "apps/mpi/incidence.hpp"

#include <algorithm>

namespace citegraph::mpi {

PairIncidence build_incidence(const CitationGraph& graph, const PairParams& params, bool coupling) {
  params.validate();
  const NodeId n = graph.num_nodes();
  const Csr& out = graph.out();
  const bool filter_corpora = params.corpora != PairParams::kAllCorpora;
  const auto edge_kept = [&](std::uint64_t e) {
    return !filter_corpora || (graph.edge_corpora(e) & params.corpora) != 0;
  };
  // Item degree over the corpus-filtered edges decides min_citations (as the library does).
  std::vector<std::uint64_t> item_degree(n, 0);
  for (NodeId s = 0; s < n; ++s) {
    for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
      if (edge_kept(e)) ++item_degree[coupling ? s : out.targets()[e]];
    }
  }
  const auto kept = [&](NodeId s, std::uint64_t e) {
    return edge_kept(e) && item_degree[coupling ? s : out.targets()[e]] >= params.min_citations;
  };
  // Kept degrees: per context (k) and per item.
  std::vector<std::uint64_t> context_degree(n, 0);
  std::vector<std::uint64_t> kept_item_degree(n, 0);
  for (NodeId s = 0; s < n; ++s) {
    for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
      if (!kept(s, e)) continue;
      const NodeId w = out.targets()[e];
      ++context_degree[coupling ? w : s];
      ++kept_item_degree[coupling ? s : w];
    }
  }
  PairIncidence inc;
  inc.coupling = coupling;
  inc.fractional = params.counting == Counting::kFractional;
  std::vector<std::int64_t> item_index(n, -1);
  std::vector<std::int64_t> context_index(n, -1);
  for (NodeId v = 0; v < n; ++v) {
    if (kept_item_degree[v] > 0) {
      item_index[v] = static_cast<std::int64_t>(inc.item_nodes.size());
      inc.item_nodes.push_back(v);
    }
    if (context_degree[v] > 0) {
      context_index[v] = static_cast<std::int64_t>(inc.context_nodes.size());
      inc.context_nodes.push_back(v);
    }
  }
  inc.context_weight.assign(inc.fractional ? n : 0, 0.0);
  for (NodeId v = 0; v < n; ++v) {
    const std::uint64_t k = context_degree[v];
    inc.pair_instances += k * (k == 0 ? 0 : k - 1) / 2;
    if (inc.fractional && k >= 2) inc.context_weight[v] = 1.0 / static_cast<double>(k - 1);
  }
  // Entries context-major; the item -> contexts lists by a counting sort, contexts ascending.
  const std::size_t items = inc.item_nodes.size();
  inc.item_offsets.assign(items + 1, 0);
  for (std::size_t i = 0; i < items; ++i) {
    inc.item_offsets[i + 1] = inc.item_offsets[i] + kept_item_degree[inc.item_nodes[i]];
  }
  inc.item_contexts.resize(inc.item_offsets.back());
  inc.context_of_entry.reserve(inc.item_offsets.back());
  inc.item_of_entry.reserve(inc.item_offsets.back());
  std::vector<std::uint64_t> next(inc.item_offsets.begin(), inc.item_offsets.end() - 1);
  const auto add = [&](NodeId context, NodeId item) {
    const auto i = static_cast<std::size_t>(item_index[item]);
    inc.context_of_entry.push_back(context_index[context]);
    inc.item_of_entry.push_back(item_index[item]);
    inc.item_contexts[next[i]++] = context;
  };
  if (!coupling) {
    for (NodeId s = 0; s < n; ++s) {
      for (std::uint64_t e = out.offsets()[s]; e < out.offsets()[s + 1]; ++e) {
        if (kept(s, e)) add(s, out.targets()[e]);
      }
    }
  } else {
    // Contexts are cited works: walk in() so that entries come context-major and every item's
    // list of contexts comes out ascending. in() rows are sorted, as out() rows are; the corpus
    // of an in-edge is looked up through the out-edge it mirrors.
    const Csr& in = graph.in();
    for (NodeId w = 0; w < n; ++w) {
      for (const NodeId s : in.neighbors(w)) {
        const auto row = out.neighbors(s);
        const auto it = std::lower_bound(row.begin(), row.end(), w);
        const std::uint64_t e = out.offsets()[s] + static_cast<std::uint64_t>(it - row.begin());
        if (kept(s, e)) add(w, s);
      }
    }
  }
  // Entries of a context come with ascending items: the item at position p of a context of k
  // items has k - 1 - p partners above it.
  inc.row_bound.assign(items, 0);
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
  inc.item_count.assign(n, 0.0);
  for (std::size_t i = 0; i < items; ++i) {
    std::uint64_t contexts_k2 = 0;
    for (std::uint64_t p = inc.item_offsets[i]; p < inc.item_offsets[i + 1]; ++p) {
      contexts_k2 += context_degree[inc.item_contexts[p]] >= 2 ? 1 : 0;
    }
    const std::uint64_t c =
        inc.fractional ? contexts_k2 : inc.item_offsets[i + 1] - inc.item_offsets[i];
    inc.item_count[inc.item_nodes[i]] = static_cast<double>(c);
  }
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
