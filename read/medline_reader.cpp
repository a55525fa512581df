// MEDLINE / NBIB text (format "medline"): PubMed's "PubMed format" export, as written by
// efetch rettype=medline and the "Save citations" button. Layout (NLM's MEDLINE/PubMed data
// element field descriptions; the same rules as Biopython's Bio.Medline.parse):
//  - a field line is a tag of up to 4 characters padded with spaces to 4, then "- ", then the
//    value ("PMID- 16403221", "TI  - A title");
//  - a continuation line starts with 6 spaces; its text joins the previous value with one space
//    (trailing blanks of every line are dropped first). Inside a record, a line of 6 or more
//    blanks (PubMed writes them inside some book abstracts) is an empty continuation, not the
//    end of the record;
//  - records are separated by blank lines; CRLF line ends, leading blank lines and a UTF-8 BOM
//    are accepted.
// Mapping to Record, and the choices made:
//  - PMID -> ids.pmid (1..4294967295). TI -> title, AB -> abstract, both as written (trailing
//    period kept, as in PubMed XML). VI, IP, PG as written.
//  - journal = TA (the NLM title abbreviation, e.g. "Bioinformatics") when present, else JT (the
//    full journal title): citation strings in reference lists, and hence the graph's citation
//    keys, use the abbreviation.
//  - year = the first 4-digit number of DP ("2015 Mar", "1998 Dec-1999 Jan" -> 1998); a DP
//    without one is a warning and the year stays unknown.
//  - authors = the FAU lines (full names, "Casbon, James A") when the record has any, else the
//    AU lines ("Casbon JA"); PubMed gives both for the same authors, so they are never mixed.
//  - affiliations = the AD values in order, duplicates dropped (PubMed repeats an institution
//    once per author).
//  - keywords = OT values. mesh = MH values reduced to the descriptor: the major-topic '*' marks
//    and every "/qualifier" are removed ("Sequence Alignment/*methods" -> "Sequence
//    Alignment"), so that a heading counts the same whatever qualifiers an indexer added.
//  - ids.doi from the first AID or LID value "10.xxx [doi]" (normalised by normalize_doi; an
//    invalid one is a warning); ids.pmcid from the PMC tag or an AID "PMCnnn [pmc]". Other tags
//    (PT, IS, PHST, SO, ...) are ignored.
//  - has_reference_list is always false: MEDLINE text carries no reference list (RF is only
//    their number).
// Bad input, reported through ReadContext with path, line and column (ParseError under strict):
//  - a line that is neither a field, a continuation nor blank is skipped by itself ("unrecognised
//    line"); the record keeps its other fields, and continuation lines right after the bad line
//    are dropped with it (they continue whatever the bad line was). A continuation line before
//    any field of a record is skipped the same way;
//  - a record without a PMID line is skipped ("record without PMID"), located at its first line;
//  - a bad PMID value skips the whole record ("invalid PMID"), located at the value;
//  - a PMID line inside a record that already has one starts a new record, with a warning
//    (records not separated by a blank line): otherwise one missing blank line would silently
//    merge two works.
//  - a line longer than max_line_bytes is skipped like an unrecognised line; a record longer
//    than max_record_bytes is skipped ("record too long") without holding it; a NUL or invalid
//    UTF-8 byte is repaired with a warning (a ParseError under strict), read/text_check.hpp; a
//    record cut off by damaged gzip data at the end is skipped.
// Streaming: a record is emitted when its blank line (or the end of the input) is read, so
// memory is bounded by the largest record, whatever the size of the file. O(bytes) time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/pmid.hpp"
#include "citegraph/read/readers.hpp"
#include "read/text_check.hpp"
#include "support/ascii.hpp"
#include "support/shown.hpp"

