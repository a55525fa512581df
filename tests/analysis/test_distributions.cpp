// Tests of the distributions pass (analysis/distributions): journal shares, competition ranks
// and Bradford zones, the year histogram with RPYS, citation age and the Price index — golden
// values on hand-made graphs, edge cases, and the SSc seed review's 131 references as a star.
#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/analysis/distributions.hpp"
#include "citegraph/graph/error.hpp"
#include "tests/analysis/graph_maker.hpp"

using namespace citegraph;

namespace {

// Sources of the distributions tests are works of "Review J" with a reference list by default.
class DistGraphMaker : public test::GraphMaker {
 public:
  explicit DistGraphMaker(std::vector<std::string> corpora) : GraphMaker(std::move(corpora)) {}
  using GraphMaker::source;
  NodeId source(CorpusSet corpora, std::int32_t year, bool has_reference_list = true) {
    SourceMeta m;
    m.has_reference_list = has_reference_list;
    return source(corpora, std::move(m), "Review J", year);
  }
};

// Cites `count` new works of `journal` published in `year`.
void cite_many(DistGraphMaker& g, NodeId source, const std::string& journal, std::int32_t year,
               int count) {
  for (int i = 0; i < count; ++i) g.cite(source, g.work(journal, year));
}

const YearRow* find_year(const CorpusDistribution& d, std::int32_t year) {
  for (const auto& row : d.years) {
    if (row.year == year) return &row;
  }
  return nullptr;
}

constexpr CorpusSet kA = 1;
constexpr CorpusSet kB = 2;

}  // namespace

TEST_CASE("distributions: journal shares, competition ranks and Bradford zones (9 journals)") {
  DistGraphMaker g({"A"});
  const NodeId s = g.source(kA, 2020);
  // Inserted out of order on purpose: the table's order must come from counts, then names.
  const std::vector<std::pair<std::string, int>> counts = {{"Theta", 2}, {"Zeta", 10}, {"Gamma", 1},
                                                           {"Alpha", 6}, {"Kappa", 3}, {"Mu", 5},
                                                           {"Iota", 1},  {"Beta", 4},  {"Eta", 2}};
  for (const auto& [journal, count] : counts) cite_many(g, s, journal, 2019, count);
  g.cite(s, g.work("", 2019));  // a reference with no journal

  const DistributionResult r = distributions(g.build());
  REQUIRE(r.corpora.size() == 1);
  const CorpusDistribution& d = r.corpora[0];
  CHECK(d.corpus == "A");
  CHECK(d.references == 35);
  CHECK(d.unknown_journal == 1);
  CHECK(d.references_with_journal == 34);
  // T = 34; C(r-1) = 0 10 16 21 25 28 30 32 33: zone 1 while 3 C(r-1) < 34, 2 while < 68.
  const std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t, int>> want = {
      {"Zeta", 10, 1, 1}, {"Alpha", 6, 2, 1}, {"Mu", 5, 3, 2},
      {"Beta", 4, 4, 2},  {"Kappa", 3, 5, 3}, {"Eta", 2, 6, 3},
      {"Theta", 2, 6, 3}, {"Gamma", 1, 8, 3}, {"Iota", 1, 8, 3}};
  REQUIRE(d.journals.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& [journal, count, rank, zone] = want[i];
    CAPTURE(i);
    CHECK(d.journals[i].journal == journal);
    CHECK(d.journals[i].count == count);
    CHECK(d.journals[i].rank == rank);
    CHECK(d.journals[i].bradford_zone == zone);
    CHECK(d.journals[i].share == doctest::Approx(static_cast<double>(count) / 34.0));
  }
  // One corpus: the overall rows are the same.
  CHECK(r.overall.corpus == std::string(kOverallCorpus));
  CHECK(r.overall.references == 35);
  CHECK(r.overall.journals.size() == 9);
  CHECK(r.overall.journals[3].journal == "Beta");
}

TEST_CASE("distributions: Bradford zone borders reached exactly") {
  DistGraphMaker g({"A"});
  const NodeId s = g.source(kA, 2020);
  for (const char* journal : {"C", "A", "B"}) cite_many(g, s, journal, 2000, 3);
  const CorpusDistribution d = distributions(g.build()).corpora[0];
  REQUIRE(d.journals.size() == 3);
  // C(1) = 3 = T/3 exactly: the next journal starts zone 2, and likewise for zone 3.
  CHECK(d.journals[0].journal == "A");
  CHECK(d.journals[0].bradford_zone == 1);
  CHECK(d.journals[1].bradford_zone == 2);
  CHECK(d.journals[2].bradford_zone == 3);
  for (const auto& row : d.journals) CHECK(row.rank == 1);
}

