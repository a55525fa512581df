// The run model shared by every front end (the citegraph command line, the HTML report, the MPI
// front end): what to read, which parameters each pass takes, where outputs go. A front end
// fills a RunConfig (the command line straight from its options) and calls the pipeline:
//   load() -> run_passes() -> tables (tables.hpp) -> writers (citegraph/write/writers.hpp)
//   and write_summary() (summary.hpp).
// The pipeline never prints: what a person should see goes through a Reporter.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "citegraph/analysis/bursts.hpp"
#include "citegraph/analysis/centrality.hpp"
#include "citegraph/analysis/clustering.hpp"
#include "citegraph/analysis/historiograph.hpp"
#include "citegraph/analysis/layout.hpp"
#include "citegraph/analysis/main_path.hpp"
#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/analysis/time_slices.hpp"
#include "citegraph/read/format.hpp"

namespace citegraph::pipeline {

// One input path and the corpus it belongs to.
struct InputSpec {
  std::string corpus;
  std::string path;
  bool from_directory = false;  // found by expanding a directory given on the command line
  // The PATH as the command line gave it: the directory for the files found in it ("" = path).
  std::string given = {};
};

struct RunConfig {
  std::vector<InputSpec> inputs;          // in command-line order
  std::vector<std::string> corpus_order;  // corpus names in first-seen order
  io::Format format = io::Format::kAuto;
  // Files found in directories: glob patterns (fnmatch) on the file name, or on the path below
  // the directory when the pattern has a '/'. A file is read when it matches some include
  // pattern (or none are given) and no exclude pattern. Files named on the command line are
  // always read.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // --metadata: files (or directories) whose records only describe works (titles, journals,
  // years) — e.g. an NBIB of the cited works of an OCC/iCite pairs file. They make no work a
  // source of any corpus and add no citation (GraphBuilder::add_metadata).
  std::vector<std::string> metadata;
  std::string out_dir = "citegraph-out";  // analyze: a directory
  // analyze --formats: the graph files write_analysis writes (report.html and summary.json
  // always). csv: every CSV table; vosviewer: cocitation_map.txt, cocitation_network.txt,
  // cocitation.vos.json; pajek: citation.net, cocitation.net, .clu, .vec.
  struct Formats {
    bool graphml = true;
    bool gexf = true;
    bool csv = true;
    bool vosviewer = true;
    bool pajek = true;
  } formats;
  std::string out_file;  // one-pass commands: a file, "" = standard output
  bool strict = false;
  bool quiet = false;
  bool provenance = true;
  unsigned threads = 1;
  std::uint64_t seed = 1;
  std::vector<std::string> argv;  // the command line as given, for summary.json

  // Co-citation / coupling (citegraph/analysis/pair_counts.hpp).
  PairParams pairs;
  Normalization weight = Normalization::kCount;  // the `weight` of cocitation.graphml
  bool coupling = false;                         // cocite: coupling of sources instead
  bool stream = false;                           // cocite: write pairs as they are computed
  std::vector<Pmid> seed_works;                  // --seed-works: PMIDs; pairs touching them
  std::uint64_t max_pair_memory_mb = 8192;       // refuse stored pair runs estimated above
  // Centrality (citegraph/analysis/centrality.hpp). centrality.measures is what --measures
  // named when measures_chosen; otherwise each graph gets every measure when its sums over
  // sources are exact and the cheap ones beyond --exact-limit (choose_measures, passes.hpp).
  CentralityParams centrality;
  bool measures_chosen = false;
  // The co-citation map (cocitation.graphml/.gexf, report.html): the `map_size` works in
  // co-citation pairs with the most citations (ties by node id; 0 = all) and their pairs,
  // clustered (Leiden) and laid out with the run's seed.
  std::uint32_t map_size = 1000;
  ClusterParams clustering;
  LayoutParams layout;
  // The literature over time (citegraph/analysis/bursts.hpp, main_path.hpp): citation and term
  // bursts, main paths of the citation DAG.
  BurstParams bursts;
  MainPathParams main_path;
  HistoriographParams historiograph;
  SliceParams slices;  // time slices (citegraph/analysis/time_slices.hpp)
  // Distributions: the citing year per corpus name, from --year NAME=YYYY.
  std::vector<std::pair<std::string, int>> citing_years;
  // One-pass commands with several tables: which one.
  std::string table;
};

// What a run tells a person while it works. The default does nothing (a silent library run);
// the command line shows status lines on a terminal and notes on stderr.
class Reporter {
 public:
  virtual ~Reporter() = default;
  // A transient status line ("reading PATH", "co-citation"); replaced by the next one.
  virtual void status(const std::string& /*text*/) {}
  // The current stage is over; clears the status line.
  virtual void done() {}
  // A line worth keeping: a pre-run estimate, an ignored option value.
  virtual void note(const std::string& /*text*/) {}
};

}  // namespace citegraph::pipeline
