// Reads PubMed abstract pages saved as text (`pubmed-page`, docs/formats.md). A file holds ONE
// page and gives ONE Record; pages are small, so the reader holds all lines and parses them in
// parse_pubmed_page (read/pubmed_page.hpp).
//
// Two layouts, told apart by the first line of content: the legacy layout starts with page
// chrome ("Send to", "Choose Destination") or with a journal citation line
// ("Lupus. 2018 Jun;27(7):1053-1064. doi: ..."); anything else is the new layout.
//  - New layout: title (first non-empty line), comma-separated author line, "Author Information"
//    with "  N. Name: affiliation" lines (a trailing " ORCID" link text dropped), abstract
//    paragraphs, then the numbered reference list "  N. Journal. Date;Vol(Iss):Pages [PMID: N]",
//    each parsed by parse_nlm_reference. Reading stops at "Word Cloud", "Similar Articles" or
//    "Cited By", so the word-cloud blob and the lists of other articles are ignored.
//  - Legacy layout: the journal line (journal, year, volume, issue, pages and the DOI), title,
//    optional author line, "Author information" with "N Affiliation" lines, abstract, keyword
//    line ("a; b; c" or "KEYWORDS: a; b; c"); page chrome is ignored. It has no reference list,
//    so has_reference_list stays false.
// Choices: the title is kept as written, trailing period included (as PubMed's own ArticleTitle
// and MEDLINE TI keep it); abstract paragraphs are joined with "\n"; affiliations are kept one per
// numbered line, in order, not de-duplicated. The new layout never states the article's own
// PMID; a legacy page sometimes ends with "PMID: N [Indexed for MEDLINE]" or "PMID: N DOI: D",
// which is then used. Otherwise ids.pmid stays empty and the record is identified by DOI or
// title downstream.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/pmid.hpp"
#include "citegraph/read/readers.hpp"
#include "citegraph/read/reference_parser.hpp"
#include "read/pubmed_page.hpp"
#include "read/text_check.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

using ascii::iequals;
using ascii::is_digit;
using ascii::istarts_with;

// Page text is split at space, tab, CR and LF (not \f or \v, unlike ascii::is_space).
constexpr bool is_space(char c) { return ascii::is_xml_space(c); }
std::string_view trim(std::string_view text) { return ascii::trim_if(text, is_space); }

// Section headers after which nothing on the page belongs to the article.
bool is_stop_header(std::string_view text) {
  static constexpr std::string_view kHeaders[] = {"Word Cloud",
                                                  "Similar Articles",
                                                  "Cited By",
                                                  "Publication types",
                                                  "MeSH terms",
                                                  "Substances",
                                                  "LinkOut - more resources",
                                                  "Related information",
                                                  "Grant support"};
  for (std::string_view header : kHeaders) {
    if (iequals(text, header)) return true;
  }
  return false;
}

// Navigation and widget text of the legacy page.
bool is_chrome(std::string_view text) {
  static constexpr std::string_view kExact[] = {
      "Send to",        "Choose Destination",    "Supplemental Content", "Full text links",
      "Support Center", "[Indexed for MEDLINE]", "Format: Abstract"};
  for (std::string_view exact : kExact) {
    if (iequals(text, exact)) return true;
  }
  return istarts_with(text, "Icon for ") || istarts_with(text, "Loading") ||
         istarts_with(text, "PMID:") || istarts_with(text, "Copyright") ||
         text.starts_with("\xc2\xa9");  // "©"
}

struct Numbered {
  std::uint64_t number = 0;
  std::size_t text_offset = 0;  // 0-based offset of the text after the number
};

// The number after a line's leading blanks (at most 9 digits), with `pos` left after it;
// nullopt without a digit or at the end of the line.
std::optional<std::uint64_t> leading_number(std::string_view line, std::size_t& pos) {
  pos = 0;
  while (pos < line.size() && is_space(line[pos])) ++pos;
  const std::size_t digits_begin = pos;
  std::uint64_t number = 0;
  while (pos < line.size() && is_digit(line[pos]) && pos - digits_begin < 9) {
    number = number * 10 + static_cast<std::uint64_t>(line[pos] - '0');
    ++pos;
  }
  if (pos == digits_begin || pos >= line.size()) return std::nullopt;
  return number;
}

