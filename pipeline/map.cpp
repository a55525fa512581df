// The co-citation map (pipeline/passes.hpp, build_map): the works a person can look at. Like
// VOSviewer (1,000 items by default) the map keeps the most cited works, so that the
// Gephi-facing network, its centralities, clusters and layout stay within what a person and a
// force-directed layout can handle whatever the corpus size; the full pair table is still
// written to cocitation.csv.
#include <algorithm>
#include <numeric>
#include <string>

#include "citegraph/analysis/cluster_labels.hpp"
#include "citegraph/analysis/network.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline {
namespace {

constexpr std::uint32_t kLabelTerms = 5;
constexpr std::uint32_t kLabelWorks = 3;

// The works in at least one pair, the `limit` with the largest item count c_i first (ties by
// node id), returned ascending. limit 0 = all.
std::vector<NodeId> select_works(const PairResult& pairs, std::uint32_t limit, NodeId n,
                                 std::uint64_t& candidates) {
  std::vector<std::uint8_t> in_pair(n, 0);
  for (const Pair& p : pairs.pairs) in_pair[p.a] = in_pair[p.b] = 1;
  std::vector<NodeId> works;
  for (NodeId v = 0; v < n; ++v) {
    if (in_pair[v] != 0) works.push_back(v);
  }
  candidates = works.size();
  if (limit != 0 && works.size() > limit) {
    const auto count = [&](NodeId v) {
      return v < pairs.item_count.size() ? pairs.item_count[v] : 0.0;
    };
    std::nth_element(works.begin(), works.begin() + limit, works.end(), [&](NodeId a, NodeId b) {
      return count(a) != count(b) ? count(a) > count(b) : a < b;
    });
    works.resize(limit);
    std::sort(works.begin(), works.end());
  }
  return works;
}

// The document of each map work for the cluster labels: its own title terms, keywords and MeSH,
// and those of the sources citing it (as CiteSpace labels clusters from their citers): a work
// known only from a citation string has no title, but the reviews citing it do. At most
// kCitersPerWork citers per work, the first by node id, bound the cost for classics.
std::vector<std::vector<std::string>> map_documents(const CitationGraph& graph,
                                                    const std::vector<NodeId>& works,
                                                    const LabelParams& params) {
  constexpr std::size_t kCitersPerWork = 200;
  std::vector<std::vector<std::string>> documents = work_terms(graph, works, params);
  std::vector<NodeId> citers;
  for (const NodeId v : works) {
    const auto in = graph.in().neighbors(v);
    citers.insert(citers.end(), in.begin(),
                  in.begin() + static_cast<std::ptrdiff_t>(std::min(in.size(), kCitersPerWork)));
  }
  std::sort(citers.begin(), citers.end());
  citers.erase(std::unique(citers.begin(), citers.end()), citers.end());
  const std::vector<std::vector<std::string>> citer_terms = work_terms(graph, citers, params);
  for (std::size_t i = 0; i < works.size(); ++i) {
    std::vector<std::string>& doc = documents[i];
    const auto in = graph.in().neighbors(works[i]);
    for (std::size_t k = 0; k < std::min(in.size(), kCitersPerWork); ++k) {
      const std::size_t at = static_cast<std::size_t>(
          std::lower_bound(citers.begin(), citers.end(), in[k]) - citers.begin());
      doc.insert(doc.end(), citer_terms[at].begin(), citer_terms[at].end());
    }
    std::sort(doc.begin(), doc.end());
    doc.erase(std::unique(doc.begin(), doc.end()), doc.end());
  }
  return documents;
}

// The map's works and pairs (map.nodes, map.pairs, map.selection); returns the pairs on it.
std::vector<Pair> select_map(const PairResult& pairs, const RunConfig& config, NodeId n,
                             CocitationMap& map, Reporter& reporter) {
  std::uint64_t candidates = 0;
  map.nodes = select_works(pairs, config.map_size, n, candidates);
  std::vector<std::uint8_t> on_map(n, 0);
  for (const NodeId v : map.nodes) on_map[v] = 1;
  std::vector<Pair> map_pairs;
  for (std::uint64_t i = 0; i < pairs.pairs.size(); ++i) {
    const Pair& p = pairs.pairs[i];
    if (on_map[p.a] == 0 || on_map[p.b] == 0) continue;
    map.pairs.push_back(i);
    map_pairs.push_back(p);
  }
  map.selection =
      map.nodes.size() == candidates
          ? "The map holds all " + std::to_string(candidates) + " co-cited works and their " +
                std::to_string(map.pairs.size()) + " pairs."
          : "The map holds the " + std::to_string(map.nodes.size()) + " most cited of " +
                std::to_string(candidates) + " co-cited works (--map-size " +
                std::to_string(config.map_size) + "; 0 keeps all) and the " +
                std::to_string(map.pairs.size()) + " pairs among them; cocitation.csv has all " +
                std::to_string(pairs.pairs.size()) + " pairs.";
  if (map.nodes.size() < candidates) reporter.note("co-citation map: " + map.selection);
  return map_pairs;
}

// The map's pairs weighted by the cosine strength of co-citation, c_ij / sqrt(c_i c_j), on the
// map's node indices: the similarity its silhouettes measure distance by (1 - w). Clamped to 1,
// which it reaches when two works are always cited together, against a rounding step above.
WeightedNetwork cosine_network(const std::vector<Pair>& map_pairs,
                               const std::vector<double>& item_count,
                               const std::vector<NodeId>& nodes) {
  WeightedNetwork similarity =
      pair_network(map_pairs, item_count, Normalization::kCosine, nodes).network;
  for (WeightedEdge& e : similarity.edges) e.weight = std::min(e.weight, 1.0);
  return similarity;
}

// The co-citation centralities of the map's works, into results.cocitation_centrality indexed
// by graph node (0 off the map), as the tables read it.
void map_centrality(const RunConfig& config, const PairNetwork& network, NodeId n,
                    AnalysisResults& results, Reporter& reporter) {
  const WeightedAdjacency adjacency = build_adjacency(network.network);
  results.cocitation_measures =
      choose_measures(config, kCocitationMeasures, adjacency.num_nodes, adjacency.targets.size(),
                      "the co-citation map", reporter);
  CentralityParams params = config.centrality;
  params.measures = results.cocitation_measures.measures;
  reporter.status("co-citation centrality");
  const CocitationCentrality local = cocitation_centrality(adjacency, params);
  note_sampling(reporter, "co-citation map betweenness", local.betweenness_report,
                config.centrality.exact_betweenness_limit);
  const std::vector<NodeId>& nodes = results.map.nodes;
  CocitationCentrality& c = results.cocitation_centrality;
  c = CocitationCentrality{};
  // Each computed measure spread onto the graph's nodes; those left out stay empty.
  auto spread = [&](const std::vector<double>& from, std::vector<double>& to) {
    if (from.empty()) return;
    to.assign(n, 0.0);
    for (std::size_t i = 0; i < nodes.size(); ++i) to[nodes[i]] = from[i];
  };
  spread(local.strength, c.strength);
  spread(local.eigenvector, c.eigenvector);
  spread(local.betweenness, c.betweenness);
  spread(local.betweenness_error, c.betweenness_error);
  c.eigenvector_report = local.eigenvector_report;
  c.eigenvalue = local.eigenvalue;
  c.betweenness_report = local.betweenness_report;
  c.weighted_betweenness = local.weighted_betweenness;
}

// The clusters' label terms and their most cited and most central works (map.clusters).
void label_map(const CitationGraph& graph, const AnalysisResults& results, CocitationMap& map) {
  const PairResult& pairs = results.cocitation;
  std::vector<double> cited(map.nodes.size());
  std::vector<double> central;
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    cited[i] = map.nodes[i] < pairs.item_count.size() ? pairs.item_count[map.nodes[i]] : 0.0;
  }
  if (!results.cocitation_centrality.betweenness.empty()) {
    central.resize(map.nodes.size());
    for (std::size_t i = 0; i < map.nodes.size(); ++i) {
      central[i] = results.cocitation_centrality.betweenness[map.nodes[i]];
    }
  }
  LabelParams label_params;
  label_params.top_terms = kLabelTerms;
  label_params.top_works = kLabelWorks;
  const std::vector<ClusterLabel> labels = label_clusters(
      map_documents(graph, map.nodes, label_params), map.cluster, cited, central, label_params);
  map.clusters.clear();
  for (const ClusterLabel& label : labels) {
    CocitationMap::Cluster c;
    c.size = label.size;
    for (const LabelTerm& t : label.terms) c.terms.push_back(t.term);
    for (const std::uint32_t i : label.most_cited) c.top_cited.push_back(map.nodes[i]);
    for (const std::uint32_t i : label.most_central) c.top_central.push_back(map.nodes[i]);
    map.clusters.push_back(std::move(c));
  }
}

