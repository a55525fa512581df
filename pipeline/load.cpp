#include "citegraph/pipeline/load.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace citegraph::pipeline {

std::vector<InputSpec> expand_inputs(const std::vector<InputSpec>& inputs) {
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
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec)
        throw IoError(IoError::Direction::kInput,
                      input.path + ": cannot read directory: " + ec.message());
      const std::string name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) found.push_back(it->path().string());
    }
    if (found.empty()) {
      throw IoError(IoError::Direction::kInput, input.path + ": directory holds no input files");
    }
    std::sort(found.begin(), found.end());
    for (std::string& path : found) files.push_back(InputSpec{input.corpus, std::move(path)});
  }
  return files;
}

Loaded load(const RunConfig& config, Reporter& reporter) {
  Loaded loaded;
  GraphBuilder builder;
  for (const std::string& corpus : config.corpus_order) builder.add_corpus(corpus);
  io::ReadOptions options;
  options.format = config.format;
  options.strict = config.strict;
  for (const InputSpec& input : expand_inputs(config.inputs)) {
    reporter.status("reading " + input.path);
    const std::size_t corpus = builder.add_corpus(input.corpus);
    LoadedInput entry{input.corpus, io::read_input(input.path, options, [&](Record&& record) {
                        builder.add(record, corpus);
                      })};
    loaded.inputs.push_back(std::move(entry));
  }
  reporter.status("building the citation graph");
  loaded.graph = builder.build();
  loaded.build_stats = builder.stats();
  loaded.build_diagnostics = builder.diagnostics();
  reporter.done();
  if (config.strict && loaded.build_diagnostics.skipped() > 0) {
    // The readers accepted these records, but the graph cannot place them.
    const auto& [reason, group] = *loaded.build_diagnostics.skips().begin();
    const Issue& first = group.examples.front();
    throw ParseError(first.where, reason + " (--strict)", first.line_text);
  }
  return loaded;
}

}  // namespace citegraph::pipeline
