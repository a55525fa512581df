// Tests of the text facets (analysis/terms) and of the corpus-overlap pass (analysis/overlap):
// golden figures on small hand-made graphs, a hand-computed hypergeometric p-value, edge cases,
// and the institutions of the two seed reviews.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/overlap.hpp"
#include "citegraph/analysis/terms.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

using namespace citegraph;

namespace {

// Sources of the overlap tests are works of "Rev J" of 2020.
class OverlapGraphMaker : public test::GraphMaker {
 public:
  explicit OverlapGraphMaker(std::vector<std::string> corpora) : GraphMaker(std::move(corpora)) {}
  using GraphMaker::source;
  NodeId source(CorpusSet corpora, SourceMeta meta, std::string title = {}) {
    return source(corpora, std::move(meta), "Rev J", 2020, std::move(title));
  }
};

SourceMeta meta_with_list() {
  SourceMeta m;
  m.has_reference_list = true;
  return m;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The affiliation lines of a seed page: "  N. Name: affiliation" (new layout) or
// "N affiliation" (legacy layout), in the block after "Author Information".
std::vector<std::string> seed_affiliations(const std::string& file) {
  std::istringstream text(read_text(std::string(CITEGRAPH_TEST_DATA) + "/seeds/" + file));
  std::vector<std::string> lines;
  std::string line;
  bool in_block = false;
  const std::regex numbered(R"(^\s*\d+\.?\s+\S.*$)");
  while (std::getline(text, line)) {
    if (line.rfind("Author Information", 0) == 0 || line.rfind("Author information", 0) == 0) {
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    if (std::regex_match(line, numbered)) {
      lines.push_back(line);
    } else if (!lines.empty()) {
      break;
    }
  }
  return lines;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

constexpr CorpusSet kA = 1;
constexpr CorpusSet kB = 2;
constexpr CorpusSet kC = 4;

}  // namespace

TEST_CASE("normalize_subject folds case, MeSH stars and subheadings") {
  CHECK(normalize_subject("Lupus Erythematosus, Systemic/*therapy") ==
        "lupus erythematosus, systemic");
  CHECK(normalize_subject("*Mesenchymal Stem Cell Transplantation") ==
        "mesenchymal stem cell transplantation");
  CHECK(normalize_subject("  Systemic   sclerosis. ") == "systemic sclerosis");
  CHECK(normalize_subject("*/drug therapy").empty());
  CHECK(normalize_subject("").empty());
}

TEST_CASE("title and abstract terms") {
  CHECK(is_stop_word("the"));
  CHECK(is_stop_word("themselves"));
  CHECK_FALSE(is_stop_word("stem"));
  CHECK(fold_plural("cells") == "cell");
  CHECK(fold_plural("studies") == "study");
  CHECK(fold_plural("mscs") == "msc");
  CHECK(fold_plural("sclerosis") == "sclerosis");
  CHECK(fold_plural("lupus") == "lupus");
  CHECK(fold_plural("process") == "process");
  CHECK(fold_plural("ties") == "tie");  // too short for -ies -> -y
  CHECK(fold_plural("gas") == "gas");   // too short to fold

  const std::string text =
      "Mesenchymal stem cells (MSCs) in 2017: the women's anti-fibrotic effects of IL6, "
      "and of other studies; Systemic sclerosis is a rare disease.";
  const std::vector<std::string> folded = {"mesenchymal", "stem",      "cell",   "msc",    "women",
                                           "anti",        "fibrotic",  "effect", "il6",    "study",
                                           "systemic",    "sclerosis", "rare",   "disease"};
  CHECK(text_terms(text) == folded);

  TermOptions plain;
  plain.fold_plurals = false;
  const std::vector<std::string> unfolded = {
      "mesenchymal", "stem", "cells",   "mscs",     "women",     "anti", "fibrotic",
      "effects",     "il6",  "studies", "systemic", "sclerosis", "rare", "disease"};
  CHECK(text_terms(text, plain) == unfolded);

  TermOptions longer;
  longer.min_term_length = 5;
  CHECK(text_terms("stem cells and the fibrosis", longer) == std::vector<std::string>{"fibrosis"});
  CHECK(text_terms("").empty());
  CHECK(text_terms("12345 of an é").empty());

  TermOptions bad;
  bad.min_term_length = 0;
  CHECK_THROWS_AS(bad.validate(), InvalidArgument);
  CHECK_THROWS_AS((void)text_terms("x", bad), InvalidArgument);
}

TEST_CASE("journal_label trims and keeps case") {
  CHECK(journal_label("  J Invest   Dermatol. ") == "J Invest Dermatol");
  CHECK(journal_label("Rheumatology (Oxford)") == "Rheumatology (Oxford)");
  CHECK(journal_label(" . ").empty());
}

TEST_CASE("institutions: rules") {
  using V = std::vector<std::string>;
  CHECK(institutions("48439 Tehran University of Medical Sciences") ==
        V{"Tehran University of Medical Sciences"});
  CHECK(institutions("Tehran University of Medical sciences") ==
        V{"Tehran University of Medical Sciences"});
  CHECK(institutions("Department of Medical Immunology, School of Medicine, 48486 Shahid Beheshti "
                     "University of Medical Sciences , Tehran, Iran.") ==
        V{"Shahid Beheshti University of Medical Sciences"});
  CHECK(
      institutions("2 Department of Genetics, 441802 Islamic Azad University, Ahar Branch , Ahar, "
                   "Iran.") == V{"Islamic Azad University"});
  // The institute beats a research centre; a leading author label and ORCID are ignored.
  CHECK(institutions("  6. Forough Azam Sayahpour: Department of Stem Cells and Developmental "
                     "Biology, Cell Science Research Center, Royan Institute for Stem Cell Biology "
                     "and Technology, ACECR, Tehran, Iran. ORCID") ==
        V{"Royan Institute for Stem Cell Biology and Technology"});
  // A hospital outranks a school; an all-capitals affiliation is re-cased; e-mail dropped.
  CHECK(institutions("Harvard Medical School, Massachusetts General Hospital, Boston, MA 02114, "
                     "USA. Electronic address: someone@mgh.harvard.edu") ==
        V{"Massachusetts General Hospital"});
  CHECK(institutions("DEPT OF MEDICINE, UNIVERSITY OF CALIFORNIA, SAN DIEGO") ==
        V{"University of California"});
  // Two affiliations in one string; duplicates collapse; inner capitals are kept.
  CHECK(institutions("Dept A, McGill University, Montreal; Dept B, McGill University") ==
        V{"McGill University"});
  CHECK(institutions("Dept A, Universität Hamburg; Karolinska Institutet, SE-171 77 Stockholm") ==
        V{"Universität Hamburg", "Karolinska Institutet"});
  CHECK(institutions("Harvard Medical School, Boston") == V{"Harvard Medical School"});
  CHECK(institutions("Division of Rheumatology, Boston, USA").empty());
  CHECK(institutions("").empty());
}

TEST_CASE("institutions of the seed reviews") {
  std::vector<std::string> ssc;
  const auto ssc_lines = seed_affiliations("000_6583a983e76283fa.txt");
  REQUIRE(ssc_lines.size() == 8);
  for (const auto& line : ssc_lines) {
    for (auto& i : institutions(line)) {
      if (!has(ssc, i)) ssc.push_back(std::move(i));
    }
  }
  std::sort(ssc.begin(), ssc.end());
  CHECK(ssc == std::vector<std::string>{"Royan Institute for Stem Cell Biology and Technology",
                                        "Tehran University of Medical Sciences"});

  std::vector<std::string> sle;
  const auto sle_lines = seed_affiliations("003_634ac85d96d18530.txt");
  REQUIRE(sle_lines.size() == 3);
  for (const auto& line : sle_lines) {
    for (auto& i : institutions(line)) {
      if (!has(sle, i)) sle.push_back(std::move(i));
    }
  }
  CHECK(sle == std::vector<std::string>{"Shahid Beheshti University of Medical Sciences",
                                        "Islamic Azad University",
                                        "Tehran University of Medical Sciences"});
}

TEST_CASE("hypergeometric upper tail") {
  // Hand-computed: N = 10, K = 4, n = 5, P(S >= 3) = (C(4,3)C(6,2) + C(4,4)C(6,1)) / C(10,5)
  // = (60 + 6) / 252.
  CHECK(hypergeometric_upper_tail(10, 4, 5, 3) == doctest::Approx(66.0 / 252.0).epsilon(1e-15));
  // Exact rationals (Python fractions) for the lgamma path.
  const auto rel = [](double got, double want) { return std::abs(got - want) / want; };
  CHECK(rel(hypergeometric_upper_tail(100, 30, 20, 10), 0.0306964293543367) < 1e-11);
  CHECK(rel(hypergeometric_upper_tail(67, 20, 30, 12), 0.08606410943450105) < 1e-11);
  CHECK(rel(hypergeometric_upper_tail(200, 10, 10, 1), 0.40854786608141713) < 1e-11);
  CHECK(rel(hypergeometric_upper_tail(5000, 400, 300, 40), 0.0007396210976164405) < 1e-10);
  CHECK(rel(hypergeometric_upper_tail(1000000, 5000, 4000, 80), 2.0541876136348886e-24) < 1e-8);
  // The roles of the two sets are symmetric.
  CHECK(hypergeometric_upper_tail(100, 20, 30, 10) ==
        doctest::Approx(hypergeometric_upper_tail(100, 30, 20, 10)).epsilon(1e-12));
  // Support bounds: at or below the smallest possible overlap P = 1, above the largest P = 0.
  CHECK(hypergeometric_upper_tail(10, 4, 5, 0) == 1.0);
  CHECK(hypergeometric_upper_tail(10, 8, 5, 3) == 1.0);
  CHECK(hypergeometric_upper_tail(10, 4, 5, 5) == 0.0);
  CHECK(hypergeometric_upper_tail(1000, 4, 5, 5) == 0.0);
  CHECK(hypergeometric_upper_tail(1000, 4, 5, 4) > 0.0);
  CHECK_THROWS_AS((void)hypergeometric_upper_tail(10, 11, 2, 1), InvalidArgument);
  CHECK_THROWS_AS((void)hypergeometric_upper_tail(10, 2, 11, 1), InvalidArgument);
}

TEST_CASE("hypergeometric upper tail agrees with a naive sum on random cases") {
  // Naive reference: every term from lgamma in double, summed in order.
  const auto naive = [](std::uint64_t n_all, std::uint64_t k_all, std::uint64_t n,
                        std::uint64_t k) {
    const auto lc = [](double a, double b) {
      return std::lgamma(a + 1) - std::lgamma(b + 1) - std::lgamma(a - b + 1);
    };
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    double sum = 0;
    for (std::uint64_t i = k; i <= std::min(k_all, n); ++i) {
      if (n - i > n_all - k_all) continue;
      sum += std::exp(lc(d(k_all), d(i)) + lc(d(n_all - k_all), d(n - i)) - lc(d(n_all), d(n)));
    }
    return std::min(sum, 1.0);
  };
  const char* seed_text = std::getenv("CITEGRAPH_TEST_SEED");
  const unsigned seed = seed_text != nullptr ? static_cast<unsigned>(std::stoul(seed_text)) : 42U;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 300; ++trial) {
    const std::uint64_t n_all = std::uniform_int_distribution<std::uint64_t>(1, 400)(rng);
    std::uniform_int_distribution<std::uint64_t> part(0, n_all);
    const std::uint64_t k_all = part(rng);
    const std::uint64_t n = part(rng);
    const std::uint64_t k =
        std::uniform_int_distribution<std::uint64_t>(0, std::min(k_all, n) + 1)(rng);
    CAPTURE(n_all);
    CAPTURE(k_all);
    CAPTURE(n);
    CAPTURE(k);
    const double want = naive(n_all, k_all, n, k);
    const double got = hypergeometric_upper_tail(n_all, k_all, n, k);
    CHECK(got >= 0.0);
    CHECK(got <= 1.0);
    if (want > 1e-250) CHECK(std::abs(got - want) <= 1e-9 * want);
  }
}

TEST_CASE("overlap: golden figures on three corpora") {
  OverlapGraphMaker g({"A", "B", "C"});
  const NodeId w1 = g.work("J1", 2001);
  const NodeId w2 = g.work("J1", 2002);
  const NodeId w3 = g.work("J2.", 2002);
  const NodeId w4 = g.work("J3", 2003);
  const NodeId w5 = g.work("", 0);
  const NodeId w6 = g.work("J1", 2002);
  const NodeId w7 = g.work("J9", 2010);
  const NodeId w8 = g.work("J9", 2011);
  const NodeId w9 = g.work("J10", 2011);
  const NodeId w10 = g.work("J11", 0);

  SourceMeta ma = meta_with_list();
  ma.keywords = {"Systemic sclerosis", "Stem cells"};
  ma.mesh = {"Scleroderma, Systemic/*therapy", "*Mesenchymal Stem Cell Transplantation"};
  ma.affiliations = {"Dept X, Tehran University of Medical Sciences, Tehran, Iran."};
  ma.references_listed = 3;
  const NodeId sa = g.source(kA, ma, "Stem cells in systemic sclerosis");

  SourceMeta mb = meta_with_list();
  mb.keywords = {"systemic sclerosis "};
  mb.mesh = {"Mesenchymal Stem Cell Transplantation/methods"};
  mb.abstract = "The cells of lupus.";
  mb.affiliations = {"48439 Tehran University of Medical sciences , Tehran, Iran",
                     "Harvard Medical School, Boston, MA 02115, USA"};
  mb.references_listed = 4;
  const NodeId sb = g.source(kB, mb);
  const NodeId sb2 = g.source(kB, meta_with_list());
  const NodeId sc = g.source(kC, meta_with_list());

  for (NodeId w : {w1, w2, w3}) g.cite(sa, w);
  for (NodeId w : {w2, w3, w4, w5}) g.cite(sb, w);
  g.cite(sb2, w2);
  for (NodeId w : {w6, w7, w8, w9, w10}) g.cite(sc, w);

  const OverlapResult r = overlap(g.build());
  REQUIRE(r.corpora.size() == 3);
  REQUIRE(r.pairs.size() == 3);
  CHECK(std::tie(r.pairs[0].x, r.pairs[0].y) == std::make_tuple(std::size_t{0}, std::size_t{1}));
  CHECK(std::tie(r.pairs[1].x, r.pairs[1].y) == std::make_tuple(std::size_t{0}, std::size_t{2}));
  CHECK(std::tie(r.pairs[2].x, r.pairs[2].y) == std::make_tuple(std::size_t{1}, std::size_t{2}));

  CHECK(r.universe[0] == 10);  // references
  CHECK(r.universe[1] == 6);   // J1 J2 J3 J9 J10 J11
  CHECK(r.universe[2] == 5);   // 2001 2002 2003 2010 2011

  const CorpusProfile& b = r.corpora[1];
  CHECK(b.name == "B");
  CHECK(b.sources == 2);
  CHECK(b.sources_with_reference_list == 2);
  CHECK(b.references_listed == 4);
  CHECK(b.citations == 5);
  CHECK(b.cited_works == 4);
  CHECK(b.cited_works_without_journal == 1);
  CHECK(b.cited_works_without_year == 1);
  CHECK(r.corpora[2].cited_works_without_year == 1);
  CHECK(b.references_known());

  const CorpusPairOverlap& ab = r.pairs[0];
  const SetOverlap& refs = ab[OverlapFacet::kReferences];
  CHECK(refs.size_x == 3u);
  CHECK(refs.size_y == 4u);
  CHECK(refs.shared == 2u);
  CHECK(refs.union_size == 5u);
  CHECK(refs.jaccard == doctest::Approx(0.4));
  CHECK(refs.cosine == doctest::Approx(2.0 / std::sqrt(12.0)));
  CHECK(refs.overlap_coefficient == doctest::Approx(2.0 / 3.0));
  // N = 10, K = 3, n = 4: (C(3,2)C(7,2) + C(3,3)C(7,1)) / C(10,4) = 70 / 210.
  CHECK(refs.p_value == doctest::Approx(1.0 / 3.0));
  CHECK(refs.universe == 10);
  CHECK(refs.missing_reason.empty());

  const SetOverlap& journals = ab[OverlapFacet::kJournals];
  CHECK(journals.size_x == 2u);
  CHECK(journals.size_y == 3u);
  CHECK(journals.shared == 2u);
  CHECK(journals.jaccard == doctest::Approx(2.0 / 3.0));
  CHECK(journals.cosine == doctest::Approx(2.0 / std::sqrt(6.0)));
  CHECK(journals.overlap_coefficient == doctest::Approx(1.0));
  // N = 6, K = 2, n = 3: C(2,2)C(4,1) / C(6,3) = 4 / 20.
  CHECK(journals.p_value == doctest::Approx(0.2));

  const SetOverlap& years = ab[OverlapFacet::kYears];
  CHECK(years.size_x == 2u);
  CHECK(years.size_y == 2u);
  CHECK(years.shared == 1u);
  CHECK(years.jaccard == doctest::Approx(1.0 / 3.0));
  // N = 5, K = 2, n = 2: 1 - C(3,2) / C(5,2) = 0.7.
  CHECK(years.p_value == doctest::Approx(0.7));

  const SetOverlap& subjects = ab[OverlapFacet::kSubjects];
  CHECK(subjects.size_x ==
        4u);  // systemic sclerosis, stem cells, "scleroderma, systemic", MSC transplantation
  CHECK(subjects.size_y == 2u);
  CHECK(subjects.shared == 2u);
  CHECK(subjects.jaccard == doctest::Approx(0.5));
  CHECK(subjects.p_value == doctest::Approx(1.0));

  const SetOverlap& terms = ab[OverlapFacet::kTerms];
  CHECK(terms.size_x == 4u);  // stem cell systemic sclerosis
  CHECK(terms.size_y == 2u);  // cell lupus
  CHECK(terms.shared == 1u);
  CHECK(terms.overlap_coefficient == doctest::Approx(0.5));

  const SetOverlap& inst = ab[OverlapFacet::kInstitutions];
  CHECK(inst.size_x == 1u);
  CHECK(inst.size_y == 2u);
  CHECK(inst.shared == 1u);
  CHECK(inst.jaccard == doctest::Approx(0.5));
  CHECK(inst.universe == 2);

  // A and C share no works: every figure is defined and says so.
  const SetOverlap& ac = r.pairs[1][OverlapFacet::kReferences];
  CHECK(ac.shared == 0u);
  CHECK(ac.jaccard == doctest::Approx(0.0));
  CHECK(ac.cosine == doctest::Approx(0.0));
  CHECK(ac.p_value == doctest::Approx(1.0));
  // C has no keywords: Jaccard is 0 / |A|, the rest is undefined, with the reason.
  const SetOverlap& ac_subjects = r.pairs[1][OverlapFacet::kSubjects];
  CHECK(ac_subjects.size_y == 0u);
  CHECK(ac_subjects.jaccard == doctest::Approx(0.0));
  CHECK_FALSE(ac_subjects.cosine);
  CHECK_FALSE(ac_subjects.overlap_coefficient);
  CHECK_FALSE(ac_subjects.p_value);
  CHECK(ac_subjects.missing_reason == "C: its sources carry no keywords or MeSH headings");
  CHECK(r.pairs[1][OverlapFacet::kTerms].missing_reason ==
        "C: its sources carry no title or abstract");
  CHECK(r.pairs[1][OverlapFacet::kInstitutions].missing_reason ==
        "C: its sources carry no affiliations");

  // Shared works: w2 and w3, by A and B; w2 has three citing sources.
  REQUIRE(r.shared_works.size() == 2);
  CHECK(r.shared_works[0].node == w2);
  CHECK(r.shared_works[0].cited_by == (kA | kB));
  CHECK(r.shared_works[0].citing_sources == 3);
  CHECK(r.shared_works[1].node == w3);
  CHECK(r.shared_works[1].citing_sources == 2);

  OverlapParams no_list;
  no_list.list_shared_works = false;
  CHECK(overlap(g.build(), no_list).shared_works.empty());
}

TEST_CASE("overlap: a corpus whose inputs carry no reference list") {
  OverlapGraphMaker g({"SSc", "SLE"});
  SourceMeta ssc_meta = meta_with_list();
  for (const auto& line : seed_affiliations("000_6583a983e76283fa.txt")) {
    ssc_meta.affiliations.push_back(line);
  }
  const NodeId ssc = g.source(kA, ssc_meta);
  for (int i = 0; i < 5; ++i) g.cite(ssc, g.work("J Invest Dermatol", 2017));
  SourceMeta sle_meta;  // has_reference_list = false: the legacy page carries none
  sle_meta.keywords = {"Mesenchymal stem cell", "senescence", "systemic lupus erythematosus"};
  for (const auto& line : seed_affiliations("003_634ac85d96d18530.txt")) {
    sle_meta.affiliations.push_back(line);
  }
  (void)g.source(kB, sle_meta);

  const OverlapResult r = overlap(g.build());
  REQUIRE(r.pairs.size() == 1);
  const CorpusProfile& sle = r.corpora[1];
  CHECK(sle.sources == 1);
  CHECK(sle.sources_with_reference_list == 0);
  CHECK(sle.citations == 0);
  CHECK_FALSE(sle.references_known());
  CHECK_FALSE(sle.facet_size[0]);
  CHECK(sle.facet_note[0] == "SLE: the inputs carry no reference list for its sources");
  CHECK(sle.facet_size[5] == 3u);

  for (const OverlapFacet f :
       {OverlapFacet::kReferences, OverlapFacet::kJournals, OverlapFacet::kYears}) {
    const SetOverlap& o = r.pairs[0][f];
    CHECK(o.size_x == (f == OverlapFacet::kReferences ? 5u : 1u));
    CHECK_FALSE(o.size_y);
    CHECK_FALSE(o.shared);
    CHECK_FALSE(o.union_size);
    CHECK_FALSE(o.jaccard);
    CHECK_FALSE(o.cosine);
    CHECK_FALSE(o.overlap_coefficient);
    CHECK_FALSE(o.p_value);
    CHECK(o.missing_reason == "SLE: the inputs carry no reference list for its sources");
  }
  // The corpora still compare on their own metadata: Tehran University of Medical Sciences.
  const SetOverlap& inst = r.pairs[0][OverlapFacet::kInstitutions];
  CHECK(inst.size_x == 2u);
  CHECK(inst.size_y == 3u);
  CHECK(inst.shared == 1u);
  CHECK(inst.jaccard == doctest::Approx(0.25));
  CHECK(inst.universe == 4);
  // N = 4, K = 2, n = 3: the overlap is at least 1 by necessity.
  CHECK(inst.p_value == doctest::Approx(1.0));
  CHECK(r.pairs[0][OverlapFacet::kSubjects].missing_reason ==
        "SSc: its sources carry no keywords or MeSH headings");
  CHECK(r.shared_works.empty());
}

TEST_CASE("overlap: edge cases") {
  SUBCASE("no corpora") {
    OverlapGraphMaker g({});
    (void)g.work("J", 2000);
    const OverlapResult r = overlap(g.build());
    CHECK(r.corpora.empty());
    CHECK(r.pairs.empty());
    CHECK(r.shared_works.empty());
    CHECK(overlap(CitationGraph{}).pairs.empty());
  }
  SUBCASE("one corpus") {
    OverlapGraphMaker g({"only"});
    const NodeId s = g.source(kA, meta_with_list());
    g.cite(s, g.work("J", 2000));
    const OverlapResult r = overlap(g.build());
    REQUIRE(r.corpora.size() == 1);
    CHECK(r.pairs.empty());
    CHECK(r.corpora[0].cited_works == 1);
    CHECK(r.universe[0] == 1);
  }
  SUBCASE("an empty corpus and a corpus that cites nothing") {
    OverlapGraphMaker g({"full", "empty", "silent"});
    const NodeId s = g.source(kA, meta_with_list());
    g.cite(s, g.work("J", 2000));
    (void)g.source(kC, meta_with_list());
    const OverlapResult r = overlap(g.build());
    REQUIRE(r.pairs.size() == 3);
    const SetOverlap& with_empty = r.pairs[0][OverlapFacet::kReferences];
    CHECK(with_empty.size_y == 0u);
    CHECK(with_empty.shared == 0u);
    CHECK(with_empty.jaccard == doctest::Approx(0.0));
    CHECK_FALSE(with_empty.p_value);
    CHECK(with_empty.missing_reason == "empty: the corpus has no sources");
    const SetOverlap& with_silent = r.pairs[1][OverlapFacet::kReferences];
    CHECK(with_silent.missing_reason == "silent: its sources cite no works");
    // Both sets empty: even Jaccard is undefined, and both reasons are given.
    const SetOverlap& both = r.pairs[2][OverlapFacet::kReferences];
    CHECK(both.shared == 0u);
    CHECK_FALSE(both.jaccard);
    CHECK(both.missing_reason ==
          "empty: the corpus has no sources; silent: its sources cite no works");
  }
  SUBCASE("cited works without journal or year") {
    OverlapGraphMaker g({"X", "Y"});
    const NodeId x = g.source(kA, meta_with_list());
    const NodeId y = g.source(kB, meta_with_list());
    const NodeId w = g.work("", 0);
    g.cite(x, w);
    g.cite(y, w);
    const OverlapResult r = overlap(g.build());
    CHECK(r.pairs[0][OverlapFacet::kReferences].p_value == doctest::Approx(1.0));
    CHECK(r.pairs[0][OverlapFacet::kJournals].missing_reason ==
          "X: none of its cited works has a known journal; Y: none of its cited works has a known "
          "journal");
    CHECK(r.pairs[0][OverlapFacet::kYears].size_x == 0u);
    REQUIRE(r.shared_works.size() == 1);
    CHECK(r.shared_works[0].node == w);
  }
  SUBCASE("invalid parameters") {
    OverlapParams p;
    p.terms.min_term_length = 65;
    CHECK_THROWS_AS(p.validate(), InvalidArgument);
    CHECK_THROWS_AS((void)overlap(CitationGraph{}, p), InvalidArgument);
  }
}

TEST_CASE("text_facets per corpus") {
  OverlapGraphMaker g({"A", "B"});
  SourceMeta m;
  m.keywords = {"Fibrosis", "fibrosis "};
  m.affiliations = {"Tehran University of Medical Sciences"};
  m.abstract = "Fibrosis of the skin.";
  (void)g.source(kA | kB, m, "Skin fibrosis");
  const CitationGraph graph = g.build();
  const TextFacets a = text_facets(graph, 0);
  CHECK(a.sources == 1);
  CHECK(a.sources_with_subjects == 1);
  CHECK(a.subjects == std::vector<std::string>{"fibrosis"});
  CHECK(a.terms == std::vector<std::string>{"fibrosis", "skin"});
  CHECK(a.institutions == std::vector<std::string>{"Tehran University of Medical Sciences"});
  CHECK(text_facets(graph, 1).terms == a.terms);
  CHECK_THROWS_AS((void)text_facets(graph, 2), InvalidArgument);
  CHECK(facet_name(OverlapFacet::kSubjects) == "keywords");
}
