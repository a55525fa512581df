#include "apps/options.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "citegraph/graph/error.hpp"
#include "citegraph/graph/pmid.hpp"
#include "citegraph/graph/snapshot.hpp"
#include "citegraph/pipeline/outputs.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "support/ascii.hpp"

namespace po = boost::program_options;

namespace citegraph::app {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  citegraph analyze [options] [--corpus NAME=PATH]... [PATH]...\n"
    "  citegraph inspect [options] PATH...\n"
    "  citegraph cocite|overlap|centrality|distributions [options] [--corpus NAME=PATH]... "
    "[PATH]...\n"
    "  citegraph build [options] [--corpus NAME=PATH]... [PATH]... --out FILE.cgraph\n"
    "  citegraph COMMAND --help     the options of one command\n"
    "  citegraph --help | --version\n"
    "\n"
    "analyze        reads every input, builds the citation graph, runs every pass and writes\n"
    "               all result files into --out (a directory).\n"
    "inspect        parses only: per input its format, records, references, PMIDs, skipped\n"
    "               records and warnings; exit status 2 if an input cannot be parsed at all.\n"
    "cocite         co-citation pairs (or, with --coupling, bibliographic coupling) as CSV.\n"
    "overlap        corpus overlap as CSV (--table overlap|shared).\n"
    "centrality     centralities of the citation graph as CSV (--table citation|cocitation).\n"
    "distributions  journal or year distributions as CSV (--table journals|years).\n"
    "               The one-pass commands write to standard output, or to --out FILE.\n"
    "build          reads every input once and writes the graph as a snapshot (.cgraph) that\n"
    "               every command then takes as its only input, memory-mapped: same results,\n"
    "               no parsing.\n"
    "\n"
    "A PATH is a file (plain or gzip'd, detected by content), a directory (read\n"
    "recursively, files in name order) or - for standard input, or a .cgraph snapshot\n"
    "(detected by content; then the only input of the run). Inputs given without\n"
    "--corpus form a corpus named after the file (its name without extensions).\n"
    "An option that does not apply to the command is a usage error.\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 input error, 3 output error, 4 internal error.\n";

// Numbers are read as text and range-checked here: Program_options would read "-1" into an
// unsigned option as 4294967295.
constexpr const char* kCountArg = "N";

po::options_description read_options() {
  po::options_description options("Input");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("help,h", "show this help and exit")
      ("corpus,c", po::value<std::vector<std::string>>()->composing(),
       "NAME=PATH: add PATH (file, directory or -) to corpus NAME; repeatable")
      ("format,f", po::value<std::string>()->default_value("auto"),
       "input format: auto|pubmed-page|medline|pubmed-xml|jats|pairs (auto detects by content)")
      ("include", po::value<std::vector<std::string>>()->composing()->value_name("GLOB"),
       "read only the files of input directories that match GLOB (on the name, or on the path "
       "below the directory when GLOB has a '/'); repeatable")
      ("exclude", po::value<std::vector<std::string>>()->composing()->value_name("GLOB"),
       "leave out the files of input directories that match GLOB; repeatable")
      ("threads,t", po::value<std::string>()->default_value("0")->value_name(kCountArg),
       "worker threads, 0 = every core (the default); results and outputs do not depend on "
       "it. Inputs are read, parsed and built on them (with N other than 1 PubMed XML "
       "citation texts are parsed on a second thread), then every pass and writer runs on them")
      ("strict", "a malformed record is an error (exit 2) instead of a counted, reported skip")
      ("quiet,q", "print nothing but errors")
      ("verbose,v", "list what was skipped or looked wrong per input file with located examples "
       "(default: one line per reason over all files; summary.json has every one)");
  // clang-format on
  return options;
}

po::options_description run_options(Command command) {
  po::options_description options("Output and run");
  // clang-format off
  options.add_options()
      ("metadata", po::value<std::vector<std::string>>()->composing()->value_name("PATH"),
       "records (any input format; file or directory) that only describe works — titles, "
       "journals, years — e.g. an NBIB of the works a pairs file cites; they make no work a "
       "source of any corpus; repeatable");
  if (command == Command::kAnalyze) {
    options.add_options()
        ("out,o", po::value<std::string>(),
         "output directory (default citegraph-out, created if missing)")
        ("no-provenance", "leave run-specific facts (command line, time, threads) out of "
         "summary.json so that identical inputs give byte-identical outputs")
        ("formats", po::value<std::string>()->value_name("LIST"),
         "graph files to write, comma-separated: graphml, gexf, csv, vosviewer, pajek "
         "(default all; report.html and summary.json always)");
  } else if (command == Command::kBuild) {
    options.add_options()
        ("out,o", po::value<std::string>()->value_name("FILE.cgraph"),
         "the snapshot to write (required; replaced atomically)");
  } else {
    options.add_options()
        ("out,o", po::value<std::string>(), "output file (default: standard output)");
  }
  if (command == Command::kAnalyze || command == Command::kCentrality) {
    options.add_options()
        ("seed", po::value<std::string>()->default_value("1")->value_name(kCountArg),
         "seed for every randomised step (sampled betweenness and closeness)");
  }
  if (command == Command::kOverlap) {
    options.add_options()("table", po::value<std::string>(), "overlap (default) or shared");
  } else if (command == Command::kCentrality) {
    options.add_options()("table", po::value<std::string>(), "citation (default) or cocitation");
  } else if (command == Command::kDistributions) {
    options.add_options()("table", po::value<std::string>(), "journals (default) or years");
  }
  // clang-format on
  return options;
}

po::options_description pair_options(Command command) {
  po::options_description options("Co-citation and coupling");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  if (command == Command::kCocite) {
    options.add_options()
        ("coupling", "bibliographic coupling of sources instead of co-citation");
  }
  options.add_options()
      ("normalization", po::value<std::string>()->default_value("count"),
       "the co-citation Weight: count|association|cosine|jaccard|inclusion; also ranks "
       "--top and --top-per-node")
      ("counting", po::value<std::string>()->default_value("full"),
       "full (each co-citing source adds 1) or fractional (adds 1/(k-1) for k references)")
      ("min-count", po::value<std::string>()->default_value("1")->value_name(kCountArg),
       "drop pairs co-cited (coupled) by fewer sources")
      ("min-citations", po::value<std::string>()->default_value("1")->value_name(kCountArg),
       "ignore works cited by fewer sources (coupling: sources with fewer references)")
      ("top-per-node", po::value<std::string>()->default_value("0")->value_name(kCountArg),
       "keep each work's K strongest pairs (0 = all); a pair stays if either end keeps it")
      ("top", po::value<std::string>()->default_value("0")->value_name(kCountArg),
       "keep the K strongest pairs overall (0 = all)");
  if (command != Command::kCentrality) {
    options.add_options()
        ("no-witnesses", "leave out the citing (coupling: cited) ids behind each pair")
        ("witness-limit", po::value<std::string>()->default_value("100")->value_name(kCountArg),
         "list at most N citing (coupling: cited) ids per pair, the first by id, beside their "
         "total in citing_total (0 = all)");
  }
  options.add_options()
      ("seed-works", po::value<std::vector<std::string>>()->composing(),
       "PMID[,PMID...]: only pairs with at least one of these works (coupling: sources); "
       "only their rows are computed; repeatable");
  if (command == Command::kCocite) {
    options.add_options()
        ("stream", "write pairs as they are computed, in row order; memory does not "
         "grow with the output (no --top, --top-per-node)");
  }
  options.add_options()
      ("max-pair-memory", po::value<std::string>()->default_value("8192")->value_name("MIB"),
       "MiB: refuse to store co-citation or coupling pairs whose pre-run estimate is larger "
       "(use --stream, --seed-works or --min-count); 0 = no limit");
  // clang-format on
  return options;
}

po::options_description centrality_options() {
  po::options_description options("Centrality");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("measures", po::value<std::string>()->value_name("LIST"),
       "the centralities to compute, comma-separated: degree, pagerank, hits, betweenness, "
       "harmonic (citation graph); degree (strength), eigenvector, betweenness (co-citation); "
       "or all. Default: all where betweenness and closeness are exact (--exact-limit), the "
       "others beyond it, with a note naming what was left out. Measures not computed have no "
       "column")
      ("damping", po::value<std::string>()->default_value("0.85")->value_name("X"),
       "PageRank damping factor, in [0, 1)")
      ("tolerance", po::value<std::string>()->default_value("1e-10")->value_name("X"),
       "L1 change that ends PageRank, HITS and eigenvector iterations (> 0)")
      ("max-iterations", po::value<std::string>()->default_value("1000")->value_name(kCountArg),
       "iteration limit (reported)")
      ("exact-limit", po::value<std::string>()->default_value("20000")->value_name(kCountArg),
       "betweenness and harmonic closeness are exact up to N nodes and the work of N nodes with "
       "10 arcs each (n*(n+arcs) <= 11*N^2; an undirected link is 2 arcs), sampled beyond")
      ("samples", po::value<std::string>()->default_value("500")->value_name(kCountArg),
       "pivots sampled beyond --exact-limit (sample size and --seed are reported)")
      ("normalized-betweenness", "divide betweenness by the number of node pairs")
      ("unweighted-betweenness",
       "co-citation betweenness by hop count instead of length 1/weight");
  // clang-format on
  return options;
}

po::options_description map_options() {
  po::options_description options("Co-citation map (cocitation.graphml/.gexf, report.html)");
  // clang-format off
  options.add_options()
      ("map-size", po::value<std::string>()->default_value("1000")->value_name(kCountArg),
       "the map keeps the N most cited co-cited works and the pairs among them (0 = all); "
       "cocitation.csv always has every pair")
      ("cluster-objective", po::value<std::string>()->default_value("modularity"),
       "Leiden's objective: modularity or cpm (constant Potts model)")
      ("resolution", po::value<std::string>()->default_value("1")->value_name("X"),
       "Leiden's resolution (> 0): larger gives more, smaller clusters")
      ("cluster-restarts", po::value<std::string>()->default_value("0")->value_name(kCountArg),
       "Leiden runs from scratch, the best kept (0 = by the map's size, 1 to 10)")
      ("layout-iterations", po::value<std::string>()->default_value("500")->value_name(kCountArg),
       "Fruchterman-Reingold iterations of the map's layout (at most; larger maps get fewer)");
  // clang-format on
  return options;
}

po::options_description time_options() {
  po::options_description options("The literature over time (bursts.csv, main_path.*, slices.*)");
  // clang-format off
  options.add_options()
      ("burst-s", po::value<std::string>()->default_value("2")->value_name("X"),
       "Kleinberg bursts: the bursty rate's multiple of the base rate (> 1)")
      ("burst-gamma", po::value<std::string>()->default_value("1")->value_name("X"),
       "Kleinberg bursts: the cost of entering a burst, in units of ln(years) (>= 0)")
      ("burst-min-duration", po::value<std::string>()->default_value("2")->value_name(kCountArg),
       "shortest burst reported, in years (>= 1)")
      ("main-path-weight", po::value<std::string>()->default_value("spc"),
       "the arc weight main paths follow: spc, splc or spnp")
      ("key-routes", po::value<std::string>()->default_value("10")->value_name(kCountArg),
       "key-route main paths from the K heaviest citations (0 = none)")
      ("historiograph-size", po::value<std::string>()->default_value("30")->value_name(kCountArg),
       "the historiograph keeps the N sources most cited by other sources (0 = all)")
      ("slice-years", po::value<std::string>()->default_value("1")->value_name(kCountArg),
       "time slices of N years from the earliest citing year (0 = none): per slice the works "
       "--slice-select picks and their co-citation links, merged into slices.graphml/.gexf")
      ("slice-select", po::value<std::string>()->default_value("g-index=25")->value_name("RULE"),
       "the works of each time slice: g-index=K (the g most cited, g^2 <= K times their "
       "citations), top=N (the N most cited) or top-percent=P (the P% most cited)");
  // clang-format on
  return options;
}

po::options_description distribution_options() {
  po::options_description options("Distributions");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("year", po::value<std::vector<std::string>>()->composing(),
       "NAME=YYYY: the citing year of corpus NAME's sources where their records give none "
       "(for citation age and the Price index); repeatable");
  // clang-format on
  return options;
}

// The options of one command, as its --help lists them.
po::options_description command_options(Command command) {
  po::options_description options;
  options.add(read_options());
  if (command == Command::kInspect) return options;
  options.add(run_options(command));
  if (command == Command::kAnalyze || command == Command::kCocite ||
      command == Command::kCentrality) {
    options.add(pair_options(command));
  }
  if (command == Command::kAnalyze || command == Command::kCentrality) {
    options.add(centrality_options());
  }
  if (command == Command::kAnalyze) {
    options.add(map_options());
    options.add(time_options());
  }
  if (command == Command::kAnalyze || command == Command::kDistributions) {
    options.add(distribution_options());
  }
  return options;
}

// An integer option in [low, high]; UsageError naming the option otherwise (also for "-1",
// "1e3", "12abc" and empty text).
std::uint64_t parse_integer(const po::variables_map& vm, const char* name, std::uint64_t low,
                            std::uint64_t high) {
  const std::string text = vm[name].as<std::string>();
  const bool digits =
      !text.empty() && text.size() <= 19 && std::all_of(text.begin(), text.end(), ascii::is_digit);
  const std::uint64_t value = digits ? std::stoull(text) : 0;
  if (!digits || value < low || value > high) {
    throw UsageError(std::string("--") + name + ": expected an integer from " +
                     std::to_string(low) + " to " + std::to_string(high) + ", got '" + text + "'");
  }
  return value;
}

// A finite decimal number; UsageError naming the option for "nan", "inf" or text.
double parse_real(const po::variables_map& vm, const char* name) {
  const std::string text = vm[name].as<std::string>();
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value)) {
    throw UsageError(std::string("--") + name + ": expected a finite number, got '" + text + "'");
  }
  return value;
}

