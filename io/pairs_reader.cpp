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
// A plain, regular OCC file is read by read_pairs_parallel instead: byte ranges cut at line
// boundaries parsed by a team of threads into PMID runs (no Records), the SHA-256 on a thread of
// its own, and the lines that are not `digits,digits` handed, in file order, to this general
// reader (PairsReader::run_occ_region), which reads on from each until it holds nothing to read
// again -- so every skip, warning and pair is the one a serial read gives.
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
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/pmid.hpp"
#include "citegraph/io/format.hpp"
#include "citegraph/io/readers.hpp"
#include "graph/ascii.hpp"
#include "graph/memory.hpp"
#include "io/issue_text.hpp"
#include "io/sha256.hpp"
#include "io/text_check.hpp"

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

  // check_line (io/text_check.hpp) for a line numbered from line_base_: the same skips and
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

namespace {

// The parallel reader of plain OCC files (read_pairs_parallel).
constexpr std::size_t kDetectionBytes = std::size_t{64} << 10;  // as read_input
constexpr std::uint64_t kChunkBytes = std::uint64_t{8} << 20;   // one task of the team
constexpr std::size_t kWindowBytes = std::size_t{1} << 20;      // one pread
constexpr std::size_t kLongestFastLine = 10 + 1 + 10 + 2;       // digits,digits\r\n

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// pread until n bytes or the end of the file; the bytes read.
std::size_t pread_full(int fd, const std::string& path, char* buffer, std::size_t n,
                       std::uint64_t offset) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, buffer + done, n - done, static_cast<off_t>(offset + done));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(IoError::Direction::kInput, path + ": read error: " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

// The file from a byte offset on, for the general reader of a region.
class RangeInput final : public Input {
 public:
  RangeInput(const std::string& path, int fd) : path_(path), fd_(fd), buffer_(kStep) {}
  // Reading goes on from `offset`. Only between lines: read() never hands out more than the
  // line it is in, so the LineReader holds nothing of the next one.
  void seek(std::uint64_t offset) {
    offset_ = offset;
    begin_ = end_ = 0;
  }
  std::size_t read(char* buffer, std::size_t n) override {
    if (begin_ == end_) {
      begin_ = 0;
      end_ = pread_full(fd_, path_, buffer_.data(), buffer_.size(), offset_);
      if (end_ == 0) return 0;
    }
    const char* const from = buffer_.data() + begin_;
    std::size_t take = std::min(n, end_ - begin_);
    const void* newline = std::memchr(from, '\n', take);
    if (newline != nullptr)
      take = static_cast<std::size_t>(static_cast<const char*>(newline) - from) + 1;
    std::memcpy(buffer, from, take);
    begin_ += take;
    offset_ += take;
    return take;
  }
  std::string_view peek(std::size_t n) override {
    head_.resize(std::min(n, kDetectionBytes));
    head_.resize(pread_full(fd_, path_, head_.data(), head_.size(), offset_));
    return head_;
  }
  [[nodiscard]] const std::string& path() const override { return path_; }
  [[nodiscard]] bool compressed() const override { return false; }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return 0; }
  [[nodiscard]] std::string sha256_hex() const override { return {}; }

 private:
  static constexpr std::size_t kStep = 4096;
  const std::string& path_;
  int fd_;
  std::uint64_t offset_ = 0;
  std::vector<char> buffer_;  // file bytes from offset_ - begin_
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::string head_;
};

// A line the fast parse did not take: it goes to the general reader, in file order.
struct Irregular {
  std::uint64_t line;    // in the chunk from 0, then in the file from 1
  std::uint64_t offset;  // of its first byte
  std::uint64_t pair;    // pairs before it, in the chunk, then in the file
};

// Irregular lines one chunk keeps: past this many (1.6% of an 8 MiB chunk's lines) the file is
// read the general way from its first irregular line on, and the rest need not be kept -- so
// memory stays bounded (24 bytes each, at most 2.3% of the file) whatever the file holds.
constexpr std::size_t kMaxIrregular = 8192;