namespace citegraph::io {
namespace {

// Offending lines kept in an Issue are cut: messages quote at most 200 characters anyway.
constexpr std::size_t kMaxIssueLine = 512;
constexpr std::size_t kTagWidth = 4;
constexpr std::size_t kValueColumn = 6;  // 0-based offset of a value after "TAG - "
// Up to this many affiliations a linear search de-duplicates faster than a hash set.
constexpr std::size_t kLinearDedupLimit = 32;
// Buffer reuse between records (see MedlineReader::reset). Strings that fit in place need no
// reuse; a title or abstract buffer above kMaxKeptBuffer is released rather than kept; at most
// kMaxSpare list-value buffers of up to kMaxSpareBuffer bytes are pooled (4 MB at worst).
constexpr std::size_t kSmallString = 15;
constexpr std::size_t kMaxKeptBuffer = std::size_t{1} << 16;
constexpr std::size_t kMaxSpareBuffer = 4096;
constexpr std::size_t kMaxSpare = 1024;

using ascii::is_digit;
using ascii::is_upper;

// MEDLINE's blanks: space, tab and CR (a CR of a CRLF line end); not LF, \f or \v.
constexpr bool is_blank(char c) { return ascii::is_blank(c) || c == '\r'; }

std::string_view trim(std::string_view s) { return ascii::trim_if(s, is_blank); }

bool is_blank_line(std::string_view line) {
  for (char c : line) {
    if (!is_blank(c)) return false;
  }
  return true;
}

constexpr std::uint32_t pack(std::string_view tag) {
  std::uint32_t out = 0;
  for (std::size_t i = 0; i < kTagWidth; ++i) {
    const char c = i < tag.size() ? tag[i] : ' ';
    out = (out << 8) | static_cast<unsigned char>(c);
  }
  return out;
}

enum class Field {
  kNone,  // an ignored tag, or the continuation of a skipped line
  kPmid,
  kTitle,
  kAbstract,
  kJournalTitle,
  kJournalAbbreviation,
  kDate,
  kVolume,
  kIssue,
  kPages,
  kFullAuthor,
  kAuthor,
  kAffiliation,
  kKeyword,
  kMesh,
  kArticleId,  // AID and LID
  kPmc,
};

Field field_of(std::uint32_t tag) {
  switch (tag) {
    case pack("PMID"):
      return Field::kPmid;
    case pack("TI"):
      return Field::kTitle;
    case pack("AB"):
      return Field::kAbstract;
    case pack("JT"):
      return Field::kJournalTitle;
    case pack("TA"):
      return Field::kJournalAbbreviation;
    case pack("DP"):
      return Field::kDate;
    case pack("VI"):
      return Field::kVolume;
    case pack("IP"):
      return Field::kIssue;
    case pack("PG"):
      return Field::kPages;
    case pack("FAU"):
      return Field::kFullAuthor;
    case pack("AU"):
      return Field::kAuthor;
    case pack("AD"):
      return Field::kAffiliation;
    case pack("OT"):
      return Field::kKeyword;
    case pack("MH"):
      return Field::kMesh;
    case pack("AID"):
    case pack("LID"):
      return Field::kArticleId;
    case pack("PMC"):
      return Field::kPmc;
    default:
      return Field::kNone;
  }
}

// A field line: an upper-case letter, up to 3 more letters or digits, spaces to column 4, then
// "- " (or "-" at the end of the line, for an empty value). Sets the packed tag.
bool parse_tag(std::string_view line, std::uint32_t& tag) {
  if (line.size() < kTagWidth + 1 || line[kTagWidth] != '-') return false;
  if (line.size() > kTagWidth + 1 && line[kTagWidth + 1] != ' ') return false;
  if (!is_upper(line[0])) return false;
  std::size_t length = 1;
  while (length < kTagWidth && (is_upper(line[length]) || is_digit(line[length]))) ++length;
  for (std::size_t i = length; i < kTagWidth; ++i) {
    if (line[i] != ' ') return false;
  }
  tag = pack(line.substr(0, length));
  return true;
}

// Empty string when the PMID is valid (and stored in `out`), else what is wrong with it.
std::string check_pmid(std::string_view text, Pmid& out) {
  PmidParse status = parse_pmid(text, out);
  // Kept from the MEDLINE reader's own parser: it reports the first problem met left to right, so
  // digits worth more than 4294967295 before a non-digit ("99999999999x") make "is larger than
  // 4294967295" here where parse_pmid, and the pairs reader, say "is not a number".
  if (status == PmidParse::kNotNumber) {
    Pmid unused = 0;
    const std::string_view digits = text.substr(0, text.find_first_not_of("0123456789"));
    if (parse_pmid(digits, unused) == PmidParse::kTooLarge) status = PmidParse::kTooLarge;
  }
  if (status == PmidParse::kOk) return {};
  return describe_pmid_parse("PMID", text, status);
}

// The first run of exactly 4 digits.
std::optional<int> first_year(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end - i == 4) {
      int year = 0;
      for (std::size_t k = i; k < end; ++k) year = year * 10 + (text[k] - '0');
      return year;
    }
    i = end;
  }
  return std::nullopt;
}

// "Information Storage and Retrieval/*methods/standards" -> "Information Storage and Retrieval".
void reduce_mesh_heading(std::string& heading) {
  const std::size_t slash = heading.find('/');
  if (slash != std::string::npos) heading.resize(slash);
  std::erase(heading, '*');
  const std::string_view kept = trim(heading);
  if (kept.size() != heading.size()) heading = std::string(kept);
}

