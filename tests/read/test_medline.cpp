#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"
#include "tests/io_test_support.hpp"

using citegraph::io::read_medline;
using namespace citegraph::io_test;

namespace {

Read read_path(const std::string& path, bool strict = false, Format format = Format::kMedline) {
  return citegraph::io_test::read_path(path, format, strict);
}

Read read_text(const std::string& text, bool strict = false) {
  static TempDir dir;
  static int counter = 0;
  return read_path(dir.write("input" + std::to_string(++counter) + ".nbib", text), strict);
}

std::uint64_t skip_count(const Read& read, const std::string& reason) {
  const auto& skips = read.report.diagnostics.skips();
  const auto it = skips.find(reason);
  return it == skips.end() ? 0 : it->second.count;
}

std::uint64_t warning_count(const Read& read, const std::string& reason) {
  const auto& warnings = read.report.diagnostics.warning_groups();
  const auto it = warnings.find(reason);
  return it == warnings.end() ? 0 : it->second.count;
}

const Issue& first_skip(const Read& read, const std::string& reason) {
  return first_example(read.report.diagnostics, reason);
}

const std::string kFixture =
    std::string(CITEGRAPH_TEST_DATA) + "/fixtures/medline/biopython_pubmed_result2.txt";

}  // namespace

TEST_CASE("medline: Biopython's pubmed_result2 fixture, exact values") {
  const Read read = read_path(kFixture, false, Format::kAuto);
  CHECK(read.report.format == Format::kMedline);
  CHECK_FALSE(read.report.format_has_references);
  CHECK(read.report.diagnostics.skipped() == 0);
  CHECK(read.report.diagnostics.warnings() == 0);
  REQUIRE(read.records.size() == 4);

  const std::vector<Pmid> pmids = {16403221, 16377612, 14871861, 14630660};
  const std::vector<std::string> titles = {
      "A high level interface to SCOP and ASTRAL implemented in python.",
      // TI wraps onto a continuation line in the file.
      "GenomeDiagram: a python package for the visualization of large-scale genomic data.",
      "Open source clustering software.",
      "PDB file parser and structure class implemented in Python."};
  const std::vector<int> years = {2006, 2006, 2004, 2003};
  // TA (NLM abbreviation) wins over JT ("BMC bioinformatics", "Bioinformatics (Oxford, England)").
  const std::vector<std::string> journals = {"BMC Bioinformatics", "Bioinformatics",
                                             "Bioinformatics", "Bioinformatics"};
  const std::vector<std::size_t> author_counts = {3, 4, 4, 2};
  const std::vector<std::uint64_t> lines = {2, 67, 127, 192};
  const std::vector<std::string> volumes = {"7", "22", "20", "19"};
  const std::vector<std::string> issues = {"", "5", "9", "17"};
  const std::vector<std::string> pages = {"10", "616-7", "1453-4", "2308-10"};
  const std::vector<std::string> dois = {"10.1186/1471-2105-7-10", "10.1093/bioinformatics/btk021",
                                         "10.1093/bioinformatics/bth078", ""};
  // Lengths of Biopython's AB values (lines right-stripped, joined with one space).
  const std::vector<std::size_t> abstract_sizes = {1245, 838, 1137, 813};
  const std::vector<std::size_t> mesh_counts = {9, 8, 8, 9};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    const Record& r = read.records[i];
    REQUIRE(r.ids.pmid.has_value());
    CHECK(*r.ids.pmid == pmids[i]);
    CHECK(r.title == titles[i]);
    CHECK(r.year == years[i]);
    CHECK(r.journal == journals[i]);
    CHECK(r.authors.size() == author_counts[i]);
    CHECK(r.affiliations.size() == 1);
    CHECK(r.where.path == kFixture);
    CHECK(r.where.line == lines[i]);
    CHECK(r.volume == volumes[i]);
    CHECK(r.issue == issues[i]);
    CHECK(r.pages == pages[i]);
    CHECK(r.ids.doi == dois[i]);
    CHECK(r.abstract.size() == abstract_sizes[i]);
    CHECK(r.mesh.size() == mesh_counts[i]);
    CHECK(r.keywords.empty());
    CHECK_FALSE(r.has_reference_list);
    CHECK(r.references.empty());
    CHECK_FALSE(r.deletion);
  }

  const Record& first = read.records[0];
  CHECK(first.authors ==
        std::vector<std::string>{"Casbon, James A", "Crooks, Gavin E", "Saqi, Mansoor A S"});
  CHECK(first.affiliations[0] ==
        "Bioinformatics, Institute of Cell and Molecular Science, School of Medicine and "
        "Dentistry, Queen Mary, University of London, London EC1 6BQ, UK. j.a.casbon@qmul.ac.uk");
  CHECK(first.ids.pmcid == "PMC1373603");
  CHECK(
      first.abstract.starts_with("BACKGROUND: Benchmarking algorithms in structural "
                                 "bioinformatics often involves the construction of datasets"));
  // "The ASTRAL " ends its line with a blank: still one space at the join.
  CHECK(first.abstract.find("The ASTRAL compendium provides") != std::string::npos);
  CHECK(first.abstract.ends_with("use in structural genomics easier and more principled."));
  CHECK(first.mesh == std::vector<std::string>{
                          "Database Management Systems", "Databases, Protein",
                          "Information Storage and Retrieval", "Programming Languages",
                          "Sequence Alignment", "Sequence Analysis, Protein",
                          "Sequence Homology, Amino Acid", "Software", "User-Computer Interface"});

  CHECK(read.records[1].authors.back() == "Toth, Ian K");
  CHECK(read.records[1].affiliations[0] ==
        "Plant Pathogen Programme, Scottish Crop Research Institute, Invergowrie, Dundee DD2 5DA, "
        "Scotland, UK. lpritc@scri.ac.uk");
  CHECK(read.records[1].ids.pmcid.empty());
  CHECK(read.records[2].authors.front() == "de Hoon, M J L");
  CHECK(read.records[2].affiliations[0] ==
        "Human Genome Center, Institute of Medical Science, University of Tokyo, 4-6-1 "
        "Shirokanedai, Minato-ku, Tokyo, 108-8639 Japan. mdehoon@ims.u-tokyo.ac.jp");
  const Record& last = read.records[3];
  CHECK(last.authors == std::vector<std::string>{"Hamelryck, Thomas", "Manderick, Bernard"});
  CHECK(last.affiliations[0] ==
        "Department of Cellular and Molecular Interactions, Vlaams Interuniversitair Instituut "
        "voor Biotechnologie and Computational Modeling Lab, Department of Computer Science, Vrije "
        "Universiteit Brussel, Pleinlaan 2, 1050 Brussels, Belgium. thamelry@vub.ac.be");
  // "Information Storage and Retrieval/*methods/*standards" keeps only the descriptor.
  CHECK(last.mesh[3] == "Information Storage and Retrieval");
  CHECK(last.mesh[1] == "Database Management Systems");
}

