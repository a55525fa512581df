// The XML readers after a fatal error (issue 14.4): a new parser resumes at the next record and
// every record lost in between is counted; bounds of ReadLimits (issue 10); records under any
// root element.
#include <string>
#include <vector>

#include "read/xml_stream.hpp"
#include "tests/io_test_support.hpp"

using namespace citegraph::io_test;

namespace {

std::string pubmed_article(int pmid, const std::string& title, const std::string& attributes = {}) {
  return "<PubmedArticle><MedlineCitation" + attributes + "><PMID Version=\"1\">" +
         std::to_string(pmid) +
         "</PMID>\n<Article><Journal><Title>Lupus</Title></Journal><ArticleTitle>" + title +
         "</ArticleTitle></Article>\n</MedlineCitation></PubmedArticle>\n";
}

std::string jats_article(int pmid, const std::string& title) {
  return "<article><front><article-meta><article-id pub-id-type=\"pmid\">" + std::to_string(pmid) +
         "</article-id>\n<title-group><article-title>" + title +
         "</article-title></title-group>\n</article-meta></front>\n</article>\n";
}

// 11 PubMed records (3 lines each, the first on line 3) under `root`; the 6th is `sixth`.
std::string pubmed_file(const std::string& sixth, const std::string& root = "PubmedArticleSet") {
  std::string xml = "<?xml version=\"1.0\"?>\n<" + root + ">\n";
  for (int i = 1; i <= 11; ++i)
    xml += i == 6 ? sixth : pubmed_article(i, "Title " + std::to_string(i) + ".");
  return xml + "</" + root + ">\n";
}

std::vector<Pmid> pmids(const Read& r) {
  std::vector<Pmid> out;
  for (const Record& record : r.records) out.push_back(record.ids.pmid.value_or(0));
  return out;
}

const std::vector<Pmid> kAllButSix = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11};

}  // namespace

TEST_CASE("xml recovery: invalid UTF-8 in the 6th of 11 records: 10 read, 1 skipped") {
  TempDir dir;
  const Read r = read_path(dir.write("utf8.xml", pubmed_file(pubmed_article(6, "Bad \xff byte."))));
  CHECK(pmids(r) == kAllButSix);
  CHECK(r.report.records == 10);
  CHECK(r.report.diagnostics.skipped() == 1);
  const Issue& issue = only_skip(r.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.line == 19);  // the title line of the 6th record (line 18)
  CHECK(issue.message.find("UTF-8") != std::string::npos);
  CHECK(issue.message.find("(<PubmedArticle> at line 18, PMID 6) is not read") !=
        std::string::npos);
  CHECK(issue.message.find("reading resumed at the next record, line 21:1") != std::string::npos);
  // Records after the resume keep their true lines.
  CHECK(r.records[5].where.line == 21);
  CHECK(r.records[9].where.line == 33);
  CHECK(r.records[9].title == "Title 11.");

  // Under --strict the first error throws, after the records before it were delivered.
  std::vector<Record> seen;
  ReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_AS(read_input(dir.file("utf8.xml"), strict,
                             [&seen](Record&& record) { seen.push_back(std::move(record)); }),
                  ParseError);
  CHECK(seen.size() == 5);
}

TEST_CASE("xml recovery: an undeclared &nbsp; and a 10 MB attribute cost one record each") {
  TempDir dir;
  const Read nbsp = read_path(dir.write("nbsp.xml", pubmed_file(pubmed_article(6, "A&nbsp;B"))));
  CHECK(pmids(nbsp) == kAllButSix);
  CHECK(nbsp.report.diagnostics.skipped() == 1);
  CHECK(only_skip(nbsp.report.diagnostics, "truncated or malformed XML").message.find("'nbsp'") !=
        std::string::npos);

  const std::string huge = " Owner=\"" + std::string(10'000'000, 'a') + "\"";
  const Read big = read_path(dir.write("big.xml", pubmed_file(pubmed_article(6, "x", huge))));
  CHECK(pmids(big) == kAllButSix);
  CHECK(big.report.diagnostics.skipped() == 1);
  const Issue& issue = only_skip(big.report.diagnostics, "truncated or malformed XML");
  CHECK(issue.where.line == 18);
  CHECK(issue.where.column == 16);  // the <MedlineCitation> start tag
  CHECK(issue.message.find("start tag longer than 1048576 bytes") != std::string::npos);
  CHECK(issue.to_string().size() < 1200);  // the quoted line is cut
}

