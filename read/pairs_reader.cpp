// Citation pairs and iCite metadata CSV (format "pairs"). Three dialects, told apart by the
// header on line 1 (columns are found by name, in any order):
//  - NIH Open Citation Collection (Hutchins et al., "The NIH Open Citation Collection: A public
//    access, broad coverage resource", PLoS Biol 17(10):e3000385, 2019): header exactly
//    `citing,referenced`, then one `citingPMID,referencedPMID` pair per line. The full file has
//    ~870 million lines, so the common line is parsed by a fast path that reads the two
//    integers in place, without splitting into fields or allocating; anything else on a line
//    falls back to the general CSV path, which also explains what is wrong.
//  - OpenCitations (COCI/NOCI/Index dumps): quoted fields, `"citing","cited",...` with extra
//    columns ignored; a value is a bare PMID, a prefixed id (`pmid:123`, `doi:10.x/y`,
//    `pmcid:PMC1`) or several space-separated prefixed ids (`omid:br/1 doi:10.x/y pmid:2`); ids
//    of other schemes (omid, openalex, ...) are ignored.
//  - iCite metadata CSV (Hutchins et al., "Relative Citation Ratio (RCR)", PLoS Biol 14(9),
//    2016, and the iCite database snapshots): `pmid,doi,title,authors,year,journal,...,
//    cited_by,references` with space-separated PMID lists. Each row is one Record with its own
//    metadata and its `references` as the reference list. `cited_by` is read past, not turned
//    into edges: the citing works it names are not records of this input (their own rows, if
//    present, carry the same links as references), and adding them would make every cited-by
//    PMID a source of the corpus.
// A plain, regular OCC file is read by read_pairs_parallel instead (read/pairs_parallel.cpp): byte
// ranges cut at line boundaries parsed by a team of threads into PMID runs (no Records), the
// SHA-256 on a thread of its own, and the lines that are not `digits,digits` handed, in file
// order, to this general reader (OccRegionReader, read/pairs_region.hpp, runs
// PairsReader::run_occ_region), which reads on from each until it holds nothing to read again
// -- so every skip, warning and pair is the one a serial read gives.
// Consecutive pair lines with the same citing work become one Record; a citing work that
// appears again later simply yields another Record, which the graph builder merges.
// Fields follow RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. A
// quote left open is given up after kMaxRecordLines lines (or kMaxRecordBytes) or at the end of
// the input; its record is skipped and the lines it swallowed are read again as records of
// their own, so one stray quote costs one row, not the rest of the file.
// Bad rows (non-numeric, zero or > 4294967295 PMIDs, wrong field count, broken quoting) are
// skipped through ReadContext with their line and column; a bad PMID inside an iCite reference
// list skips only that reference. A missing or unknown header is a ParseError at line 1.
// Lines longer than max_line_bytes are skipped, NUL and invalid UTF-8 repaired with a warning
// (a ParseError under strict), and a last line cut off by damaged gzip data skipped.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/pmid.hpp"
#include "citegraph/read/readers.hpp"
#include "read/pairs_region.hpp"
#include "read/text_check.hpp"
#include "support/ascii.hpp"
#include "support/shown.hpp"

