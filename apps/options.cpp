#include "apps/options.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "citegraph/graph/error.hpp"

namespace po = boost::program_options;

namespace citegraph::app {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  citegraph analyze [options] [--corpus NAME=PATH]... [PATH]...\n"
    "  citegraph inspect [options] PATH...\n"
    "  citegraph cocite|overlap|centrality|distributions [options] [--corpus NAME=PATH]... "
    "[PATH]...\n"
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
    "\n"
    "A PATH is a file (plain or gzip'd, detected by content), a directory (read\n"
    "recursively, files in name order) or - for standard input. Inputs given without\n"
    "--corpus form a corpus named after the file (its name without extensions).\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 input error, 3 output error, 4 internal error.\n";

po::options_description input_options() {
  po::options_description options("Input and output");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("corpus,c", po::value<std::vector<std::string>>()->composing(),
       "NAME=PATH: add PATH (file, directory or -) to corpus NAME; repeatable")
      ("format,f", po::value<std::string>()->default_value("auto"),
       "input format: auto|pubmed-page|medline|pubmed-xml|jats|pairs (auto detects by content)")
      ("out,o", po::value<std::string>(),
       "analyze: output directory (default citegraph-out, created if missing); one-pass "
       "commands: output file (default standard output)")
      ("strict", "a malformed record is an error (exit 2) instead of a counted, reported skip")
      ("quiet,q", "print nothing but errors")
      ("no-provenance", "leave run-specific facts (command line, time) out of summary.json so "
       "that identical inputs give byte-identical outputs")
      ("threads,t", po::value<unsigned>()->default_value(1),
       "worker threads (0 = all cores); results do not depend on it")
      ("seed", po::value<std::uint64_t>()->default_value(1),
       "seed for every randomised step (sampled betweenness and closeness)")
      ("table", po::value<std::string>(),
       "one-pass commands: which table (overlap: overlap|shared; centrality: "
       "citation|cocitation; distributions: journals|years)");
  // clang-format on
  return options;
}

po::options_description pair_options() {
  po::options_description options("Co-citation and coupling");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("coupling", "cocite: bibliographic coupling of sources instead of co-citation")
      ("normalization", po::value<std::string>()->default_value("count"),
       "the co-citation Weight: count|association|cosine|jaccard|inclusion; also ranks "
       "--top and --top-per-node")
      ("counting", po::value<std::string>()->default_value("full"),
       "full (each co-citing source adds 1) or fractional (adds 1/(k-1) for k references)")
      ("min-count", po::value<std::uint32_t>()->default_value(1),
       "drop pairs co-cited (coupled) by fewer sources")
      ("min-citations", po::value<std::uint32_t>()->default_value(1),
       "ignore works cited by fewer sources (coupling: sources with fewer references)")
      ("top-per-node", po::value<std::uint32_t>()->default_value(0),
       "keep each work's K strongest pairs (0 = all); a pair stays if either end keeps it")
      ("top", po::value<std::uint64_t>()->default_value(0), "keep the K strongest pairs overall (0 = all)")
      ("no-witnesses", "leave out the citing (coupling: cited) ids behind each pair")
      ("seed-works", po::value<std::vector<std::string>>()->composing(),
       "PMID[,PMID...]: only pairs with at least one of these works (coupling: sources); "
       "only their rows are computed; repeatable")
      ("stream", "cocite: write pairs as they are computed, in row order; memory does not "
       "grow with the output (no --top, --top-per-node)")
      ("max-pair-memory", po::value<std::uint64_t>()->default_value(8192),
       "MiB: refuse, before counting, a co-citation or coupling run whose pre-run estimate "
       "for the given options (pairs kept, chunks in flight, output tables, witnesses) is "
       "larger; --min-count, --seed-works, --top-per-node, --no-witnesses and --stream lower "
       "the estimate, none bypasses it; 0 = no limit");
  // clang-format on
  return options;
}

po::options_description centrality_options() {
  po::options_description options("Centrality");
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("damping", po::value<double>()->default_value(0.85, "0.85"), "PageRank damping factor")
      ("tolerance", po::value<double>()->default_value(1e-10, "1e-10"),
       "L1 change that ends PageRank, HITS and eigenvector iterations")
      ("max-iterations", po::value<unsigned>()->default_value(1000), "iteration limit (reported)")
      ("exact-limit", po::value<std::uint32_t>()->default_value(20000),
       "betweenness and harmonic closeness are exact up to this many nodes, sampled beyond")
      ("samples", po::value<std::uint32_t>()->default_value(500),
       "pivots sampled beyond --exact-limit (sample size and --seed are reported)")
      ("normalized-betweenness", "divide betweenness by the number of node pairs")
      ("unweighted-betweenness",
       "co-citation betweenness by hop count instead of length 1/weight");
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

void parse_analysis_options(const po::variables_map& vm, Config& config) {
  PairParams& pairs = config.pairs;
  try {
    config.weight = parse_normalization(vm["normalization"].as<std::string>());
    pairs.counting = parse_counting(vm["counting"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
  pairs.rank_by = config.weight;
  pairs.min_count = vm["min-count"].as<std::uint32_t>();
  pairs.min_citations = vm["min-citations"].as<std::uint32_t>();
  pairs.top_per_node = vm["top-per-node"].as<std::uint32_t>();
  pairs.top = vm["top"].as<std::uint64_t>();
  pairs.witnesses = vm.count("no-witnesses") == 0;
  pairs.threads = config.threads;
  config.coupling = vm.count("coupling") > 0;
  config.stream = vm.count("stream") > 0;
  config.max_pair_memory_mb = vm["max-pair-memory"].as<std::uint64_t>();
  if (vm.count("seed-works")) {
    for (const std::string& list : vm["seed-works"].as<std::vector<std::string>>()) {
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        const bool digits =
            !item.empty() && item.size() <= 10 &&
            std::all_of(item.begin(), item.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        const std::uint64_t value = digits ? std::stoull(item) : 0;
        if (value == 0 || value > 0xFFFFFFFFull) {
          throw UsageError("--seed-works: expected PMIDs separated by commas, got '" + item + "'");
        }
        config.seed_works.push_back(static_cast<Pmid>(value));
        start = comma + 1;
      }
    }
  }

  CentralityParams& c = config.centrality;
  c.damping = vm["damping"].as<double>();
  c.tolerance = vm["tolerance"].as<double>();
  c.max_iterations = vm["max-iterations"].as<unsigned>();
  c.exact_betweenness_limit = c.exact_closeness_limit = vm["exact-limit"].as<std::uint32_t>();
  c.betweenness_samples = c.closeness_samples = vm["samples"].as<std::uint32_t>();
  c.normalized_betweenness = vm.count("normalized-betweenness") > 0;
  c.weighted_betweenness = vm.count("unweighted-betweenness") == 0;
  c.seed = config.seed;
  c.threads = config.threads;
  try {
    pairs.validate();
    c.validate();
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }

  if (vm.count("year")) {
    for (const std::string& spec : vm["year"].as<std::vector<std::string>>()) {
      const auto [name, value] = split_assignment("year", spec);
      int year = 0;
      const bool digits = value.size() == 4 && std::all_of(value.begin(), value.end(), [](char ch) {
                            return ch >= '0' && ch <= '9';
                          });
      if (digits) year = std::stoi(value);
      if (!digits || year < 1000) {
        throw UsageError("--year: expected NAME=YYYY with a 4-digit year, got '" + spec + "'");
      }
      config.citing_years.emplace_back(name, year);
    }
  }
  if (vm.count("table")) config.table = vm["table"].as<std::string>();
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

}  // namespace

Config parse_command_line(int argc, const char* const argv[]) {
  Config config;
  for (int i = 0; i < argc; ++i) config.argv.emplace_back(argv[i]);

  po::options_description visible;
  visible.add(input_options())
      .add(pair_options())
      .add(centrality_options())
      .add(distribution_options());
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>(), "")(
      "inputs", po::value<std::vector<std::string>>()->composing(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("inputs", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see citegraph --help)");
  }

  std::ostringstream help;
  help << kUsage << '\n' << visible;
  config.help_text = help.str();
  if (vm.count("help")) {
    config.command = Command::kHelp;
    return config;
  }
  if (vm.count("version")) {
    config.command = Command::kVersion;
    return config;
  }
  if (!vm.count("command")) throw UsageError("no command given (see citegraph --help)");
  const std::string command = vm["command"].as<std::string>();
  const std::pair<const char*, Command> commands[] = {
      {"analyze", Command::kAnalyze},       {"inspect", Command::kInspect},
      {"cocite", Command::kCocite},         {"overlap", Command::kOverlap},
      {"centrality", Command::kCentrality}, {"distributions", Command::kDistributions}};
  if (command == "help") {
    config.command = Command::kHelp;
    return config;
  }
  bool known = false;
  for (const auto& [name, value] : commands) {
    if (command == name) {
      config.command = value;
      known = true;
    }
  }
  if (!known) {
    throw UsageError("unknown command '" + command +
                     "' (expected analyze, inspect, cocite, overlap, centrality or distributions)");
  }

  try {
    config.format = io::parse_format(vm["format"].as<std::string>());
  } catch (const InvalidArgument& e) {
    throw UsageError(std::string("--format: ") + e.what());
  }
  if (vm.count("out")) {
    const std::string out = vm["out"].as<std::string>();
    if (out.empty()) throw UsageError("--out: the output path must not be empty");
    config.out_dir = out;
    config.out_file = out == "-" ? std::string() : out;
  }
  config.strict = vm.count("strict") > 0;
  config.quiet = vm.count("quiet") > 0;
  config.provenance = vm.count("no-provenance") == 0;
  config.threads = vm["threads"].as<unsigned>();
  if (config.threads == 0) config.threads = std::max(1u, std::thread::hardware_concurrency());
  if (config.threads > 1024)
    throw UsageError("--threads: at most 1024, got " + std::to_string(config.threads));
  config.seed = vm["seed"].as<std::uint64_t>();
  parse_analysis_options(vm, config);

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
  for (const auto& [name, year] : config.citing_years) {
    if (std::find(config.corpus_order.begin(), config.corpus_order.end(), name) ==
        config.corpus_order.end()) {
      throw UsageError("--year: no corpus named '" + name + "'");
    }
  }
  check_table(config);
  if (config.stream && config.command != Command::kCocite) {
    throw UsageError("--stream: only for cocite");
  }
  if (config.stream && (config.pairs.top > 0 || config.pairs.top_per_node > 0)) {
    throw UsageError("--stream: --top and --top-per-node need every pair before any is written");
  }
  return config;
}

}  // namespace citegraph::app
