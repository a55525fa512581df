// Corpus overlap: set figures per pair of corpora over six facets, the hypergeometric p-value,
// per-corpus profiles and the works shared between corpora. Definitions in overlap.hpp and
// docs/metrics.md ("Corpus overlap").
#include "citegraph/analysis/overlap.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <string>
#include <unordered_map>

#include "citegraph/graph/error.hpp"

namespace citegraph {
namespace {

// C(66, 33) < 2^63, so every sum of products C(K, i) C(N - K, n - i) <= C(N, n) fits.
constexpr std::uint64_t kExactPopulation = 66;

using BinomialTable =
    std::array<std::array<std::uint64_t, kExactPopulation + 1>, kExactPopulation + 1>;

const BinomialTable& binomials() {
  static const BinomialTable table = [] {
    BinomialTable t{};
    for (std::size_t n = 0; n <= kExactPopulation; ++n) {
      t[n][0] = 1;
      for (std::size_t k = 1; k <= n; ++k) t[n][k] = t[n - 1][k - 1] + (k < n ? t[n - 1][k] : 0);
    }
    return t;
  }();
  return table;
}

long double log_choose(std::uint64_t n, std::uint64_t k) {
  const auto ld = [](std::uint64_t x) { return static_cast<long double>(x); };
  return std::lgamma(ld(n) + 1.0L) - std::lgamma(ld(k) + 1.0L) - std::lgamma(ld(n - k) + 1.0L);
}

CorpusSet all_corpora(std::size_t count) {
  return count >= kMaxCorpora ? ~CorpusSet{0} : (CorpusSet{1} << count) - 1;
}

// Set sizes and pairwise intersections of one facet, fed one item (as the set of corpora
// holding it) at a time.
class FacetCounter {
 public:
  explicit FacetCounter(std::size_t corpora)
      : corpora_(corpora), size_(corpora, 0), shared_(corpora * corpora, 0) {}

  void add(CorpusSet holders) {
    if (holders == 0) return;
    ++universe_;
    for (CorpusSet rest = holders; rest != 0; rest &= rest - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(rest));
      ++size_[i];
      for (CorpusSet later = rest & (rest - 1); later != 0; later &= later - 1) {
        ++shared_[i * corpora_ + static_cast<std::size_t>(std::countr_zero(later))];
      }
    }
  }
  [[nodiscard]] std::uint64_t universe() const { return universe_; }
  [[nodiscard]] std::uint64_t size(std::size_t c) const { return size_[c]; }
  [[nodiscard]] std::uint64_t shared(std::size_t x, std::size_t y) const {
    return shared_[x * corpora_ + y];
  }