namespace citegraph::io {
namespace {

constexpr std::size_t kMaxRecordLines = 100;
constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;
// Offending lines kept in an Issue are cut: messages quote at most 200 characters anyway.
constexpr std::size_t kMaxIssueLine = 512;
constexpr std::uint64_t kMaxPmid = 4294967295ULL;

using ascii::is_blank;
using ascii::is_digit;

// Field values are trimmed of space, tab, CR and LF (not \f or \v, unlike ascii::trim).
std::string_view trim(std::string_view s) { return ascii::trim_if(s, ascii::is_xml_space); }

bool is_blank_line(std::string_view line) {
  for (char c : line) {
    if (!is_blank(c)) return false;
  }
  return true;
}

// `what` names the field ("citing", "reference"); empty for a row's own PMID.
std::string describe_bad_pmid(std::string_view what, std::string_view value, PmidParse status) {
  const std::string subject = what.empty() ? std::string("PMID") : std::string(what) + " PMID";
  return describe_pmid_parse(subject, value, status);
}

// "123,456" with both PMIDs valid and nothing else on the line; false sends the line to the
// general path (which uses parse_pmid). Kept inline as the hot path of OCC files. At most 10 digits
// each, so that the accumulator cannot overflow.
bool parse_occ_line(std::string_view line, Pmid& citing, Pmid& cited, std::uint32_t& cited_column) {
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* p = begin;
  std::uint64_t a = 0;
  while (p < end && is_digit(*p) && p - begin < 10)
    a = a * 10 + static_cast<std::uint64_t>(*p++ - '0');
  if (p == begin || p == end || *p != ',' || a == 0 || a > kMaxPmid) return false;
  const char* const second = ++p;
  std::uint64_t b = 0;
  while (p < end && is_digit(*p) && p - second < 10)
    b = b * 10 + static_cast<std::uint64_t>(*p++ - '0');
  if (p != end || p == second || b == 0 || b > kMaxPmid) return false;
  citing = static_cast<Pmid>(a);
  cited = static_cast<Pmid>(b);
  cited_column = static_cast<std::uint32_t>(second - begin + 1);
  return true;
}

// Splits one CSV record (RFC 4180) into fields. Values are unescaped into one reused buffer,
// so splitting allocates nothing once the buffers have grown to the longest record.
class CsvSplitter {
 public:
  enum class Result { kOk, kOpenQuote, kJunkAfterQuote };

