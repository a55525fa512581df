// Step 2 of the citation parser (read/citation_detail.hpp): the author list at the front of a
// citation. One grammar covers the forms publishers use:
//   "Campanacci M, Baldini N, Sudanese A."        NLM/Vancouver, AMA (surname, compact initials)
//   "Smith J.A., Jones B. "                       the same with dotted initials
//   "Smith, J. A., Jones, B., & Doe, C. (2001)"   APA, Harvard, Nature ("Smith, J. & Doe, C.")
//   "Smith JA, Jones B (2001)"                    Springer's author-year
//   "J.A. Smith, B. Jones, "                      initials first (Elsevier, many books)
// ending at "." after compact initials, at "et al.", before "(" or a year, or where the next
// item is not a name. A surname is one to four words; particles (van, de, von, ...) may lead
// them; non-ASCII letters count as letters. A group author ("WHO", "American Diabetes
// Association") does not match: the structure parser handles it.
#include <array>

#include "read/citation_detail.hpp"
#include "support/ascii.hpp"

namespace citegraph::io::citation {
namespace {

using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::istarts_with;

constexpr std::size_t kNone = std::string_view::npos;

bool is_particle(std::string_view w) {
  static constexpr std::array<std::string_view, 19> kParticles = {
      "van", "von", "de", "der", "den", "del", "della", "di", "da", "dos",
      "das", "du",  "la", "le",  "ter", "ten", "al",    "el", "do"};
  for (std::string_view p : kParticles) {
    if (w == p) return true;
  }
  return false;
}

// A word of a surname at s[i]: a capital (or a non-ASCII letter) then letters, '-', '\'';
// or a lower-case particle followed by a space. Its end, or kNone.
std::size_t name_word(std::string_view s, std::size_t i) {
  if (i >= s.size()) return kNone;
  const char c = s[i];
  std::size_t e = i + 1;
  if (is_lower(c)) {
    while (e < s.size() && is_lower(s[e])) ++e;
    if (e < s.size() && s[e] == '\'' && e - i <= 2) {  // "d'Alessandro", "l'Hermite"
      return name_word(s, e + 1) == kNone ? kNone : name_word(s, e + 1);
    }
    return e < s.size() && s[e] == ' ' && is_particle(s.substr(i, e - i)) ? e : kNone;
  }
  if (!is_upper(c) && !is_utf8(c)) return kNone;
  while (e < s.size() && (is_alpha(s[e]) || is_utf8(s[e]) || s[e] == '-' || s[e] == '\'')) ++e;
  if (s[e - 1] == '-' || s[e - 1] == '\'') return kNone;
  return e;
}

// One capital letter at s[i] (ASCII, or a 2-byte UTF-8 letter such as "Ö"): its end or kNone.
std::size_t capital(std::string_view s, std::size_t i) {
  if (i < s.size() && is_upper(s[i])) return i + 1;
  const auto c = i < s.size() ? static_cast<unsigned char>(s[i]) : 0u;
  if (c >= 0xC3 && c <= 0xC5 && i + 1 < s.size()) return i + 2;
  return kNone;
}

// A lone capital's end at s[e]: a comma, a period, a space or the end of the text.
bool initial_ends(std::string_view s, std::size_t e) {
  return e >= s.size() || s[e] == ',' || s[e] == '.' || s[e] == ' ';
}

// Compact initials at s[i]: 1-4 capitals, maybe joined by '-' or spaced ("JA", "J-P", "R E"),
// not followed by a letter. Appends them to `out`; returns the end or kNone.
std::size_t compact_initials(std::string_view s, std::size_t i, std::string& out) {
  std::size_t e = i;
  std::size_t letters = 0;
  std::string got;
  while (true) {
    const std::size_t next = capital(s, e);
    if (next == kNone) break;
    got.append(s.substr(e, next - e));
    e = next;
    ++letters;
    // "J-P" (MEDLINE writes "JP") and "R E" spaced out go on with the next capital.
    const bool hyphen = s.substr(e, 1) == "-" && capital(s, e + 1) != kNone;
    const bool spaced = e + 2 < s.size() && s[e] == ' ' && capital(s, e + 1) != kNone &&
                        initial_ends(s, capital(s, e + 1));
    if (hyphen || spaced) ++e;
  }
  if (letters == 0 || letters > 4) return kNone;
  if (e < s.size() && (is_alpha(s[e]) || is_utf8(s[e]) || is_digit(s[e]) || s[e] == '\''))
    return kNone;
  out += got;
  return e;
}

// Dotted initials at s[i]: "J.", "J.A.", "J. A.", "J.-P.", "Th." (capital + up to one lower).
std::size_t dotted_initials(std::string_view s, std::size_t i, std::string& out) {
  std::size_t e = i;
  std::string got;
  while (true) {
    std::size_t next = capital(s, e);
    if (next == kNone) break;
    std::size_t after = next;
    if (after < s.size() && is_lower(s[after]) && after + 1 < s.size() && s[after + 1] == '.')
      ++after;
    if (after >= s.size() || s[after] != '.') break;
    got.append(s.substr(e, next - e));
    e = after + 1;
    // "J.-P." (MEDLINE writes "JP") and "J. A." go on with the next capital.
    const std::size_t next_capital = e + 1 < s.size() ? capital(s, e + 1) : kNone;
    const bool hyphen = s.substr(e, 1) == "-" && next_capital != kNone;
    const bool spaced =
        s.substr(e, 1) == " " && next_capital != kNone && s.substr(next_capital, 1) == ".";
    if (hyphen || spaced) ++e;
  }
  if (got.empty()) return kNone;
  out += got;
  return e;
}

// "Jr", "Sr", "II", "III", "IV", "2nd", "3rd" after an author's initials: its end, or i.
std::size_t suffix(std::string_view s, std::size_t i) {
  std::size_t b = i;
  if (b < s.size() && s[b] == ',') ++b;
  if (b >= s.size() || s[b] != ' ') return i;
  ++b;
  for (std::string_view word : {"Jr.", "Sr.", "Jr", "Sr", "III", "II", "IV", "2nd", "3rd"}) {
    if (s.substr(b, word.size()) == word) {
      const std::size_t e = b + word.size();
      if (e == s.size() || s[e] == ',' || s[e] == ' ' || s[e] == '.') return e;
    }
  }
  return i;
}

// After compact initials: what may follow an author (a separator, the list's end, a year).
bool author_boundary(std::string_view s, std::size_t e) {
  if (e >= s.size()) return true;
  const char c = s[e];
  if (c == ',' || c == '.' || c == ';' || c == ':' || c == ')') return true;
  if (c != ' ') return false;
  const std::string_view rest = s.substr(e + 1);
  return istarts_with(rest, "et al") || rest.starts_with('(') || rest.starts_with('&') ||
         rest.starts_with("and ") || rest.starts_with("Jr") || rest.starts_with("Sr") ||
         rest.starts_with("II") || rest.starts_with("IV") ||
         (!rest.empty() && is_digit(rest[0]) && year_at(rest, 0) != 0);
}

struct Item {
  std::size_t end = kNone;
  CitationAuthor author;
  bool dotted = false;  // ended with a dotted initial: the '.' is the initial's, not the list's
};

// "Surname[ Surname...] INITIALS" or "Surname, I. I." at s[i].
Item surname_first(std::string_view s, std::size_t i) {
  Item item;
  std::size_t e = i;
  for (int words = 0; words < 4; ++words) {
    const std::size_t w = name_word(s, e);
    if (w == kNone) return item;
    e = w;
    for (const bool comma : {false, true}) {
      const std::size_t gap = comma ? e + 2 : e + 1;
      if (gap > s.size() || (comma && s[e] != ',') || s[gap - 1] != ' ') continue;
      std::string initials;
      std::size_t end = dotted_initials(s, gap, initials);
      bool dotted = end != kNone;
      if (!dotted) end = compact_initials(s, gap, initials);
      if (end == kNone || (!dotted && !author_boundary(s, end))) continue;
      item.author.surname = std::string(s.substr(i, e - i));
      item.author.initials = std::move(initials);
      item.end = suffix(s, end);
      item.dotted = dotted && item.end == end;
      return item;
    }
    if (e >= s.size() || s[e] != ' ') return item;
    ++e;
  }
  return item;
}

// "J.A. Smith" / "J. A. Smith" at s[i] (surname of one or two words).
Item initials_first(std::string_view s, std::size_t i) {
  Item item;
  std::string initials;
  std::size_t e = dotted_initials(s, i, initials);
  if (e == kNone || e >= s.size() || s[e] != ' ') return item;
  const std::size_t b = e + 1;
  e = name_word(s, b);
  if (e == kNone) return item;
  if (e + 1 < s.size() && s[e] == ' ' && name_word(s, e + 1) != kNone) {
    const std::size_t two = name_word(s, e + 1);
    if (two < s.size() && s[two] == ',' && is_lower(s[b])) e = two;  // "J. van Dijk,"
  }
  if (e < s.size() && s[e] != ',' && s[e] != ' ' && s[e] != '.') return item;
  item.author.surname = std::string(s.substr(b, e - b));
  item.author.initials = std::move(initials);
  item.end = suffix(s, e);
  return item;
}

// The separator after an author at s[e]: the next item's start, or kNone when the list ends.
std::size_t next_item(std::string_view s, std::size_t e) {
  for (std::string_view sep : {", & ", ", and ", " & ", " and ", ", ", "; ", ","}) {
    if (s.substr(e, sep.size()) == sep) return e + sep.size();
  }
  return kNone;
}

// "et al" after an author (", et al.", " et al.", " et al,"): the end of the list, or kNone.
std::size_t et_al_at(std::string_view s, std::size_t e) {
  std::size_t b = e;
  if (b < s.size() && s[b] == ',') ++b;
  if (b < s.size() && s[b] == ' ') ++b;
  if (!istarts_with(s.substr(b), "et al")) return kNone;
  b += 5;
  if (b < s.size() && (s[b] == '.' || s[b] == ',')) ++b;
  if (b < s.size() && s[b] == '.') ++b;
  return b;
}

}  // namespace

std::size_t read_authors(std::string_view s, ParsedCitation& out) {
  std::size_t i = 0;
  const bool initials_lead = surname_first(s, 0).end == kNone && initials_first(s, 0).end != kNone;
  std::size_t list_end = 0;
  while (true) {
    const Item item = initials_lead ? initials_first(s, i) : surname_first(s, i);
    if (item.end == kNone) break;
    out.authors.push_back(item.author);
    list_end = item.end;
    const std::size_t e = item.end;
    if (const std::size_t al = et_al_at(s, e); al != kNone) {
      out.et_al = true;
      return al;
    }
    if (e < s.size() && s[e] == '.' && !item.dotted) return e + 1;
    const std::size_t next = next_item(s, e);
    if (next == kNone) break;
    i = next;
  }
  return out.authors.empty() ? 0 : list_end;
}

}  // namespace citegraph::io::citation
