// Reading every input of a run into one citation graph.
#pragma once

#include <string>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/pipeline/config.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::pipeline {

struct LoadedInput {
  std::string corpus;
  io::InputReport report;
  // Found in a directory: a file of it that parses and holds no record (efetch's empty
  // PubmedArticleSet for a PMID it does not find) is a note, not an error.
  bool from_directory = false;
  // The command-line PATH it was found under (its directory), or its own path: the report and
  // stderr group inputs by it.
  std::string given = {};
};

// A file of an input directory that was not read, and why.
struct SkippedFile {
  std::string path;
  std::string reason;
};

struct Loaded {
  std::vector<LoadedInput> inputs;
  std::vector<LoadedInput> metadata;  // the --metadata inputs (corpus "")
  // Files of input directories left out: not bibliographic by content, or by --include/--exclude.
  std::vector<SkippedFile> skipped_files;
  // Inputs read once though given more than once (the same file), and inputs whose content
  // equals an earlier input's (read, and merged record by record as any repeated record is).
  std::vector<std::string> duplicate_notes;
  CitationGraph graph;
  BuildStats build_stats;
  Diagnostics build_diagnostics;
};

// Expands directories (recursively, regular files in path order, hidden files skipped) into
// files (from_directory = true), keeping "-" and plain files as given; files of directories that
// --include/--exclude leave out are added to `excluded` when given. Throws IoError for a path
// that does not exist, and for a directory with no file left to read.
std::vector<InputSpec> expand_inputs(const std::vector<InputSpec>& inputs,
                                     const std::vector<std::string>& include = {},
                                     const std::vector<std::string>& exclude = {},
                                     std::vector<SkippedFile>* excluded = nullptr);

// A path as the outputs name it: as given, or without provenance an absolute path relative to
// the working directory (so that no output names the machine's directories and the same run
// from elsewhere gives the same bytes); load() reads inputs through these paths.
std::string shown_path(const std::string& path, bool provenance);

// Why a file found in a directory is not read, or "" when it is: its first 64 KiB (gunzipped)
// are no citation format (io::detect_format). A file that cannot be opened gives "" (it is then
// read, and fails, like any other input).
std::string not_bibliographic(const std::string& path);

// Reads every input and builds the graph; a run whose input is a .cgraph snapshot maps it
// instead (load_snapshot, pipeline/snapshot.hpp). A file found in a directory whose content is no
// citation format (a .md5 beside a baseline file, a README) is skipped with a note; the same
// file given twice is read once. Throws IoError/ParseError on the first input that cannot be
// read at all, on a malformed record under --strict, and (ParseError) when an input yields no
// record or every record of a corpus was skipped: a run that read nothing is an input error.
Loaded load(const RunConfig& config, Reporter& reporter);

// The check at the end of load(): throws ParseError naming the first input that yielded no
// record (and no deletion), or a corpus all of whose records were skipped.
void check_something_read(const Loaded& loaded);

}  // namespace citegraph::pipeline