  Result split(std::string_view text) {
    fields_.clear();
    values_.clear();
    std::size_t i = 0;
    for (;;) {
      Field field{values_.size(), 0, i, false};
      if (i < text.size() && text[i] == '"') {
        field.quoted = true;
        ++i;
        for (;;) {
          const std::size_t quote = text.find('"', i);
          if (quote == std::string_view::npos) {
            error_offset_ = field.offset;
            return Result::kOpenQuote;
          }
          values_.append(text.substr(i, quote - i));
          if (quote + 1 < text.size() && text[quote + 1] == '"') {
            values_ += '"';
            i = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        while (i < text.size() && is_blank(text[i])) ++i;
        if (i < text.size() && text[i] != ',') {
          error_offset_ = i;
          return Result::kJunkAfterQuote;
        }
      } else {
        std::size_t comma = text.find(',', i);
        if (comma == std::string_view::npos) comma = text.size();
        values_.append(text.substr(i, comma - i));
        i = comma;
      }
      field.size = values_.size() - field.begin;
      fields_.push_back(field);
      if (i >= text.size()) return Result::kOk;
      ++i;  // the comma
    }
  }

  [[nodiscard]] std::size_t size() const { return fields_.size(); }
  // The unescaped value, trimmed of surrounding blanks.
  [[nodiscard]] std::string_view value(std::size_t i) const {
    return trim(std::string_view(values_).substr(fields_[i].begin, fields_[i].size));
  }
  // Offset of the field's first character (its opening quote, if quoted) in the record text.
  [[nodiscard]] std::size_t offset(std::size_t i) const { return fields_[i].offset; }
  // Offset in the record text of the start of the value, for locating parts of a value.
  [[nodiscard]] std::size_t value_offset(std::size_t i) const {
    std::size_t offset = fields_[i].offset + (fields_[i].quoted ? 1 : 0);
    const std::string_view raw =
        std::string_view(values_).substr(fields_[i].begin, fields_[i].size);
    for (std::size_t k = 0; k < raw.size() && is_blank(raw[k]); ++k) ++offset;
    return offset;
  }
  [[nodiscard]] std::size_t error_offset() const { return error_offset_; }

 private:
  struct Field {
    std::size_t begin;  // in values_
    std::size_t size;
    std::size_t offset;  // in the record text
    bool quoted;
  };
  std::vector<Field> fields_;
  std::string values_;
  std::size_t error_offset_ = 0;
};

// Lines from the input, with the lines of an abandoned multi-line record queued to be read
// again.
class LineSource {
 public:
  // `line_base`: lines read before the input's first byte (an input that starts mid-file).
  LineSource(Input& input, ReadContext& context, std::uint64_t line_base = 0)
      : input_(input),
        context_(context),
        lines_(input, context.limits().max_line_bytes),
        line_base_(line_base),
        from_base_(line_base != 0) {}

  // The next line read from the input is line `line_base` + 1 (the input was moved there).
  void jump(std::uint64_t line_base) {
    line_base_ = line_base - lines_.line_number();
    from_base_ = true;
  }

  // The next line: too long ones are skipped, NUL and invalid UTF-8 repaired (io/text_check),
  // and a last line cut off by damaged gzip data is skipped, since its last value may be cut.
  bool next(std::string_view& line, std::uint64_t& number) {
    if (!replay_.empty()) {
      current_ = std::move(replay_.front());
      replay_.pop_front();
      line = current_.second;
      number = current_.first;
      return true;
    }
    for (;;) {
      if (!lines_.next(line)) return false;
      number = line_base_ + lines_.line_number();
      if (!lines_.terminated() && input_.damage()) {
        context_.skip(
            "line cut off by damaged gzip data",
            Issue{SourceLocation{lines_.path(), number, 0},
                  "last line before the damaged gzip data is cut off; skipped", issue_line(line)});
        return false;
      }
      if (from_base_ ? check(line, number) : check_line(line, lines_, context_, repaired_)) {
        return true;
      }
    }
  }

  [[nodiscard]] bool replay_empty() const { return replay_.empty(); }
  // The number of the last line read from the input (not replayed).
  [[nodiscard]] std::uint64_t last_line() const { return line_base_ + lines_.line_number(); }

  // check_line (read/text_check.hpp) for a line numbered from line_base_: the same skips and
  // repairs with the same messages.
  bool check(std::string_view& line, std::uint64_t number) {
    if (lines_.too_long()) {
      context_.skip(
          "line too long",
          Issue{SourceLocation{lines_.path(), number, 0},
                "line longer than " + std::to_string(lines_.max_line_bytes()) + " bytes; skipped",
                issue_line(line)});
      return false;
    }
    const std::size_t bad = find_bad_text_byte(line);
    if (bad == std::string_view::npos) return true;
    Issue issue{SourceLocation{lines_.path(), number, static_cast<std::uint32_t>(bad + 1)},
                describe_bad_byte(line, bad) + " in the text", issue_line(line)};
    if (context_.strict()) context_.skip("NUL or invalid UTF-8", issue);  // throws
    issue.message += "; replaced by U+FFFD";
    context_.warn("NUL or invalid UTF-8 repaired", issue);
    repair_text(line, repaired_);
    line = repaired_;
    return true;
  }

  void replay(std::vector<std::pair<std::uint64_t, std::string>>&& lines) {
    replay_.insert(replay_.begin(), std::make_move_iterator(lines.begin()),
                   std::make_move_iterator(lines.end()));
    lines.clear();
  }

 private:
  Input& input_;
  ReadContext& context_;
  LineReader lines_;
  std::uint64_t line_base_;
  bool from_base_;  // numbers are line_base_ + the LineReader's
  std::string repaired_;
  std::deque<std::pair<std::uint64_t, std::string>> replay_;
  std::pair<std::uint64_t, std::string> current_;
};

enum class Dialect { kOcc, kOpenCitations, kIcite };

class PairsReader {
 public:
  // With pmid_sink, records of bare PMIDs go there as PmidCitations (read_input's overload).
  PairsReader(Input& input, ReadContext& context, const RecordSink& sink,
              std::uint64_t line_base = 0, const PmidCitationSink* pmid_sink = nullptr)
      : path_(input.path()),
        context_(context),
        sink_(sink),
        pmid_sink_(pmid_sink),
        source_(input, context, line_base) {}

  void run() {
    read_header();
    std::string_view line;
    std::uint64_t number = 0;
    while (source_.next(line, number)) process(line, number);
    flush();
    hand_over_pmids();
  }

  // Reads an OCC file from the middle: the input starts at a line (numbered line_base + 1) that
  // the parallel reader could not take, and reading goes on as run() would until nothing is
  // left to read again (no abandoned multi-line record waiting) and `more` says stop. Returns
  // the number of the last line read from the input.
  // The input was moved to the start of line line_base + 1.
  void jump(std::uint64_t line_base) { source_.jump(line_base); }

  // `more(n)` says whether to go on with line n too once nothing is left to read again (it is
  // one the parallel reader did not take either).
  template <class More>
  std::uint64_t run_occ_region(const More& more) {
    dialect_ = Dialect::kOcc;
    field_count_ = 2;
    citing_column_ = 0;
    cited_column_ = 1;
    std::string_view line;
    std::uint64_t number = 0;
    while (source_.next(line, number)) {
      process(line, number);
      if (source_.replay_empty() && !more(source_.last_line() + 1)) break;
    }
    flush();
    return source_.last_line();
  }

 private:
  void process(std::string_view line, std::uint64_t number) {
    if (is_blank_line(line)) return;
    if (dialect_ == Dialect::kOcc) {
      Pmid citing = 0;
      Pmid cited = 0;
      std::uint32_t cited_column = 0;
      if (parse_occ_line(line, citing, cited, cited_column)) {
        WorkIds citing_ids;
        citing_ids.pmid = citing;
        add_pair(citing_ids, number, cited, cited_column);
        return;
      }
    }
    if (!gather_record(line, number)) return;
    if (dialect_ == Dialect::kIcite) {
      icite_row();
    } else {
      pairs_row();
    }
  }

  void read_header() {
    std::string_view line;
    std::uint64_t number = 0;
    if (!source_.next(line, number)) {
      throw ParseError(SourceLocation{path_, 1, 1}, "missing header: the input is empty");
    }
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line == "citing,referenced") {
      dialect_ = Dialect::kOcc;
      field_count_ = 2;
      citing_column_ = 0;
      cited_column_ = 1;
      return;
    }
    const std::string header(line);
    if (splitter_.split(header) == CsvSplitter::Result::kOk) {
      std::vector<std::string> names;
      for (std::size_t i = 0; i < splitter_.size(); ++i) {
        std::string name(splitter_.value(i));
        for (char& c : name) c = ascii::to_lower(c);
        names.push_back(std::move(name));
      }
      auto find = [&names](std::string_view name) -> std::size_t {
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (names[i] == name) return i;
        }
        return kNone;
      };
      field_count_ = names.size();
      if (find("pmid") != kNone && find("references") != kNone) {
        dialect_ = Dialect::kIcite;
        pmid_column_ = find("pmid");
        references_column_ = find("references");
        doi_column_ = find("doi");
        title_column_ = find("title");
        authors_column_ = find("authors");
        year_column_ = find("year");
        journal_column_ = find("journal");
        return;
      }
      const std::size_t cited = find("cited") != kNone ? find("cited") : find("referenced");
      if (find("citing") != kNone && cited != kNone) {
        dialect_ = Dialect::kOpenCitations;
        citing_column_ = find("citing");
        cited_column_ = cited;
        return;
      }
    }
    throw ParseError(SourceLocation{path_, 1, 1},
                     "not a citation-pairs header: expected \"citing,referenced\" (NIH Open "
                     "Citation Collection), \"citing\" and \"cited\" columns (OpenCitations) or "
                     "\"pmid\" and \"references\" columns (iCite)",
                     std::string(ascii::utf8_prefix(line, kMaxIssueLine)));
  }

