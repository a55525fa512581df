// Normalisations that decide when two mentions are the same work (see graph/builder.hpp).
#include <string>
#include <string_view>

#include "citegraph/graph/builder.hpp"
#include "support/ascii.hpp"

namespace citegraph {
namespace {

// The identity keys below are ASCII and locale-independent (the same as <cctype> in the "C"
// locale, which is all the program ever uses).
using ascii::is_alnum;
using ascii::is_digit;
using ascii::is_space;
using ascii::istarts_with;
using ascii::trim;
constexpr char lower(char c) { return ascii::to_lower(c); }

}  // namespace

std::string normalize_doi(std::string_view doi) {
  if (doi.empty()) return {};
  doi = trim(doi);
  for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                  "http://dx.doi.org/", "doi.org/", "doi:"}) {
    if (istarts_with(doi, prefix)) {
      doi.remove_prefix(prefix.size());
      doi = trim(doi);
      break;
    }
  }
  // A DOI never ends with these in running text; citation strings often add them.
  while (!doi.empty() && (doi.back() == '.' || doi.back() == ',' || doi.back() == ';')) {
    doi.remove_suffix(1);
  }
  if (doi.size() < 4 || doi.substr(0, 3) != "10." || doi.find('/') == std::string_view::npos) {
    return {};
  }
  std::string out;
  out.reserve(doi.size());
  for (char c : doi) {
    if (is_space(c)) return {};  // not one DOI
    out += lower(c);
  }
  return out;
}

std::string normalize_pmcid(std::string_view pmcid) {
  if (pmcid.empty()) return {};
  pmcid = trim(pmcid);
  if (istarts_with(pmcid, "pmc")) pmcid.remove_prefix(3);
  if (pmcid.empty() || pmcid.size() > 12) return {};
  for (char c : pmcid) {
    if (!is_digit(c)) return {};
  }
  std::size_t zeros = 0;
  while (zeros + 1 < pmcid.size() && pmcid[zeros] == '0') ++zeros;
  if (pmcid.substr(zeros) == "0") return {};
  return "PMC" + std::string(pmcid.substr(zeros));
}

std::string citation_key(std::string_view journal, std::optional<int> year, std::string_view volume,
                         std::string_view pages) {
  // Most references at scale are bare ids: leave before building anything.
  if (journal.empty() || !year || volume.empty() || pages.empty()) return {};
  std::string folded_journal;
  for (char c : journal) {
    if (is_alnum(c)) folded_journal += lower(c);
  }
  // Volume: its leading token ("47 Suppl 5" -> "47"), so that supplements spelt differently
  // still meet; the first page: up to the first '-' or ',' ("v18-20" -> "v18").
  std::string folded_volume;
  for (char c : trim(volume)) {
    if (is_space(c) || c == '(') break;
    if (is_alnum(c)) folded_volume += lower(c);
  }
  std::string first_page;
  for (char c : trim(pages)) {
    if (c == '-' || c == ',' || c == ';' || is_space(c)) break;
    if (is_alnum(c) || c == '.') first_page += lower(c);
  }
  if (folded_journal.empty() || !year || folded_volume.empty() || first_page.empty()) return {};
  return folded_journal + ':' + std::to_string(*year) + ':' + folded_volume + ':' + first_page;
}

std::string title_key(std::string_view title) {
  if (title.empty()) return {};
  std::string out;
  std::size_t words = 0;
  bool in_tag = false;
  bool pending_separator = false;
  for (char c : title) {
    // Inline markup such as <i>...</i> in XML titles is not part of the title.
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (is_alnum(c) || u >= 0x80) {
      if (pending_separator && !out.empty()) out += '-';
      if (pending_separator || out.empty()) ++words;
      pending_separator = false;
      out += lower(c);
    } else {
      pending_separator = true;
    }
  }
  if (words < 3) return {};
  return out;
}

std::string fold_accents(std::string_view text) {
  // U+00C0..U+017F, one ASCII letter each (NFD's base letter; Æ -> A, ß -> s, Ł -> L).
  static constexpr std::string_view kBase =
      "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
      "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSs"
      "S"
      "sSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xC3 && c <= 0xC5 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      const unsigned code = ((c & 0x1Fu) << 6) | (next & 0x3Fu);
      if ((next & 0xC0u) == 0x80u && code >= 0xC0 && code < 0x180) {
        out += kBase[code - 0xC0];
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

namespace {

// "Campanacci M" -> "Campanacci"; "van der Berg AB" -> "van der Berg"; a group's name whole.
std::string_view surname_of(std::string_view author) {
  author = trim(author);
  const std::size_t space = author.rfind(' ');
  if (space == std::string_view::npos) return author;
  const std::string_view last = author.substr(space + 1);
  bool initials = !last.empty() && last.size() <= 4;
  for (char c : last) initials = initials && (ascii::is_upper(c) || c == '-');
  return initials ? author.substr(0, space) : author;
}

}  // namespace

namespace {

std::string folded_surname(std::string_view first_author) {
  std::string surname;
  for (char c : fold_accents(surname_of(first_author))) {
    if (is_alnum(c)) surname += lower(c);
  }
  return surname;
}

}  // namespace

std::string author_title_key(std::string_view first_author, std::string_view title) {
  std::string key = title_key(title);
  if (key.empty()) return key;
  const std::string surname = folded_surname(first_author);
  return surname.empty() ? key : surname + ':' + key;
}

std::string author_key(std::string_view first_author, std::optional<int> year,
                       std::string_view volume, std::string_view pages) {
  if (first_author.empty() || !year || volume.empty() || pages.empty()) return {};
  // Volume and first page as citation_key reads them (its journal slot holds the surname).
  return citation_key(folded_surname(first_author), year, volume, pages);
}

std::string text_key(std::string_view citation) {
  std::string out;
  std::size_t kept = 0;
  bool pending_separator = false;
  for (char c : fold_accents(citation)) {
    if (is_alnum(c)) {
      if (pending_separator && !out.empty()) out += '-';
      pending_separator = false;
      out += lower(c);
      if (++kept == 200) break;
    } else {
      pending_separator = true;
    }
  }
  return out;
}

std::string journal_key(std::string_view journal) {
  std::string out;
  out.reserve(journal.size());
  bool space = false;
  for (const char c : journal) {
    if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += lower(c);
    } else if (c == '&') {
      if (!out.empty()) out += ' ';
      out += "and";
      space = true;
    } else if (c != '\'') {  // "Parkinson's" stays one word
      space = true;
    }
  }
  while (out.starts_with("the ")) out.erase(0, 4);  // "The The Lancet" too: idempotent
  return out;
}

}  // namespace citegraph
