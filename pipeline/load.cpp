// Reading every input of a run into one citation graph (pipeline/load.hpp).
#include "citegraph/pipeline/load.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <system_error>
#include <utility>

#include <fnmatch.h>
#include <sys/stat.h>

#include "citegraph/pipeline/snapshot.hpp"
#include "citegraph/read/format.hpp"
#include "citegraph/read/readers.hpp"

namespace fs = std::filesystem;

namespace citegraph::pipeline {
namespace {

// A pattern with a '/' is matched against the path below the directory, others against the name.
bool matches(const std::string& pattern, const std::string& name, const std::string& relative) {
  const bool on_path = pattern.find('/') != std::string::npos;
  return fnmatch(pattern.c_str(), (on_path ? relative : name).c_str(),
                 on_path ? FNM_PATHNAME : 0) == 0;
}

bool selected(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
              const std::string& name, const std::string& relative, std::string& why) {
  if (!include.empty() && std::none_of(include.begin(), include.end(), [&](const std::string& p) {
        return matches(p, name, relative);
      })) {
    why = "matches no --include pattern";
    return false;
  }
  for (const std::string& p : exclude) {
    if (matches(p, name, relative)) {
      why = "matches --exclude " + p;
      return false;
    }
  }
  return true;
}

// A file found in a directory that parsed as a citation format without a problem and held no
// record: efetch writes an empty PubmedArticleSet for a PMID it does not find.
bool empty_directory_file(const LoadedInput& input) {
  const io::InputReport& r = input.report;
  return input.from_directory && r.records == 0 && r.deletions == 0 && r.diagnostics.skipped() == 0;
}

// Notes such a file (summary.json's skipped_files, the report, stderr), once.
void note_if_empty(const LoadedInput& input, std::vector<SkippedFile>& notes) {
  if (empty_directory_file(input)) {
    notes.push_back(SkippedFile{input.report.path, "no record (the file holds none)"});
  }
}

// Without provenance an absolute input path is read as the path relative to the working
// directory, so that no output (locations in warnings, the report's inputs) names the machine's
// directories and the same run elsewhere gives the same bytes.
std::vector<InputSpec> shown_inputs(std::vector<InputSpec> inputs, bool provenance) {
  for (InputSpec& input : inputs) input.path = shown_path(input.path, provenance);
  return inputs;
}

}  // namespace

std::string shown_path(const std::string& path, bool provenance) {
  if (provenance || path == "-" || !fs::path(path).is_absolute()) return path;
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return path;
  const fs::path relative = fs::path(path).lexically_relative(cwd);
  return relative.empty() ? path : relative.string();
}

std::string not_bibliographic(const std::string& path) {
  if (is_snapshot_file(path)) return "a citegraph snapshot: give it alone as the input of a run";
  try {
    const io::Detection detected = io::detect_file_format(path);
    if (!io::is_bibliographic(detected)) return "not a citation format: " + detected.reason;
  } catch (const Error&) {
    // Unreadable: read (and fail) like any other input.
  }
  return {};
}

std::vector<InputSpec> expand_inputs(const std::vector<InputSpec>& inputs,
                                     const std::vector<std::string>& include,
                                     const std::vector<std::string>& exclude,
                                     std::vector<SkippedFile>* excluded) {
  std::vector<InputSpec> files;
  for (const InputSpec& input : inputs) {
    InputSpec as_given = input;
    if (as_given.given.empty()) as_given.given = input.path;
    if (input.path == "-") {
      files.push_back(std::move(as_given));
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(input.path, ec);
    if (ec || !fs::exists(status)) {
      throw IoError(IoError::Direction::kInput,
                    input.path + ": cannot open: No such file or directory");
    }
    if (!fs::is_directory(status)) {
      files.push_back(std::move(as_given));
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(input.path, fs::directory_options::none, ec);
    if (ec)
      throw IoError(IoError::Direction::kInput,
                    input.path + ": cannot read directory: " + ec.message());
    std::size_t left_out = 0;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec)
        throw IoError(IoError::Direction::kInput,
                      input.path + ": cannot read directory: " + ec.message());
      const std::string name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      const std::string relative = it->path().lexically_relative(input.path).string();
      std::string why;
      if (!selected(include, exclude, name, relative, why)) {
        ++left_out;
        if (excluded != nullptr) excluded->push_back(SkippedFile{it->path().string(), why});
        continue;
      }
      found.push_back(it->path().string());
    }
    if (found.empty()) {
      throw IoError(
          IoError::Direction::kInput,
          input.path + ": directory holds no input files" +
              (left_out > 0 ? " (" + std::to_string(left_out) + " left out by --include/--exclude)"
                            : std::string()));
    }
    std::sort(found.begin(), found.end());
    for (std::string& path : found) {
      files.push_back(InputSpec{input.corpus, std::move(path), true, input.path});
    }
  }
  return files;
}

namespace {

// The --metadata inputs: records that only describe works (GraphBuilder::add_metadata).
void read_metadata(const RunConfig& config, const io::ReadOptions& options, GraphBuilder& builder,
                   Loaded& loaded, Reporter& reporter) {
  std::vector<InputSpec> metadata_specs;
  for (const std::string& path : config.metadata)
    metadata_specs.push_back(InputSpec{"", path, false, path});
  metadata_specs = shown_inputs(std::move(metadata_specs), config.provenance);
  for (const InputSpec& input :
       expand_inputs(metadata_specs, config.include, config.exclude, &loaded.skipped_files)) {
    if (input.from_directory) {
      std::string why = not_bibliographic(input.path);
      if (!why.empty()) {
        loaded.skipped_files.push_back(SkippedFile{input.path, std::move(why)});
        continue;
      }
    }
    reporter.status("reading metadata " + input.path);
    loaded.metadata.push_back(LoadedInput{
        "",
        io::read_input(input.path, options, [&](Record&& record) { builder.add_metadata(record); }),
        input.from_directory, input.given});
    note_if_empty(loaded.metadata.back(), loaded.skipped_files);
  }
}

// Reads the corpus inputs of a run into a builder, one at a time, noting files read twice and
// identical contents.
class InputReader {
 public:
  InputReader(const RunConfig& config, Loaded& loaded, GraphBuilder& builder,
              const io::ReadOptions& options)
      : config_(config), loaded_(loaded), builder_(builder), options_(options) {}