 private:
  std::size_t corpora_;
  std::uint64_t universe_ = 0;
  std::vector<std::uint64_t> size_;
  std::vector<std::uint64_t> shared_;  // row-major, filled for x < y
};

std::size_t index(OverlapFacet f) { return static_cast<std::size_t>(f); }

void add_strings(FacetCounter& counter, const std::vector<TextFacets>& facets,
                 std::vector<std::string> TextFacets::*member) {
  std::unordered_map<std::string_view, CorpusSet> holders;
  for (std::size_t c = 0; c < facets.size(); ++c) {
    for (const auto& item : facets[c].*member) holders[item] |= CorpusSet{1} << c;
  }
  for (const auto& [item, mask] : holders) counter.add(mask);
}

// Why corpus `p`'s set of `facet` is unknown or empty; "" when it has items.
std::string facet_note(const CorpusProfile& p, OverlapFacet facet, std::uint64_t size) {
  const std::string& x = p.name;
  if (p.sources == 0) return x + ": the corpus has no sources";
  const bool citation_facet = facet == OverlapFacet::kReferences ||
                              facet == OverlapFacet::kJournals || facet == OverlapFacet::kYears;
  if (citation_facet && !p.references_known()) {
    return x + ": the inputs carry no reference list for its sources";
  }
  if (size > 0) return {};
  switch (facet) {
    case OverlapFacet::kReferences:
      return x + ": its sources cite no works";
    case OverlapFacet::kJournals:
      return p.cited_works == 0 ? x + ": its sources cite no works"
                                : x + ": none of its cited works has a known journal";
    case OverlapFacet::kYears:
      return p.cited_works == 0 ? x + ": its sources cite no works"
                                : x + ": none of its cited works has a known year";
    case OverlapFacet::kSubjects:
      return x + ": its sources carry no keywords or MeSH headings";
    case OverlapFacet::kTerms:
      return p.sources_with_text == 0 ? x + ": its sources carry no title or abstract"
                                      : x + ": its sources' titles and abstracts yield no terms";
    case OverlapFacet::kInstitutions:
      return p.sources_with_affiliations == 0
                 ? x + ": its sources carry no affiliations"
                 : x + ": no institution recognised in its sources' affiliations";
  }
  return {};
}

SetOverlap pair_figures(const CorpusProfile& px, const CorpusProfile& py, OverlapFacet facet,
                        std::uint64_t shared, std::uint64_t universe) {
  SetOverlap o;
  o.universe = universe;
  o.size_x = px.facet_size[index(facet)];
  o.size_y = py.facet_size[index(facet)];
  if (o.size_x && o.size_y) {
    const std::uint64_t sx = *o.size_x;
    const std::uint64_t sy = *o.size_y;
    o.shared = shared;
    o.union_size = sx + sy - shared;
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    if (*o.union_size > 0) o.jaccard = d(shared) / d(*o.union_size);
    if (sx > 0 && sy > 0) {
      o.cosine = d(shared) / std::sqrt(d(sx) * d(sy));
      o.overlap_coefficient = d(shared) / d(std::min(sx, sy));
      o.p_value = hypergeometric_upper_tail(universe, sx, sy, shared);
    }
  }
  if (!o.p_value || !o.jaccard) {
    for (const CorpusProfile* p : {&px, &py}) {
      const auto& size = p->facet_size[index(facet)];
      if (size && *size > 0) continue;
      if (!o.missing_reason.empty()) o.missing_reason += "; ";
      o.missing_reason += p->facet_note[index(facet)];
    }
  }
  return o;
}

// The six facet counters of a run, one per OverlapFacet.
struct FacetCounters {
  explicit FacetCounters(std::size_t corpora)
      : references(corpora),
        journals(corpora),
        years(corpora),
        subjects(corpora),
        terms(corpora),
        institutions(corpora) {}

  // Indexed by OverlapFacet.
  [[nodiscard]] std::array<const FacetCounter*, kNumOverlapFacets> in_order() const {
    return {&references, &journals, &years, &subjects, &terms, &institutions};
  }

