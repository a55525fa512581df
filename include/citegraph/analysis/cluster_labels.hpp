// Labels of clusters: the terms that characterise each cluster against the rest, and each
// cluster's most cited and most central works.
//
// Terms, as CiteSpace labels its clusters (Chen, Ibekwe-SanJuan & Hou 2010, "The structure and
// dynamics of cocitation clusters: A multiple-perspective cocitation analysis", JASIST 61(7)),
// by the log-likelihood ratio of Dunning (1993, "Accurate methods for the statistics of surprise
// and coincidence", Computational Linguistics 19(1)). Each node of the clustered network is a
// document: the set of its terms (a term counts once per document). For a term t and a cluster
// C, with a = documents of C containing t, b = documents outside C containing t, c = |C| - a,
// d = (N - |C|) - b, the 2x2 table [[a, b], [c, d]] gives
//     G2 = 2 sum_ij O_ij ln(O_ij / E_ij),   E_ij = row_i x column_j / N   (0 ln 0 = 0).
// Only terms over-represented in C (a / |C| > b / (N - |C|)) and found in at least
// LabelParams::min_documents documents of C are candidates; they are ranked by G2 descending,
// ties by a descending, then by the term (byte order). G2 >= 3.84 is p < 0.05 and G2 >= 10.83
// p < 0.001 (chi-squared, one degree of freedom).
//
// Documents of works (work_terms): the title's terms by analysis/terms.hpp's rules (text_terms:
// ASCII letters and digits, lower-cased, stop words and short tokens dropped, plurals folded)
// and, for source works, their keywords and MeSH headings normalised by normalize_subject
// ("lupus erythematosus, systemic"). A subject and a title word with the same spelling are one
// term.
//
// Works: per cluster the members with the highest citation counts and the highest centrality
// score (any score vector the caller chooses, e.g. PageRank or co-citation betweenness), each
// descending, ties by node ascending.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "citegraph/analysis/terms.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

struct LabelParams {
  std::uint32_t top_terms = 5;  // per cluster; 0 = none
  std::uint32_t top_works = 5;  // per cluster and list; 0 = none
  // A term must occur in at least this many documents of the cluster: 1 .. 2^32-1. The default 2
  // keeps one work's unusual title word from labelling a cluster of one or two.
  std::uint32_t min_documents = 2;
  bool title_terms = true;  // work_terms: the title's terms
  bool subjects = true;     // work_terms: keywords and MeSH headings
  TermOptions terms;

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct LabelTerm {
  std::string term;
  double llr = 0;                // G2
  std::uint32_t in_cluster = 0;  // a: documents of the cluster with the term
  std::uint32_t outside = 0;     // b: documents of the other clusters with the term
};

struct ClusterLabel {
  std::uint32_t cluster = 0;
  std::uint32_t size = 0;                   // nodes in the cluster
  std::uint32_t documents_with_terms = 0;   // of them, nodes with at least one term
  std::vector<LabelTerm> terms;             // at most top_terms, best first
  std::vector<std::uint32_t> most_cited;    // node indices, at most top_works
  std::vector<std::uint32_t> most_central;  // node indices, at most top_works
};

// The document (distinct terms, sorted) of each graph node in `nodes`: network node i is
// graph node nodes[i]. Throws InvalidArgument for invalid params or a node out of range.
// O(total text length + total terms log terms).
[[nodiscard]] std::vector<std::vector<std::string>> work_terms(const CitationGraph& graph,
                                                               std::span<const NodeId> nodes,
                                                               const LabelParams& params = {});

// One label per cluster 0 .. max(membership), in cluster order. documents, citations and
// centrality are per node (citations or centrality may be empty: that list is left empty).
// Throws InvalidArgument when the spans disagree in length with membership, or a score is NaN.
// Time O(D + T log T + n log n) for D term occurrences and T (cluster, term) candidates;
// memory O(D).
[[nodiscard]] std::vector<ClusterLabel> label_clusters(
    std::span<const std::vector<std::string>> documents, std::span<const std::uint32_t> membership,
    std::span<const double> citations, std::span<const double> centrality,
    const LabelParams& params = {});

// G2 of the 2x2 table [[a, b], [c, d]] (see above); 0 for an empty table. O(1).
[[nodiscard]] double log_likelihood_ratio(double a, double b, double c, double d);

}  // namespace citegraph