  // Makes record_ the full text of the CSV record starting with `line` and splits it; false
  // (after reporting the skip) when its quoting is broken.
  bool gather_record(std::string_view line, std::uint64_t number) {
    record_line_ = number;
    record_ = line;
    multiline_ = false;
    CsvSplitter::Result result = splitter_.split(record_);
    if (result == CsvSplitter::Result::kOpenQuote) {
      // A quoted field spans lines: collect them, keeping each so that they can be read again
      // if the quote turns out never to close.
      joined_.assign(line);
      held_.clear();
      multiline_ = true;
      std::uint64_t next_number = 0;
      for (;;) {
        std::string_view more;
        if (held_.size() + 1 >= kMaxRecordLines || joined_.size() > kMaxRecordBytes ||
            !source_.next(more, next_number)) {
          record_ = joined_;
          const std::size_t opening = splitter_.error_offset();
          context_.skip("unterminated quote",
                        issue(opening, "quoted field opened here is never closed (gave up after " +
                                           std::to_string(held_.size() + 1) + " line" +
                                           (held_.empty() ? "" : "s") + ")"));
          source_.replay(std::move(held_));
          return false;
        }
        joined_ += '\n';
        joined_ += more;
        held_.emplace_back(next_number, std::string(more));
        record_ = joined_;
        result = splitter_.split(record_);
        if (result != CsvSplitter::Result::kOpenQuote) break;
      }
    }
    if (result == CsvSplitter::Result::kJunkAfterQuote) {
      context_.skip("malformed quoting",
                    issue(splitter_.error_offset(), "unexpected character after a closing quote"));
      return false;
    }
    if (splitter_.size() != field_count_) {
      const std::size_t offset =
          splitter_.size() > field_count_ ? splitter_.offset(field_count_) : record_.size();
      context_.skip("wrong field count",
                    issue(offset, "expected " + std::to_string(field_count_) + " fields, found " +
                                      std::to_string(splitter_.size())));
      return false;
    }
    return true;
  }

