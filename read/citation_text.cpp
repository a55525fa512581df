// Step 1 of the citation parser (read/citation_detail.hpp): a normalised text without ids, URLs
// and notes, so that the structure parser sees only "authors, title, container, date,
// volume, pages" and a year in "Accessed 2020 Jan 5" or "Epub 2019" cannot pass for the
// publication year.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/pmid.hpp"
#include "read/citation_detail.hpp"
#include "support/ascii.hpp"

namespace citegraph::io::citation {
namespace {

using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::istarts_with;

// The ASCII stand-in of the 3-byte UTF-8 punctuation at t[i] (E2 80 xx / E2 88 92), 0 to keep
// it, or ' ' for a space; `skip` is set for characters dropped (zero-width space, BOM).
char punctuation_of(std::string_view t, std::size_t i, bool& skip) {
  skip = false;
  const auto b1 = static_cast<unsigned char>(t[i + 1]);
  const auto b2 = static_cast<unsigned char>(t[i + 2]);
  const auto b0 = static_cast<unsigned char>(t[i]);
  if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return skip = true, 0;  // BOM
  if (b0 == 0xE2 && b1 == 0x88 && b2 == 0x92) return '-';             // minus sign
  if (b0 != 0xE2 || b1 != 0x80) return 0;
  if (b2 <= 0x8A || b2 == 0xAF) return ' ';                           // en/em/thin/... spaces
  if (b2 == 0x8B || b2 == 0x8C || b2 == 0x8D) return skip = true, 0;  // zero-width
  if (b2 >= 0x90 && b2 <= 0x95) return '-';                           // hyphens and dashes
  if (b2 == 0x98 || b2 == 0x99) return '\'';
  if (b2 == 0x9C || b2 == 0x9D) return '"';
  return 0;
}

}  // namespace

std::string normalise(std::string_view t) {
  std::string s(t.size(), '\0');  // never longer than the text
  char* out = s.data();
  char* const begin = out;
  auto space = [&out, begin] {
    if (out != begin && out[-1] != ' ') *out++ = ' ';
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c <= ' ' || c == 0x7F) {
      space();
      continue;
    }
    if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) {
      space();  // NBSP
      ++i;
      continue;
    }
    if ((c == 0xE2 || c == 0xEF) && i + 2 < t.size()) {
      bool skip = false;
      const char stand_in = punctuation_of(t, i, skip);
      if (stand_in == ' ') space();
      if (stand_in != 0 && stand_in != ' ') *out++ = stand_in;
      if (skip || stand_in != 0) {
        i += 2;
        continue;
      }
    }
    *out++ = static_cast<char>(c);
  }
  while (out != begin && out[-1] == ' ') --out;
  s.resize(static_cast<std::size_t>(out - begin));
  if (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

bool is_date_word(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  if (w.size() < 3 || w.size() > 9) return false;
  static constexpr std::array<std::string_view, 16> kWords = {
      "january",   "february", "march",    "april",    "may",    "june",   "july",   "august",
      "september", "october",  "november", "december", "spring", "summer", "autumn", "winter"};
  if (ascii::iequals(w, "fall") || ascii::iequals(w, "sept")) return true;
  for (std::string_view word : kWords) {
    // The full name or its first three letters ("Jan", "Sep"; "May" is both).
    if ((w.size() == word.size() || w.size() == 3) && ascii::iequals(w, word.substr(0, w.size()))) {
      return true;
    }
  }
  return false;
}

int year_at(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return 0;
  if (i > 0 && is_digit(s[i - 1])) return 0;
  if (i + 4 < s.size() && is_digit(s[i + 4])) return 0;
  int year = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    if (!is_digit(s[k])) return 0;
    year = year * 10 + (s[k] - '0');
  }
  return year >= 1500 && year <= 2100 ? year : 0;
}

namespace {

// A span of `s` to delete.
struct Cut {
  std::size_t begin;
  std::size_t end;
};

std::size_t token_end(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] != ' ') ++i;
  return i;
}

// A DOI starting at s[i] ("10.nnnn/..."): its end, without closing punctuation and without
// an unbalanced ')' or ']'.
std::size_t doi_end(std::string_view s, std::size_t i) {
  std::size_t end = token_end(s, i);
  while (end > i) {
    const char last = s[end - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '"') {
      --end;
    } else if (last == ')' || last == ']') {
      const char open = last == ')' ? '(' : '[';
      const std::string_view body = s.substr(i, end - i);
      const auto opens = std::count(body.begin(), body.end(), open);
      const auto closes = std::count(body.begin(), body.end(), last);
      if (closes <= opens) break;
      --end;
    } else {
      break;
    }
  }
  return end;
}

