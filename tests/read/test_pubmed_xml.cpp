#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"
#include "tests/io_test_support.hpp"

using citegraph::GraphBuilder;
using namespace citegraph::io_test;

namespace {

const std::string kFixtures = std::string(CITEGRAPH_TEST_DATA) + "/fixtures/pubmed_xml/";

std::vector<Record> articles(const Read& r) {
  std::vector<Record> out;
  for (const Record& record : r.records) {
    if (!record.deletion) out.push_back(record);
  }
  return out;
}

const std::string kHeader =
    "<?xml version=\"1.0\" ?>\n"
    "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2019//EN\" "
    "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd\">\n";

// A minimal PubmedArticle on 3 lines.
std::string small_article(const std::string& pmid, const std::string& title) {
  return "<PubmedArticle><MedlineCitation><PMID Version=\"1\">" + pmid +
         "</PMID>\n<Article><Journal><Title>Lupus</Title></Journal><ArticleTitle>" + title +
         "</ArticleTitle></Article>\n</MedlineCitation></PubmedArticle>\n";
}

}  // namespace

TEST_CASE("pubmed xml: ncbiutils efetch set, 5 articles and 72 references") {
  const Read r = read(kFixtures + "ncbiutils_pubmed.xml");
  CHECK(r.report.format == Format::kPubmedXml);
  CHECK(r.report.records == 5);
  CHECK(r.report.references == 72);
  CHECK(r.report.references_with_pmid == 72);
  CHECK(r.report.deletions == 0);
  CHECK(r.report.diagnostics.skipped() == 0);
  CHECK(r.report.diagnostics.warnings() == 0);
  REQUIRE(r.records.size() == 5);
  std::vector<std::uint32_t> pmids;
  for (const Record& record : r.records) pmids.push_back(record.ids.pmid.value_or(0));
  CHECK(pmids == std::vector<std::uint32_t>{35196497, 33278872, 24792780, 30158200, 151222});
  // Only the BMJ article carries a reference list (all 72 references, all with PMIDs).
  for (const Record& record : r.records) {
    CHECK(record.has_reference_list == (record.ids.pmid == 30158200u));
  }

  const Record& senp2 = r.records[0];
  CHECK(senp2.where.line == 4);
  CHECK(senp2.where.column == 2);  // after a tab
  CHECK(senp2.title ==
        "SENP2 suppresses browning of white adipose tissues by de-conjugating SUMO from C/EBPβ.");
  CHECK(senp2.journal == "Cell Rep");
  CHECK(senp2.year == 2022);
  CHECK(senp2.volume == "38");
  CHECK(senp2.issue == "8");
  CHECK(senp2.pages == "110408");
  CHECK(senp2.ids.doi == "10.1016/j.celrep.2022.110408");
  CHECK(senp2.ids.pmcid.empty());
  REQUIRE(senp2.authors.size() == 12);
  CHECK(senp2.authors.front() == "Lee JS");
  CHECK(senp2.authors.back() == "Park KS");
  CHECK(senp2.affiliations.size() == 9);  // de-duplicated from one per author
  CHECK(senp2.keywords.size() == 10);
  CHECK(senp2.keywords.front() == "C/EBPβ");
  CHECK(senp2.mesh.front() == "Adipocytes, Beige");
  CHECK(senp2.abstract.starts_with("The adipose tissue is a key site regulating energy"));
  CHECK(senp2.abstract.find("Copyright") == std::string::npos);
  CHECK_FALSE(senp2.retracted);

  const Record& bmj = r.records[3];
  CHECK(bmj.journal == "BMJ");
  CHECK(bmj.ids.pmcid == "PMC6113773");
  REQUIRE(bmj.references.size() == 72);
  CHECK(count_with_pmid(bmj) == 72);
  const Reference& first = bmj.references.front();
  CHECK(first.citation == "JAMA. 2017 Dec 26;318(24):2466-2482");
  CHECK(first.ids.pmid == 29279934u);
  CHECK(first.journal == "JAMA");
  CHECK(first.year == 2017);
  CHECK(first.volume == "318");
  CHECK(first.issue == "24");
  CHECK(first.pages == "2466-2482");
  CHECK(first.where.path == kFixtures + "ncbiutils_pubmed.xml");
  CHECK(first.where.line > bmj.where.line);

  const Record& old = r.records[4];
  CHECK(old.year == 1978);
  CHECK(old.journal == "Morphol Embryol (Bucur)");
  CHECK(old.ids.doi.empty());
  CHECK(old.affiliations.empty());
}