TEST_CASE("xml recovery: records between the error and the resume point are counted") {
  TempDir dir;
  // A malformed start tag: no record is in progress when libxml2 fails, the 6th is lost.
  const Read tag =
      read_path(dir.write("tag.xml", pubmed_file("<PubmedArticle x=><MedlineCitation><PMID>6</PMID>"
                                                 "</MedlineCitation></PubmedArticle>\n")));
  CHECK(pmids(tag) == kAllButSix);
  CHECK(tag.report.diagnostics.skipped() == 1);
  CHECK(only_skip(tag.report.diagnostics, "truncated or malformed XML")
            .message.find("the record at line 18:1 is not read") != std::string::npos);

  // A record never closed: the next record's start tag inside it ends it.
  const Read open =
      read_path(dir.write("open.xml", pubmed_file("<PubmedArticle><MedlineCitation><PMID>6</PMID>"
                                                  "</MedlineCitation>\n")));
  CHECK(pmids(open) == kAllButSix);
  CHECK(open.report.diagnostics.skipped() == 1);

  // A document that declares an entity is not read on: each of its records is counted.
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
      "<!ENTITY e \"e\">\n]>\n<PubmedArticleSet>\n" +
      pubmed_article(1, "&e;") + pubmed_article(2, "Two.") + pubmed_article(3, "Three.") +
      "</PubmedArticleSet>\n";
  const Read refused = read_path(dir.write("bomb.xml", bomb));
  CHECK(refused.records.empty());
  CHECK(refused.report.diagnostics.skipped() == 3);
  const auto& group = refused.report.diagnostics.skips().at("truncated or malformed XML");
  REQUIRE(group.examples.size() == 3);
  CHECK(group.examples[0].message.find("2 more record(s) after it are not read") !=
        std::string::npos);
  CHECK(group.examples[1].where.line == 9);
  CHECK(group.examples[2].where.line == 12);
}

TEST_CASE("xml recovery: in another encoding reading stops, and the records lost are counted") {
  TempDir dir;
  // ISO-8859-1: libxml2's offsets are those of its UTF-8 conversion, so reading cannot resume;
  // the records after the error are still each counted.
  std::string xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<PubmedArticleSet>\n";
  for (int i = 1; i <= 11; ++i) {
    xml += "<PubmedArticle><MedlineCitation><PMID>" + std::to_string(i) +
           "</PMID><Article><ArticleTitle>" + (i == 6 ? "bad </X> here" : "caf\xe9") +
           "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n";
  }
  xml += "</PubmedArticleSet>\n";
  const Read r = read_path(dir.write("latin1.xml", xml));
  CHECK(pmids(r) == std::vector<Pmid>{1, 2, 3, 4, 5});
  CHECK(r.records[0].title == "caf\xc3\xa9");
  CHECK(r.report.diagnostics.skipped() == 6);
  const auto& group = r.report.diagnostics.skips().at("truncated or malformed XML");
  CHECK(group.examples[0].message.find("5 more record(s) after it are not read; reading "
                                       "stopped there") != std::string::npos);
  CHECK(group.examples[1].where.line == 9);
}

TEST_CASE("xml recovery: JATS articles resume at the next <article>") {
  TempDir dir;
  std::string xml = "<?xml version=\"1.0\"?>\n<pmc-articleset>\n";
  for (int i = 1; i <= 11; ++i) xml += jats_article(i, i == 6 ? "Bad \xc3\x28 byte" : "Fine");
  xml += "</pmc-articleset>\n";
  const Read r = read_path(dir.write("set.xml", xml));
  CHECK(pmids(r) == kAllButSix);
  CHECK(r.report.diagnostics.skipped() == 1);
  CHECK(only_skip(r.report.diagnostics, "truncated or malformed XML")
            .message.find("the article in progress (<article> at line 23)") != std::string::npos);
}

TEST_CASE("xml: records are read under any root; detection by the record elements") {
  TempDir dir;
  const Read raw =
      read_path(dir.write("raw.xml", pubmed_file(pubmed_article(6, "Six."), "RAW_DATA")));
  CHECK(raw.report.format == Format::kPubmedXml);
  CHECK(raw.records.size() == 11);
  CHECK(raw.report.diagnostics.skipped() == 0);
  CHECK(citegraph::io::detect_format("<RAW_DATA>\n<PubmedArticle>").reason ==
        "PubMed XML (<PubmedArticle> inside root element <RAW_DATA>)");

  std::string articles = "<articles>\n";
  for (int i = 1; i <= 3; ++i) articles += jats_article(i, "T");
  articles += "</articles>\n";
  const Read jats = read_path(dir.write("articles.xml", articles));
  CHECK(jats.report.format == Format::kJats);
  CHECK(pmids(jats) == std::vector<Pmid>{1, 2, 3});

  // A wrapper without records stays unrecognised; forced, it is "not PubMed XML".
  CHECK(citegraph::io::detect_format("<html><body><article>x</article></body></html>").format ==
        Format::kAuto);
  CHECK(citegraph::io::detect_format("<catalog>\n<item/>\n</catalog>").format == Format::kAuto);
  const Read other =
      read_path(dir.write("other.xml", "<catalog>\n<item/>\n</catalog>\n"), Format::kPubmedXml);
  CHECK(other.records.empty());
  CHECK(only_skip(other.report.diagnostics, "not PubMed XML")
            .message.find("root element <catalog> is not <PubmedArticleSet>") != std::string::npos);
}