TEST_CASE("medline: CRLF, BOM and leading blank lines read like LF") {
  const std::string lf =
      "\n\nPMID- 101\nTI  - A title that\n      wraps.\nDP  - 2015 Mar\nTA  - J Test\n"
      "FAU - Doe, Jane\nAD  - Lab A.\n\nPMID- 102\nTI  - Second.\n";
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  crlf += "\r\n";
  for (const std::string& text : {lf, crlf}) {
    const Read read = read_text(text);
    REQUIRE(read.records.size() == 2);
    CHECK(read.report.diagnostics.skipped() == 0);
    CHECK(*read.records[0].ids.pmid == 101);
    CHECK(read.records[0].title == "A title that wraps.");
    CHECK(read.records[0].year == 2015);
    CHECK(read.records[0].journal == "J Test");
    CHECK(read.records[0].authors == std::vector<std::string>{"Doe, Jane"});
    CHECK(read.records[0].affiliations == std::vector<std::string>{"Lab A."});
    CHECK(read.records[0].where.line == 3);
    CHECK(*read.records[1].ids.pmid == 102);
    CHECK(read.records[1].title == "Second.");
    CHECK(read.records[1].where.line == 11);
  }
}

TEST_CASE("medline: auto-detection also accepts CRLF") {
  static TempDir dir;
  const Read read =
      read_path(dir.write("crlf.txt", "PMID- 7\r\nTI  - T.\r\n\r\n"), false, Format::kAuto);
  CHECK(read.report.format == Format::kMedline);
  REQUIRE(read.records.size() == 1);
  CHECK(read.records[0].title == "T.");
}