struct Chunk {
  PmidCitations pairs;
  std::uint64_t lines = 0;  // lines that start in the chunk
  std::vector<Irregular> irregular;
  bool overflow = false;  // more than kMaxIrregular: `irregular` holds the first ones only
};

// The leading decimal digits of the 8 bytes at p (in memory order): their count (0-8) and,
// when there are 1 to 8 of them, their value, by whole-word arithmetic (a PMID line is two
// numbers of at most 8 digits, so this takes most lines' digits a word at a time). With a count
// of 8 the number may go on past the word: the caller looks at the next byte.
struct Digits {
  unsigned count;
  std::uint32_t value;
};
inline Digits leading_digits(const char* p) {
  static_assert(std::endian::native == std::endian::little, "leading_digits reads little-endian");
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  const std::uint64_t x = word - 0x3030303030303030ULL;
  // A byte's top bit is set when it is below '0' (it borrowed) or above '9' (adding 0x76
  // carries past 0x7F). Bytes after the first non-digit may be garbled by its borrow; only the
  // lowest flagged byte is used.
  const std::uint64_t not_digit = (x | (x + 0x7676767676767676ULL)) & 0x8080808080808080ULL;
  const auto count = not_digit == 0 ? 8u : static_cast<unsigned>(std::countr_zero(not_digit) / 8);
  if (count == 0) return {0, 0};
  // The digits moved to the top bytes (zeros before them read as leading zeros), then
  // combined pairwise: 8 digits -> 4 of two -> 2 of four -> 1 of eight.
  std::uint64_t v = count == 8 ? x : x << (8 * (8 - count));
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  v = (v * 10000 + (v >> 32)) & 0x00000000FFFFFFFFULL;
  return {count, static_cast<std::uint32_t>(v)};
}

// Parses the lines that start in [begin, end) of the file (a line belongs to the chunk of its
// first byte). A line is taken only when it is exactly what the general reader's fast path
// takes -- `digits,digits` (PMIDs 1..4294967295, at most 10 digits each) ending with "\n" or
// "\r\n" -- and recorded as irregular otherwise, without being looked at further.
class ChunkParser {
 public:
  ChunkParser(int fd, const std::string& path, std::uint64_t size, std::size_t window)
      : fd_(fd), path_(path), size_(size), buffer_(window) {}

  Chunk parse(std::uint64_t begin, std::uint64_t end, bool first) {
    Chunk chunk;
    scratch_.runs.clear();
    scratch_.cited.clear();
    window_begin_ = window_end_ = begin;
    // The first line start at or after begin: just after a '\n' at begin - 1 or later.
    std::uint64_t pos = first ? begin : skip_line(begin - 1);
    while (pos < end && pos < size_) {
      if (pos < window_begin_ || pos > window_end_ ||
          (window_end_ - pos < kLongestFastLine && window_end_ < size_)) {
        fill(pos);
      }
      const char* const base = buffer_.data();
      const char* p = base + (pos - window_begin_);
      const char* const limit = base + (window_end_ - window_begin_);
      const std::uint64_t end_offset = end - window_begin_;
      // A whole fast line fits in what is left of the window, or the window ends the file.
      const bool at_eof = window_end_ == size_;
      const std::size_t keep = at_eof ? 1 : kLongestFastLine;
      bool irregular = false;
      while (static_cast<std::uint64_t>(p - base) < end_offset &&
             static_cast<std::size_t>(limit - p) >= keep) {
        // Most lines: two numbers of 1-8 digits and a newline, read a word at a time (20
        // bytes at most are looked at; the same lines and values as the byte loop below).
        if (limit - p >= 24) {
          const Digits a = leading_digits(p);
          if (a.count > 0 && a.value != 0 && p[a.count] == ',') {
            const char* const second = p + a.count + 1;
            const Digits b = leading_digits(second);
            if (b.count > 0 && b.value != 0 && !is_digit(second[b.count])) {
              const char* q = second + b.count;
              if (*q == '\r') ++q;
              if (*q == '\n') {
                scratch_.add(a.value, b.value);
                ++chunk.lines;
                p = q + 1;
                continue;
              }
            }
          }
        }
        const char* q = p;
        std::uint64_t a = 0;
        while (q < limit && q - p < 10 && is_digit(*q)) {
          a = a * 10 + static_cast<unsigned>(*q++ - '0');
        }
        if (q == p || q >= limit || *q != ',' || a == 0 || a > kMaxPmid) {
          irregular = true;
          break;
        }
        const char* const second = ++q;
        std::uint64_t b = 0;
        while (q < limit && q - second < 10 && is_digit(*q)) {
          b = b * 10 + static_cast<unsigned>(*q++ - '0');
        }
        if (q == second || b == 0 || b > kMaxPmid || q >= limit) {
          irregular = true;
          break;
        }
        if (*q == '\r' && q + 1 < limit) ++q;  // "\r\n": LineReader drops the '\r'
        if (*q != '\n') {
          irregular = true;
          break;
        }
        scratch_.add(static_cast<Pmid>(a), static_cast<Pmid>(b));
        ++chunk.lines;
        p = q + 1;
      }
      pos = window_begin_ + static_cast<std::uint64_t>(p - base);
      if (irregular) {
        if (chunk.irregular.size() < kMaxIrregular) {
          chunk.irregular.push_back(Irregular{chunk.lines, pos, scratch_.cited.size()});
        } else {
          chunk.overflow = true;
        }
        ++chunk.lines;
        pos = skip_line(pos);
      }
    }
    chunk.pairs.runs.assign(scratch_.runs.begin(), scratch_.runs.end());
    chunk.pairs.cited.assign(scratch_.cited.begin(), scratch_.cited.end());
    return chunk;
  }