  void read(const InputSpec& input, Reporter& reporter) {
    finish_hash();
    if (already_read(input)) return;
    if (input.from_directory) {
      std::string why = not_bibliographic(input.path);
      if (!why.empty()) {
        loaded_.skipped_files.push_back(SkippedFile{input.path, std::move(why)});
        return;
      }
    }
    reporter.status("reading " + input.path);
    const std::size_t corpus = builder_.add_corpus(input.corpus);
    LoadedInput entry{input.corpus, read_corpus_file(input.path, corpus), input.from_directory,
                      input.given};
    note_if_empty(entry, loaded_.skipped_files);
    loaded_.inputs.push_back(std::move(entry));
    if (!pending_hash_) note_content(loaded_.inputs.back());
  }

  // Waits for the SHA-256 of the last OCC file, if it is still being computed.
  void finish_hash() {
    if (!pending_hash_) return;
    pending_hash_->finish(loaded_.inputs.back().report);
    pending_hash_.reset();
    note_content(loaded_.inputs.back());
  }

 private:
  // The same file (device and inode) given twice is read once.
  bool already_read(const InputSpec& input) {
    struct stat st {};
    if (input.path == "-" || ::stat(input.path.c_str(), &st) != 0) return false;
    const auto [it, fresh] = seen_files_.emplace(std::make_pair(st.st_dev, st.st_ino), input.path);
    if (fresh) return false;
    loaded_.duplicate_notes.push_back(input.path + ": the same file as " + it->second +
                                      "; read once");
    return true;
  }

  io::InputReport read_corpus_file(const std::string& path, std::size_t corpus) {
    const auto add_pmids = [&](PmidCitations&& citations) {
      builder_.add_pmid_citations(std::move(citations), corpus);
    };
    // A plain OCC pairs file is read in parallel, by PMID; anything else as Records.
    std::optional<io::InputReport> report =
        io::read_pairs_parallel(path, options_, config_.threads, add_pmids, 0, &pending_hash_);
    if (report) return std::move(*report);
    // Anything else record by record, but a pairs file's bare PMID citations (a gzip'd or piped
    // OCC file) still by PMID: 4 bytes per citation held, not a provisional work per reference
    // (27 B/citation: the NIH OCC would not fit a 24 GiB machine).
    return io::read_input(
        path, options_, [&](Record&& record) { builder_.add(record, corpus); }, add_pmids);
  }