// "  N. text" (new layout). Only leading blanks may precede the number.
std::optional<Numbered> numbered_with_dot(std::string_view line) {
  std::size_t pos = 0;
  const std::optional<std::uint64_t> number = leading_number(line, pos);
  if (!number || line[pos] != '.') return std::nullopt;
  ++pos;
  if (pos < line.size() && !is_space(line[pos])) return std::nullopt;  // "2.5 mg ..."
  while (pos < line.size() && is_space(line[pos])) ++pos;
  return Numbered{*number, pos};
}

// "N text" (legacy affiliation lines).
std::optional<Numbered> numbered_with_space(std::string_view line) {
  std::size_t pos = 0;
  const std::optional<std::uint64_t> number = leading_number(line, pos);
  if (!number || !is_space(line[pos])) return std::nullopt;
  while (pos < line.size() && is_space(line[pos])) ++pos;
  if (pos == line.size()) return std::nullopt;
  return Numbered{*number, pos};
}

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> items;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(separator, begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = trim(text.substr(begin, end - begin));
    if (!item.empty()) items.emplace_back(item);
    begin = end + 1;
  }
  return items;
}

class PageParser {
 public:
  PageParser(const std::vector<std::string>& lines, const std::string& path, ReadContext& context)
      : lines_(lines), path_(path), context_(context) {
    record_.where = SourceLocation{path, 1, 0};
  }

  // Returns false when the page has no title.
  bool parse() {
    const std::size_t first = next_content(0);
    if (first >= lines_.size()) return false;
    const std::string_view head = text(first);
    if (is_stop_header(head)) return false;  // nothing but the trailing sections
    if (is_chrome(head) || looks_like_journal_line(head)) return parse_legacy();
    return parse_new(first);
  }

  Record take() { return std::move(record_); }

 private:
  // The line without a UTF-8 byte order mark.
  [[nodiscard]] std::string_view line(std::size_t i) const {
    std::string_view l = lines_[i];
    if (i == 0 && l.starts_with("\xef\xbb\xbf")) l.remove_prefix(3);
    return l;
  }
  [[nodiscard]] std::string_view text(std::size_t i) const { return trim(line(i)); }
  [[nodiscard]] bool blank(std::size_t i) const { return text(i).empty(); }
  // Column (1-based) of offset `offset` within line i as stored in the file.
  [[nodiscard]] std::uint32_t column(std::size_t i, std::size_t offset) const {
    return static_cast<std::uint32_t>(offset + 1 + (lines_[i].size() - line(i).size()));
  }

  [[nodiscard]] std::size_t next_content(std::size_t i) const {
    while (i < lines_.size() && blank(i)) ++i;
    return i;
  }
  // Legacy content: neither blank nor chrome.
  [[nodiscard]] std::size_t next_legacy_content(std::size_t i) const {
    while (i < lines_.size() && (blank(i) || is_chrome(text(i)))) ++i;
    return i;
  }

  static bool looks_like_journal_line(std::string_view text) {
    Reference probe;
    const ReferenceParse parse = parse_nlm_reference(text, probe);
    return parse.ok && probe.year && (!probe.volume.empty() || !probe.pages.empty());
  }

  void check_numbering(const char* what, std::uint64_t& expected, std::uint64_t number,
                       std::size_t i) {
    if (number != expected) {
      const std::string message = std::string(what) + " numbered " + std::to_string(number) +
                                  " where " + std::to_string(expected) + " was expected (" +
                                  (number < expected ? "repeat" : "gap") + ")";
      context_.warn("list numbering gap or repeat",
                    Issue{{path_, i + 1, column(i, 0)}, message, lines_[i]});
    }
    expected = number + 1;
  }

  // ---- new layout ----