TEST_CASE("pubmed xml: inline markup is flattened (ncbiutils markup.xml)") {
  const Read r = read(kFixtures + "ncbiutils_markup.xml");
  REQUIRE(r.records.size() == 1);
  const Record& record = r.records[0];
  CHECK(record.ids.pmid == 30158200u);
  // The real file's markup is in the abstract; its title is plain text.
  CHECK(record.title ==
        "Assessment of the genetic and clinical determinants of fracture risk: genome wide "
        "association and mendelian randomisation study.");
  CHECK(record.abstract.starts_with("OBJECTIVES: To identify the genetic determinants"));
  CHECK(record.abstract.find("\nRESULTS: Of 15 fracture associated loci") != std::string::npos);
  CHECK(record.abstract.find("(eg, SOST, WNT16, and ESR1) or novel pathways ( FAM210A, GRB10, "
                             "and ETS2).") != std::string::npos);
  CHECK(record.abstract.find("P=1.5×10 -68). Hand grip") != std::string::npos);
  CHECK(std::count(record.abstract.begin(), record.abstract.end(), '\n') == 5);  // 6 sections
  CHECK(record.references.size() == 72);
  CHECK(r.report.references_with_pmid == 72);
}

TEST_CASE("pubmed xml: title markup, MathML and entities flatten to text") {
  TempDir dir;
  const std::string path = dir.write(
      "markup.xml",
      kHeader + "<PubmedArticleSet>\n" +
          "<PubmedArticle><MedlineCitation><PMID Version=\"1\">1</PMID><Article>"
          "<ArticleTitle>Role of <i>FOXP3</i><sup>+</sup> T<sub>reg</sub> cells and "
          "<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:mi>&#946;</mml:mi>"
          "</mml:math>-catenin in <b>SLE</b> &amp; SSc:\n    a  review.</ArticleTitle>"
          "</Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n");
  const Read r = read(path);
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].title == "Role of FOXP3+ Treg cells and β-catenin in SLE & SSc: a review.");
  CHECK(r.report.diagnostics.warnings() == 0);
}

TEST_CASE("pubmed xml: update file with 3 articles and 34 DeleteCitation PMIDs") {
  const std::string path = kFixtures + "ncbiutils_update_pubmed22n1115.xml";
  const Read r = read(path);
  CHECK(r.report.records == 3);
  CHECK(r.report.deletions == 34);
  CHECK(r.report.references == 0);
  CHECK(r.report.diagnostics.skipped() == 0);
  REQUIRE(r.records.size() == 37);
  REQUIRE(r.deletions.size() == 34);
  // Deletions come after the articles, in file order, located at their <PMID>.
  CHECK_FALSE(r.records[2].deletion);
  CHECK(r.records[3].deletion);
  CHECK(r.deletions.front().ids.pmid == 33952505u);
  CHECK(r.deletions.front().where.line == 510);
  CHECK(r.deletions.front().where.column == 1);
  CHECK(r.deletions.back().where.line == 543);
  for (const Record& deletion : r.deletions) {
    CHECK(deletion.ids.pmid.has_value());
    CHECK(deletion.title.empty());
  }
  // ExpressionOfConcernIn, ErratumIn and CommentIn are links, not citations or retractions.
  for (const Record& article : articles(r)) {
    CHECK_FALSE(article.has_reference_list);
    CHECK(article.references.empty());
    CHECK_FALSE(article.retracted);
  }
  CHECK(r.records[2].pages == "986-8; discussion 988-90");
}

TEST_CASE("pubmed xml: biopython pubmed7, 49 references with PMIDs") {
  const Read r = read(kFixtures + "biopython_pubmed7.xml");
  REQUIRE(r.records.size() == 1);
  const Record& record = r.records[0];
  CHECK(record.ids.pmid == 29963580u);
  CHECK(record.ids.doi == "10.1117/1.jmi.5.2.026002");  // lower-cased
  CHECK(record.ids.pmcid == "PMC6022861");
  CHECK(record.journal == "J Med Imaging (Bellingham)");
  CHECK(record.authors.back() == "Canadian Respiratory Research Network");  // CollectiveName
  CHECK(record.has_reference_list);
  REQUIRE(record.references.size() == 49);
  CHECK(count_with_pmid(record) == 49);
  CHECK(r.report.references_with_pmid == 49);
  const Reference& first = record.references.front();
  CHECK(first.where.line == 268);
  CHECK(first.where.column == 13);
  CHECK(first.ids.pmid == 25144646u);
  CHECK(first.journal == "Radiology");
  CHECK(first.pages == "250-9");
}

