// Distributions of the cited literature (docs/metrics.md, "Distributions"),
// per corpus and overall: cited journals with shares, ranks and Bradford zones; cited years
// with Reference Publication Year Spectroscopy; citation age and the Price index.
//
// Counting unit: a citation edge (source -> cited work). A corpus counts the out-edges e whose
// edge_corpora(e) contains it; the overall row (corpus kOverallCorpus, "*") counts every edge
// of the graph exactly once, however many corpora share it. A work cited by three sources
// therefore counts three times.
//
// - Journals (journal_label of the cited work; a work with no journal is counted in
//   unknown_journal, not in the table). share = count / references_with_journal. Rows are
//   ordered by count descending, ties by journal name ascending (byte order). rank uses
//   standard competition ranking on the count ("1224": tied journals share a rank, the next
//   rank skips). Bradford zones (Bradford 1934, as stated in docs/metrics.md) walk that ordered
//   list with T = references_with_journal and C(r-1) the cumulative count of the rows before row r:
//   zone 1 while 3·C(r-1) < T (the journals with C(r) <= T/3 plus the one that crosses T/3),
//   zone 2 while 3·C(r-1) < 2T, zone 3 for the rest. Tied journals can straddle a zone border;
//   the name order decides, deterministically.
// - Years: N(y) = references to works published in y, one row for every year of the span
//   [first known year, last known year], 0 for years nobody cites. RPYS (Marx, Bornmann,
//   Barth & Leydesdorff 2014, JASIST 65(4):751-764): rpys_median(y) = median of N(y-2), ...,
//   N(y+2), counting years outside the span as 0 (nothing was cited from them), and
//   rpys_deviation = N(y) - rpys_median(y). References to works of unknown year are counted in
//   unknown_year — never dropped, never given a year.
// - Citation age = citing year - cited year, for a reference where both are known. The citing
//   year is the source's own record year (CitationGraph::year), else the corpus's
//   DistributionParams::citing_year_override (from --year CORPUS=YYYY); for the overall row,
//   the override of the lowest-index corpus of the edge that has one. Negative ages (a work
//   cited before its own publication year, e.g. in press) are kept. median_age is the median
//   of the known ages (the mean of the two middle ones for an even count). Price index (de
//   Solla Price 1970; Egghe 1997): the share of the references with a known age whose age is
//   <= 5 years (kPriceIndexMaxAge, "<= 5" inclusive). References without a known age are
//   counted (unknown_age_no_citing_year, unknown_age_no_cited_year), not dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

// The corpus name of the overall rows in journals.csv / years.csv.
inline constexpr std::string_view kOverallCorpus = "*";
// A reference counts towards the Price index when its age is at most this many years.
inline constexpr int kPriceIndexMaxAge = 5;

struct DistributionParams {
  // Per corpus, index-aligned with CitationGraph::corpora() (empty = no overrides): the
  // citing year of the corpus's sources whose own record has no year.
  std::vector<std::optional<int>> citing_year_override;

  // Throws InvalidArgument naming the corpus index and value of an override outside
  // [1000, 9999].
  void validate() const;
};

struct JournalRow {
  std::string journal;
  std::uint64_t count = 0;
  double share = 0.0;
  std::uint64_t rank = 0;  // 1 = most cited; competition ranking
  int bradford_zone = 0;   // 1, 2 or 3
};

struct YearRow {
  std::int32_t year = 0;
  std::uint64_t count = 0;  // N(y)
  std::uint64_t rpys_median = 0;
  std::int64_t rpys_deviation = 0;  // N(y) - rpys_median
};

struct CorpusDistribution {
  std::string corpus;            // the corpus name, or kOverallCorpus
  std::uint64_t references = 0;  // citation edges counted

  std::vector<JournalRow> journals;  // by count descending, then name
  std::uint64_t references_with_journal = 0;
  std::uint64_t unknown_journal = 0;

  std::vector<YearRow> years;  // every year of the span, ascending
  std::uint64_t unknown_year = 0;

  std::uint64_t known_age = 0;                   // references with a citation age
  std::uint64_t unknown_age_no_citing_year = 0;  // the citing year is unknown
  std::uint64_t unknown_age_no_cited_year = 0;   // citing year known, cited year unknown
  std::uint64_t citing_year_from_override = 0;   // references whose citing year is an override
  std::optional<double> median_age;              // missing when known_age == 0
  std::optional<std::int32_t> min_age;
  std::optional<std::int32_t> max_age;
  std::uint64_t within_price_window = 0;  // known ages <= kPriceIndexMaxAge
  std::optional<double> price_index;      // within_price_window / known_age

  // Why the distributions are empty ("SLE: the inputs carry no reference list for its
  // sources") or why the age figures are missing; "" when present.
  std::string missing_reason;
  std::string age_missing_reason;
};

struct DistributionResult {
  std::vector<CorpusDistribution> corpora;  // index-aligned with CitationGraph::corpora()
  CorpusDistribution overall;               // corpus == kOverallCorpus
};

// The distributions pass. Throws InvalidArgument for invalid params or when
// citing_year_override is neither empty nor one entry per corpus.
// O(n + m · k + J log J + span) for k corpora per edge, J journals, span years.
[[nodiscard]] DistributionResult distributions(const CitationGraph& graph,
                                               const DistributionParams& params = {});

}  // namespace citegraph
