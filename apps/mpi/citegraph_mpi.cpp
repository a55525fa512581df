// citegraph-mpi: `cocite` and `centrality --table citation` with the sparse products on CombBLAS
// over MPI (docs/scale-out.md). The command line is citegraph's (apps/options.cpp) plus
// --batch-pairs; the output is the same CSV, written by rank 0 batch by batch into one file
// that is replaced atomically (or to standard output).
//
// Rank 0 reads the inputs through the library (pipeline::load), applies the input filters and
// distributes the citation matrix; every rank then takes part in the products (collectives in
// the same order on every rank). Every failure on rank 0 is broadcast as an exit status before
// the next collective, so that no rank waits on one that gave up.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <mpi.h>

#include "apps/csv_output.hpp"
#include "apps/mpi/distributed.hpp"
#include "apps/mpi/incidence.hpp"
#include "apps/mpi/pair_adapter.hpp"
#include "apps/options.hpp"
#include "apps/progress.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/pipeline/issues.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "citegraph/write/atomic_file.hpp"
#include "citegraph/write/writers.hpp"

namespace citegraph::mpi {
namespace {

using app::Command;
using app::Config;
using app::CsvOutput;
using app::UsageError;

constexpr int kExitUsage = 1;
constexpr int kExitInput = 2;
constexpr int kExitOutput = 3;
constexpr int kExitInternal = 4;

// Upper bound on the pair instances of one batch of rows (PairIncidence::row_bound).
constexpr std::uint64_t kDefaultBatchPairs = std::uint64_t{1} << 24;
// Rows of the CSV made and written at a time.
constexpr std::size_t kRowsPerWrite = 65536;

constexpr const char* kUsage =
    "Usage:\n"
    "  mpirun -np N citegraph-mpi cocite [citegraph cocite options] [--batch-pairs N] INPUTS...\n"
    "  mpirun -np N citegraph-mpi centrality [--table citation] [options] INPUTS...\n"
    "\n"
    "Co-citation/coupling (sparse product on CombBLAS) and the citation centrality table\n"
    "(PageRank by distributed SpMV) over MPI; the CSV is the one `citegraph` writes, byte for\n"
    "byte for pair counts and within rounding for PageRank. N must be a square (1, 4, 9, 16...).\n"
    "Rank 0 reads the inputs and writes the output; see docs/scale-out.md.\n"
    "\n"
    "  --batch-pairs N  rows of the pair table are computed and written in batches of at most\n"
    "                   N pair instances (default 16777216); memory for a batch: about\n"
    "                   100 B x N / ranks per rank, and up to 24 B x N more on rank 0\n"
    "\n"
    "cocite always writes batch by batch (--stream is implied; --max-pair-memory does not\n"
    "apply: --batch-pairs bounds the memory).\n"
    "\n"
    "Not supported here (use citegraph): --top, --top-per-node, --seed-works,\n"
    "centrality --table cocitation, the other commands. Options: `citegraph cocite --help`.\n";

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

// Rank 0's status, known to every rank afterwards.
int share_status(int status) {
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

// Runs `body`, mapping exceptions to exit statuses (and messages) as citegraph does.
template <typename Body>
int guarded(Body&& body) {
  int status = 0;
  {
    try {
      body();
    } catch (const UsageError& e) {
      std::fprintf(stderr, "citegraph-mpi: %s\n", e.what());
      status = kExitUsage;
    } catch (const InvalidArgument& e) {
      std::fprintf(stderr, "citegraph-mpi: %s\n", e.what());
      status = kExitUsage;
    } catch (const ParseError& e) {
      std::fprintf(stderr, "citegraph-mpi: error: %s\n", e.what());
      status = kExitInput;
    } catch (const IoError& e) {
      std::fprintf(stderr, "citegraph-mpi: error: %s\n", e.what());
      status = e.direction() == IoError::Direction::kInput ? kExitInput : kExitOutput;
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr, "citegraph-mpi: internal error: out of memory\n");
      status = kExitInternal;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "citegraph-mpi: internal error: %s\n", e.what());
      status = kExitInternal;
    }
  }
  return status;
}

// Runs `body` on every rank; only rank 0's messages are printed (the verdict is the same).
template <typename Body>
int guarded_quiet_unless_rank0(Body&& body) {
  if (rank() == 0) return guarded(body);
  try {
    body();
  } catch (const UsageError&) {
    return kExitUsage;
  } catch (const InvalidArgument&) {
    return kExitUsage;
  } catch (const std::exception&) {
    return kExitInternal;
  }
  return 0;
}

// Runs `body` on rank 0 (guarded); every rank returns rank 0's status.
template <typename Body>
int on_rank0(Body&& body) {
  return share_status(rank() == 0 ? guarded(body) : 0);
}

void print_warnings(const pipeline::Loaded& loaded) {
  for (const std::string& w : pipeline::input_warnings(loaded)) {
    std::fprintf(stderr, "warning: %s\n", w.c_str());
  }
  // One line per reason over every input, as citegraph prints without --verbose.
  for (const pipeline::IssueGroup& g : pipeline::issue_groups(loaded, 0)) {
    std::fprintf(stderr, "%s: %s: %llu\n", g.skipped ? "skipped" : "warning", g.reason.c_str(),
                 static_cast<unsigned long long>(g.count));
  }
}

int ranks() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

int run_cocite(const Config& config, const pipeline::Loaded* loaded, std::uint64_t batch_pairs) {
  const char* what = config.coupling ? "coupling" : "co-citation";
  PairIncidence incidence;
  std::vector<std::int64_t> bounds;
  std::unique_ptr<CsvOutput> output;
  // Rank 0: the filtered incidence, the batches, the output file and its header.
  int status = on_rank0([&] {
    incidence = build_incidence(loaded->graph, config.pairs, config.coupling);
    bounds = row_batches(incidence, batch_pairs);
    output = std::make_unique<CsvOutput>(config.out_file);
    output->write(
        pipeline::pairs_table(loaded->graph, {}, {}, config.weight, config.coupling, config.pairs),
        true);
  });
  if (status != 0) return status;

  const bool witnesses = config.pairs.witnesses;
  int sink_status = 0;
  const BatchSink sink = [&](std::span<const CountEntry> batch) {
    // Rows are made and written kRowsPerWrite at a time: rank 0 holds the batch's entries
    // (24 bytes each), never the whole batch as rows.
    sink_status = guarded([&] {
      std::vector<Pair> pairs;
      for (std::size_t first = 0; first < batch.size(); first += kRowsPerWrite) {
        const std::size_t last = std::min(batch.size(), first + kRowsPerWrite);
        pairs.clear();
        for (std::size_t r = first; r < last; ++r) {
          const CountEntry& e = batch[r];
          pairs.push_back(
              make_pair(incidence, e.a, e.b, static_cast<std::uint64_t>(e.count), witnesses));
        }
        output->write(pipeline::pairs_table(loaded->graph, pairs, incidence.item_count,
                                            config.weight, config.coupling, config.pairs),
                      false);
      }
    });
    return sink_status == 0;
  };
  const double start = MPI_Wtime();
  const PairRunStats stats = distributed_pair_counts(
      static_cast<std::int64_t>(incidence.context_nodes.size()),
      static_cast<std::int64_t>(incidence.item_nodes.size()), std::move(incidence.context_of_entry),
      std::move(incidence.item_of_entry), bounds, config.pairs.min_count, sink);
  const double seconds = MPI_Wtime() - start;
  status = share_status(sink_status);
  if (status != 0) return status;
  return on_rank0([&] {
    output->commit();
    if (!config.quiet) {
      print_warnings(*loaded);
      std::fprintf(stderr,
                   "%s: %llu pairs in %llu batches on %d ranks; %llu pair instances; %.3f s "
                   "(product %.3f s, gather %.3f s, write %.3f s)\n",
                   what, static_cast<unsigned long long>(stats.entries),
                   static_cast<unsigned long long>(stats.batches), ranks(),
                   static_cast<unsigned long long>(incidence.pair_instances), seconds,
                   stats.product_seconds, stats.gather_seconds, stats.sink_seconds);
    }
  });
}

int run_centrality(const Config& config, const pipeline::Loaded* loaded) {
  std::vector<std::int64_t> source;
  std::vector<std::int64_t> target;
  std::int64_t n = 0;
  int status = on_rank0([&] {
    config.centrality.validate();
    const CitationGraph& graph = loaded->graph;
    n = graph.num_nodes();
    source.reserve(graph.num_edges());
    target.reserve(graph.num_edges());
    for (NodeId u = 0; u < graph.num_nodes(); ++u) {
      for (const NodeId v : graph.out().neighbors(u)) {
        source.push_back(u);
        target.push_back(v);
      }
    }
  });
  if (status != 0) return status;
  PageRankRun pagerank =
      distributed_pagerank(n, std::move(source), std::move(target), config.centrality);
  return on_rank0([&] {
    // Degrees, HITS, betweenness and harmonic closeness: the library on rank 0
    // (docs/scale-out.md); PageRank: the distributed result.
    app::Progress progress(config.quiet);
    pipeline::PassSelection selection = pipeline::PassSelection::none();
    selection.centrality = true;
    pipeline::AnalysisResults results =
        pipeline::run_passes(loaded->graph, config, selection, progress);
    results.centrality.pagerank = std::move(pagerank.scores);
    results.centrality.pagerank_report = pagerank.report;
    CsvOutput output(config.out_file);
    output.write(pipeline::citation_centrality_table(loaded->graph, results.centrality), true);
    output.commit();
    if (!config.quiet) {
      print_warnings(*loaded);
      const double per_second =
          pagerank.seconds > 0
              ? static_cast<double>(pagerank.edges) * pagerank.report.iterations / pagerank.seconds
              : 0.0;
      std::fprintf(stderr,
                   "pagerank: %u iterations (%s, L1 change %.3g) on %d ranks; %llu edges; %.3f s, "
                   "%.3g edges/s\n",
                   pagerank.report.iterations,
                   pagerank.report.converged ? "converged" : "not converged",
                   pagerank.report.residual, ranks(),
                   static_cast<unsigned long long>(pagerank.edges), pagerank.seconds, per_second);
    }
  });
}

// Takes --batch-pairs N out of argv (citegraph's parser does not know it).
std::vector<std::string> take_mpi_options(int argc, char** argv, std::uint64_t& batch_pairs) {
  std::vector<std::string> rest;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    if (arg == "--batch-pairs") {
      if (i + 1 >= argc) throw UsageError("--batch-pairs: expected a number");
      value = argv[++i];
    } else if (arg.rfind("--batch-pairs=", 0) == 0) {
      value = arg.substr(std::strlen("--batch-pairs="));
    } else {
      rest.push_back(arg);
      continue;
    }
    std::size_t used = 0;
    unsigned long long parsed = 0;
    try {
      parsed = std::stoull(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != value.size() || parsed == 0 || value[0] == '-') {
      throw UsageError("--batch-pairs: expected a number >= 1, got '" + value + "'");
    }
    batch_pairs = parsed;
  }
  return rest;
}

int run(int argc, char** argv) {
  const int size = ranks();
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(size))));
  if (side * side != size) {
    if (rank() == 0) {
      std::fprintf(stderr,
                   "citegraph-mpi: %d ranks: CombBLAS needs a square process grid "
                   "(1, 4, 9, 16, ... ranks)\n",
                   size);
    }
    return kExitUsage;
  }
  // Every rank parses the same command line and reaches the same verdict; rank 0 speaks.
  Config config;
  std::uint64_t batch_pairs = kDefaultBatchPairs;
  bool help = false;
  const int parsed = guarded_quiet_unless_rank0([&] {
    const std::vector<std::string> args = take_mpi_options(argc, argv, batch_pairs);
    std::vector<const char*> pointers(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) pointers[i] = args[i].c_str();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
      help = true;
      return;
    }
    config = app::parse_command_line(static_cast<int>(pointers.size()), pointers.data());
    if (config.command == Command::kHelp) {
      help = true;
      return;
    }
    if (config.command != Command::kCocite && config.command != Command::kCentrality) {
      throw UsageError(
          "citegraph-mpi runs cocite and centrality --table citation; use citegraph "
          "for the other commands");
    }
    if (config.command == Command::kCentrality && !config.table.empty() &&
        config.table != "citation") {
      throw UsageError("--table " + config.table +
                       ": citegraph-mpi computes the citation table only; use citegraph");
    }
    if (config.command == Command::kCocite) {
      if (config.pairs.top > 0 || config.pairs.top_per_node > 0) {
        throw UsageError(
            "--top and --top-per-node need every pair before any is written; use "
            "citegraph cocite");
      }
      if (!config.seed_works.empty()) {
        throw UsageError(
            "--seed-works: use citegraph cocite (its cost follows the seeds, not "
            "the graph)");
      }
    }
  });
  if (parsed != 0) return parsed;
  if (help) {
    if (rank() == 0) {
      std::fputs(kUsage, stdout);
      if (!config.help_text.empty()) std::fputs(("\n" + config.help_text).c_str(), stdout);
    }
    return 0;
  }

  std::unique_ptr<pipeline::Loaded> loaded;
  int status = on_rank0([&] {
    app::Progress progress(config.quiet);
    loaded = std::make_unique<pipeline::Loaded>(pipeline::load(config, progress));
  });
  if (status != 0) return status;
  return config.command == Command::kCocite ? run_cocite(config, loaded.get(), batch_pairs)
                                            : run_centrality(config, loaded.get());
}

}  // namespace
}  // namespace citegraph::mpi

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int status = citegraph::mpi::kExitInternal;
  try {
    status = citegraph::mpi::run(argc, argv);
  } catch (const std::exception& e) {
    // Only a failure outside the guarded steps lands here (none is expected): no rank can be
    // relied on to reach the next collective, so the job ends.
    std::fprintf(stderr, "citegraph-mpi: internal error: %s\n", e.what());
    MPI_Abort(MPI_COMM_WORLD, citegraph::mpi::kExitInternal);
  }
  MPI_Finalize();
  return status;
}
