// Step 3 of the citation parser (read/citation_detail.hpp; the styles in docs/citations.md).
//
// Method: after the ids and notes are out (citation_text.cpp) and the author list is read
// (citation_authors.cpp), the rest is "head + numbers":
//  - an author-year style states its year right after the authors: "(2001)", "(2001a)",
//    "(2001, March)", "2001." -- APA, Harvard, Springer;
//  - otherwise the date block anchors the numbers: the last year followed by ";" (NLM,
//    AMA: "1987;69(1):106-14"), else by ":" , else by "." or the end (books, e-pubs); a
//    year at the end in parentheses is Nature's "12, 34-56 (2001)";
//  - the numbers after the year (or at the end of the text for author-year and Nature styles)
//    are volume, issue and pages: "69(1):106-14", ", 69(1), 106-114", " 69:106", "12 (2001) 3-9".
// The head before the numbers is "title. container": the container is its last sentence,
// joined with the dotted abbreviations before it ("J. Biol. Chem."); a "Place: Publisher"
// sentence makes a book, "In: ... eds. Book" a chapter.
#include "citegraph/read/citation_parser.hpp"

#include <algorithm>
#include <cstring>

#include "citegraph/graph/builder.hpp"
#include "citegraph/read/reference_parser.hpp"
#include "read/citation_detail.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::istarts_with;
using citation::is_date_word;
using citation::is_utf8;
using citation::year_at;

constexpr std::size_t kNone = std::string_view::npos;

std::string_view trim_punct(std::string_view s) {
  return ascii::trim_if(
      s, [](char c) { return c == ' ' || c == '.' || c == ',' || c == ';' || c == ':'; });
}

// The end of the date words after a year at s[i] ("2015 Jan 28", "1998 Dec-1999 Jan",
// "2019 Winter", "2001a"): where ';', ':', '.' or whatever ends the date stands.
std::size_t date_end(std::string_view s, std::size_t i) {
  std::size_t e = i + 4;
  if (e < s.size() && is_lower(s[e]) && (e + 1 == s.size() || !is_alpha(s[e + 1]))) ++e;  // 2001a
  bool after_month = false;  // a day needs a month before it: "2001, 80, 6303" has none
  while (e < s.size()) {
    std::size_t w = e;
    while (w < s.size() && (s[w] == ' ' || s[w] == '-' || s[w] == '/' || s[w] == ',')) ++w;
    const bool range = s.substr(e, w - e).find_first_of("-/") != kNone;
    std::size_t x = w;
    while (x < s.size() && is_alpha(s[x])) ++x;
    if (x > w) {
      if (!is_date_word(s.substr(w, x - w))) break;
      if (x < s.size() && s[x] == '.' && x + 1 < s.size() && s[x + 1] != ' ') ++x;  // "Jan.-Feb"
      e = x;
      after_month = true;
      continue;
    }
    while (x < s.size() && is_digit(s[x])) ++x;
    const bool day = x - w <= 2 && after_month;
    const bool year = x - w == 4 && range && year_at(s, w) != 0;  // "1998 Dec-1999 Jan"
    if (x == w || !(day || year) || (x < s.size() && is_alpha(s[x]))) break;
    e = x;
  }
  return e;
}

// A page: "106", "e1234", "S12", "v18", "L92", "345.e5", "R67"; its end or kNone.
std::size_t page_token(std::string_view s, std::size_t i) {
  std::size_t e = i;
  while (e < s.size() && e - i < 3 && is_alpha(s[e])) ++e;
  const std::size_t digits = e;
  while (e < s.size() && is_digit(s[e])) ++e;
  if (e == digits) return kNone;
  while (e < s.size() &&
         (ascii::is_alnum(s[e]) || (s[e] == '.' && e + 1 < s.size() && ascii::is_alnum(s[e + 1]))))
    ++e;
  return e;
}

// Pages at s[i] ("106-14", "pp. 34-56", "e1234"): fills first/last page, returns the end.
std::size_t read_pages(std::string_view s, std::size_t i, ParsedCitation& out) {
  if (istarts_with(s.substr(i), "pp. ") || istarts_with(s.substr(i), "pp.")) {
    i += s[i + 3] == ' ' ? 4 : 3;
  } else if (istarts_with(s.substr(i), "p. ")) {
    i += 3;
  }
  const std::size_t first = page_token(s, i);
  if (first == kNone) return kNone;
  out.first_page = std::string(s.substr(i, first - i));
  std::size_t e = first;
  if (e + 1 < s.size() && s[e] == '-') {
    const std::size_t last = page_token(s, e + 1);
    if (last != kNone) {
      out.last_page = std::string(s.substr(e + 1, last - e - 1));
      e = last;
    }
  }
  return e;
}