  // Where `offset` of the current record text lies in the input; `line_start` receives the
  // offset at which that physical line begins.
  [[nodiscard]] SourceLocation locate(std::size_t offset, std::size_t* line_start = nullptr) const {
    offset = std::min(offset, record_.size());
    std::uint64_t line = record_line_;
    std::size_t start = 0;
    if (multiline_) {
      for (std::size_t i = 0; i < offset; ++i) {
        if (record_[i] == '\n') {
          ++line;
          start = i + 1;
        }
      }
    }
    if (line_start != nullptr) *line_start = start;
    return SourceLocation{path_, line, static_cast<std::uint32_t>(offset - start + 1)};
  }

  // An Issue at `offset` of the current record text, quoting the physical line it falls on.
  [[nodiscard]] Issue issue(std::size_t offset, std::string message) const {
    std::size_t start = 0;
    SourceLocation where = locate(offset, &start);
    std::size_t end = record_.find('\n', start);
    if (end == std::string_view::npos) end = record_.size();
    const std::string_view text = record_.substr(start, end - start);
    return Issue{std::move(where), std::move(message),
                 std::string(ascii::utf8_prefix(text, kMaxIssueLine))};
  }

  // Reads field `column` as the PMID of `what`; reports the skip and returns false if bad.
  bool field_pmid(std::size_t column, std::string_view what, Pmid& out) {
    const std::string_view value = splitter_.value(column);
    const PmidParse status = parse_pmid(value, out);
    if (status == PmidParse::kOk) return true;
    context_.skip("invalid PMID",
                  issue(splitter_.value_offset(column), describe_bad_pmid(what, value, status)));
    return false;
  }

