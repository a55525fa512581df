// Runs from a snapshot and the snapshot of a load (pipeline/snapshot.hpp).
#include "citegraph/pipeline/snapshot.hpp"

#include <algorithm>

#include "citegraph/read/format.hpp"

namespace citegraph::pipeline {

std::optional<std::string> snapshot_input(const RunConfig& config) {
  std::optional<std::string> found;
  for (const InputSpec& input : config.inputs) {
    if (input.path == "-" || !is_snapshot_file(input.path)) continue;
    if (config.inputs.size() > 1 || !config.metadata.empty()) {
      throw InvalidArgument(input.path +
                            ": a .cgraph snapshot must be the only input of a run (it holds a "
                            "whole graph; build one snapshot from all the inputs instead)");
    }
    found = input.path;
  }
  return found;
}

namespace {

// A snapshot's stored diagnostics with their examples' paths as the run shows them.
Diagnostics shown_diagnostics(const Diagnostics& stored, bool provenance) {
  if (provenance) return stored;
  Diagnostics shown;
  for (const bool warning : {false, true}) {
    for (auto [reason, group] : warning ? stored.warning_groups() : stored.skips()) {
      for (Issue& issue : group.examples) {
        issue.where.path = shown_path(issue.where.path, provenance);
      }
      shown.add_group(warning, reason, std::move(group));
    }
  }
  return shown;
}

}  // namespace

Loaded load_snapshot(const std::string& path, const RunConfig& config, Reporter& reporter) {
  reporter.status("mapping " + path);
  Snapshot snapshot = read_snapshot(path, config.threads);
  Loaded loaded;
  for (SnapshotInput& input : snapshot.report.inputs) {
    io::InputReport report;
    report.path = shown_path(input.path, config.provenance);
    try {
      report.format = io::parse_format(input.format);
    } catch (const InvalidArgument&) {
      throw ParseError(SourceLocation{path, 0, 0},
                       "corrupt snapshot: unknown input format '" + input.format + "'");
    }
    report.compressed = input.compressed;
    report.bytes = input.bytes;
    report.sha256 = std::move(input.sha256);
    report.records = input.records;
    report.references = input.references;
    report.references_with_pmid = input.references_with_pmid;
    report.deletions = input.deletions;
    report.format_has_references = input.format_has_references;
    report.diagnostics = shown_diagnostics(input.diagnostics, config.provenance);
    // Every input passed check_something_read when the snapshot was built: one that holds no
    // record was an empty file of a directory then (a note in skipped_files), and stays one.
    (input.metadata ? loaded.metadata : loaded.inputs)
        .push_back(LoadedInput{std::move(input.corpus), report, true,
                               shown_path(input.given, config.provenance)});
  }
  for (auto& [file, reason] : snapshot.report.skipped_files) {
    loaded.skipped_files.push_back(
        SkippedFile{shown_path(file, config.provenance), std::move(reason)});
  }
  loaded.duplicate_notes = std::move(snapshot.report.duplicate_notes);
  loaded.graph = std::move(snapshot.graph);
  loaded.build_stats = snapshot.report.stats;
  loaded.build_diagnostics = shown_diagnostics(snapshot.report.diagnostics, config.provenance);
  reporter.done();

  const std::vector<std::string>& corpora = loaded.graph.corpora();
  for (const auto& [name, year] : config.citing_years) {
    if (std::find(corpora.begin(), corpora.end(), name) == corpora.end()) {
      throw InvalidArgument("--year: no corpus named '" + name + "' in the snapshot " + path);
    }
  }
  if (config.strict) {
    // What would have failed a --strict run on the inputs: their first skip.
    const Diagnostics* first = nullptr;
    for (const LoadedInput& input : loaded.inputs) {
      if (first == nullptr && input.report.diagnostics.skipped() > 0) {
        first = &input.report.diagnostics;
      }
    }
    for (const LoadedInput& input : loaded.metadata) {
      if (first == nullptr && input.report.diagnostics.skipped() > 0) {
        first = &input.report.diagnostics;
      }
    }
    if (first == nullptr && loaded.build_diagnostics.skipped() > 0) {
      first = &loaded.build_diagnostics;
    }
    if (first != nullptr) {
      const auto& [reason, group] = *first->skips().begin();
      const Issue issue = group.examples.empty() ? Issue{} : group.examples.front();
      throw ParseError(issue.where.path.empty() ? SourceLocation{path, 0, 0} : issue.where,
                       reason + " (--strict; the snapshot " + path + " was built with skips)",
                       issue.line_text);
    }
  }
  check_something_read(loaded);
  return loaded;
}

BuildReport build_report(const Loaded& loaded) {
  BuildReport report;
  auto add = [&report](const LoadedInput& input, bool metadata) {
    const io::InputReport& r = input.report;
    SnapshotInput entry;
    entry.corpus = input.corpus;
    entry.metadata = metadata;
    entry.path = r.path;
    entry.given = input.given.empty() ? r.path : input.given;
    entry.format = std::string(io::format_name(r.format));
    entry.compressed = r.compressed;
    entry.bytes = r.bytes;
    entry.sha256 = r.sha256;
    entry.records = r.records;
    entry.references = r.references;
    entry.references_with_pmid = r.references_with_pmid;
    entry.deletions = r.deletions;
    entry.format_has_references = r.format_has_references;
    entry.diagnostics = r.diagnostics;
    report.inputs.push_back(std::move(entry));
  };
  for (const LoadedInput& input : loaded.inputs) add(input, false);
  for (const LoadedInput& input : loaded.metadata) add(input, true);
  for (const SkippedFile& file : loaded.skipped_files) {
    report.skipped_files.emplace_back(file.path, file.reason);
  }
  report.duplicate_notes = loaded.duplicate_notes;
  report.stats = loaded.build_stats;
  report.diagnostics = loaded.build_diagnostics;
  return report;
}

void write_snapshot(std::ostream& out, const Loaded& loaded, unsigned threads) {
  citegraph::write_snapshot(out, loaded.graph, build_report(loaded), threads);
}

}  // namespace citegraph::pipeline
