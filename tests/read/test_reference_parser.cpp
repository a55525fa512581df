#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/read/reference_parser.hpp"

using citegraph::Reference;
using citegraph::io::parse_nlm_reference;
using citegraph::io::ReferenceParse;

namespace {

Reference parse_ok(std::string_view text) {
  Reference reference;
  const ReferenceParse parse = parse_nlm_reference(text, reference);
  INFO("text: ", text, " error: ", parse.error, " column: ", parse.column);
  REQUIRE(parse.ok);
  CHECK(parse.error.empty());
  return reference;
}

struct Expected {
  std::string journal;
  std::optional<int> year;
  std::string volume;
  std::string issue;
  std::string pages;
  std::optional<citegraph::Pmid> pmid;
  std::string doi;
};

void check_fields(std::string_view text, const Expected& expected) {
  const Reference r = parse_ok(text);
  INFO("text: ", text);
  CHECK(r.journal == expected.journal);
  CHECK(r.year == expected.year);
  CHECK(r.volume == expected.volume);
  CHECK(r.issue == expected.issue);
  CHECK(r.pages == expected.pages);
  CHECK(r.ids.pmid == expected.pmid);
  CHECK(r.ids.doi == expected.doi);
}

ReferenceParse parse_fail(std::string_view text) {
  Reference reference;
  const ReferenceParse parse = parse_nlm_reference(text, reference);
  INFO("text: ", text);
  CHECK_FALSE(parse.ok);
  CHECK_FALSE(parse.error.empty());
  return parse;
}

// The numbered reference list of the new-layout seed: the last run of "  N. " lines that
// starts again at 1 (the first run is the author affiliations).
std::vector<std::string> seed_reference_texts() {
  std::ifstream in(std::string(CITEGRAPH_TEST_DATA) + "/seeds/000_6583a983e76283fa.txt");
  REQUIRE(in.good());
  std::vector<std::string> run;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t pos = 0;
    while (pos < line.size() && line[pos] == ' ') ++pos;
    const std::size_t digits = pos;
    while (pos < line.size() && line[pos] >= '0' && line[pos] <= '9') ++pos;
    if (pos == digits || line.compare(pos, 2, ". ") != 0) continue;
    if (std::stoul(line.substr(digits, pos - digits)) == 1) run.clear();
    run.push_back(line.substr(pos + 2));
  }
  return run;
}

}  // namespace

TEST_CASE("reference parser: the standard form") {
  check_fields("J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]",
               {"J Clin Invest", 2002, "109", "3", "337-46", 11827993u, ""});
  const Reference r = parse_ok("  J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]  ");
  CHECK(r.citation == "J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]");
}

TEST_CASE("reference parser: dates") {
  SUBCASE("year only") {
    check_fields("Arthritis Res Ther. 2007;9(2):206 [PMID: 17367542]",
                 {"Arthritis Res Ther", 2007, "9", "2", "206", 17367542u, ""});
  }
  SUBCASE("month and day") {
    check_fields("Med J Islam Repub Iran. 2015 Jan 28;29:168 [PMID: 26000262]",
                 {"Med J Islam Repub Iran", 2015, "29", "", "168", 26000262u, ""});
  }
  SUBCASE("spaced month range") {
    check_fields("Curr Res Transl Med. 2017 Jan - Mar;65(1):40-43 [PMID: 28340695]",
                 {"Curr Res Transl Med", 2017, "65", "1", "40-43", 28340695u, ""});
  }
  SUBCASE("month range with a supplement without number") {
    check_fields("Hell J Nucl Med. 2017 Sep-Dec;20 Suppl:164 [PMID: 29324934]",
                 {"Hell J Nucl Med", 2017, "20", "Suppl", "164", 29324934u, ""});
  }
  SUBCASE("season and supplement issue") {
    check_fields("Int J Mol Cell Med. 2019 Winter;8(Suppl1):41-48 [PMID: 32351908]",
                 {"Int J Mol Cell Med", 2019, "8", "Suppl1", "41-48", 32351908u, ""});
  }
  SUBCASE("range across years and full month names") {
    check_fields("Some J. 1998 December-1999 January;12(4):1-9",
                 {"Some J", 1998, "12", "4", "1-9", std::nullopt, ""});
  }
  SUBCASE("missing year") {
    check_fields("Iran Biomed J. ;21(5):282-3 [PMID: 28558437]",
                 {"Iran Biomed J", std::nullopt, "21", "5", "282-3", 28558437u, ""});
  }
  SUBCASE("date only") {
    check_fields("Stem Cell Res Ther. 2020 Mar 4",
                 {"Stem Cell Res Ther", 2020, "", "", "", std::nullopt, ""});
  }
}