// A label before an id ("doi:", "DOI ", "PMID: ", "[PMID: "), given where the id starts.
std::size_t label_start(std::string_view s, std::size_t id, std::string_view label) {
  std::size_t b = id;
  while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == ':')) --b;
  if (b >= label.size() && istarts_with(s.substr(b - label.size()), label)) {
    b -= label.size();
    if (b > 0 && s[b - 1] == '[') --b;
    return b;
  }
  return id;
}

// An id's or URL's end: the token, less closing punctuation and an unbalanced ')' or ']'.
std::size_t id_end(std::string_view s, std::size_t i) { return doi_end(s, i); }

// Sorts, merges and deletes the cuts from `s`.
void apply_cuts(std::string& s, std::vector<Cut>& cuts) {
  if (cuts.empty()) return;
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(s.size());
  std::size_t at = 0;
  for (const Cut& cut : cuts) {
    if (cut.begin > at) out.append(s, at, cut.begin - at);
    at = std::max(at, cut.end);
  }
  if (at < s.size()) out.append(s, at, std::string::npos);
  s = std::move(out);
}

// What a URL says: a DOI, PubMed or PMC link becomes that id; another URL is kept as the url.
void take_url(std::string_view url, ParsedCitation& out) {
  const std::size_t doi_at = url.find("doi.org/");
  if (doi_at != std::string_view::npos) {
    if (out.doi.empty()) out.doi = normalize_doi(url.substr(doi_at + 8));
    return;
  }
  const std::size_t pmc = url.find("/PMC");
  if (pmc != std::string_view::npos && url.find("ncbi.nlm.nih.gov") != std::string_view::npos) {
    if (out.pmcid.empty())
      out.pmcid = normalize_pmcid(url.substr(pmc + 1, url.find('/', pmc + 1) - pmc - 1));
    return;
  }
  if (url.find("ncbi.nlm.nih.gov/pubmed") != std::string_view::npos ||
      url.find("pubmed.ncbi.nlm.nih.gov") != std::string_view::npos) {
    std::size_t d = url.size();
    while (d > 0 && (url[d - 1] == '/')) --d;
    std::size_t b = d;
    while (b > 0 && is_digit(url[b - 1])) --b;
    if (!out.pmid && b < d) out.pmid = parse_pmid(url.substr(b, d - b));
    return;
  }
  if (out.url.empty()) out.url = std::string(url);
}

// "PMID: 123", "[PMID: 123]", "PubMed PMID: 123" at s[i] (which starts "pmid"): the cut.
bool take_pmid(std::string_view s, std::size_t i, ParsedCitation& out, Cut& cut) {
  std::size_t d = i + 4;
  while (d < s.size() && (s[d] == ':' || s[d] == ' ' || s[d] == '=')) ++d;
  std::size_t e = d;
  while (e < s.size() && is_digit(s[e])) ++e;
  if (e == d || e - d > 10) return false;
  if (!out.pmid) out.pmid = parse_pmid(s.substr(d, e - d));
  std::size_t b = label_start(s, i, "pubmed");
  if (b == i && b > 0 && s[b - 1] == '[') --b;
  if (b < i && s[b] == '[' && e < s.size() && s[e] == ']') ++e;
  cut = Cut{b, e};
  return true;
}

// "PMCID: PMC123", "PMC123", "[PMCID: PMC123]" at s[i] (which starts "pmc").
bool take_pmcid(std::string_view s, std::size_t i, ParsedCitation& out, Cut& cut) {
  std::size_t d = i + 3;
  if (istarts_with(s.substr(d), "id")) d += 2;
  while (d < s.size() && (s[d] == ':' || s[d] == ' ')) ++d;
  if (istarts_with(s.substr(d), "pmc")) d += 3;
  std::size_t e = d;
  while (e < s.size() && is_digit(s[e])) ++e;
  if (e == d || (e < s.size() && (is_alpha(s[e]) || is_utf8(s[e])))) return false;
  if (out.pmcid.empty()) out.pmcid = normalize_pmcid(s.substr(d, e - d));
  std::size_t b = i;
  if (b > 0 && s[b - 1] == '[') --b;
  if (s[b] == '[' && e < s.size() && s[e] == ']') ++e;
  cut = Cut{b, e};
  return true;
}

