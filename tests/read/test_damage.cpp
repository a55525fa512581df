// Damaged input through read_input (issue 14.5, 14.7, 14.8 and issue 10's bounds): truncated and
// padded gzip, NUL and invalid UTF-8 in the text formats, over-long lines, control characters
// in messages.
#include <string>
#include <vector>

#include "citegraph/read/format.hpp"
#include "read/text_check.hpp"
#include "tests/io_test_support.hpp"

using namespace citegraph::io_test;

namespace {

// A MEDLINE record of 4 lines plus a blank line.
std::string medline_record(int pmid, const std::string& title = "A title.") {
  return "PMID- " + std::to_string(pmid) + "\nTI  - " + title + "\nTA  - Lupus\nDP  - 2018 Jun\n\n";
}

std::string medline_file(int records) {
  std::string out;
  for (int i = 1; i <= records; ++i)
    out += medline_record(i, "Title number " + std::to_string(i) + " " +
                                 std::string(static_cast<std::size_t>(i * 37 % 300), 'x') + ".");
  return out;
}

std::vector<Pmid> pmids(const Read& r) {
  std::vector<Pmid> out;
  for (const Record& record : r.records) out.push_back(record.ids.pmid.value_or(0));
  return out;
}

}  // namespace

TEST_CASE("damaged gzip: a truncated file keeps every complete record before the cut") {
  TempDir dir;
  const std::string text = medline_file(200);
  const std::string packed = gzip(text);
  const std::string cut = packed.substr(0, packed.size() / 2);
  const std::string path = dir.write("cut.nbib.gz", cut);
  // What the decoder can give from the cut file: the complete records are those before the last
  // blank line of that prefix.
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
  std::string decoded(text.size(), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(cut.data()));
  zs.avail_in = static_cast<uInt>(cut.size());
  zs.next_out = reinterpret_cast<Bytef*>(decoded.data());
  zs.avail_out = static_cast<uInt>(decoded.size());
  (void)inflate(&zs, Z_SYNC_FLUSH);
  decoded.resize(zs.total_out);
  inflateEnd(&zs);
  const std::size_t complete_end = decoded.rfind("\n\n");
  std::size_t complete = 0;
  for (std::size_t at = decoded.find("PMID- "); at < complete_end;
       at = decoded.find("PMID- ", at + 1)) {
    ++complete;
  }
  REQUIRE(complete > 10);

  const Read r = read_path(path);
  CHECK(r.records.size() == complete);
  CHECK(r.records.back().ids.pmid == complete);
  REQUIRE(r.report.damage);
  CHECK(r.report.damage->offset == cut.size());
  CHECK(r.report.diagnostics.warnings() == 1);
  const Issue& warning =
      r.report.diagnostics.warning_groups().at("corrupt or truncated gzip data").examples.at(0);
  CHECK(warning.message.find("corrupt or truncated gzip data at byte " +
                             std::to_string(cut.size())) == 0);
  CHECK(warning.message.find("the " + std::to_string(complete) + " records before it were read") !=
        std::string::npos);
  // The record cut in the middle is skipped, never emitted half.
  CHECK(r.report.diagnostics.skips().count("record cut off by damaged gzip data") == 1);

  // Under --strict the damage is a ParseError (exit 2), after the records before it.
  std::vector<Record> seen;
  ReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_AS(read_input(path, strict, [&seen](Record&& record) { seen.push_back(record); }),
                  ParseError);
  CHECK(seen.size() == complete);
}

