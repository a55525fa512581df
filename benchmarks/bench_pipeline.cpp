// Stage-by-stage timing of the citegraph library on one input (a generated corpus, see
// generate.cpp): read, build, PageRank, betweenness, co-citation/coupling, distributions and the
// writers, each the median of --repeat runs, with the thread count, peak RSS (getrusage), the
// graph's bytes (CitationGraph::memory_bytes and the RSS delta after malloc_trim), the cores each
// stage really used (CPU time / wall time) and the load average.
//
// Every measurement is one self-describing line, `STAGE key=value ...`, that benchmarks/table.py
// joins with the peers' lines (benchmarks/peers.py):
//   pagerank_iteration n=3.9e6 m=3.5e7 threads=2 seconds=0.05123 ... runs=3 cpu_per_wall=1.92
// The first line of every run, `calibrate threads=T cpu_per_wall=X`, says how many cores T
// spinning threads got from the shared machine just before: a 2-thread speed-up measured while
// the machine gave fewer than two cores says nothing about the code.
//
// Every stage is timed through the public API: PageRank and betweenness through their own
// functions (citation_centrality() computes every centrality in one call), the co-citation and
// coupling passes, the distributions and the writers through theirs.
//
// Usage: bench_pipeline --input PATH [--format auto|pairs|pubmed-xml] [--threads T]
//          [--repeat R] [--stages LIST] [--out-dir DIR] [--samples K] [--label NAME]
// Stages (comma-separated, in this order): load, pagerank, betweenness_exact,
// betweenness_sampled, distributions, writers, pairs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench_clock.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/distributions.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/write/writers.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;
using citegraph::CitationGraph;
using citegraph::NodeId;

struct Options {
  std::string input;
  citegraph::io::Format format = citegraph::io::Format::kAuto;
  unsigned threads = 1;
  unsigned repeat = 3;
  std::set<std::string> stages;
  std::string out_dir = "/tmp/citegraph-bench";
  std::uint32_t samples = 64;
  std::string label;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr,
               "bench_pipeline: %s\n"
               "usage: bench_pipeline --input PATH [--format auto|pairs|pubmed-xml] [--threads T]\n"
               "  [--repeat R] [--stages load,pagerank,betweenness_exact,betweenness_sampled,\n"
               "  distributions,writers,pairs] [--out-dir DIR] [--samples K] [--label NAME]\n",
               problem.c_str());
  std::exit(1);
}

Options parse_options(int argc, char** argv) {
  Options o;
  std::string stages = "load,pagerank,betweenness_sampled,distributions,writers";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) usage("missing value after " + std::string(arg));
    const std::string value = argv[++i];
    if (arg == "--input") {
      o.input = value;
    } else if (arg == "--format") {
      o.format = citegraph::io::parse_format(value);
    } else if (arg == "--threads") {
      o.threads = static_cast<unsigned>(std::stoul(value));
    } else if (arg == "--repeat") {
      o.repeat = static_cast<unsigned>(std::stoul(value));
    } else if (arg == "--stages") {
      stages = value;
    } else if (arg == "--out-dir") {
      o.out_dir = value;
    } else if (arg == "--samples") {
      o.samples = static_cast<std::uint32_t>(std::stoul(value));
    } else if (arg == "--label") {
      o.label = value;
    } else {
      usage("unknown option " + std::string(arg));
    }
  }
  if (o.input.empty()) usage("--input is required");
  if (o.threads < 1 || o.repeat < 1) usage("--threads and --repeat must be at least 1");
  std::stringstream list(stages);
  for (std::string stage; std::getline(list, stage, ',');) {
    static const std::set<std::string> kKnown = {
        "load",    "pagerank", "betweenness_exact", "betweenness_sampled", "distributions",
        "writers", "pairs"};
    if (!kKnown.contains(stage)) usage("unknown stage " + stage);
    o.stages.insert(stage);
  }
  return o;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// CPU seconds per wall second of the last timed() calls: about T when T threads really ran in
