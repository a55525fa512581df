// Clustering, layout and GEXF writing of a co-citation map against the co-citation count that
// produces it, in one run on one synthetic corpus (issue 11: "clustering and layout add no more
// than the co-citation pass itself on the 30k-source corpus").
//
// The corpus: --sources citing works, each with --refs references drawn from --works cited
// works split into --topics topics: a share --in-topic of a source's references come from its
// own topic, with a skewed popularity inside the topic (index = topic size x u^2), the rest
// uniformly from all works. Co-citation is counted with full counting, min_count = --min-count
// (the map keeps pairs co-cited at least that often), witnesses off, --threads threads. The
// map's network is weighted by association strength (as VOSviewer maps are). Each stage is the
// median of --repeat runs; every line says what it measured:
//   cocitation sources=30000 refs=40 works=50000 threads=1 pair_instances=... pairs=... seconds=...
//   leiden nodes=... edges=... seconds=... modularity=... clusters=... iterations=...
//   layout nodes=... edges=... groups=clusters ... seconds=... edge_length/random_pair_distance=...
//   ratio (leiden+layout)/cocitation wall=... cpu=...; leiden/cocitation cpu=...; ...
//   ratio (leiden+layout)/cocitation_with_witnesses wall=... cpu=...
// CPU seconds are the process's (every stage here but a multi-threaded count is sequential):
// on a machine shared with other work they measure the code, wall seconds the machine.
//
// Usage: bench_clustering [--sources N] [--refs K] [--works W] [--topics T] [--in-topic P]
//          [--min-count C] [--threads T] [--layout-iterations I] [--refine-iterations I]
//          [--backbone K] [--max-iterations I] [--restarts R] [--repeat R]
//          [--write-network PATH]   (the map for benchmarks/clustering_peer.py)
//          [--seed S]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_clock.hpp"
#include "citegraph/analysis/clustering.hpp"
#include "citegraph/analysis/layout.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;
using citegraph::NodeId;

struct Options {
  std::uint32_t sources = 30000;
  std::uint32_t refs = 40;
  std::uint32_t works = 50000;
  std::uint32_t topics = 40;
  double in_topic = 0.85;
  std::uint32_t min_count = 2;
  unsigned threads = 1;
  std::uint32_t layout_iterations = 500;
  std::uint32_t refine_iterations = 0;  // auto
  std::uint32_t backbone = 10;
  std::uint32_t restarts = 0;  // automatic
  std::uint32_t max_iterations = 100;
  int repeat = 1;
  std::uint64_t seed = 1;
  std::string write_network;  // the map, in tests/analysis/cluster_driver's format
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    const auto number = [&] { return std::strtoull(value, nullptr, 10); };
    if (key == "--sources") {
      o.sources = static_cast<std::uint32_t>(number());
    } else if (key == "--refs") {
      o.refs = static_cast<std::uint32_t>(number());
    } else if (key == "--works") {
      o.works = static_cast<std::uint32_t>(number());
    } else if (key == "--topics") {
      o.topics = static_cast<std::uint32_t>(number());
    } else if (key == "--in-topic") {
      o.in_topic = std::strtod(value, nullptr);
    } else if (key == "--min-count") {
      o.min_count = static_cast<std::uint32_t>(number());
    } else if (key == "--threads") {
      o.threads = static_cast<unsigned>(number());
    } else if (key == "--layout-iterations") {
      o.layout_iterations = static_cast<std::uint32_t>(number());
    } else if (key == "--refine-iterations") {
      o.refine_iterations = static_cast<std::uint32_t>(number());
    } else if (key == "--backbone") {
      o.backbone = static_cast<std::uint32_t>(number());
    } else if (key == "--max-iterations") {
      o.max_iterations = static_cast<std::uint32_t>(number());
    } else if (key == "--restarts") {
      o.restarts = static_cast<std::uint32_t>(number());
    } else if (key == "--repeat") {
      o.repeat = static_cast<int>(number());
    } else if (key == "--write-network") {
      o.write_network = value;
    } else if (key == "--seed") {
      o.seed = number();
    } else {
      throw citegraph::InvalidArgument("unknown option " + key);
    }
  }
  if (argc % 2 == 0) throw citegraph::InvalidArgument("every option takes a value");
  if (o.works < o.topics || o.topics == 0 || o.refs > o.works || o.repeat < 1) {
    throw citegraph::InvalidArgument("inconsistent options");
  }
  return o;
}

