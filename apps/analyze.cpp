// analyze: every pass, every output file (pipeline/outputs.hpp).
#include <cstdio>
#include <filesystem>
#include <memory>

#include "apps/commands.hpp"
#include "apps/progress.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/outputs.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "citegraph/pipeline/summary.hpp"

namespace fs = std::filesystem;

namespace citegraph::app {

using namespace pipeline;

int run_analyze(const Config& config) {
  Progress progress(config.quiet);
  const std::unique_ptr<io::OutputDir> out = open_analysis_output(config);
  const Loaded loaded = load(config, progress);
  const CitationGraph& graph = loaded.graph;
  const AnalysisResults results = run_passes(graph, config, PassSelection{}, progress);
  std::vector<std::string> warnings = input_warnings(loaded);
  for (std::string& warning : run_warnings(loaded, results.overlap)) {
    warnings.push_back(std::move(warning));
  }

  const std::vector<std::string> outputs =
      pipeline::write_analysis(*out, config, loaded, results, warnings, progress);

  if (!config.quiet) {
    print_load_issues(stderr, loaded, warnings, config.verbose);
    std::uint64_t skipped = loaded.build_diagnostics.skipped();
    for (const LoadedInput& input : loaded.inputs) skipped += input.report.diagnostics.skipped();
    std::printf("citegraph: %zu input(s), %zu corpora: %u works, %llu citations, %llu skipped\n",
                loaded.inputs.size(), graph.corpora().size(), graph.num_nodes(),
                static_cast<unsigned long long>(graph.num_edges()),
                static_cast<unsigned long long>(skipped));
    std::printf("  %zu co-citation pairs, %zu coupling pairs\n", results.cocitation.pairs.size(),
                results.coupling.pairs.size());
    for (const std::string& name : outputs) {
      std::printf("  wrote %s\n", (fs::path(config.out_dir) / name).string().c_str());
    }
  }
  return 0;
}

}  // namespace citegraph::app