TEST_CASE("pubmed xml: biopython pubmed4, 48 CommentsCorrections Cites become references") {
  const Read r = read(kFixtures + "biopython_pubmed4_commentscorrections.xml");
  REQUIRE(r.records.size() == 1);
  const Record& record = r.records[0];
  CHECK(record.ids.pmid == 27797938u);
  CHECK(record.has_reference_list);
  REQUIRE(record.references.size() == 48);
  CHECK(count_with_pmid(record) == 48);
  CHECK_FALSE(record.retracted);
  // The CommentIn entry before them ("Gut. 2017 Jun;66(6):1") is not a citation.
  const Reference& first = record.references.front();
  CHECK(first.ids.pmid == 2657958u);
  CHECK(first.citation == "Stat Med. 1989 May;8(5):551-61");
  CHECK(first.journal == "Stat Med");
  CHECK(first.year == 1989);
  CHECK(first.where.line == 518);
  CHECK(first.where.column == 13);
  for (const Reference& reference : record.references) CHECK(reference.journal != "Gut");
}

TEST_CASE("pubmed xml: nested ReferenceList, ids win over the citation string, bad citations") {
  TempDir dir;
  const std::string xml = kHeader + R"(<PubmedArticleSet>
<PubmedArticle>
<MedlineCitation><PMID Version="1">100</PMID>
<Article><Journal><Title>Lupus</Title></Journal><ArticleTitle>T.</ArticleTitle></Article>
</MedlineCitation>
<PubmedData>
<ReferenceList>
<Title>References</Title>
<Reference><Citation>J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 111]</Citation>
<ArticleIdList><ArticleId IdType="pubmed">222</ArticleId>
<ArticleId IdType="doi">10.1172/JCI0214423</ArticleId><ArticleId IdType="pmc">150866</ArticleId>
</ArticleIdList></Reference>
<ReferenceList>
<Title>Further reading</Title>
<Reference><Citation>Smith J, et al. A free-text citation</Citation>
<ArticleIdList><ArticleId IdType="pubmed">333</ArticleId></ArticleIdList></Reference>
<Reference><Citation>No journal here</Citation></Reference>
<Reference><Citation>Stem Cells. 2006 May;24(5):1294-301</Citation></Reference>
</ReferenceList>
<Reference><Citation>Lupus. 2018;27(7):1053-1064</Citation>
<ArticleIdList><ArticleId IdType="pubmed">not-a-pmid</ArticleId></ArticleIdList></Reference>
</ReferenceList>
</PubmedData>
</PubmedArticle>
</PubmedArticleSet>
)";
  const Read r = read(dir.write("nested.xml", xml));
  REQUIRE(r.records.size() == 1);
  const Record& record = r.records[0];
  CHECK(record.has_reference_list);
  REQUIRE(record.references.size() == 5);
  CHECK(r.report.references == 5);
  CHECK(r.report.references_with_pmid == 2);

  const Reference& jci = record.references[0];
  CHECK(jci.ids.pmid == 222u);  // the ArticleId, not the string's [PMID: 111]
  CHECK(jci.ids.doi == "10.1172/jci0214423");
  CHECK(jci.ids.pmcid == "PMC150866");
  CHECK(jci.journal == "J Clin Invest");
  CHECK(jci.volume == "109");
  CHECK(jci.where.line == 11);
  CHECK(jci.where.column == 1);

  // Identified by its ArticleId, its text read for what it states (no journal, no year).
  const Reference& free_text = record.references[1];
  CHECK(free_text.ids.pmid == 333u);
  CHECK(free_text.citation == "Smith J, et al. A free-text citation");
  CHECK(free_text.first_author == "Smith J");
  CHECK(free_text.title == "A free-text citation");
  CHECK(free_text.journal.empty());
  CHECK_FALSE(free_text.year);

  // Text in no known style and without ids: kept (a work known by its text), with a warning
  // located at its <Reference>.
  const Reference& garbage = record.references[2];
  CHECK(garbage.citation == "No journal here");
  CHECK(garbage.title.empty());
  CHECK(garbage.journal.empty());
  CHECK(r.report.diagnostics.skipped() == 0);
  const auto& unparsed = r.report.diagnostics.warning_groups().at("reference text not parsed");
  REQUIRE(unparsed.examples.size() == 1);
  CHECK(unparsed.examples[0].where.line == 19);  // at its <Reference>
  CHECK(unparsed.examples[0].where.column == 1);
  CHECK(unparsed.examples[0].line_text == "No journal here");  // the text that did not parse

  const Reference& stem_cells = record.references[3];
  CHECK_FALSE(stem_cells.ids.pmid);
  CHECK(stem_cells.journal == "Stem Cells");
  CHECK(stem_cells.where.line == 20);

  // A bad ArticleId PMID is dropped with a warning; the citation still identifies the work.
  const Reference& lupus = record.references[4];
  CHECK_FALSE(lupus.ids.pmid);
  CHECK(lupus.journal == "Lupus");
  CHECK(r.report.diagnostics.warning_groups().count("invalid reference PMID") == 1);

  // Under --strict, text in no known style is an error (located as above).
  CHECK_THROWS_AS(read(dir.write("nested_strict.xml", xml), true), ParseError);
}

