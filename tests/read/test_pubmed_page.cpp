#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/readers.hpp"
#include "read/pubmed_page.hpp"
#include "tests/io_test_support.hpp"

using citegraph::io::parse_pubmed_page;
using namespace citegraph::io_test;

namespace {

const std::string kSscPath = std::string(CITEGRAPH_TEST_DATA) + "/seeds/000_6583a983e76283fa.txt";
const std::string kSlePath = std::string(CITEGRAPH_TEST_DATA) + "/seeds/003_634ac85d96d18530.txt";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

struct Run {
  Diagnostics diagnostics;
  std::vector<Record> records;
};

Run run_page(const std::vector<std::string>& lines, const std::string& path, bool strict = false) {
  Run run;
  ReadOptions options;
  options.strict = strict;
  ReadContext context(options, run.diagnostics);
  parse_pubmed_page(lines, path, context,
                    [&](Record&& record) { run.records.push_back(std::move(record)); });
  return run;
}

// A small new-layout page; reference 2 (line 11) is garbage.
std::vector<std::string> page_with_bad_reference() {
  return {
      "A title.",                                                     // 1
      "",                                                             // 2
      "Ann Author, Bob Builder",                                      // 3
      "Author Information",                                           // 4
      "  1. Ann Author: Somewhere University, Town.",                 // 5
      "  2. Bob Builder: Elsewhere Institute, City. ORCID",           // 6
      "",                                                             // 7
      "An abstract.",                                                 // 8
      "",                                                             // 9
      "  1. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]",  // 10
      "  2. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: abc]",       // 11
      "  3. Iran Biomed J. ;21(5):282-3 [PMID: 28558437]",            // 12
      "",                                                             // 13
      "Similar Articles",                                             // 14
      "  1. Not A Reference. 2001;1:1 [PMID: 1]",                     // 15
  };
}

}  // namespace

TEST_CASE("pubmed page: new layout seed (systemic sclerosis)") {
  const Run run = run_page(read_lines(kSscPath), kSscPath);
  REQUIRE(run.records.size() == 1);
  CHECK(run.diagnostics.skipped() == 0);
  CHECK(run.diagnostics.warnings() == 0);
  const Record& r = run.records[0];
  CHECK(r.where.path == kSscPath);
  CHECK(r.where.line == 1);
  CHECK(r.title ==
        "Mesenchymal stem cell as a novel approach to systemic sclerosis; current status and "
        "future perspectives.");
  CHECK_FALSE(r.ids.pmid);
  CHECK(r.ids.doi.empty());

  REQUIRE(r.authors.size() == 8);
  CHECK(r.authors.front() == "Mina Abedi");
  CHECK(r.authors[5] == "Forough Azam Sayahpour");
  CHECK(r.authors.back() == "Babak Arjmand");

  REQUIRE(r.affiliations.size() == 8);
  CHECK(r.affiliations[0] ==
        "Cell Therapy and Regenerative Medicine Research Center, Endocrinology and Metabolism "
        "Molecular-Cellular Sciences Institute, Tehran University of Medical Sciences, Tehran, "
        "Iran.");  // " ORCID" dropped
  CHECK(r.affiliations[5] ==
        "Department of Stem Cells and Developmental Biology, Cell Science Research Center, Royan "
        "Institute for Stem Cell Biology and Technology, ACECR, Tehran, Iran.");
  for (const std::string& affiliation : r.affiliations) {
    CHECK(affiliation.find("ORCID") == std::string::npos);
    CHECK(affiliation.find(':') == std::string::npos);
  }

  CHECK(r.abstract.starts_with("Systemic sclerosis is a rare chronic autoimmune disease"));
  CHECK(r.abstract.ends_with("mesenchymal stem cell transplantation for systemic sclerosis."));
  CHECK(r.abstract.find("Highcharts") == std::string::npos);
  CHECK(r.keywords.empty());

  CHECK(r.has_reference_list);
  REQUIRE(r.references.size() == 131);
  CHECK(std::all_of(r.references.begin(), r.references.end(),
                    [](const Reference& ref) { return ref.ids.pmid.has_value(); }));

  const Reference& r12 = r.references[11];
  CHECK(r12.journal == "J Clin Invest");
  CHECK(r12.year == 2002);
  CHECK(r12.volume == "109");
  CHECK(r12.issue == "3");
  CHECK(r12.pages == "337-46");
  CHECK(r12.ids.pmid == 11827993u);
  CHECK(r12.citation == "J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]");
  CHECK(r12.where.path == kSscPath);
  CHECK(r12.where.line == 30);
  CHECK(r12.where.column == 7);
  CHECK(r12.where.to_string() == kSscPath + ":30:7");

  const Reference& r57 = r.references[56];
  CHECK(r57.journal == "Iran Biomed J");
  CHECK_FALSE(r57.year);
  CHECK(r57.volume == "21");
  CHECK(r57.issue == "5");
  CHECK(r57.pages == "282-3");
  CHECK(r57.ids.pmid == 28558437u);

  const Reference& r76 = r.references[75];
  CHECK(r76.journal == "Rheumatology (Oxford)");
  CHECK(r76.year == 2008);
  CHECK(r76.volume == "47");
  CHECK(r76.issue == "Suppl 5");
  CHECK(r76.pages == "v18-20");

  const Reference& r131 = r.references[130];
  CHECK(r131.ids.pmid == 30386340u);
  CHECK(r131.where.line == 149);
  CHECK(r131.where.column == 8);
}