TEST_CASE("medline: continuation lines join every kind of field with one space") {
  const Read read = read_text(
      "PMID- 5\n"
      "AB  -\n"                  // empty first line of a value
      "      First part   \n"    // trailing blanks dropped
      "      \n"                 // an all-blank continuation adds nothing, ends nothing
      "         second part.\n"  // deeper indentation trimmed
      "FAU - Wrapped-Surname,\n"
      "      Given\n"
      "MH  - Sequence Analysis,\n"
      "      Protein/*methods\n"
      "OT  - first keyword\n"
      "OT  - wrapped\n"
      "      keyword\n"
      "PT  - Journal Article\n"
      "      continued but ignored\n"
      "AID - 10.1000/very-long-doi-that-\n"
      "      wraps [doi]\n"
      "VI  - 12\n");
  REQUIRE(read.records.size() == 1);
  const Record& r = read.records[0];
  CHECK(read.report.diagnostics.skipped() == 0);
  CHECK(r.abstract == "First part second part.");
  CHECK(r.authors == std::vector<std::string>{"Wrapped-Surname, Given"});
  CHECK(r.mesh == std::vector<std::string>{"Sequence Analysis, Protein"});
  CHECK(r.keywords == std::vector<std::string>{"first keyword", "wrapped keyword"});
  // A DOI never holds a blank: the wrapped one is refused with a warning, not mangled.
  CHECK(r.ids.doi.empty());
  CHECK(warning_count(read, "invalid DOI") == 1);
  CHECK(r.volume == "12");
}

TEST_CASE("medline: field choices (journal, year, authors, affiliations, ids)") {
  SUBCASE("JT only, or TA after JT") {
    const Read read = read_text(
        "PMID- 1\nJT  - Journal of Testing\n\n"
        "PMID- 2\nJT  - Journal of Testing\nTA  - J Test\n");
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].journal == "Journal of Testing");
    CHECK(read.records[1].journal == "J Test");
  }
  SUBCASE("DP: the first 4-digit year") {
    const Read read = read_text(
        "PMID- 1\nDP  - 1998 Dec-1999 Jan\n\n"
        "PMID- 2\nDP  - 2015 Mar\n\n"
        "PMID- 3\nDP  - 12345 2001\n\n"
        "PMID- 4\nDP  - Spring\n");
    REQUIRE(read.records.size() == 4);
    CHECK(read.records[0].year == 1998);
    CHECK(read.records[1].year == 2015);
    CHECK(read.records[2].year == 2001);
    CHECK_FALSE(read.records[3].year.has_value());
    CHECK(warning_count(read, "DP without a year") == 1);
    const Issue& issue =
        read.report.diagnostics.warning_groups().at("DP without a year").examples[0];
    CHECK(issue.where.line == 11);
    CHECK(issue.where.column == 7);
  }
  SUBCASE("AU when there is no FAU; FAU when there are both") {
    const Read read = read_text(
        "PMID- 1\nAU  - Doe J\nAU  - Roe R\n\n"
        "PMID- 2\nFAU - Doe, John\nAU  - Doe J\n");
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].authors == std::vector<std::string>{"Doe J", "Roe R"});
    CHECK(read.records[1].authors == std::vector<std::string>{"Doe, John"});
  }
  SUBCASE("AD de-duplicated in order") {
    const Read read = read_text(
        "PMID- 1\nFAU - A\nAD  - Lab B.\nFAU - C\nAD  - Lab A.\nFAU - D\nAD  - Lab\n      B.\n"
        "AD  - Lab C.\n");
    REQUIRE(read.records.size() == 1);
    CHECK(read.records[0].affiliations == std::vector<std::string>{"Lab B.", "Lab A.", "Lab C."});
  }
  SUBCASE("many affiliations") {
    std::string text = "PMID- 1\n";
    for (int i = 0; i < 100; ++i) text += "AD  - Lab " + std::to_string(i % 40) + ".\n";
    const Read read = read_text(text);
    REQUIRE(read.records.size() == 1);
    REQUIRE(read.records[0].affiliations.size() == 40);
    CHECK(read.records[0].affiliations.front() == "Lab 0.");
    CHECK(read.records[0].affiliations.back() == "Lab 39.");
  }
  SUBCASE("DOI and PMCID from AID, LID and PMC") {
    const Read read = read_text(
        "PMID- 1\nLID - S0140 [pii]\nLID - 10.1016/S0140-6736(15)00001-1 [doi]\n"
        "AID - 10.9999/ignored-second [doi]\nAID - PMC42 [pmc]\n\n"
        "PMID- 2\nPMC - PMC0077\nAID - https://doi.org/10.1/X [doi]\n\n"
        "PMID- 3\nPMC - 77x\n");
    REQUIRE(read.records.size() == 3);
    CHECK(read.records[0].ids.doi == "10.1016/s0140-6736(15)00001-1");
    CHECK(read.records[0].ids.pmcid == "PMC42");
    CHECK(read.records[1].ids.doi == "10.1/x");
    CHECK(read.records[1].ids.pmcid == "PMC77");
    CHECK(read.records[2].ids.pmcid.empty());
    CHECK(warning_count(read, "invalid PMCID") == 1);
  }
  SUBCASE("MeSH: stars and qualifiers removed") {
    const Read read = read_text(
        "PMID- 1\nMH  - *Humans\nMH  - Neoplasms/drug therapy/*genetics\nMH  - Mice, Inbred "
        "C57BL\n");
    REQUIRE(read.records.size() == 1);
    CHECK(read.records[0].mesh ==
          std::vector<std::string>{"Humans", "Neoplasms", "Mice, Inbred C57BL"});
  }
}