  FacetCounter references;
  FacetCounter journals;
  FacetCounter years;
  FacetCounter subjects;
  FacetCounter terms;
  FacetCounter institutions;
};

// f(corpus index) for each corpus in the mask, ascending.
template <class F>
void each_bit(CorpusSet mask, F&& f) {
  for (; mask != 0; mask &= mask - 1) f(static_cast<std::size_t>(std::countr_zero(mask)));
}

// Per work: the corpora citing it and how many of their sources do.
struct CitedWorks {
  std::vector<CorpusSet> cited_by;
  std::vector<std::uint64_t> citing_sources;
};

// Sources, their reference lists, and the corpora citing each work; counts the sources and
// citations of each profile.
CitedWorks tally_sources(const CitationGraph& graph, CorpusSet valid,
                         std::vector<CorpusProfile>& profiles) {
  const Csr& out = graph.out();
  const NodeId n = graph.num_nodes();
  CitedWorks cited{std::vector<CorpusSet>(n, 0), std::vector<std::uint64_t>(n, 0)};
  for (NodeId v = 0; v < n; ++v) {
    const CorpusSet own = graph.source_corpora(v) & valid;
    const SourceMeta* meta = own == 0 ? nullptr : graph.source_meta(v);
    each_bit(own, [&](std::size_t c) {
      CorpusProfile& p = profiles[c];
      ++p.sources;
      if (meta != nullptr && meta->has_reference_list) {
        ++p.sources_with_reference_list;
        p.references_listed += meta->references_listed;
      }
    });
    const std::uint64_t first = out.first_edge(v);
    const auto targets = out.neighbors(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const CorpusSet by = graph.edge_corpora(first + i) & valid;
      if (by == 0) continue;
      cited.cited_by[targets[i]] |= by;
      ++cited.citing_sources[targets[i]];
      each_bit(by, [&](std::size_t c) { ++profiles[c].citations; });
    }
  }
  return cited;
}

// The three citation facets (cited works, their journals, their years), the cited works without
// a journal or year per corpus, and the works cited by two corpora or more when listed.
void count_citation_facets(const CitationGraph& graph, const CitedWorks& cited, bool list_shared,
                           FacetCounters& facets, OverlapResult& result) {
  std::unordered_map<std::string, CorpusSet> journal_holders;
  std::unordered_map<std::int32_t, CorpusSet> year_holders;
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    const CorpusSet by = cited.cited_by[v];
    if (by == 0) continue;
    facets.references.add(by);
    std::string journal = journal_label(graph.text(v).journal);
    const bool has_journal = !journal.empty();
    const std::int32_t year = graph.year(v);
    if (has_journal) journal_holders[std::move(journal)] |= by;
    if (year > 0) year_holders[year] |= by;
    each_bit(by, [&](std::size_t c) {
      if (!has_journal) ++result.corpora[c].cited_works_without_journal;
      if (year <= 0) ++result.corpora[c].cited_works_without_year;
    });
    if (list_shared && std::popcount(by) >= 2) {
      result.shared_works.push_back({v, by, cited.citing_sources[v]});
    }
  }
  for (const auto& [journal, mask] : journal_holders) facets.journals.add(mask);
  for (const auto& [year, mask] : year_holders) facets.years.add(mask);
}

// Each corpus's facet sizes (unknown for a citation facet without reference lists) and notes.
void fill_profiles(const std::array<const FacetCounter*, kNumOverlapFacets>& counters,
                   const std::vector<TextFacets>& text, std::vector<CorpusProfile>& profiles) {
  for (std::size_t c = 0; c < profiles.size(); ++c) {
    CorpusProfile& p = profiles[c];
    p.cited_works = counters[index(OverlapFacet::kReferences)]->size(c);
    p.sources_with_subjects = text[c].sources_with_subjects;
    p.sources_with_text = text[c].sources_with_text;
    p.sources_with_affiliations = text[c].sources_with_affiliations;
    for (const OverlapFacet f : kOverlapFacets) {
      const bool citation_facet = f == OverlapFacet::kReferences || f == OverlapFacet::kJournals ||
                                  f == OverlapFacet::kYears;
      const std::uint64_t size = counters[index(f)]->size(c);
      if (!citation_facet || p.references_known() || p.sources == 0) {
        p.facet_size[index(f)] = size;
      }
      p.facet_note[index(f)] = facet_note(p, f, size);
    }
  }
}

// The figures of every pair of corpora x < y over every facet.
void pair_corpora(const std::array<const FacetCounter*, kNumOverlapFacets>& counters,
                  OverlapResult& result) {
  const std::size_t corpora = result.corpora.size();
  for (std::size_t x = 0; x < corpora; ++x) {
    for (std::size_t y = x + 1; y < corpora; ++y) {
      CorpusPairOverlap pair;
      pair.x = x;
      pair.y = y;
      for (const OverlapFacet f : kOverlapFacets) {
        const FacetCounter& counter = *counters[index(f)];
        pair.facets[index(f)] = pair_figures(result.corpora[x], result.corpora[y], f,
                                             counter.shared(x, y), counter.universe());
      }
      result.pairs.push_back(std::move(pair));
    }
  }
}

}  // namespace

std::string_view facet_name(OverlapFacet facet) {
  switch (facet) {
    case OverlapFacet::kReferences:
      return "references";
    case OverlapFacet::kJournals:
      return "journals";
    case OverlapFacet::kYears:
      return "years";
    case OverlapFacet::kSubjects:
      return "keywords";
    case OverlapFacet::kTerms:
      return "terms";
    case OverlapFacet::kInstitutions:
      return "institutions";
  }
  return "unknown";
}

