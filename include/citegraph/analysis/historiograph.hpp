// The historiograph (Garfield, Pudovkin & Istomin 2003, "Why do we need algorithmic
// historiography?"; HistCite): the direct citations among a corpus's own records, the most
// locally cited of them, in time order.
//
// The local citation score LCS(v) of a source v is the number of sources that cite it. (PubMed
// records carry no global citation count; the graph's in-degree of a source counts its citations
// by every citing work of the graph, which is the same set here: only sources cite.) The `top`
// sources by LCS (ties by earlier year, then node id) are kept with every citation among them,
// ordered by (year, node id).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

struct HistoriographParams {
  std::uint32_t top = 30;  // sources kept; 0 = every source cited by another source
};

struct Historiograph {
  std::vector<NodeId> nodes;       // by (year, node id)
  std::vector<std::uint64_t> lcs;  // per node: sources citing it
  // Citations among the nodes as (citing, cited) indices into `nodes`, by citing then cited.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> citations;
  std::uint64_t local_citations = 0;  // citations between any two sources of the graph
  std::uint64_t cited_sources = 0;    // sources with LCS > 0
};

// Time O(m + s log s) for m citations and s sources.
[[nodiscard]] Historiograph historiograph(const CitationGraph& graph,
                                          const HistoriographParams& params);

}  // namespace citegraph