  // An OpenCitations value: one id or several space-separated prefixed ids.
  bool field_ids(std::size_t column, std::string_view what, WorkIds& out) {
    const std::string_view value = splitter_.value(column);
    const std::size_t base = splitter_.value_offset(column);
    std::size_t pos = 0;
    while (pos < value.size()) {
      while (pos < value.size() && is_blank(value[pos])) ++pos;
      std::size_t end = pos;
      while (end < value.size() && !is_blank(value[end])) ++end;
      if (end == pos) break;
      const std::string_view token = value.substr(pos, end - pos);
      const std::size_t token_offset = base + pos;
      pos = end;

      std::string_view pmid_text;
      bool is_pmid = false;
      if (ascii::istarts_with(token, "pmid:")) {
        pmid_text = token.substr(5);
        is_pmid = true;
      } else if (!token.empty() && is_digit(token.front())) {
        if (token.starts_with("10.")) {
          out.doi = normalize_doi(token);
          if (out.doi.empty()) return bad_id(token_offset, what, token);
          continue;
        }
        pmid_text = token;
        is_pmid = true;
      }
      if (is_pmid) {
        Pmid pmid = 0;
        const PmidParse status = parse_pmid(pmid_text, pmid);
        if (status != PmidParse::kOk) {
          context_.skip("invalid PMID",
                        issue(token_offset, describe_bad_pmid(what, pmid_text, status)));
          return false;
        }
        out.pmid = pmid;
      } else if (ascii::istarts_with(token, "doi:") ||
                 (ascii::istarts_with(token, "http") &&
                  token.find("doi.org/") != std::string_view::npos)) {
        out.doi = normalize_doi(token);
        if (out.doi.empty()) return bad_id(token_offset, what, token);
      } else if (ascii::istarts_with(token, "pmcid:") || ascii::istarts_with(token, "pmc:") ||
                 ascii::istarts_with(token, "pmc")) {
        const std::size_t colon = token.find(':');
        out.pmcid =
            normalize_pmcid(colon == std::string_view::npos ? token : token.substr(colon + 1));
        if (out.pmcid.empty()) return bad_id(token_offset, what, token);
      } else if (token.find(':') == std::string_view::npos) {
        return bad_id(token_offset, what, token);
      }
      // Other schemes (omid:, openalex:, wikidata:, issn:, ...) name the same work in
      // registries we do not match on.
    }
    if (out.empty()) {
      context_.skip("invalid identifier", issue(base, std::string(what) + " " + shown(value) +
                                                          " has no PMID, DOI or PMCID"));
      return false;
    }
    return true;
  }

  bool bad_id(std::size_t offset, std::string_view what, std::string_view token) {
    context_.skip("invalid identifier", issue(offset, std::string(what) + " " + shown(token) +
                                                          " is not a PMID, DOI or PMCID"));
    return false;
  }

  void pairs_row() {
    WorkIds citing;
    WorkIds cited;
    if (dialect_ == Dialect::kOcc) {
      Pmid citing_pmid = 0;
      Pmid cited_pmid = 0;
      if (!field_pmid(citing_column_, "citing", citing_pmid)) return;
      if (!field_pmid(cited_column_, "referenced", cited_pmid)) return;
      citing.pmid = citing_pmid;
      cited.pmid = cited_pmid;
    } else {
      if (!field_ids(citing_column_, "citing", citing)) return;
      if (!field_ids(cited_column_, "cited", cited)) return;
    }
    const SourceLocation where = locate(splitter_.value_offset(cited_column_));
    add_reference(citing, where.line, std::move(cited), where.column);
  }

  void add_pair(const WorkIds& citing, std::uint64_t line, Pmid cited, std::uint32_t column) {
    WorkIds cited_ids;
    cited_ids.pmid = cited;
    add_reference(citing, line, std::move(cited_ids), column);
  }

