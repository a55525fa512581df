#include <string>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/format.hpp"
#include "tests/io_test_support.hpp"

using citegraph::io::detect_format;
using citegraph::io::Detection;
using citegraph::io::format_name;
using citegraph::io::parse_format;
using namespace citegraph::io_test;

namespace {

// The first 64 KiB of a test data file, as read_input would peek it.
std::string head_of(const std::string& relative) {
  return slurp(std::string(CITEGRAPH_TEST_DATA) + "/" + relative).substr(0, 64 * 1024);
}

Format detected(std::string_view head) { return detect_format(head).format; }

}  // namespace

TEST_CASE("format: names round-trip and a bad name lists the accepted ones") {
  for (Format format : {Format::kAuto, Format::kPubmedPage, Format::kMedline, Format::kPubmedXml,
                        Format::kJats, Format::kPairs}) {
    CHECK(parse_format(format_name(format)) == format);
  }
  CHECK(format_name(Format::kPubmedPage) == "pubmed-page");
  CHECK(format_name(Format::kPubmedXml) == "pubmed-xml");
  CHECK_THROWS_WITH_AS((void)parse_format("xml"),
                       "invalid input format \"xml\" (accepted: auto, pubmed-page, medline, "
                       "pubmed-xml, jats, pairs)",
                       InvalidArgument);
  CHECK_THROWS_AS((void)parse_format(""), InvalidArgument);
  CHECK_THROWS_AS((void)parse_format("Pairs"), InvalidArgument);
}

TEST_CASE("format: the fixtures are recognised by content") {
  for (const char* xml :
       {"fixtures/pubmed_xml/biopython_pubmed4_commentscorrections.xml",
        "fixtures/pubmed_xml/biopython_pubmed7.xml", "fixtures/pubmed_xml/ncbiutils_markup.xml",
        "fixtures/pubmed_xml/ncbiutils_pubmed.xml",
        "fixtures/pubmed_xml/ncbiutils_update_pubmed22n1115.xml"}) {
    CAPTURE(xml);
    const Detection detection = detect_format(head_of(xml));
    CHECK(detection.format == Format::kPubmedXml);
    CHECK(detection.reason == "PubMed XML (root element <PubmedArticleSet>)");
  }
  CHECK(detected(head_of("fixtures/medline/biopython_pubmed_result2.txt")) == Format::kMedline);
  CHECK(detected(head_of("fixtures/citation_pairs/opencitations_noci_citations.csv")) ==
        Format::kPairs);
  CHECK(detected(head_of("fixtures/citation_pairs/oc_ds_converter_icite_rows.csv")) ==
        Format::kPairs);
  // The new page layout ("Author Information") and the legacy one ("Send to", "Choose
  // Destination", "Author information").
  CHECK(detected(head_of("seeds/000_6583a983e76283fa.txt")) == Format::kPubmedPage);
  CHECK(detected(head_of("seeds/003_634ac85d96d18530.txt")) == Format::kPubmedPage);
}

TEST_CASE("format: empty and binary content") {
  CHECK(detect_format("").format == Format::kAuto);
  CHECK(detect_format("").reason == "empty input");
  CHECK(detect_format(" \r\n\t\n").reason == "empty input");
  CHECK(detect_format("\xEF\xBB\xBF\n").reason == "empty input");
  CHECK(detect_format(std::string("PMID- 1\n\0", 9)).reason == "binary data");
  CHECK(detect_format(std::string("\x1f\x8b\x08\x00", 4)).reason == "binary data");
  std::string noise;
  for (int i = 0; i < 400; ++i) noise += static_cast<char>(0x80 + (i * 37) % 128);
  CHECK(detect_format(noise).reason == "binary data");
  std::string controls = "citing,referenced\n";
  for (int i = 0; i < 10; ++i) controls += "\x01\x02\x03";
  CHECK(detect_format(controls).reason == "binary data");
  // UTF-8 text is text, and so is a multi-byte character cut by the end of the head.
  CHECK(detected("Author Information\n  1. J\xC3\xA4rvisalo J: Turku, Finland.\n") ==
        Format::kPubmedPage);
  CHECK(detected("citing,referenced\n1,2 \xE2\x80") == Format::kPairs);
}

