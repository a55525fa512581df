// Distributions of the cited literature: journals (shares, competition ranks, Bradford zones),
// years (histogram and RPYS after Marx et al. 2014), citation age and the Price index, per
// corpus and overall. Definitions and choices are stated in distributions.hpp.
#include "citegraph/analysis/distributions.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <map>
#include <unordered_map>

#include "citegraph/analysis/terms.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {
namespace {

constexpr int kMinOverrideYear = 1000;
constexpr int kMaxOverrideYear = 9999;
constexpr std::uint32_t kNoJournal = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kNotInterned = kNoJournal - 1;

// Interns journal labels so that each edge costs an array look-up, not a string hash.
class JournalIds {
 public:
  explicit JournalIds(const CitationGraph& graph)
      : graph_(graph), id_(graph.num_nodes(), kNotInterned) {}

  std::uint32_t of(NodeId v) {
    if (id_[v] == kNotInterned) {
      std::string label = journal_label(graph_.text(v).journal);
      if (label.empty()) {
        id_[v] = kNoJournal;
      } else {
        const auto [it, inserted] =
            ids_.try_emplace(label, static_cast<std::uint32_t>(names_.size()));
        if (inserted) names_.push_back(std::move(label));
        id_[v] = it->second;
      }
    }
    return id_[v];
  }
  [[nodiscard]] const std::string& name(std::uint32_t id) const { return names_[id]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  const CitationGraph& graph_;
  std::vector<std::uint32_t> id_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> names_;
};

struct Accumulator {
  CorpusDistribution out;
  std::unordered_map<std::uint32_t, std::uint64_t> journal_counts;
  std::map<std::int32_t, std::uint64_t> year_counts;
  std::map<std::int32_t, std::uint64_t> age_counts;

