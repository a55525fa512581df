// The citation parser's steps (read/citation_parser.cpp), private to the io library:
//  1. citation_text.cpp: normalise the text (spaces, dashes, quotes) and take out what is not
//     the bibliographic core -- DOIs, PMIDs, PMCIDs, URLs, "[PubMed]"-style link labels,
//     "Accessed ..."/"[cited ...]" notes, "Epub ..." dates;
//  2. citation_authors.cpp: read the author list at the front, in any of its forms;
//  3. citation_parser.cpp: find the date/volume/pages block, split title from container,
//     recognise books, chapters, theses and web pages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/read/citation_parser.hpp"

namespace citegraph::io::citation {

// Text with every run of white space (tabs, newlines, NBSP, Unicode spaces) as one ' ', the
// Unicode hyphens, dashes and minus as '-', curly quotes as straight ones, trimmed.
[[nodiscard]] std::string normalise(std::string_view text);

// Removes ids, URLs and link/access/e-pub notes from `s`, filling out.doi/pmid/pmcid/url, and
// puts a space after a sentence period or comma that a publisher ran into the next word
// ("Am.1987", "M,Baldini"). Returns whether `s` held "[Internet]" (a web page).
bool take_ids(std::string& s, ParsedCitation& out);

// The author list at the front of `s`: authors (and et_al) appended to `out`. Returns the
// offset where the list ends (past its closing '.' or "et al."), 0 when `s` does not start
// with an author list.
std::size_t read_authors(std::string_view s, ParsedCitation& out);

// Month, season or quarter names as dates write them ("Jan", "January", "Sept", "Winter").
[[nodiscard]] bool is_date_word(std::string_view word);

// A 4-digit year in [1500, 2100] at s[i..i+4) not inside a longer number; 0 otherwise.
[[nodiscard]] int year_at(std::string_view s, std::size_t i);

// A UTF-8 lead byte or continuation byte: taken as a letter by the name and word scanners.
[[nodiscard]] constexpr bool is_utf8(char c) { return static_cast<unsigned char>(c) >= 0x80; }

}  // namespace citegraph::io::citation
