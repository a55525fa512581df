// Inputs grouped by command-line PATH and issues grouped by reason (pipeline/issues.hpp).
#include "citegraph/pipeline/issues.hpp"

#include <algorithm>
#include <map>

namespace citegraph::pipeline {
namespace {

void add_input(InputGroup& group, const io::InputReport& r) {
  const std::string format =
      std::string(io::format_name(r.format)) + (r.compressed ? " (gzip)" : "");
  if (std::find(group.formats.begin(), group.formats.end(), format) == group.formats.end()) {
    group.formats.push_back(format);
  }
  ++group.files;
  group.records += r.records;
  group.references += r.references;
  group.references_with_pmid += r.references_with_pmid;
  group.format_has_references = group.format_has_references || r.format_has_references;
  group.skipped += r.diagnostics.skipped();
  group.warnings += r.diagnostics.warnings();
}

// Adds `inputs` to `groups`, one per (corpus, given PATH), in first-seen order.
void group_inputs(const std::vector<LoadedInput>& inputs, bool metadata,
                  std::vector<InputGroup>& groups) {
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const LoadedInput& input : inputs) {
    const std::string corpus = metadata ? "(metadata)" : input.corpus;
    const std::string& path = input.given.empty() ? input.report.path : input.given;
    const auto [it, fresh] = index.emplace(std::make_pair(corpus, path), groups.size());
    if (fresh) {
      groups.emplace_back();
      groups.back().path = path;
      groups.back().corpus = corpus;
    }
    add_input(groups[it->second], input.report);
  }
}

// Gathers `groups` of one file into `by_reason`, counting the file once per reason.
void gather(const std::map<std::string, Diagnostics::Group>& groups, bool skipped,
            std::size_t limit, std::map<std::pair<bool, std::string>, IssueGroup>& by_reason) {
  for (const auto& [reason, group] : groups) {
    IssueGroup& into = by_reason[{skipped, reason}];
    into.skipped = skipped;
    into.reason = reason;
    into.count += group.count;
    ++into.files;
    for (const Issue& issue : group.examples) {
      if (into.examples.size() >= limit) break;
      into.examples.push_back(issue.to_string());
    }
  }
}

}  // namespace

std::vector<InputGroup> input_groups(const Loaded& loaded) {
  std::vector<InputGroup> groups;
  group_inputs(loaded.inputs, false, groups);
  group_inputs(loaded.metadata, true, groups);
  return groups;
}

std::vector<IssueGroup> issue_groups(const Loaded& loaded, std::size_t examples_per_group) {
  std::map<std::pair<bool, std::string>, IssueGroup> by_reason;
  auto add = [&](const Diagnostics& d) {
    gather(d.skips(), true, examples_per_group, by_reason);
    gather(d.warning_groups(), false, examples_per_group, by_reason);
  };
  for (const LoadedInput& input : loaded.inputs) add(input.report.diagnostics);
  for (const LoadedInput& input : loaded.metadata) add(input.report.diagnostics);
  add(loaded.build_diagnostics);
  for (const SkippedFile& file : loaded.skipped_files) {
    IssueGroup& into = by_reason[{false, file.reason}];
    into.reason = file.reason;
    ++into.count;
    ++into.files;
    if (into.examples.size() < examples_per_group) {
      into.examples.push_back(escape_controls(file.path));  // as Issue::to_string escapes
    }
  }
  std::vector<IssueGroup> groups;
  groups.reserve(by_reason.size());
  for (auto& [key, group] : by_reason) groups.push_back(std::move(group));
  std::stable_sort(groups.begin(), groups.end(), [](const IssueGroup& a, const IssueGroup& b) {
    if (a.skipped != b.skipped) return a.skipped;
    return a.count > b.count;  // stable: ties stay in reason order
  });
  return groups;
}

}  // namespace citegraph::pipeline
