#include "graph/citation_graph.hpp"

#include <algorithm>
#include <string>

namespace citegraph {

Csr::Csr(std::vector<std::uint64_t> offsets, std::vector<NodeId> targets)
    : offsets_(std::move(offsets)), targets_(std::move(targets)) {
  if (offsets_.empty() || offsets_.front() != 0 || offsets_.back() != targets_.size()) {
    throw InvalidArgument("Csr: offsets must start at 0 and end at the number of targets (" +
                          std::to_string(targets_.size()) + ")");
  }
  if (offsets_.size() - 1 > kNoNode) {
    throw InvalidArgument("Csr: more nodes than 32-bit node ids can address");
  }
  const auto n = static_cast<NodeId>(offsets_.size() - 1);
  for (std::size_t v = 0; v + 1 < offsets_.size(); ++v) {
    if (offsets_[v] > offsets_[v + 1]) {
      throw InvalidArgument("Csr: offsets decrease at node " + std::to_string(v));
    }
  }
  for (NodeId t : targets_) {
    if (t >= n) throw InvalidArgument("Csr: target " + std::to_string(t) + " out of range");
  }
}

Csr Csr::transpose(std::vector<std::uint64_t>* edge_map) const {
  const NodeId n = num_nodes();
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (NodeId t : targets_) ++offsets[static_cast<std::size_t>(t) + 1];
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<NodeId> targets(targets_.size());
  std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
  if (edge_map != nullptr) edge_map->assign(targets_.size(), 0);
  // Visiting sources in increasing order fills every transposed row already sorted.
  for (NodeId u = 0; u < n; ++u) {
    for (std::uint64_t e = offsets_[u]; e < offsets_[u + 1]; ++e) {
      const std::uint64_t slot = cursor[targets_[e]]++;
      targets[slot] = u;
      if (edge_map != nullptr) (*edge_map)[slot] = e;
    }
  }
  return Csr(std::move(offsets), std::move(targets));
}

CitationGraph::CitationGraph(Csr out, NodeTable nodes, std::vector<SourceMeta> sources,
                             std::vector<CorpusSet> edge_corpora, std::vector<std::string> corpora)
    : out_(std::move(out)),
      nodes_(std::move(nodes)),
      sources_(std::move(sources)),
      edge_corpora_(std::move(edge_corpora)),
      corpora_(std::move(corpora)) {
  const std::size_t n = out_.num_nodes();
  const NodeTable& t = nodes_;
  const bool columns_ok =
      t.pmid.size() == n && t.doi.size() == n && t.pmcid.size() == n &&
      t.citation_key.size() == n && t.title_key.size() == n && t.title.size() == n &&
      t.journal.size() == n && t.year.size() == n && t.volume.size() == n &&
      t.issue.size() == n && t.pages.size() == n && t.kind.size() == n &&
      t.corpora.size() == n && t.source_corpora.size() == n && t.source_row.size() == n;
  if (!columns_ok) {
    throw InvalidArgument("CitationGraph: every node column must have " + std::to_string(n) +
                          " rows");
  }
  if (edge_corpora_.size() != out_.num_edges()) {
    throw InvalidArgument("CitationGraph: edge_corpora must have one entry per edge");
  }
  if (corpora_.size() > kMaxCorpora) {
    throw InvalidArgument("CitationGraph: at most " + std::to_string(kMaxCorpora) + " corpora");
  }
  for (std::uint32_t row : t.source_row) {
    if (row != kNoNode && row >= sources_.size()) {
      throw InvalidArgument("CitationGraph: source_row " + std::to_string(row) + " out of range");
    }
  }
  for (std::size_t v = 1; v < n && pmid_ordered_; ++v) {
    const Pmid previous = t.pmid[v - 1];
    const Pmid current = t.pmid[v];
    pmid_ordered_ = current == 0 || (previous != 0 && previous < current);
  }
  in_ = out_.transpose(&in_to_out_);
}

const SourceMeta* CitationGraph::source_meta(NodeId v) const {
  const std::uint32_t row = nodes_.source_row[v];
  return row == kNoNode ? nullptr : &sources_[row];
}

std::string CitationGraph::node_key(NodeId v) const {
  if (nodes_.pmid[v] != 0) return std::to_string(nodes_.pmid[v]);
  if (!nodes_.doi[v].empty()) return "doi:" + nodes_.doi[v];
  if (!nodes_.pmcid[v].empty()) return "pmc:" + nodes_.pmcid[v];
  if (!nodes_.citation_key[v].empty()) return "key:" + nodes_.citation_key[v];
  return "title:" + nodes_.title_key[v];
}

NodeId CitationGraph::find_pmid(Pmid pmid) const {
  const auto& column = nodes_.pmid;
  if (pmid == 0) return kNoNode;
  if (!pmid_ordered_) {
    auto it = std::find(column.begin(), column.end(), pmid);
    return it == column.end() ? kNoNode : static_cast<NodeId>(it - column.begin());
  }
  // PMID nodes come first, sorted by PMID (see the class comment).
  auto end = std::partition_point(column.begin(), column.end(), [](Pmid p) { return p != 0; });
  auto it = std::lower_bound(column.begin(), end, pmid);
  if (it == end || *it != pmid) return kNoNode;
  return static_cast<NodeId>(it - column.begin());
}

}  // namespace citegraph
