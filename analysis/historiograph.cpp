// The historiograph of a corpus's own records (citegraph/analysis/historiograph.hpp).
#include "citegraph/analysis/historiograph.hpp"

#include <algorithm>

namespace citegraph {

Historiograph historiograph(const CitationGraph& graph, const HistoriographParams& params) {
  Historiograph result;
  std::vector<std::uint64_t> lcs(graph.num_nodes(), 0);
  std::vector<NodeId> cited;
  for (const NodeId v : graph.source_nodes()) {
    for (const NodeId u : graph.in().neighbors(v)) {
      if (graph.is_source(u)) ++lcs[v];
    }
    result.local_citations += lcs[v];
    if (lcs[v] > 0) cited.push_back(v);
  }
  result.cited_sources = cited.size();
  // The most locally cited first; ties by the earlier year, then id.
  std::sort(cited.begin(), cited.end(), [&](NodeId a, NodeId b) {
    if (lcs[a] != lcs[b]) return lcs[a] > lcs[b];
    return std::make_pair(graph.year(a), a) < std::make_pair(graph.year(b), b);
  });
  if (params.top > 0 && cited.size() > params.top) cited.resize(params.top);
  std::sort(cited.begin(), cited.end(), [&](NodeId a, NodeId b) {
    return std::make_pair(graph.year(a), a) < std::make_pair(graph.year(b), b);
  });
  std::vector<std::uint32_t> index(graph.num_nodes(), kNoNode);
  for (std::uint32_t i = 0; i < cited.size(); ++i) index[cited[i]] = i;
  result.nodes = cited;
  for (const NodeId v : cited) result.lcs.push_back(lcs[v]);
  for (std::uint32_t i = 0; i < cited.size(); ++i) {
    for (const NodeId w : graph.out().neighbors(cited[i])) {
      if (index[w] != kNoNode) result.citations.emplace_back(i, index[w]);
    }
  }
  std::sort(result.citations.begin(), result.citations.end());
  return result;
}

}  // namespace citegraph