TEST_CASE("damaged gzip: trailer missing, zero padding, multi-member, pairs cut mid-line") {
  TempDir dir;
  const std::string text = medline_file(37);
  const std::string packed = gzip(text);
  const Read no_trailer = read_path(dir.write("notrailer.gz", packed.substr(0, packed.size() - 8)));
  CHECK(no_trailer.records.size() == 37);  // the last record's blank line decoded: complete
  CHECK(no_trailer.report.damage);

  const Read padded = read_path(dir.write("padded.gz", packed + std::string(512, '\0')));
  CHECK(padded.records.size() == 37);
  CHECK_FALSE(padded.report.damage);
  CHECK(padded.report.diagnostics.warnings() == 0);

  const Read multi = read_path(
      dir.write("multi.gz", gzip(medline_file(3)) + gzip(medline_record(4) + medline_record(5))));
  CHECK(pmids(multi) == std::vector<Pmid>{1, 2, 3, 4, 5});
  CHECK_FALSE(multi.report.damage);

  // A pairs line cut by the damage could name a wrong PMID ("123,45" of "123,4567"): skipped.
  std::string pairs = "citing,referenced\n";
  for (int i = 1; i <= 20000; ++i)
    pairs += std::to_string(i) + "," + std::to_string(i + 1000000) + "\n";
  const std::string packed_pairs = gzip(pairs);
  const Read cut_pairs =
      read_path(dir.write("pairs.csv.gz", packed_pairs.substr(0, packed_pairs.size() - 100)));
  CHECK(cut_pairs.report.damage);
  CHECK(cut_pairs.report.diagnostics.skips().count("line cut off by damaged gzip data") <= 1);
  for (const Record& record : cut_pairs.records) {
    REQUIRE(record.references.size() == 1);
    CHECK(*record.references[0].ids.pmid == *record.ids.pmid + 1000000);
  }
}

TEST_CASE("damaged gzip: PubMed XML keeps the records before the cut") {
  TempDir dir;
  std::string xml = "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n";
  for (int i = 1; i <= 3000; ++i) {
    xml += "<PubmedArticle><MedlineCitation><PMID>" + std::to_string(i) +
           "</PMID><Article><ArticleTitle>Title " + std::to_string(i * 7919 % 100003) +
           "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n";
  }
  xml += "</PubmedArticleSet>\n";
  const std::string packed = gzip(xml);
  const Read r = read_path(dir.write("cut.xml.gz", packed.substr(0, packed.size() * 2 / 3)));
  REQUIRE(r.report.damage);
  CHECK(r.records.size() > 1000);
  CHECK(r.records.size() < 3000);
  for (std::size_t i = 0; i < r.records.size(); ++i) CHECK(*r.records[i].ids.pmid == i + 1);
  // The record in progress at the cut is a counted skip; the damage a warning.
  CHECK(r.report.diagnostics.skipped() == 1);
  CHECK(only_skip(r.report.diagnostics, "truncated or malformed XML")
            .message.find("PMID " + std::to_string(r.records.size() + 1)) != std::string::npos);
  CHECK(r.report.diagnostics.warning_groups().count("corrupt or truncated gzip data") == 1);
}

TEST_CASE("text formats: NUL and invalid UTF-8 are located, repaired with a warning") {
  TempDir dir;
  std::string text = medline_file(10);
  // A NUL in the title of record 2 (line 7), within the first 64 KiB: not "binary" any more.
  const std::size_t title2 = text.find("TI  - Title number 2");
  text.insert(title2 + 8, std::string(1, '\0'));
  // Invalid UTF-8 in record 5's title (line 22).
  const std::size_t title5 = text.find("TI  - Title number 5");
  text.insert(title5 + 8, "\xff");
  const std::string path = dir.write("bad.nbib", text);
  const Read r = read_path(path);
  CHECK(r.report.format == Format::kMedline);
  CHECK(r.records.size() == 10);
  CHECK(r.records[1].title.find("Ti\xEF\xBF\xBDtle number 2") == 0);
  CHECK(r.records[4].title.find("Ti\xEF\xBF\xBDtle number 5") == 0);
  const auto& group = r.report.diagnostics.warning_groups().at("NUL or invalid UTF-8 repaired");
  CHECK(group.count == 2);
  CHECK(group.examples[0].where.line == 7);
  CHECK(group.examples[0].where.column == 9);
  CHECK(group.examples[0].message == "a NUL byte in the text; replaced by U+FFFD");
  CHECK(group.examples[1].where.line == 22);
  CHECK(group.examples[1].message == "invalid UTF-8 (byte 0xff) in the text; replaced by U+FFFD");
  // The warning, printed, is not cut at the NUL: the quoted line shows it escaped.
  CHECK(group.examples[0].to_string().find("Title\\x00") == std::string::npos);
  CHECK(group.examples[0].to_string().find("Ti\\x00tle number 2") != std::string::npos);

  // Under --strict the record's problem is a ParseError located at the byte.
  try {
    (void)read_path(path, Format::kAuto, true);
    FAIL("no ParseError under --strict");
  } catch (const ParseError& error) {
    CHECK(error.where().line == 7);
    CHECK(error.where().column == 9);
  }

  // iCite / pairs CSV the same way.
  const Read csv =
      read_path(dir.write("pairs.csv", std::string("citing,referenced\n1,2\n3,4\xc3\n5,6\n")));
  CHECK(csv.report.diagnostics.warning_groups().at("NUL or invalid UTF-8 repaired").count == 1);
  CHECK(csv.report.diagnostics.warning_groups()
            .at("NUL or invalid UTF-8 repaired")
            .examples[0]
            .where.line == 3);

  // Binary by proportion: one NUL in text is text, a mostly-control file is binary.
  CHECK(citegraph::io::detect_format(std::string("PMID- 1\nTI  - a\0b\n", 18)).format ==
        Format::kMedline);
  CHECK(citegraph::io::detect_format(std::string(100, '\0') + "PMID- 1\n").reason == "binary data");
}