void OverlapParams::validate() const { terms.validate(); }

double hypergeometric_upper_tail(std::uint64_t population, std::uint64_t successes,
                                 std::uint64_t draws, std::uint64_t observed) {
  const std::uint64_t n_all = population;
  const std::uint64_t k_all = successes;
  const std::uint64_t n = draws;
  if (k_all > n_all || n > n_all) {
    throw InvalidArgument("hypergeometric: successes (" + std::to_string(k_all) + ") and draws (" +
                          std::to_string(n) + ") must not exceed the population (" +
                          std::to_string(n_all) + ")");
  }
  const std::uint64_t lo = n + k_all > n_all ? n + k_all - n_all : 0;
  const std::uint64_t hi = std::min(k_all, n);
  if (observed <= lo) return 1.0;
  if (observed > hi) return 0.0;

  if (n_all <= kExactPopulation) {
    const BinomialTable& c = binomials();
    std::uint64_t favourable = 0;
    for (std::uint64_t i = observed; i <= hi; ++i)
      favourable += c[k_all][i] * c[n_all - k_all][n - i];
    return static_cast<double>(static_cast<long double>(favourable) /
                               static_cast<long double>(c[n_all][n]));
  }

  // The terms fall monotonically on either side of the mode, so the tail's largest term is at
  // max(mode, observed); summing relative to it keeps every partial sum near 1.
  const auto ld = [](std::uint64_t v) { return static_cast<long double>(v); };
  const auto mode = static_cast<std::uint64_t>(
      std::floor((ld(n) + 1.0L) * (ld(k_all) + 1.0L) / (ld(n_all) + 2.0L)));
  const std::uint64_t peak = std::max(std::clamp(mode, lo, hi), observed);
  const long double log_peak =
      log_choose(k_all, peak) + log_choose(n_all - k_all, n - peak) - log_choose(n_all, n);
  constexpr long double kNegligible = 1e-21L;
  long double sum = 1.0L;
  long double term = 1.0L;
  for (std::uint64_t i = peak; i < hi; ++i) {
    term *= ld(k_all - i) * ld(n - i) / (ld(i + 1) * ld(n_all - k_all + i + 1 - n));
    sum += term;
    if (term < sum * kNegligible) break;
  }
  term = 1.0L;
  for (std::uint64_t i = peak; i > observed; --i) {
    term *= ld(i) * ld(n_all - k_all + i - n) / (ld(k_all - i + 1) * ld(n - i + 1));
    sum += term;
    if (term < sum * kNegligible) break;
  }
  const long double p = std::exp(log_peak) * sum;
  return std::clamp(static_cast<double>(p), 0.0, 1.0);
}

OverlapResult overlap(const CitationGraph& graph, const OverlapParams& params) {
  params.validate();
  const std::size_t corpora = graph.corpora().size();
  if (corpora > kMaxCorpora) {
    throw InvalidArgument("overlap: at most " + std::to_string(kMaxCorpora) +
                          " corpora are supported, got " + std::to_string(corpora));
  }
  OverlapResult result;
  result.corpora.resize(corpora);
  for (std::size_t c = 0; c < corpora; ++c) result.corpora[c].name = graph.corpora()[c];
  if (corpora == 0) return result;

  FacetCounters facets(corpora);
  const CitedWorks cited = tally_sources(graph, all_corpora(corpora), result.corpora);
  count_citation_facets(graph, cited, params.list_shared_works, facets, result);
  // The three facets of the corpora's own sources.
  const std::vector<TextFacets> text = text_facets(graph, params.terms);
  add_strings(facets.subjects, text, &TextFacets::subjects);
  add_strings(facets.terms, text, &TextFacets::terms);
  add_strings(facets.institutions, text, &TextFacets::institutions);

  const std::array<const FacetCounter*, kNumOverlapFacets> counters = facets.in_order();
  for (const OverlapFacet f : kOverlapFacets) {
    result.universe[index(f)] = counters[index(f)]->universe();
  }
  fill_profiles(counters, text, result.corpora);
  pair_corpora(counters, result);
  return result;
}

}  // namespace citegraph
