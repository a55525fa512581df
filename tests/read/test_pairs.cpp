#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"
#include "tests/io_test_support.hpp"

namespace fs = std::filesystem;
using namespace citegraph::io_test;

namespace {

const std::string kData = CITEGRAPH_TEST_DATA;

}  // namespace

TEST_CASE("pairs: the OpenCitations NOCI fixture") {
  const std::string path = kData + "/fixtures/citation_pairs/opencitations_noci_citations.csv";
  const Read read = read_path(path);
  CHECK(read.report.format == Format::kPairs);
  CHECK(read.report.records == 10);
  CHECK(read.report.references == 10);
  CHECK(read.report.references_with_pmid == 10);
  CHECK(read.report.diagnostics.skipped() == 0);
  CHECK(read.report.diagnostics.warnings() == 0);
  CHECK_FALSE(read.report.compressed);
  CHECK(read.report.bytes == fs::file_size(path));
  CHECK(read.report.sha256.size() == 64);
  REQUIRE(read.records.size() == 10);

  const Record& first = read.records.front();
  CHECK(first.ids.pmid == Pmid{2140506});
  CHECK(first.ids.doi.empty());
  CHECK(first.has_reference_list);
  CHECK(first.where.path == path);
  CHECK(first.where.line == 2);
  CHECK(reference_pmids(first) == std::vector<Pmid>{2942070});
  CHECK(first.references[0].where.line == 2);
  CHECK(first.references[0].where.column == 12);  // the second quoted field's value
  CHECK(first.references[0].citation.empty());

  const Record& last = read.records.back();
  CHECK(last.ids.pmid == Pmid{2368927});
  CHECK(reference_pmids(last) == std::vector<Pmid>{355650});
  CHECK(last.where.line == 11);
}

TEST_CASE("pairs: the iCite fixture, one record per row with its metadata") {
  const std::string path = kData + "/fixtures/citation_pairs/oc_ds_converter_icite_rows.csv";
  const Read read = read_path(path);
  CHECK(read.report.format == Format::kPairs);
  CHECK(read.report.records == 15);
  CHECK(read.report.references == 367);
  CHECK(read.report.references_with_pmid == 367);
  CHECK(read.report.diagnostics.skipped() == 0);
  CHECK(read.report.diagnostics.warnings() == 0);
  REQUIRE(read.records.size() == 15);

  const Record& first = read.records[0];
  CHECK(first.ids.pmid == Pmid{1});
  CHECK(first.ids.doi == "10.1016/0006-2944(75)90147-7");
  CHECK(first.title == "Formate assay in body fluids: application in methanol poisoning.");
  CHECK(first.authors ==
        std::vector<std::string>{"A B Makar", "K E McMartin", "M Palese", "T R Tephly"});
  CHECK(first.year == 1975);
  CHECK(first.journal == "Biochem Med");
  CHECK(first.has_reference_list);
  CHECK(first.where.line == 2);
  CHECK(reference_pmids(first) == std::vector<Pmid>{4972128, 4332837, 13672941, 14203183, 14161139,
                                                    14323813, 4990046, 4988806});
  // cited_by (27354968 ... for PMID 1) never becomes a reference.
  for (const auto& reference : first.references) CHECK(reference.ids.pmid != Pmid{27354968});

  CHECK(read.records[6].references.size() == 97);
  CHECK(read.records[6].references.back().ids.pmid == Pmid{20370653});
  CHECK(read.records[9].ids.pmid == Pmid{10});
  CHECK(read.records[9].ids.doi.empty());  // empty doi field
  CHECK(read.records[10].authors == std::vector<std::string>{"R J Lefkowitz"});
  CHECK(read.records[12].ids.doi == "10.1016/0006-2952(75)90009-x");
  CHECK(read.records[12].authors == std::vector<std::string>{"J J\xC3\xA4rvisalo", "N E Saris"});
  CHECK(read.records[14].ids.pmid == Pmid{15});
  CHECK(read.records[14].where.line == 16);  // the last row has no final newline
  CHECK(read.records[14].references.back().ids.pmid == Pmid{22034695});
}

