// What reading and building found wrong: skipped records with their reasons, and warnings.
// Counts are exact; the located examples kept per reason are capped so that a file with a
// million bad lines does not hold a million messages.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "citegraph/graph/error.hpp"

namespace citegraph {

struct Issue {
  SourceLocation where;
  std::string message;
  std::string line_text;  // the offending line, if any

  // "path:line:col: message" and, on the next line, the quoted offending line.
  [[nodiscard]] std::string to_string() const;
};

class Diagnostics {
 public:
  static constexpr std::size_t kExamplesPerReason = 5;

  // Records that something was skipped. `reason` is a short fixed phrase used to group counts
  // (e.g. "reference line without journal"); `issue` is one located example of it.
  void skip(const std::string& reason, Issue issue);
  void warn(const std::string& reason, Issue issue);

  [[nodiscard]] std::uint64_t skipped() const { return skipped_; }
  [[nodiscard]] std::uint64_t warnings() const { return warned_; }

  struct Group {
    std::uint64_t count = 0;
    std::vector<Issue> examples;
  };
  // Ordered by reason, for deterministic reports.
  [[nodiscard]] const std::map<std::string, Group>& skips() const { return skips_; }
  [[nodiscard]] const std::map<std::string, Group>& warning_groups() const { return warnings_; }

  void merge(const Diagnostics& other);
  // Adds a group as it was recorded elsewhere (a snapshot's stored report, graph/snapshot.hpp):
  // `group.count` occurrences of `reason` with these examples (at most kExamplesPerReason kept).
  void add_group(bool warning, const std::string& reason, Group group);

 private:
  static void add(std::map<std::string, Group>& groups, const std::string& reason, Issue issue);
  std::map<std::string, Group> skips_;
  std::map<std::string, Group> warnings_;
  std::uint64_t skipped_ = 0;
  std::uint64_t warned_ = 0;
};

}  // namespace citegraph