TEST_CASE("distributions: year histogram and RPYS") {
  DistGraphMaker g({"A"});
  const NodeId s = g.source(kA, 2020);
  cite_many(g, s, "J", 2000, 1);
  cite_many(g, s, "J", 2001, 3);
  cite_many(g, s, "J", 2003, 2);
  cite_many(g, s, "J", 2004, 5);
  cite_many(g, s, "J", 0, 1);
  const CorpusDistribution d = distributions(g.build()).corpora[0];
  CHECK(d.unknown_year == 1);
  // N = 1 3 0 2 5 over 2000..2004, zero-padded: medians of five-year windows 0 1 2 2 0.
  const std::vector<std::tuple<std::int32_t, std::uint64_t, std::uint64_t, std::int64_t>> want = {
      {2000, 1, 0, 1}, {2001, 3, 1, 2}, {2002, 0, 2, -2}, {2003, 2, 2, 0}, {2004, 5, 0, 5}};
  REQUIRE(d.years.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(d.years[i].year == std::get<0>(want[i]));
    CHECK(d.years[i].count == std::get<1>(want[i]));
    CHECK(d.years[i].rpys_median == std::get<2>(want[i]));
    CHECK(d.years[i].rpys_deviation == std::get<3>(want[i]));
  }
}

TEST_CASE("distributions: citation age, median and Price index") {
  DistGraphMaker g({"A", "B"});
  const NodeId a = g.source(kA, 2020);
  for (const std::int32_t year : {2019, 2015, 2014, 2010, 2021, 0}) g.cite(a, g.work("J", year));
  const NodeId b = g.source(kB, 2020);
  for (const std::int32_t year : {2018, 2016}) g.cite(b, g.work("J", year));
  const DistributionResult r = distributions(g.build());

  // Ages 1 5 6 10 -1: median 5; ages <= 5 are 1, 5 and -1.
  const CorpusDistribution& da = r.corpora[0];
  CHECK(da.known_age == 5);
  CHECK(da.unknown_age_no_cited_year == 1);
  CHECK(da.unknown_age_no_citing_year == 0);
  CHECK(da.median_age == doctest::Approx(5.0));
  CHECK(da.min_age == -1);
  CHECK(da.max_age == 10);
  CHECK(da.within_price_window == 3);
  CHECK(da.price_index == doctest::Approx(0.6));
  CHECK(da.age_missing_reason.empty());

  // Ages 2 and 4: an even count takes the mean of the middle two.
  const CorpusDistribution& db = r.corpora[1];
  CHECK(db.median_age == doctest::Approx(3.0));
  CHECK(db.price_index == doctest::Approx(1.0));

  // Overall: ages -1 1 2 4 5 6 10, median 4, 5 of 7 within five years.
  CHECK(r.overall.references == 8);
  CHECK(r.overall.known_age == 7);
  CHECK(r.overall.median_age == doctest::Approx(4.0));
  CHECK(r.overall.price_index == doctest::Approx(5.0 / 7.0));
}

