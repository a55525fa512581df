// Test support: builds a CitationGraph through its public constructor from works, sources and
// citations tagged with the corpora that make them (shared by the overlap and distributions
// tests).
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph::test {

class GraphMaker {
 public:
  explicit GraphMaker(std::vector<std::string> corpora) : corpora_(std::move(corpora)) {}

  NodeId work(std::string journal, std::int32_t year) {
    journal_.push_back(std::move(journal));
    year_.push_back(year);
    title_.emplace_back();
    source_of_.push_back(0);
    row_.push_back(kNoNode);
    return static_cast<NodeId>(journal_.size() - 1);
  }
  NodeId source(CorpusSet corpora, SourceMeta meta, std::string journal, std::int32_t year,
                std::string title = {}) {
    const NodeId v = work(std::move(journal), year);
    title_[v] = std::move(title);
    source_of_[v] = corpora;
    row_[v] = static_cast<std::uint32_t>(meta_.size());
    meta_.push_back(std::move(meta));
    return v;
  }
  // A citation made for every corpus the citing source belongs to, or for `by`.
  void cite(NodeId from, NodeId to) { edges_.emplace_back(from, to, source_of_[from]); }
  void cite(NodeId from, NodeId to, CorpusSet by) { edges_.emplace_back(from, to, by); }

  [[nodiscard]] CitationGraph build() const {
    auto edges = edges_;
    std::sort(edges.begin(), edges.end());
    const std::size_t n = journal_.size();
    std::vector<std::uint64_t> offsets(n + 1, 0);
    std::vector<NodeId> targets;
    std::vector<CorpusSet> edge_corpora;
    for (const auto& [from, to, by] : edges) {
      ++offsets[from + 1];
      targets.push_back(to);
      edge_corpora.push_back(by);
    }
    for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
    NodeTable t;
    for (std::size_t v = 0; v < n; ++v) {
      t.pmid.push_back(static_cast<Pmid>(v + 1));
      t.year.push_back(year_[v]);
      t.source_corpora.push_back(source_of_[v]);
      WorkText text;
      text.title = title_[v];
      text.journal = journal_[v];
      t.texts.emplace_back(static_cast<NodeId>(v), std::move(text));
      if (row_[v] != kNoNode) t.sources.emplace_back(static_cast<NodeId>(v), meta_[row_[v]]);
    }
    return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(t),
                         std::move(edge_corpora), corpora_);
  }

 private:
  std::vector<std::string> corpora_;
  std::vector<std::string> journal_;
  std::vector<std::int32_t> year_;
  std::vector<std::string> title_;
  std::vector<CorpusSet> source_of_;
  std::vector<std::uint32_t> row_;
  std::vector<SourceMeta> meta_;
  std::vector<std::tuple<NodeId, NodeId, CorpusSet>> edges_;
};

// A one-corpus citation graph of n works from (citing, cited) pairs (repeats collapse): works
// that cite are sources with a reference list, the rest cited-only; PMIDs 1..n in node order.
// With `wide`, the CSRs keep 64-bit offsets (the form of a graph past 2^32 citations; below that
// the graph narrows them to 32 bits): kernels must give the same results either way.
inline CitationGraph citation_graph(NodeId n, std::vector<std::pair<NodeId, NodeId>> edges,
                                    bool wide = false) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<NodeId> targets;
  targets.reserve(edges.size());
  for (const auto& [u, v] : edges) {
    ++offsets[u + 1];
    targets.push_back(v);
  }
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  NodeTable t;
  for (NodeId v = 0; v < n; ++v) {
    const bool cites = offsets[v + 1] > offsets[v];
    t.pmid.push_back(v + 1);
    t.year.push_back(0);
    t.source_corpora.push_back(cites ? 1 : 0);
    if (cites) {
      SourceMeta meta;
      meta.has_reference_list = true;
      t.sources.emplace_back(v, std::move(meta));
    }
  }
  const std::size_t m = targets.size();
  Csr out = wide ? Csr(SharedArray<std::uint64_t>(std::move(offsets)),
                       SharedArray<NodeId>(std::move(targets)))
                 : Csr(std::move(offsets), std::move(targets));
  return CitationGraph(std::move(out), std::move(t), std::vector<CorpusSet>(m, 1), {"test"});
}

}  // namespace citegraph::test