  void add(std::uint32_t journal, std::int32_t cited_year, std::optional<std::int32_t> citing_year,
           bool citing_year_overridden) {
    ++out.references;
    if (journal == kNoJournal) {
      ++out.unknown_journal;
    } else {
      ++journal_counts[journal];
    }
    if (cited_year > 0) {
      ++year_counts[cited_year];
    } else {
      ++out.unknown_year;
    }
    if (citing_year && citing_year_overridden) ++out.citing_year_from_override;
    if (!citing_year) {
      ++out.unknown_age_no_citing_year;
    } else if (cited_year <= 0) {
      ++out.unknown_age_no_cited_year;
    } else {
      ++age_counts[*citing_year - cited_year];
    }
  }
};

void finish_journals(Accumulator& acc, const JournalIds& ids) {
  CorpusDistribution& d = acc.out;
  for (const auto& [id, count] : acc.journal_counts) {
    d.journals.push_back({ids.name(id), count, 0.0, 0, 0});
    d.references_with_journal += count;
  }
  std::sort(d.journals.begin(), d.journals.end(), [](const JournalRow& a, const JournalRow& b) {
    return a.count != b.count ? a.count > b.count : a.journal < b.journal;
  });
  const std::uint64_t total = d.references_with_journal;
  std::uint64_t before = 0;  // C(r-1)
  for (std::size_t r = 0; r < d.journals.size(); ++r) {
    JournalRow& row = d.journals[r];
    row.rank = r > 0 && d.journals[r - 1].count == row.count ? d.journals[r - 1].rank : r + 1;
    row.share = static_cast<double>(row.count) / static_cast<double>(total);
    row.bradford_zone = 3 * before < total ? 1 : 3 * before < 2 * total ? 2 : 3;
    before += row.count;
  }
}

void finish_years(Accumulator& acc) {
  if (acc.year_counts.empty()) return;
  const std::int32_t first = acc.year_counts.begin()->first;
  const std::int32_t last = acc.year_counts.rbegin()->first;
  // Two zero years of padding on each side: the window of the span's end years reaches them.
  const auto span = static_cast<std::size_t>(last - first) + 1;
  std::vector<std::uint64_t> counts(span + 4, 0);
  for (const auto& [year, count] : acc.year_counts) {
    counts[static_cast<std::size_t>(year - first) + 2] = count;
  }
  acc.out.years.reserve(span);
  for (std::size_t i = 0; i < span; ++i) {
    std::array<std::uint64_t, 5> window = {counts[i], counts[i + 1], counts[i + 2], counts[i + 3],
                                           counts[i + 4]};
    std::nth_element(window.begin(), window.begin() + 2, window.end());
    YearRow row;
    row.year = first + static_cast<std::int32_t>(i);
    row.count = counts[i + 2];
    row.rpys_median = window[2];
    row.rpys_deviation =
        static_cast<std::int64_t>(row.count) - static_cast<std::int64_t>(row.rpys_median);
    acc.out.years.push_back(row);
  }
}

void finish_ages(Accumulator& acc) {
  CorpusDistribution& d = acc.out;
  for (const auto& [age, count] : acc.age_counts) {
    d.known_age += count;
    if (age <= kPriceIndexMaxAge) d.within_price_window += count;
  }
  if (d.known_age == 0) return;
  d.min_age = acc.age_counts.begin()->first;
  d.max_age = acc.age_counts.rbegin()->first;
  d.price_index = static_cast<double>(d.within_price_window) / static_cast<double>(d.known_age);
  // The ages at 0-based positions (known_age - 1) / 2 and known_age / 2 of the sorted list.
  const std::uint64_t lower_pos = (d.known_age - 1) / 2;
  const std::uint64_t upper_pos = d.known_age / 2;
  std::optional<std::int32_t> lower;
  std::optional<std::int32_t> upper;
  std::uint64_t seen = 0;
  for (const auto& [age, count] : acc.age_counts) {
    seen += count;
    if (!lower && seen > lower_pos) lower = age;
    if (!upper && seen > upper_pos) {
      upper = age;
      break;
    }
  }
  d.median_age = (static_cast<double>(*lower) + static_cast<double>(*upper)) / 2.0;
}

void finish(Accumulator& acc, const JournalIds& ids, const std::string& missing) {
  finish_journals(acc, ids);
  finish_years(acc);
  finish_ages(acc);
  CorpusDistribution& d = acc.out;
  const std::string& x = d.corpus;
  if (d.references == 0) {
    d.missing_reason = missing;
    d.age_missing_reason = missing;
  } else if (d.known_age == 0) {
    d.age_missing_reason =
        d.unknown_age_no_citing_year == d.references
            ? x + ": the citing year is unknown (no year in the sources' records and no --year "
                  "override)"
            : x + ": no reference has both a citing and a cited year";
  }
}

}  // namespace

void DistributionParams::validate() const {
  for (std::size_t c = 0; c < citing_year_override.size(); ++c) {
    const auto& year = citing_year_override[c];
    if (year && (*year < kMinOverrideYear || *year > kMaxOverrideYear)) {
      throw InvalidArgument("citing_year_override[" + std::to_string(c) + "] must be a year in [" +
                            std::to_string(kMinOverrideYear) + ", " +
                            std::to_string(kMaxOverrideYear) + "], got " + std::to_string(*year));
    }
  }
}

DistributionResult distributions(const CitationGraph& graph, const DistributionParams& params) {
  params.validate();
  const std::size_t corpora = graph.corpora().size();
  if (corpora > kMaxCorpora) {
    throw InvalidArgument("distributions: at most " + std::to_string(kMaxCorpora) +
                          " corpora are supported, got " + std::to_string(corpora));
  }
  if (!params.citing_year_override.empty() && params.citing_year_override.size() != corpora) {
    throw InvalidArgument("citing_year_override has " +
                          std::to_string(params.citing_year_override.size()) + " entries for " +
                          std::to_string(corpora) + " corpora");
  }
  const auto override_of = [&](std::size_t c) -> std::optional<int> {
    return params.citing_year_override.empty() ? std::nullopt : params.citing_year_override[c];
  };
  const CorpusSet valid = corpora >= kMaxCorpora ? ~CorpusSet{0} : (CorpusSet{1} << corpora) - 1;
  const Csr& out = graph.out();
  const NodeId n = graph.num_nodes();

  std::vector<Accumulator> per_corpus(corpora);
  for (std::size_t c = 0; c < corpora; ++c) per_corpus[c].out.corpus = graph.corpora()[c];
  Accumulator overall;
  overall.out.corpus = std::string(kOverallCorpus);
  std::vector<std::uint64_t> sources(corpora, 0);
  std::vector<std::uint64_t> with_list(corpora, 0);
  JournalIds journal_ids(graph);

  for (NodeId v = 0; v < n; ++v) {
    const SourceMeta* meta = graph.source_meta(v);
    const bool has_list = meta != nullptr && meta->has_reference_list;
    for (CorpusSet own = graph.source_corpora(v) & valid; own != 0; own &= own - 1) {
      const auto c = static_cast<std::size_t>(std::countr_zero(own));
      ++sources[c];
      if (has_list) ++with_list[c];
    }
    const auto targets = out.neighbors(v);
    if (targets.empty()) continue;
    const std::int32_t own_year = graph.year(v);
    const std::uint64_t first = out.first_edge(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const NodeId t = targets[i];
      const std::uint32_t journal = journal_ids.of(t);
      const std::int32_t cited_year = graph.year(t);
      const CorpusSet by = graph.edge_corpora(first + i) & valid;
      if (own_year > 0) {
        overall.add(journal, cited_year, own_year, false);
      } else {
        std::optional<int> year;
        for (CorpusSet rest = by; rest != 0 && !year; rest &= rest - 1) {
          year = override_of(static_cast<std::size_t>(std::countr_zero(rest)));
        }
        overall.add(journal, cited_year, year, year.has_value());
      }
      for (CorpusSet rest = by; rest != 0; rest &= rest - 1) {
        const auto c = static_cast<std::size_t>(std::countr_zero(rest));
        if (own_year > 0) {
          per_corpus[c].add(journal, cited_year, own_year, false);
        } else {
          const std::optional<int> year = override_of(c);
          per_corpus[c].add(journal, cited_year, year, year.has_value());
        }
      }
    }
  }

  DistributionResult result;
  for (std::size_t c = 0; c < corpora; ++c) {
    const std::string& x = graph.corpora()[c];
    const std::string missing = sources[c] == 0 ? x + ": the corpus has no sources"
                                : with_list[c] == 0
                                    ? x + ": the inputs carry no reference list for its sources"
                                    : x + ": its sources cite no works";
    finish(per_corpus[c], journal_ids, missing);
    result.corpora.push_back(std::move(per_corpus[c].out));
  }
  finish(overall, journal_ids, std::string(kOverallCorpus) + ": the graph has no citations");
  result.overall = std::move(overall.out);
  return result;
}

}  // namespace citegraph