// parallel, lower when other processes took the cores (the machine is shared).
double g_cpu_per_wall = 0.0;

// Median wall time of `runs` calls of f.
template <class F>
double timed(unsigned runs, F&& f) {
  std::vector<double> times;
  const double cpu_start = cpu_seconds();
  const auto wall_start = Clock::now();
  for (unsigned r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    f();
    times.push_back(seconds_since(start));
  }
  g_cpu_per_wall = (cpu_seconds() - cpu_start) / std::max(seconds_since(wall_start), 1e-9);
  return median(times);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Resident bytes now, after handing freed heap pages back to the system.
double current_rss_bytes() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0;
  std::uint64_t resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// 3.5e7, 4e6, 950: two significant digits, no "+" or leading zeros in the exponent.
std::string sci(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2g", x);
  std::string text = buffer;
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  std::string exponent = text.substr(e + 1);
  const bool negative = exponent.front() == '-';
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  return text.substr(0, e) + "e" + (negative ? "-" : "") + exponent;
}

// The prefix every line shares: what was measured on which graph.
struct Context {
  std::string label;
  std::string graph;  // "n=... m=..."
  unsigned threads = 1;
  unsigned runs = 1;
};

void emit(const Context& c, const std::string& stage, const std::string& fields) {
  std::printf("%s %s%s threads=%u %s runs=%u cpu_per_wall=%.2f loadavg=%s\n", stage.c_str(),
              c.label.empty() ? "" : ("corpus=" + c.label + " ").c_str(), c.graph.c_str(),
              c.threads, fields.c_str(), c.runs, g_cpu_per_wall, loadavg().c_str());
  std::fflush(stdout);
}

std::string fmt(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// How much parallelism the shared machine gives right now: T threads spinning for 0.3 s.
void calibrate(unsigned threads) {
  const double cpu_start = cpu_seconds();
  const auto start = Clock::now();
  std::vector<std::thread> team;
  for (unsigned t = 0; t < threads; ++t) {
    team.emplace_back([start] {
      volatile double x = 0;
      while (seconds_since(start) < 0.3) x = x + 1.0;
    });
  }
  for (auto& thread : team) thread.join();
  std::printf("calibrate threads=%u cpu_per_wall=%.2f loadavg=%s\n", threads,
              (cpu_seconds() - cpu_start) / seconds_since(start), loadavg().c_str());
}

struct Loaded {
  CitationGraph graph;
  citegraph::io::InputReport report;
};

// Reads the input into a builder and builds the graph; `finish_seconds` receives the time of
// build() alone.
Loaded load(const Options& o, double* finish_seconds = nullptr) {
  citegraph::GraphBuilder builder;
  const std::size_t corpus = builder.add_corpus("bench");
  citegraph::io::ReadOptions options;
  options.format = o.format;
  Loaded loaded;
  loaded.report = citegraph::io::read_input(
      o.input, options, [&](citegraph::Record&& record) { builder.add(record, corpus); });
  const auto finish_start = Clock::now();
  loaded.graph = builder.build();
  if (finish_seconds != nullptr) *finish_seconds = seconds_since(finish_start);
  return loaded;
}

void stage_load(const Options& o, Context& c, Loaded& loaded) {
  // Parse only: the sink drops each record.
  citegraph::io::ReadOptions options;
  options.format = o.format;
  std::uint64_t raw_bytes = 0;
  std::uint64_t references = 0;
  const double read = timed(o.repeat, [&] {
    const auto report =
        citegraph::io::read_input(o.input, options, [&](citegraph::Record&& r) { (void)r; });
    raw_bytes = report.bytes;
    references = report.references;
  });
  // Read + add + build(), and build() alone; the resident size of the last graph built.
  const double rss_before = current_rss_bytes();
  std::vector<double> totals;
  std::vector<double> finishes;
  const double cpu_start = cpu_seconds();
  const auto wall_start = Clock::now();
  for (unsigned r = 0; r < o.repeat; ++r) {
    loaded = Loaded{};  // the previous graph goes before the next is built
    const auto start = Clock::now();
    double finish = 0;
    loaded = load(o, &finish);
    finishes.push_back(finish);
    totals.push_back(seconds_since(start));
  }
  const double read_cpu_per_wall = g_cpu_per_wall;
  g_cpu_per_wall = (cpu_seconds() - cpu_start) / std::max(seconds_since(wall_start), 1e-9);
  const double total = median(totals);
  const double finish = median(finishes);
  const double graph_bytes = current_rss_bytes() - rss_before;
  const CitationGraph& g = loaded.graph;
  const auto n = static_cast<double>(g.num_nodes());
  const auto m = static_cast<double>(g.num_edges());
  c.graph = "n=" + sci(n) + " m=" + sci(m);
  const std::string format(citegraph::io::format_name(loaded.report.format));
  const double mb = static_cast<double>(raw_bytes) / 1e6;
  // Content size and the cost of only opening and (for .gz) inflating it, for MB/s of content.
  std::uint64_t content_bytes = 0;
  const double inflate = timed(o.repeat, [&] {
    const auto input = citegraph::io::Input::open(o.input);
    std::vector<char> buffer(1 << 20);
    content_bytes = 0;
    for (std::size_t got; (got = input->read(buffer.data(), buffer.size())) > 0;) {
      content_bytes += got;
    }
  });
  const double content_mb = static_cast<double>(content_bytes) / 1e6;
  const double load_cpu_per_wall = g_cpu_per_wall;
  g_cpu_per_wall = read_cpu_per_wall;
  emit(c, "read",
       "format=" + format + " compressed=" + (loaded.report.compressed ? "yes" : "no") +
           " references=" + sci(static_cast<double>(references)) + " mb=" + fmt("%.1f", mb) +
           " content_mb=" + fmt("%.1f", content_mb) + " seconds=" + fmt("%.3f", read) +
           " mb_per_s=" + fmt("%.1f", mb / read) +
           " content_mb_per_s=" + fmt("%.1f", content_mb / read) +
           " open_and_inflate_only_seconds=" + fmt("%.3f", inflate));
  g_cpu_per_wall = load_cpu_per_wall;
  // Build = everything the builder adds on top of parsing: add() per record plus build().
  const double build = std::max(total - read, 1e-9);
  emit(c, "build",
       "format=" + format + " seconds=" + fmt("%.3f", build) +
           " finish_seconds=" + fmt("%.3f", finish) + " edges_per_s=" + sci(m / build));
  emit(c, "load_total",
       "format=" + format + " seconds=" + fmt("%.3f", total) + " edges_per_s=" + sci(m / total));
  // Edge part: the targets of both stored directions plus the one-byte corpus-set index per
  // edge (CitationGraph::edge_set_, see graph/citation_graph.hpp). Node part: the rest of
  // memory_bytes() -- offsets, node columns, the source metadata rows.
  const double array_bytes = static_cast<double>(g.memory_bytes());
  const double edge_bytes =
      static_cast<double>(g.out().targets().size() + g.in().targets().size()) * sizeof(NodeId) +
      m * 1.0;
  const double node_bytes = array_bytes - edge_bytes;
  const double source_meta_bytes =
      static_cast<double>(g.source_meta_rows() * sizeof(citegraph::SourceMeta));
  emit(c, "memory",
       "format=" + format + " peak_rss_mb=" + fmt("%.0f", peak_rss_mb()) + " graph_rss_mb=" +
           fmt("%.1f", graph_bytes / 1e6) + " graph_array_mb=" + fmt("%.1f", array_bytes / 1e6) +
           " edge_bytes_per_edge_per_direction=" + fmt("%.2f", edge_bytes / m / 2) +
           " bytes_per_node=" + fmt("%.1f", node_bytes / n) +
           " of_which_source_meta_per_node=" + fmt("%.1f", source_meta_bytes / n) +
           " sizeof_source_meta=" + std::to_string(sizeof(citegraph::SourceMeta)) +
           " sources=" + sci(static_cast<double>(g.source_nodes().size())) +
           " source_meta_rows=" + sci(static_cast<double>(g.source_meta_rows())) +
           " rss_bytes_per_edge=" + fmt("%.2f", graph_bytes / m));
}

void stage_pagerank(const Options& o, const Context& c, const CitationGraph& g) {
  citegraph::CentralityParams params;
  params.threads = o.threads;
  citegraph::IterationReport report;
  const double converge = timed(o.repeat, [&] { report = citegraph::pagerank(g, params).report; });
  emit(c, "pagerank_converge",
       "iterations=" + std::to_string(report.iterations) + " tolerance=1e-10 seconds=" +
           fmt("%.4f", converge) + " converged=" + (report.converged ? "yes" : "no"));
  // One iteration = (time of 21 iterations - time of 1) / 20: setup and the final division are
  // paid once in both. The tolerance is out of reach so both run their full count.
  params.tolerance = 1e-300;
  params.max_iterations = 1;
  const double one = timed(o.repeat, [&] { (void)citegraph::pagerank(g, params); });
  params.max_iterations = 21;
  const double many = timed(o.repeat, [&] { (void)citegraph::pagerank(g, params); });
  const double per = std::max(many - one, 0.0) / 20.0;
  emit(c, "pagerank_iteration",
       "seconds=" + fmt("%.5f", per) + " setup_seconds=" + fmt("%.4f", one - per) +
           " edges_per_s=" + sci(static_cast<double>(g.num_edges()) / per));
}

void stage_betweenness(const Options& o, const Context& c, const CitationGraph& g, bool exact) {
  citegraph::CentralityParams params;
  params.threads = o.threads;
  if (exact) {
    params.exact_betweenness_limit = g.num_nodes();
  } else {
    params.exact_betweenness_limit = 0;
    params.betweenness_samples = std::min<std::uint32_t>(o.samples, g.num_nodes());
  }
  citegraph::BetweennessResult result;
  const double seconds = timed(o.repeat, [&] { result = citegraph::betweenness(g, params); });
  const double sources = result.report.pivots;
  emit(c, exact ? "betweenness_exact" : "betweenness_sampled",
       "directed=yes sources=" + std::to_string(result.report.pivots) + " seconds=" +
           fmt("%.4f", seconds) + " per_source_ms=" + fmt("%.4f", 1e3 * seconds / sources));
}

void stage_distributions(const Options& o, const Context& c, const CitationGraph& g) {
  citegraph::DistributionResult result;
  const double seconds = timed(o.repeat, [&] { result = citegraph::distributions(g); });
  emit(c, "distributions",
       "journals=" + std::to_string(result.overall.journals.size()) + " years=" +
           std::to_string(result.overall.years.size()) + " seconds=" + fmt("%.4f", seconds) +
           " edges_per_s=" + sci(static_cast<double>(g.num_edges()) / seconds));
}

std::vector<std::string> node_keys(const CitationGraph& g) {
  std::vector<std::string> keys(g.num_nodes());
  for (NodeId v = 0; v < g.num_nodes(); ++v) keys[v] = g.node_key(v);
  return keys;
}

// A stream that counts and drops its bytes: the writers' formatting cost without the file system.
class CountingBuffer : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return traits_type::not_eof(c);
  }
};