void dedup_in_order(std::vector<std::string>& values) {
  if (values.size() < 2) return;
  std::size_t kept = 0;
  if (values.size() <= kLinearDedupLimit) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      bool seen = false;
      for (std::size_t k = 0; k < kept && !seen; ++k) seen = values[k] == values[i];
      if (!seen) {
        if (kept != i) values[kept] = std::move(values[i]);
        ++kept;
      }
    }
  } else {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (seen.insert(values[i]).second) {
        if (kept != i) values[kept] = std::move(values[i]);
        ++kept;
      }
    }
  }
  values.resize(kept);
}

class MedlineReader {
 public:
  MedlineReader(Input& input, ReadContext& context, const RecordSink& sink)
      : input_(input),
        lines_(input, context.limits().max_line_bytes),
        path_(input.path()),
        context_(context),
        sink_(sink) {}

  void run() {
    std::string_view line;
    bool first = true;
    while (lines_.next(line)) {
      if (first) {
        if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
        first = false;
      }
      if (!check_line(line, lines_, context_, repaired_)) {
        drop_line(line);  // too long, reported
      } else if (oversized_) {
        if (is_blank_line(line)) end_record();
      } else {
        handle(line);
      }
      if (open_) {
        last_line_ = lines_.line_number();
        record_bytes_ += line.size() + 1;
        if (record_bytes_ > context_.limits().max_record_bytes && !oversized_ && !skipping_) {
          oversized_ = true;
          end_field();
          context_.skip(
              "record too long",
              Issue{record_.where,
                    "record longer than " + std::to_string(context_.limits().max_record_bytes) +
                        " bytes; skipped up to the next blank line",
                    first_line_text_});
        }
      }
    }
    // Damaged gzip data ended the content: a record still open may miss lines.
    if (input_.damage() && open_ && !oversized_ && !skipping_ && has_field_) {
      end_field();
      context_.skip("record cut off by damaged gzip data",
                    Issue{record_.where,
                          "record starting here (up to line " + std::to_string(last_line_) +
                              ") is cut off where the gzip data is damaged; skipped",
                          first_line_text_});
      skipping_ = true;
    }
    end_record();
  }

 private:
  void handle(std::string_view line) {
    if (line.starts_with("      ")) {
      const std::string_view text = trim(line.substr(kValueColumn));
      if (open_ && field_ != Field::kNone) {
        continue_field(text);
        return;
      }
      if (open_ || text.empty()) return;  // the rest of a skipped line; or a blank line
      // Before any field: nothing for it to continue.
      bad_line(line, "continuation line outside a record");
      return;
    }
    std::uint32_t tag = 0;
    if (parse_tag(line, tag)) {
      field_line(tag, line);
      return;
    }
    if (is_blank_line(line)) {
      end_record();
      return;
    }
    bad_line(line, "line is neither \"TAG - value\", a continuation nor blank");
  }

  void field_line(std::uint32_t tag, std::string_view line) {
    end_field();
    const Field field = field_of(tag);
    if (field == Field::kPmid && open_ && saw_pmid_) {
      context_.warn("records not separated by a blank line",
                    issue(1, "a second PMID line starts a new record", line));
      end_record();
    }
    // A record is located at its first field line, not at a bad line before it.
    if (!open_ || !has_field_) open_record(line);
    has_field_ = true;
    field_ = field;
    if (field == Field::kNone) return;
    field_line_number_ = lines_.line_number();
    const std::string_view value =
        trim(line.size() > kValueColumn ? line.substr(kValueColumn) : std::string_view{});
    target_ = start_value(field);
    target_->assign(value);
    if (field == Field::kPmid) {
      saw_pmid_ = true;
      field_line_text_.assign(ascii::utf8_prefix(line, kMaxIssueLine));
    } else if (field == Field::kDate || field == Field::kArticleId || field == Field::kPmc) {
      field_line_text_.assign(ascii::utf8_prefix(line, kMaxIssueLine));
    }
  }

  // Where the value of a new field line goes.
  std::string* start_value(Field field) {
    switch (field) {
      case Field::kTitle:
        return &record_.title;
      case Field::kAbstract:
        return &record_.abstract;
      case Field::kJournalTitle:
        return &journal_title_;
      case Field::kJournalAbbreviation:
        return &journal_abbreviation_;
      case Field::kVolume:
        return &record_.volume;
      case Field::kIssue:
        return &record_.issue;
      case Field::kPages:
        return &record_.pages;
      case Field::kFullAuthor:
        return &add_value(record_.authors);
      case Field::kAuthor:
        return &add_value(short_authors_);
      case Field::kAffiliation:
        return &add_value(record_.affiliations);
      case Field::kKeyword:
        return &add_value(record_.keywords);
      case Field::kMesh:
        return &add_value(record_.mesh);
      case Field::kPmid:
      case Field::kDate:
      case Field::kArticleId:
      case Field::kPmc:
      case Field::kNone:
        break;
    }
    // Parsed when the field ends, so that a wrapped value is parsed whole.
    return &scratch_;
  }

