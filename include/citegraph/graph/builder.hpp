// Merges records into a CitationGraph. A work seen several times -- as a source in several
// inputs, as a reference of several sources -- becomes one vertex. Identity, in order:
// PMID, DOI (lower-cased), PMCID, the normalised citation key (journal + year + volume + first
// page), the author key (first author's surname + year + volume + first page), the normalised
// title key, and for a reference that yields none of these its normalised text (docs/citations.md).
// Two works are never merged when they carry different PMIDs or different DOIs (a warning is
// recorded instead). Metadata from a parsed record wins over metadata parsed from a citation
// string; among equals, the first value seen wins.
//
// Duplicate citations (the same source citing the same work twice) collapse into one edge
// and self-citations are dropped; both are counted. Each edge records the corpora whose
// sources make it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/record.hpp"

namespace citegraph {

struct BuildStats {
  std::uint64_t records = 0;                  // records added
  std::uint64_t records_merged = 0;           // records whose work was already a source
  std::uint64_t references = 0;               // references added
  std::uint64_t references_unidentified = 0;  // references with no id, key or title: skipped
  std::uint64_t duplicate_edges = 0;          // citations repeated within or across inputs
  std::uint64_t self_citations = 0;           // dropped
  std::uint64_t identity_conflicts = 0;       // merges refused (different PMIDs or DOIs)
  std::uint64_t records_deleted = 0;          // sources removed by a later DeleteCitation
  std::uint64_t deletions_unmatched = 0;      // DeleteCitation PMIDs that were not sources
  std::uint64_t metadata_records = 0;         // records added with add_metadata
  std::uint64_t metadata_used = 0;            // works of the graph that metadata records named
  // References without PMID, DOI or PMCID that were found to be a work with a PMID (a record
  // or metadata of it was read, or another reference gave its PMID), by the key that matched:
  // [2] journal+year+volume+first page, [3] first author+year+volume+first page, [4] title,
  // [5] citation text ([0], [1]: DOI and PMCID, always 0 here).
  std::array<std::uint64_t, 6> references_resolved{};
  std::uint64_t reference_years_dropped = 0;  // years outside [1500, citing year + 1]
};

// Consecutive citations of one citing work known only by PMID: `count` cited PMIDs.
struct PmidRun {
  Pmid citing = 0;
  std::uint32_t count = 0;
};

// A piece of a citation-pairs input read by PMID only (the OCC dialect, read/pairs_reader.cpp):
// runs of citations in input order, the cited PMIDs of all runs one after the other. It says
// what the general path's Records would say -- one Record per run of consecutive lines with one
// citing PMID, a bare-PMID Reference per line -- at 4 bytes per citation and 8 per run.
struct PmidCitations {
  std::vector<PmidRun> runs;
  std::vector<Pmid> cited;
  // The first run continues the last run of the previous piece of the same input (a run cut by
  // a chunk boundary is one record).
  bool continues = false;

  // Appends a citation; a citing PMID equal to the last run's extends that run. O(1) amortised.
  void add(Pmid citing_pmid, Pmid cited_pmid) {
    if (runs.empty() || runs.back().citing != citing_pmid || runs.back().count == 0xFFFFFFFFu) {
      runs.push_back(PmidRun{citing_pmid, 0});
    }
    ++runs.back().count;
    cited.push_back(cited_pmid);
  }
};

class GraphBuilder {
 public:
  GraphBuilder();
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  // Registers a corpus and returns its index; names are unique (returns the existing index).
  // Throws InvalidArgument past kMaxCorpora corpora.
  std::size_t add_corpus(const std::string& name);

