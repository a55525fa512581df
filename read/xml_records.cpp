// The record-level layer of read/xml_records.hpp shared by the pubmed-xml and jats readers: the
// record handler, the tag table, text flattening for mixed content, the output queue and the
// field rules.
#include "read/xml_records.hpp"

#include <algorithm>
#include <cstring>
#include <future>
#include <utility>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/pmid.hpp"
#include "support/ascii.hpp"

namespace citegraph::io::xml {

using ascii::is_xml_space;

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

TagTable::TagTable(std::initializer_list<std::pair<std::string_view, int>> tags) : slots_(kSlots) {
  for (const auto& [name, tag] : tags) {
    std::size_t slot = hash(name) % kSlots;
    while (slots_[slot].tag != 0) slot = (slot + 1) % kSlots;
    slots_[slot] = Slot{name, tag};
  }
}

std::size_t TagTable::hash(std::string_view name) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

int TagTable::find(std::string_view name) const {
  for (std::size_t slot = hash(name) % kSlots;; slot = (slot + 1) % kSlots) {
    const Slot& s = slots_[slot];
    if (s.tag == 0) return 0;
    if (s.name == name) return s.tag;
  }
}

void Text::append(std::string_view piece) {
  const char* p = piece.data();
  const char* const end = p + piece.size();
  while (p < end) {
    if (is_xml_space(*p)) {
      pending_space_ = !text_.empty();
      ++p;
      continue;
    }
    const char* word_end = p;
    while (word_end < end && !is_xml_space(*word_end)) ++word_end;
    if (soft_break_) {
      const char last = text_.back();
      const bool joined = last == ' ' || last == '\n' || last == '(' || last == '[';
      const bool punctuation = std::strchr(",.;:)]", *p) != nullptr;
      if (!joined && !punctuation) pending_space_ = true;
      soft_break_ = false;
    }
    if (pending_space_) {
      if (!text_.empty() && text_.back() != '\n') text_.push_back(' ');
      pending_space_ = false;
    }
    text_.append(p, word_end);
    p = word_end;
  }
  if (text_.size() > max_bytes_) {
    throw LimitExceeded("text longer than " + std::to_string(max_bytes_) + " bytes");
  }
}

void Text::hard_break() {
  if (!text_.empty() && text_.back() != '\n') text_.push_back('\n');
  pending_space_ = false;
  soft_break_ = false;
}

std::string Text::take() {
  while (!text_.empty() && (text_.back() == '\n' || text_.back() == ' ')) text_.pop_back();
  std::string out = std::move(text_);
  clear();
  return out;
}

void Text::clear() {
  text_.clear();
  pending_space_ = false;
  soft_break_ = false;
}

Output::~Output() {
  if (busy_.valid()) busy_.wait();  // never leave a thread on in_flight_
}

void Output::prepare_all(std::vector<Item>& items) const {
  std::vector<Item> prepared;
  prepared.reserve(items.size());
  std::vector<Note> notes;
  for (Item& item : items) {
    Record* record = std::get_if<Record>(&item);
    if (record != nullptr) prepare_(*record, notes);
    prepared.push_back(std::move(item));
    for (Note& note : notes) prepared.emplace_back(std::move(note));
    notes.clear();
  }
  items.swap(prepared);
}

void Output::deliver(std::vector<Item>& items) {
  std::vector<Item> batch;
  batch.swap(items);
  for (auto& item : batch) {
    if (auto* record = std::get_if<Record>(&item)) {
      if (sink_) sink_(std::move(*record));
    } else {
      Note& note = std::get<Note>(item);
      if (note.skip) {
        context_.skip(note.reason, note.issue);
      } else {
        context_.warn(note.reason, note.issue);
      }
    }
  }
  // Keep the capacity for the next chunk.
  batch.clear();
  items.swap(batch);
}

void Output::flush() {
  if (prepare_ && context_.threads() != 1) {
    if (busy_.valid()) {
      busy_.get();
      deliver(in_flight_);
    }
    if (pending_.empty()) return;
    in_flight_.swap(pending_);
    busy_ = std::async(std::launch::async, [this] { prepare_all(in_flight_); });
    return;
  }
  if (pending_.empty()) return;
  if (prepare_) prepare_all(pending_);
  deliver(pending_);
}

void Output::finish() {
  if (busy_.valid()) {
    busy_.get();
    deliver(in_flight_);
  }
  if (pending_.empty()) return;
  if (prepare_) prepare_all(pending_);
  deliver(pending_);
}

std::optional<Pmid> parse_pmid(std::string_view text) {
  // Trimmed of XML white space only (not \f or \v, unlike citegraph::parse_pmid(text)), and at
  // most 10 characters (so "00000000001" is refused though citegraph::parse_pmid takes it): kept
  // from the XML readers' own parser.
  text = ascii::trim_if(text, is_xml_space);
  Pmid pmid = 0;
  if (text.size() > 10 || citegraph::parse_pmid(text, pmid) != PmidParse::kOk) return std::nullopt;
  return pmid;
}

std::optional<int> first_year(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!ascii::is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && ascii::is_digit(text[j])) ++j;
    if (j - i == 4) {
      return (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 +
             (text[i + 3] - '0');
    }
    i = j;
  }
  return std::nullopt;
}

}  // namespace citegraph::io::xml
