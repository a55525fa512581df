// The record-level layer of io/xml_records.hpp shared by the pubmed-xml and jats readers.
#include "io/xml_records.hpp"

#include <algorithm>
#include <utility>

#include "citegraph/graph/builder.hpp"

namespace citegraph::io::xml {

void RecordHandler::parser_warning(const std::string& message, const SourceLocation& where,
                                   const std::string& line_text) {
  output_.warn("XML parser warning", Issue{where, message, line_text});
}

namespace {

std::string at_line(const SourceLocation& where) {
  return "line " + std::to_string(where.line) +
         (where.column > 0 ? ":" + std::to_string(where.column) : std::string());
}

}  // namespace

void RecordHandler::fatal(const Failure& failure, const std::vector<SourceLocation>& lost,
                          const std::optional<SourceLocation>& resumed_at) {
  const std::string after = resumed_at
                                ? "; reading resumed at the next record, " + at_line(*resumed_at)
                                : "; reading stopped there";
  std::string message = "truncated or malformed XML at " + std::to_string(failure.where.line) +
                        ":" + std::to_string(failure.where.column) + ": " + failure.message;
  const std::string in_record = in_progress();
  std::size_t first_other = 0;
  if (!in_record.empty()) {
    message += "; " + in_record + " is not read";
    first_other = 1;
  } else if (!lost.empty()) {
    message += "; the record at " + at_line(lost.front()) + " is not read";
    first_other = 1;
  }
  if (lost.size() > first_other) {
    message +=
        "; " + std::to_string(lost.size() - first_other) + " more record(s) after it are not read";
  }
  output_.skip("truncated or malformed XML",
               Issue{failure.where, message + after, failure.line_text});
  // Every other record lost is counted, located at its start tag.
  for (std::size_t i = first_other; i < lost.size(); ++i) {
    output_.skip("truncated or malformed XML",
                 Issue{lost[i],
                       "record not read: it lies between the XML error at " +
                           at_line(failure.where) + " and " +
                           (resumed_at ? "the next readable record at " + at_line(*resumed_at)
                                       : std::string("the end of the input")),
                       {}});
  }
}

void RecordHandler::restart() {
  stack_.clear();
  in_record_ = false;
  record_elements_ = 0;
  reset_record();
}

void RecordHandler::begin_record() {
  parser_->record_begun();
  in_record_ = true;
  record_elements_ = 0;
  ++records_begun_;
}

void RecordHandler::end_record() {
  parser_->record_ended();
  in_record_ = false;
}

void RecordHandler::nested_record(std::string_view name) {
  throw LimitExceeded("<" + std::string(name) +
                      "> inside the record in progress: that record is not closed");
}

void RecordHandler::element_limit() const {
  throw LimitExceeded("record with more than " + std::to_string(max_elements_) + " elements");
}

void RecordHandler::saw_root(std::string_view name) {
  if (root_seen_) return;
  root_seen_ = true;
  root_name_ = std::string(name);
  root_where_ = parser_->element_location();
  root_line_ = parser_->current_line();
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
  const FormatNames& names = format_names();
  max_elements_ = output_.limits().max_elements_per_record;
  Parser parser(input, *this, output_.limits(), names.records);
  parser_ = &parser;
  parser.run([this] { output_.flush(); });
  const bool known_root = std::find(names.known_roots.begin(), names.known_roots.end(),
                                    root_name_) != names.known_roots.end();
  if (root_seen_ && records_begun_ == 0 && !known_root) {
    std::string looked_for;
    for (std::size_t i = 0; i < names.records.size(); ++i) {
      if (i > 0) looked_for += i + 1 == names.records.size() ? " or " : ", ";
      looked_for += "<" + std::string(names.records[i]) + ">";
    }
    output_.skip(names.reason,
                 Issue{root_where_,
                       "root element <" + root_name_ + "> is not " + names.roots +
                           " and holds no " + looked_for + "; nothing read from this file",
                       root_line_});
  }
  output_.finish();
  parser_ = nullptr;
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