// A supplement or part written with the volume (" Suppl 5", " Pt 2", " Spec No"): its end.
std::size_t volume_part(std::string_view s, std::size_t v) {
  for (std::string_view part : {" Suppl", " suppl", " Pt ", " Spec No", " Spec Iss"}) {
    if (s.substr(v, part.size()) != part) continue;
    std::size_t e = v + part.size();
    while (e < s.size() && s[e] != '(' && s[e] != ':' && s[e] != ',' && s[e] != ';' &&
           !(s[e] == '.' && (e + 1 == s.size() || s[e + 1] == ' '))) {
      ++e;
    }
    return e;
  }
  return v;
}

// Volume(issue):pages at the start of `s`: fills the parse; returns how much was read (0 when
// there is no volume, issue or pages).
std::size_t read_numbers(std::string_view s, ParsedCitation& out) {
  std::size_t v = 0;
  while (v < s.size() && (ascii::is_alnum(s[v]) || (s[v] == '-' && v > 0))) ++v;
  const bool volume =
      v > 0 && std::any_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(v), is_digit);
  if (!volume) v = 0;
  if (volume) out.volume = std::string(s.substr(0, v));
  const std::size_t part = volume_part(s, v);
  if (part > v) out.issue = std::string(ascii::trim(s.substr(v, part - v)));
  std::size_t at = part;
  bool year_in_parens = false;
  if (at + 1 < s.size() && s[at] == ' ' && s[at + 1] == '(') ++at;
  if (at < s.size() && s[at] == '(') {
    const std::size_t close = s.find(')', at);
    if (close == kNone || close - at > 40) return volume ? v : 0;
    const std::string_view inside = s.substr(at + 1, close - at - 1);
    year_in_parens = inside.size() == 4 && year_at(inside, 0) != 0;
    if (year_in_parens) {
      if (!out.year) out.year = year_at(inside, 0);  // "12 (2001) 34-56"
    } else {
      out.issue = out.issue.empty() ? std::string(inside) : out.issue + " " + std::string(inside);
    }
    at = close + 1;
  }
  std::size_t p = at;
  const bool separated = (p < s.size() && (s[p] == ':' || s[p] == ',')) ||
                         (year_in_parens && p + 1 < s.size() && s[p] == ' ');
  if (separated) {
    p += s[p] == ' ' ? 0 : 1;
    while (p < s.size() && s[p] == ' ') ++p;
    ParsedCitation pages;
    const std::size_t end = read_pages(s, p, pages);
    if (end != kNone) {
      out.first_page = std::move(pages.first_page);
      out.last_page = std::move(pages.last_page);
      return end;
    }
  }
  return volume || !out.issue.empty() ? at : 0;
}

// The part of a citation after the authors, cut by the numbers.
struct Tail {
  std::string_view head;   // title and container (and publisher), before the numbers
  std::string_view after;  // what follows the numbers ("p. 12-34", "Erratum in ...")
  bool numbers = false;    // volume, issue or pages were found
};

// NLM/AMA: the last "Year[ date];" (else "Year:", else "Year." or the end) in `s`.
bool find_date_block(std::string_view s, ParsedCitation& out, Tail& tail) {
  std::size_t best = kNone;
  std::size_t best_end = 0;
  int best_rank = 0;
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if (!is_digit(s[i]) || year_at(s, i) == 0) continue;
    const char before = i > 0 ? s[i - 1] : ' ';
    if (before != ' ' && before != '.' && before != ';' && before != ',') continue;
    const std::size_t e = date_end(s, i);
    const char next = e < s.size() ? s[e] : '.';
    const bool sentence =
        i == 0 || before == ';' || before == ',' || before == '.' ||
        (i >= 2 && (s[i - 2] == '.' || s[i - 2] == ';' || s[i - 2] == ',' || s[i - 2] == ':'));
    // A year that ends the text is a date however it is preceded ("Digest Dis Sci 2022").
    const int rank = next == ';'                                                   ? 3
                     : next == ':'                                                 ? 2
                     : ((next == '.' || next == ',') && sentence) || e == s.size() ? 1
                                                                                   : 0;
    if (rank > 0 && rank >= best_rank) {
      best = i;
      best_end = e;
      best_rank = rank;
    }
    i += 3;
  }
  if (best == kNone) return false;
  out.year = year_at(s, best);
  tail.head = trim_punct(s.substr(0, best));
  std::size_t at = best_end;
  // After ';' the volume (NLM); a ':' stays (read_numbers reads ":pages"); after ',' a volume
  // only when pages follow it (RSC's "Journal, 2017, 56, 9994-9997").
  const bool comma = best_end < s.size() && s[best_end] == ',';
  if (best_rank >= 2 || comma) {
    at += best_rank == 2 ? 0 : 1;
    while (at < s.size() && s[at] == ' ') ++at;
    ParsedCitation numbers;
    const std::size_t used = read_numbers(s.substr(at), numbers);
    if (used > 0 && (!comma || !numbers.first_page.empty())) {
      out.volume = std::move(numbers.volume);
      out.issue = std::move(numbers.issue);
      out.first_page = std::move(numbers.first_page);
      out.last_page = std::move(numbers.last_page);
      tail.numbers = true;
      at += used;
    } else {
      at = best_end;
    }
  }
  tail.after = trim_punct(s.substr(std::min(at, s.size())));
  return true;
}