TEST_CASE("text formats: a PubMed page with a NUL and an over-long line") {
  TempDir dir;
  std::string page = slurp(std::string(CITEGRAPH_TEST_DATA) + "/seeds/000_6583a983e76283fa.txt");
  const Read clean = read_path(dir.write("clean.txt", page));
  REQUIRE(clean.records.size() == 1);
  // A NUL in the title (line 1), and a 2 MB line after the author line (line 4).
  page.insert(10, std::string(1, '\0'));
  const std::size_t line4 = page.find("Author Information");
  page.insert(line4, std::string(2u << 20, 'z') + "\n");
  ReadOptions options;
  options.limits.max_line_bytes = 1u << 20;
  options.format = Format::kPubmedPage;  // the long line pushes the headings past detection
  Read r;
  r.report = read_input(dir.write("page.txt", page), options,
                        [&r](Record&& record) { r.records.push_back(record); });
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].title.find("Mesenchyma\xEF\xBF\xBDl stem") == 0);
  CHECK(r.records[0].references.size() == clean.records[0].references.size());
  CHECK(r.records[0].authors == clean.records[0].authors);
  const Issue& nul =
      r.report.diagnostics.warning_groups().at("NUL or invalid UTF-8 repaired").examples.at(0);
  CHECK(nul.where.line == 1);
  CHECK(nul.where.column == 11);
  CHECK(only_skip(r.report.diagnostics, "line too long").where.line == 4);
}