TEST_CASE("pairs: NIH OCC lines with the same citing PMID in a row make one record") {
  TempDir dir;
  const std::string path =
      dir.write("occ.csv", "citing,referenced\n1,2\n1,3\n2,3\n\n1,4\r\n1,4\n4294967295,1");
  const Read read = read_path(path);
  CHECK(read.report.records == 4);
  CHECK(read.report.references == 6);
  CHECK(read.report.diagnostics.skipped() == 0);
  REQUIRE(read.records.size() == 4);
  CHECK(read.records[0].ids.pmid == Pmid{1});
  CHECK(reference_pmids(read.records[0]) == std::vector<Pmid>{2, 3});
  CHECK(read.records[0].where.line == 2);
  // The path is left to the record (graph/record.hpp): no copy per reference.
  CHECK(read.records[0].references[1].where.path.empty());
  CHECK(read.records[0].where.path == path);
  CHECK(read.records[0].references[1].where.line == 3);
  CHECK(read.records[0].references[1].where.column == 3);
  CHECK(read.records[1].ids.pmid == Pmid{2});
  CHECK(reference_pmids(read.records[1]) == std::vector<Pmid>{3});
  // Not consecutive with the first group: another record (the builder merges them); a
  // repeated pair is kept as read.
  CHECK(read.records[2].ids.pmid == Pmid{1});
  CHECK(read.records[2].where.line == 6);
  CHECK(reference_pmids(read.records[2]) == std::vector<Pmid>{4, 4});
  CHECK(read.records[3].ids.pmid == Pmid{4294967295u});
  CHECK(reference_pmids(read.records[3]) == std::vector<Pmid>{1});
}

TEST_CASE("pairs: the largest PMID is accepted, one more is not") {
  TempDir dir;
  const Read read = read_path(
      dir.write("max.csv", "citing,referenced\n4294967295,1\n4294967296,2\n00000000007,08\n"));
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].ids.pmid == Pmid{4294967295u});
  CHECK(read.records[1].ids.pmid == Pmid{7});
  CHECK(reference_pmids(read.records[1]) == std::vector<Pmid>{8});
  CHECK(read.report.diagnostics.skipped() == 1);
  const Issue& issue = first_example(read.report.diagnostics, "invalid PMID");
  CHECK(issue.where.line == 3);
  CHECK(issue.where.column == 1);
  CHECK(issue.message == "citing PMID \"4294967296\" is larger than 4294967295");
}

TEST_CASE("pairs: bad rows are skipped with located messages, the rest is read") {
  TempDir dir;
  const std::string path = dir.write("bad.csv",
                                     "citing,referenced\n"
                                     "1,2\n"
                                     "abc,3\n"
                                     "0,4\n"
                                     "5,99999999999\n"
                                     "6,7,8\n"
                                     "9\n"
                                     "10,\n"
                                     "11,12\n"
                                     "\"13,14\n"
                                     "15,16\n");
  const Read read = read_path(path);
  const Diagnostics& diagnostics = read.report.diagnostics;
  CHECK(diagnostics.skipped() == 7);
  CHECK(diagnostics.skips().at("invalid PMID").count == 4);
  CHECK(diagnostics.skips().at("wrong field count").count == 2);
  CHECK(diagnostics.skips().at("unterminated quote").count == 1);

  const auto& bad_pmids = diagnostics.skips().at("invalid PMID").examples;
  REQUIRE(bad_pmids.size() == 4);
  CHECK(bad_pmids[0].where.path == path);
  CHECK(bad_pmids[0].where.line == 3);
  CHECK(bad_pmids[0].where.column == 1);
  CHECK(bad_pmids[0].message == "citing PMID \"abc\" is not a number");
  CHECK(bad_pmids[0].line_text == "abc,3");
  CHECK(bad_pmids[1].where.line == 4);
  CHECK(bad_pmids[1].message == "citing PMID \"0\" is zero");
  CHECK(bad_pmids[2].where.line == 5);
  CHECK(bad_pmids[2].where.column == 3);
  CHECK(bad_pmids[2].message == "referenced PMID \"99999999999\" is larger than 4294967295");
  CHECK(bad_pmids[3].where.line == 8);
  CHECK(bad_pmids[3].where.column == 4);
  CHECK(bad_pmids[3].message == "referenced PMID is empty");

  const auto& counts = diagnostics.skips().at("wrong field count").examples;
  CHECK(counts[0].where.line == 6);
  CHECK(counts[0].where.column == 5);
  CHECK(counts[0].message == "expected 2 fields, found 3");
  CHECK(counts[1].where.line == 7);
  CHECK(counts[1].where.column == 2);
  CHECK(counts[1].message == "expected 2 fields, found 1");

  const Issue& quote = first_example(diagnostics, "unterminated quote");
  CHECK(quote.where.line == 10);
  CHECK(quote.where.column == 1);
  CHECK(quote.line_text == "\"13,14");
  CHECK(quote.to_string().find(path + ":10:1: quoted field opened here is never closed") == 0);

  // The lines swallowed by the open quote are read again on their own.
  REQUIRE(read.records.size() == 3);
  CHECK(read.records[0].ids.pmid == Pmid{1});
  CHECK(read.records[1].ids.pmid == Pmid{11});
  CHECK(read.records[2].ids.pmid == Pmid{15});
  CHECK(read.records[2].where.line == 11);
  CHECK(reference_pmids(read.records[2]) == std::vector<Pmid>{16});
}

