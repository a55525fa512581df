// The record-level layer of io/xml_records.hpp shared by the pubmed-xml and jats readers.
#include "io/xml_records.hpp"

#include <utility>

#include "citegraph/graph/builder.hpp"

namespace citegraph::io::xml {

void RecordHandler::parser_warning(const std::string& message, const SourceLocation& where,
                                   const std::string& line_text) {
  output_.warn("XML parser warning", Issue{where, message, line_text});
}

void RecordHandler::fail(const Failure& failure) {
  std::string message = "truncated or malformed XML at " + std::to_string(failure.where.line) +
                        ":" + std::to_string(failure.where.column) + ": " + failure.message;
  const std::string lost = in_progress();
  if (!lost.empty()) message += "; " + lost + " is not read";
  message += "; reading stopped there";
  output_.skip("truncated or malformed XML", Issue{failure.where, message, failure.line_text});
}

void RecordHandler::refuse_root(std::string_view name, const std::string& reason,
                                std::string_view expected) {
  output_.skip(reason, Issue{parser_->element_location(),
                             "root element <" + std::string(name) + "> is not " +
                                 std::string(expected) + "; nothing read from this file",
                             parser_->current_line()});
}

std::optional<Pmid> RecordHandler::pmid_or_warn(std::string_view value, const std::string& what,
                                                std::string_view shown, std::string_view kept) {
  const std::optional<Pmid> pmid = parse_pmid(value);
  if (!pmid) {
    output_.warn("invalid " + what,
                 Issue{parser_->location(),
                       what + " " + std::string(shown) + " is not a number in 1..4294967295; the " +
                           std::string(kept) + " is kept without it",
                       parser_->current_line()});
  }
  return pmid;
}

void RecordHandler::read(Input& input) {
  Parser parser(input, *this);
  parser_ = &parser;
  const std::optional<Failure> failure = parser.run([this] { output_.flush(); });
  if (failure) {
    fail(*failure);
    output_.flush();
  }
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  for (const std::string& existing : list) {
    if (existing == value) return;
  }
  list.push_back(std::move(value));
}

void AuthorName::begin(std::size_t element_depth) {
  *this = AuthorName{};
  depth = element_depth;
}

void AuthorName::finish(std::vector<std::string>& authors) {
  depth = 0;
  std::string name;
  if (!surname.empty()) {
    name = std::move(surname);
    const std::string& given = initials.empty() ? given_names : initials;
    if (!given.empty()) (name += ' ') += given;
    if (!suffix.empty()) (name += ' ') += suffix;
  } else {
    name = whole_name.empty() ? std::move(collective) : std::move(whole_name);
  }
  if (!name.empty()) authors.push_back(std::move(name));
}

std::string page_range(std::string first, std::string_view last, std::string fallback) {
  if (first.empty()) return fallback;
  if (!last.empty() && last != first) (first += '-') += last;
  return first;
}

bool keep_first_id(WorkIds& ids, IdKind kind, std::string_view value) {
  switch (kind) {
    case IdKind::kDoi:
      if (ids.doi.empty()) ids.doi = normalize_doi(value);
      return true;
    case IdKind::kPmcid:
      if (ids.pmcid.empty()) ids.pmcid = normalize_pmcid(value);
      return true;
    case IdKind::kPmid:
    case IdKind::kOther:
      break;
  }
  return false;
}

}  // namespace citegraph::io::xml
