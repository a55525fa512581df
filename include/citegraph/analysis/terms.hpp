// Text facets of a corpus's own sources, for comparing corpora by their metadata (docs/metrics.md,
// "Corpus overlap": keywords/MeSH, normalised title/abstract terms, institutions). These let
// two corpora be compared even when one of them carries no reference list.
//
// - Subjects (keywords and MeSH headings together): ASCII case-folded, whitespace trimmed and
//   collapsed, MeSH major-topic stars `*` removed and a `/subheading` suffix cut off, so that
//   "Lupus Erythematosus, Systemic/*therapy" and the keyword "lupus erythematosus, systemic"
//   are one subject; trailing '.', ',' and ';' are removed.
// - Terms of the title and abstract: maximal runs of ASCII letters and digits, lower-cased
//   (every other byte, including apostrophes, hyphens and non-ASCII UTF-8 bytes, separates
//   tokens); dropped are tokens shorter than TermOptions::min_term_length letters (3),
//   tokens made only of digits, and English stop words: the fixed list in terms.cpp, NLTK's
//   179 English stop words less the 26 contracted forms ("don't", ...) that can never match
//   a token because apostrophes separate tokens — 153 words. With TermOptions::fold_plurals
//   (on by default) a simple English plural folding follows: "-ies" -> "-y" for words of at
//   least 5 letters ("studies" -> "study"), else a final "s" is dropped from words of at least
//   4 letters unless they end in "ss", "us" or "is" ("cells" -> "cell", "mscs" -> "msc";
//   "sclerosis", "lupus", "process" unchanged). A token is dropped when either it or its
//   folded form is a stop word or shorter than the minimum. It is a folding, not a stemmer:
//   "diabetes" becomes "diabete"; harmless for set overlap, since every corpus is folded alike.
// - Institutions, from affiliation strings, by the rules documented at institutions() below.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

struct TermOptions {
  bool fold_plurals = true;
  std::size_t min_term_length = 3;  // in letters/digits; tokens shorter than this are dropped

  // Throws InvalidArgument naming the parameter when min_term_length is 0 or above 64.
  void validate() const;
};

// A keyword or MeSH heading in its normalised form; "" when nothing is left. O(length).
[[nodiscard]] std::string normalize_subject(std::string_view keyword_or_mesh);

// A journal name as overlap and distributions count it: white space trimmed and collapsed,
// trailing full stops removed, case kept ("J Invest Dermatol." -> "J Invest Dermatol"); "" for
// an unknown journal. O(length).
[[nodiscard]] std::string journal_label(std::string_view journal);

// True when `lower_token` (already lower-case) is one of the English stop words. O(log 153).
[[nodiscard]] bool is_stop_word(std::string_view lower_token);

// The plural folding described above, applied to a lower-case token. O(length).
[[nodiscard]] std::string fold_plural(std::string_view lower_token);

// The terms of a text, in order of occurrence, duplicates kept. O(length).
[[nodiscard]] std::vector<std::string> text_terms(std::string_view text,
                                                  const TermOptions& options = {});

// The institutions named by one affiliation string, in order, without duplicates. Rules:
//  1. The text is cut at "Electronic address" and split into separate affiliations at ';'.
//     A leading "N " / "N. " list number and a leading "Author Name: " label (the PubMed page
//     layout "1. Mina Abedi: Cell Therapy ...") are removed; e-mail tokens are dropped.
//  2. Each affiliation is split at commas into segments; in each segment, leading and trailing
//     postal-code tokens (tokens containing a digit and otherwise only digits, upper-case
//     letters and '-', e.g. "48439", "SE-171", "H3A") are stripped, whitespace is collapsed and
//     trailing '.' removed.
//  3. A segment that begins with a unit word (Department, Dept, Division, Section, Unit,
//     Laboratory, Lab, Faculty, Program, Programme, Service) is a department, never the
//     institution. Other segments are ranked by the institution word they contain (whole-word,
//     case-insensitive): 1 = "Univ" or a word beginning "Universi" (University, Universität,
//     Université, Universidad); 2 = Hospital(s), Hôpital, Hopital, Ospedale, Clinic(s),
//     Klinikum, "Medical Center"/"Medical Centre"; 3 = Institute(s), Institut, Institutet,
//     Instituto, Istituto, College, Academy, Foundation; 4 = Center(s), Centre(s); 5 = School. So
//     in "Cell Science Research Center, Royan Institute for Stem Cell Biology and Technology,
//     ACECR" the institute wins. The best-ranked segment is the institution;
//     among equal ranks the last one (affiliations run from the smallest unit to the largest).
//     An affiliation with no such segment names no institution.
//  4. Case is normalised word by word: a segment written all in capitals is first lower-cased;
//     then the small words (of, and, the, for, in, at, on, de, del, della, der, des, di, du, la,
//     le, y, e, und, fur, für, da) after the first word are lower-cased and every other word whose
//     letters after the first are all lower-case gets an upper-case first letter (words with
//     inner capitals such as "McGill" or acronyms such as "ACECR" are kept as written). So
//     "48439 Tehran University of Medical sciences" gives "Tehran University of Medical
//     Sciences".
// O(length of the affiliation).
[[nodiscard]] std::vector<std::string> institutions(std::string_view affiliation);

// The distinct facet values of a set of sources, each sorted ascending (byte order).
struct TextFacets {
  std::vector<std::string> subjects;      // normalised keywords and MeSH headings
  std::vector<std::string> terms;         // title and abstract terms
  std::vector<std::string> institutions;  // from affiliations
  std::size_t sources = 0;                // sources looked at
  std::size_t sources_with_subjects = 0;
  std::size_t sources_with_text = 0;  // with a non-empty title or abstract
  std::size_t sources_with_affiliations = 0;
};

// The text facets of every corpus, index-aligned with graph.corpora(), in one pass over the
// sources: a node is a source of corpus c when bit c of its source_corpora() is set and it
// has a SourceMeta. The title comes from its text(), everything else from SourceMeta.
// Throws InvalidArgument when options are invalid. O(n + total text length of the sources).
[[nodiscard]] std::vector<TextFacets> text_facets(const CitationGraph& graph,
                                                  const TermOptions& options = {});

// The text facets of corpus `corpus` alone (an index into graph.corpora()). Throws
// InvalidArgument when `corpus` is out of range. Same cost as the overload above.
[[nodiscard]] TextFacets text_facets(const CitationGraph& graph, std::size_t corpus,
                                     const TermOptions& options = {});

}  // namespace citegraph