  void continue_field(std::string_view text) {
    if (text.empty()) return;
    if (!target_->empty()) target_->push_back(' ');
    target_->append(text);
  }

  // The current field is complete (the next line is not its continuation): parse it if needed.
  void end_field() {
    // Most lines end a field that needs nothing done: stay out of the switch for them.
    if (field_ == Field::kNone) return;
    switch (field_) {
      case Field::kPmid:
        end_pmid();
        break;
      case Field::kDate:
        record_.year = first_year(scratch_);
        if (!record_.year) {
          warn_field("DP without a year",
                     issue_at_field(kValueColumn + 1, "date " + shown(scratch_) + " has no year"));
        }
        break;
      case Field::kArticleId:
        end_article_id();
        break;
      case Field::kPmc:
        if (record_.ids.pmcid.empty()) {
          record_.ids.pmcid = normalize_pmcid(scratch_);
          if (record_.ids.pmcid.empty()) {
            warn_field("invalid PMCID",
                       issue_at_field(kValueColumn + 1, "PMCID " + shown(scratch_) +
                                                            " is not PMC followed by digits"));
          }
        }
        break;
      case Field::kMesh:
        reduce_mesh_heading(record_.mesh.back());
        if (record_.mesh.back().empty()) record_.mesh.pop_back();
        break;
      case Field::kFullAuthor:
        if (record_.authors.back().empty()) record_.authors.pop_back();
        break;
      case Field::kAuthor:
        if (short_authors_.back().empty()) short_authors_.pop_back();
        break;
      case Field::kAffiliation:
        if (record_.affiliations.back().empty()) record_.affiliations.pop_back();
        break;
      case Field::kKeyword:
        if (record_.keywords.back().empty()) record_.keywords.pop_back();
        break;
      default:
        break;
    }
    field_ = Field::kNone;
    target_ = nullptr;
  }

  // A warning about a value of the current record; none for a record that is being skipped.
  void warn_field(const std::string& reason, const Issue& issue) {
    if (!skipping_) context_.warn(reason, issue);
  }

  void end_pmid() {
    Pmid pmid = 0;
    const std::string problem = check_pmid(scratch_, pmid);
    if (problem.empty()) {
      if (!skipping_) record_.ids.pmid = pmid;
      return;
    }
    skipping_ = true;
    context_.skip("invalid PMID", issue_at_field(kValueColumn + 1, problem + "; record skipped"));
  }

  // "10.1186/1471-2105-7-10 [doi]", "PMC1373603 [pmc]", "btk021 [pii]".
  void end_article_id() {
    std::string_view value = scratch_;
    const std::size_t open = value.rfind('[');
    if (open == std::string_view::npos || value.back() != ']') return;
    const std::string_view kind = value.substr(open + 1, value.size() - open - 2);
    const std::string_view id = trim(value.substr(0, open));
    if (kind == "doi") {
      if (!record_.ids.doi.empty()) return;  // AID and LID usually repeat the same DOI
      record_.ids.doi = normalize_doi(id);
      if (record_.ids.doi.empty()) {
        warn_field("invalid DOI",
                   issue_at_field(kValueColumn + 1, "DOI " + shown(id) + " is not 10.x/y"));
      }
    } else if (kind == "pmc") {
      if (record_.ids.pmcid.empty()) record_.ids.pmcid = normalize_pmcid(id);
    }
  }

  void open_record(std::string_view first_line) {
    open_ = true;
    record_.where.path = path_;  // assigned, not constructed: keeps the buffer
    record_.where.line = lines_.line_number();
    record_.where.column = 1;
    first_line_text_.assign(ascii::utf8_prefix(first_line, kMaxIssueLine));
  }

  void end_record() {
    end_field();
    if (!open_) return;
    if (!skipping_ && !oversized_) {
      if (record_.ids.pmid) {
        emit();
      } else if (has_field_) {
        context_.skip("record without PMID",
                      Issue{record_.where,
                            "record starting here (up to line " + std::to_string(last_line_) +
                                ") has no PMID line",
                            first_line_text_});
      }
    }
    reset();
  }