  // A comma-separated list of names: followed by the "Author Information" header, or short
  // items and no sentence punctuation.
  [[nodiscard]] bool looks_like_author_line(std::size_t i) const {
    const std::size_t next = next_content(i + 1);
    if (next < lines_.size() && iequals(text(next), "Author Information")) return true;
    const std::string_view t = text(i);
    if (t.ends_with('.') || t.find(". ") != std::string_view::npos) return false;
    for (const std::string& name : split_list(t, ',')) {
      std::size_t words = 1;
      for (char c : name) words += (c == ' ') ? 1 : 0;
      if (words > 6) return false;
    }
    return true;
  }

  bool parse_new(std::size_t first) {
    record_.title = std::string(text(first));
    std::size_t i = first + 1;

    std::size_t next = next_content(i);
    if (next < lines_.size() && !iequals(text(next), "Author Information") &&
        !numbered_with_dot(line(next)) && !is_stop_header(text(next)) &&
        looks_like_author_line(next)) {
      record_.authors = split_list(text(next), ',');
      i = next + 1;
    }

    next = next_content(i);
    if (next < lines_.size() && iequals(text(next), "Author Information")) {
      i = parse_new_affiliations(next + 1);
    }

    // Abstract paragraphs up to the first numbered line, which starts the reference list.
    std::vector<std::string> paragraphs;
    std::string paragraph;
    auto flush = [&] {
      if (!paragraph.empty()) paragraphs.push_back(std::move(paragraph));
      paragraph.clear();
    };
    bool stopped = false;
    for (; i < lines_.size(); ++i) {
      const std::string_view t = text(i);
      if (is_stop_header(t)) {
        stopped = true;
        break;
      }
      if (numbered_with_dot(line(i))) break;
      if (t.empty()) {
        flush();
      } else if (istarts_with(t, "Keywords:")) {
        flush();
        for (std::string& keyword : split_list(t.substr(9), ';')) {
          record_.keywords.push_back(std::move(keyword));
        }
      } else {
        if (!paragraph.empty()) paragraph += ' ';
        paragraph += t;
      }
    }
    flush();
    for (const std::string& p : paragraphs) {
      if (!record_.abstract.empty()) record_.abstract += '\n';
      record_.abstract += p;
    }
    if (!stopped) parse_references(i);
    return !record_.title.empty();
  }

  // "  N. Name: affiliation" lines; returns the index after them.
  std::size_t parse_new_affiliations(std::size_t i) {
    i = next_content(i);
    std::uint64_t expected = 1;
    for (; i < lines_.size(); ++i) {
      const std::optional<Numbered> item = numbered_with_dot(line(i));
      if (!item) break;
      check_numbering("affiliation", expected, item->number, i);
      std::string_view affiliation = trim(line(i).substr(item->text_offset));
      if (const std::size_t colon = affiliation.find(": "); colon != std::string_view::npos) {
        affiliation = trim(affiliation.substr(colon + 2));
      }
      if (affiliation.ends_with(" ORCID"))
        affiliation = trim(affiliation.substr(0, affiliation.size() - 6));
      if (!affiliation.empty()) record_.affiliations.emplace_back(affiliation);
    }
    return i;
  }

  void parse_references(std::size_t i) {
    std::uint64_t expected = 1;
    for (; i < lines_.size(); ++i) {
      const std::string_view t = text(i);
      if (is_stop_header(t)) break;
      if (t.empty()) continue;
      const std::optional<Numbered> item = numbered_with_dot(line(i));
      if (!item) {
        context_.warn("unexpected line in reference list",
                      Issue{{path_, i + 1, column(i, 0)},
                            "line is neither a numbered reference nor a section header",
                            lines_[i]});
        continue;
      }
      record_.has_reference_list = true;
      check_numbering("reference", expected, item->number, i);
      Reference reference;
      const ReferenceParse parse =
          parse_nlm_reference(line(i).substr(item->text_offset), reference);
      if (!parse.ok) {
        const std::size_t offset = item->text_offset + (parse.column > 0 ? parse.column - 1 : 0);
        context_.skip(
            "unparsable reference",
            Issue{{path_, i + 1, column(i, offset)},
                  "unparsable reference " + std::to_string(item->number) + ": " + parse.error,
                  lines_[i]});
        continue;
      }
      reference.where = SourceLocation{path_, i + 1, column(i, item->text_offset)};
      record_.references.push_back(std::move(reference));
    }
  }