 private:
  // Makes the window start at pos (up to kWindowBytes of the file).
  void fill(std::uint64_t pos) {
    window_begin_ = pos;
    window_end_ = pos + pread_full(fd_, path_, buffer_.data(), buffer_.size(), pos);
  }

  // The offset just past the '\n' at or after pos (the file size if there is none).
  std::uint64_t skip_line(std::uint64_t pos) {
    for (;;) {
      if (pos < window_begin_ || pos >= window_end_) {
        if (pos >= size_) return size_;
        fill(pos);
        if (window_end_ == window_begin_) return size_;
      }
      const char* p = buffer_.data() + (pos - window_begin_);
      const void* newline = std::memchr(p, '\n', window_end_ - pos);
      if (newline != nullptr) {
        return window_begin_ +
               static_cast<std::uint64_t>(static_cast<const char*>(newline) - buffer_.data()) + 1;
      }
      pos = window_end_;
    }
  }

  int fd_;
  const std::string& path_;
  std::uint64_t size_;
  std::vector<char> buffer_;
  std::uint64_t window_begin_ = 0;
  std::uint64_t window_end_ = 0;
  PmidCitations scratch_;
};

void append_pairs(PmidCitations& out, const PmidCitations& pairs) {
  std::size_t at = 0;
  for (const PmidRun& run : pairs.runs) {
    for (std::uint32_t i = 0; i < run.count; ++i) out.add(run.citing, pairs.cited[at++]);
  }
}

}  // namespace

struct BackgroundHash::State {
  std::string path;
  int fd = -1;
  Sha256 sha;
  std::uint64_t hashed = 0;
  std::exception_ptr error;
  std::atomic<bool> stop{false};
  std::thread thread;
};

BackgroundHash::BackgroundHash(const std::string& path, int fd)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (s.fd < 0) {
    throw IoError(IoError::Direction::kInput, path + ": read error: " + std::strerror(errno));
  }
  s.thread = std::thread([&s] {
    try {
      std::vector<char> buffer(kWindowBytes);
      while (!s.stop.load(std::memory_order_relaxed)) {
        const std::size_t got = pread_full(s.fd, s.path, buffer.data(), buffer.size(), s.hashed);
        if (got == 0) break;
        s.sha.update(buffer.data(), got);
        s.hashed += got;
      }
    } catch (...) {
      s.error = std::current_exception();
    }
  });
}

BackgroundHash::~BackgroundHash() {
  if (state_->thread.joinable()) {
    state_->stop = true;
    state_->thread.join();
  }
  ::close(state_->fd);
}

