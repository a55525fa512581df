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

#include "citegraph/io/format.hpp"
#include "citegraph/io/readers.hpp"
#include "citegraph/pipeline/snapshot.hpp"

namespace fs = std::filesystem;

namespace citegraph::pipeline {
namespace {

// A record that says nothing but "PMID a cites PMIDs b, c, ..." (every record of an OCC pairs
// file): what GraphBuilder::add_pmid_citations takes instead, to the same graph.
bool bare_pmid_citations(const Record& r) {
  const auto bare = [](const WorkIds& ids) {
    return ids.pmid.has_value() && *ids.pmid != 0 && ids.doi.empty() && ids.pmcid.empty();
  };
  if (r.deletion || r.retracted || !r.has_reference_list || r.references.empty() || !bare(r.ids) ||
      !r.title.empty() || !r.journal.empty() || r.year || !r.volume.empty() || !r.issue.empty() ||
      !r.pages.empty() || !r.authors.empty() || !r.affiliations.empty() || !r.keywords.empty() ||
      !r.mesh.empty() || !r.abstract.empty()) {
    return false;
  }
  return std::all_of(r.references.begin(), r.references.end(), [&](const Reference& ref) {
    return bare(ref.ids) && ref.citation.empty() && ref.journal.empty() && !ref.year &&
           ref.volume.empty() && ref.issue.empty() && ref.pages.empty() && ref.title.empty();
  });
}

// The records of an input the parallel OCC reader does not take (gzip, standard input, another
// pairs dialect) into the builder: bare-PMID citations gathered into blocks of PMID citations,
// anything else as a Record, in input order. A gzip'd OCC file then builds on the PMID path
// (4 bytes per cited PMID held) instead of a provisional work per reference: the general path's
// 27 B/citation would not fit the NIH OCC on a 24 GiB machine.
class RecordFeed {
 public:
  RecordFeed(GraphBuilder& builder, std::size_t corpus) : builder_(builder), corpus_(corpus) {}
  RecordFeed(const RecordFeed&) = delete;
  RecordFeed& operator=(const RecordFeed&) = delete;
  ~RecordFeed() = default;

  void operator()(Record&& record) {
    if (bare_pmid_citations(record)) {
      for (const Reference& reference : record.references) {
        pending_.add(*record.ids.pmid, *reference.ids.pmid);
      }
      if (pending_.cited.size() >= kBlock) flush();
      return;
    }
    flush();
    builder_.add(record, corpus_);
  }
  // Hands over what is gathered; call once the input is read.
  void flush() {
    if (pending_.runs.empty()) return;
    builder_.add_pmid_citations(std::move(pending_), corpus_);
    pending_ = PmidCitations{};
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;  // citations per block
  GraphBuilder& builder_;
  std::size_t corpus_;
  PmidCitations pending_;
};

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

}  // namespace

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
    if (input.path == "-") {
      files.push_back(input);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(input.path, ec);
    if (ec || !fs::exists(status)) {
      throw IoError(IoError::Direction::kInput,
                    input.path + ": cannot open: No such file or directory");
    }
    if (!fs::is_directory(status)) {
      files.push_back(input);
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
    for (std::string& path : found) files.push_back(InputSpec{input.corpus, std::move(path), true});
  }
  return files;
}

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
  std::map<std::pair<dev_t, ino_t>, std::string> seen_files;
  std::map<std::string, std::string> seen_content;  // sha256 -> first path
  // The SHA-256 of the last plain OCC file read is still being computed: it overlaps the build
  // unless another input comes (then it is waited for first, so that notes and errors come in
  // input order).
  std::unique_ptr<io::BackgroundHash> pending_hash;
  const auto note_content = [&](const LoadedInput& entry) {
    const auto [first, fresh] = seen_content.emplace(entry.report.sha256, entry.report.path);
    if (!fresh) {
      loaded.duplicate_notes.push_back(entry.report.path + ": the same content as " +
                                       first->second + " (its records merge with those)");
    }
  };
  const auto finish_hash = [&] {
    if (!pending_hash) return;
    pending_hash->finish(loaded.inputs.back().report);
    pending_hash.reset();
    note_content(loaded.inputs.back());
  };
  for (const InputSpec& input :
       expand_inputs(config.inputs, config.include, config.exclude, &loaded.skipped_files)) {
    finish_hash();
    struct stat st {};
    if (input.path != "-" && ::stat(input.path.c_str(), &st) == 0) {
      const auto [it, fresh] = seen_files.emplace(std::make_pair(st.st_dev, st.st_ino), input.path);
      if (!fresh) {
        loaded.duplicate_notes.push_back(input.path + ": the same file as " + it->second +
                                         "; read once");
        continue;
      }
    }
    if (input.from_directory) {
      std::string why = not_bibliographic(input.path);
      if (!why.empty()) {
        loaded.skipped_files.push_back(SkippedFile{input.path, std::move(why)});
        continue;
      }
    }
    reporter.status("reading " + input.path);
    const std::size_t corpus = builder.add_corpus(input.corpus);
    // A plain OCC pairs file is read in parallel, by PMID; anything else as Records.
    std::optional<io::InputReport> report = io::read_pairs_parallel(
        input.path, options, config.threads,
        [&](PmidCitations&& citations) {
          builder.add_pmid_citations(std::move(citations), corpus);
        },
        0, &pending_hash);
    if (!report) {
      RecordFeed feed(builder, corpus);
      report = io::read_input(input.path, options,
                              [&feed](Record&& record) { feed(std::move(record)); });
      feed.flush();
    }
    LoadedInput entry{input.corpus, std::move(*report)};
    loaded.inputs.push_back(std::move(entry));
    if (!pending_hash) note_content(loaded.inputs.back());
  }
  if (!config.metadata.empty()) finish_hash();
  std::vector<InputSpec> metadata_specs;
  for (const std::string& path : config.metadata) metadata_specs.push_back(InputSpec{"", path});
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
    loaded.metadata.push_back(
        LoadedInput{"", io::read_input(input.path, options,
                                       [&](Record&& record) { builder.add_metadata(record); })});
  }
  reporter.status("building the citation graph");
  loaded.graph = builder.build();
  finish_hash();
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
  // that goes on would write empty results and exit 0.
  std::vector<const LoadedInput*> all;
  for (const LoadedInput& input : loaded.inputs) all.push_back(&input);
  for (const LoadedInput& input : loaded.metadata) all.push_back(&input);
  for (const LoadedInput* input : all) {
    const io::InputReport& r = input->report;
    if (r.records > 0 || r.deletions > 0) continue;
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