  // ---- legacy layout ----

  bool parse_legacy() {
    std::size_t i = parse_legacy_journal_line(next_legacy_content(0));
    if (i >= lines_.size() || is_stop_header(text(i))) return false;
    record_.title = std::string(text(i));
    i = parse_legacy_authors(next_legacy_content(i + 1));
    if (i < lines_.size() && iequals(text(i), "Author information")) {
      i = parse_legacy_affiliations(next_content(i + 1));
    }
    parse_legacy_abstract(i);
    return true;
  }

  // The "Journal. Date;Volume(Issue):Pages" line at i, expected before the title; returns
  // where the title is looked for.
  std::size_t parse_legacy_journal_line(std::size_t i) {
    if (i < lines_.size() && looks_like_journal_line(text(i))) {
      Reference citation;
      parse_nlm_reference(text(i), citation);
      record_.journal = std::move(citation.journal);
      record_.year = citation.year;
      record_.volume = std::move(citation.volume);
      record_.issue = std::move(citation.issue);
      record_.pages = std::move(citation.pages);
      record_.ids.doi = std::move(citation.ids.doi);
      return next_legacy_content(i + 1);
    }
    if (i < lines_.size()) {
      context_.warn("legacy page without journal line",
                    Issue{{path_, i + 1, column(i, 0)},
                          "expected \"Journal. Date;Volume(Issue):Pages\" before the title",
                          lines_[i]});
    }
    return i;
  }

  // Optional author line ("Smith J1, Doe K2.") right before "Author information"; returns the
  // line after it, or i.
  std::size_t parse_legacy_authors(std::size_t i) {
    if (i >= lines_.size() || iequals(text(i), "Author information")) return i;
    const std::size_t after = next_legacy_content(i + 1);
    if (after >= lines_.size() || !iequals(text(after), "Author information")) return i;
    std::string_view names = text(i);
    if (names.ends_with('.')) names.remove_suffix(1);
    for (std::string& name : split_list(names, ',')) {
      while (!name.empty() && is_digit(name.back())) name.pop_back();
      if (!name.empty()) record_.authors.push_back(std::move(name));
    }
    return after;
  }

  // The numbered affiliations from line i on; returns the first line after them.
  std::size_t parse_legacy_affiliations(std::size_t i) {
    std::uint64_t expected = 1;
    for (; i < lines_.size(); ++i) {
      const std::optional<Numbered> item = numbered_with_space(line(i));
      if (!item) break;
      check_numbering("affiliation", expected, item->number, i);
      record_.affiliations.emplace_back(trim(line(i).substr(item->text_offset)));
    }
    return i;
  }