TEST_CASE("pubmed page: legacy layout seed (systemic lupus erythematosus)") {
  const Run run = run_page(read_lines(kSlePath), kSlePath);
  REQUIRE(run.records.size() == 1);
  CHECK(run.diagnostics.skipped() == 0);
  CHECK(run.diagnostics.warnings() == 0);
  const Record& r = run.records[0];
  CHECK(r.where.line == 1);
  CHECK(r.ids.doi == "10.1177/0961203318768889");
  CHECK_FALSE(r.ids.pmid);
  CHECK(r.journal == "Lupus");
  CHECK(r.year == 2018);
  CHECK(r.volume == "27");
  CHECK(r.issue == "7");
  CHECK(r.pages == "1053-1064");
  CHECK(r.title ==
        "Mesenchymal stem cell transplantation in systemic lupus erythematous, a mesenchymal stem "
        "cell disorder.");
  CHECK(r.authors.empty());
  REQUIRE(r.affiliations.size() == 3);
  CHECK(r.affiliations[0].starts_with("Department of Medical Immunology, School of Medicine"));
  CHECK(r.affiliations[1].starts_with("Department of Genetics"));
  CHECK(r.affiliations[2].find("Tehran University of Medical Sciences") != std::string::npos);
  CHECK(r.keywords == std::vector<std::string>{"Mesenchymal stem cell", "senescence",
                                               "systemic lupus erythematosus", "treatment"});
  CHECK(r.abstract.starts_with("Systemic lupus erythematosus (SLE) is a chronic autoimmune"));
  CHECK(r.abstract.ends_with("focus on the MSC senescence complications in SLE patients."));
  CHECK(r.abstract.find("Indexed") == std::string::npos);
  CHECK(r.abstract.find("Loading") == std::string::npos);
  CHECK_FALSE(r.has_reference_list);
  CHECK(r.references.empty());
}

TEST_CASE("pubmed page: legacy layout with author line and KEYWORDS prefix") {
  const std::vector<std::string> lines = {
      "Format: Abstract",
      "Send to",
      "",
      "Stem Cells. 2006 May;24(5):1294-301. Epub 2006 Jan 12.",
      "",
      "Some title.",
      "",
      "Smith J1, Doe K2.",
      "",
      "Author information",
      "",
      "1 First Institute, A City.",
      "2 Second Institute, B City.",
      "",
      "Abstract sentence one.",
      "Still the same paragraph.",
      "",
      "KEYWORDS: alpha; beta gamma.",
      "",
      "PMID: 16410387 DOI: 10.1634/stemcells.2005-0342",
      "MeSH terms",
      "Animals",
  };
  const Run run = run_page(lines, "legacy.txt");
  REQUIRE(run.records.size() == 1);
  const Record& r = run.records[0];
  CHECK(r.journal == "Stem Cells");
  CHECK(r.year == 2006);
  // The page's own "PMID: ... DOI: ..." line identifies the article.
  CHECK(r.ids.doi == "10.1634/stemcells.2005-0342");
  CHECK(r.ids.pmid == 16410387u);
  CHECK(r.title == "Some title.");
  CHECK(r.authors == std::vector<std::string>{"Smith J", "Doe K"});
  CHECK(r.affiliations ==
        std::vector<std::string>{"First Institute, A City.", "Second Institute, B City."});
  CHECK(r.abstract == "Abstract sentence one. Still the same paragraph.");
  CHECK(r.keywords == std::vector<std::string>{"alpha", "beta gamma"});
  CHECK(r.mesh.empty());
}

