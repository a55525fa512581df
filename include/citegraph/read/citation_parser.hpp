// The citation parser: reference text as publishers, PubMed and PMC write it, in any of the
// styles of docs/citations.md -- NLM/Vancouver and AMA ("Authors. Title. Journal.
// Year;Vol(Issue):Pages."), APA/Harvard and Springer author-year ("Author, A. B., & Author, C.
// (Year). Title. Journal, Vol(Issue), pages."), Nature ("Title. J. 12, 34-56 (2001)."), books
// and chapters ("In: Editors, eds. Book. Place: Publisher; Year. p. x-y"), web pages, theses,
// conference papers, and the journal-first strings of the PubMed page ("Journal.
// Date;Vol(Issue):Pages [PMID: NNN]").
//
// It never throws and never guesses: a field the text does not state plainly stays empty, and
// text that matches no style still yields whatever ids, URL and year-like date it holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/record.hpp"

namespace citegraph::io {

// What kind of work the text cites, as far as its form says.
enum class CitationKind : std::uint8_t {
  kUnknown,  // no style matched (the text is kept whole)
  kArticle,  // a container with volume, issue or pages
  kBook,     // "Place: Publisher; Year" without a container
  kChapter,  // "In: ... Book" (conference proceedings included)
  kWeb,      // a URL and no container
  kThesis,   // "[dissertation]", "PhD thesis", ...
};

struct CitationAuthor {
  std::string surname;   // as written, particles kept ("van der Berg"); a group's whole name
  std::string initials;  // capitals without dots or spaces ("JA", "J-P"); empty for a group
};

struct ParsedCitation {
  CitationKind kind = CitationKind::kUnknown;
  std::vector<CitationAuthor> authors;  // in order; editors are not authors
  bool et_al = false;                   // the list ends with "et al."
  std::string title;
  std::string container;  // journal (as written, e.g. "J Bone Joint Surg Am") or book
  std::optional<int> year;
  std::string volume;      // the bare volume ("47"); a supplement or part goes to issue
  std::string issue;       // "1", "Suppl 5", "Pt 2"
  std::string first_page;  // "106", "e1234", "S12"
  std::string last_page;   // as written: "14" for "106-14"
  std::string doi;         // normalised (lower case, no prefix)
  std::optional<Pmid> pmid;
  std::string pmcid;  // "PMC123"
  std::string url;    // the first URL that is not a DOI, PubMed or PMC link

  // "106-14" from first and last page (empty when there is no first page).
  [[nodiscard]] std::string pages() const;
  // "Campanacci M" (or a group's name); empty without authors.
  [[nodiscard]] std::string first_author() const;
};

// Parses one citation text. O(length of text); a few small allocations.
[[nodiscard]] ParsedCitation parse_citation(std::string_view text);

// Fills `out` from a parse of `text`: citation (the trimmed text), journal, year, volume,
// issue, pages, title, first_author and the ids found in the text (ids `out` already has win).
// Returns false when no style matched (no author, year, container, kind or id: the text is
// then left whole, with no title, to be known by itself).
bool read_citation(std::string_view text, Reference& out);

// The journal grouping key (graph/builder.hpp), here for the parser's users.
using citegraph::journal_key;

}  // namespace citegraph::io
