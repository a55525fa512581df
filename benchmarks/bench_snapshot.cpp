// The .cgraph snapshot against its input (issue 12): how long a run waits for the graph when it
// parses the input (pipeline::load, what every command does on a CSV) and when it maps the
// snapshot (the same load() on the .cgraph), the snapshot's write time and size, and the node
// table's bytes per work. One self-describing line per measurement, medians of --repeat runs,
// with the load average (the machine is shared: read the ratio with it).
//
// The graph from the snapshot is compared with the built one array by array (both CSR
// directions, PMIDs, years, corpus sets of every node and edge, source list); a difference is
// exit status 1, so a ratio is never printed for a wrong result.
//
// PageRank iterations run on both graphs (the mapped arrays are the same code path, so the
// time per iteration should be the same; the scores are compared bit for bit).
//
// Usage: bench_snapshot --input PATH [--snapshot PATH.cgraph] [--repeat R] [--threads T]
// The whole commands (citegraph distributions/centrality on the CSV and on the snapshot, output
// compared with cmp, peak RSS) are timed by benchmarks/snapshot_commands.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_clock.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/graph/snapshot.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/snapshot.hpp"
#include "citegraph/write/atomic_file.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;
using citegraph::CitationGraph;
using citegraph::NodeId;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

citegraph::pipeline::RunConfig config_for(const std::string& path, unsigned threads) {
  citegraph::pipeline::RunConfig config;
  config.threads = threads;
  config.inputs.push_back({"bench", path});
  config.corpus_order.push_back("bench");
  return config;
}