TEST_CASE("pubmed page: the own PMID line, at most 10 characters") {
  const auto page = [](const std::string& pmid_line) {
    return std::vector<std::string>{"Stem Cells. 2006 May;24(5):1294-301. Epub 2006 Jan 12.",
                                    "",
                                    "Some title.",
                                    "",
                                    "Smith J1, Doe K2.",
                                    "",
                                    "Abstract sentence one.",
                                    "",
                                    pmid_line,
                                    "MeSH terms"};
  };
  const auto malformed = [](const Run& run) {
    const auto& groups = run.diagnostics.warning_groups();
    const auto it = groups.find("malformed PMID line");
    return it == groups.end() ? std::uint64_t{0} : it->second.count;
  };
  const std::vector<std::pair<std::string, std::optional<Pmid>>> cases = {
      {"PMID: 0000000042 [Indexed for MEDLINE]", 42u},
      {"PMID: 4294967295", 4294967295u},
      {"PMID: 00000000042", std::nullopt},  // 11 characters: refused though its value is fine
      {"PMID: 4294967296", std::nullopt},
      {"PMID: 0", std::nullopt},
      {"PMID: 12a", std::nullopt},
      {"PMID:", std::nullopt},
  };
  for (const auto& [line, pmid] : cases) {
    CAPTURE(line);
    const Run run = run_page(page(line), "legacy.txt");
    REQUIRE(run.records.size() == 1);
    CHECK(run.records[0].ids.pmid == pmid);
    CHECK(malformed(run) == (pmid ? 0u : 1u));
  }
}

TEST_CASE("pubmed page: a garbage reference line is skipped, the others kept") {
  const Run run = run_page(page_with_bad_reference(), "page.txt");
  REQUIRE(run.records.size() == 1);
  const Record& r = run.records[0];
  CHECK(r.title == "A title.");
  CHECK(r.authors == std::vector<std::string>{"Ann Author", "Bob Builder"});
  CHECK(r.affiliations ==
        std::vector<std::string>{"Somewhere University, Town.", "Elsewhere Institute, City."});
  CHECK(r.abstract == "An abstract.");
  CHECK(r.has_reference_list);
  REQUIRE(r.references.size() == 2);
  CHECK(r.references[0].ids.pmid == 11827993u);
  CHECK(r.references[1].ids.pmid == 28558437u);
  CHECK(r.references[1].where.to_string() == "page.txt:12:6");

  CHECK(run.diagnostics.skipped() == 1);
  CHECK(run.diagnostics.warnings() == 0);
  const auto& skips = run.diagnostics.skips();
  REQUIRE(skips.count("unparsable reference") == 1);
  const auto& group = skips.at("unparsable reference");
  CHECK(group.count == 1);
  REQUIRE(group.examples.size() == 1);
  const citegraph::Issue& issue = group.examples[0];
  // Column of "abc" in "  2. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: abc]".
  CHECK(issue.where.to_string() == "page.txt:11:51");
  CHECK(issue.message.find("PMID") != std::string::npos);
  CHECK(issue.line_text == "  2. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: abc]");
}

TEST_CASE("pubmed page: under --strict a garbage reference throws ParseError") {
  const std::vector<std::string> lines = page_with_bad_reference();
  bool thrown = false;
  try {
    run_page(lines, "page.txt", /*strict=*/true);
  } catch (const ParseError& error) {
    thrown = true;
    CHECK(error.where().path == "page.txt");
    CHECK(error.where().line == 11);
    CHECK(error.where().column == 51);
    CHECK(std::string(error.what()).starts_with("page.txt:11:51: "));
  }
  CHECK(thrown);
}