TEST_CASE("text check: find_bad_text_byte and repair_text") {
  using citegraph::io::find_bad_text_byte;
  CHECK(find_bad_text_byte("plain ascii text, longer than eight bytes") == std::string::npos);
  CHECK(find_bad_text_byte("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == std::string::npos);
  CHECK(find_bad_text_byte(std::string("0123456789\0", 11)) == 10);
  CHECK(find_bad_text_byte("abc\xc3") == 3);              // truncated sequence
  CHECK(find_bad_text_byte("abcdefghij\xc0\xaf") == 10);  // overlong
  CHECK(find_bad_text_byte("\xed\xa0\x80") == 0);         // surrogate
  std::string out;
  citegraph::io::repair_text(std::string("a\0b\xff"
                                         "c",
                                         5),
                             out);
  CHECK(out ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c");
}

TEST_CASE("bounds: over-long lines are skipped without holding them; a single-line bomb") {
  TempDir dir;
  // 64 MB of one line, gzip'd to ~64 KB: LineReader holds at most max_line_bytes of it.
  const std::string bomb_line(64u << 20, 'a');
  const std::string path = dir.write(
      "bomb.nbib.gz", gzip("PMID- 1\nTI  - " + bomb_line + "\n\n" + medline_record(2), 9));
  ReadOptions options;
  options.limits.max_line_bytes = 1u << 20;
  Read r;
  r.report = read_input(path, options, [&r](Record&& record) { r.records.push_back(record); });
  CHECK(pmids(r) == std::vector<Pmid>{1, 2});  // record 1 keeps its other fields
  CHECK(r.records[0].title.empty());
  const Issue& skip = only_skip(r.report.diagnostics, "line too long");
  CHECK(skip.where.line == 2);
  CHECK(skip.message == "line longer than 1048576 bytes; skipped");

  // LineReader itself: the head of the long line, then the next line whole.
  const std::string file = dir.write("lines.txt", "short\n" + std::string(100, 'x') + "\nnext\n");
  auto input = Input::open(file);
  citegraph::io::LineReader lines(*input, 10);
  std::string_view line;
  REQUIRE(lines.next(line));
  CHECK(line == "short");
  REQUIRE(lines.next(line));
  CHECK(lines.too_long());
  CHECK(line == std::string(10, 'x'));
  REQUIRE(lines.next(line));
  CHECK_FALSE(lines.too_long());
  CHECK(line == "next");
  CHECK(lines.line_number() == 3);
  CHECK_FALSE(lines.next(line));

  // A MEDLINE record beyond max_record_bytes is skipped up to its blank line.
  options = {};
  options.limits.max_record_bytes = 200;
  std::string big = medline_record(1);
  big += "PMID- 2\n";
  for (int i = 0; i < 20; ++i) big += "AB  - " + std::string(50, 'b') + "\n";
  big += "\n" + medline_record(3);
  Read records;
  records.report = read_input(dir.write("big.nbib", big), options,
                              [&records](Record&& record) { records.records.push_back(record); });
  CHECK(pmids(records) == std::vector<Pmid>{1, 3});
  CHECK(only_skip(records.report.diagnostics, "record too long").where.line == 6);
}

TEST_CASE("format: detect_file_format tells bibliographic files from the rest") {
  TempDir dir;
  const auto detect = [&dir](const std::string& name, const std::string& bytes) {
    return citegraph::io::detect_file_format(dir.write(name, bytes));
  };
  CHECK(citegraph::io::is_bibliographic(
      detect("a.xml.gz", gzip("<PubmedArticleSet>\n<PubmedArticle>"))));
  CHECK(detect("a.xml.gz", gzip("<PubmedArticleSet>")).format == Format::kPubmedXml);
  const citegraph::io::Detection md5 =
      detect("pubmed24n0001.xml.gz.md5", "MD5(pubmed24n0001.xml.gz)= 0123456789abcdef\n");
  CHECK_FALSE(citegraph::io::is_bibliographic(md5));
  CHECK(md5.reason.find("unrecognised content") == 0);
  CHECK_FALSE(citegraph::io::is_bibliographic(detect("README.txt", "Baseline files of PubMed.\n")));
  CHECK(detect("empty", "").reason == "empty input");
  CHECK(detect("cut.gz", gzip("PMID- 1\n").substr(0, 12))
            .reason.find("corrupt or truncated gzip data at byte 12: ") == 0);
  CHECK(detect("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20)).reason ==
        "binary data");
}

TEST_CASE("messages: control characters from the input are escaped") {
  const citegraph::SourceLocation where{"in\x1b[2Jput.txt", 3, 1};
  const Issue issue{where, "value \"\x1b]0;title\x07\" is not a number", "line with \x1b[31m"};
  const std::string text = issue.to_string();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text ==
        "in\\x1b[2Jput.txt:3:1: value \"\\x1b]0;title\\x07\" is not a number\n"
        "  | line with \\x1b[31m");
  const ParseError error(where, std::string("NUL \0 here", 10),
                         "x\xc2\x9b"
                         "y");
  CHECK(std::string(error.what()) == "in\\x1b[2Jput.txt:3:1: NUL \\x00 here\n  | x\\u009by");
  CHECK(citegraph::escape_controls("tab\there") == "tab\\there");
  CHECK(citegraph::escape_controls("caf\xc3\xa9") == "caf\xc3\xa9");  // printable UTF-8 kept
}