struct WriteTiming {
  double file_seconds = 0;  // into a file in out_dir (page cache; closed, not fsync'd)
  double null_seconds = 0;  // into CountingBuffer
  double bytes = 0;
};

template <class Write>
WriteTiming time_write(const Options& o, const std::string& name, Write write) {
  WriteTiming w;
  const std::filesystem::path path = std::filesystem::path(o.out_dir) / name;
  w.null_seconds = timed(o.repeat, [&] {
    CountingBuffer counter;
    std::ostream out(&counter);
    write(out);
    w.bytes = static_cast<double>(counter.bytes);
  });
  w.file_seconds = timed(o.repeat, [&] {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    write(out);
    out.close();
    if (!out) {
      throw citegraph::IoError(citegraph::IoError::Direction::kOutput,
                               "cannot write " + path.string());
    }
  });
  std::filesystem::remove(path);
  return w;
}

std::string write_fields(const WriteTiming& w) {
  return "mb=" + fmt("%.1f", w.bytes / 1e6) + " seconds=" + fmt("%.4f", w.file_seconds) +
         " mb_per_s=" + fmt("%.1f", w.bytes / 1e6 / w.file_seconds) +
         " format_only_mb_per_s=" + fmt("%.1f", w.bytes / 1e6 / w.null_seconds);
}