TEST_CASE("pairs: strict mode throws at the first bad row") {
  TempDir dir;
  const std::string path = dir.write("strict.csv", "citing,referenced\n1,2\n3,x4\n5,6\n");
  try {
    (void)read_path(path, Format::kAuto, true);
    FAIL("expected a ParseError");
  } catch (const ParseError& error) {
    CHECK(error.where().path == path);
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 3);
    CHECK(std::string(error.what()) ==
          path + ":3:3: referenced PMID \"x4\" is not a number\n  | 3,x4");
  }
  // Without --strict the same input is read with one skip.
  const Read read = read_path(path);
  CHECK(read.report.records == 2);
  CHECK(read.report.diagnostics.skipped() == 1);
}

TEST_CASE("pairs: a missing or unknown header is a ParseError at line 1") {
  TempDir dir;
  for (const std::string& text :
       {std::string("1,2\n3,4\n"), std::string("citing\n1\n"), std::string("source,target\n1,2\n"),
        std::string("\"citing,cited\n1,2\n")}) {
    CAPTURE(text);
    const std::string path = dir.write("header.csv", text);
    try {
      (void)read_path(path, Format::kPairs);
      FAIL("expected a ParseError");
    } catch (const ParseError& error) {
      CHECK(error.where().path == path);
      CHECK(error.where().line == 1);
      CHECK(error.where().column == 1);
      CHECK(error.message().find("not a citation-pairs header") == 0);
    }
  }
}

TEST_CASE("pairs: OpenCitations values are PMIDs, DOIs or several prefixed ids") {
  TempDir dir;
  const std::string path =
      dir.write("oc.csv",
                "\"oci\",\"citing\",\"cited\",\"creation\"\n"
                "\"a\",\"doi:10.1000/ABC\",\"pmid:123\",\"2019\"\n"
                "\"b\",\"10.1000/abc\",\"10.2000/X.Y\",\"\"\n"
                "\"c\",\"omid:br/06101 pmid:77 doi:10.3/Q\",\"omid:br/2 PMID:5\",\"\"\n"
                "\"d\",\"77\",\"https://doi.org/10.4/Z\",\"\"\n"
                "\"e\",\"pmid:12x\",\"1\",\"\"\n"
                "\"f\",\"omid:br/9\",\"1\",\"\"\n"
                "\"g\",\"1\",\"foo\",\"\"\n");
  const Read read = read_path(path);
  REQUIRE(read.records.size() == 3);
  CHECK_FALSE(read.records[0].ids.pmid);
  CHECK(read.records[0].ids.doi == "10.1000/abc");
  REQUIRE(read.records[0].references.size() == 2);
  CHECK(read.records[0].references[0].ids.pmid == Pmid{123});
  CHECK(read.records[0].references[0].where.column == 24);
  CHECK(read.records[0].references[1].ids.doi == "10.2000/x.y");
  CHECK_FALSE(read.records[0].references[1].ids.pmid);

  CHECK(read.records[1].ids.pmid == Pmid{77});
  CHECK(read.records[1].ids.doi == "10.3/q");
  CHECK(reference_pmids(read.records[1]) == std::vector<Pmid>{5});
  CHECK(read.records[2].ids.pmid == Pmid{77});
  CHECK(read.records[2].ids.doi.empty());
  CHECK(read.records[2].references[0].ids.doi == "10.4/z");

  CHECK(read.report.references == 4);
  CHECK(read.report.references_with_pmid == 2);
  const Diagnostics& diagnostics = read.report.diagnostics;
  CHECK(diagnostics.skipped() == 3);
  CHECK(first_example(diagnostics, "invalid PMID").message ==
        "citing PMID \"12x\" is not a number");
  CHECK(first_example(diagnostics, "invalid PMID").where.column == 6);
  const auto& bad_ids = diagnostics.skips().at("invalid identifier").examples;
  REQUIRE(bad_ids.size() == 2);
  CHECK(bad_ids[0].where.line == 7);
  CHECK(bad_ids[0].message == "citing \"omid:br/9\" has no PMID, DOI or PMCID");
  CHECK(bad_ids[1].where.line == 8);
  CHECK(bad_ids[1].where.column == 10);
  CHECK(bad_ids[1].message == "cited \"foo\" is not a PMID, DOI or PMCID");
}

