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
  const auto check_length = [&](std::size_t size, const char* name, bool optional) {
    if (size != n && !(optional && size == 0)) {
      throw InvalidArgument(std::string("label_clusters: ") + name + " has " +
                            std::to_string(size) + " entries for " + std::to_string(n) + " nodes");
    }
  };
  check_length(documents.size(), "documents", false);
  check_length(citations.size(), "citations", true);
  check_length(centrality.size(), "centrality", true);
  for (std::size_t v = 0; v < citations.size(); ++v) {
    if (std::isnan(citations[v])) throw InvalidArgument("label_clusters: a citation count is NaN");
  }
  for (std::size_t v = 0; v < centrality.size(); ++v) {
    if (std::isnan(centrality[v])) throw InvalidArgument("label_clusters: a centrality is NaN");
  }
  if (n == 0) return {};

  const std::uint32_t clusters = *std::max_element(membership.begin(), membership.end()) + 1;
  std::vector<std::vector<std::uint32_t>> members(clusters);
  for (std::size_t v = 0; v < n; ++v)
    members[membership[v]].push_back(static_cast<std::uint32_t>(v));

  // Intern the terms (ids in first-seen order; every output is sorted independently of them)
  // and count the documents of each term.
  std::unordered_map<std::string_view, std::uint32_t> id_of;
  std::vector<std::string_view> term_text;
  std::vector<std::uint32_t> document_frequency;
  std::vector<std::vector<std::uint32_t>> term_ids(n);
  for (std::size_t v = 0; v < n; ++v) {
    for (const std::string& term : documents[v]) {
      const auto [it, inserted] =
          id_of.try_emplace(term, static_cast<std::uint32_t>(term_text.size()));
      if (inserted) {
        term_text.push_back(term);
        document_frequency.push_back(0);
      }
      term_ids[v].push_back(it->second);
    }
    // A term counts once per document even if the caller's list repeats it.
    std::sort(term_ids[v].begin(), term_ids[v].end());
    term_ids[v].erase(std::unique(term_ids[v].begin(), term_ids[v].end()), term_ids[v].end());
    for (const std::uint32_t t : term_ids[v]) ++document_frequency[t];
  }

  std::vector<ClusterLabel> labels(clusters);
  std::vector<std::uint32_t> in_cluster(term_text.size(), 0);
  std::vector<std::uint32_t> touched;
  const auto total = static_cast<double>(n);
  for (std::uint32_t c = 0; c < clusters; ++c) {
    ClusterLabel& label = labels[c];
    label.cluster = c;
    label.size = static_cast<std::uint32_t>(members[c].size());
    touched.clear();
    for (const std::uint32_t v : members[c]) {
      if (!term_ids[v].empty()) ++label.documents_with_terms;
      for (const std::uint32_t t : term_ids[v]) {
        if (in_cluster[t]++ == 0) touched.push_back(t);
      }
    }
    const auto size = static_cast<double>(label.size);
    const double rest = total - size;
    std::vector<LabelTerm> candidates;
    for (const std::uint32_t t : touched) {
      const std::uint32_t a = in_cluster[t];
      const std::uint32_t b = document_frequency[t] - a;
      in_cluster[t] = 0;
      if (a < params.min_documents) continue;
      // Over-represented: a / |C| > b / (N - |C|), compared without division.
      if (!(static_cast<double>(a) * rest > static_cast<double>(b) * size)) continue;
      const double llr = log_likelihood_ratio(a, b, size - a, rest - static_cast<double>(b));
      candidates.push_back({std::string(term_text[t]), llr, a, b});
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
    label.terms = std::move(candidates);
    label.most_cited = top_nodes(members[c], citations, params.top_works);
    label.most_central = top_nodes(members[c], centrality, params.top_works);
  }
  return labels;
}

}  // namespace citegraph