bool same_graph(const CitationGraph& a, const CitationGraph& b) {
  if (a.num_nodes() != b.num_nodes() || a.num_edges() != b.num_edges()) return false;
  if (a.out().offsets() != b.out().offsets() ||
      !std::ranges::equal(a.out().targets(), b.out().targets()) ||
      a.in().offsets() != b.in().offsets() ||
      !std::ranges::equal(a.in().targets(), b.in().targets()) ||
      !std::ranges::equal(a.source_nodes(), b.source_nodes()) || a.corpora() != b.corpora()) {
    return false;
  }
  for (NodeId v = 0; v < a.num_nodes(); ++v) {
    if (a.pmid(v) != b.pmid(v) || a.year(v) != b.year(v) ||
        a.source_corpora(v) != b.source_corpora(v) || a.node_key(v) != b.node_key(v)) {
      return false;
    }
  }
  for (std::uint64_t e = 0; e < a.num_edges(); ++e) {
    if (a.edge_corpora(e) != b.edge_corpora(e)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string input;
  std::string snapshot;
  unsigned repeat = 3;
  unsigned threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--input") {
      input = argv[i + 1];
    } else if (arg == "--snapshot") {
      snapshot = argv[i + 1];
    } else if (arg == "--threads") {
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
    } else if (arg == "--repeat") {
      repeat = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
    } else {
      std::fprintf(stderr, "bench_snapshot: unknown option %s\n", arg.c_str());
      return 1;
    }
  }
  if (input.empty()) {
    std::fprintf(stderr,
                 "usage: bench_snapshot --input PATH [--snapshot PATH.cgraph] [--repeat R]\n");
    return 1;
  }
  if (snapshot.empty()) snapshot = input + ".cgraph";
  citegraph::pipeline::Reporter quiet;

  // Parsing the input: what a command on the CSV waits for before its pass starts.
  std::vector<double> parse_times;
  citegraph::pipeline::Loaded built;
  for (unsigned r = 0; r < repeat; ++r) {
    built = {};
    const auto start = Clock::now();
    built = citegraph::pipeline::load(config_for(input, threads), quiet);
    parse_times.push_back(seconds_since(start));
  }
  const CitationGraph& g = built.graph;
  const double n = g.num_nodes();
  const double m = static_cast<double>(g.num_edges());
  char graph[96];
  std::snprintf(graph, sizeof graph, "n=%.3g m=%.3g", n, m);

  // The node table: memory_bytes() without the per-edge arrays (targets in both directions, and
  // a corpus-set byte per edge unless every edge shares one: the edge_set section of the
  // snapshot says which); what is left is per node (offsets, columns, source lists and rows).
  const bool edge_set_bytes = g.num_edges() > 1 && [&] {
    const citegraph::CorpusSet first = g.edge_corpora(0);
    for (std::uint64_t e = 1; e < g.num_edges(); ++e) {
      if (g.edge_corpora(e) != first) return true;
    }
    return false;
  }();
  const double edge_bytes = m * (2 * sizeof(NodeId) + (edge_set_bytes ? 1 : 0));
  const double node_bytes = static_cast<double>(g.memory_bytes()) - edge_bytes;
  const double csr_offset_bytes = 2 * static_cast<double>(g.out().offsets().bytes());
  std::printf(
      "node_table %s bytes_per_work=%.1f csr_offsets=%.1f without_csr_offsets=%.1f "
      "edge_set_bytes=%s target=<=24 loadavg=%s\n",
      graph, node_bytes / n, csr_offset_bytes / n, (node_bytes - csr_offset_bytes) / n,
      edge_set_bytes ? "1/citation" : "none (one corpus set)", loadavg().c_str());

  std::vector<double> write_times;
  for (unsigned r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    citegraph::io::AtomicFile out(snapshot);
    citegraph::pipeline::write_snapshot(out.stream(), built);
    out.commit();
    write_times.push_back(seconds_since(start));
  }
  const double bytes = static_cast<double>(std::filesystem::file_size(snapshot));
  std::printf(
      "snapshot_write %s seconds=%.3f bytes=%.4g bytes_per_citation=%.2f runs=%u "
      "loadavg=%s\n",
      graph, median(write_times), bytes, bytes / m, repeat, loadavg().c_str());

  // Mapping the snapshot through the same load() a command calls (page cache warm: it was just
  // written; every section's CRC-32 and the graph's invariants are checked on each load).
  std::vector<double> map_times;
  bool same = true;
  for (unsigned r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    const citegraph::pipeline::Loaded mapped =
        citegraph::pipeline::load(config_for(snapshot, threads), quiet);
    map_times.push_back(seconds_since(start));
    if (r == 0)
      same = same_graph(g, mapped.graph) && mapped.inputs.size() == built.inputs.size() &&
             mapped.inputs[0].report.sha256 == built.inputs[0].report.sha256;
  }
  if (!same) {
    std::fprintf(stderr, "bench_snapshot: the mapped graph differs from the built one\n");
    return 1;
  }
  // PageRank per iteration (21 minus 1 iteration, / 20) on the built and the mapped graph.
  const citegraph::pipeline::Loaded again =
      citegraph::pipeline::load(config_for(snapshot, threads), quiet);
  auto per_iteration = [&](const CitationGraph& ranked, std::vector<double>& scores) {
    citegraph::CentralityParams params;
    params.threads = threads;
    params.tolerance = 1e-300;  // never converges early: exactly max_iterations
    std::vector<double> one;
    std::vector<double> many;
    for (unsigned r = 0; r < repeat; ++r) {
      params.max_iterations = 1;
      auto start = Clock::now();
      (void)citegraph::pagerank(ranked, params);
      one.push_back(seconds_since(start));
      params.max_iterations = 21;
      start = Clock::now();
      scores = citegraph::pagerank(ranked, params).scores;
      many.push_back(seconds_since(start));
    }
    return std::max(median(many) - median(one), 0.0) / 20.0;
  };
  std::vector<double> built_scores;
  std::vector<double> mapped_scores;
  const double built_iteration = per_iteration(g, built_scores);
  const double mapped_iteration = per_iteration(again.graph, mapped_scores);
  if (built_scores != mapped_scores) {
    std::fprintf(stderr, "bench_snapshot: PageRank differs on the mapped graph\n");
    return 1;
  }
  std::printf(
      "pagerank_iteration %s threads=%u built=%.4f mapped=%.4f ratio=%.2f "
      "identical_scores=yes runs=%u loadavg=%s\n",
      graph, threads, built_iteration, mapped_iteration,
      mapped_iteration / std::max(built_iteration, 1e-9), repeat, loadavg().c_str());

  const double parse = median(parse_times);
  const double mapped = median(map_times);
  std::printf("load_parse %s seconds=%.3f edges_per_s=%.3g runs=%u loadavg=%s\n", graph, parse,
              m / parse, repeat, loadavg().c_str());
  std::printf("load_snapshot %s seconds=%.4f edges_per_s=%.3g runs=%u loadavg=%s\n", graph, mapped,
              m / mapped, repeat, loadavg().c_str());
  std::printf(
      "graph ready (seconds) %s snapshot vs parse ours=%.4f parse=%.3f ratio=%.1fx "
      "target=>=10x %s identical_graph=yes\n",
      graph, mapped, parse, parse / mapped, parse / mapped >= 10 ? "met" : "MISSED");
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_snapshot: %s\n", e.what());
  return 1;
}
