// Co-citation + bibliographic coupling counting against scipy on the same matrices, in one run.
//
// Loads a pairs CSV (benchmarks/generate --pairs), then measures, best of --repeat runs:
//   count   cocitation() + coupling() stored with min_count = --min-count (no witnesses are
//           ever stored), 1 and 2 threads;
//   csv     stream_pairs_text() for both, rows formatted on the worker threads by the
//           command's own formatter (pipeline::append_pairs_csv), so the bytes are those of
//           `cocite --stream --no-witnesses` (Source, Target, Weight, Type, count, the four
//           normalisations, empty witness columns), written to files in --out-dir, 1 and 2
//           threads;
// and runs pairs_benchmark.py (scipy A.T@A + A@A.T on the same incidence matrix, its upper
// triangle >= --min-count, np.savetxt), checks that both kept the same number of pairs, and
// prints the ratios:
//   counting vs scipy        scipy products / our count (1 thread)     target >= 3
//   2-thread speed-up        our count 1 thread / 2 threads            target >= 1.8
//   csv vs scipy counting    scipy products / our count + CSV          target > 1
//
// Usage: bench_pairs --pairs PATH [--min-count 2] [--repeat 3] [--out-dir DIR]
//                    [--python /usr/bin/python3] [--script PATH] [--no-peer] [--no-csv]
//                    [--csv-only] (profiling: the CSV runs alone)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "bench_clock.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "citegraph/read/format.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/write/writers.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;
using citegraph::CitationGraph;
using citegraph::NodeId;
using citegraph::Normalization;
using citegraph::Pair;
using citegraph::PairParams;

struct Options {
  std::string pairs;
  std::uint32_t min_count = 2;
  unsigned repeat = 3;
  std::string out_dir = "/tmp";
  std::string python = "/usr/bin/python3";
  std::string script;
  bool peer = true;
  bool csv = true;
  bool count = true;
};

// Process CPU time, all threads: on a shared machine the one-thread figures are compared on it
// too (a waiting process accrues wall time but no CPU time).
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

Options parse(int argc, char** argv) {
  Options o;
#ifdef CITEGRAPH_PAIRS_BENCHMARK_SCRIPT
  o.script = CITEGRAPH_PAIRS_BENCHMARK_SCRIPT;
#endif
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--pairs" && has_value) {
      o.pairs = argv[++i];
    } else if (arg == "--min-count" && has_value) {
      o.min_count = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    } else if (arg == "--repeat" && has_value) {
      o.repeat = static_cast<unsigned>(std::max(1ul, std::stoul(argv[++i])));
    } else if (arg == "--out-dir" && has_value) {
      o.out_dir = argv[++i];
    } else if (arg == "--python" && has_value) {
      o.python = argv[++i];
    } else if (arg == "--script" && has_value) {
      o.script = argv[++i];
    } else if (arg == "--no-peer") {
      o.peer = false;
    } else if (arg == "--no-csv") {
      o.csv = false;
    } else if (arg == "--csv-only") {
      o.count = false;
      o.peer = false;
    } else {
      std::fprintf(stderr,
                   "usage: bench_pairs --pairs PATH [--min-count 2] [--repeat 3] [--out-dir DIR] "
                   "[--python PATH] [--script PATH] [--no-peer] [--no-csv] [--csv-only]\n");
      std::exit(2);
    }
  }
  if (o.pairs.empty()) {
    std::fprintf(stderr, "bench_pairs: --pairs PATH is required\n");
    std::exit(2);
  }
  return o;
}

CitationGraph load(const std::string& path) {
  citegraph::GraphBuilder builder;
  const std::size_t corpus = builder.add_corpus("bench");
  citegraph::io::ReadOptions options;
  options.format = citegraph::io::Format::kPairs;
  (void)citegraph::io::read_input(path, options,
                                  [&](citegraph::Record&& record) { builder.add(record, corpus); });
  return builder.build();
}

struct Counted {
  double seconds = 0;
  double cpu = 0;
  std::uint64_t cocitation_pairs = 0;
  std::uint64_t coupling_pairs = 0;
};