TEST_CASE("pairs: iCite columns in any order, RFC 4180 quoting over several lines") {
  TempDir dir;
  const std::string path = dir.write("icite.csv",
                                     "references,title,year,pmid,cited_by,authors,doi\n"
                                     "\"1 2\",\"A \"\"quoted\"\", title\nover two "
                                     "lines\",2001,10,\"3\",\"X Y, Z W\",DOI:10.5/AbC\n"
                                     "3,\"plain\",19x5,11,,,\n"
                                     ",,,12,,,\n");
  // Detection wants "pmid" first; the reader itself finds the columns wherever they are.
  const Read read = read_path(path, Format::kPairs);
  REQUIRE(read.records.size() == 3);
  const Record& first = read.records[0];
  CHECK(first.ids.pmid == Pmid{10});
  CHECK(first.ids.doi == "10.5/abc");
  CHECK(first.title == "A \"quoted\", title\nover two lines");
  CHECK(first.year == 2001);
  CHECK(first.authors == std::vector<std::string>{"X Y", "Z W"});
  CHECK(reference_pmids(first) == std::vector<Pmid>{1, 2});
  CHECK(first.references[1].where.line == 2);
  CHECK(first.references[1].where.column == 4);
  CHECK(first.where.line == 2);

  const Record& second = read.records[1];
  CHECK(second.where.line == 4);  // line numbers count the line inside the quoted title
  CHECK(second.ids.pmid == Pmid{11});
  CHECK_FALSE(second.year);
  CHECK(second.authors.empty());
  CHECK(second.ids.doi.empty());
  CHECK(reference_pmids(second) == std::vector<Pmid>{3});

  const Record& third = read.records[2];
  CHECK(third.ids.pmid == Pmid{12});
  CHECK(third.has_reference_list);
  CHECK(third.references.empty());
  CHECK(third.title.empty());

  CHECK(read.report.diagnostics.skipped() == 0);
  CHECK(read.report.diagnostics.warnings() == 1);
  const Issue& year = read.report.diagnostics.warning_groups().at("invalid year").examples.at(0);
  CHECK(year.where.line == 4);
  CHECK(year.where.column == 11);
  CHECK(year.message == "year \"19x5\" is not a 4-digit year; ignored");
}

TEST_CASE("pairs: an iCite year of many digits is a warning, not an overflow") {
  // Found by the pairs fuzzer: the year used to be accumulated before its length was checked.
  TempDir dir;
  const std::string path = dir.write("icite.csv", "pmid,year,references\n1,12345678901,\n");
  const Read read = read_path(path, Format::kPairs);
  REQUIRE(read.records.size() == 1);
  CHECK_FALSE(read.records[0].year);
  CHECK(read.report.diagnostics.warnings() == 1);
  CHECK(read.report.diagnostics.warning_groups().count("invalid year") == 1);
}

TEST_CASE("pairs: a bad PMID inside an iCite reference list skips that reference only") {
  TempDir dir;
  const std::string path = dir.write("icite.csv",
                                     "pmid,doi,references\n"
                                     "5,,\"1 x 3 0\"\n"
                                     "x,,2\n"
                                     "6,not-a-doi,7\n"
                                     "7,,1,2\n");
  const Read read = read_path(path);
  REQUIRE(read.records.size() == 2);
  CHECK(reference_pmids(read.records[0]) == std::vector<Pmid>{1, 3});
  CHECK(read.records[1].ids.pmid == Pmid{6});
  CHECK(read.records[1].ids.doi.empty());
  const Diagnostics& diagnostics = read.report.diagnostics;
  CHECK(diagnostics.skipped() == 4);
  const auto& references = diagnostics.skips().at("invalid reference PMID").examples;
  REQUIRE(references.size() == 2);
  CHECK(references[0].where.line == 2);
  CHECK(references[0].where.column == 7);
  CHECK(references[0].message == "reference PMID \"x\" is not a number");
  CHECK(references[1].where.column == 11);
  CHECK(references[1].message == "reference PMID \"0\" is zero");
  CHECK(first_example(diagnostics, "invalid PMID").message == "PMID \"x\" is not a number");
  CHECK(first_example(diagnostics, "wrong field count").where.line == 5);
  CHECK(diagnostics.warning_groups().at("invalid DOI").count == 1);

  ReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_WITH_AS(read_input(path, strict, nullptr),
                       doctest::Contains(":2:7: reference PMID \"x\" is not a number"), ParseError);
}

