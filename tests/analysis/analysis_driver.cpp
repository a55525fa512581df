// Runs a centrality pass on an edge list and prints every score at full precision, for
// tests/analysis/networkx_agreement.py; and the silhouette and the burst fit cost for
// tests/analysis/sklearn_agreement.py.
//
//   analysis_driver citation|cocitation|pairs EDGE_FILE [key=value]...
//   analysis_driver silhouette EDGE_FILE MEMBERSHIP_FILE [threads=T]
//   analysis_driver fitcost RDP_FILE
//
// EDGE_FILE: one edge per line, "u v" (citation: u cites v) or "u v w" (co-citation: weight w,
// default 1); node ids are 0-based; blank lines and lines starting with '#' are skipped.
// Repeated citation edges collapse into one (a DiGraph has no multi-edges); a repeated
// co-citation pair is an error.
// Keys: nodes (default max id + 1), damping, tolerance, max_iterations, normalized (0/1),
// weighted (0/1), limit (exact betweenness and closeness limit), samples, seed, threads.
// Output: '#' lines with the reports, then one line per node:
//   citation:   node in_degree out_degree pagerank hub authority betweenness harmonic
//   cocitation: node strength eigenvector betweenness
//   pairs (citation edges in): "C a b count witnesses..." for every co-citation pair, then
//          "B s t count witnesses..." for every coupling pair (full counting, no filters)
// silhouette: EDGE_FILE as for cocitation (w = the similarity, in [0, 1]); MEMBERSHIP_FILE one
//   cluster id per line, work 0 first (its line count is the number of works). Output:
//   "# silhouette defined=0|1 clusters=K mean=M", then "# cluster c size=S mean=M" per cluster
//   id, then "work s" per work (none when not defined).
// fitcost: one "r d p" per line; output "r d p sigma" per line, sigma = burst_fit_cost(r, d, p).
// Exit status: 0 ok, 1 usage, 2 bad input.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "citegraph/analysis/bursts.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/analysis/silhouette.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace {

using citegraph::NodeId;

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct EdgeList {
  std::vector<citegraph::WeightedEdge> edges;
  NodeId max_id_plus_one = 0;
};

EdgeList read_edges(const std::string& path, bool weighted) {
  std::ifstream in(path);
  if (!in) throw citegraph::IoError(citegraph::IoError::Direction::kInput, "cannot open " + path);
  EdgeList list;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream fields(line);
    std::uint64_t u = 0;
    std::uint64_t v = 0;
    double w = 1.0;
    const citegraph::SourceLocation where{path, number, 0};
    if (!(fields >> u >> v)) throw citegraph::ParseError(where, "expected \"u v\"", line);
    std::vector<std::string> rest;
    for (std::string field; fields >> field;) rest.push_back(field);
    if (rest.size() > (weighted ? 1u : 0u)) {
      throw citegraph::ParseError(where, "unexpected field", line);
    }
    if (!rest.empty()) {
      char* end = nullptr;
      w = std::strtod(rest[0].c_str(), &end);
      if (end != rest[0].c_str() + rest[0].size()) {
        throw citegraph::ParseError(where, "bad weight", line);
      }
    }
    if (u >= citegraph::kNoNode || v >= citegraph::kNoNode) {
      throw citegraph::ParseError(where, "node id out of range", line);
    }
    list.edges.push_back({static_cast<NodeId>(u), static_cast<NodeId>(v), w});
    list.max_id_plus_one = std::max(list.max_id_plus_one, static_cast<NodeId>(std::max(u, v) + 1));
  }
  return list;
}

citegraph::CitationGraph make_citation_graph(NodeId n,
                                             const std::vector<citegraph::WeightedEdge>& list) {
  std::vector<std::pair<NodeId, NodeId>> edges;
  edges.reserve(list.size());
  for (const auto& e : list) edges.emplace_back(e.a, e.b);
  return citegraph::test::citation_graph(n, std::move(edges));
}