// A DOI ("10.1000/x"), with its label ("doi:", "DOI ", "https://doi.org/" went with URLs).
bool take_doi(std::string_view s, std::size_t i, ParsedCitation& out, Cut& cut) {
  std::size_t d = i + 3;
  std::size_t digits = 0;
  while (d < s.size() && is_digit(s[d])) ++d, ++digits;
  if (digits < 4 || d >= s.size() || (s[d] != '/' && s[d] != '.')) return false;
  const std::size_t e = doi_end(s, i);
  const std::string doi = normalize_doi(s.substr(i, e - i));
  if (doi.empty()) return false;
  if (out.doi.empty()) out.doi = doi;
  std::size_t b = label_start(s, i, "doi");
  if (b > 0 && s[b - 1] == '[' && e < s.size() && s[e] == ']') return cut = Cut{b - 1, e + 1}, true;
  cut = Cut{b, e};
  return true;
}

// Bytes of words (letters, digits, UTF-8): an id or a note starts where a word does.
constexpr std::array<unsigned char, 256> word_bytes() {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = ascii::is_alnum(static_cast<char>(c)) || c >= 0x80;
  return table;
}
constexpr std::array<unsigned char, 256> kWordByte = word_bytes();

constexpr std::array<unsigned char, 256> byte_set(std::string_view bytes, bool both_cases) {
  std::array<unsigned char, 256> table{};
  for (const char c : bytes) {
    table[static_cast<unsigned char>(c)] = 1;
    if (both_cases) table[static_cast<unsigned char>(ascii::to_upper(c))] = 1;
  }
  return table;
}
// The first bytes of the heads id_or_note_head() knows, and the brackets notes start with.
constexpr std::array<unsigned char, 256> kIdOrNoteFirst = byte_set("hwfpacdelruv1", true);
constexpr std::array<unsigned char, 256> kBracket = byte_set("[(", false);

constexpr std::uint32_t code(std::string_view four) {
  std::uint32_t w = 0;
  for (std::size_t k = 0; k < four.size(); ++k)
    w |= std::uint32_t{static_cast<unsigned char>(four[k])} << (8 * k);
  return w;
}

// The first 4 bytes at s[i] (0 past the end), ASCII letters in lower case.
std::uint32_t head4(std::string_view s, std::size_t i) {
  std::uint32_t w = 0;
  for (std::size_t k = 0; k < 4 && i + k < s.size(); ++k) {
    w |= std::uint32_t{static_cast<unsigned char>(ascii::to_lower(s[i + k]))} << (8 * k);
  }
  return w;
}

// Whether an id (URL, DOI, PMID, PMCID) or a note ("Accessed", "Available from", "Epub", ...)
// may start with these 4 bytes.
bool id_or_note_head(std::uint32_t w) {
  switch (w) {
    case code("http"):
    case code("www."):
    case code("ftp:"):
    case code("pmid"):
    case code("acce"):
    case code("avai"):
    case code("cite"):
    case code("date"):
    case code("epub"):
    case code("ecol"):
    case code("last"):
    case code("publ"):
    case code("retr"):
    case code("upda"):
    case code("url:"):
    case code("view"):
      return true;
    default:
      return (w & 0xFFFFFFu) == code("pmc") || (w & 0xFFFFFFu) == code("10.");
  }
}

// Where an id or a note may start, in order: every '[' and '(' and every word whose first 4
// bytes may begin one. One pass with a table test per byte and a switch per word, instead of a
// search per needle (which cost most of the parser's time).
std::vector<std::size_t> candidates(std::string_view v) {
  std::vector<std::size_t> at;
  unsigned previous = 0;  // 1 when the byte before is a word byte
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    const unsigned word = kWordByte[c];
    const unsigned start = word & ~previous;
    previous = word;
    // One rarely taken branch per byte: a bracket, or a word starting with a letter an id or
    // a note starts with.
    if (((start & kIdOrNoteFirst[c]) | kBracket[c]) == 0) continue;
    if (kBracket[c] != 0 || id_or_note_head(head4(v, i))) at.push_back(i);
  }
  return at;
}