  void add_reference(const WorkIds& citing, std::uint64_t line, WorkIds cited,
                     std::uint32_t column) {
    if (!open_ || current_.ids.pmid != citing.pmid || current_.ids.doi != citing.doi ||
        current_.ids.pmcid != citing.pmcid) {
      flush();
      current_ = Record{};
      current_.where = SourceLocation{path_, line, 0};
      current_.ids = citing;
      current_.has_reference_list = true;
      open_ = true;
      bare_ = bare(citing);
    }
    bare_ = bare_ && bare(cited);
    if (pending_size_ == pending_.size()) pending_.emplace_back();
    Reference& reference = pending_[pending_size_++];
    reference.ids = std::move(cited);
    // The path is the record's (graph/record.hpp): copying it per reference cost an
    // allocation per line.
    reference.where.path.clear();
    reference.where.line = line;
    reference.where.column = column;
  }

  // Nothing but a non-zero PMID.
  static bool bare(const WorkIds& ids) {
    return ids.pmid.has_value() && *ids.pmid != 0 && ids.doi.empty() && ids.pmcid.empty();
  }

  // The PMID citations gathered so far to the PMID sink (before any Record that follows them);
  // nothing is gathered without a sink.
  void hand_over_pmids() {
    if (pmids_.runs.empty()) return;
    (*pmid_sink_)(std::move(pmids_));
    pmids_ = PmidCitations{};
  }

  void flush() {
    if (!open_) return;
    open_ = false;
    if (pmid_sink_ != nullptr && bare_) {
      // A run per record. Two records of one citing PMID in a row (only after a non-bare
      // record in between has been handed over, or never) go in separate blocks: the builder
      // reads consecutive runs of one PMID in a block as one record.
      const Pmid citing = *current_.ids.pmid;
      if (!pmids_.runs.empty() && pmids_.runs.back().citing == citing) hand_over_pmids();
      pmids_.runs.push_back(PmidRun{citing, static_cast<std::uint32_t>(pending_size_)});
      for (std::size_t k = 0; k < pending_size_; ++k) pmids_.cited.push_back(*pending_[k].ids.pmid);
      pending_size_ = 0;
      if (pmids_.cited.size() >= kPmidBlock) hand_over_pmids();
      return;
    }
    hand_over_pmids();
    // References collect in a reused buffer and move once into an exactly sized vector: a
    // Reference is ~320 bytes, and growing a fresh vector per record constructed and relocated
    // each one about twice (measured 25% of the time on OCC input).
    current_.references.reserve(pending_size_);
    std::move(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pending_size_),
              std::back_inserter(current_.references));
    pending_size_ = 0;
    sink_(std::move(current_));
  }

