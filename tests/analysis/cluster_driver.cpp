// Runs the clustering or the layout on a weighted edge list and prints the result at full
// precision, for tests/analysis/igraph_agreement.py.
//
//   cluster_driver cluster|layout EDGE_FILE [key=value]...
//
// EDGE_FILE: a first line "n" (the node count), then one edge per line "a b w" with a < b < n.
// Keys (cluster): objective (modularity|cpm), resolution, beta, seed, max_iterations, restarts.
// Keys (layout): seed, iterations, box.
// Output (cluster): "# modularity quality iterations converged clusters" with their values, then
// one line per node with its cluster. Output (layout): one line "x y" per node.
// Exit status: 0 ok, 1 usage, 2 bad input.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "citegraph/analysis/clustering.hpp"
#include "citegraph/analysis/layout.hpp"
#include "citegraph/graph/error.hpp"

namespace {

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

citegraph::WeightedNetwork read_network(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw citegraph::IoError(citegraph::IoError::Direction::kInput, "cannot open " + path);
  citegraph::WeightedNetwork network;
  std::string line;
  std::uint64_t number = 0;
  bool have_count = false;
  while (std::getline(in, line)) {
    ++number;
    std::istringstream fields(line);
    const citegraph::SourceLocation where{path, number, 0};
    if (!have_count) {
      if (!(fields >> network.node_count)) throw citegraph::ParseError(where, "expected n", line);
      have_count = true;
      continue;
    }
    citegraph::WeightedEdge edge;
    if (!(fields >> edge.a >> edge.b >> edge.weight)) {
      throw citegraph::ParseError(where, "expected \"a b w\"", line);
    }
    network.edges.push_back(edge);
  }
  return network;
}

std::uint64_t to_unsigned(const std::string& key, const std::string& value) {
  char* end = nullptr;
  const unsigned long long parsed = std::strtoull(value.c_str(), &end, 10);
  if (value.empty() || value[0] == '-' || end != value.c_str() + value.size()) {
    throw Usage("bad value for " + key + ": " + value);
  }
  return parsed;
}

double to_double(const std::string& key, const std::string& value) {
  char* end = nullptr;
  const double parsed = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size()) {
    throw Usage("bad value for " + key + ": " + value);
  }
  return parsed;
}

int run(int argc, char** argv) {
  if (argc < 3) throw Usage("usage: cluster_driver cluster|layout EDGE_FILE [key=value]...");
  const std::string mode = argv[1];
  if (mode != "cluster" && mode != "layout") throw Usage("unknown mode: " + mode);
  const citegraph::WeightedNetwork network = read_network(argv[2]);
  citegraph::ClusterParams cluster;
  citegraph::LayoutParams layout;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) throw Usage("expected key=value: " + arg);
    const std::string key = arg.substr(0, eq);
    const std::string value = arg.substr(eq + 1);
    if (key == "objective") {
      cluster.objective = citegraph::parse_cluster_objective(value);
    } else if (key == "resolution") {
      cluster.resolution = to_double(key, value);
    } else if (key == "beta") {
      cluster.beta = to_double(key, value);
    } else if (key == "seed") {
      cluster.seed = layout.seed = to_unsigned(key, value);
    } else if (key == "max_iterations") {
      cluster.max_iterations = static_cast<std::uint32_t>(to_unsigned(key, value));
    } else if (key == "restarts") {
      cluster.restarts = static_cast<std::uint32_t>(to_unsigned(key, value));
    } else if (key == "iterations") {
      layout.iterations = static_cast<std::uint32_t>(to_unsigned(key, value));
    } else if (key == "box") {
      layout.box = to_double(key, value);
    } else {
      throw Usage("unknown key: " + key);
    }
  }
  if (mode == "cluster") {
    const citegraph::ClusterResult result = citegraph::cluster_network(network, cluster);
    std::printf("# %.17g %.17g %u %d %zu\n", result.modularity, result.quality, result.iterations,
                result.converged ? 1 : 0, result.sizes.size());
    for (const std::uint32_t c : result.membership) std::printf("%u\n", c);
  } else {
    const citegraph::LayoutResult result = citegraph::layout_network(network, layout);
    for (std::size_t v = 0; v < result.x.size(); ++v) {
      std::printf("%.17g %.17g\n", result.x[v], result.y[v]);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const Usage& e) {
    std::fprintf(stderr, "cluster_driver: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cluster_driver: %s\n", e.what());
    return 2;
  }
}