TEST_CASE("pubmed xml: metadata fallbacks, retractions, books") {
  TempDir dir;
  const std::string xml = kHeader + R"(<PubmedArticleSet>
<PubmedArticle>
<MedlineCitation><PMID Version="1">200</PMID>
<Article>
<Journal><JournalIssue><Volume>12</Volume><Issue>3 Pt 2</Issue>
<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue>
<Title>Journal of Things</Title><ISOAbbreviation>J. Things</ISOAbbreviation></Journal>
<ArticleTitle></ArticleTitle><VernacularTitle>Des choses.</VernacularTitle>
<Pagination><StartPage>45</StartPage><EndPage>67</EndPage></Pagination>
<ELocationID EIdType="doi" ValidYN="N">10.9999/WRONG</ELocationID>
<ELocationID EIdType="doi" ValidYN="Y">10.1000/ELOC</ELocationID>
<Abstract><AbstractText>First.</AbstractText><AbstractText Label="METHODS">Second.</AbstractText></Abstract>
<AuthorList><Author><LastName>Doe</LastName><ForeName>Jane</ForeName><Suffix>Jr</Suffix>
<AffiliationInfo><Affiliation>Dept A.</Affiliation></AffiliationInfo>
<AffiliationInfo><Affiliation>Dept B.</Affiliation></AffiliationInfo></Author>
<Author ValidYN="N"><LastName>Wrong</LastName><Initials>W</Initials></Author>
<Author><LastName>Roe</LastName><Initials>R</Initials>
<AffiliationInfo><Affiliation>Dept A.</Affiliation></AffiliationInfo></Author></AuthorList>
<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>
<ArticleDate><Year>2001</Year></ArticleDate>
</Article>
<MeshHeadingList><MeshHeading><DescriptorName MajorTopicYN="Y">Lupus</DescriptorName>
<QualifierName MajorTopicYN="Y">therapy</QualifierName></MeshHeading>
<MeshHeading><DescriptorName>Lupus</DescriptorName><QualifierName>genetics</QualifierName></MeshHeading>
</MeshHeadingList>
<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>J Things. 2000;1:1</RefSource>
<PMID Version="1">999</PMID></CommentsCorrections></CommentsCorrectionsList>
</MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">200</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedArticle>
<MedlineCitation><PMID Version="1">201</PMID>
<Article><Journal><JournalIssue><PubDate><Season>Winter</Season></PubDate></JournalIssue>
<Title>Journal of Things</Title></Journal><ArticleTitle>Retracted.</ArticleTitle>
<PublicationTypeList><PublicationType>Retracted Publication</PublicationType></PublicationTypeList>
<ArticleDate DateType="Electronic"><Year>2003</Year></ArticleDate></Article>
<MedlineJournalInfo><MedlineTA>J Things</MedlineTA></MedlineJournalInfo>
</MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="doi">10.1000/FROM-IDLIST</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedBookArticle>
<BookDocument><PMID Version="1">202</PMID>
<Book><BookTitle>GeneReviews<sup>®</sup></BookTitle><PubDate><Year>1993</Year></PubDate>
<AuthorList Type="editors"><Author><LastName>Editor</LastName><Initials>E</Initials></Author></AuthorList></Book>
<ArticleTitle>Some Syndrome</ArticleTitle>
<AuthorList Type="authors"><Author><LastName>Writer</LastName><Initials>W</Initials></Author></AuthorList>
<ReferenceList><Reference><Citation>Lupus. 2018;27(7):1053-1064</Citation></Reference></ReferenceList>
</BookDocument>
<PubmedBookData><ArticleIdList><ArticleId IdType="pubmed">202</ArticleId></ArticleIdList></PubmedBookData>
</PubmedBookArticle>
</PubmedArticleSet>
)";
  const Read r = read(dir.write("fallbacks.xml", xml));
  CHECK(r.report.diagnostics.skipped() == 0);
  REQUIRE(r.records.size() == 3);

  const Record& a = r.records[0];
  CHECK(a.title == "Des choses.");
  CHECK(a.journal == "J. Things");  // no MedlineTA: ISOAbbreviation
  CHECK(a.year == 1998);            // MedlineDate, before ArticleDate
  CHECK(a.volume == "12");
  CHECK(a.issue == "3 Pt 2");
  CHECK(a.pages == "45-67");
  CHECK(a.ids.doi == "10.1000/eloc");  // the ValidYN="N" one is ignored
  CHECK(a.abstract == "First.\nMETHODS: Second.");
  CHECK(a.authors == std::vector<std::string>{"Doe Jane Jr", "Roe R"});
  CHECK(a.affiliations == std::vector<std::string>{"Dept A.", "Dept B."});
  CHECK(a.mesh == std::vector<std::string>{"Lupus"});
  CHECK(a.retracted);
  CHECK(a.references.empty());  // RetractionIn is not a citation
  CHECK_FALSE(a.has_reference_list);

  const Record& b = r.records[1];
  CHECK(b.journal == "J Things");  // MedlineTA first
  CHECK(b.year == 2003);           // only ArticleDate has a year
  CHECK(b.ids.doi == "10.1000/from-idlist");
  CHECK(b.retracted);

  const Record& book = r.records[2];
  CHECK(book.ids.pmid == 202u);
  CHECK(book.title == "Some Syndrome");
  CHECK(book.journal == "GeneReviews®");
  CHECK(book.year == 1993);
  CHECK(book.authors == std::vector<std::string>{"Writer W"});
  CHECK(book.has_reference_list);
  REQUIRE(book.references.size() == 1);
  CHECK(book.references[0].journal == "Lupus");
}