void stage_writers(const Options& o, const Context& c, const CitationGraph& g) {
  using citegraph::io::ValueType;
  std::filesystem::create_directories(o.out_dir);
  const NodeId n = g.num_nodes();
  citegraph::CentralityParams params;
  params.threads = o.threads;
  const std::vector<double> pagerank = citegraph::pagerank(g, params).scores;

  // edges.csv as the command line writes it: Source, Target, Type.
  const auto table_start = Clock::now();
  const std::vector<std::string> keys = node_keys(g);
  citegraph::io::Table edges;
  for (const char* name : {"Source", "Target", "Type"}) edges.add(name, ValueType::kString);
  for (NodeId u = 0; u < n; ++u) {
    for (const NodeId v : g.out().neighbors(u)) {
      edges.columns[0].push(keys[u]);
      edges.columns[1].push(keys[v]);
      edges.columns[2].push("Directed");
    }
  }
  const double table_seconds = seconds_since(table_start);
  const WriteTiming edges_csv =
      time_write(o, "edges.csv", [&](std::ostream& out) { citegraph::io::write_csv(out, edges); });
  emit(c, "write_csv",
       "table=edges rows=" + sci(static_cast<double>(edges.rows())) + " " +
           write_fields(edges_csv) + " table_build_seconds=" + fmt("%.3f", table_seconds));
  edges = {};

  // nodes.csv: Id, in_degree, out_degree, pagerank (numbers: the to_chars/format_double path).
  citegraph::io::Table nodes;
  nodes.add("Id", ValueType::kString);
  nodes.add("in_degree", ValueType::kLong);
  nodes.add("out_degree", ValueType::kLong);
  nodes.add("pagerank", ValueType::kDouble);
  for (NodeId v = 0; v < n; ++v) {
    nodes.columns[0].push(keys[v]);
    nodes.columns[1].push(static_cast<std::int64_t>(g.in().degree(v)));
    nodes.columns[2].push(static_cast<std::int64_t>(g.out().degree(v)));
    nodes.columns[3].push(pagerank[v]);
  }
  const WriteTiming nodes_csv =
      time_write(o, "nodes.csv", [&](std::ostream& out) { citegraph::io::write_csv(out, nodes); });
  emit(
      c, "write_csv",
      "table=nodes rows=" + sci(static_cast<double>(nodes.rows())) + " " + write_fields(nodes_csv));
  nodes = {};

  // citation.graphml with the same content peers.py gives igraph: node name, pagerank.
  citegraph::io::GraphTables tables;
  tables.directed = true;
  tables.node_ids = keys;
  tables.node_attributes.add("pagerank", ValueType::kDouble);
  for (NodeId v = 0; v < n; ++v) tables.node_attributes.columns[0].push(pagerank[v]);
  tables.edges.reserve(g.num_edges());
  for (NodeId u = 0; u < n; ++u) {
    for (const NodeId v : g.out().neighbors(u)) tables.edges.emplace_back(u, v);
  }
  const WriteTiming graphml = time_write(
      o, "citation.graphml", [&](std::ostream& out) { citegraph::io::write_graphml(out, tables); });
  emit(c, "write_graphml", write_fields(graphml));
}