TEST_CASE("medline: bad lines are skipped, located, and the record kept") {
  const Read read = read_text(
      "PMID- 11\n"
      "TI  - Kept title.\n"
      "garbage line here\n"
      "      continuation of the garbage\n"
      "VI  - 3\n"
      "TOOLONG- x\n"
      "\n"
      "      stray continuation\n"
      "\n"
      "PMID- 12\n");
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].title == "Kept title.");
  CHECK(read.records[0].volume == "3");
  CHECK(*read.records[1].ids.pmid == 12);
  CHECK(skip_count(read, "unrecognised line") == 3);
  CHECK(read.report.diagnostics.skipped() == 3);
  const auto& examples = read.report.diagnostics.skips().at("unrecognised line").examples;
  REQUIRE(examples.size() == 3);
  CHECK(examples[0].where.path == read.path);
  CHECK(examples[0].where.line == 3);
  CHECK(examples[0].where.column == 1);
  CHECK(examples[0].line_text == "garbage line here");
  CHECK(examples[1].where.line == 6);
  CHECK(examples[2].where.line == 8);
  CHECK(examples[2].message == "continuation line outside a record");
}

TEST_CASE("medline: a bad line before a record's first field does not hide it") {
  const Read read = read_text("junk\nPMID- 3\nTI  - T.\n");
  REQUIRE(read.records.size() == 1);
  CHECK(read.records[0].where.line == 2);
  CHECK(skip_count(read, "unrecognised line") == 1);
  CHECK(skip_count(read, "record without PMID") == 0);
}

TEST_CASE("medline: records without PMID or with a bad PMID are skipped, the rest read") {
  const Read read = read_text(
      "TI  - No PMID here.\n"
      "AB  - Some text.\n"
      "\n"
      "PMID- 12a\n"
      "TI  - Bad PMID.\n"
      "DP  - Spring\n"  // no warning about a record that is skipped anyway
      "\n"
      "PMID- 0\n"
      "\n"
      "PMID- 4294967296\n"
      "\n"
      "PMID-\n"
      "\n"
      "PMID- 4294967295\n"
      "TI  - Largest PMID.\n");
  REQUIRE(read.records.size() == 1);
  CHECK(*read.records[0].ids.pmid == 4294967295U);
  CHECK(read.records[0].title == "Largest PMID.");
  CHECK(skip_count(read, "record without PMID") == 1);
  CHECK(skip_count(read, "invalid PMID") == 4);
  CHECK(read.report.diagnostics.warnings() == 0);
  const Issue& missing = first_skip(read, "record without PMID");
  CHECK(missing.where.line == 1);
  CHECK(missing.where.column == 1);
  CHECK(missing.line_text == "TI  - No PMID here.");
  CHECK(missing.message.find("up to line 2") != std::string::npos);
  const Issue& bad = first_skip(read, "invalid PMID");
  CHECK(bad.where.line == 4);
  CHECK(bad.where.column == 7);
  CHECK(bad.line_text == "PMID- 12a");
  CHECK(bad.message.find("not a number") != std::string::npos);
}

