// build: every input read once into the graph, written as a snapshot (.cgraph) that later runs
// memory-map (citegraph/pipeline/snapshot.hpp).
#include <cstdio>

#include "apps/commands.hpp"
#include "apps/progress.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/snapshot.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/write/atomic_file.hpp"

namespace citegraph::app {

using namespace pipeline;

int run_build(const Config& config) {
  Progress progress(config.quiet);
  // Opened first: an unwritable --out fails before the inputs are read.
  io::OutputFile out(config.out_file);
  const Loaded loaded = load(config, progress);
  progress.status("writing " + config.out_file);
  pipeline::write_snapshot(out.stream(), loaded, config.threads);
  out.commit();
  progress.done();
  if (!config.quiet) {
    print_load_issues(stderr, loaded, input_warnings(loaded), config.verbose);
    std::uint64_t skipped = loaded.build_diagnostics.skipped();
    for (const LoadedInput& input : loaded.inputs) skipped += input.report.diagnostics.skipped();
    std::printf("citegraph: %zu input(s), %zu corpora: %u works, %llu citations, %llu skipped\n",
                loaded.inputs.size(), loaded.graph.corpora().size(), loaded.graph.num_nodes(),
                static_cast<unsigned long long>(loaded.graph.num_edges()),
                static_cast<unsigned long long>(skipped));
    std::printf("  wrote %s\n", config.out_file.c_str());
  }
  return 0;
}

}  // namespace citegraph::app