void BackgroundHash::finish(InputReport& report) {
  State& s = *state_;
  if (s.thread.joinable()) s.thread.join();
  if (s.error) std::rethrow_exception(s.error);
  report.bytes = s.hashed;
  report.sha256 = s.sha.hex();
}

std::optional<InputReport> read_pairs_parallel(const std::string& path, const ReadOptions& options,
                                               unsigned threads, const PmidCitationSink& sink,
                                               std::uint64_t chunk_bytes,
                                               std::unique_ptr<BackgroundHash>* hash) {
  if (chunk_bytes == 0) chunk_bytes = kChunkBytes;
  if (path == "-" || (options.format != Format::kAuto && options.format != Format::kPairs) ||
      options.limits.max_line_bytes < 64) {
    return std::nullopt;
  }
  // Looked at before opening: opening a FIFO would wait for (and take) its writer.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const int raw_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (raw_fd < 0) return std::nullopt;  // read_input says why
  const Fd fd(raw_fd);
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const auto size = static_cast<std::uint64_t>(st.st_size);

  // What read_input would decide from the first 64 KiB: pairs, no warning, OCC header.
  std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(size, kDetectionBytes)), '\0');
  head.resize(pread_full(fd.get(), path, head.data(), head.size(), 0));
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return std::nullopt;  // gzip: the streaming path
  }
  if (detect_format(head).format != Format::kPairs) return std::nullopt;
  std::string_view first(head);
  std::uint64_t data_start = 0;
  if (first.starts_with("\xEF\xBB\xBF")) {
    first.remove_prefix(3);
    data_start = 3;
  }
  constexpr std::string_view kHeader = "citing,referenced";
  if (first.starts_with("citing,referenced\n")) {
    data_start += kHeader.size() + 1;
  } else if (first.starts_with("citing,referenced\r\n")) {
    data_start += kHeader.size() + 2;
  } else {
    return std::nullopt;  // another dialect: the general reader
  }

  InputReport report;
  report.path = path;
  report.format = Format::kPairs;
  report.compressed = false;
  report.format_has_references = true;

  // The checksum of the raw bytes on a thread of its own, overlapping the parse (and the build,
  // when the caller takes it).
  auto hasher = std::make_unique<BackgroundHash>(path, fd.get());

  // The parse: chunks of kChunkBytes claimed in turn by the team.
  const std::uint64_t body = size - std::min(size, data_start);
  const std::size_t chunk_count = static_cast<std::size_t>((body + chunk_bytes - 1) / chunk_bytes);
  // A window of half a chunk (at least two fast lines, at most kWindowBytes).
  const auto window = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(chunk_bytes / 2, 2 * kLongestFastLine, kWindowBytes));
  std::vector<Chunk> chunks(chunk_count);
  {
    const unsigned team =
        std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(chunk_count)));
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(team);
    const auto work = [&](unsigned t) {
      try {
        ChunkParser parser(fd.get(), path, size, window);
        for (std::size_t k = next++; k < chunk_count; k = next++) {
          const std::uint64_t begin = data_start + k * chunk_bytes;
          chunks[k] = parser.parse(begin, std::min(size, begin + chunk_bytes), k == 0);
        }
      } catch (...) {
        errors[t] = std::current_exception();
      }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < team; ++t) workers.emplace_back(work, t);
    work(0);
    for (std::thread& worker : workers) worker.join();
    for (const auto& error : errors) {
      if (error) std::rethrow_exception(error);
    }
  }

  // Lines the parse did not take, in file order, read by the general reader from there on; it
  // stops once nothing is left to read again, and the pairs of the lines it read replace what
  // the parse made of them.
  struct Edit {
    std::uint64_t pair;  // where in the file's pairs its pairs go
    std::uint64_t drop;  // pairs of the parse it replaces
    PmidCitations pairs;
  };
  std::vector<Edit> edits;
  {
    std::vector<Irregular> irregular;
    std::uint64_t line = 2;  // the header is line 1
    std::uint64_t pair = 0;
    bool overflow = false;
    for (Chunk& chunk : chunks) {
      for (const Irregular& at : chunk.irregular) {
        irregular.push_back(Irregular{line + at.line, at.offset, pair + at.pair});
      }
      release(chunk.irregular);
      overflow = overflow || chunk.overflow;
      line += chunk.lines;
      pair += chunk.pairs.cited.size();
    }
    const std::uint64_t total_pairs = pair;
    ReadContext context(options, report.diagnostics);
    // Many such lines (more than one in 16, or too many in a chunk to keep): the general reader
    // reads on from the first to the end, rather than once per line.
    const bool dense = overflow || irregular.size() > (line - 2) / 16;
    if (dense && irregular.size() > 1) irregular.erase(irregular.begin() + 1, irregular.end());
    std::uint64_t next_line = 0;
    std::size_t ahead = 0;  // the first irregular line after the current one
    // One general reader for every region, moved from one to the next.
    RangeInput input(path, fd.get());
    Edit* collecting = nullptr;
    const RecordSink collect = [&collecting](Record&& record) {
      for (const Reference& reference : record.references) {
        collecting->pairs.add(*record.ids.pmid, *reference.ids.pmid);
      }
    };
    PairsReader reader(input, context, collect, 1);
    for (std::size_t i = 0; i < irregular.size(); ++i) {
      const Irregular& at = irregular[i];
      if (at.line < next_line) continue;  // read already by the previous region
      ahead = std::max(ahead, i + 1);
      const auto more = [&](std::uint64_t n) {
        if (dense) return true;
        while (ahead < irregular.size() && irregular[ahead].line < n) ++ahead;
        return ahead < irregular.size() && irregular[ahead].line == n;
      };
      input.seek(at.offset);
      reader.jump(at.line - 1);
      Edit edit{at.pair, 0, {}};
      collecting = &edit;
      const std::uint64_t last = reader.run_occ_region(more);
      std::uint64_t irregular_read = 0;
      for (std::size_t j = i + 1; j < irregular.size() && irregular[j].line <= last; ++j) {
        ++irregular_read;
      }
      // Dense: the rest of the file was read, every pair the parse made after this line is
      // replaced.
      edit.drop = dense ? total_pairs - at.pair : last - at.line - irregular_read;
      next_line = last + 1;
      edits.push_back(std::move(edit));
    }
  }

  // The pieces, in file order, to the sink; records counted as runs of one citing PMID.
  bool delivered = false;
  Pmid last_citing = 0;
  const auto deliver = [&](PmidCitations&& pairs) {
    if (pairs.runs.empty()) return;
    pairs.continues = delivered;
    for (const PmidRun& run : pairs.runs) {
      if (run.citing != last_citing) ++report.records;
      last_citing = run.citing;
    }
    report.references += pairs.cited.size();
    report.references_with_pmid += pairs.cited.size();
    delivered = true;
    sink(std::move(pairs));
  };
  std::size_t e = 0;
  std::uint64_t base = 0;
  std::uint64_t drop_until = 0;
  for (Chunk& chunk : chunks) {
    const std::uint64_t count = chunk.pairs.cited.size();
    const bool touched = drop_until > base || (e < edits.size() && edits[e].pair < base + count);
    if (!touched) {
      deliver(std::move(chunk.pairs));
      base += count;
      continue;
    }
    PmidCitations out;
    std::uint64_t g = base;
    const Pmid* cited = chunk.pairs.cited.data();
    for (const PmidRun& run : chunk.pairs.runs) {
      for (std::uint32_t k = 0; k < run.count; ++k, ++g) {
        for (; e < edits.size() && edits[e].pair == g; ++e) {
          append_pairs(out, edits[e].pairs);
          drop_until = std::max(drop_until, g + edits[e].drop);
        }
        if (g >= drop_until) out.add(run.citing, cited[k]);
      }
      cited += run.count;
    }
    release(chunk.pairs.cited);
    release(chunk.pairs.runs);
    deliver(std::move(out));
    base += count;
  }
  {
    PmidCitations tail;
    for (; e < edits.size(); ++e) append_pairs(tail, edits[e].pairs);
    deliver(std::move(tail));
  }

  if (hash != nullptr) {
    *hash = std::move(hasher);
  } else {
    hasher->finish(report);
  }
  return report;
}

}  // namespace citegraph::io