// Author-year and Nature styles: the numbers that end `s` ("Nature 409, 860-921",
// "Journal, 16(3), 123-130", "J Name 16:123-130", "J. Name 12 (2001) 34-56").
bool find_tail_numbers(std::string_view s, ParsedCitation& out, Tail& tail) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (s[i - 1] != ' ' && s[i - 1] != ',')) continue;
    ParsedCitation numbers;
    const std::size_t used = read_numbers(s.substr(i), numbers);
    if (used == 0 || !trim_punct(s.substr(i + used)).empty()) continue;
    if (numbers.volume.empty() || (numbers.first_page.empty() && numbers.issue.empty())) continue;
    out.volume = std::move(numbers.volume);
    out.issue = std::move(numbers.issue);
    out.first_page = std::move(numbers.first_page);
    out.last_page = std::move(numbers.last_page);
    if (!out.year) out.year = numbers.year;
    tail.head = trim_punct(s.substr(0, i));
    tail.numbers = true;
    return true;
  }
  return false;
}

// Where each sentence of `head` starts: after ". ", "? ", "! " (the '?' and '!' stay with
// the sentence before).
std::vector<std::size_t> sentence_starts(std::string_view head) {
  std::vector<std::size_t> starts{0};
  if (head.size() < 3) return starts;
  // memchr per mark: '.' is common, '?' and '!' rare; a byte loop cost more than the rest.
  const char* const data = head.data();
  const char* const last = data + head.size() - 1;  // a mark needs a space after it
  for (const char mark : {'.', '?', '!'}) {
    for (const char* p = data + 1; p < last; ++p) {
      p = static_cast<const char*>(std::memchr(p, mark, static_cast<std::size_t>(last - p)));
      if (p == nullptr) break;
      if (p[1] == ' ') starts.push_back(static_cast<std::size_t>(p - data) + 2);
    }
  }
  if (starts.size() > 2) std::sort(starts.begin() + 1, starts.end());
  return starts;
}

// A piece of a dotted journal abbreviation ("J", "Biol", "Arterioscler", "Ocular Immunol"):
// one or two capitalised words of at most 14 bytes, the second at most 10 and not a word that
// ends a title ("Case Report").
bool abbreviation(std::string_view sentence) {
  if (sentence.empty() || sentence.size() > 26 || sentence.back() == '?' ||
      sentence.back() == '!') {
    return false;
  }
  std::size_t words = 0;
  std::size_t start = 0;
  while (start < sentence.size()) {
    std::size_t end = sentence.find(' ', start);
    if (end == kNone) end = sentence.size();
    const std::string_view word = sentence.substr(start, end - start);
    if (word.empty() || word.size() > 14 || !(is_upper(word[0]) || is_utf8(word[0]))) return false;
    ++words;
    if (end == sentence.size() && words == 2) {
      if (word.size() > 10) return false;
      for (std::string_view ending : {"Report", "Review", "Study", "Trial", "Update", "Series"}) {
        if (word == ending) return false;
      }
    }
    start = end + 1;
  }
  return words <= 2;
}

// The sentence of `head` starting at starts[k], without its closing period.
std::string_view sentence(std::string_view head, const std::vector<std::size_t>& starts,
                          std::size_t k) {
  const std::size_t end = k + 1 < starts.size() ? starts[k + 1] - 2 : head.size();
  std::string_view out = head.substr(starts[k], end - starts[k]);
  if (!out.empty() && out.back() == '.') out.remove_suffix(1);
  return out;
}