  // Abstract paragraphs and the keyword line, from line i up to a section header.
  void parse_legacy_abstract(std::size_t i) {
    std::vector<std::string> paragraphs;
    std::vector<std::size_t> paragraph_lines;  // lines per paragraph
    bool in_paragraph = false;
    for (; i < lines_.size(); ++i) {
      const std::string_view t = text(i);
      if (is_stop_header(t)) break;
      if (t.empty() || is_chrome(t)) {
        // Some legacy pages print the article's own "PMID: 29631514 [Indexed for MEDLINE]".
        if (istarts_with(t, "PMID:")) read_own_pmid(t, i);
        in_paragraph = false;
        continue;
      }
      if (in_paragraph) {
        paragraphs.back() += ' ';
        paragraphs.back() += t;
        ++paragraph_lines.back();
      } else {
        paragraphs.emplace_back(t);
        paragraph_lines.push_back(1);
        in_paragraph = true;
      }
    }
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
      const std::string& paragraph = paragraphs[p];
      if (istarts_with(paragraph, "KEYWORDS:")) {
        add_keywords(std::string_view(paragraph).substr(9));
      } else if (p > 0 && paragraph_lines[p] == 1 && is_keyword_line(paragraph)) {
        add_keywords(paragraph);
      } else {
        if (!record_.abstract.empty()) record_.abstract += '\n';
        record_.abstract += paragraph;
      }
    }
  }

  // "PMID: 29631514 [Indexed for MEDLINE]" -> the record's PMID; anything else is a warning.
  void read_own_pmid(std::string_view t, std::size_t i) {
    std::string_view rest = trim(t.substr(5));
    // The number runs to the first space; at most 10 characters (so "00000000001" is malformed
    // here though parse_pmid takes it: kept from the page reader's own parser).
    const std::string_view number = rest.substr(0, rest.find(' '));
    Pmid pmid = 0;
    if (number.size() > 10 || parse_pmid(number, pmid) != PmidParse::kOk) {
      context_.warn("malformed PMID line",
                    Issue{{path_, i + 1, column(i, 0)}, "expected \"PMID: <number>\"", lines_[i]});
      return;
    }
    record_.ids.pmid = pmid;
    // "PMID: 16410387 DOI: 10.1634/stemcells.2005-0342"
    const std::size_t doi_at = rest.find("DOI:");
    if (doi_at != std::string_view::npos && record_.ids.doi.empty()) {
      std::string_view doi = trim(rest.substr(doi_at + 4));
      doi = doi.substr(0, doi.find(' '));
      record_.ids.doi = normalize_doi(doi);
    }
  }

  // "a; b; c": at least two short items and no sentence ending.
  static bool is_keyword_line(std::string_view paragraph) {
    if (paragraph.find(';') == std::string_view::npos || paragraph.ends_with('.')) return false;
    for (const std::string& item : split_list(paragraph, ';')) {
      std::size_t words = 1;
      for (char c : item) words += (c == ' ') ? 1 : 0;
      if (words > 8 || item.find(". ") != std::string::npos) return false;
    }
    return true;
  }

  void add_keywords(std::string_view list) {
    for (std::string& keyword : split_list(list, ';')) {
      while (!keyword.empty() && keyword.back() == '.') keyword.pop_back();
      if (!keyword.empty()) record_.keywords.push_back(std::move(keyword));
    }
  }

  const std::vector<std::string>& lines_;
  const std::string& path_;
  ReadContext& context_;
  Record record_;
};

}  // namespace

void parse_pubmed_page(const std::vector<std::string>& lines, const std::string& path,
                       ReadContext& context, const RecordSink& sink) {
  PageParser parser(lines, path, context);
  if (!parser.parse()) {
    context.skip("page without title",
                 Issue{{path, 1, 0}, "PubMed page has no title line; no record read", ""});
    return;
  }
  sink(parser.take());
}

void read_pubmed_page(Input& input, ReadContext& context, const RecordSink& sink) {
  LineReader reader(input, context.limits().max_line_bytes);
  std::vector<std::string> lines;
  std::string_view line;
  std::string repaired;
  std::uint64_t bytes = 0;
  while (reader.next(line)) {
    // A too-long line is skipped (reported by check_line); its place is kept, so that the line
    // numbers of the page stay those of the file.
    lines.emplace_back(check_line(line, reader, context, repaired) ? line : std::string_view{});
    bytes += lines.back().size();
    if (bytes > context.limits().max_record_bytes) {
      context.skip("record too long", Issue{{input.path(), 1, 0},
                                            "PubMed page longer than " +
                                                std::to_string(context.limits().max_record_bytes) +
                                                " bytes; no record read",
                                            ""});
      return;
    }
  }
  if (input.damage()) {
    context.skip("record cut off by damaged gzip data",
                 Issue{{input.path(), reader.line_number(), 0},
                       "the page is cut off where the gzip data is damaged; no record read",
                       ""});
    return;
  }
  parse_pubmed_page(lines, input.path(), context, sink);
}

}  // namespace citegraph::io