TEST_CASE("medline: bad PMID messages, word for word") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"PMID- 12a\n", "PMID \"12a\" is not a number; record skipped"},
      {"PMID- 0000\n", "PMID \"0000\" is zero; record skipped"},
      {"PMID- 4294967296\n", "PMID \"4294967296\" is larger than 4294967295; record skipped"},
      {"PMID-\n", "PMID is empty; record skipped"},
      // The first problem met left to right: too large before the letter (the pairs reader and
      // parse_pmid say "is not a number" here).
      {"PMID- 99999999999x\n", "PMID \"99999999999x\" is larger than 4294967295; record skipped"},
      {"PMID- 9x99999999999\n", "PMID \"9x99999999999\" is not a number; record skipped"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    const Read read = read_text(text);
    CHECK(read.records.empty());
    REQUIRE(skip_count(read, "invalid PMID") == 1);
    CHECK(first_skip(read, "invalid PMID").message == message);
  }
  const Read zeros = read_text("PMID- 000000000000042\nTI  - Leading zeros.\n");
  REQUIRE(zeros.records.size() == 1);
  CHECK(*zeros.records[0].ids.pmid == 42U);
}

TEST_CASE("medline: a second PMID without a blank line starts a new record") {
  const Read read = read_text("PMID- 1\nTI  - One.\nPMID- 2\nTI  - Two.\n");
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].title == "One.");
  CHECK(read.records[1].title == "Two.");
  CHECK(read.records[1].where.line == 3);
  CHECK(warning_count(read, "records not separated by a blank line") == 1);
  CHECK(read.report.diagnostics.skipped() == 0);
  // A separator of 6 blanks reads as an empty continuation line: the same recovery applies.
  const Read blanks = read_text("PMID- 1\nTI  - One.\n        \nPMID- 2\nTI  - Two.\n");
  REQUIRE(blanks.records.size() == 2);
  CHECK(blanks.records[0].title == "One.");
  CHECK(blanks.records[1].title == "Two.");
}

TEST_CASE("medline: strict mode throws ParseError at the first bad piece") {
  SUBCASE("bad line") {
    try {
      (void)read_text("PMID- 1\nTI  - T.\n???\n", true);
      FAIL("expected ParseError");
    } catch (const ParseError& error) {
      CHECK(error.where().line == 3);
      CHECK(error.where().column == 1);
    }
  }
  SUBCASE("missing PMID") {
    CHECK_THROWS_AS((void)read_text("TI  - T.\n\nPMID- 2\n", true), ParseError);
  }
  SUBCASE("bad PMID") {
    try {
      (void)read_text("PMID- 1\n\nPMID- x1\n", true);
      FAIL("expected ParseError");
    } catch (const ParseError& error) {
      CHECK(error.where().line == 3);
      CHECK(error.where().column == 7);
    }
  }
  SUBCASE("well-formed input does not throw") {
    CHECK(read_path(kFixture, true).records.size() == 4);
  }
}

TEST_CASE("medline: inputs with no record") {
  // read_input refuses blank content before any reader runs: call the reader itself.
  static TempDir dir;
  const std::unique_ptr<Input> input = Input::open(dir.write("blank.txt", "\n  \n      \n\n"));
  Diagnostics diagnostics;
  const ReadOptions options;
  ReadContext context(options, diagnostics);
  std::size_t records = 0;
  read_medline(*input, context, [&records](Record&&) { ++records; });
  CHECK(records == 0);
  CHECK(diagnostics.skipped() == 0);
  CHECK(diagnostics.warnings() == 0);
  const Read ignored = read_text("OWN - NLM\n\n");
  CHECK(ignored.records.empty());
  CHECK(skip_count(ignored, "record without PMID") == 1);
}

TEST_CASE("medline: a 10 MB line") {
  const std::string big(10 * 1024 * 1024, 'x');
  SUBCASE("as a value") {
    const Read read = read_text("PMID- 9\nAB  - " + big + "\nTI  - After.\n");
    REQUIRE(read.records.size() == 1);
    CHECK(read.records[0].abstract.size() == big.size());
    CHECK(read.records[0].title == "After.");
  }
  SUBCASE("as a bad line: skipped, quoted in part") {
    const Read read = read_text("PMID- 9\n" + big + "\nTI  - After.\n");
    REQUIRE(read.records.size() == 1);
    CHECK(read.records[0].title == "After.");
    const Issue& issue = first_skip(read, "unrecognised line");
    CHECK(issue.where.line == 2);
    CHECK(issue.line_text.size() < 1024);
  }
}