TEST_CASE("format: XML by its root element, after the prolog") {
  CHECK(detected("<PubmedArticleSet>") == Format::kPubmedXml);
  CHECK(detected("  \n<PubmedArticle>\n<MedlineCitation/>") == Format::kPubmedXml);
  CHECK(detected("<?xml version=\"1.0\"?><PubmedBookArticle>") == Format::kPubmedXml);
  CHECK(detected("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<!-- exported -->\n<!DOCTYPE PubmedArticleSet [ <!ENTITY x \"<y>\"> ]>\n"
                 "<PubmedArticleSet>") == Format::kPubmedXml);
  CHECK(detected("<?xml version=\"1.0\"?>\n<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS//EN\" "
                 "\"JATS-archivearticle1.dtd\">\n<article "
                 "xmlns:xlink=\"http://www.w3.org/1999/xlink\">") == Format::kJats);
  CHECK(detected("<pmc-articleset><article>") == Format::kJats);
  // A head that ends inside the prolog still names its document type.
  CHECK(detected("<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD") ==
        Format::kPubmedXml);

  const Detection html = detect_format("<!DOCTYPE html>\n<html><body>");
  CHECK(html.format == Format::kAuto);
  CHECK(html.reason == "XML of an unsupported kind (root element <html>)");
  CHECK(detected("<articles>") == Format::kAuto);
  CHECK(detected("<PubmedArticleSetX>") == Format::kAuto);
  CHECK(detected("<?xml version=\"1.0\"?>") == Format::kAuto);
}

TEST_CASE("format: MEDLINE by its first non-blank line") {
  CHECK(detected("PMID- 16403221\nOWN - NLM\n") == Format::kMedline);
  CHECK(detected("\r\n\r\nPMID- 16403221\r\nOWN - NLM\r\n") == Format::kMedline);
  CHECK(detected("PMID-16403221\n") == Format::kAuto);
  CHECK(detected("OWN - NLM\nPMID- 16403221\n") == Format::kAuto);
}

TEST_CASE("format: citation-pairs CSV by its header") {
  CHECK(detected("citing,referenced\n1,2\n") == Format::kPairs);
  CHECK(detected("citing,referenced") == Format::kPairs);
  CHECK(detected("\"citing\",\"cited\",\"creation\",\"timespan\"\r\n") == Format::kPairs);
  CHECK(detected("oci,citing,cited,creation,timespan,journal_sc,author_sc\n") == Format::kPairs);
  CHECK(detected("Citing, Cited\n") == Format::kPairs);
  CHECK(detected("pmid,doi,title,authors,year,journal,cited_by,references\n") == Format::kPairs);
  CHECK(detected("\"pmid\",\"references\"\n") == Format::kPairs);
  CHECK(detect_format("pmid,references\n").reason ==
        "iCite CSV (header \"pmid,...\" with a \"references\" column)");
  CHECK(detect_format("citing,referenced\n").reason ==
        "citation-pairs CSV (header with \"citing\" and \"referenced\")");

  CHECK(detected("citing\n1\n") == Format::kAuto);
  CHECK(detected("citing,citer\n") == Format::kAuto);
  CHECK(detected("doi,pmid,references\n") == Format::kAuto);  // iCite starts with pmid
  CHECK(detected("pmid,title\n") == Format::kAuto);
  // The header must be the first line.
  CHECK(detected("# comment\nciting,referenced\n") == Format::kAuto);
}

TEST_CASE("format: PubMed page text by its headings or reference lines") {
  CHECK(detected("A title.\n\nA Author, B Author\nAuthor Information\n  1. A Author: X.\n") ==
        Format::kPubmedPage);
  CHECK(detected("Title\nAuthor information\n1 Dept\n") == Format::kPubmedPage);
  CHECK(detected("Send to\r\n\r\nChoose Destination\r\nLupus. 2018.\r\n") == Format::kPubmedPage);
  CHECK(detected("Abstract text.\n\n  1. Stem Cells. 2006 May;24(5):1294-301 [PMID: 16410387]\n") ==
        Format::kPubmedPage);
  CHECK(detected("  12. J Clin Invest. 2002 Feb;109(3):337-46 [PMID: 11827993]") ==
        Format::kPubmedPage);

  CHECK(detected("Send to\n") == Format::kAuto);
  CHECK(detected("1. Stem Cells. 2006 [PMID: 16410387]\n") == Format::kAuto);    // not indented
  CHECK(detected("  1. Stem Cells. 2006 [PMID: ]\n") == Format::kAuto);          // no PMID
  CHECK(detected("  x. Stem Cells. 2006 [PMID: 16410387]\n") == Format::kAuto);  // not numbered
  CHECK(detected("The Author Information section\n") == Format::kAuto);
}

TEST_CASE("format: anything else is unrecognised, with its first line") {
  const Detection text = detect_format("\n\n  hello world  \nsecond\n");
  CHECK(text.format == Format::kAuto);
  CHECK(text.reason == "unrecognised content (first line: \"hello world\")");
  const Detection long_line = detect_format(std::string(300, 'z') + "\n");
  CHECK(long_line.reason ==
        "unrecognised content (first line: \"" + std::string(80, 'z') + "...\")");
  const Detection escaped = detect_format("colour \x1b[0m reset, then plain words\n");
  CHECK(escaped.reason ==
        "unrecognised content (first line: \"colour \\x1b[0m reset, then plain words\")");
}
