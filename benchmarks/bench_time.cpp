// The passes over time (issue #22) against one PageRank run on the same graph: citation bursts
// of every cited work, term bursts, time slices, main paths (SPC with key routes) and the
// historiograph. The targets: bursts on a 1M-work graph take less time than one PageRank
// run (to convergence, default parameters); main paths on a 30M-citation OCC-shaped snapshot
// finish in seconds, O(V + E).
//
// One self-describing line per pass: median wall seconds of --repeat runs, the ratio to
// PageRank, nanoseconds per citation, what it found (so a fast run that found nothing shows),
// the load average (the machine is shared: read the ratio with it).
//
// Usage: bench_time --input PATH [--repeat R] [--threads T]
//   PATH: anything citegraph reads (a .cgraph snapshot is mapped, not parsed). Bursts and slices
//   need years: a PubMed XML corpus from `generate --xml` has them; an OCC pairs file has none
//   (the line says so).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench_clock.hpp"
#include "citegraph/analysis/bursts.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/historiograph.hpp"
#include "citegraph/analysis/main_path.hpp"
#include "citegraph/analysis/time_slices.hpp"
#include "citegraph/pipeline/load.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;
using citegraph::CitationGraph;

struct Options {
  std::string input;
  unsigned repeat = 3;
  unsigned threads = 0;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--input") {
      o.input = argv[i + 1];
    } else if (arg == "--repeat") {
      o.repeat = static_cast<unsigned>(std::max(1L, std::atol(argv[i + 1])));
    } else if (arg == "--threads") {
      o.threads = static_cast<unsigned>(std::atol(argv[i + 1]));
    } else {
      std::fprintf(stderr, "bench_time: unknown option %s\n", argv[i]);
      std::exit(2);
    }
  }
  if (o.input.empty()) {
    std::fprintf(stderr, "usage: bench_time --input PATH [--repeat R] [--threads T]\n");
    std::exit(2);
  }
  return o;
}

// The median wall time of `repeat` runs of `run`, which returns what it found (in words).
double median_seconds(unsigned repeat, const std::function<std::string()>& run,
                      std::string& found) {
  std::vector<double> times;
  for (unsigned r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    found = run();
    times.push_back(seconds_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  citegraph::pipeline::RunConfig config;
  config.threads = o.threads;
  config.inputs.push_back({"bench", o.input});
  config.corpus_order.push_back("bench");
  citegraph::pipeline::Reporter quiet;
  auto start = Clock::now();
  const citegraph::pipeline::Loaded loaded = citegraph::pipeline::load(config, quiet);
  const CitationGraph& g = loaded.graph;
  std::printf("load input=%s nodes=%u citations=%llu seconds=%.3f load=%s\n", o.input.c_str(),
              g.num_nodes(), static_cast<unsigned long long>(g.num_edges()), seconds_since(start),
              loadavg().c_str());
  const double edges = static_cast<double>(std::max<std::uint64_t>(1, g.num_edges()));

  citegraph::CentralityParams centrality;
  centrality.threads = o.threads;
  citegraph::BurstParams bursts;
  bursts.threads = o.threads;
  std::string found;
  const double pagerank = median_seconds(
      o.repeat,
      [&] {
        const auto r = citegraph::pagerank(g, centrality);
        return std::to_string(r.report.iterations) + "_iterations";
      },
      found);
  std::printf("pagerank seconds=%.4f ns_per_citation=%.2f found=%s threads=%u load=%s\n", pagerank,
              pagerank * 1e9 / edges, found.c_str(), o.threads, loadavg().c_str());

  const std::vector<std::pair<const char*, std::function<std::string()>>> passes = {
      {"citation_bursts",
       [&] {
         const auto r = citegraph::citation_bursts(g, bursts);
         return std::to_string(r.bursts.size()) + "_bursts_" +
                std::to_string(r.citations_per_year.size()) + "_years";
       }},
      {"term_bursts",
       [&] { return std::to_string(citegraph::term_bursts(g, bursts).bursts.size()) + "_bursts"; }},
      {"time_slices",
       [&] {
         const auto r = citegraph::time_slices(g, citegraph::SliceParams{});
         return std::to_string(r.slices.size()) + "_slices_" + std::to_string(r.works.size()) +
                "_works_" + std::to_string(r.links.size()) + "_links";
       }},
      {"main_paths",
       [&] {
         const auto r = citegraph::main_paths(g, citegraph::MainPathParams{});
         return std::to_string(r.flow_arcs) + "_arcs_" + std::to_string(r.arcs.size()) +
                "_on_paths_" + std::to_string(r.cycle_arcs_removed) + "_cycle_arcs";
       }},
      {"historiograph",
       [&] {
         const auto r = citegraph::historiograph(g, citegraph::HistoriographParams{});
         return std::to_string(r.nodes.size()) + "_sources";
       }},
  };
  for (const auto& [name, run] : passes) {
    const double seconds = median_seconds(o.repeat, run, found);
    std::printf("%s seconds=%.4f vs_pagerank=%.3f ns_per_citation=%.2f found=%s load=%s\n", name,
                seconds, seconds / pagerank, seconds * 1e9 / edges, found.c_str(),
                loadavg().c_str());
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_time: %s\n", e.what());
  return 1;
}