TEST_CASE("pubmed xml: a record without PMID is skipped, located; --strict throws") {
  TempDir dir;
  const std::string xml = kHeader + "<PubmedArticleSet>\n" + small_article("1", "One.") +
                          "<PubmedArticle><MedlineCitation>\n<Article><ArticleTitle>No id."
                          "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n" +
                          small_article("abc", "Bad id.") + small_article("3", "Three.") +
                          "</PubmedArticleSet>\n";
  const std::string path = dir.write("nopmid.xml", xml);
  const Read r = read(path);
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].ids.pmid == 1u);
  CHECK(r.records[1].ids.pmid == 3u);
  CHECK(r.records[1].where.line == 12);
  CHECK(r.report.diagnostics.skipped() == 2);
  const citegraph::Issue& missing = only_skip(r.report.diagnostics, "record without PMID");
  CHECK(missing.where.path == path);
  CHECK(missing.where.line == 7);
  CHECK(missing.where.column == 1);
  CHECK(missing.message.find("MedlineCitation/PMID") != std::string::npos);
  CHECK(only_skip(r.report.diagnostics, "invalid PMID").where.line == 9);

  CHECK(records_before_strict_error(path).size() ==
        1);  // the record before the bad one was delivered
}

TEST_CASE("pubmed xml: truncated XML keeps the records before it; --strict throws") {
  TempDir dir;
  std::string xml = kHeader + "<PubmedArticleSet>\n" + small_article("1", "One.") +
                    small_article("2", "Two.") + small_article("3", "Three.");
  xml.resize(xml.size() - 40);  // cut inside the third article, after its PMID
  const std::string path = dir.write("truncated.xml", xml);
  const Read r = read(path);
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[1].ids.pmid == 2u);
  CHECK(r.report.diagnostics.skipped() == 1);
  const citegraph::Issue& issue = only_skip(r.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.path == path);
  CHECK(issue.where.line == 11);
  CHECK(issue.message.starts_with("truncated or malformed XML at 11:"));
  CHECK(issue.message.find("<PubmedArticle> at line 10, PMID 3") != std::string::npos);
  CHECK(issue.message.find("the input ends inside <Article>") != std::string::npos);

  std::vector<Record> seen;
  ReadOptions strict;
  strict.strict = true;
  try {
    citegraph::io::read_input(path, strict, [&seen](Record&& record) { seen.push_back(record); });
    FAIL("no exception under --strict");
  } catch (const ParseError& error) {
    CHECK(error.where().line == 11);
    CHECK(std::string(error.what()).find("truncated or malformed XML") != std::string::npos);
  }
  CHECK(seen.size() == 2);

  // Cut between two records, as an interrupted download is: every complete record is kept.
  const Read cut =
      read(dir.write("cut.xml", kHeader + "<PubmedArticleSet>\n" + small_article("1", "One.") +
                                    small_article("2", "Two.")));
  CHECK(cut.records.size() == 2);
  const citegraph::Issue& end = only_skip(cut.report.diagnostics, "truncated or malformed XML");
  CHECK(end.message.find("the input ends inside <PubmedArticleSet>") != std::string::npos);
  CHECK(end.message.find("record in progress") == std::string::npos);

  // Malformed rather than truncated: a mismatched end tag.
  const Read bad = read(
      dir.write("mismatch.xml", kHeader + "<PubmedArticleSet>\n" + small_article("1", "One.") +
                                    "<PubmedArticle><MedlineCitation><PMID>2</PMID></Article>\n" +
                                    small_article("3", "Three.") + "</PubmedArticleSet>\n"));
  // Reading resumes at the next record: only the malformed one is lost.
  REQUIRE(bad.records.size() == 2);
  CHECK(bad.records[1].ids.pmid == 3u);
  CHECK(bad.records[1].where.line == 8);
  CHECK(only_skip(bad.report.diagnostics, "truncated or malformed XML").where.line == 7);
}

