// Corpus overlap (docs/metrics.md, "Corpus overlap"): for every unordered pair of corpora (X, Y),
// in corpus order ((0,1), (0,2), ..., (1,2), ...), and for six facets, the set figures
//   shared = |X ∩ Y|, Jaccard = shared / |X ∪ Y|, Salton cosine = shared / sqrt(|X| |Y|),
//   overlap coefficient = shared / min(|X|, |Y|),
//   hypergeometric p-value P(S >= shared) when |Y| items are drawn without replacement from
//   the facet's universe N (the items of the facet over all corpora) of which |X| are in X.
//   With exactly two corpora N = |X ∪ Y|, so shared = |X| + |Y| - N is the smallest overlap
//   possible and p = 1 by construction: the p-value only discriminates with three or more
//   corpora (docs/metrics.md's definition of N, kept as stated).
// Facets: the works cited by the corpus's sources (R_X: targets of the out-edges e whose
// edge_corpora(e) contains X), the journals and the publication years of those cited works
// (distinct values; a cited work with no journal/year adds nothing), and — from the corpus's
// own sources — keywords/MeSH, title/abstract terms and institutions (analysis/terms.hpp).
//
// Missing figures are missing, never zero: a corpus none of whose sources has a reference list
// (and which makes no citation) has an unknown reference set, so its three citation facets have
// no size; a figure whose formula divides by an empty set (cosine, overlap coefficient and the
// p-value when either set is empty, Jaccard when both are) is absent. Each SetOverlap then says
// why in missing_reason ("SLE: the inputs carry no reference list for its sources").
//
// Also returned: a profile of every corpus (sources, sources with a reference list, citations,
// distinct cited works, ... — so that a corpus without reference lists is reported plainly) and
// the works cited by more than one corpus (shared_references.csv).
//
// Method: one pass over the out-edges builds, per cited work, the set of corpora citing it as a
// 64-bit CorpusSet; each facet becomes a list of CorpusSets, one per distinct item, and pair
// intersections are counted from the items cited by two or more corpora. Nothing is quadratic
// in the number of works.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/analysis/terms.hpp"
#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

enum class OverlapFacet : std::uint8_t {
  kReferences,    // cited works
  kJournals,      // journals of the cited works (journal_label)
  kYears,         // publication years of the cited works
  kSubjects,      // normalised keywords and MeSH headings of the corpus's sources
  kTerms,         // title/abstract terms of the corpus's sources
  kInstitutions,  // institutions in the affiliations of the corpus's sources
};
inline constexpr std::size_t kNumOverlapFacets = 6;
inline constexpr std::array<OverlapFacet, kNumOverlapFacets> kOverlapFacets = {
    OverlapFacet::kReferences, OverlapFacet::kJournals, OverlapFacet::kYears,
    OverlapFacet::kSubjects,   OverlapFacet::kTerms,    OverlapFacet::kInstitutions};

// "references", "journals", "years", "keywords", "terms", "institutions": the column prefixes
// of overlap.csv.
[[nodiscard]] std::string_view facet_name(OverlapFacet facet);

struct OverlapParams {
  TermOptions terms;              // tokenisation of titles and abstracts
  bool list_shared_works = true;  // fill OverlapResult::shared_works

  // Throws InvalidArgument naming the bad parameter.
  void validate() const;
};

// The figures of one facet for one pair of corpora.
struct SetOverlap {
  std::optional<std::uint64_t> size_x;  // |X|; missing when X's set is unknown
  std::optional<std::uint64_t> size_y;
  std::optional<std::uint64_t> shared;      // when both sizes are known
  std::optional<std::uint64_t> union_size;  // when both sizes are known
  std::optional<double> jaccard;            // when the union is not empty
  std::optional<double> cosine;             // when neither set is empty
  std::optional<double> overlap_coefficient;
  std::optional<double> p_value;
  std::uint64_t universe = 0;  // N: distinct items of this facet over all corpora
  std::string missing_reason;  // "" when every figure is present
};

struct CorpusPairOverlap {
  std::size_t x = 0;  // indices into CitationGraph::corpora(), x < y
  std::size_t y = 0;
  std::array<SetOverlap, kNumOverlapFacets> facets;

  [[nodiscard]] const SetOverlap& operator[](OverlapFacet f) const {
    return facets[static_cast<std::size_t>(f)];
  }
};

// What one corpus contributes, stated plainly.
struct CorpusProfile {
  std::string name;
  std::uint64_t sources = 0;                      // its source works
  std::uint64_t sources_with_reference_list = 0;  // of them, those whose input had a list
  std::uint64_t references_listed = 0;            // entries of those lists, before matching
  std::uint64_t citations = 0;                    // citation edges its sources make
  std::uint64_t cited_works = 0;                  // distinct works they cite (|R_X|)
  std::uint64_t cited_works_without_journal = 0;
  std::uint64_t cited_works_without_year = 0;
  std::uint64_t sources_with_subjects = 0;
  std::uint64_t sources_with_text = 0;
  std::uint64_t sources_with_affiliations = 0;
  // The facet's set size, missing when unknown (the citation facets of a corpus whose sources
  // came without reference lists; a corpus with no sources has known-empty sets), with the
  // reason when it is missing or empty.
  std::array<std::optional<std::uint64_t>, kNumOverlapFacets> facet_size;
  std::array<std::string, kNumOverlapFacets> facet_note;

  // False when no source of the corpus came with a reference list and it makes no citation:
  // its references are unknown, not zero.
  [[nodiscard]] bool references_known() const {
    return sources_with_reference_list > 0 || citations > 0;
  }
};

// A work cited by two or more corpora.
struct SharedWork {
  NodeId node = kNoNode;
  CorpusSet cited_by = 0;            // the corpora whose sources cite it
  std::uint64_t citing_sources = 0;  // sources (of any corpus) citing it
};

struct OverlapResult {
  std::vector<CorpusProfile> corpora;    // index-aligned with CitationGraph::corpora()
  std::vector<CorpusPairOverlap> pairs;  // every unordered pair, in corpus order
  std::array<std::uint64_t, kNumOverlapFacets> universe{};  // N per facet
  std::vector<SharedWork> shared_works;                     // by node id ascending
};

// P(S >= observed) for S hypergeometric: `draws` items drawn without replacement from
// `population` items of which `successes` are marked. Exact (integer binomials, one rounding)
// when population <= 66; otherwise the largest term is taken from lgamma in long double and the
// others by the ratio recurrence, summed outwards from it until they no longer change the sum
// (relative error about 1e-10 at population 4e7). Throws InvalidArgument when successes or
// draws exceed population. O(min(successes, draws)).
[[nodiscard]] double hypergeometric_upper_tail(std::uint64_t population, std::uint64_t successes,
                                               std::uint64_t draws, std::uint64_t observed);

// The overlap pass. Throws InvalidArgument for invalid params. O(n + m + text length of the
// sources + Σ_items k² + C² · 6) with k the number of corpora sharing an item, C corpora.
[[nodiscard]] OverlapResult overlap(const CitationGraph& graph, const OverlapParams& params = {});

}  // namespace citegraph