// Splits "title. container" at its last sentence, joined with the dotted abbreviations before
// it; `title_first` keeps at least one sentence for the title (authors came first, so a title
// is there). A single sentence is the container when `single_is_container`, else the title.
// A word that may stand lower-case inside a journal's name ("of", "and", "in", "the", ...).
bool small_word(std::string_view w) {
  for (std::string_view small :
       {"of", "and", "in", "the", "for", "on", "de",  "la",  "du",  "und",
        "&",  "et",  "y",  "a",   "an",  "to", "fur", "der", "des", "di"}) {
    if (w == small) return true;
  }
  return false;
}

// "A title about the tokay gecko (Gekko gecko) Vision Res": a title and a journal that the
// publisher ran together. The journal is the run of capitalised words that ends the text,
// after a word in lower case; at least four words must stay for the title. 0 when there is
// no such split.
std::size_t run_together(std::string_view text) {
  std::size_t start = text.size();
  std::size_t words_after = 0;
  while (start > 0) {
    std::size_t b = text.rfind(' ', start - 1);
    b = b == kNone ? 0 : b + 1;
    const std::string_view word = text.substr(b, start - b);
    const bool capital = !word.empty() && (is_upper(word[0]) || is_utf8(word[0]));
    if (!capital && !small_word(word)) break;
    if (b == 0) return 0;  // every word capitalised: a name, not a title and a name
    start = b - 1;
    ++words_after;
  }
  if (words_after == 0 || start + 1 >= text.size() || is_lower(text[start + 1])) return 0;
  std::size_t title_words = 1;
  for (std::size_t i = 0; i < start; ++i) title_words += text[i] == ' ' ? 1 : 0;
  return title_words >= 4 ? start + 1 : 0;
}

void split_title_container(std::string_view head, bool title_first, bool single_is_container,
                           ParsedCitation& out) {
  head = trim_punct(head);
  if (head.empty()) return;
  const std::vector<std::size_t> starts = sentence_starts(head);
  if (starts.size() == 1) {
    const std::size_t split = title_first && single_is_container ? run_together(head) : 0;
    if (split > 0) {
      out.title = std::string(trim_punct(head.substr(0, split)));
      out.container = std::string(head.substr(split));
      return;
    }
    (single_is_container ? out.container : out.title) = std::string(head);
    return;
  }
  std::size_t first = starts.size() - 1;
  // A title of three letters or fewer is a piece of the journal ("J. Am. Chem. Soc").
  const std::size_t keep = title_first && sentence(head, starts, 0).size() > 3 ? 1 : 0;
  while (first > keep && abbreviation(sentence(head, starts, first - 1))) --first;
  out.container = std::string(trim_punct(head.substr(starts[first])));
  std::string_view title = head.substr(0, starts[first]);
  while (!title.empty() && (title.back() == ' ' || title.back() == '.')) title.remove_suffix(1);
  out.title = std::string(title);
}

// Capitalised words (small words such as "of" and "&" aside), at most `most` of them.
bool capitalised_words(std::string_view s, std::size_t most) {
  std::size_t words = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i - 1] != ' ') continue;
    if (s[i] == ' ') continue;
    ++words;
    if (is_upper(s[i]) || is_utf8(s[i]) || s[i] == '(' || s[i] == '&') continue;
    const std::string_view rest = s.substr(i);
    if (!(rest.starts_with("of ") || rest.starts_with("and ") || rest.starts_with("for ") ||
          rest.starts_with("the ") || rest.starts_with("de ") || rest.starts_with("und "))) {
      return false;
    }
  }
  return words >= 1 && words <= most;
}

// A publisher's sentence: "New York: Springer", "New York, NY: Wiley", "Water Power Press;
// Beijing", "Brookings Institution Press" -- a place of capitalised words before ": " and a
// capitalised name after it, or a name with a publisher's word.
bool publisher_sentence(std::string_view s) {
  if (s.empty() || s.size() > 90 || std::any_of(s.begin(), s.end(), is_digit)) return false;
  const std::size_t colon = s.find(": ");
  if (colon != kNone) {
    return colon <= 40 && capitalised_words(s.substr(0, colon), 5) &&
           capitalised_words(s.substr(colon + 2), 7);
  }
  if (!capitalised_words(s, 8) && s.find("; ") == kNone) return false;
  for (std::string_view word : {"Press", "Publish", "Verlag", "Books", "Ltd", "Inc", "Wiley",
                                "Springer", "Elsevier", "University", "Foundation", "Academic"}) {
    if (s.find(word) != kNone) return true;
  }
  return false;
}