// Works are nodes 0 .. works-1, sources works .. works+sources-1.
citegraph::CitationGraph corpus(const Options& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  const std::uint32_t topic_size = o.works / o.topics;
  std::vector<std::pair<NodeId, NodeId>> edges;
  edges.reserve(static_cast<std::size_t>(o.sources) * o.refs);
  std::vector<NodeId> cited;
  for (std::uint32_t s = 0; s < o.sources; ++s) {
    const std::uint32_t topic = static_cast<std::uint32_t>(unit(rng) * o.topics) % o.topics;
    cited.clear();
    while (cited.size() < o.refs) {
      NodeId w = 0;
      if (unit(rng) < o.in_topic) {
        const double u = unit(rng);
        w = topic * topic_size + static_cast<NodeId>(u * u * topic_size) % topic_size;
      } else {
        w = static_cast<NodeId>(unit(rng) * o.works) % o.works;
      }
      if (std::find(cited.begin(), cited.end(), w) == cited.end()) cited.push_back(w);
    }
    for (const NodeId w : cited) edges.emplace_back(o.works + s, w);
  }
  return citegraph::test::citation_graph(o.works + o.sources, std::move(edges));
}

// CPU seconds of the whole process: on a shared machine the wall time of a sequential stage
// also counts the time other processes held the core.
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

struct Timing {
  double wall = 0;  // median wall seconds
  double cpu = 0;   // median CPU seconds of the process
};

template <typename Function>
Timing measure(int repeat, Function&& function) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    function();
    cpu.push_back(cpu_seconds() - cpu_start);
    wall.push_back(seconds_since(start));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

