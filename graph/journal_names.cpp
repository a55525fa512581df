// Journal names as shown: one spelling per journal (journal_key) across every cited work.
#include <map>
#include <string>
#include <unordered_map>

#include "graph/builder_impl.hpp"

namespace citegraph::build_detail {
namespace {

// A journal name as shown: single spaces, no trailing period or comma.
std::string tidy_journal(std::string_view journal) {
  std::string out;
  for (char c : journal) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.' || out.back() == ','))
    out.pop_back();
  return out;
}

}  // namespace

// Every cited work's journal under one name per journal_key: the name a record gave the
// journal (`alias`, from records' journal and other names), else the spelling most works use
// (ties: the first in byte order). O(works with text).
void unify_journals(std::vector<std::pair<NodeId, WorkText>>& texts,
                    const std::unordered_map<std::string, std::string>& alias) {
  std::unordered_map<std::string, std::map<std::string, std::uint32_t>> spellings;
  for (auto& entry : texts) {
    std::string& journal = entry.second.journal;
    if (journal.empty()) continue;
    journal = tidy_journal(journal);
    ++spellings[journal_key(journal)][journal];
  }
  std::unordered_map<std::string, std::string> chosen;
  for (auto& [key, counts] : spellings) {
    const auto known = alias.find(key);
    if (known != alias.end()) {
      chosen.emplace(key, known->second);
      continue;
    }
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second) best = it;
    }
    chosen.emplace(key, best->first);
  }
  for (auto& entry : texts) {
    std::string& journal = entry.second.journal;
    if (!journal.empty()) journal = chosen.at(journal_key(journal));
  }
}

}  // namespace citegraph::build_detail