// The editors of an "In:" part end at "editors.", "eds.", "(eds)", "(Ed.),": past them.
std::size_t past_editors(std::string_view s) {
  for (std::string_view mark : {"(Eds.), ", "(Eds.) ", "(Ed.), ", "(Ed.) ", "(eds), ", "(eds). ",
                                "(eds.), ", "(eds) ", "(ed), ", "(ed.), ", "editors. ", "editor. ",
                                "eds. ", "ed. ", "Eds. ", "Ed. ", "editors, ", "(Eds). "}) {
    const std::size_t at = s.find(mark);
    if (at != kNone && at < 200) return at + mark.size();
  }
  return 0;
}

// "Title. In: Editors, eds. Book" / "Title. In B. Editor (Ed.), Book (pp. 1-9)": a chapter.
bool read_chapter(std::string_view head, ParsedCitation& out) {
  std::size_t in = kNone;
  for (std::string_view mark : {". In: ", ". In ", " In: ", ". in: "}) {
    in = head.find(mark);
    if (in != kNone) {
      out.title = std::string(trim_punct(head.substr(0, in)));
      head = head.substr(in + mark.size());
      break;
    }
  }
  if (in == kNone) return false;
  head = head.substr(past_editors(head));
  for (std::string_view mark : {", pp", ", p. "}) {  // "In Proceedings of X, pp. 168-175 Tokyo"
    const std::size_t at = head.find(mark);
    if (at == kNone) continue;
    ParsedCitation pages;
    if (read_pages(head, at + 2, pages) != kNone && out.first_page.empty()) {
      out.first_page = std::move(pages.first_page);
      out.last_page = std::move(pages.last_page);
    }
    head = head.substr(0, at);
  }
  const std::size_t pp = head.find(" (pp");
  if (pp != kNone) {
    ParsedCitation pages;
    if (read_pages(head, pp + 2, pages) != kNone && out.first_page.empty()) {
      out.first_page = std::move(pages.first_page);
      out.last_page = std::move(pages.last_page);
    }
    head = head.substr(0, pp);
  }
  const std::vector<std::size_t> starts = sentence_starts(head);
  out.container = std::string(trim_punct(sentence(head, starts, 0)));
  out.kind = CitationKind::kChapter;
  return true;
}

// Theses: "[dissertation]", "[PhD thesis]", "PhD thesis", "Doctoral dissertation".
bool thesis(std::string_view s) {
  for (std::string_view mark : {"dissertation", "thesis", "Thesis", "Dissertation"}) {
    if (s.find(mark) != kNone) return true;
  }
  return false;
}

// Books, chapters, theses and web pages: the head without a journal's numbers.
void read_book(std::string_view head, bool has_authors, ParsedCitation& out) {
  std::vector<std::size_t> starts = sentence_starts(head);
  std::size_t end = head.size();
  for (std::size_t k = starts.size(); k-- > 1;) {  // publisher and edition sentences at the end
    const std::string_view last = sentence(head, starts, k);
    if (!publisher_sentence(last) && !istarts_with(last, "2nd") && !istarts_with(last, "3rd") &&
        last.find(" ed") == kNone) {
      break;
    }
    end = starts[k];
  }
  head = trim_punct(head.substr(0, end));
  const bool is_thesis = thesis(head);
  if (read_chapter(head, out)) return;
  starts = sentence_starts(head);
  if (!has_authors && starts.size() >= 2) {  // a group author: "World Health Organization."
    out.authors.push_back(CitationAuthor{std::string(sentence(head, starts, 0)), {}});
    head = head.substr(starts[1]);
  }
  if (is_thesis) {  // "Title. PhD thesis, University": the title ends before the thesis note
    starts = sentence_starts(head);
    for (std::size_t k = 1; k < starts.size(); ++k) {
      if (thesis(sentence(head, starts, k))) {
        head = head.substr(0, starts[k]);
        break;
      }
    }
  }
  out.title = std::string(trim_punct(head));
  out.kind = is_thesis ? CitationKind::kThesis : CitationKind::kBook;
}