Counted count(const CitationGraph& g, const Options& o, unsigned threads) {
  PairParams params;
  params.min_count = o.min_count;
  params.threads = threads;
  params.witnesses = false;
  Counted best;
  for (unsigned r = 0; r < o.repeat; ++r) {
    const auto start = Clock::now();
    const double cpu0 = cpu_seconds();
    const citegraph::PairResult co = citegraph::cocitation(g, params);
    const citegraph::PairResult cp = citegraph::coupling(g, params);
    const double t = seconds_since(start);
    const double cpu = cpu_seconds() - cpu0;
    if (r == 0 || t < best.seconds) best.seconds = t;
    if (r == 0 || cpu < best.cpu) best.cpu = cpu;
    best.cocitation_pairs = co.pairs.size();
    best.coupling_pairs = cp.pairs.size();
  }
  return best;
}

struct Written {
  double seconds = 0;
  double cpu = 0;
  double megabytes = 0;
};

Written count_and_write(const CitationGraph& g, const Options& o, unsigned threads) {
  PairParams params;
  params.min_count = o.min_count;
  params.threads = threads;
  params.witnesses = false;
  Written best;
  for (unsigned r = 0; r < o.repeat; ++r) {
    const auto start = Clock::now();
    const double cpu0 = cpu_seconds();
    double bytes = 0;
    for (const bool co : {true, false}) {
      const std::filesystem::path path =
          std::filesystem::path(o.out_dir) / (co ? "bench_cocitation.csv" : "bench_coupling.csv");
      {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        // The header and rows of `cocite --stream --no-witnesses`: the command's own formatter.
        citegraph::io::write_csv(
            out, citegraph::pipeline::pairs_table(g, {}, {}, Normalization::kCount, !co, params),
            true);
        const citegraph::PairFormatter format =
            [&g, co, &params](std::span<const Pair> batch, std::span<const double> item_count,
                              std::string& text) {
              citegraph::pipeline::append_pairs_csv(text, g, batch, item_count,
                                                    Normalization::kCount, !co, params);
            };
        (void)citegraph::stream_pairs_text(
            g, co ? citegraph::PairKind::kCocitation : citegraph::PairKind::kCoupling, params,
            format, [&out](std::string_view text) {
              out.write(text.data(), static_cast<std::streamsize>(text.size()));
            });
        out.flush();
        if (!out) {
          throw citegraph::IoError(citegraph::IoError::Direction::kOutput,
                                   path.string() + ": write error");
        }
      }
      bytes += static_cast<double>(std::filesystem::file_size(path));
      std::filesystem::remove(path);
    }
    const double t = seconds_since(start);
    const double cpu = cpu_seconds() - cpu0;
    if (r == 0 || t < best.seconds) best.seconds = t;
    if (r == 0 || cpu < best.cpu) best.cpu = cpu;
    best.megabytes = bytes / 1e6;
  }
  return best;
}

std::map<std::string, double> run_peer(const Options& o) {
  std::map<std::string, double> values;
  const std::string command = o.python + " " + o.script + " " + o.pairs + " " +
                              std::to_string(o.min_count) + " " + std::to_string(o.repeat) + " " +
                              o.out_dir;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return values;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string text(line);
    const auto eq = text.find('=');
    if (eq == std::string::npos) continue;
    values[text.substr(0, eq)] = std::strtod(text.c_str() + eq + 1, nullptr);
  }
  if (pclose(pipe) != 0) values.clear();
  return values;
}