std::uint64_t to_unsigned(const std::string& key, const std::string& value) {
  std::size_t used = 0;
  unsigned long long parsed = 0;
  try {
    parsed = std::stoull(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || value[0] == '-') {
    throw Usage("bad value for " + key + ": " + value);
  }
  return parsed;
}

double to_double(const std::string& key, const std::string& value) {
  std::size_t used = 0;
  double parsed = 0.0;
  try {
    parsed = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty()) throw Usage("bad value for " + key + ": " + value);
  return parsed;
}

std::uint32_t to_u32(const std::string& key, const std::string& value) {
  const std::uint64_t x = to_unsigned(key, value);
  if (x > std::numeric_limits<std::uint32_t>::max()) throw Usage(key + " too large: " + value);
  return static_cast<std::uint32_t>(x);
}

void print_report(const char* name, const citegraph::IterationReport& r) {
  std::printf("# %s iterations=%u converged=%d residual=%.17g\n", name, r.iterations,
              r.converged ? 1 : 0, r.residual);
}

void print_report(const char* name, const citegraph::SampleReport& r) {
  std::printf("# %s exact=%d pivots=%" PRIu32 " seed=%" PRIu64 "\n", name, r.exact ? 1 : 0,
              r.pivots, r.seed);
}

std::vector<std::uint32_t> read_membership(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw citegraph::IoError(citegraph::IoError::Direction::kInput, "cannot open " + path);
  std::vector<std::uint32_t> membership;
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    membership.push_back(
        to_u32("cluster id", line.substr(first, line.find_last_not_of(" \t\r") - first + 1)));
  }
  return membership;
}

int run_silhouette(int argc, char** argv) {
  if (argc < 4) throw Usage("usage: analysis_driver silhouette EDGE_FILE MEMBERSHIP_FILE");
  citegraph::SilhouetteParams params;
  for (int i = 4; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("threads=", 0) != 0) throw Usage("unknown argument: " + arg);
    params.threads = to_u32("threads", arg.substr(8));
  }
  const EdgeList list = read_edges(argv[2], true);
  const std::vector<std::uint32_t> membership = read_membership(argv[3]);
  const citegraph::WeightedNetwork similarity{static_cast<std::uint32_t>(membership.size()),
                                              list.edges};
  const citegraph::SilhouetteResult result = citegraph::silhouette(similarity, membership, params);
  std::printf("# silhouette defined=%d clusters=%" PRIu32 " mean=%.17g\n", result.defined ? 1 : 0,
              result.clusters, result.mean);
  for (std::size_t c = 0; c < result.cluster_mean.size(); ++c) {
    std::printf("# cluster %zu size=%" PRIu32 " mean=%.17g\n", c, result.cluster_size[c],
                result.cluster_mean[c]);
  }
  for (std::size_t v = 0; v < result.work.size(); ++v) {
    std::printf("%zu %.17g\n", v, result.work[v]);
  }
  return std::fflush(stdout) == 0 ? 0 : 2;
}

int run_fit_cost(int argc, char** argv) {
  if (argc != 3) throw Usage("usage: analysis_driver fitcost RDP_FILE");
  std::ifstream in(argv[2]);
  if (!in)
    throw citegraph::IoError(citegraph::IoError::Direction::kInput,
                             "cannot open " + std::string(argv[2]));
  std::uint64_t r = 0;
  std::uint64_t d = 0;
  std::string p;
  while (in >> r >> d >> p) {
    std::printf("%" PRIu64 " %" PRIu64 " %s %.17g\n", r, d, p.c_str(),
                citegraph::burst_fit_cost(r, d, to_double("p", p)));
  }
  if (!in.eof()) throw Usage(std::string("expected \"r d p\" lines in ") + argv[2]);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

// The key=value arguments of the centrality and pairs modes.
struct CentralityOptions {
  citegraph::CentralityParams params;
  std::uint64_t nodes = 0;
  bool nodes_given = false;
};

CentralityOptions parse_centrality_options(int argc, char** argv) {
  CentralityOptions options;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) throw Usage("expected key=value: " + arg);
    const std::string key = arg.substr(0, eq);
    const std::string value = arg.substr(eq + 1);
    if (key == "nodes") {
      options.nodes = to_unsigned(key, value);
      options.nodes_given = true;
    } else if (key == "damping") {
      options.params.damping = to_double(key, value);
    } else if (key == "tolerance") {
      options.params.tolerance = to_double(key, value);
    } else if (key == "max_iterations") {
      options.params.max_iterations = to_u32(key, value);
    } else if (key == "normalized") {
      options.params.normalized_betweenness = to_unsigned(key, value) != 0;
    } else if (key == "weighted") {
      options.params.weighted_betweenness = to_unsigned(key, value) != 0;
    } else if (key == "limit") {
      options.params.exact_betweenness_limit = to_u32(key, value);
      options.params.exact_closeness_limit = options.params.exact_betweenness_limit;
    } else if (key == "samples") {
      options.params.betweenness_samples = to_u32(key, value);
      options.params.closeness_samples = options.params.betweenness_samples;
    } else if (key == "seed") {
      options.params.seed = to_unsigned(key, value);
    } else if (key == "threads") {
      options.params.threads = to_u32(key, value);
    } else {
      throw Usage("unknown key: " + key);
    }
  }
  return options;
}

