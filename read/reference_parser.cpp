// Reads NLM citation strings as PubMed prints them in reference lists and on legacy abstract
// pages: "Journal. Date;Volume(Issue):Pages" followed by optional tags ("[PMID: NNN]",
// "[PMCID: PMCnnn]", "[DOI: ...]", ". doi: 10.x/y", ". Epub 2018 Apr 9", ". PMID: NNN").
//
// Method: one left-to-right scan over the string, so every failure has a column.
//  - Journal: the text before the first ". " whose remainder starts with a digit (the year) or
//    ';' (the year is missing, "Iran Biomed J. ;21(5):282-3"). Periods inside a journal name are
//    therefore fine as long as no year follows them ("J. Biol. Chem. 2002;...").
//  - Date: up to ';', ':', ". " or a tag. It must start with a 4-digit year (or be empty); the
//    rest may be months, seasons, days, ordinals, further years and "-", "/", "," separators
//    ("2015 Jan 28", "2017 Jan - Mar", "2019 Winter", "1998 Dec-1999 Jan").
//  - Volume and issue: "Vol(Issue)". A supplement or part written in the volume ("47 Suppl 5",
//    "20 Suppl", "5 Pt 2") is moved to the issue, so volume is always the bare volume ("47") and
//    issue holds the supplement ("Suppl 5"), as MEDLINE's VI/IP fields and PubMed XML's
//    Volume/Issue elements split them; "8(Suppl1)" likewise gives volume 8, issue "Suppl1".
//  - Pages: as written, including extra segments ("705-18; quiz 716") and electronic ids
//    ("345-359.e5", "e45272", "L92-L103"); empty when the string has nothing after ':'.
// A field the string does not state stays empty.
#include "citegraph/read/reference_parser.hpp"

#include <array>
#include <cstdint>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/pmid.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

using ascii::iequals;
using ascii::is_alpha;
using ascii::is_digit;
using ascii::istarts_with;
using ascii::lower;

// Citation text is split at space, tab, CR and LF (not \f or \v, unlike ascii::is_space).
constexpr bool is_space(char c) { return ascii::is_xml_space(c); }

// Thrown inside the parser only; turned into a ReferenceParse at the entry point.
struct Failure {
  std::string message;
  std::size_t offset;  // 0-based offset into the original text
};

// The scanner works on the original text (so offsets are columns) within [begin, end).
class Parser {
 public:
  Parser(std::string_view text, Reference& out) : text_(text), out_(out) {}

  void parse() {
    std::size_t begin = 0;
    std::size_t end = text_.size();
    while (begin < end && is_space(text_[begin])) ++begin;
    while (end > begin && is_space(text_[end - 1])) --end;
    end_ = end;
    out_.citation = std::string(text_.substr(begin, end - begin));
    if (begin == end) throw Failure{"empty reference", 0};

    std::size_t pos = parse_journal(begin);
    pos = parse_date(pos);
    if (pos < end_ && text_[pos] == ';') pos = parse_volume_issue(pos + 1);
    if (pos < end_ && text_[pos] == ':') pos = parse_pages(pos + 1);
    parse_tail(pos);
  }

 private:
  // Where the main "Journal. Date;Vol(Iss):Pages" part stops and the tags begin, searched from
  // `pos`: a '[', ". " (or a final '.'), or " doi:".
  [[nodiscard]] bool at_part_end(std::size_t pos) const {
    if (pos >= end_) return true;
    const char c = text_[pos];
    if (c == '[') return true;
    if (c == '.' && (pos + 1 == end_ || is_space(text_[pos + 1]))) return true;
    if (is_space(c)) {
      std::size_t next = pos;
      while (next < end_ && is_space(text_[next])) ++next;
      if (next < end_ && text_[next] == '[') return true;
      if (istarts_with(text_.substr(next, end_ - next), "doi:")) return true;
    }
    return false;
  }

