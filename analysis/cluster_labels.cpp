// Cluster labels: log-likelihood ratio terms and top works (see the header).
#include "citegraph/analysis/cluster_labels.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "citegraph/graph/error.hpp"

namespace citegraph {

namespace {

double plogp_ratio(double observed, double expected) {
  return observed > 0 ? observed * std::log(observed / expected) : 0.0;
}

// The first `limit` nodes of a cluster by score descending, ties by node ascending.
std::vector<std::uint32_t> top_nodes(const std::vector<std::uint32_t>& members,
                                     std::span<const double> score, std::uint32_t limit) {
  if (score.empty() || limit == 0) return {};
  std::vector<std::uint32_t> order = members;
  const auto better = [&](std::uint32_t x, std::uint32_t y) {
    return score[x] != score[y] ? score[x] > score[y] : x < y;
  };
  const std::size_t keep = std::min<std::size_t>(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    better);
  order.resize(keep);
  return order;
}

void check_length(std::size_t size, std::size_t n, const char* name, bool optional) {
  if (size != n && !(optional && size == 0)) {
    throw InvalidArgument(std::string("label_clusters: ") + name + " has " + std::to_string(size) +
                          " entries for " + std::to_string(n) + " nodes");
  }
}

// Every per-node input has one entry per node (citations and centrality may be empty) and no NaN.
void check_inputs(std::size_t documents, std::size_t n, std::span<const double> citations,
                  std::span<const double> centrality) {
  check_length(documents, n, "documents", false);
  check_length(citations.size(), n, "citations", true);
  check_length(centrality.size(), n, "centrality", true);
  for (std::size_t v = 0; v < citations.size(); ++v) {
    if (std::isnan(citations[v])) throw InvalidArgument("label_clusters: a citation count is NaN");
  }
  for (std::size_t v = 0; v < centrality.size(); ++v) {
    if (std::isnan(centrality[v])) throw InvalidArgument("label_clusters: a centrality is NaN");
  }
}

// The nodes of each cluster, ascending.
std::vector<std::vector<std::uint32_t>> members_of(std::span<const std::uint32_t> membership) {
  const std::uint32_t clusters = *std::max_element(membership.begin(), membership.end()) + 1;
  std::vector<std::vector<std::uint32_t>> members(clusters);
  for (std::size_t v = 0; v < membership.size(); ++v) {
    members[membership[v]].push_back(static_cast<std::uint32_t>(v));
  }
  return members;
}

// The terms interned (ids in first-seen order; every output is sorted independently of them),
// each document's distinct term ids and each term's document count.
struct TermIndex {
  std::vector<std::string_view> text;
  std::vector<std::uint32_t> document_frequency;
  std::vector<std::vector<std::uint32_t>> ids;  // per document, ascending
};

TermIndex intern_terms(std::span<const std::vector<std::string>> documents) {
  TermIndex index;
  index.ids.resize(documents.size());
  std::unordered_map<std::string_view, std::uint32_t> id_of;
  for (std::size_t v = 0; v < documents.size(); ++v) {
    std::vector<std::uint32_t>& ids = index.ids[v];
    for (const std::string& term : documents[v]) {
      const auto [it, inserted] =
          id_of.try_emplace(term, static_cast<std::uint32_t>(index.text.size()));
      if (inserted) {
        index.text.push_back(term);
        index.document_frequency.push_back(0);
      }
      ids.push_back(it->second);
    }
    // A term counts once per document even if the caller's list repeats it.
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const std::uint32_t t : ids) ++index.document_frequency[t];
  }
  return index;
}

// Per-term counters over one cluster, reset through `touched` after each cluster.
struct ClusterCounts {
  std::vector<std::uint32_t> in_cluster;
  std::vector<std::uint32_t> touched;
};

// The cluster's over-represented terms in at least min_documents of its documents, by
// log-likelihood ratio, the top_terms first; counts its documents with terms into `label`.
std::vector<LabelTerm> cluster_terms(const std::vector<std::uint32_t>& members,
                                     const TermIndex& index, std::size_t nodes,
                                     const LabelParams& params, ClusterCounts& counts,
                                     ClusterLabel& label) {
  counts.touched.clear();
  for (const std::uint32_t v : members) {
    if (!index.ids[v].empty()) ++label.documents_with_terms;
    for (const std::uint32_t t : index.ids[v]) {
      if (counts.in_cluster[t]++ == 0) counts.touched.push_back(t);
    }
  }
  const auto total = static_cast<double>(nodes);
  const auto size = static_cast<double>(label.size);
  const double rest = total - size;
  std::vector<LabelTerm> candidates;
  for (const std::uint32_t t : counts.touched) {
    const std::uint32_t a = counts.in_cluster[t];
    const std::uint32_t b = index.document_frequency[t] - a;
    counts.in_cluster[t] = 0;
    if (a < params.min_documents) continue;
    // Over-represented: a / |C| > b / (N - |C|), compared without division.
    if (!(static_cast<double>(a) * rest > static_cast<double>(b) * size)) continue;
    const double llr = log_likelihood_ratio(a, b, size - a, rest - static_cast<double>(b));
    candidates.push_back({std::string(index.text[t]), llr, a, b});
  }
  const auto better = [](const LabelTerm& x, const LabelTerm& y) {
    if (x.llr != y.llr) return x.llr > y.llr;
    if (x.in_cluster != y.in_cluster) return x.in_cluster > y.in_cluster;
    return x.term < y.term;
  };
  const std::size_t keep = std::min<std::size_t>(params.top_terms, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                    candidates.end(), better);
  candidates.resize(keep);
  return candidates;
}

}  // namespace