// cocitation.csv / coupling.csv as the command line's shape: Source, Target, Weight, Type and
// the normalised strengths, and with `witnesses` the witness column (enumerated from the graph).
citegraph::io::Table pair_table(const CitationGraph& g, const citegraph::PairResult& result,
                                const std::vector<std::string>& keys, bool witnesses) {
  using citegraph::io::ValueType;
  citegraph::io::Table t;
  for (const char* name : {"Source", "Target"}) t.add(name, ValueType::kString);
  t.add("Weight", ValueType::kDouble);
  t.add("Type", ValueType::kString);
  for (const char* name : {"count", "association", "cosine", "jaccard", "inclusion"}) {
    t.add(name, ValueType::kDouble);
  }
  if (witnesses) t.add("citing", ValueType::kString);
  for (auto& column : t.columns) {
    column.present.reserve(result.pairs.size());
    (column.type == ValueType::kString ? column.strings.reserve(result.pairs.size())
                                       : column.doubles.reserve(result.pairs.size()));
  }
  std::vector<NodeId> ids;
  for (const citegraph::Pair& p : result.pairs) {
    t.columns[0].push(keys[p.a]);
    t.columns[1].push(keys[p.b]);
    t.columns[2].push(p.count);
    t.columns[3].push("Undirected");
    t.columns[4].push(p.count);
    using citegraph::Normalization;
    t.columns[5].push(citegraph::pair_strength(result, p, Normalization::kAssociation));
    t.columns[6].push(citegraph::pair_strength(result, p, Normalization::kCosine));
    t.columns[7].push(citegraph::pair_strength(result, p, Normalization::kJaccard));
    t.columns[8].push(citegraph::pair_strength(result, p, Normalization::kInclusion));
    if (witnesses) {
      ids.clear();
      (void)citegraph::pair_witnesses(g, result, p, citegraph::kAllWitnesses, ids);
      std::string joined;
      for (const NodeId v : ids) {
        if (!joined.empty()) joined += ' ';
        joined += keys[v];
      }
      t.columns[9].push(std::move(joined));
    }
  }
  return t;
}

