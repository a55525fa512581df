#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/reader.hpp"
#include "tests/io_test_support.hpp"

using namespace citegraph::io_test;

namespace {

// Written for citegraph's tests (tests/data/fixtures/jats/): a fictional article with real
// citations, and a two-article pmc-articleset.
const std::string kArticle =
    std::string(CITEGRAPH_TEST_DATA) + "/fixtures/jats/citegraph_article.xml";
const std::string kArticleSet =
    std::string(CITEGRAPH_TEST_DATA) + "/fixtures/jats/citegraph_articleset.xml";

// A minimal article on 4 lines.
std::string small_article(const std::string& ids, const std::string& title) {
  return "<article><front><article-meta>" + ids + "\n<title-group><article-title>" + title +
         "</article-title></title-group>\n"
         "</article-meta></front><back><ref-list><ref><mixed-citation>Lupus. 2018;27(7):1053-64"
         "</mixed-citation></ref></ref-list></back>\n</article>\n";
}

}  // namespace

TEST_CASE("jats: a full article, its front matter") {
  const Read r = read(kArticle);
  CHECK(r.report.format == Format::kJats);
  CHECK(r.report.records == 1);
  CHECK(r.report.diagnostics.skipped() == 0);
  CHECK(r.report.diagnostics.warnings() == 0);
  REQUIRE(r.records.size() == 1);
  const Record& a = r.records[0];
  CHECK(a.where.line == 3);
  CHECK(a.where.column == 1);
  CHECK(a.ids.pmid == 99000001u);
  CHECK(a.ids.pmcid == "PMC99000001");
  CHECK(a.ids.doi == "10.5555/citegraph.jats.1");  // not the sub-article's ".r1"
  CHECK(a.title ==
        "Mesenchymal stem cells in systemic lupus erythematosus: a worked JATS example with "
        "CD4+ Treg cells");
  CHECK(a.journal == "Example J Cell Ther");  // the nlm-ta journal-id
  CHECK(a.year == 2018);                      // ppub, although epub 2019 comes first
  CHECK(a.volume == "27");
  CHECK(a.issue == "7");
  CHECK(a.pages == "1053-1064");
  // Editors, collab members and the sub-article's reviewer are not authors.
  CHECK(a.authors ==
        std::vector<std::string>{"Lee JS", "Dubois JP Jr", "SLE Cell Therapy Consortium"});
  // Labels left out, parts separated, the repeated affiliation kept once.
  CHECK(a.affiliations ==
        std::vector<std::string>{"Department of Immunology, Example University, Tehran, Iran",
                                 "Institute of Genetics Germany"});
  CHECK(a.keywords ==
        std::vector<std::string>{"Mesenchymal stem cell", "senescence", "in vitro culture"});
  CHECK(a.abstract ==
        "Background: Mesenchymal stem cells (MSCs) are multipotent progenitors.\n"
        "Methods: We review transplantation in animal models.\nAnd in humans.");
  CHECK(a.mesh.empty());
  CHECK_FALSE(a.retracted);
}

TEST_CASE("jats: a full article, its references") {
  const Read r = read(kArticle);
  REQUIRE(r.records.size() == 1);
  const Record& a = r.records[0];
  CHECK(a.has_reference_list);
  // 7 refs (one citation-alternatives counted once, one nested ref-list); the sub-article's
  // reference is not the article's.
  REQUIRE(a.references.size() == 7);
  CHECK(r.report.references == 7);
  CHECK(r.report.references_with_pmid == 4);

  const Reference& jci = a.references[0];
  CHECK(jci.ids.pmid == 11827993u);
  CHECK(jci.journal == "J Clin Invest");
  CHECK(jci.year == 2002);
  CHECK(jci.volume == "109");
  CHECK(jci.issue == "3");
  CHECK(jci.pages == "337-346");
  CHECK(jci.citation == "J Clin Invest 2002 109 3 337 346 11827993");
  CHECK(jci.where.line == 128);
  CHECK(jci.where.column == 9);

  const Reference& stem_cells = a.references[1];  // mixed-citation with tagged parts
  CHECK(stem_cells.ids.pmid == 16410387u);
  CHECK(stem_cells.citation == "Stem Cells. 2006;24(5):1294-301. PMID: 16410387");
  CHECK(stem_cells.pages == "1294-301");

  const Reference& plain = a.references[2];  // mixed-citation of plain text: parsed
  CHECK_FALSE(plain.ids.pmid);
  CHECK(plain.journal == "Arthritis Res Ther");
  CHECK(plain.year == 2007);
  CHECK(plain.volume == "9");
  CHECK(plain.issue == "2");
  CHECK(plain.pages == "206");
  CHECK(plain.where.line == 144);

  CHECK(a.references[3].ids.pmid == 27103349u);  // the first of the alternatives
  CHECK(a.references[3].where.line == 149);

  const Reference& fictional = a.references[4];
  CHECK(fictional.title == "A fictional study of ex vivo expansion");
  CHECK(fictional.ids.doi == "10.5555/citegraph.ref.5");
  CHECK(fictional.year == 2015);  // "2015a"
  CHECK(fictional.pages == "e45272");
  CHECK(fictional.first_author == "Roe R");  // the first person-group/name

  CHECK(a.references[0].first_author.empty());  // no person-group, none in the text

  const Reference& web = a.references[5];
  CHECK(web.year == 2017);  // not the access date
  CHECK(web.journal == "Trials of cell therapy in lupus");
  CHECK(web.ids.empty());

  const Reference& nested = a.references[6];
  CHECK(nested.ids.pmid == 29298160u);
  CHECK(nested.ids.pmcid == "PMC5555555");
  CHECK(nested.where.line == 190);

  for (const Reference& reference : a.references) CHECK(reference.journal != "Lancet");
}