  void note_content(const LoadedInput& entry) {
    const auto [first, fresh] = seen_content_.emplace(entry.report.sha256, entry.report.path);
    if (!fresh) {
      loaded_.duplicate_notes.push_back(entry.report.path + ": the same content as " +
                                        first->second + " (its records merge with those)");
    }
  }

  const RunConfig& config_;
  Loaded& loaded_;
  GraphBuilder& builder_;
  const io::ReadOptions& options_;
  std::map<std::pair<dev_t, ino_t>, std::string> seen_files_;
  std::map<std::string, std::string> seen_content_;  // sha256 -> first path
  // The SHA-256 of the last plain OCC file read is still being computed: it overlaps the build
  // unless another input comes (then it is waited for first, so that notes and errors come in
  // input order).
  std::unique_ptr<io::BackgroundHash> pending_hash_;
};

}  // namespace

Loaded load(const RunConfig& config, Reporter& reporter) {
  // A .cgraph snapshot is the whole graph: mapped, not read (pipeline/snapshot.hpp).
  if (const std::optional<std::string> snapshot = snapshot_input(config)) {
    return load_snapshot(*snapshot, config, reporter);
  }
  Loaded loaded;
  GraphBuilder builder;
  builder.set_threads(config.threads);
  for (const std::string& corpus : config.corpus_order) builder.add_corpus(corpus);
  io::ReadOptions options;
  options.format = config.format;
  options.strict = config.strict;
  options.threads = config.threads;
  InputReader reader(config, loaded, builder, options);
  const std::vector<InputSpec> inputs = shown_inputs(config.inputs, config.provenance);
  for (const InputSpec& input :
       expand_inputs(inputs, config.include, config.exclude, &loaded.skipped_files)) {
    reader.read(input, reporter);
  }
  if (!config.metadata.empty()) reader.finish_hash();
  read_metadata(config, options, builder, loaded, reporter);
  reporter.status("building the citation graph");
  loaded.graph = builder.build();
  reader.finish_hash();
  loaded.build_stats = builder.stats();
  loaded.build_diagnostics = builder.diagnostics();
  reporter.done();
  if (config.strict && loaded.build_diagnostics.skipped() > 0) {
    // The readers accepted these records, but the graph cannot place them.
    const auto& [reason, group] = *loaded.build_diagnostics.skips().begin();
    const Issue& first = group.examples.front();
    throw ParseError(first.where, reason + " (--strict)", first.line_text);
  }
  check_something_read(loaded);
  return loaded;
}

void check_something_read(const Loaded& loaded) {
  // An input that yields nothing is almost always the wrong file or the wrong --format; a run
  // that goes on would write empty results and exit 0. A file of a directory that parsed and
  // held no record is a note (empty_directory_file), unless the run read no record at all.
  std::vector<const LoadedInput*> all;
  for (const LoadedInput& input : loaded.inputs) all.push_back(&input);
  for (const LoadedInput& input : loaded.metadata) all.push_back(&input);
  std::uint64_t read = 0;
  for (const LoadedInput* input : all) read += input->report.records + input->report.deletions;
  for (const LoadedInput* input : all) {
    const io::InputReport& r = input->report;
    if (r.records > 0 || r.deletions > 0) continue;
    if (read > 0 && empty_directory_file(*input)) continue;
    std::string detail = "no record read";
    if (r.diagnostics.skipped() > 0) {
      detail += " (" + std::to_string(r.diagnostics.skipped()) +
                " skipped: " + r.diagnostics.skips().begin()->first + ")";
    }
    if (r.format != io::Format::kAuto) {
      detail += " as " + std::string(io::format_name(r.format));
    }
    throw ParseError(SourceLocation{r.path, 0, 0}, detail);
  }
  // Records that were read but became no work: skipped by the builder, or deleted.
  const CitationGraph& graph = loaded.graph;
  CorpusSet with_sources = 0;
  for (const NodeId v : graph.source_nodes()) with_sources |= graph.source_corpora(v);
  for (std::size_t c = 0; c < graph.corpora().size(); ++c) {
    if ((with_sources >> c & 1u) != 0) continue;
    std::uint64_t records = 0;
    for (const LoadedInput& input : loaded.inputs) {
      if (input.corpus == graph.corpora()[c]) records += input.report.records;
    }
    if (records == 0) continue;  // only deletions: nothing was meant to be kept
    throw ParseError(SourceLocation{"corpus " + graph.corpora()[c], 0, 0},
                     "none of its " + std::to_string(records) +
                         " record(s) became a work of the graph (skipped or deleted)");
  }
}

}  // namespace citegraph::pipeline