TEST_CASE("distributions: citing-year overrides") {
  DistGraphMaker g({"A", "B"});
  const NodeId a = g.source(kA, 0);  // the record states no year
  g.cite(a, g.work("J", 2015));
  g.cite(a, g.work("J", 2010));
  const NodeId both = g.source(kA | kB, 0);
  g.cite(both, g.work("J", 2016));

  SUBCASE("without an override the age is unknown, not guessed") {
    const DistributionResult r = distributions(g.build());
    CHECK(r.corpora[0].known_age == 0);
    CHECK(r.corpora[0].unknown_age_no_citing_year == 3);
    CHECK_FALSE(r.corpora[0].median_age);
    CHECK_FALSE(r.corpora[0].price_index);
    CHECK(r.corpora[0].age_missing_reason ==
          "A: the citing year is unknown (no year in the sources' records and no --year "
          "override)");
    CHECK(r.corpora[0].missing_reason.empty());
  }
  SUBCASE("the corpus's override supplies the citing year") {
    DistributionParams p;
    p.citing_year_override = {2020, std::nullopt};
    const DistributionResult r = distributions(g.build(), p);
    // A: ages 5 10 4.
    CHECK(r.corpora[0].known_age == 3);
    CHECK(r.corpora[0].citing_year_from_override == 3);
    CHECK(r.corpora[0].median_age == doctest::Approx(5.0));
    CHECK(r.corpora[0].price_index == doctest::Approx(2.0 / 3.0));
    CHECK(r.corpora[1].known_age == 0);
    CHECK(r.corpora[1].unknown_age_no_citing_year == 1);
    CHECK(r.overall.known_age == 3);
  }
  SUBCASE("overall takes the lowest-index corpus of the edge that has an override") {
    DistributionParams p;
    p.citing_year_override = {std::nullopt, 2019};
    const DistributionResult r = distributions(g.build(), p);
    CHECK(r.corpora[0].known_age == 0);
    CHECK(r.corpora[1].known_age == 1);
    CHECK(r.corpora[1].median_age == doctest::Approx(3.0));
    CHECK(r.overall.known_age == 1);
    CHECK(r.overall.unknown_age_no_citing_year == 2);
    CHECK(r.overall.median_age == doctest::Approx(3.0));
  }
  SUBCASE("the source's own year wins over an override") {
    DistGraphMaker h({"A"});
    const NodeId s = h.source(kA, 2000);
    h.cite(s, h.work("J", 1990));
    DistributionParams p;
    p.citing_year_override = {2020};
    const CorpusDistribution d = distributions(h.build(), p).corpora[0];
    CHECK(d.median_age == doctest::Approx(10.0));
    CHECK(d.citing_year_from_override == 0);
  }
}

TEST_CASE("distributions: the overall row counts each edge once") {
  DistGraphMaker g({"A", "B"});
  const NodeId s = g.source(kA | kB, 2020);
  cite_many(g, s, "J", 2018, 2);
  const NodeId t = g.source(kB, 2020);
  cite_many(g, t, "K", 2017, 1);
  const DistributionResult r = distributions(g.build());
  CHECK(r.corpora[0].references == 2);
  CHECK(r.corpora[1].references == 3);
  CHECK(r.overall.references == 3);
  REQUIRE(r.overall.journals.size() == 2);
  CHECK(r.overall.journals[0].journal == "J");
  CHECK(r.overall.journals[0].count == 2);
  CHECK(r.overall.journals[0].share == doctest::Approx(2.0 / 3.0));
  REQUIRE(r.overall.years.size() == 2);
  CHECK(r.overall.years[1].count == 2);
}

TEST_CASE("distributions: edge cases") {
  SUBCASE("an empty graph") {
    const DistributionResult r = distributions(CitationGraph{});
    CHECK(r.corpora.empty());
    CHECK(r.overall.corpus == "*");
    CHECK(r.overall.references == 0);
    CHECK(r.overall.journals.empty());
    CHECK(r.overall.years.empty());
    CHECK_FALSE(r.overall.price_index);
    CHECK(r.overall.missing_reason == "*: the graph has no citations");
  }
  SUBCASE("no corpora: the overall row still counts every edge") {
    DistGraphMaker g({});
    const NodeId s = g.source(0, 2020);
    g.cite(s, g.work("J", 2019));
    const DistributionResult r = distributions(g.build());
    CHECK(r.corpora.empty());
    CHECK(r.overall.references == 1);
    CHECK(r.overall.price_index == doctest::Approx(1.0));
  }
  SUBCASE("an empty corpus, a corpus without reference lists, all years unknown") {
    DistGraphMaker g({"SSc", "empty", "SLE", "undated"});
    const NodeId ssc = g.source(1, 2021);
    g.cite(ssc, g.work("J", 2017));
    (void)g.source(4, 2018, /*has_reference_list=*/false);
    const NodeId undated = g.source(8, 2020);
    cite_many(g, undated, "J", 0, 3);
    const DistributionResult r = distributions(g.build());
    REQUIRE(r.corpora.size() == 4);
    CHECK(r.corpora[0].references == 1);
    CHECK(r.corpora[0].missing_reason.empty());
    CHECK(r.corpora[1].missing_reason == "empty: the corpus has no sources");
    CHECK(r.corpora[1].references == 0);
    const CorpusDistribution& sle = r.corpora[2];
    CHECK(sle.references == 0);
    CHECK(sle.journals.empty());
    CHECK(sle.years.empty());
    CHECK_FALSE(sle.median_age);
    CHECK_FALSE(sle.price_index);
    CHECK(sle.missing_reason == "SLE: the inputs carry no reference list for its sources");
    CHECK(sle.age_missing_reason == sle.missing_reason);
    const CorpusDistribution& u = r.corpora[3];
    CHECK(u.references == 3);
    CHECK(u.unknown_year == 3);
    CHECK(u.years.empty());
    CHECK(u.journals.size() == 1);
    CHECK(u.unknown_age_no_cited_year == 3);
    CHECK_FALSE(u.median_age);
    CHECK(u.age_missing_reason == "undated: no reference has both a citing and a cited year");
    CHECK(r.overall.references == 4);
    CHECK(r.overall.unknown_year == 3);
  }
  SUBCASE("a source with a list that cites nothing") {
    DistGraphMaker g({"X"});
    (void)g.source(1, 2020);
    CHECK(distributions(g.build()).corpora[0].missing_reason == "X: its sources cite no works");
  }
  SUBCASE("invalid parameters") {
    DistributionParams p;
    p.citing_year_override = {99};
    CHECK_THROWS_AS(p.validate(), InvalidArgument);
    p.citing_year_override = {2020, 2021};
    CHECK_NOTHROW(p.validate());
    DistGraphMaker g({"only"});
    CHECK_THROWS_AS((void)distributions(g.build(), p), InvalidArgument);
  }
}