// An id at v[i]: its cut (with its label), recorded in `out`; false when there is none.
bool take_id(std::string_view v, std::size_t i, ParsedCitation& out, Cut& cut) {
  const std::string_view rest = v.substr(i);
  if (istarts_with(rest, "http://") || istarts_with(rest, "https://") ||
      istarts_with(rest, "www.") || istarts_with(rest, "ftp://")) {
    const std::size_t e = id_end(v, i);
    take_url(v.substr(i, e - i), out);
    std::size_t b = label_start(v, i, "url");
    if (b > 0 && (v[b - 1] == '<' || v[b - 1] == '(' || v[b - 1] == '[')) --b;
    const bool closed = e < v.size() && (v[e] == '>' || (b < i && v[b] == '(' && v[e] == ')'));
    cut = Cut{b, closed ? e + 1 : e};
    return true;
  }
  return (istarts_with(rest, "10.") && take_doi(v, i, out, cut)) ||
         (istarts_with(rest, "pmid") && take_pmid(v, i, out, cut)) ||
         (istarts_with(rest, "pmc") && take_pmcid(v, i, out, cut));
}

// The end of a note that runs to a closing bracket, the next ". " or the end of the text.
std::size_t note_end(std::string_view s, std::size_t i, char close) {
  if (close != 0) {
    const std::size_t e = s.find(close, i);
    return e == std::string_view::npos ? s.size() : e + 1;
  }
  for (std::size_t e = i; e < s.size(); ++e) {
    if ((s[e] == '.' || s[e] == ';') && (e + 1 == s.size() || s[e + 1] == ' ')) {
      // "Accessed Jan. 5, 2020": a month's period does not end the note.
      std::size_t w = e;
      while (w > i && is_alpha(s[w - 1])) --w;
      if (s[e] == '.' && is_date_word(s.substr(w, e - w))) continue;
      return e + 1;
    }
  }
  return s.size();
}

constexpr std::array<std::string_view, 17> kLinkLabels = {
    "[pubmed]",   "[google scholar]", "[crossref]",   "[pmc free article]",
    "[doi]",      "[free full text]", "[medline]",    "[web of science]",
    "[scopus]",   "[ref list]",       "[cas]",        "[isi]",
    "[article]",  "[pubmed central]", "[europe pmc]", "[abstract]",
    "[full text]"};

constexpr std::array<std::string_view, 5> kBracketNotes = {"[cited", "[accessed", "[epub",
                                                           "[updated", "[last"};
constexpr std::array<std::string_view, 7> kParenNotes = {
    "(accessed", "(cited", "(last accessed", "(date accessed", "(retrieved", "(epub", "(viewed"};
constexpr std::array<std::string_view, 12> kNotes = {
    "accessed ", "accessed:",   "last accessed",    "date accessed", "cited ",    "epub ",
    "epub:",     "ecollection", "published online", "retrieved on",  "viewed on", "updated "};
constexpr std::array<std::string_view, 8> kLabels = {
    "available from:",   "available from ",     "available at:",  "available at ",
    "available online:", "available online at", "retrieved from", "url:"};

// The first of `words` that `rest` starts with (ignoring case), or an empty view. Each word's
// second letter is compared first: most candidates end there.
template <std::size_t N>
std::string_view starts_with_any(std::string_view rest,
                                 const std::array<std::string_view, N>& words) {
  if (rest.size() < 2) return {};
  const char first = ascii::to_lower(rest[0]);
  const char second = ascii::to_lower(rest[1]);
  for (const std::string_view word : words) {
    if (word[0] == first && word[1] == second && istarts_with(rest, word)) return word;
  }
  return {};
}

// A note at s[i] to drop: its end, or 0. Sets `internet` for "[Internet]".
std::size_t note_at(std::string_view s, std::size_t i, bool& internet) {
  const std::string_view rest = s.substr(i);
  if (rest[0] == '[') {
    const std::string_view label = starts_with_any(rest, kLinkLabels);
    if (!label.empty()) return i + label.size();
    if (istarts_with(rest, "[internet]")) return internet = true, i + 10;
    return starts_with_any(rest, kBracketNotes).empty() ? 0 : note_end(s, i, ']');
  }
  if (rest[0] == '(') return starts_with_any(rest, kParenNotes).empty() ? 0 : note_end(s, i, ')');
  const std::string_view note = starts_with_any(rest, kNotes);
  if (!note.empty()) {
    const char after = rest.size() > note.size() ? rest[note.size()] : 'x';
    if ((note == "cited " || note == "updated ") && !is_digit(after)) return 0;
    return note_end(s, i, 0);
  }
  const std::string_view label = starts_with_any(rest, kLabels);
  return label.empty() ? 0 : i + label.size();
}