// A year right after the authors: "(2001)", "(2001a)", "(2001, March 5)", "2001." or
// "(n.d.)". The position after it, or 0.
std::size_t author_year(std::string_view s, std::size_t i, ParsedCitation& out) {
  while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
  if (i < s.size() && s[i] == '(') {
    const std::size_t close = s.find(')', i);
    if (close == kNone || close - i > 30) return 0;
    const std::string_view inside = s.substr(i + 1, close - i - 1);
    if (year_at(inside, 0) != 0) {
      out.year = year_at(inside, 0);
    } else if (!istarts_with(inside, "n.d") && !istarts_with(inside, "in press")) {
      return 0;
    }
    std::size_t e = close + 1;
    while (e < s.size() && (s[e] == '.' || s[e] == ':' || s[e] == ',' || s[e] == ' ')) ++e;
    return e;
  }
  const int year = year_at(s, i);
  if (year == 0) return 0;
  std::size_t e = date_end(s, i);
  // "2001." (Harvard) or "2001, \"Title,\"" (ASME)
  if (e >= s.size() || (s[e] != '.' && s[e] != ',')) return 0;
  out.year = year;
  while (e < s.size() && (s[e] == '.' || s[e] == ',' || s[e] == ' ')) ++e;
  return e;
}

// "Title. J. 12, 34-56 (2001)": the year in parentheses that ends Nature's style, cut off.
bool trailing_year(std::string_view& s, ParsedCitation& out) {
  const std::string_view t = trim_punct(s);
  if (t.size() < 7 || t.back() != ')' || t[t.size() - 6] != '(') return false;
  const int year = year_at(t, t.size() - 5);
  if (year == 0) return false;
  out.year = year;
  s = t.substr(0, t.size() - 6);
  return true;
}

// ", September 1990" / ", 1990" ending the text (after the numbers, as many computing and
// physics styles write it): the year, and `s` cut before its comma.
bool trailing_date(std::string_view& s, ParsedCitation& out) {
  const std::string_view t = trim_punct(s);
  if (t.size() < 6 || year_at(t, t.size() - 4) == 0) return false;
  std::size_t b = t.size() - 4;
  while (b > 0) {
    std::size_t w = b;
    while (w > 0 && t[w - 1] == ' ') --w;
    std::size_t x = w;
    while (x > 0 &&
           (is_alpha(t[x - 1]) || is_digit(t[x - 1]) || t[x - 1] == '.' || t[x - 1] == '-'))
      --x;
    const std::string_view word = t.substr(x, w - x);
    const bool day =
        !word.empty() && word.size() <= 2 && std::all_of(word.begin(), word.end(), is_digit);
    if (x == w || !(is_date_word(word) || day)) {
      b = w;
      break;
    }
    b = x;
  }
  if (b == 0 || t[b - 1] != ',') return false;
  out.year = year_at(t, t.size() - 4);
  s = t.substr(0, b - 1);
  return true;
}

// "p. 12-34" after a book's date.
void pages_after(std::string_view after, ParsedCitation& out) {
  for (std::string_view mark : {"p. ", "pp. ", "pp."}) {
    const std::size_t at = after.find(mark);
    if (at != kNone && (at == 0 || after[at - 1] == ' ') && out.first_page.empty()) {
      ParsedCitation pages;
      if (read_pages(after, at, pages) != kNone) {
        out.first_page = std::move(pages.first_page);
        out.last_page = std::move(pages.last_page);
      }
      return;
    }
  }
}

// A reference number a list left in the text: "12. ", "[12] ", "12) ".
std::string_view strip_numbering(std::string_view s) {
  std::size_t i = 0;
  const bool bracket = !s.empty() && s[0] == '[';
  if (bracket) ++i;
  const std::size_t digits = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits || i - digits > 3 || i + 1 >= s.size()) return s;
  if ((bracket && s[i] == ']') || (!bracket && (s[i] == '.' || s[i] == ')'))) {
    if (s[i + 1] == ' ') return s.substr(i + 2);
  }
  return s;
}

// "Osaka City Med J. 2015 Dec;61(2)": what read like an author was the journal of a
// journal-first string (a date with ';' follows at once).
bool date_follows(std::string_view s, std::size_t at) {
  while (at < s.size() && s[at] == ' ') ++at;
  if (year_at(s, at) == 0) return false;
  const std::size_t e = date_end(s, at);
  return e < s.size() && (s[e] == ';' || s[e] == ':');
}

// An author list where a container should be: "Crawford JT, Bates JH", "Herz W, Falk H,
// Kirby GW and Tamm CH, Springer-Verlag, New York", "Bandarian V, Academic Press" (editors and
// publishers of a book run together), "and et al., The Journal of antibiotics".
bool author_list(const std::string& container) {
  if (container.find("et al") != kNone) return true;
  ParsedCitation probe;
  const std::size_t end = citation::read_authors(container, probe);
  if (probe.authors.size() >= 2) return true;
  return probe.authors.size() == 1 && container.compare(end, 2, ", ") == 0;
}