  void emit() {
    if (record_.authors.empty()) record_.authors.swap(short_authors_);
    record_.journal = journal_abbreviation_.empty() ? journal_title_ : journal_abbreviation_;
    record_.journal_names.clear();
    if (!journal_abbreviation_.empty() && !journal_title_.empty()) {
      record_.journal_names.push_back(journal_title_);  // JT, shown as TA
    }
    dedup_in_order(record_.affiliations);
    record_.has_reference_list = false;
    sink_(std::move(record_));
  }

  // Clears the record for the next one but keeps its buffers: sinks usually only read the
  // record (GraphBuilder::add takes it by const reference), and reusing the strings saves most
  // of the allocations of a record. A sink that moved from it leaves empty buffers: also fine.
  void reset() {
    recycle(record_.title);
    recycle(record_.abstract);
    recycle(record_.journal);
    record_.volume.clear();
    record_.issue.clear();
    record_.pages.clear();
    record_.ids.pmid.reset();
    record_.ids.doi.clear();
    record_.ids.pmcid.clear();
    record_.year.reset();
    recycle(record_.authors);
    recycle(record_.affiliations);
    recycle(record_.keywords);
    recycle(record_.mesh);
    recycle(short_authors_);
    record_.references.clear();
    record_.retracted = false;
    record_.deletion = false;
    journal_title_.clear();
    journal_abbreviation_.clear();
    open_ = false;
    saw_pmid_ = false;
    has_field_ = false;
    skipping_ = false;
    oversized_ = false;
    record_bytes_ = 0;
  }

  // A new element of a list field, reusing a spare buffer when there is one.
  std::string& add_value(std::vector<std::string>& list) {
    if (spare_.empty()) return list.emplace_back();
    list.push_back(std::move(spare_.back()));
    spare_.pop_back();
    list.back().clear();
    return list.back();
  }

  void recycle(std::vector<std::string>& list) {
    for (std::string& value : list) {
      if (value.capacity() > kSmallString && value.capacity() <= kMaxSpareBuffer &&
          spare_.size() < kMaxSpare) {
        spare_.push_back(std::move(value));
      }
    }
    list.clear();
  }

  // One overlong value (a 10 MB abstract) must not pin its buffer for the rest of the input.
  static void recycle(std::string& value) {
    if (value.capacity() > kMaxKeptBuffer) {
      std::string().swap(value);
    } else {
      value.clear();
    }
  }

  void bad_line(std::string_view line, const std::string& message) {
    context_.skip("unrecognised line", issue(1, message, line));
    drop_line(line);
  }

  // A line skipped by itself; its continuation lines, if any, are dropped with it (field_ is
  // kNone now).
  void drop_line(std::string_view line) {
    end_field();
    if (!open_) open_record(line);
  }

  [[nodiscard]] Issue issue(std::uint32_t column, std::string message,
                            std::string_view line) const {
    return Issue{SourceLocation{path_, lines_.line_number(), column}, std::move(message),
                 std::string(ascii::utf8_prefix(line, kMaxIssueLine))};
  }

  [[nodiscard]] Issue issue_at_field(std::size_t column, std::string message) const {
    return Issue{SourceLocation{path_, field_line_number_, static_cast<std::uint32_t>(column)},
                 std::move(message), field_line_text_};
  }

  Input& input_;
  LineReader lines_;
  const std::string& path_;
  ReadContext& context_;
  const RecordSink& sink_;

  Record record_;
  std::vector<std::string> short_authors_;  // AU, used when the record has no FAU
  std::string journal_title_;               // JT
  std::string journal_abbreviation_;        // TA
  bool open_ = false;       // a record has started (a field or a bad line since the last blank)
  bool saw_pmid_ = false;   // it has a PMID line (valid or not)
  bool has_field_ = false;  // it has at least one well-formed field line
  bool skipping_ = false;   // its PMID is bad: read to its end and drop it
  bool oversized_ = false;  // beyond max_record_bytes: its lines are not kept
  std::uint64_t record_bytes_ = 0;
  std::string repaired_;  // a line with NUL or invalid UTF-8, repaired
  std::string first_line_text_;
  std::vector<std::string> spare_;  // buffers of the previous records' list values
  std::uint64_t last_line_ = 0;     // the last line read that belongs to the record

  Field field_ = Field::kNone;  // the field that continuation lines extend
  std::string* target_ = nullptr;
  std::string scratch_;  // the value of a field parsed when it ends
  std::uint64_t field_line_number_ = 0;
  std::string field_line_text_;
};

}  // namespace

void read_medline(Input& input, ReadContext& context, const RecordSink& sink) {
  MedlineReader(input, context, sink).run();
}

}  // namespace citegraph::io