  // Adds a record of corpus `corpus` (an index from add_corpus). O(references) amortised.
  // A record with `deletion` set removes instead (see remove).
  void add(const Record& record, std::size_t corpus);
  // Adds what a record says about a work (title, journal, year, volume, issue, pages, DOI,
  // PMCID) without making it a source: no corpus, no reference list, no citations. It merges
  // by the same identity rules as add() and ranks as a parsed record, so it labels a work that
  // is otherwise known only from citation strings or bare PMIDs (the OCC/iCite workflow). A
  // work that nothing cites and no corpus holds does not become a vertex. Keywords, MeSH and
  // abstracts belong to sources and are not taken. O(1) amortised.
  void add_metadata(const Record& record);
  // Adds the records a citation-pairs input of PMIDs says (see PmidCitations), exactly as add()
  // would add them as Records of bare-PMID references, but kept as 4-byte PMIDs until build():
  // no Record, no provisional node per work. Pieces of one input come in input order. PMIDs
  // must be non-zero. O(runs) now (the citations are moved, not copied).
  void add_pmid_citations(PmidCitations&& citations, std::size_t corpus);
  // Threads build() may use for its PMID-citation passes (0 or 1: the calling thread only).
  // The graph does not depend on it.
  void set_threads(unsigned threads);
  // Applies a DeleteCitation: the source record of deletion.ids.pmid read so far is removed
  // with its citations (a record of the same PMID added later is kept). The work stays a
  // vertex only while something still cites it. O(its references).
  void remove(const Record& deletion);

  // Builds the graph; the builder is left empty. O(n + m) plus the sort of each row's targets:
  // citations are counted into rows (none when PMID citations arrive in citing order, as in
  // the OCC file) and works with a PMID are ranked by a bitmap of the PMIDs in use.
  [[nodiscard]] CitationGraph build();

  [[nodiscard]] const BuildStats& stats() const;
  // Identity conflicts, unidentifiable references.
  [[nodiscard]] const Diagnostics& diagnostics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Normalisations used for identity (exposed for tests and for other inputs' matching).
// DOI: trimmed, lower-cased, "doi:", "https://doi.org/", "http://dx.doi.org/" prefixes removed;
// "" if it does not start with "10.".
[[nodiscard]] std::string normalize_doi(std::string_view doi);
// PMCID: "PMC" + digits, or "" if not of that form ("pmc123", "123" accepted).
[[nodiscard]] std::string normalize_pmcid(std::string_view pmcid);
// Journal abbreviation folded to lower-case letters and digits; "" when any of journal, year,
// volume or first page is missing: "jclininvest:2002:109:337".
[[nodiscard]] std::string citation_key(std::string_view journal, std::optional<int> year,
                                       std::string_view volume, std::string_view pages);
// Title folded to lower-case ASCII words joined by '-', trailing period and markup ignored;
// "" for titles of fewer than 3 words (too weak to identify a work).
[[nodiscard]] std::string title_key(std::string_view title);
// title_key, led by the first author's folded surname when there is one
// ("campanacci:giant-cell-tumor-of-bone"): a title alone names several works ("Giant cell tumor
// of bone"), a title and its first author one.
[[nodiscard]] std::string author_title_key(std::string_view first_author, std::string_view title);
// First author's surname (initials dropped, accents folded: "Müller-Lüdenscheidt J" ->
// "mullerludenscheidt"), year, volume, first page: "campanacci:1987:69:106"; "" when any is
// missing. Publishers write the journal many ways but these four alike.
[[nodiscard]] std::string author_key(std::string_view first_author, std::optional<int> year,
                                     std::string_view volume, std::string_view pages);
// A citation text folded like a title (at most its first 200 letters and digits); the key of a
// reference that yields no other.
[[nodiscard]] std::string text_key(std::string_view citation);
// A journal name as a grouping key: lower case, letters and digits in words, '&' read as
// "and", periods, commas and a leading "The" dropped ("J. Bone Joint Surg. (Am.)" ->
// "j bone joint surg am"). Idempotent. Cited works whose journals share a key are shown under
// one name: the name a record gives that journal (NLM abbreviation), else the most used.
[[nodiscard]] std::string journal_key(std::string_view journal);
// Latin letters with accents (U+00C0-U+017F) as their ASCII base letter, other bytes kept.
[[nodiscard]] std::string fold_accents(std::string_view text);

}  // namespace citegraph