bool has(const po::variables_map& vm, const char* name) { return vm.count(name) > 0; }

std::string corpus_name_for(const std::string& path) {
  if (path == "-") return "stdin";
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();
  // "pubmed22n1115.xml.gz" -> "pubmed22n1115"
  const auto dot = name.find('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name.empty() ? path : name;
}

// Parses NAME=VALUE; throws UsageError naming the option.
std::pair<std::string, std::string> split_assignment(const std::string& option,
                                                     const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    throw UsageError("--" + option + ": expected NAME=VALUE, got '" + spec + "'");
  }
  return {spec.substr(0, eq), spec.substr(eq + 1)};
}

void parse_pair_options(const po::variables_map& vm, Config& config) {
  PairParams& pairs = config.pairs;
  try {
    config.weight = parse_normalization(vm["normalization"].as<std::string>());
    pairs.counting = parse_counting(vm["counting"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
  constexpr std::uint64_t kMax32 = 0xFFFFFFFFull;
  pairs.rank_by = config.weight;
  pairs.min_count = static_cast<std::uint32_t>(parse_integer(vm, "min-count", 0, kMax32));
  pairs.min_citations = static_cast<std::uint32_t>(parse_integer(vm, "min-citations", 0, kMax32));
  pairs.top_per_node = static_cast<std::uint32_t>(parse_integer(vm, "top-per-node", 0, kMax32));
  pairs.top = parse_integer(vm, "top", 0, std::numeric_limits<std::int64_t>::max());
  pairs.witnesses = !has(vm, "no-witnesses");
  if (has(vm, "witness-limit")) {
    pairs.witness_limit =
        parse_integer(vm, "witness-limit", 0, std::numeric_limits<std::int64_t>::max());
  }
  pairs.threads = config.threads;
  config.coupling = has(vm, "coupling");
  config.stream = has(vm, "stream");
  // MiB, kept below 2^44 so that the byte count cannot overflow.
  config.max_pair_memory_mb = parse_integer(vm, "max-pair-memory", 0, 1ull << 43);
  if (has(vm, "seed-works")) {
    for (const std::string& list : vm["seed-works"].as<std::vector<std::string>>()) {
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        // At most 10 characters (so "00000000001" is refused though parse_pmid takes it): kept
        // from the option's own parser.
        Pmid pmid = 0;
        if (item.size() > 10 || parse_pmid(item, pmid) != PmidParse::kOk) {
          throw UsageError("--seed-works: expected PMIDs separated by commas, got '" + item + "'");
        }
        config.seed_works.push_back(pmid);
        start = comma + 1;
      }
    }
  }
  try {
    pairs.validate();
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
}

void parse_centrality_options(const po::variables_map& vm, Config& config) {
  constexpr std::uint64_t kMax32 = 0xFFFFFFFFull;
  CentralityParams& c = config.centrality;
  c.damping = parse_real(vm, "damping");
  if (c.damping < 0.0 || c.damping >= 1.0) {
    throw UsageError("--damping: expected a number in [0, 1), got '" +
                     vm["damping"].as<std::string>() + "'");
  }
  c.tolerance = parse_real(vm, "tolerance");
  if (c.tolerance <= 0.0) {
    throw UsageError("--tolerance: expected a number > 0, got '" +
                     vm["tolerance"].as<std::string>() + "'");
  }
  c.max_iterations = static_cast<unsigned>(parse_integer(vm, "max-iterations", 1, kMax32));
  c.exact_betweenness_limit = c.exact_closeness_limit =
      static_cast<std::uint32_t>(parse_integer(vm, "exact-limit", 0, kMax32));
  c.betweenness_samples = c.closeness_samples =
      static_cast<std::uint32_t>(parse_integer(vm, "samples", 1, kMax32));
  c.normalized_betweenness = has(vm, "normalized-betweenness");
  c.weighted_betweenness = !has(vm, "unweighted-betweenness");
  c.seed = config.seed;
  c.threads = config.threads;
  if (has(vm, "measures")) {
    try {
      c.measures = parse_measures(vm["measures"].as<std::string>());
    } catch (const InvalidArgument& e) {
      throw UsageError(std::string("--measures: ") + e.what());
    }
    if (c.measures.empty()) throw UsageError("--measures: no measure named");
    config.measures_chosen = true;
  }
  try {
    c.validate();
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
}

void parse_map_options(const po::variables_map& vm, Config& config) {
  constexpr std::uint64_t kMax32 = 0xFFFFFFFFull;
  config.map_size = static_cast<std::uint32_t>(parse_integer(vm, "map-size", 0, kMax32));
  try {
    config.clustering.objective =
        parse_cluster_objective(vm["cluster-objective"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(std::string("--cluster-objective: ") + e.what());
  }
  config.clustering.resolution = parse_real(vm, "resolution");
  if (config.clustering.resolution <= 0.0) {
    throw UsageError("--resolution: expected a number > 0, got '" +
                     vm["resolution"].as<std::string>() + "'");
  }
  config.clustering.restarts =
      static_cast<std::uint32_t>(parse_integer(vm, "cluster-restarts", 0, 1000));
  config.layout.iterations =
      static_cast<std::uint32_t>(parse_integer(vm, "layout-iterations", 1, 100000));
}

void parse_time_options(const po::variables_map& vm, Config& config) {
  BurstParams& b = config.bursts;
  b.s = parse_real(vm, "burst-s");
  b.gamma = parse_real(vm, "burst-gamma");
  b.min_duration = static_cast<std::uint32_t>(parse_integer(vm, "burst-min-duration", 1, 1000));
  try {
    b.validate();
    config.main_path.weight = parse_main_path_weight(vm["main-path-weight"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
  config.main_path.key_routes =
      static_cast<std::uint32_t>(parse_integer(vm, "key-routes", 0, 1000000));
  config.historiograph.top =
      static_cast<std::uint32_t>(parse_integer(vm, "historiograph-size", 0, 0xFFFFFFFFull));
  config.slices.years = static_cast<std::uint32_t>(parse_integer(vm, "slice-years", 0, 1000));
  try {
    parse_slice_rule(vm["slice-select"].as<std::string>(), config.slices);
  } catch (const InvalidArgument& e) {
    throw UsageError(std::string("--slice-select: ") + e.what());
  }
}

void parse_distribution_options(const po::variables_map& vm, Config& config) {
  if (!has(vm, "year")) return;
  for (const std::string& spec : vm["year"].as<std::vector<std::string>>()) {
    const auto [name, value] = split_assignment("year", spec);
    int year = 0;
    const bool digits =
        value.size() == 4 && std::all_of(value.begin(), value.end(), ascii::is_digit);
    if (digits) year = std::stoi(value);
    if (!digits || year < 1000) {
      throw UsageError("--year: expected NAME=YYYY with a 4-digit year, got '" + spec + "'");
    }
    config.citing_years.emplace_back(name, year);
  }
}

// Each one-pass command writes one table; --table picks it where there are several.
void check_table(Config& config) {
  std::vector<std::string> allowed;
  switch (config.command) {
    case Command::kOverlap:
      allowed = {"overlap", "shared"};
      break;
    case Command::kCentrality:
      allowed = {"citation", "cocitation"};
      break;
    case Command::kDistributions:
      allowed = {"journals", "years"};
      break;
    default:
      if (!config.table.empty())
        throw UsageError("--table: only for overlap, centrality and distributions");
      return;
  }
  if (config.table.empty()) config.table = allowed.front();
  if (std::find(allowed.begin(), allowed.end(), config.table) == allowed.end()) {
    throw UsageError("--table: expected " + allowed[0] + " or " + allowed[1] + ", got '" +
                     config.table + "'");
  }
}

// centrality writes one table: --measures must name at least one measure of its graph.
void check_measures(const Config& config) {
  if (config.command != Command::kCentrality || !config.measures_chosen) return;
  const bool cocitation = config.table == "cocitation";
  const Measures applicable =
      cocitation ? pipeline::kCocitationMeasures : pipeline::kCitationMeasures;
  for (const Measure m : kAllMeasures) {
    if (applicable.has(m) && config.centrality.measures.has(m)) return;
  }
  throw UsageError("--measures " + measure_list(config.centrality.measures) + ": none is a " +
                   "measure of the " + (cocitation ? "co-citation network" : "citation graph") +
                   " (" + measure_list(applicable) + ")");
}

}  // namespace

namespace {

// The command a command line names first; UsageError for anything else.
Command parse_command_name(const std::string& first) {
  // clang-format off
  const std::pair<const char*, Command> commands[] = {
      {"analyze", Command::kAnalyze},       {"inspect", Command::kInspect},
      {"cocite", Command::kCocite},         {"overlap", Command::kOverlap},
      {"centrality", Command::kCentrality}, {"distributions", Command::kDistributions},
      {"build", Command::kBuild}};
  // clang-format on
  for (const auto& [name, value] : commands) {
    if (first == name) return value;
  }
  if (!first.empty() && first.front() == '-') {
    throw UsageError("the command comes first: citegraph COMMAND [options] (got '" + first +
                     "'; see citegraph --help)");
  }
  throw UsageError(
      "unknown command '" + first +
      "' (expected analyze, inspect, cocite, overlap, centrality, distributions or build)");
}

// The input and run options every command shares.
void parse_run_flags(const po::variables_map& vm, Config& config) {
  try {
    config.format = io::parse_format(vm["format"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(std::string("--format: ") + e.what());
  }
  if (has(vm, "out")) {
    const std::string out = vm["out"].as<std::string>();
    if (out.empty()) throw UsageError("--out: the output path must not be empty");
    config.out_dir = out;
    config.out_file = out == "-" ? std::string() : out;
  }
  if (has(vm, "metadata")) config.metadata = vm["metadata"].as<std::vector<std::string>>();
  if (has(vm, "include")) config.include = vm["include"].as<std::vector<std::string>>();
  if (has(vm, "exclude")) config.exclude = vm["exclude"].as<std::vector<std::string>>();
  config.strict = has(vm, "strict");
  config.quiet = has(vm, "quiet");
  config.verbose = has(vm, "verbose");
  config.provenance = !has(vm, "no-provenance");
  if (has(vm, "formats")) {
    try {
      config.formats = pipeline::parse_output_formats(vm["formats"].as<std::string>());
    } catch (const InvalidArgument& e) {
      throw UsageError(std::string("--formats: ") + e.what());
    }
  }
  if (has(vm, "threads")) {
    config.threads =
        static_cast<unsigned>(parse_integer(vm, "threads", 0, PairParams::kMaxThreads));
    if (config.threads == 0) config.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  if (has(vm, "seed")) {
    config.seed = parse_integer(vm, "seed", 0, std::numeric_limits<std::int64_t>::max());
  }
}

// The inputs (--corpus NAME=PATH and positional PATHs), their corpora, and the checks on them.
void parse_inputs(const po::variables_map& vm, const std::string& command, Config& config) {
  auto add_input = [&config](const std::string& corpus, const std::string& path) {
    config.inputs.push_back(InputSpec{corpus, path});
    if (std::find(config.corpus_order.begin(), config.corpus_order.end(), corpus) ==
        config.corpus_order.end()) {
      config.corpus_order.push_back(corpus);
    }
  };
  if (vm.count("corpus")) {
    for (const std::string& spec : vm["corpus"].as<std::vector<std::string>>()) {
      const auto [name, path] = split_assignment("corpus", spec);
      add_input(name, path);
    }
  }
  if (vm.count("inputs")) {
    for (const std::string& path : vm["inputs"].as<std::vector<std::string>>()) {
      add_input(corpus_name_for(path), path);
    }
  }
  if (config.inputs.empty()) throw UsageError(command + ": no input given (see citegraph --help)");
  const auto stdin_inputs = std::count_if(config.inputs.begin(), config.inputs.end(),
                                          [](const InputSpec& in) { return in.path == "-"; });
  if (stdin_inputs > 1) throw UsageError("standard input (-) can be given only once");
  // A snapshot's corpora are in the file: load_snapshot checks --year against them.
  const bool snapshot = config.inputs.size() == 1 && is_snapshot_file(config.inputs[0].path);
  for (const auto& [name, year] : config.citing_years) {
    if (!snapshot && std::find(config.corpus_order.begin(), config.corpus_order.end(), name) ==
                         config.corpus_order.end()) {
      throw UsageError("--year: no corpus named '" + name + "'");
    }
  }
  if (config.corpus_order.size() > kMaxCorpora) {
    throw UsageError(std::to_string(config.corpus_order.size()) + " corpora, at most " +
                     std::to_string(kMaxCorpora) +
                     ": each PATH given without --corpus is a corpus of its own; give the "
                     "directory that holds the files (one corpus), or --corpus NAME=PATH for "
                     "each group of files");
  }
}

// What the options allow only together, or only for one command.
void check_run(Config& config) {
  check_table(config);
  check_measures(config);
  if (config.command == Command::kBuild) {
    if (config.out_file.empty())
      throw UsageError("build: --out FILE.cgraph is required (a snapshot is a file to map)");
    if (config.out_file.ends_with(".gz")) {
      throw UsageError("--out: a snapshot is memory-mapped and cannot be gzip-compressed");
    }
  }
  if (config.stream && (config.pairs.top > 0 || config.pairs.top_per_node > 0)) {
    throw UsageError("--stream: --top and --top-per-node need every pair before any is written");
  }
}

}  // namespace

Config parse_command_line(int argc, const char* const argv[]) {
  Config config;
  for (int i = 0; i < argc; ++i) config.argv.emplace_back(argv[i]);
  const std::string first = argc > 1 ? argv[1] : "";
  std::ostringstream overview;
  overview << kUsage << '\n'
           << read_options()
           << "\nRun 'citegraph COMMAND --help' for all the options of a command.\n";
  if (first.empty() || first == "--help" || first == "-h" || first == "help") {
    if (first.empty()) throw UsageError("no command given (see citegraph --help)");
    config.command = Command::kHelp;
    config.help_text = overview.str();
    return config;
  }
  if (first == "--version") {
    config.command = Command::kVersion;
    return config;
  }
  config.command = parse_command_name(first);
  const std::string& command = first;

  const po::options_description visible = command_options(config.command);
  po::options_description hidden;
  hidden.add_options()("inputs", po::value<std::vector<std::string>>()->composing(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("inputs", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(all).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError(std::string(e.what()) + ": not an option of '" + command +
                     "' (see citegraph " + command + " --help)");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see citegraph " + command + " --help)");
  }

  if (has(vm, "help")) {
    std::ostringstream help;
    help << "Usage: citegraph " << command
         << (config.command == Command::kInspect ? " [options] PATH...\n"
             : config.command == Command::kBuild
                 ? " [options] [--corpus NAME=PATH]... [PATH]... --out FILE.cgraph\n"
                 : " [options] [--corpus NAME=PATH]... [PATH]...\n")
         << visible;
    config.help_text = help.str();
    config.command = Command::kHelp;
    return config;
  }

  parse_run_flags(vm, config);
  if (has(vm, "min-count")) parse_pair_options(vm, config);
  if (has(vm, "damping")) parse_centrality_options(vm, config);
  config.pairs.threads = config.centrality.threads = config.threads;
  config.centrality.seed = config.seed;
  if (has(vm, "map-size")) parse_map_options(vm, config);
  if (has(vm, "burst-s")) parse_time_options(vm, config);
  parse_distribution_options(vm, config);
  if (has(vm, "table")) config.table = vm["table"].as<std::string>();

  parse_inputs(vm, command, config);
  check_run(config);
  return config;
}

}  // namespace citegraph::app