// The publication years of each cluster's works: mean, median, first and last (map.clusters).
void date_clusters(const CitationGraph& graph, CocitationMap& map) {
  std::vector<std::vector<std::int32_t>> years(map.clusters.size());
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    const std::int32_t year = graph.year(map.nodes[i]);
    if (year != 0 && map.cluster[i] < years.size()) years[map.cluster[i]].push_back(year);
  }
  for (std::size_t c = 0; c < years.size(); ++c) {
    std::vector<std::int32_t>& y = years[c];
    if (y.empty()) continue;
    std::sort(y.begin(), y.end());
    CocitationMap::Cluster& cluster = map.clusters[c];
    cluster.dated = static_cast<std::uint32_t>(y.size());
    double sum = 0;
    for (const std::int32_t year : y) sum += year;
    cluster.mean_year = sum / static_cast<double>(y.size());
    const std::size_t mid = y.size() / 2;
    cluster.median_year = y.size() % 2 == 1 ? y[mid] : (y[mid - 1] + y[mid]) / 2.0;
    cluster.first_year = y.front();
    cluster.last_year = y.back();
  }
}

}  // namespace

void build_map(const CitationGraph& graph, const RunConfig& config, bool centrality,
               AnalysisResults& results, Reporter& reporter) {
  CocitationMap& map = results.map;
  const PairResult& pairs = results.cocitation;
  std::vector<Pair> map_pairs = select_map(pairs, config, graph.num_nodes(), map, reporter);
  if (map.nodes.empty()) return;
  const PairNetwork network = pair_network(map_pairs, pairs.item_count, config.weight, map.nodes);
  const WeightedNetwork similarity = cosine_network(map_pairs, pairs.item_count, map.nodes);
  map_pairs.clear();
  map_pairs.shrink_to_fit();
  if (centrality) map_centrality(config, network, graph.num_nodes(), results, reporter);

  reporter.status("clustering the co-citation map");
  ClusterParams cluster_params = config.clustering;
  cluster_params.seed = config.seed;
  map.clustering = cluster_network(network.network, cluster_params);
  map.cluster = std::move(map.clustering.membership);
  map.modularity = map.clustering.modularity;
  reporter.status("silhouettes of the clusters");
  map.silhouette = silhouette(similarity, map.cluster, SilhouetteParams{config.threads});

  reporter.status("laying out the co-citation map");
  LayoutParams layout_params = config.layout;
  layout_params.seed = config.seed;
  map.layout = layout_network(network.network, layout_params, map.cluster);
  map.x = std::move(map.layout.x);
  map.y = std::move(map.layout.y);

  reporter.status("labelling the clusters");
  label_map(graph, results, map);
  date_clusters(graph, map);
  reporter.done();
}

}  // namespace citegraph::pipeline
