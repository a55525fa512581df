#include <cstdio>

#include "apps/commands.hpp"
#include "citegraph/graph/snapshot.hpp"
#include "citegraph/pipeline/issues.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::app {

void print_issues(std::FILE* out, const std::string& what, const Diagnostics& diagnostics) {
  auto print = [&](const char* kind, const std::map<std::string, Diagnostics::Group>& groups) {
    for (const auto& [reason, group] : groups) {
      std::fprintf(out, "%s: %s %llu: %s\n", escape_controls(what).c_str(), kind,
                   static_cast<unsigned long long>(group.count), escape_controls(reason).c_str());
      for (const Issue& issue : group.examples) {
        std::string text = issue.to_string();
        for (std::size_t at = text.find('\n'); at != std::string::npos;
             at = text.find('\n', at + 3)) {
          text.insert(at + 1, "  ");
        }
        std::fprintf(out, "  %s\n", text.c_str());
      }
      if (group.count > group.examples.size()) {
        std::fprintf(out, "  ... and %llu more\n",
                     static_cast<unsigned long long>(group.count - group.examples.size()));
      }
    }
  };
  print("skipped", diagnostics.skips());
  print("warnings", diagnostics.warning_groups());
}

namespace {

// One line per reason over every input, with its first located example and that example's
// offending line below it: what a run on a directory of many files should say. (Examples come
// escaped for the terminal: Issue::to_string, issue_groups.)
void print_grouped(std::FILE* out, const pipeline::Loaded& loaded) {
  for (const pipeline::IssueGroup& g : pipeline::issue_groups(loaded, 1)) {
    const std::string files = g.files > 1 ? " in " + std::to_string(g.files) + " files" : "";
    std::string example = g.examples.empty() ? std::string() : g.examples.front();
    const std::size_t newline = example.find('\n');
    const std::string line = newline == std::string::npos ? "" : example.substr(newline + 1);
    example.resize(std::min(newline, example.size()));
    std::fprintf(out, "%s: %s: %llu%s%s%s\n", g.skipped ? "skipped" : "warning",
                 escape_controls(g.reason).c_str(), static_cast<unsigned long long>(g.count),
                 files.c_str(), example.empty() ? "" : ", first: ", example.c_str());
    if (!line.empty()) std::fprintf(out, "%s\n", line.c_str());  // quoted: "  | ..."
  }
}

}  // namespace

void print_load_issues(std::FILE* out, const pipeline::Loaded& loaded,
                       const std::vector<std::string>& warnings, bool verbose) {
  if (verbose) {
    for (const pipeline::LoadedInput& input : loaded.inputs) {
      print_issues(out, input.report.path, input.report.diagnostics);
    }
    for (const pipeline::LoadedInput& input : loaded.metadata) {
      print_issues(out, input.report.path, input.report.diagnostics);
    }
    print_issues(out, "graph", loaded.build_diagnostics);
    for (const pipeline::SkippedFile& file : loaded.skipped_files) {
      std::fprintf(out, "%s: %s\n", escape_controls(file.path).c_str(),
                   escape_controls(file.reason).c_str());
    }
  } else {
    print_grouped(out, loaded);
  }
  for (const std::string& warning : warnings) {
    std::fprintf(out, "warning: %s\n", escape_controls(warning).c_str());
  }
}

namespace {

// A snapshot is checked whole (every checksum) and described, not parsed.
void describe_snapshot(const std::string& path) {
  const Snapshot snapshot = read_snapshot(path);
  std::printf("%s\n", path.c_str());
  std::printf("  format: citegraph snapshot (version %u)\n", kSnapshotVersion);
  std::printf("  works: %u\n", snapshot.graph.num_nodes());
  std::printf("  citations: %llu\n", static_cast<unsigned long long>(snapshot.graph.num_edges()));
  std::printf("  corpora: %zu\n", snapshot.graph.corpora().size());
  for (const SnapshotInput& from : snapshot.report.inputs) {
    std::printf("  built from: %s (%s, %s, %llu records)\n", from.path.c_str(),
                from.metadata ? "metadata" : ("corpus " + from.corpus).c_str(), from.format.c_str(),
                static_cast<unsigned long long>(from.records));
  }
}

// What reading one input found, on stdout.
void print_report(const io::InputReport& r, const std::string& corpus) {
  std::printf("%s\n", escape_controls(r.path).c_str());
  std::printf("  corpus: %s\n", corpus.c_str());
  std::printf("  format: %s%s\n", std::string(io::format_name(r.format)).c_str(),
              r.compressed ? " (gzip)" : "");
  std::printf("  bytes: %llu\n", static_cast<unsigned long long>(r.bytes));
  std::printf("  sha256: %s\n", r.sha256.c_str());
  std::printf("  records: %llu\n", static_cast<unsigned long long>(r.records));
  if (r.format_has_references) {
    std::printf("  references: %llu\n", static_cast<unsigned long long>(r.references));
    std::printf("  references with PMID: %llu\n",
                static_cast<unsigned long long>(r.references_with_pmid));
  } else {
    std::printf("  references: none (this format carries no reference lists)\n");
  }
  if (r.deletions > 0) {
    std::printf("  deletions: %llu\n", static_cast<unsigned long long>(r.deletions));
  }
  std::printf("  skipped: %llu\n", static_cast<unsigned long long>(r.diagnostics.skipped()));
  std::printf("  warnings: %llu\n", static_cast<unsigned long long>(r.diagnostics.warnings()));
}

}  // namespace

int run_inspect(const Config& config) {
  io::ReadOptions options;
  options.format = config.format;
  options.strict = config.strict;
  options.threads = config.threads;
  int status = 0;
  pipeline::Loaded seen;  // what was read, for the grouped issues on stderr
  std::uint64_t read = 0;
  std::vector<InputSpec> inputs;
  try {
    inputs = pipeline::expand_inputs(config.inputs, config.include, config.exclude);
  } catch (const IoError& e) {
    std::fprintf(stderr, "citegraph: error: %s\n", e.what());
    return 2;
  }
  for (const InputSpec& input : inputs) {
    if (input.from_directory) {
      const std::string why = pipeline::not_bibliographic(input.path);
      if (!why.empty()) {
        seen.skipped_files.push_back({input.path, why});
        continue;
      }
    }
    try {
      if (input.path != "-" && is_snapshot_file(input.path)) {
        describe_snapshot(input.path);
        continue;
      }
      const io::InputReport r = io::read_input(input.path, options, [](Record&&) {});
      print_report(r, input.corpus);
      read += r.records + r.deletions;
      if (r.records == 0 && input.from_directory && r.deletions == 0 &&
          r.diagnostics.skipped() == 0) {
        // efetch's empty PubmedArticleSet: a note, as analyze takes it.
        seen.skipped_files.push_back({r.path, "no record (the file holds none)"});
      } else if (r.records == 0) {
        std::fprintf(stderr, "citegraph: error: %s: nothing parsable\n",
                     escape_controls(r.path).c_str());
        status = 2;
      }
      seen.inputs.push_back(
          pipeline::LoadedInput{input.corpus, r, input.from_directory, input.given});
    } catch (const ParseError& e) {
      std::fprintf(stderr, "citegraph: error: %s\n", e.what());
      status = 2;
    } catch (const IoError& e) {
      std::fprintf(stderr, "citegraph: error: %s\n", e.what());
      status = 2;
    }
  }
  if (!config.quiet) print_load_issues(stderr, seen, {}, config.verbose);
  if (read == 0 && !seen.inputs.empty()) status = 2;  // only empty files: nothing was read
  return status;
}

}  // namespace citegraph::app
