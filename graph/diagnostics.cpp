#include "citegraph/graph/diagnostics.hpp"

namespace citegraph {

std::string Issue::to_string() const {
  std::string out = escape_controls(where.to_string() + ": " + message);
  if (!line_text.empty()) {
    out += '\n';
    out += quote_line(line_text);
  }
  return out;
}

void Diagnostics::add(std::map<std::string, Group>& groups, const std::string& reason,
                      Issue issue) {
  Group& group = groups[reason];
  ++group.count;
  if (group.examples.size() < kExamplesPerReason) group.examples.push_back(std::move(issue));
}

void Diagnostics::skip(const std::string& reason, Issue issue) {
  ++skipped_;
  add(skips_, reason, std::move(issue));
}

void Diagnostics::warn(const std::string& reason, Issue issue) {
  ++warned_;
  add(warnings_, reason, std::move(issue));
}

void Diagnostics::merge(const Diagnostics& other) {
  auto merge_groups = [](std::map<std::string, Group>& into,
                         const std::map<std::string, Group>& from) {
    for (const auto& [reason, group] : from) {
      Group& target = into[reason];
      target.count += group.count;
      for (const Issue& issue : group.examples) {
        if (target.examples.size() < kExamplesPerReason) target.examples.push_back(issue);
      }
    }
  };
  merge_groups(skips_, other.skips_);
  merge_groups(warnings_, other.warnings_);
  skipped_ += other.skipped_;
  warned_ += other.warned_;
}

void Diagnostics::add_group(bool warning, const std::string& reason, Group group) {
  if (group.examples.size() > kExamplesPerReason) group.examples.resize(kExamplesPerReason);
  Diagnostics one;
  (warning ? one.warnings_ : one.skips_)[reason] = std::move(group);
  (warning ? one.warned_ : one.skipped_) = (warning ? one.warnings_ : one.skips_)[reason].count;
  merge(one);
}

}  // namespace citegraph
