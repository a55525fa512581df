// summary.json, the manifest of a run, and the run's plain-language warnings.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline {

// The version of summary.json's layout; raised when a field changes meaning or moves.
// 2: schema_version, outputs as objects with bytes and sha256, skipped_files, relative paths
//    under --no-provenance, every skip reason in warnings.
inline constexpr unsigned kSummarySchemaVersion = 2;

// One file of a run's outputs as summary.json lists it (summary.json itself has no size or
// checksum: it cannot contain its own).
struct OutputInfo {
  std::string name;
  std::optional<std::uint64_t> bytes;
  std::string sha256;  // lower-case hex, or empty
};

// Writes summary.json's content: version, command line and time (unless !provenance),
// parameters, every input with what was read and skipped, graph counts, corpus figures, the
// passes' iteration and sampling reports, `outputs` and `warnings`.
void write_summary(std::ostream& out, const RunConfig& config, const Loaded& loaded,
                   const AnalysisResults& results, const std::vector<OutputInfo>& outputs,
                   const std::vector<std::string>& warnings);

// Plain-language warnings about the run (e.g. a corpus whose sources carry no reference list,
// an input that yielded no record).
std::vector<std::string> run_warnings(const Loaded& loaded, const OverlapResult& overlap);

// Warnings about the inputs as a whole: files given twice or with the same content. (Files of
// input directories not read are Loaded::skipped_files: summary.json's skipped_files, and a
// reason each in issue_groups.)
std::vector<std::string> input_warnings(const Loaded& loaded);

// One line per skip or warning reason of every input and of the graph build, with its count
// ("PATH: 3 skipped: REASON"); summary.json's warnings end with these.
std::vector<std::string> diagnostic_warnings(const Loaded& loaded);

}  // namespace citegraph::pipeline
