// What a run read and what it skipped, gathered for a person: inputs grouped by the PATH the
// command line gave (a directory is one group), skips and warnings grouped by reason across
// every file. report.html and stderr show these; summary.json keeps every input and group.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"

namespace citegraph::pipeline {

// The inputs found under one command-line PATH, totalled.
struct InputGroup {
  std::string path;                  // as the command line gave it (a directory, a file or -)
  std::string corpus;                // "(metadata)" for --metadata inputs
  std::vector<std::string> formats;  // distinct format names, in input order ("pubmed-xml (gzip)")
  std::uint64_t files = 0;
  std::uint64_t records = 0;
  std::uint64_t references = 0;
  std::uint64_t references_with_pmid = 0;
  bool format_has_references = false;  // some file's format carries reference lists
  std::uint64_t skipped = 0;
  std::uint64_t warnings = 0;
};

// One group per (corpus, command-line PATH) in input order: the corpus inputs, then --metadata.
std::vector<InputGroup> input_groups(const Loaded& loaded);

// One reason of skip or warning over every input and the graph build.
struct IssueGroup {
  bool skipped = false;     // records (or references) skipped, else a warning
  std::string reason;       // the fixed phrase that groups them
  std::uint64_t count = 0;  // occurrences over every file
  std::uint64_t files = 0;  // inputs that had it ("graph" counts as one)
  // The first located examples in input order (Issue::to_string: escaped for a terminal, the
  // offending line quoted on a second line), or the paths of files not read.
  std::vector<std::string> examples;
};

// Skips first, then warnings; within each the most frequent reason first (ties by reason).
// Files of input directories that were not read (or held no record) are grouped by reason too,
// as warnings with their paths as examples.
std::vector<IssueGroup> issue_groups(const Loaded& loaded, std::size_t examples_per_group);

}  // namespace citegraph::pipeline