// The head is a book's (no journal numbers): publisher, "In:", thesis or web page.
bool book_like(std::string_view head, bool web) {
  const std::vector<std::size_t> starts = sentence_starts(head);
  const std::string_view last = sentence(head, starts, starts.size() - 1);
  return web || publisher_sentence(last) || thesis(head) || head.find(" In: ") != kNone ||
         head.find(". In ") != kNone || istarts_with(last, "2nd ed") || last.find(" ed") != kNone;
}

// Finds the numbers (and the year when the authors did not give it) in `rest`.
Tail find_numbers(std::string_view rest, bool year_given, ParsedCitation& out) {
  Tail tail;
  if (year_given) {
    if (!find_tail_numbers(rest, out, tail)) tail.head = rest;
    return tail;
  }
  std::string_view before_date = rest;
  ParsedCitation dated;
  if (trailing_date(before_date, dated) && find_tail_numbers(before_date, out, tail)) {
    out.year = dated.year;  // "Journal, 48(2), 161-220, September 1990."
    return tail;
  }
  std::string_view before_year = rest;
  if (trailing_year(before_year, out)) {  // Nature: "... 12, 34-56 (2001)."
    if (!find_tail_numbers(before_year, out, tail)) tail.head = before_year;
    return tail;
  }
  if (find_date_block(rest, out, tail) && (tail.numbers || !find_tail_numbers(rest, out, tail))) {
    return tail;
  }
  if (!find_tail_numbers(rest, out, tail)) tail.head = rest;  // Elsevier: "12 (2001) 34-56"
  return tail;
}

void classify(const Tail& tail, bool web, ParsedCitation& out) {
  if (out.kind != CitationKind::kUnknown) return;
  if (!out.container.empty() && (tail.numbers || out.year)) {
    out.kind = CitationKind::kArticle;
  } else if (web) {
    out.kind = CitationKind::kWeb;
  }
}

// A group author before an author-year date: "Uniprot (2019) Title", "U.S. National Library
// of Medicine. 2018. Title". The position after the date, or 0.
std::size_t group_author(std::string_view s, ParsedCitation& out) {
  for (std::size_t i = 2; i < std::min<std::size_t>(s.size(), 120); ++i) {
    if (s[i] != '(' && s[i] != ' ') continue;
    const bool paren = s[i] == '(' && s[i - 1] == ' ' && year_at(s, i + 1) != 0;
    const bool dotted = s[i] == ' ' && s[i - 1] == '.' && year_at(s, i + 1) != 0 &&
                        i + 5 < s.size() && (s[i + 5] == '.' || s[i + 5] == ',');
    if (!paren && !dotted) continue;
    const std::string_view group = trim_punct(s.substr(0, i - 1));
    if (group.empty() || !capitalised_words(group, 10)) return 0;
    ParsedCitation dated;
    const std::size_t after = author_year(s, paren ? i : i + 1, dated);
    if (after == 0 || after + 8 > s.size()) return 0;  // a title must follow
    out.year = dated.year;
    out.authors.push_back(CitationAuthor{std::string(group), {}});
    return after;
  }
  return 0;
}

// A title in quotes ("'fastCAT: ...', Medical Physics", "\"Title,\" Journal"): sets the title
// and returns what follows the closing quote; `s` unchanged when it does not start with one.
std::string_view quoted_title(std::string_view s, ParsedCitation& out) {
  if (s.empty() || (s[0] != '"' && s[0] != '\'')) return s;
  const char quote = s[0];
  for (std::size_t e = 1; e < s.size(); ++e) {
    if (s[e] != quote) continue;
    const bool closes =
        quote == '"' || e + 1 == s.size() || s[e + 1] == ',' || s[e + 1] == '.' || s[e + 1] == ' ';
    if (!closes) continue;
    out.title = std::string(trim_punct(s.substr(1, e - 1)));
    return trim_punct(s.substr(e + 1));
  }
  return s;
}

// Title, container and kind from the text after the authors and their date.
void read_rest(std::string_view rest, bool year_given, bool has_authors, bool internet,
               ParsedCitation& out) {
  const std::string_view body = quoted_title(rest, out);
  const bool quoted = body.data() != rest.data();
  const Tail tail = find_numbers(body, year_given, out);
  const bool web = internet || (!out.url.empty() && !tail.numbers);
  if (quoted) {
    std::string title = std::move(out.title);
    const std::string_view head =
        tail.head.substr(0, std::min(tail.head.find(", "), tail.head.size()));
    split_title_container(head, false, true, out);
    out.title = std::move(title);
  } else if (!tail.numbers && book_like(tail.head, web)) {
    read_book(tail.head, has_authors, out);
    if (web && out.kind == CitationKind::kBook) out.kind = CitationKind::kWeb;
  } else {
    // One sentence: "Authors, Journal, 2017, 56, 9994-9997" (RSC) has no title, "Stem Cells.
    // 2006 May" (journal first) no authors; "Smith J. A book. 2001" has no journal.
    const bool single_is_container = tail.numbers || (!has_authors && out.year);
    split_title_container(tail.head, has_authors, single_is_container, out);
  }
  if (author_list(out.container)) out.container.clear();
  if (out.first_page.empty()) pages_after(tail.after, out);
  classify(tail, web, out);
}

}  // namespace