int run(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const citegraph::CitationGraph graph = corpus(o);
  const citegraph::PairEstimate estimate = citegraph::estimate_cocitation(graph);

  citegraph::PairParams pair_params;
  pair_params.min_count = o.min_count;
  pair_params.witnesses = false;
  pair_params.threads = o.threads;
  citegraph::PairResult pairs;
  const Timing cocitation =
      measure(o.repeat, [&] { pairs = citegraph::cocitation(graph, pair_params); });
  std::printf(
      "cocitation sources=%u refs=%u works=%u topics=%u in_topic=%g threads=%u "
      "pair_instances=%llu candidate_pairs=%llu pairs=%zu min_count=%u seconds=%.4g "
      "cpu_seconds=%.4g\n",
      o.sources, o.refs, o.works, o.topics, o.in_topic, o.threads,
      static_cast<unsigned long long>(estimate.pair_instances),
      static_cast<unsigned long long>(pairs.candidate_pairs), pairs.pairs.size(), o.min_count,
      cocitation.wall, cocitation.cpu);

  // What analyze runs: the same count keeping the witnesses (the citing sources of each pair).
  citegraph::PairParams witness_params = pair_params;
  witness_params.witnesses = true;
  const Timing with_witnesses = measure(o.repeat, [&] {
    const citegraph::PairResult result = citegraph::cocitation(graph, witness_params);
    if (result.pairs.size() != pairs.pairs.size()) throw citegraph::Error("pair counts differ");
  });
  std::printf("cocitation_with_witnesses threads=%u pairs=%zu seconds=%.4g cpu_seconds=%.4g\n",
              o.threads, pairs.pairs.size(), with_witnesses.wall, with_witnesses.cpu);

  const citegraph::PairNetwork map = citegraph::pair_network(
      pairs.pairs, pairs.item_count, citegraph::Normalization::kAssociation);
  const std::size_t nodes = map.network.node_count;
  const std::size_t edges = map.network.edges.size();
  if (!o.write_network.empty()) {
    std::FILE* file = std::fopen(o.write_network.c_str(), "w");
    if (file == nullptr) throw citegraph::Error("cannot write " + o.write_network);
    std::fprintf(file, "%zu\n", nodes);
    for (const citegraph::WeightedEdge& e : map.network.edges) {
      std::fprintf(file, "%u %u %.17g\n", e.a, e.b, e.weight);
    }
    std::fclose(file);
  }

  citegraph::ClusterParams cluster_params;
  cluster_params.seed = o.seed;
  cluster_params.restarts = o.restarts;
  cluster_params.max_iterations = o.max_iterations;
  citegraph::ClusterResult clusters;
  const Timing leiden = measure(
      o.repeat, [&] { clusters = citegraph::cluster_network(map.network, cluster_params); });
  std::size_t big = 0;
  for (const std::uint32_t size : clusters.sizes) big += size >= 10 ? 1 : 0;
  std::printf(
      "leiden nodes=%zu edges=%zu restarts=%u seconds=%.4g cpu_seconds=%.4g modularity=%.5f "
      "clusters=%zu clusters_of_10_or_more=%zu iterations=%u\n",
      nodes, edges, clusters.restarts, leiden.wall, leiden.cpu, clusters.modularity,
      clusters.sizes.size(), big, clusters.iterations);

  citegraph::LayoutParams layout_params;
  layout_params.seed = o.seed;
  layout_params.iterations = o.layout_iterations;
  layout_params.refine_iterations = o.refine_iterations;
  layout_params.backbone = o.backbone;
  citegraph::LayoutResult layout;
  // The two-level layout from the clusters, as analyze runs it.
  const Timing layout_time = measure(o.repeat, [&] {
    layout = citegraph::layout_network(map.network, layout_params, clusters.membership);
  });
  // How well the drawing shows the structure: mean length of the edges against the mean
  // distance of random pairs of nodes (100000 samples each).
  std::mt19937_64 rng(o.seed);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(nodes) - 1);
  const auto distance = [&](std::uint32_t a, std::uint32_t b) {
    return std::hypot(layout.x[a] - layout.x[b], layout.y[a] - layout.y[b]);
  };
  double edge_mean = 0;
  double random_mean = 0;
  for (std::size_t i = 0; i < 100000; ++i) {
    const citegraph::WeightedEdge& e = map.network.edges[rng() % edges];
    edge_mean += distance(e.a, e.b) / 100000;
    random_mean += distance(pick(rng), pick(rng)) / 100000;
  }
  std::printf(
      "layout nodes=%zu edges=%zu groups=clusters iterations=%u refine_iterations=%u backbone=%u "
      "seconds=%.4g cpu_seconds=%.4g edge_length/random_pair_distance=%.3f\n",
      nodes, edges, layout.iterations, layout.refine_iterations, o.backbone, layout_time.wall,
      layout_time.cpu, edge_mean / random_mean);
  std::printf(
      "ratio (leiden+layout)/cocitation wall=%.3g cpu=%.3g; leiden/cocitation cpu=%.3g; "
      "layout/cocitation cpu=%.3g\n",
      (leiden.wall + layout_time.wall) / cocitation.wall,
      (leiden.cpu + layout_time.cpu) / cocitation.cpu, leiden.cpu / cocitation.cpu,
      layout_time.cpu / cocitation.cpu);
  std::printf("ratio (leiden+layout)/cocitation_with_witnesses wall=%.3g cpu=%.3g\n",
              (leiden.wall + layout_time.wall) / with_witnesses.wall,
              (leiden.cpu + layout_time.cpu) / with_witnesses.cpu);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_clustering: %s\n", e.what());
    return 1;
  }
}
