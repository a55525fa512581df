// A run from a `.cgraph` snapshot (citegraph/graph/snapshot.hpp) instead of its inputs, and the
// snapshot `citegraph build` writes.
//
// The rule: a snapshot is recognised by its content (its magic bytes), wherever it is named, and
// must be the only input of the run (no other PATH, no --corpus, no --metadata); its corpora
// are those stored in it, the corpus name the command line gives it is not used. --format,
// --include and --exclude do not apply to it. The run then gives the same results as a run on
// the inputs the snapshot was built from: summary.json's inputs, graph and warnings come from
// the report stored in it.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "citegraph/graph/snapshot.hpp"
#include "citegraph/pipeline/load.hpp"

namespace citegraph::pipeline {

// The path of the run's snapshot input, or nullopt when no input is one. Throws
// InvalidArgument when a snapshot is given with other inputs or with --metadata.
std::optional<std::string> snapshot_input(const RunConfig& config);

// What `load` would have returned for the inputs the snapshot was built from: the graph (which
// views the mapped file), the input reports, build statistics and diagnostics. Applies the same
// checks as load(): --strict fails on a stored skip, a --year corpus must exist (InvalidArgument),
// and check_something_read(). Throws as read_snapshot() for a bad file.
Loaded load_snapshot(const std::string& path, const RunConfig& config, Reporter& reporter);

// The part of a load that a snapshot stores beside the graph.
BuildReport build_report(const Loaded& loaded);

// Writes loaded.graph and build_report(loaded) as a snapshot (write_snapshot), checksummed on
// `threads` threads.
void write_snapshot(std::ostream& out, const Loaded& loaded, unsigned threads = 1);

}  // namespace citegraph::pipeline