  [[nodiscard]] std::size_t skip_spaces(std::size_t pos) const {
    while (pos < end_ && is_space(text_[pos])) ++pos;
    return pos;
  }

  [[nodiscard]] std::string trimmed(std::size_t from, std::size_t to) const {
    while (from < to && is_space(text_[from])) ++from;
    while (to > from && is_space(text_[to - 1])) --to;
    return std::string(text_.substr(from, to - from));
  }

  std::size_t parse_journal(std::size_t begin) {
    for (std::size_t dot = begin; dot < end_; ++dot) {
      if (text_[dot] == '[') break;  // the tags start: there was no "Journal. " before them
      if (text_[dot] != '.') continue;
      if (dot + 1 < end_ && !is_space(text_[dot + 1])) continue;
      const std::size_t next = skip_spaces(dot + 1);
      if (next >= end_ || !(is_digit(text_[next]) || text_[next] == ';')) continue;
      out_.journal = trimmed(begin, dot);
      if (out_.journal.empty()) throw Failure{"no journal before the date", begin};
      return next;
    }
    throw Failure{"no journal: expected \"Journal. Date;Volume(Issue):Pages\"", begin};
  }

  static bool is_month_or_season(std::string_view word) {
    static constexpr std::array<std::string_view, 17> kWords = {
        "jan", "feb", "mar", "apr",    "may",    "jun",    "jul",  "aug",   "sep",
        "oct", "nov", "dec", "spring", "summer", "autumn", "fall", "winter"};
    const std::string w = lower(word);
    for (std::string_view known : kWords) {
      if (w == known) return true;
      // Full month names ("January") and "Sept".
      if (known.size() == 3 && w.size() > 3 && w.compare(0, 3, known) == 0) return true;
    }
    return false;
  }