TEST_CASE("reference parser: supplements and parts") {
  // Supplements written in the volume move to the issue, the volume keeps the bare number.
  check_fields("Rheumatology (Oxford). 2008 Oct;47 Suppl 5:v18-20 [PMID: 18784130]",
               {"Rheumatology (Oxford)", 2008, "47", "Suppl 5", "v18-20", 18784130u, ""});
  check_fields("Ann Rheum Dis. 2004 Nov;63 Suppl 2:ii96-ii101 [PMID: 15479883]",
               {"Ann Rheum Dis", 2004, "63", "Suppl 2", "ii96-ii101", 15479883u, ""});
  check_fields("J Cell Sci. 2006 Jun 1;119(Pt 11):2204-13 [PMID: 16684817]",
               {"J Cell Sci", 2006, "119", "Pt 11", "2204-13", 16684817u, ""});
  check_fields("Am J Respir Cell Mol Biol. 2003 Sep;29(3 Pt 1):375-80 [PMID: 12676806]",
               {"Am J Respir Cell Mol Biol", 2003, "29", "3 Pt 1", "375-80", 12676806u, ""});
  check_fields("Some J. 2001;5 Pt 2:10-12", {"Some J", 2001, "5", "Pt 2", "10-12", {}, ""});
  // Both forms at once: the supplement comes first, the parenthesised issue after it.
  check_fields("Some J. 2001;26 Suppl 1(5):S1-9",
               {"Some J", 2001, "26", "Suppl 1 (5)", "S1-9", {}, ""});
  // No volume, only an issue (Cochrane style).
  check_fields("Cochrane Database Syst Rev. 2015;(3):CD001234",
               {"Cochrane Database Syst Rev", 2015, "", "3", "CD001234", {}, ""});
}

TEST_CASE("reference parser: pages") {
  SUBCASE("extra segment kept as written") {
    check_fields("J Dtsch Dermatol Ges. 2012 Oct;10(10):705-18; quiz 716 [PMID: 22913330]",
                 {"J Dtsch Dermatol Ges", 2012, "10", "10", "705-18; quiz 716", 22913330u, ""});
  }
  SUBCASE("electronic page ids") {
    check_fields("Cell Stem Cell. 2017 Mar 2;20(3):345-359.e5 [PMID: 28111199]",
                 {"Cell Stem Cell", 2017, "20", "3", "345-359.e5", 28111199u, ""});
    check_fields("PLoS One. 2012;7(9):e45272 [PMID: 23028899]",
                 {"PLoS One", 2012, "7", "9", "e45272", 23028899u, ""});
    check_fields("Sci Adv. 2018 Jul 11;4(7):eaas9944 [PMID: 30009261]",
                 {"Sci Adv", 2018, "4", "7", "eaas9944", 30009261u, ""});
    check_fields(
        "Am J Physiol Lung Cell Mol Physiol. 2017 Jul 1;313(1):L92-L103 [PMID: 28385811]",
        {"Am J Physiol Lung Cell Mol Physiol", 2017, "313", "1", "L92-L103", 28385811u, ""});
  }
  SUBCASE("empty page field") {
    check_fields("J Clin Med. 2019 Nov 14;8(11): [PMID: 31739569]",
                 {"J Clin Med", 2019, "8", "11", "", 31739569u, ""});
  }
  SUBCASE("volume without issue, pages without PMID") {
    check_fields("Stem Cells Int. 2016;2016:2416192",
                 {"Stem Cells Int", 2016, "2016", "", "2416192", std::nullopt, ""});
  }
}