  void icite_row() {
    Pmid pmid = 0;
    if (!field_pmid(pmid_column_, "", pmid)) return;
    Record record;
    record.where = SourceLocation{path_, record_line_, 0};
    record.ids.pmid = pmid;
    record.has_reference_list = true;
    if (doi_column_ != kNone && !splitter_.value(doi_column_).empty()) {
      const std::string_view doi = splitter_.value(doi_column_);
      record.ids.doi = normalize_doi(doi);
      if (record.ids.doi.empty()) {
        context_.warn("invalid DOI", issue(splitter_.value_offset(doi_column_),
                                           "doi " + shown(doi) + " is not a DOI; ignored"));
      }
    }
    if (title_column_ != kNone) record.title = std::string(splitter_.value(title_column_));
    if (journal_column_ != kNone) record.journal = std::string(splitter_.value(journal_column_));
    if (authors_column_ != kNone) {
      std::string_view authors = splitter_.value(authors_column_);
      while (!authors.empty()) {
        const std::size_t comma = authors.find(", ");
        const std::string_view name = trim(authors.substr(0, comma));
        if (!name.empty()) record.authors.emplace_back(name);
        if (comma == std::string_view::npos) break;
        authors.remove_prefix(comma + 2);
      }
    }
    if (year_column_ != kNone && !splitter_.value(year_column_).empty()) {
      const std::string_view year = splitter_.value(year_column_);
      // Check the length first: a long digit string must not be accumulated at all.
      bool ok = year.size() == 4;
      int value = 0;
      for (std::size_t i = 0; ok && i < year.size(); ++i) {
        ok = is_digit(year[i]);
        value = value * 10 + (year[i] - '0');
      }
      if (ok) {
        record.year = value;
      } else {
        context_.warn("invalid year",
                      issue(splitter_.value_offset(year_column_),
                            "year " + shown(year) + " is not a 4-digit year; ignored"));
      }
    }

    const std::string_view references = splitter_.value(references_column_);
    const std::size_t base = splitter_.value_offset(references_column_);
    record.references.reserve(
        1 + static_cast<std::size_t>(std::count(references.begin(), references.end(), ' ')));
    std::size_t pos = 0;
    while (pos < references.size()) {
      while (pos < references.size() && is_blank(references[pos])) ++pos;
      std::size_t end = pos;
      while (end < references.size() && !is_blank(references[end])) ++end;
      if (end == pos) break;
      const std::string_view token = references.substr(pos, end - pos);
      Pmid cited = 0;
      const PmidParse status = parse_pmid(token, cited);
      if (status == PmidParse::kOk) {
        Reference& reference = record.references.emplace_back();
        reference.ids.pmid = cited;
        reference.where = locate(base + pos);
      } else {
        context_.skip("invalid reference PMID",
                      issue(base + pos, describe_bad_pmid("reference", token, status)));
      }
      pos = end;
    }
    hand_over_pmids();
    sink_(std::move(record));
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static constexpr std::size_t kPmidBlock = std::size_t{1} << 20;  // citations per handed block

  const std::string& path_;
  ReadContext& context_;
  const RecordSink& sink_;
  const PmidCitationSink* pmid_sink_;
  PmidCitations pmids_;  // bare records not yet handed to pmid_sink_
  bool bare_ = false;    // the open record is bare PMIDs so far
  LineSource source_;
  CsvSplitter splitter_;

  Dialect dialect_ = Dialect::kOcc;
  std::size_t field_count_ = 0;
  std::size_t citing_column_ = kNone;
  std::size_t cited_column_ = kNone;
  std::size_t pmid_column_ = kNone;
  std::size_t references_column_ = kNone;
  std::size_t doi_column_ = kNone;
  std::size_t title_column_ = kNone;
  std::size_t authors_column_ = kNone;
  std::size_t year_column_ = kNone;
  std::size_t journal_column_ = kNone;

  // The current CSV record: a view of the line, or of joined_ when it spans lines.
  std::string_view record_;
  std::uint64_t record_line_ = 0;
  bool multiline_ = false;
  std::string joined_;
  std::vector<std::pair<std::uint64_t, std::string>> held_;

  Record current_;
  bool open_ = false;
  std::vector<Reference> pending_;  // current_'s references; never shrinks
  std::size_t pending_size_ = 0;
};

}  // namespace

void read_pairs(Input& input, ReadContext& context, const RecordSink& sink) {
  PairsReader reader(input, context, sink);
  reader.run();
}

void read_pairs(Input& input, ReadContext& context, const RecordSink& sink,
                const PmidCitationSink& pmid_sink) {
  PairsReader reader(input, context, sink, 0, &pmid_sink);
  reader.run();
}

struct OccRegionReader::Impl {
  // Line numbers from 1 on: jump() sets where each region starts.
  Impl(Input& input, ReadContext& context, const RecordSink& sink)
      : reader(input, context, sink, 1) {}
  PairsReader reader;
};

OccRegionReader::OccRegionReader(Input& input, ReadContext& context, const RecordSink& sink)
    : impl_(std::make_unique<Impl>(input, context, sink)) {}

OccRegionReader::~OccRegionReader() = default;

void OccRegionReader::jump(std::uint64_t line_base) { impl_->reader.jump(line_base); }

std::uint64_t OccRegionReader::run(const std::function<bool(std::uint64_t)>& more) {
  return impl_->reader.run_occ_region(more);
}

}  // namespace citegraph::io