TEST_CASE("pubmed xml: invalid UTF-8 is a located skip; records before and after it are kept") {
  TempDir dir;
  const std::string xml = kHeader + "<PubmedArticleSet>\n" + small_article("1", "One.") +
                          small_article("2", "Bad \xff\xfe byte.") + small_article("3", "Three.") +
                          "</PubmedArticleSet>\n";
  const Read r = read(dir.write("utf8.xml", xml));
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].ids.pmid == 1u);
  CHECK(r.records[1].ids.pmid == 3u);
  CHECK(r.records[1].title == "Three.");
  const citegraph::Issue& issue = only_skip(r.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.line == 8);
  CHECK(issue.message.find("UTF-8") != std::string::npos);
  CHECK(issue.message.find("PMID 2") != std::string::npos);
}

TEST_CASE("pubmed xml: an entity bomb fails fast at its first declaration") {
  TempDir dir;
  std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
      "<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) bomb += "&lol" + (i > 1 ? std::to_string(i - 1) : "") + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<PubmedArticleSet>" + small_article("1", "&lol9;") + "</PubmedArticleSet>\n";
  const Read r = read(dir.write("bomb.xml", bomb));
  CHECK(r.records.empty());
  const citegraph::Issue& issue = only_skip(r.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.line == 3);
  CHECK(issue.message.find("<!ENTITY lol> refused") != std::string::npos);

  // An external entity (XXE) is refused the same way, and its file is never read.
  const Read xxe =
      read(dir.write("xxe.xml",
                     "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
                     "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<PubmedArticleSet>" +
                         small_article("1", "&xxe;") + "</PubmedArticleSet>\n"));
  CHECK(xxe.records.empty());
  CHECK(only_skip(xxe.report.diagnostics, "truncated or malformed XML")
            .message.find("file:///etc/passwd\", never read") != std::string::npos);
}

TEST_CASE("pubmed xml: the DOCTYPE's external DTD is never fetched") {
  TempDir dir;
  // If the DTD were read, &secret; would expand to LEAKED.
  const std::string dtd = dir.write("evil.dtd", "<!ENTITY secret \"LEAKED\">\n");
  const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet SYSTEM \"file://" +
                          dtd + "\">\n<PubmedArticleSet>\n" +
                          small_article("1", "A &secret; title &amp; more.") +
                          "</PubmedArticleSet>\n";
  const Read r = read(dir.write("dtd.xml", xml));
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].title == "A title & more.");
  CHECK(r.report.diagnostics.skipped() == 0);
  const auto& warnings = r.report.diagnostics.warning_groups();
  REQUIRE(warnings.count("XML parser warning") == 1);
  const citegraph::Issue& warning = warnings.at("XML parser warning").examples.front();
  CHECK(warning.message.find("secret") != std::string::npos);
  CHECK(warning.where.line == 5);

  // The web DTD of real files: read without network access.
  const Read web = read(kFixtures + "ncbiutils_update_pubmed22n1115.xml");
  CHECK(web.report.diagnostics.warnings() == 0);
}