TEST_CASE("reference parser: journal names") {
  check_fields("Front Endocrinol (Lausanne). 2019 Nov 06;10:761 [PMID: 31781036]",
               {"Front Endocrinol (Lausanne)", 2019, "10", "", "761", 31781036u, ""});
  check_fields("Stem Cells Transl Med. 2016 Oct;5(10):1307-1318 [PMID: 27388243]",
               {"Stem Cells Transl Med", 2016, "5", "10", "1307-1318", 27388243u, ""});
  // Periods that end abbreviations are part of the name: only ". " before a year ends it.
  check_fields("J. Biol. Chem. 2012 Nov 30;287(49):41032-43",
               {"J. Biol. Chem", 2012, "287", "49", "41032-43", std::nullopt, ""});
  check_fields("Proc. Natl. Acad. Sci. U.S.A. 1999;96:10711-6",
               {"Proc. Natl. Acad. Sci. U.S.A", 1999, "96", "", "10711-6", std::nullopt, ""});
}

TEST_CASE("reference parser: identifiers") {
  SUBCASE("PMID and DOI tags, DOI lower-cased") {
    check_fields("Lupus. 2018 Jun;27(7):1053-1064. doi: 10.1177/0961203318768889. Epub 2018 Apr 9.",
                 {"Lupus", 2018, "27", "7", "1053-1064", std::nullopt, "10.1177/0961203318768889"});
    check_fields("Nature. 2002;418:41-9. doi: 10.1038/NATURE00870 [PMID: 12077603]",
                 {"Nature", 2002, "418", "", "41-9", 12077603u, "10.1038/nature00870"});
    check_fields("Nature. 2002;418:41-9 doi:10.1038/nature00870",
                 {"Nature", 2002, "418", "", "41-9", std::nullopt, "10.1038/nature00870"});
    check_fields("Nature. 2002;418:41-9. PMID: 12077603",
                 {"Nature", 2002, "418", "", "41-9", 12077603u, ""});
  }
  SUBCASE("PMCID and DOI brackets") {
    const Reference r =
        parse_ok("Cells. 2019 Aug 13;8(8): [PMID: 31412678] [PMCID: pmc6721558] [DOI: 10.3390/X]");
    CHECK(r.ids.pmid == 31412678u);
    CHECK(r.ids.pmcid == "PMC6721558");
    CHECK(r.ids.doi == "10.3390/x");
    CHECK(r.pages.empty());
  }
  SUBCASE("largest PMID") {
    CHECK(parse_ok("A J. 2000;1:1 [PMID: 4294967295]").ids.pmid == 4294967295u);
  }
  SUBCASE("other bracketed notes are ignored") {
    const Reference r = parse_ok("A J. 2000;1:1 [Article in German] [PMID: 7]");
    CHECK(r.pages == "1");
    CHECK(r.ids.pmid == 7u);
  }
}

TEST_CASE("reference parser: a second parse resets the fields") {
  Reference r;
  REQUIRE(parse_nlm_reference("J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]", r).ok);
  REQUIRE(parse_nlm_reference("Iran Biomed J. ;21(5):282-3", r).ok);
  CHECK_FALSE(r.year);
  CHECK_FALSE(r.ids.pmid);
  CHECK(r.journal == "Iran Biomed J");
}