void stage_pairs(const Options& o, const Context& c, const CitationGraph& g) {
  std::filesystem::create_directories(o.out_dir);
  const std::vector<std::string> keys = node_keys(g);
  const citegraph::PairEstimate co_estimate = citegraph::estimate_cocitation(g);
  const citegraph::PairEstimate cp_estimate = citegraph::estimate_coupling(g);
  for (const bool witnesses : {false, true}) {
    citegraph::PairParams params;
    params.threads = o.threads;
    params.witnesses = witnesses;
    std::uint64_t co_pairs = 0;
    std::uint64_t cp_pairs = 0;
    double co_seconds = 0;
    double cp_seconds = 0;
    double write_seconds = 0;
    double csv_bytes = 0;
    double table_seconds = 0;
    double co_cpu = 0, co_wall = 0, cp_cpu = 0, cp_wall = 0;  // cores each pass really got
    std::vector<double> totals;
    const double cpu_start = cpu_seconds();
    const auto wall_start = Clock::now();
    for (unsigned r = 0; r < o.repeat; ++r) {
      const auto start = Clock::now();
      const double cpu0 = cpu_seconds();
      citegraph::PairResult co = citegraph::cocitation(g, params);
      const double co_t = seconds_since(start);
      const double cpu1 = cpu_seconds();
      const auto mid = Clock::now();
      citegraph::PairResult cp = citegraph::coupling(g, params);
      const double cp_t = seconds_since(mid);
      co_cpu += cpu1 - cpu0;
      co_wall += co_t;
      cp_cpu += cpu_seconds() - cpu1;
      cp_wall += cp_t;
      const auto write_start = Clock::now();
      double bytes = 0;
      double table_t = 0;
      for (const auto& [name, result] : {std::pair{"cocitation.csv", &co}, {"coupling.csv", &cp}}) {
        const std::filesystem::path path = std::filesystem::path(o.out_dir) / name;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        const auto table_start = Clock::now();
        const citegraph::io::Table table = pair_table(g, *result, keys, witnesses);
        table_t += seconds_since(table_start);
        citegraph::io::write_csv(out, table);
        out.close();
        bytes += static_cast<double>(std::filesystem::file_size(path));
        std::filesystem::remove(path);
      }
      const double write_t = seconds_since(write_start);
      totals.push_back(seconds_since(start));
      if (r == 0 || co_t < co_seconds) co_seconds = co_t;
      if (r == 0 || cp_t < cp_seconds) cp_seconds = cp_t;
      if (r == 0 || write_t < write_seconds) write_seconds = write_t;
      if (r == 0 || table_t < table_seconds) table_seconds = table_t;
      co_pairs = co.pairs.size();
      cp_pairs = cp.pairs.size();
      csv_bytes = bytes;
    }
    const double total_cpu_per_wall =
        (cpu_seconds() - cpu_start) / std::max(seconds_since(wall_start), 1e-9);
    const std::string w = witnesses ? "yes" : "no";
    g_cpu_per_wall = co_cpu / std::max(co_wall, 1e-9);
    emit(c, "cocitation",
         "witnesses=" + w + " pairs=" + sci(static_cast<double>(co_pairs)) +
             " pair_instances=" + sci(static_cast<double>(co_estimate.pair_instances)) +
             " seconds=" + fmt("%.4f", co_seconds) +
             " pairs_per_s=" + sci(static_cast<double>(co_pairs) / co_seconds));
    g_cpu_per_wall = cp_cpu / std::max(cp_wall, 1e-9);
    emit(c, "coupling",
         "witnesses=" + w + " pairs=" + sci(static_cast<double>(cp_pairs)) +
             " pair_instances=" + sci(static_cast<double>(cp_estimate.pair_instances)) +
             " seconds=" + fmt("%.4f", cp_seconds) +
             " pairs_per_s=" + sci(static_cast<double>(cp_pairs) / cp_seconds));
    g_cpu_per_wall = total_cpu_per_wall;
    emit(c, "pairs_total",
         "witnesses=" + w + " csv_mb=" + fmt("%.1f", csv_bytes / 1e6) +
             " write_seconds=" + fmt("%.4f", write_seconds) + " of_which_table_build_seconds=" +
             fmt("%.4f", table_seconds) + " seconds=" + fmt("%.4f", median(totals)) +
             " peak_rss_mb=" + fmt("%.0f", peak_rss_mb()));
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse_options(argc, argv);
  Context c;
  c.label = o.label;
  c.threads = o.threads;
  c.runs = o.repeat;
  calibrate(o.threads);
  Loaded loaded;
  if (o.stages.contains("load")) {
    stage_load(o, c, loaded);
  } else {
    loaded = load(o);
    c.graph = "n=" + sci(loaded.graph.num_nodes()) +
              " m=" + sci(static_cast<double>(loaded.graph.num_edges()));
  }
  const CitationGraph& g = loaded.graph;
  if (o.stages.contains("pagerank")) stage_pagerank(o, c, g);
  if (o.stages.contains("betweenness_exact")) stage_betweenness(o, c, g, true);
  if (o.stages.contains("betweenness_sampled")) stage_betweenness(o, c, g, false);
  if (o.stages.contains("distributions")) stage_distributions(o, c, g);
  if (o.stages.contains("writers")) stage_writers(o, c, g);
  if (o.stages.contains("pairs")) stage_pairs(o, c, g);
  std::printf("process peak_rss_mb=%.0f threads=%u\n", peak_rss_mb(), o.threads);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_pipeline: %s\n", e.what());
  return 2;
}