TEST_CASE("pubmed xml: gzip'd input through read_input") {
  TempDir dir;
  const std::string path =
      dir.write("pubmed.xml.gz", gzip(slurp(kFixtures + "ncbiutils_pubmed.xml")));
  const Read r = read(path);
  CHECK(r.report.compressed);
  CHECK(r.report.format == Format::kPubmedXml);
  CHECK(r.report.records == 5);
  CHECK(r.report.references == 72);
  CHECK(r.report.references_with_pmid == 72);
  REQUIRE(r.records.size() == 5);
  CHECK(r.records[4].ids.pmid == 151222u);
  CHECK(r.records[3].references.front().where.path == path);
}

TEST_CASE("pubmed xml: not PubMed XML when forced") {
  TempDir dir;
  const std::string path =
      dir.write("other.xml", "<?xml version=\"1.0\"?>\n<graphml><graph/></graphml>\n");
  ReadOptions options;
  options.format = Format::kPubmedXml;
  const InputReport report = citegraph::io::read_input(path, options, {});
  CHECK(report.records == 0);
  CHECK(report.diagnostics.skips().count("not PubMed XML") == 1);
}

TEST_CASE("pubmed xml: the SLE review from XML and from its seed page is one vertex") {
  TempDir dir;
  // PubMed's record of the review, hand-written from the facts the seed page states.
  const std::string xml = kHeader + R"(<PubmedArticleSet>
  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">29631514</PMID>
      <Article PubModel="Print-Electronic">
        <Journal>
          <ISSN IssnType="Electronic">1477-0962</ISSN>
          <JournalIssue CitedMedium="Internet">
            <Volume>27</Volume><Issue>7</Issue>
            <PubDate><Year>2018</Year><Month>Jun</Month></PubDate>
          </JournalIssue>
          <Title>Lupus</Title>
          <ISOAbbreviation>Lupus</ISOAbbreviation>
        </Journal>
        <ArticleTitle>Mesenchymal stem cell transplantation in systemic lupus erythematous, a mesenchymal stem cell disorder.</ArticleTitle>
        <Pagination><MedlinePgn>1053-1064</MedlinePgn></Pagination>
        <ELocationID EIdType="doi" ValidYN="Y">10.1177/0961203318768889</ELocationID>
      </Article>
      <MedlineJournalInfo><MedlineTA>Lupus</MedlineTA></MedlineJournalInfo>
      <KeywordList Owner="NOTNLM">
        <Keyword MajorTopicYN="N">Mesenchymal stem cell</Keyword>
        <Keyword MajorTopicYN="N">senescence</Keyword>
      </KeywordList>
    </MedlineCitation>
    <PubmedData>
      <ArticleIdList>
        <ArticleId IdType="pubmed">29631514</ArticleId>
        <ArticleId IdType="doi">10.1177/0961203318768889</ArticleId>
      </ArticleIdList>
    </PubmedData>
  </PubmedArticle>
</PubmedArticleSet>
)";
  const std::string xml_path = dir.write("sle.xml", xml);
  const std::string seed = std::string(CITEGRAPH_TEST_DATA) + "/seeds/003_634ac85d96d18530.txt";

  for (const bool xml_first : {true, false}) {
    CAPTURE(xml_first);
    GraphBuilder builder;
    const std::size_t corpus = builder.add_corpus("SLE");
    const auto add = [&builder, corpus](const std::string& path) {
      return citegraph::io::read_input(path, ReadOptions{}, [&builder, corpus](Record&& record) {
        builder.add(record, corpus);
      });
    };
    const InputReport first = add(xml_first ? xml_path : seed);
    const InputReport second = add(xml_first ? seed : xml_path);
    CHECK(first.records == 1);
    CHECK(second.records == 1);
    const citegraph::CitationGraph graph = builder.build();
    REQUIRE(graph.num_nodes() == 1);
    CHECK(graph.node_key(0) == "29631514");
    CHECK(graph.pmid(0) == 29631514u);
    CHECK(graph.text(0).doi == "10.1177/0961203318768889");
    CHECK(graph.year(0) == 2018);
    CHECK(graph.is_source(0));
    CHECK(builder.stats().records == 2);
    CHECK(builder.stats().records_merged == 1);
  }
}