int run(int argc, char** argv) {
  if (argc < 3)
    throw Usage(
        "usage: analysis_driver citation|cocitation|pairs|silhouette|fitcost FILE [FILE] "
        "[key=value]...");
  const std::string mode = argv[1];
  if (mode == "silhouette") return run_silhouette(argc, argv);
  if (mode == "fitcost") return run_fit_cost(argc, argv);
  if (mode != "citation" && mode != "cocitation" && mode != "pairs") {
    throw Usage("unknown mode: " + mode);
  }
  const CentralityOptions options = parse_centrality_options(argc, argv);
  const citegraph::CentralityParams& params = options.params;
  std::uint64_t nodes = options.nodes;
  const bool cocitation = mode == "cocitation";
  const EdgeList list = read_edges(argv[2], cocitation);
  if (!options.nodes_given) nodes = list.max_id_plus_one;
  if (nodes < list.max_id_plus_one || nodes >= citegraph::kNoNode) {
    throw Usage("nodes=" + std::to_string(nodes) + " does not cover the edge list");
  }
  const auto n = static_cast<NodeId>(nodes);

  if (mode == "pairs") {
    const auto graph = make_citation_graph(n, list.edges);
    citegraph::PairParams pair_params;
    pair_params.threads = params.threads == 0 ? 1 : params.threads;
    auto print_pairs = [&graph](char tag, const citegraph::PairResult& result) {
      std::vector<NodeId> witnesses;
      for (const citegraph::Pair& p : result.pairs) {
        std::printf("%c %" PRIu32 " %" PRIu32 " %.17g", tag, p.a, p.b, p.count);
        witnesses.clear();
        (void)citegraph::pair_witnesses(graph, result, p, citegraph::kAllWitnesses, witnesses);
        for (NodeId w : witnesses) std::printf(" %" PRIu32, w);
        std::printf("\n");
      }
    };
    print_pairs('C', citegraph::cocitation(graph, pair_params));
    print_pairs('B', citegraph::coupling(graph, pair_params));
  } else if (!cocitation) {
    const auto graph = make_citation_graph(n, list.edges);
    const auto c = citegraph::citation_centrality(graph, params);
    print_report("pagerank", c.pagerank_report);
    print_report("hits", c.hits_report);
    print_report("betweenness", c.betweenness_report);
    print_report("harmonic", c.harmonic_report);
    std::printf("# node in_degree out_degree pagerank hub authority betweenness harmonic\n");
    for (NodeId v = 0; v < n; ++v) {
      std::printf("%" PRIu32 " %" PRIu64 " %" PRIu64 " %.17g %.17g %.17g %.17g %.17g\n", v,
                  c.in_degree[v], c.out_degree[v], c.pagerank[v], c.hub[v], c.authority[v],
                  c.betweenness[v], c.harmonic[v]);
    }
  } else {
    const auto c = citegraph::cocitation_centrality(n, list.edges, params);
    print_report("eigenvector", c.eigenvector_report);
    std::printf("# eigenvalue %.17g\n", c.eigenvalue);
    print_report("betweenness", c.betweenness_report);
    std::printf("# node strength eigenvector betweenness\n");
    for (NodeId v = 0; v < n; ++v) {
      std::printf("%" PRIu32 " %.17g %.17g %.17g\n", v, c.strength[v], c.eigenvector[v],
                  c.betweenness[v]);
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) try { return run(argc, argv); } catch (const Usage& e) {
  std::fprintf(stderr, "analysis_driver: %s\n", e.what());
  return 1;
} catch (const citegraph::InvalidArgument& e) {
  std::fprintf(stderr, "analysis_driver: %s\n", e.what());
  return 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "analysis_driver: %s\n", e.what());
  return 2;
} catch (...) {
  std::fprintf(stderr, "analysis_driver: unknown error\n");
  return 2;
}