void ratio(const char* what, double peer, double ours, const char* target, bool met) {
  std::printf("ratio %-40s %.2fx  (target %s: %s)\n", what, peer / ours, target,
              met ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  auto start = Clock::now();
  const CitationGraph g = load(o.pairs);
  std::printf("load n=%u m=%llu seconds=%.3f\n", g.num_nodes(),
              static_cast<unsigned long long>(g.num_edges()), seconds_since(start));
  const citegraph::PairEstimate co_e = citegraph::estimate_cocitation(g);
  const citegraph::PairEstimate cp_e = citegraph::estimate_coupling(g);
  std::printf("instances cocitation=%llu coupling=%llu min_count=%u\n",
              static_cast<unsigned long long>(co_e.pair_instances),
              static_cast<unsigned long long>(cp_e.pair_instances), o.min_count);

  if (!o.count) {
    const Written csv = count_and_write(g, o, 1);
    std::printf("csv    threads=1 csv_mb=%.1f seconds=%.4f cpu_seconds=%.4f\n", csv.megabytes,
                csv.seconds, csv.cpu);
    return 0;
  }
  const Counted one = count(g, o, 1);
  std::printf(
      "count  threads=1 cocitation_pairs=%llu coupling_pairs=%llu seconds=%.4f cpu_seconds=%.4f\n",
      static_cast<unsigned long long>(one.cocitation_pairs),
      static_cast<unsigned long long>(one.coupling_pairs), one.seconds, one.cpu);
  const Counted two = count(g, o, 2);
  std::printf(
      "count  threads=2 cocitation_pairs=%llu coupling_pairs=%llu seconds=%.4f cpu_seconds=%.4f\n",
      static_cast<unsigned long long>(two.cocitation_pairs),
      static_cast<unsigned long long>(two.coupling_pairs), two.seconds, two.cpu);
  if (!o.csv) return 0;
  const Written csv1 = count_and_write(g, o, 1);
  std::printf("csv    threads=1 csv_mb=%.1f seconds=%.4f cpu_seconds=%.4f\n", csv1.megabytes,
              csv1.seconds, csv1.cpu);
  const Written csv2 = count_and_write(g, o, 2);
  std::printf("csv    threads=2 csv_mb=%.1f seconds=%.4f cpu_seconds=%.4f\n", csv2.megabytes,
              csv2.seconds, csv2.cpu);
  std::printf("ours   peak_rss_mb=%.0f\n", peak_rss_mb());

  ratio("2-thread speed-up, counting", one.seconds, two.seconds, ">= 1.8",
        one.seconds / two.seconds >= 1.8);
  ratio("2-thread speed-up, counting + CSV", csv1.seconds, csv2.seconds, "(info)", true);
  if (!o.peer || o.script.empty()) return 0;
  const std::map<std::string, double> peer = run_peer(o);
  if (peer.count("products_seconds") == 0) {
    std::fprintf(stderr, "bench_pairs: the scipy peer failed (%s)\n", o.script.c_str());
    return 1;
  }
  const double products = peer.at("products_seconds");
  std::printf(
      "scipy  A.T@A+A@A.T seconds=%.4f  +triu>=%u seconds=%.4f  +np.savetxt seconds=%.4f "
      "cocitation_pairs=%.0f coupling_pairs=%.0f peak_rss_mb=%.0f\n",
      products, o.min_count, peer.at("select_seconds"), peer.at("csv_seconds"),
      peer.at("cocitation_pairs"), peer.at("coupling_pairs"), peer.at("peak_rss_mb"));
  const bool agree = static_cast<double>(one.cocitation_pairs) == peer.at("cocitation_pairs") &&
                     static_cast<double>(one.coupling_pairs) == peer.at("coupling_pairs");
  std::printf("agree  pairs kept by both: %s\n", agree ? "yes" : "NO");
  ratio("counting vs scipy products, 1 thread", products, one.seconds, ">= 3",
        products / one.seconds >= 3);
  if (peer.count("products_cpu_seconds") != 0) {
    // On a shared machine: the same ratios on process CPU time (one thread each).
    const double products_cpu = peer.at("products_cpu_seconds");
    ratio("CPU: counting vs scipy products, 1 thread", products_cpu, one.cpu, ">= 3",
          products_cpu / one.cpu >= 3);
    ratio("CPU: count+CSV vs scipy products, 1 thread", products_cpu, csv1.cpu, "> 1",
          products_cpu > csv1.cpu);
  }
  ratio("counting vs scipy products, 2 threads", products, two.seconds, "(info)", true);
  ratio("counting vs scipy products+triu>=t, 1 thread", products + peer.at("select_seconds"),
        one.seconds, "(info)", true);
  ratio("count+CSV vs scipy products, 1 thread", products, csv1.seconds, "> 1",
        products > csv1.seconds);
  ratio("count+CSV vs scipy products, 2 threads", products, csv2.seconds, "> 1",
        products > csv2.seconds);
  ratio("count+CSV vs scipy whole (+triu, savetxt), 1 thread",
        products + peer.at("select_seconds") + peer.at("csv_seconds"), csv1.seconds, "(info)",
        true);
  return agree ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_pairs: %s\n", e.what());
  return 1;
}