void LabelParams::validate() const {
  if (min_documents == 0) throw InvalidArgument("min_documents 0 is not at least 1");
  terms.validate();
}

double log_likelihood_ratio(double a, double b, double c, double d) {
  const double n = a + b + c + d;
  if (n <= 0) return 0;
  const double row1 = a + b;
  const double row2 = c + d;
  const double col1 = a + c;
  const double col2 = b + d;
  const double sum = plogp_ratio(a, row1 * col1 / n) + plogp_ratio(b, row1 * col2 / n) +
                     plogp_ratio(c, row2 * col1 / n) + plogp_ratio(d, row2 * col2 / n);
  return std::max(0.0, 2 * sum);  // rounding can make a null table a hair negative
}

std::vector<std::vector<std::string>> work_terms(const CitationGraph& graph,
                                                 std::span<const NodeId> nodes,
                                                 const LabelParams& params) {
  params.validate();
  std::vector<std::vector<std::string>> documents(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeId v = nodes[i];
    if (v >= graph.num_nodes()) {
      throw InvalidArgument("work_terms: node " + std::to_string(v) + " is not below " +
                            std::to_string(graph.num_nodes()));
    }
    std::vector<std::string>& document = documents[i];
    if (params.title_terms) document = text_terms(graph.text(v).title, params.terms);
    if (params.subjects) {
      if (const SourceMeta* meta = graph.source_meta(v)) {
        for (const std::string& keyword : meta->keywords) {
          if (std::string s = normalize_subject(keyword); !s.empty()) {
            document.push_back(std::move(s));
          }
        }
        for (const std::string& heading : meta->mesh) {
          if (std::string s = normalize_subject(heading); !s.empty()) {
            document.push_back(std::move(s));
          }
        }
      }
    }
    std::sort(document.begin(), document.end());
    document.erase(std::unique(document.begin(), document.end()), document.end());
  }
  return documents;
}

std::vector<ClusterLabel> label_clusters(std::span<const std::vector<std::string>> documents,
                                         std::span<const std::uint32_t> membership,
                                         std::span<const double> citations,
                                         std::span<const double> centrality,
                                         const LabelParams& params) {
  params.validate();
  const std::size_t n = membership.size();
  check_inputs(documents.size(), n, citations, centrality);
  if (n == 0) return {};

  const std::vector<std::vector<std::uint32_t>> members = members_of(membership);
  const TermIndex index = intern_terms(documents);
  std::vector<ClusterLabel> labels(members.size());
  ClusterCounts counts{std::vector<std::uint32_t>(index.text.size(), 0), {}};
  for (std::size_t c = 0; c < members.size(); ++c) {
    ClusterLabel& label = labels[c];
    label.cluster = static_cast<std::uint32_t>(c);
    label.size = static_cast<std::uint32_t>(members[c].size());
    label.terms = cluster_terms(members[c], index, n, params, counts, label);
    label.most_cited = top_nodes(members[c], citations, params.top_works);
    label.most_central = top_nodes(members[c], centrality, params.top_works);
  }
  return labels;
}

}  // namespace citegraph
