// Silhouettes of a partition of a similarity network from each work's links alone
// (citegraph/analysis/silhouette.hpp).
#include "citegraph/analysis/silhouette.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>

#include "citegraph/graph/error.hpp"
#include "support/describe.hpp"
#include "support/thread_team.hpp"

namespace citegraph {
namespace {

using analysis_detail::describe;

// Both directions of every link, grouped by work, in the order of the edge list.
struct Links {
  std::vector<std::uint64_t> offsets;  // node_count + 1 entries
  std::vector<NodeId> neighbor;
  std::vector<double> weight;
};

std::string edge_text(std::size_t e, const WeightedEdge& edge) {
  return "edge " + std::to_string(e) + " (" + std::to_string(edge.a) + ", " +
         std::to_string(edge.b) + ", " + describe(edge.weight) + ")";
}

void check_membership(std::uint32_t node_count, std::span<const std::uint32_t> membership) {
  if (membership.size() != node_count) {
    throw InvalidArgument("silhouette: membership has " + std::to_string(membership.size()) +
                          " entries for " + std::to_string(node_count) + " works");
  }
  for (std::size_t i = 0; i < membership.size(); ++i) {
    if (membership[i] >= node_count) {
      throw InvalidArgument("silhouette: membership[" + std::to_string(i) +
                            "] = " + std::to_string(membership[i]) + " is not a cluster id < " +
                            std::to_string(node_count) + " (the number of works)");
    }
  }
}

void check_edges(const WeightedNetwork& similarity) {
  for (std::size_t e = 0; e < similarity.edges.size(); ++e) {
    const WeightedEdge& edge = similarity.edges[e];
    if (edge.a >= similarity.node_count || edge.b >= similarity.node_count) {
      throw InvalidArgument("silhouette: " + edge_text(e, edge) + " has an endpoint >= " +
                            std::to_string(similarity.node_count) + " (the number of works)");
    }
    if (edge.a == edge.b) {
      throw InvalidArgument("silhouette: " + edge_text(e, edge) + " joins a work to itself");
    }
    // Written so that NaN fails too.
    if (!(edge.weight >= 0.0 && edge.weight <= 1.0)) {
      throw InvalidArgument("silhouette: " + edge_text(e, edge) +
                            " has a similarity outside [0, 1]");
    }
  }
}

// A counting sort of the edges by endpoint: O(m + pairs).
Links links_of(const WeightedNetwork& similarity) {
  Links links;
  links.offsets.assign(static_cast<std::size_t>(similarity.node_count) + 1, 0);
  for (const WeightedEdge& edge : similarity.edges) {
    ++links.offsets[edge.a + 1];
    ++links.offsets[edge.b + 1];
  }
  for (std::size_t v = 1; v < links.offsets.size(); ++v) links.offsets[v] += links.offsets[v - 1];
  links.neighbor.resize(links.offsets.back());
  links.weight.resize(links.offsets.back());
  std::vector<std::uint64_t> next(links.offsets.begin(), links.offsets.end() - 1);
  for (const WeightedEdge& edge : similarity.edges) {
    const std::uint64_t at_a = next[edge.a]++;
    const std::uint64_t at_b = next[edge.b]++;
    links.neighbor[at_a] = edge.b;
    links.weight[at_a] = edge.weight;
    links.neighbor[at_b] = edge.a;
    links.weight[at_b] = edge.weight;
  }
  return links;
}

// A repeated pair would count its similarity twice; it is refused, naming the pair.
void check_repeated_pairs(const Links& links) {
  const std::size_t n = links.offsets.size() - 1;
  std::vector<NodeId> seen_from(n, kNoNode);
  for (std::size_t v = 0; v < n; ++v) {
    for (std::uint64_t e = links.offsets[v]; e < links.offsets[v + 1]; ++e) {
      const NodeId u = links.neighbor[e];
      if (seen_from[u] == v) {
        throw InvalidArgument("silhouette: the pair (" + std::to_string(v) + ", " +
                              std::to_string(u) + ") is listed more than once");
      }
      seen_from[u] = static_cast<NodeId>(v);
    }
  }
}

// One thread's sums of similarity from the current work into each cluster, and the clusters
// touched (so that resetting costs the work's links, not the number of clusters).
struct ClusterSums {
  std::vector<double> similarity;
  std::vector<std::uint32_t> stamp;  // work + 1 that last touched the cluster
  std::vector<std::uint32_t> touched;
};

// s(v) from v's links: a cluster v has no link into contributes mean distance exactly 1.
double work_silhouette(NodeId v, const Links& links, std::span<const std::uint32_t> membership,
                       const SilhouetteResult& result, ClusterSums& sums) {
  const std::uint32_t own = membership[v];
  const std::uint32_t own_size = result.cluster_size[own];
  if (own_size == 1) return 0.0;
  sums.touched.clear();
  for (std::uint64_t e = links.offsets[v]; e < links.offsets[v + 1]; ++e) {
    const std::uint32_t c = membership[links.neighbor[e]];
    if (sums.stamp[c] != v + 1) {
      sums.stamp[c] = v + 1;
      sums.similarity[c] = 0.0;
      sums.touched.push_back(c);
    }
    sums.similarity[c] += links.weight[e];
  }
  const double own_similarity = sums.stamp[own] == v + 1 ? sums.similarity[own] : 0.0;
  const auto others = static_cast<double>(own_size - 1);
  // Similarities are at most 1, so the rounded sum never exceeds the count: a >= 0.
  const double a = (others - own_similarity) / others;
  // A cluster without a link from v has mean distance 1, and one with links at most 1: so b is
  // the least mean over the clusters touched, or 1 when v touches no other cluster.
  double b = 1.0;
  for (const std::uint32_t c : sums.touched) {
    if (c == own) continue;
    const auto size = static_cast<double>(result.cluster_size[c]);
    b = std::min(b, (size - sums.similarity[c]) / size);
  }
  const double larger = std::max(a, b);
  return larger == 0.0 ? 0.0 : (b - a) / larger;
}

// s of every work, on fixed blocks of works: each s depends on its own work's links only.
void work_silhouettes(const Links& links, std::span<const std::uint32_t> membership,
                      unsigned threads, SilhouetteResult& result) {
  const auto n = static_cast<NodeId>(membership.size());
  result.work.assign(n, 0.0);
  constexpr NodeId kBlock = 1024;
  const std::size_t blocks = (static_cast<std::size_t>(n) + kBlock - 1) / kBlock;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
  std::atomic<std::size_t> next{0};
  parallel::run_team(threads, [&](unsigned) {
    ClusterSums sums;
    sums.similarity.assign(result.cluster_size.size(), 0.0);
    sums.stamp.assign(result.cluster_size.size(), 0);
    for (std::size_t block = next++; block < blocks; block = next++) {
      const auto begin = static_cast<NodeId>(block * kBlock);
      const NodeId end = std::min<NodeId>(n, begin + kBlock);
      for (NodeId v = begin; v < end; ++v) {
        result.work[v] = work_silhouette(v, links, membership, result, sums);
      }
    }
  });
}

// Per-cluster and overall means, summed in work order.
void means(std::span<const std::uint32_t> membership, SilhouetteResult& result) {
  result.cluster_mean.assign(result.cluster_size.size(), 0.0);
  double total = 0.0;
  for (std::size_t v = 0; v < membership.size(); ++v) {
    result.cluster_mean[membership[v]] += result.work[v];
    total += result.work[v];
  }
  for (std::size_t c = 0; c < result.cluster_mean.size(); ++c) {
    if (result.cluster_size[c] > 0) result.cluster_mean[c] /= result.cluster_size[c];
  }
  result.mean = total / static_cast<double>(membership.size());
}

}  // namespace

void SilhouetteParams::validate() const {
  if (threads > 4096) {
    throw InvalidArgument("silhouette parameter threads = " + std::to_string(threads) +
                          ": must be at most 4096");
  }
}

SilhouetteResult silhouette(const WeightedNetwork& similarity,
                            std::span<const std::uint32_t> membership,
                            const SilhouetteParams& params) {
  params.validate();
  check_membership(similarity.node_count, membership);
  check_edges(similarity);
  SilhouetteResult result;
  if (membership.empty()) return result;
  const std::uint32_t top = *std::max_element(membership.begin(), membership.end());
  result.cluster_size.assign(static_cast<std::size_t>(top) + 1, 0);
  for (const std::uint32_t c : membership) ++result.cluster_size[c];
  result.clusters = static_cast<std::uint32_t>(
      std::count_if(result.cluster_size.begin(), result.cluster_size.end(),
                    [](std::uint32_t size) { return size > 0; }));
  const Links links = links_of(similarity);
  check_repeated_pairs(links);
  result.defined = result.clusters >= 2;
  if (!result.defined) return result;
  work_silhouettes(links, membership, parallel::resolve_threads(params.threads), result);
  means(membership, result);
  return result;
}

}  // namespace citegraph