TEST_CASE("pubmed page: numbering gaps and repeats are warnings") {
  std::vector<std::string> lines = {
      "Title",
      "",
      "  1. A J. 2000;1:1 [PMID: 1]",
      "  3. A J. 2000;1:2 [PMID: 3]",
      "  3. A J. 2000;1:3 [PMID: 4]",
      "  4. A J. 2000;1:4 [PMID: 5]",
  };
  const Run run = run_page(lines, "p.txt");
  REQUIRE(run.records.size() == 1);
  CHECK(run.records[0].references.size() == 4);
  CHECK(run.diagnostics.skipped() == 0);
  CHECK(run.diagnostics.warnings() == 2);
  const auto& group = run.diagnostics.warning_groups().at("list numbering gap or repeat");
  REQUIRE(group.examples.size() == 2);
  CHECK(group.examples[0].where.line == 4);
  CHECK(group.examples[0].message.find("gap") != std::string::npos);
  CHECK(group.examples[1].where.line == 5);
  CHECK(group.examples[1].message.find("repeat") != std::string::npos);
}

TEST_CASE("pubmed page: edge cases") {
  SUBCASE("no title: the record is skipped") {
    const Run run = run_page({"", "   ", ""}, "empty.txt");
    CHECK(run.records.empty());
    CHECK(run.diagnostics.skipped() == 1);
    CHECK(run.diagnostics.skips().count("page without title") == 1);
    CHECK_THROWS_AS(run_page({""}, "empty.txt", /*strict=*/true), ParseError);
  }
  SUBCASE("legacy chrome only: no title") {
    const Run run = run_page({"Send to", "Choose Destination", "Loading ..."}, "chrome.txt");
    CHECK(run.records.empty());
    CHECK(run.diagnostics.skipped() == 1);
  }
  SUBCASE("trailing sections only: no title") {
    const Run run = run_page({"", "Similar Articles", "Some other article."}, "s.txt");
    CHECK(run.records.empty());
    CHECK(run.diagnostics.skipped() == 1);
  }
  SUBCASE("title only") {
    const Run run = run_page({"\xef\xbb\xbfJust a title"}, "t.txt");
    REQUIRE(run.records.size() == 1);
    CHECK(run.records[0].title == "Just a title");
    CHECK(run.records[0].authors.empty());
    CHECK_FALSE(run.records[0].has_reference_list);
    CHECK(run.records[0].references.empty());
  }
  SUBCASE("the list ends at Cited By; the word cloud is ignored") {
    const Run run = run_page(
        {"Title", "", "Abstract text.", "", "Word Cloud", "",
         "Created with Highcharts 10.0.0wordswords", "Cited By", "  1. A J. 2000;1:1 [PMID: 1]"},
        "w.txt");
    REQUIRE(run.records.size() == 1);
    CHECK(run.records[0].abstract == "Abstract text.");
    CHECK_FALSE(run.records[0].has_reference_list);
    CHECK(run.records[0].references.empty());
  }
  SUBCASE("an unexpected line inside the list is a warning") {
    const Run run = run_page(
        {"Title", "", "  1. A J. 2000;1:1 [PMID: 1]", "stray text", "  2. A J. 2000;1:2 [PMID: 2]"},
        "s.txt");
    REQUIRE(run.records.size() == 1);
    CHECK(run.records[0].references.size() == 2);
    CHECK(run.diagnostics.warning_groups().count("unexpected line in reference list") == 1);
  }
}

TEST_CASE("pubmed page: read_pubmed_page reads an Input (CRLF, no final newline)") {
  StringInput input("mem.txt",
                    "A title.\r\n\r\nAnn Author\r\nAuthor Information\r\n"
                    "  1. Ann Author: Somewhere.\r\n\r\nAbstract.\r\n\r\n"
                    "  1. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]\r\n"
                    "  2. Iran Biomed J. ;21(5):282-3 [PMID: 28558437]");
  Diagnostics diagnostics;
  ReadOptions options;
  ReadContext context(options, diagnostics);
  std::vector<Record> records;
  citegraph::io::read_pubmed_page(input, context,
                                  [&](Record&& record) { records.push_back(std::move(record)); });
  REQUIRE(records.size() == 1);
  const Record& r = records[0];
  CHECK(r.where.to_string() == "mem.txt:1");
  CHECK(r.title == "A title.");
  CHECK(r.authors == std::vector<std::string>{"Ann Author"});
  CHECK(r.affiliations == std::vector<std::string>{"Somewhere."});
  CHECK(r.abstract == "Abstract.");
  REQUIRE(r.references.size() == 2);
  CHECK(r.references[0].pages == "337-46");
  CHECK(r.references[1].ids.pmid == 28558437u);
  CHECK(r.references[1].where.to_string() == "mem.txt:10:6");
  CHECK(diagnostics.skipped() == 0);
  CHECK(diagnostics.warnings() == 0);
}