TEST_CASE("pairs: a quote left open is abandoned after a bounded number of lines") {
  TempDir dir;
  std::string text = "pmid,title,references\n1,\"never closed,2\n";
  for (int i = 2; i < 300; ++i) text += std::to_string(i) + ",t," + std::to_string(i + 1) + "\n";
  const Read read = read_path(dir.write("open.csv", text));
  CHECK(read.report.diagnostics.skips().at("unterminated quote").count == 1);
  // Every row after the broken one is read again on its own.
  REQUIRE(read.records.size() == 298);
  CHECK(read.records.front().ids.pmid == Pmid{2});
  CHECK(read.records.front().where.line == 3);
  CHECK(read.records.back().ids.pmid == Pmid{299});
  CHECK(read.records.back().where.line == 300);
}

TEST_CASE("pairs: malformed quoting") {
  TempDir dir;
  const Read read =
      read_path(dir.write("q.csv", "\"citing\",\"cited\"\n\"1\"x,\"2\"\n\"3\",\"4\"\n"));
  REQUIRE(read.records.size() == 1);
  CHECK(read.records[0].ids.pmid == Pmid{3});
  const Issue& issue = first_example(read.report.diagnostics, "malformed quoting");
  CHECK(issue.where.line == 2);
  CHECK(issue.where.column == 4);
}

TEST_CASE("pairs: gzip'd NIH OCC input through read_input") {
  TempDir dir;
  std::string text = "citing,referenced\n";
  std::uint64_t pairs = 0;
  for (Pmid citing = 1; citing <= 2000; ++citing) {
    for (Pmid k = 1; k <= citing % 7; ++k) {
      text += std::to_string(citing) + "," + std::to_string(citing * 10 + k) + "\n";
      ++pairs;
    }
  }
  const std::string packed = gzip(text);
  const std::string path = dir.write("occ.csv.gz", packed);
  const Read read = read_path(path);
  CHECK(read.report.format == Format::kPairs);
  CHECK(read.report.compressed);
  CHECK(read.report.bytes == packed.size());
  CHECK(read.report.format_has_references);
  CHECK(read.report.references == pairs);
  CHECK(read.report.references_with_pmid == pairs);
  // Citing PMIDs with citing % 7 == 0 have no pairs.
  CHECK(read.report.records == 2000 - 2000 / 7);
  REQUIRE(read.records.size() == read.report.records);
  CHECK(read.records[1].ids.pmid == Pmid{2});
  CHECK(reference_pmids(read.records[1]) == std::vector<Pmid>{21, 22});

  // The same bytes uncompressed give the same records and another checksum.
  const Read plain = read_path(dir.write("occ.csv", text));
  CHECK_FALSE(plain.report.compressed);
  CHECK(plain.report.records == read.report.records);
  CHECK(plain.report.sha256 != read.report.sha256);
}

TEST_CASE("pairs: read_pairs on an Input directly") {
  TempDir dir;
  const std::string path = dir.write("direct.csv",
                                     "\xEF\xBB\xBF"
                                     "citing,referenced\n8,9\n");
  auto input = citegraph::io::Input::open(path);
  ReadOptions options;
  Diagnostics diagnostics;
  citegraph::io::ReadContext context(options, diagnostics);
  std::vector<Record> records;
  citegraph::io::read_pairs(*input, context,
                            [&records](Record&& record) { records.push_back(std::move(record)); });
  REQUIRE(records.size() == 1);
  CHECK(records[0].ids.pmid == Pmid{8});
  CHECK(reference_pmids(records[0]) == std::vector<Pmid>{9});
}