// PubMed's own short form, "Journal. Date;Vol(Issue):Pages" (the page format and most older
// XML), read by the strict NLM parser (io/reference_parser.hpp): the first ". " is followed by
// a date that runs into ";" or ":", and nothing before it is a list. Two of three PubMed references
// at scale take this path, at the old reader's speed; anything else returns false.
bool journal_first(std::string_view text, ParsedCitation& out) {
  const std::size_t stop = text.find(". ");
  if (stop == kNone || stop > 80 || stop + 2 >= text.size() || !is_digit(text[stop + 2]) ||
      text.substr(0, stop).find_first_of(",;:") != kNone || year_at(text, stop + 2) == 0) {
    return false;
  }
  // The date runs into ";" or ":" (or ends the text): "Minnikin DE. 1982. Lipids" is no journal.
  const std::size_t date = date_end(text, stop + 2);
  if (date < text.size() && text[date] != ';' && text[date] != ':') return false;
  Reference parsed;
  if (!parse_nlm_reference(text, parsed).ok || !parsed.year || parsed.journal.empty()) return false;
  out.kind = CitationKind::kArticle;
  out.container = std::move(parsed.journal);
  out.year = parsed.year;
  out.volume = std::move(parsed.volume);
  out.issue = std::move(parsed.issue);
  const std::size_t dash = parsed.pages.find('-');
  out.first_page = parsed.pages.substr(0, dash);
  if (dash != std::string::npos) out.last_page = parsed.pages.substr(dash + 1);
  out.pmid = parsed.ids.pmid;
  out.doi = std::move(parsed.ids.doi);
  out.pmcid = std::move(parsed.ids.pmcid);
  return true;
}

ParsedCitation parse_citation(std::string_view text) {
  ParsedCitation out;
  if (journal_first(ascii::trim(text), out)) return out;
  std::string s = citation::normalise(text);
  const bool internet = citation::take_ids(s, out);
  const std::string_view v = strip_numbering(s);
  std::size_t at = citation::read_authors(v, out);
  if (at > 0 && date_follows(v, at)) {
    out.authors.clear();
    out.et_al = false;
    at = 0;
  }
  const bool has_authors = !out.authors.empty();
  std::size_t after_year = has_authors ? author_year(v, at, out) : group_author(v, out);
  const std::string_view rest = trim_punct(v.substr(after_year > 0 ? after_year : at));
  read_rest(rest, after_year > 0, has_authors || after_year > 0, internet, out);
  return out;
}

std::string ParsedCitation::pages() const {
  if (first_page.empty()) return {};
  return last_page.empty() ? first_page : first_page + '-' + last_page;
}

std::string ParsedCitation::first_author() const {
  if (authors.empty()) return {};
  const CitationAuthor& a = authors.front();
  return a.initials.empty() ? a.surname : a.surname + ' ' + a.initials;
}

bool read_citation(std::string_view text, Reference& out) {
  ParsedCitation p = parse_citation(text);
  out.citation = std::string(ascii::trim(text));
  out.journal = std::move(p.container);
  out.year = p.year;
  out.volume = std::move(p.volume);
  out.issue = std::move(p.issue);
  out.pages = p.pages();
  out.title = std::move(p.title);
  out.first_author = p.first_author();
  if (!out.ids.pmid) out.ids.pmid = p.pmid;
  if (out.ids.doi.empty()) out.ids.doi = std::move(p.doi);
  if (out.ids.pmcid.empty()) out.ids.pmcid = std::move(p.pmcid);
  // Nothing but a "title" that is the whole text: no style matched. The work is then known
  // by its text (a title key from it would pass garbage off as a title).
  const bool recognised = !out.journal.empty() || !out.first_author.empty() || out.year ||
                          p.kind != CitationKind::kUnknown || !out.ids.empty();
  if (!recognised) out.title.clear();
  return recognised;
}

}  // namespace citegraph::io
