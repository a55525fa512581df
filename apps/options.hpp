// The command line: Program_options straight into a Config (OSRM style). Usage errors throw
// UsageError, which main maps to exit status 1.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/io/format.hpp"

namespace citegraph::app {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Command {
  kAnalyze,
  kInspect,
  kCocite,
  kOverlap,
  kCentrality,
  kDistributions,
  kHelp,
  kVersion
};

// One input path and the corpus it belongs to.
struct InputSpec {
  std::string corpus;
  std::string path;
};

struct Config {
  Command command = Command::kHelp;
  std::string help_text;                  // filled for kHelp
  std::vector<InputSpec> inputs;          // in command-line order
  std::vector<std::string> corpus_order;  // corpus names in first-seen order
  io::Format format = io::Format::kAuto;
  std::string out_dir = "citegraph-out";  // analyze: a directory
  std::string out_file;                   // one-pass commands: a file, "" = standard output
  bool strict = false;
  bool quiet = false;
  bool provenance = true;
  unsigned threads = 1;
  std::uint64_t seed = 1;
  std::vector<std::string> argv;  // as given, for summary.json

  // Co-citation / coupling (analysis/pair_counts.hpp).
  PairParams pairs;
  Normalization weight = Normalization::kCount;  // the `weight` of cocitation.graphml
  bool coupling = false;                         // cocite: coupling of sources instead
  bool stream = false;                           // cocite: write pairs as they are computed
  std::vector<Pmid> seed_works;                  // --seed-works: PMIDs; pairs touching them
  std::uint64_t max_pair_memory_mb = 8192;       // refuse stored pair runs estimated above
  // Centrality (analysis/centrality.hpp).
  CentralityParams centrality;
  // Distributions: the citing year per corpus name, from --year NAME=YYYY.
  std::vector<std::pair<std::string, int>> citing_years;
  // One-pass commands with several tables: which one.
  std::string table;
};

// Throws UsageError with a message that names the bad option or value.
Config parse_command_line(int argc, const char* const argv[]);

}  // namespace citegraph::app
