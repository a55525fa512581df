// Silhouettes of the clusters of a weighted similarity network -- the co-citation map -- after
// Rousseeuw (1987, "Silhouettes: a graphical aid to the interpretation and validation of cluster
// analysis", Journal of Computational and Applied Mathematics 20:53-65), as CiteSpace reports
// them for its co-citation clusters.
//
// The distance between two works is d(i, j) = 1 - w_ij for a linked pair with similarity w_ij in
// [0, 1] (the map passes the cosine strength c_ij / sqrt(c_i c_j)), and 1 for a pair without a
// link. For work i of cluster A:
//   a(i) = mean of d(i, j) over the other members j of A
//   b(i) = min over the other clusters C of the mean of d(i, j) over the members j of C
//   s(i) = (b(i) - a(i)) / max(a(i), b(i))
// A work alone in its cluster has s = 0 (Rousseeuw; scikit-learn's silhouette_samples), and so
// has a work with a(i) = b(i) = 0 (scikit-learn turns that 0/0 into 0 too). With a single
// non-empty cluster b is undefined and there is no silhouette (defined = false). When every
// cluster is a singleton, every s is 0 (scikit-learn refuses that case).
//
// Method: the sum of the distances from i to cluster C is (|C| - [i in C]) - sum of w_ij over the
// links of i into C -- exact, since every pair without a link contributes exactly 1; a cluster i
// has no link into has mean distance 1. So the pass walks each work's links once and never forms
// the m x m matrix: time O(m + k + pairs), memory O(m + k + pairs) plus O(k) per thread, for m
// works and k cluster ids. Each s(i) is computed from i's links alone in a fixed order and the
// means are summed in work order, so the result never depends on the thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citegraph/analysis/network.hpp"

namespace citegraph {

struct SilhouetteParams {
  unsigned threads = 1;  // 0 = every core; results never depend on it

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

struct SilhouetteResult {
  // At least two non-empty clusters: only then is the silhouette defined.
  bool defined = false;
  std::uint32_t clusters = 0;               // non-empty clusters
  std::vector<std::uint32_t> cluster_size;  // per cluster id 0 .. max id (0 for an unused id)
  std::vector<double> work;                 // s(i) per work; empty when not defined
  std::vector<double> cluster_mean;         // mean s per cluster id (0 for an unused id); empty
                                            // when not defined
  double mean = 0.0;                        // mean s over all works; 0 when not defined
};

// The silhouettes of the partition `membership` (one cluster id per node, each < node_count) of
// `similarity`, whose edges are the linked pairs with their similarity w in [0, 1] (either
// orientation, each unordered pair at most once; w = 0 is the same as no link). Throws
// InvalidArgument when membership does not have node_count entries, a cluster id is >=
// node_count, an edge has an endpoint >= node_count, joins a node to itself, repeats a pair or
// has a weight outside [0, 1], or params are invalid -- naming the entry. Time O(m + pairs),
// parallel over works.
[[nodiscard]] SilhouetteResult silhouette(const WeightedNetwork& similarity,
                                          std::span<const std::uint32_t> membership,
                                          const SilhouetteParams& params = {});

}  // namespace citegraph