TEST_CASE("distributions: the SSc seed review's 131 references as a star") {
  std::ifstream in(std::string(CITEGRAPH_TEST_DATA) + "/seeds/000_6583a983e76283fa.txt");
  REQUIRE(in.good());
  // "  32. J Invest Dermatol. 2017 Jun;137(6):1223-1233 [PMID: 28132855]",
  // "  57. Iran Biomed J. ;21(5):282-3 [PMID: 28558437]" (no year).
  const std::regex reference(R"(^\s+\d+\.\s+(.*?)\.\s+(\d{4})?.*\[PMID: \d+\]\s*$)");
  DistGraphMaker g({"SSc"});
  const NodeId review = g.source(1, 0);  // the page states no year of its own
  std::string line;
  int parsed = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, reference)) continue;
    const std::int32_t year = m[2].matched ? std::stoi(m[2].str()) : 0;
    g.cite(review, g.work(m[1].str(), year));
    ++parsed;
  }
  REQUIRE(parsed == 131);

  DistributionParams p;
  p.citing_year_override = {2021};
  const DistributionResult r = distributions(g.build(), p);
  const CorpusDistribution& d = r.corpora[0];
  CHECK(d.references == 131);
  REQUIRE(!d.journals.empty());
  CHECK(d.journals[0].journal == "J Invest Dermatol");
  CHECK(d.journals[0].count == 6);
  CHECK(d.journals[0].rank == 1);
  CHECK(d.journals[1].journal == "Arthritis Res Ther");  // 5, tied with Front Immunol
  CHECK(d.journals[1].rank == 2);
  CHECK(d.journals[2].journal == "Front Immunol");
  CHECK(d.journals[2].rank == 2);
  CHECK(d.journals.size() == 91);
  int zones[4] = {0, 0, 0, 0};
  for (const auto& row : d.journals) ++zones[row.bradford_zone];
  CHECK(zones[1] == 13);
  CHECK(zones[2] == 35);
  CHECK(zones[3] == 43);

  CHECK(d.unknown_year == 1);
  const auto most =
      std::max_element(d.years.begin(), d.years.end(),
                       [](const YearRow& x, const YearRow& y) { return x.count < y.count; });
  REQUIRE(most != d.years.end());
  CHECK(most->year == 2017);
  CHECK(most->count == 20);
  CHECK(most->rpys_median == 11);
  CHECK(most->rpys_deviation == 9);
  CHECK(d.years.front().year == 1989);
  CHECK(d.years.back().year == 2021);
  CHECK(d.years.size() == 33);
  REQUIRE(find_year(d, 1990) != nullptr);
  CHECK(find_year(d, 1990)->count == 0);

  // Ages against the --year override 2021: 130 known, median 6, 60 within five years.
  CHECK(d.known_age == 130);
  CHECK(d.unknown_age_no_cited_year == 1);
  CHECK(d.citing_year_from_override == 131);
  CHECK(d.median_age == doctest::Approx(6.0));
  CHECK(d.within_price_window == 60);
  CHECK(d.price_index == doctest::Approx(60.0 / 130.0));
}