TEST_CASE("reference parser: garbage fails with a column") {
  SUBCASE("empty") {
    CHECK(parse_fail("").column == 1);
    CHECK(parse_fail("   ").column == 1);
  }
  SUBCASE("no journal") {
    const ReferenceParse p = parse_fail(". 2002;1:2");
    CHECK(p.column == 1);
    CHECK(p.error.find("journal") != std::string::npos);
    CHECK(parse_fail("just some words").error.find("journal") != std::string::npos);
    CHECK(parse_fail("[PMID: 123]").error.find("journal") != std::string::npos);
  }
  SUBCASE("malformed PMID") {
    //                          1234567890123456789012345678901234567890123456
    const ReferenceParse p = parse_fail("J Clin Invest. 2002 Feb;109(3):337-46 [PMID: abc]");
    CHECK(p.column == 46);
    CHECK(p.error.find("PMID") != std::string::npos);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: 12x]").column == 24);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: ]").error.find("empty PMID") != std::string::npos);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: 0]").column == 22);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: 4294967296]").column == 22);
    CHECK(parse_fail("A J. 2000;1:1 [PMID 5]").column == 21);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: 5").column == 15);
    CHECK(parse_fail("A J. 2000;1:1 [PMID: 5] [PMID: 6]").error.find("conflicting") !=
          std::string::npos);
  }
  SUBCASE("malformed year") {
    const ReferenceParse p = parse_fail("J Clin Invest. 20177 Feb;109(3):337-46");
    CHECK(p.column == 16);
    CHECK(p.error.find("20177") != std::string::npos);
    CHECK(parse_fail("A J. 201 Feb;1:1").column == 6);
    CHECK(parse_fail("A J. 2017 Feb 123;1:1").column == 15);
    CHECK(parse_fail("A J. 2017 #3;1:1").column == 11);
  }
  SUBCASE("unbalanced issue") {
    CHECK(parse_fail("A J. 2000;1(2:3").column == 12);
    CHECK(parse_fail("A J. 2000;1)2:3").column == 12);
    CHECK(parse_fail("A J. 2000;1(2)x:3").column == 15);
  }
  SUBCASE("malformed DOI") { CHECK(parse_fail("A J. 2000;1:1. doi: nonsense").column == 21); }
}

TEST_CASE("reference parser: all 131 references of the systemic sclerosis seed") {
  const std::vector<std::string> texts = seed_reference_texts();
  REQUIRE(texts.size() == 131);
  std::size_t parsed = 0;
  std::size_t with_pmid = 0;
  std::size_t with_year = 0;
  std::map<std::string, int> journals;
  std::map<int, int> years;
  for (const std::string& text : texts) {
    Reference r;
    const ReferenceParse parse = parse_nlm_reference(text, r);
    INFO(text, " -> ", parse.error);
    CHECK(parse.ok);
    CHECK_FALSE(r.journal.empty());
    parsed += parse.ok ? 1 : 0;
    with_pmid += r.ids.pmid ? 1 : 0;
    if (r.year) {
      ++with_year;
      ++years[*r.year];
    }
    ++journals[r.journal];
  }
  CHECK(parsed == 131);
  CHECK(with_pmid == 131);
  CHECK(with_year == 130);
  CHECK(journals["J Invest Dermatol"] == 6);
  CHECK(journals["Rheumatology (Oxford)"] == 3);
  CHECK(journals["Front Immunol"] == 5);
  CHECK(years[2017] == 20);
}

TEST_CASE("reference parser: every prefix of every seed reference parses or fails located") {
  for (const std::string& text : seed_reference_texts()) {
    for (std::size_t n = 0; n <= text.size(); ++n) {
      const std::string prefix = text.substr(0, n);
      Reference r;
      const ReferenceParse parse = parse_nlm_reference(prefix, r);
      INFO(prefix);
      if (parse.ok) {
        CHECK_FALSE(r.journal.empty());
        CHECK(parse.column == 0);
      } else {
        CHECK(parse.column >= 1);
        CHECK(parse.column <= prefix.size() + 1);
      }
    }
  }
}