// Ids and notes cut out of `s` in one pass over the candidates. Returns whether any was;
// `internet` is set for "[Internet]".
bool cut_ids_and_notes(std::string& s, ParsedCitation& out, bool& internet) {
  std::vector<Cut> cuts;
  const std::string_view v = s;
  std::size_t done = 0;  // the end of the last cut
  for (const std::size_t i : candidates(v)) {
    if (i < done) continue;
    Cut cut{};
    if (!take_id(v, i, out, cut)) {
      const std::size_t e = note_at(v, i, internet);
      if (e == 0) continue;
      cut = Cut{i, e};
    }
    cuts.push_back(cut);
    done = cut.end;
  }
  apply_cuts(s, cuts);
  return !cuts.empty();
}

// Whether tidy() has anything to do to text nothing was cut from: a sentence or a list run
// into the next word ("Am.1987", "M,Baldini") or a space before a mark ("8 , 76", "I. , and").
bool needs_tidy(std::string_view s) {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  for (const char mark : {'.', ',', ';'}) {
    for (const char* p = begin; p < end; ++p) {
      p = static_cast<const char*>(std::memchr(p, mark, static_cast<std::size_t>(end - p)));
      if (p == nullptr) break;
      if (p != begin && p[-1] == ' ') return true;
      const char next = p + 1 < end ? p[1] : ' ';
      if (mark != ';' && (is_upper(next) || is_digit(next) || is_utf8(next))) return true;
    }
  }
  return false;
}

// Spaces a publisher left out after a sentence's period or a list's comma, and the leftovers
// of cuts: doubled spaces, " .", empty brackets, ". ." runs.
void tidy(std::string& s) {
  // Written through a pointer into a buffer sized for the worst case (a space after every
  // byte): this runs on every citation, and std::string's per-byte bookkeeping tripled it.
  std::string buffer(2 * s.size() + 1, '\0');
  char* const begin = buffer.data();
  char* out = begin;
  const std::size_t size = s.size();
  const char* const in = s.data();  // a local pointer: stores through `out` cannot move it
  for (std::size_t i = 0; i < size; ++i) {
    const char c = in[i];
    const char last = out == begin ? '\0' : out[-1];
    if (c == ' ' && (out == begin || last == ' ')) continue;
    if ((c == '.' || c == ',' || c == ';') && last == ' ') --out;
    if ((c == '.' || c == ',') && out != begin && out[-1] == c &&
        !(c == '.' && i + 1 < size && in[i + 1] == '.')) {
      continue;  // ". ." and ",," left by a cut
    }
    if (c == ')' || c == ']') {
      char* back = out;
      while (back != begin && back[-1] == ' ') --back;
      if (back != begin && back[-1] == (c == ')' ? '(' : '[')) {
        out = back - 1;  // a bracket a cut emptied
        continue;
      }
    }
    *out++ = c;
    if (c != '.' && c != ',') continue;
    const char next = i + 1 < size ? in[i + 1] : ' ';
    const std::size_t n = static_cast<std::size_t>(out - begin);
    const bool after_word = n >= 3 && is_alpha(out[-2]) && is_alpha(out[-3]) &&
                            (is_lower(out[-2]) || (i + 2 < size && is_lower(in[i + 2])));
    if (c == '.' && after_word && (is_upper(next) || is_digit(next))) *out++ = ' ';
    if (c == ',' && (is_upper(next) || is_utf8(next))) *out++ = ' ';
  }
  while (out != begin && (out[-1] == ' ' || out[-1] == ',' || out[-1] == ';' || out[-1] == ':')) {
    --out;
  }
  const char* first = begin;
  if (first != out && *first == ' ') ++first;
  s.assign(first, static_cast<std::size_t>(out - first));
}

}  // namespace

bool take_ids(std::string& s, ParsedCitation& out) {
  bool internet = false;
  if (cut_ids_and_notes(s, out, internet) || needs_tidy(s)) tidy(s);
  return internet;
}

}  // namespace citegraph::io::citation