TEST_CASE("jats: pmc-articleset of two articles") {
  const Read r = read(kArticleSet);
  CHECK(r.report.format == Format::kJats);
  CHECK(r.report.records == 2);
  CHECK(r.report.references == 1);
  CHECK(r.report.references_with_pmid == 1);
  REQUIRE(r.records.size() == 2);

  const Record& electronic = r.records[0];
  CHECK_FALSE(electronic.ids.pmid);
  CHECK(electronic.ids.pmcid == "PMC99000002");
  CHECK(electronic.ids.doi == "10.5555/citegraph.jats.2");
  CHECK(electronic.journal == "Ex Open Biol");
  CHECK(electronic.year == 2021);
  CHECK(electronic.pages == "e0117575");
  CHECK(electronic.authors == std::vector<std::string>{"Silva A"});  // from a string-name
  REQUIRE(electronic.references.size() == 1);
  CHECK(electronic.references[0].ids.pmid == 26995852u);  // "[PMID: ...]" of the text
  CHECK(electronic.references[0].journal == "Osaka City Med J");

  const Record& brief = r.records[1];
  CHECK(brief.ids.pmid == 99000003u);
  CHECK(brief.where.line == 37);
  CHECK(brief.journal == "Example Open Biology");
  CHECK(brief.year == 2020);  // collection before epub
  CHECK_FALSE(brief.has_reference_list);
  CHECK(brief.references.empty());
}

TEST_CASE("jats: gzip'd input through read_input") {
  TempDir dir;
  const Read r = read(dir.write("article.xml.gz", gzip(slurp(kArticle))));
  CHECK(r.report.compressed);
  CHECK(r.report.format == Format::kJats);
  CHECK(r.report.records == 1);
  CHECK(r.report.references == 7);
  CHECK(r.report.references_with_pmid == 4);
}

TEST_CASE("jats: bad articles and bad references") {
  TempDir dir;
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<pmc-articleset>\n" +
      small_article("<article-id pub-id-type=\"pmid\">12x</article-id>", "Bad PMID") +
      small_article("", "") + small_article("", "Title only") +
      "<article><front><article-meta><article-id pub-id-type=\"doi\">10.1/x</article-id>"
      "</article-meta></front>\n<back><ref-list><ref><element-citation/></ref></ref-list></back>"
      "</article>\n</pmc-articleset>\n";
  const std::string path = dir.write("bad.xml", xml);
  const Read r = read(path);
  REQUIRE(r.records.size() == 3);
  CHECK_FALSE(r.records[0].ids.pmid);  // kept without the PMID, with a warning
  CHECK(r.records[0].title == "Bad PMID");
  CHECK(r.records[0].references.size() == 1);
  CHECK(r.records[1].title == "Title only");
  CHECK(r.records[2].ids.doi == "10.1/x");
  CHECK(r.records[2].has_reference_list);
  CHECK(r.records[2].references.empty());

  CHECK(r.report.diagnostics.warnings() == 1);
  CHECK(r.report.diagnostics.warning_groups().at("invalid PMID").examples.front().where.line == 3);
  CHECK(r.report.diagnostics.skipped() == 2);
  const citegraph::Issue& anonymous =
      only_skip(r.report.diagnostics, "record without ids or title");
  CHECK(anonymous.where.line == 7);
  CHECK(anonymous.where.column == 1);
  CHECK(only_skip(r.report.diagnostics, "empty reference").where.line == 16);

  CHECK_THROWS_AS(read(path, true), ParseError);
}

TEST_CASE("jats: truncated XML keeps the articles before it; --strict throws") {
  TempDir dir;
  std::string xml = slurp(kArticleSet);
  xml.resize(xml.find("<title-group>\n        <article-title>A report"));
  const std::string path = dir.write("truncated.xml", xml);
  const Read r = read(path);
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].ids.pmcid == "PMC99000002");
  const citegraph::Issue& issue = only_skip(r.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.line == 44);
  CHECK(issue.message.starts_with("truncated or malformed XML at 44:"));
  CHECK(issue.message.find("the input ends inside <article-meta>") != std::string::npos);
  CHECK(issue.message.find("(<article> at line 37)") != std::string::npos);

  CHECK(records_before_strict_error(path).size() == 1);
}

TEST_CASE("jats: entity declarations are refused, the DTD is not read") {
  TempDir dir;
  const Read bomb =
      read(dir.write("bomb.xml",
                     "<?xml version=\"1.0\"?>\n<!DOCTYPE article [\n<!ENTITY a \"aaaaaaaaaa\">\n"
                     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n" +
                         small_article("", "&b;")));
  CHECK(bomb.records.empty());
  CHECK(only_skip(bomb.report.diagnostics, "truncated or malformed XML")
            .message.find("<!ENTITY a> refused") != std::string::npos);

  // The real DOCTYPE of PMC files names a DTD that is not there: nothing is fetched or needed.
  const Read real = read(kArticle);
  CHECK(real.report.diagnostics.warnings() == 0);
}

TEST_CASE("jats: not JATS when forced") {
  TempDir dir;
  const std::string path =
      dir.write("pubmed.xml", "<?xml version=\"1.0\"?>\n<PubmedArticleSet></PubmedArticleSet>\n");
  ReadOptions options;
  options.format = Format::kJats;
  const InputReport report = citegraph::io::read_input(path, options, {});
  CHECK(report.records == 0);
  CHECK(report.diagnostics.skips().count("not JATS XML") == 1);
  CHECK(report.diagnostics.warning_groups().count("forced format differs from the content") == 1);
}
