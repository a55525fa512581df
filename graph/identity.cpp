// Normalisations that decide when two mentions are the same work (see graph/builder.hpp).
#include <string>
#include <string_view>

#include "citegraph/graph/builder.hpp"
#include "graph/ascii.hpp"

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

}  // namespace citegraph