TEST_CASE("pubmed xml: citation texts parsed on a second thread give the same records") {
  // metapub's real records with text-only references, and a --strict run that fails the same.
  const std::string dir = std::string(CITEGRAPH_TEST_DATA) + "/fixtures/pubmed_xml_text_refs/";
  for (const char* name : {"metapub_pmid_38958301.xml", "metapub_pmid_39626064.xml"}) {
    const Read one = read_path(dir + name, Format::kAuto, false, 1);
    const Read two = read_path(dir + name, Format::kAuto, false, 2);
    REQUIRE(one.records.size() == 1);
    REQUIRE(two.records.size() == 1);
    const auto& a = one.records[0].references;
    const auto& b = two.records[0].references;
    REQUIRE(a.size() == b.size());
    CHECK(a.size() > 100);
    std::size_t with_journal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].citation == b[i].citation);
      CHECK(a[i].journal == b[i].journal);
      CHECK(a[i].year == b[i].year);
      CHECK(a[i].first_author == b[i].first_author);
      CHECK(a[i].title == b[i].title);
      CHECK(a[i].pages == b[i].pages);
      CHECK(a[i].where.line == b[i].where.line);
      with_journal += a[i].journal.empty() ? 0 : 1;
    }
    CHECK(with_journal * 10 >= a.size() * 7);  // parsed, not only carried
    CHECK(one.report.diagnostics.warnings() == two.report.diagnostics.warnings());
  }
}

TEST_CASE("pubmed xml: a failed encoding conversion is a located error, nothing on stderr") {
  // libxml2 switches to UCS-4 on "<\0\0\0" and then fails to convert; it used to print
  // "encoding error" and "I/O error : encoder error" to stderr itself (found by fuzz_pubmed_xml).
  TempDir dir;
  std::fflush(stderr);
  const int saved = dup(2);
  const std::string captured = dir.write("stderr.txt", "");
  const int sink = open(captured.c_str(), O_WRONLY | O_TRUNC);
  REQUIRE(sink >= 0);
  dup2(sink, 2);
  // Straight to the reader, as the fuzz target does: read_input refuses these bytes as binary.
  StringInput input("ucs4.xml", std::string("<\0\0\0]", 5));
  citegraph::Diagnostics diagnostics;
  const citegraph::io::ReadOptions options;  // ReadContext keeps a reference
  citegraph::io::ReadContext context(options, diagnostics);
  std::size_t records = 0;
  std::string refused;
  try {
    citegraph::io::read_pubmed_xml(input, context, [&](Record&&) { ++records; });
  } catch (const citegraph::ParseError& e) {
    refused = e.what();  // the file read nothing: refused, located
  }
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(sink);
  std::ifstream in(captured);
  const std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_MESSAGE(printed.empty(), printed);
  CHECK(records == 0);
  // Lenient: a located skip; the text says what happened, whichever of libxml2's two silent
  // stops it is (that depends on its state from earlier parses).
  CHECK(refused.empty());
  const citegraph::Issue& issue = only_skip(diagnostics, "truncated or malformed XML");
  CHECK(issue.where.path == "ucs4.xml");
  CHECK_MESSAGE((issue.message.find("cannot be decoded") != std::string::npos ||
                 issue.message.find("not XML it can decode") != std::string::npos),
                issue.message);
}

TEST_CASE("pubmed xml: first bytes in an encoding libxml2 rejects fail cleanly (a fuzz find)") {
  // UCS-4-like heads: libxml2 reports an error while the push parser is being created, before
  // the reader holds it (found by fuzz_pubmed_xml; was a null dereference).
  TempDir dir;
  for (const std::string& head :
       {std::string("\0\0<\0", 4), std::string("\0\0\0<", 4), std::string("\0<\0\0", 4),
        std::string("\0\0<\0<PubmedArticleSet></PubmedArticleSet>", 42)}) {
    const std::string path = dir.write("head.xml", head);
    try {
      const Read r = read_path(path, Format::kPubmedXml, false);
      CHECK(r.records.empty());
      CHECK(r.report.diagnostics.skipped() + r.report.diagnostics.warnings() > 0);
    } catch (const citegraph::Error& e) {
      CHECK(std::string(e.what()).find("head.xml") != std::string::npos);
    }
  }
}