  // Date: empty, or a 4-digit year followed by month/season/day words and separators.
  std::size_t parse_date(std::size_t pos) {
    std::size_t stop = pos;
    while (stop < end_ && text_[stop] != ';' && text_[stop] != ':' && !at_part_end(stop)) ++stop;
    std::size_t cursor = pos;
    bool first = true;
    while (cursor < stop) {
      const char c = text_[cursor];
      if (is_space(c) || c == '-' || c == '/' || c == ',') {
        ++cursor;
        continue;
      }
      std::size_t word_end = cursor;
      while (word_end < stop && (is_digit(text_[word_end]) || is_alpha(text_[word_end]))) {
        ++word_end;
      }
      const std::string_view word = text_.substr(cursor, word_end - cursor);
      if (word.empty()) {
        throw Failure{"unexpected character '" + std::string(1, c) + "' in date", cursor};
      }
      std::size_t digits = 0;
      while (digits < word.size() && is_digit(word[digits])) ++digits;
      if (first) {
        if (digits != word.size() || digits != 4 || word[0] == '0') {
          throw Failure{"malformed year '" + std::string(word) + "'", cursor};
        }
        out_.year =
            (word[0] - '0') * 1000 + (word[1] - '0') * 100 + (word[2] - '0') * 10 + (word[3] - '0');
        first = false;
      } else if (digits == word.size()) {
        if (digits != 4 && digits > 2) {
          throw Failure{"malformed date: '" + std::string(word) + "'", cursor};
        }
      } else if (digits > 0) {
        // An ordinal ("4th Quarter") is the only mix of digits and letters a date has.
        const std::string suffix = lower(word.substr(digits));
        if (digits > 2 || (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th")) {
          throw Failure{"malformed date: '" + std::string(word) + "'", cursor};
        }
      } else if (!is_month_or_season(word) && word.size() < 3) {
        // Longer words ("Quarter", "Early") are allowed; short unknown ones are garbage.
        throw Failure{"malformed date: '" + std::string(word) + "'", cursor};
      }
      cursor = word_end;
    }
    return stop;
  }

  static bool is_issue_marker(std::string_view word) {
    return istarts_with(word, "suppl") || iequals(word, "pt") || iequals(word, "part") ||
           iequals(word, "spec");
  }

  std::size_t parse_volume_issue(std::size_t pos) {
    std::size_t stop = pos;
    int depth = 0;
    std::size_t open_at = end_;
    while (stop < end_) {
      const char c = text_[stop];
      if (depth == 0 && (c == ':' || at_part_end(stop))) break;
      if (c == '(') {
        if (depth == 0 && open_at != end_) throw Failure{"second issue in volume part", stop};
        if (depth == 0) open_at = stop;
        ++depth;
      } else if (c == ')') {
        if (depth == 0) throw Failure{"unmatched ')' in volume part", stop};
        --depth;
      }
      ++stop;
    }
    if (depth > 0) throw Failure{"unclosed '(' in volume part", open_at};

    std::string volume_text;
    std::string paren_issue;
    if (open_at == end_) {
      volume_text = trimmed(pos, stop);
    } else {
      volume_text = trimmed(pos, open_at);
      std::size_t close = open_at;
      int level = 0;
      for (; close < stop; ++close) {
        if (text_[close] == '(') ++level;
        if (text_[close] == ')' && --level == 0) break;
      }
      paren_issue = trimmed(open_at + 1, close);
      const std::string after = trimmed(close + 1, stop);
      if (!after.empty()) throw Failure{"unexpected text after issue", skip_spaces(close + 1)};
    }

    // Move a supplement/part marker from the volume to the issue (see the header comment).
    std::size_t word_start = 0;
    std::size_t split = std::string::npos;
    while (word_start < volume_text.size()) {
      std::size_t word_end = volume_text.find(' ', word_start);
      if (word_end == std::string::npos) word_end = volume_text.size();
      if (is_issue_marker(
              std::string_view(volume_text).substr(word_start, word_end - word_start))) {
        split = word_start;
        break;
      }
      word_start = word_end + 1;
    }
    if (split == std::string::npos) {
      out_.volume = volume_text;
      out_.issue = paren_issue;
    } else {
      out_.volume = trimmed_copy(volume_text.substr(0, split));
      out_.issue = volume_text.substr(split);
      if (!paren_issue.empty()) out_.issue += " (" + paren_issue + ")";
    }
    return stop;
  }

  static std::string trimmed_copy(std::string s) {
    while (!s.empty() && is_space(s.back())) s.pop_back();
    return s;
  }

  std::size_t parse_pages(std::size_t pos) {
    std::size_t stop = pos;
    while (stop < end_ && !at_part_end(stop)) ++stop;
    out_.pages = trimmed(pos, stop);
    return stop;
  }

  // PMIDs are unsigned 32-bit and never 0.
  void set_pmid(std::size_t from, std::size_t to) {
    from = skip_spaces(from);
    while (to > from && is_space(text_[to - 1])) --to;
    const std::string_view value = text_.substr(from, to - from);
    Pmid pmid = 0;
    switch (parse_pmid(value, pmid)) {
      case PmidParse::kOk:
        break;
      case PmidParse::kEmpty:
        throw Failure{"empty PMID", from};
      case PmidParse::kNotNumber:
        throw Failure{"malformed PMID '" + std::string(value) + "'",
                      from + value.find_first_not_of("0123456789")};
      case PmidParse::kZero:
      case PmidParse::kTooLarge:
        throw Failure{"PMID '" + std::string(value) + "' out of range", from};
    }
    if (out_.ids.pmid && *out_.ids.pmid != pmid) throw Failure{"conflicting PMIDs", from};
    out_.ids.pmid = pmid;
  }

  // The graph's own normalisations, so that a DOI or PMCID read here meets the same work read
  // from any other input.
  void set_doi(std::size_t from, std::size_t to) {
    from = skip_spaces(from);
    const std::string_view raw = text_.substr(from, to - from);
    std::string doi = normalize_doi(raw);
    if (doi.empty()) throw Failure{"malformed DOI '" + std::string(trim_view(raw)) + "'", from};
    out_.ids.doi = std::move(doi);
  }

  void set_pmcid(std::size_t from, std::size_t to) {
    from = skip_spaces(from);
    const std::string_view raw = text_.substr(from, to - from);
    std::string pmcid = normalize_pmcid(trim_view(raw));
    if (pmcid.empty()) throw Failure{"malformed PMCID '" + std::string(trim_view(raw)) + "'", from};
    out_.ids.pmcid = std::move(pmcid);
  }

  static std::string_view trim_view(std::string_view v) {
    while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
    while (!v.empty() && (is_space(v.back()) || v.back() == '.')) v.remove_suffix(1);
    return v;
  }

  // "[KEY: value]" with KEY one of PMID, PMCID, DOI; other bracketed notes are ignored.
  std::size_t parse_bracket(std::size_t open) {
    const std::size_t close = text_.find(']', open);
    if (close == std::string_view::npos || close >= end_) throw Failure{"unclosed '['", open};
    const std::size_t key_begin = skip_spaces(open + 1);
    std::size_t key_end = key_begin;
    while (key_end < close && is_alpha(text_[key_end])) ++key_end;
    const std::string_view key = text_.substr(key_begin, key_end - key_begin);
    const bool pmid = iequals(key, "pmid");
    const bool pmcid = iequals(key, "pmcid");
    const bool doi = iequals(key, "doi");
    if (pmid || pmcid || doi) {
      const std::size_t colon = skip_spaces(key_end);
      if (colon >= close || text_[colon] != ':') {
        throw Failure{"expected ':' after " + std::string(key), colon};
      }
      if (pmid) set_pmid(colon + 1, close);
      if (pmcid) set_pmcid(colon + 1, close);
      if (doi) set_doi(colon + 1, close);
    }
    return close + 1;
  }

  // The tags after the main part, in any order; unknown segments ("Epub 2018 Apr 9", "Review")
  // are skipped up to the next ". " or '['.
  void parse_tail(std::size_t pos) {
    while (pos < end_) {
      const char c = text_[pos];
      if (is_space(c) || c == '.' || c == ';' || c == ',') {
        ++pos;
        continue;
      }
      if (c == '[') {
        pos = parse_bracket(pos);
        continue;
      }
      const std::string_view rest = text_.substr(pos, end_ - pos);
      auto token_end = [&](std::size_t from) {
        from = skip_spaces(from);
        while (from < end_ && !is_space(text_[from]) && text_[from] != '[') ++from;
        return from;
      };
      if (istarts_with(rest, "doi:")) {
        const std::size_t stop = token_end(pos + 4);
        set_doi(pos + 4, stop);
        pos = stop;
      } else if (istarts_with(rest, "pmid:")) {
        const std::size_t stop = token_end(pos + 5);
        set_pmid(pos + 5, stop);
        pos = stop;
      } else if (istarts_with(rest, "pmcid:")) {
        const std::size_t stop = token_end(pos + 6);
        set_pmcid(pos + 6, stop);
        pos = stop;
      } else {
        ++pos;
        while (pos < end_ && !at_part_end(pos)) ++pos;
      }
    }
  }

  std::string_view text_;
  std::size_t end_ = 0;
  Reference& out_;
};

}  // namespace

ReferenceParse parse_nlm_reference(std::string_view text, Reference& out) {
  out.ids = WorkIds{};
  out.journal.clear();
  out.year.reset();
  out.volume.clear();
  out.issue.clear();
  out.pages.clear();
  out.citation.clear();
  ReferenceParse result;
  try {
    Parser(text, out).parse();
    result.ok = true;
  } catch (const Failure& failure) {
    result.error = failure.message;
    result.column = static_cast<std::uint32_t>(failure.offset + 1);
  }
  return result;
}

}  // namespace citegraph::io