TEST_CASE("xml limits: attributes per element, elements per record, text length") {
  TempDir dir;
  // libxml2 2.9 compares each attribute with every earlier one of its element: an element
  // beyond max_attributes is skipped before libxml2 sees it, so that its work per element is
  // at most max_attributes^2 / 2 comparisons and a file's is linear in its size.
  const auto attributes = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += " a" + std::to_string(i) + "=\"1\"";
    return out;
  };
  const Read at_bound =
      read_path(dir.write("256.xml", pubmed_file(pubmed_article(6, "x", attributes(256)))));
  CHECK(at_bound.records.size() == 11);
  // 2.3 MB in one element: 230,000 attributes.
  const std::string many = pubmed_file(pubmed_article(6, "x", attributes(230'000)));
  CHECK(many.size() > 2'300'000);
  const Read over = read_path(dir.write("many.xml", many));
  CHECK(pmids(over) == kAllButSix);
  CHECK(only_skip(over.report.diagnostics, "truncated or malformed XML")
            .message.find("element with more than 256 attributes") != std::string::npos);

  ReadOptions options;
  options.limits.max_elements_per_record = 7;  // below its root, a record has 6
  std::string xml = "<PubmedArticleSet>\n" + pubmed_article(1, "One.") +
                    pubmed_article(2, "<i>T</i><b>w</b>o.") + pubmed_article(3, "Three.") +
                    "</PubmedArticleSet>\n";
  const std::string path = dir.write("elements.xml", xml);
  InputReport report = read_input(path, options, {});
  CHECK(report.records == 2);
  CHECK(only_skip(report.diagnostics, "truncated or malformed XML")
            .message.find("record with more than 7 elements") != std::string::npos);

  options = {};
  options.limits.max_text_bytes = 12;
  const std::string long_title =
      dir.write("text.xml", "<PubmedArticleSet>\n" + pubmed_article(1, "One.") +
                                pubmed_article(2, "A much longer title.") +
                                pubmed_article(3, "Three.") + "</PubmedArticleSet>\n");
  report = read_input(long_title, options, {});
  CHECK(report.records == 2);
  const Issue& text = only_skip(report.diagnostics, "truncated or malformed XML");
  CHECK(text.message.find("text longer than 12 bytes") != std::string::npos);
  CHECK(text.where.line == 6);  // the title line of the 2nd record

  // A record that spans chunks beyond max_record_bytes.
  options = {};
  options.limits.max_record_bytes = std::size_t{1} << 20;
  const std::string big_record =
      dir.write("record.xml", "<PubmedArticleSet>\n" + pubmed_article(1, "One.") +
                                  pubmed_article(2, std::string(3'000'000, 'x')) +
                                  pubmed_article(3, "Three.") + "</PubmedArticleSet>\n");
  report = read_input(big_record, options, {});
  CHECK(report.records == 2);
  const Issue& record = only_skip(report.diagnostics, "truncated or malformed XML");
  CHECK(record.message.find("record longer than 1048576 bytes") != std::string::npos);
  CHECK(record.where.line == 5);
}

namespace {

// A handler of <r> records that only counts, for the parser's own properties.
class CountingHandler final : public citegraph::io::xml::Handler {
 public:
  citegraph::io::xml::Parser* parser = nullptr;
  int records = 0;
  int fatal_errors = 0;
  std::size_t lost = 0;
  std::size_t depth = 0;
  std::size_t record_depth = 0;

  void start_element(std::string_view name, const citegraph::io::xml::Attributes&) override {
    ++depth;
    if (name == "r" && record_depth == 0) {
      record_depth = depth;
      parser->record_begun();
    }
  }
  void end_element(std::string_view) override {
    if (depth == record_depth) {
      record_depth = 0;
      ++records;
      parser->record_ended();
    }
    --depth;
  }
  void characters(std::string_view) override {}
  void parser_warning(const std::string&, const citegraph::SourceLocation&,
                      const std::string&) override {}
  void fatal(const citegraph::io::xml::Failure&,
             const std::vector<citegraph::SourceLocation>& lost_records,
             const std::optional<citegraph::SourceLocation>&) override {
    ++fatal_errors;
    lost += lost_records.size();
  }
  void restart() override {
    depth = 0;
    record_depth = 0;
  }
};

}  // namespace

TEST_CASE("xml parser: many bad records cost linear work") {
  TempDir dir;
  // 20,000 records, every other one with an undeclared entity: each error starts a new parser.
  std::string xml = "<set>\n";
  for (int i = 0; i < 20'000; ++i) {
    xml += i % 2 == 0 ? "<r><t>bad &nbsp; " + std::to_string(i) + "</t></r>\n"
                      : "<r><t>good " + std::to_string(i) + "</t></r>\n";
  }
  xml += "</set>\n";
  auto input = Input::open(dir.write("many.xml", xml));
  CountingHandler handler;
  citegraph::io::xml::Parser parser(*input, handler, ReadOptions{}.limits, {"r"});
  handler.parser = &parser;
  parser.run([] {});
  CHECK(handler.records == 10'000);
  CHECK(handler.fatal_errors == 10'000);
  CHECK(handler.lost == 10'000);
  // Each resume hands libxml2 at most its record and a 256-byte first piece again: linear in
  // the input, not a 1 MiB chunk per error (10 GB here).
  CHECK(parser.bytes_parsed() < xml.size() + 10'000 * (256 + 64));
}
