#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/io/input.hpp"
#include "citegraph/io/reader.hpp"
#include "io/sha256.hpp"
#include "io_test_support.hpp"

using citegraph::io::LineReader;
using namespace citegraph::io_test;

namespace {

std::string sha256_of(const std::string& bytes) {
  citegraph::io::Sha256 hash;
  hash.update(bytes);
  return hash.hex();
}

// Reads everything in odd-sized pieces, to cross every internal buffer boundary.
std::string read_all(Input& input, std::size_t piece = 1000) {
  std::string out;
  std::string buffer(piece, '\0');
  for (;;) {
    const std::size_t got = input.read(buffer.data(), buffer.size());
    if (got == 0) break;
    out.append(buffer.data(), got);
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& path) {
  auto input = Input::open(path);
  LineReader reader(*input);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) {
    lines.emplace_back(line);
    CHECK(reader.line_number() == lines.size());
  }
  return lines;
}

std::string numbered_lines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += "line " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 37), '.') + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("input: a plain file is read as is, with its size and checksum") {
  TempDir dir;
  const std::string path = dir.write("plain.txt", "abc");
  auto input = Input::open(path);
  CHECK(input->path() == path);
  CHECK_FALSE(input->compressed());
  CHECK(input->peek(2) == "ab");
  CHECK(input->peek(100) == "abc");
  CHECK(read_all(*input) == "abc");
  CHECK(input->read(nullptr, 0) == 0);
  CHECK(input->raw_bytes() == 3);
  CHECK(input->sha256_hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("input: peek returns the first bytes without consuming them, at most 64 KiB") {
  TempDir dir;
  const std::string text = numbered_lines(20000);  // ~500 KB
  REQUIRE(text.size() > 200000);
  const std::string path = dir.write("big.txt", text);
  auto input = Input::open(path);
  CHECK(input->peek(10) == text.substr(0, 10));
  const std::string_view head = input->peek(1 << 20);
  CHECK(head.size() == 64 * 1024);
  CHECK(head == std::string_view(text).substr(0, 64 * 1024));
  CHECK(read_all(*input, 777) == text);
}

TEST_CASE("input: gzip content is decompressed whatever the file is called") {
  TempDir dir;
  const std::string text = numbered_lines(50000);
  const std::string packed = gzip(text);
  for (const char* name : {"pairs.csv.gz", "pairs.csv"}) {
    CAPTURE(name);
    const std::string path = dir.write(name, packed);
    auto input = Input::open(path);
    CHECK(input->compressed());
    CHECK(input->peek(12) == "line 0\nline ");
    CHECK(read_all(*input, 4093) == text);
    CHECK(input->raw_bytes() == packed.size());
    CHECK(input->sha256_hex() == sha256_of(packed));
  }
  // A plain file named .gz is plain.
  const std::string path = dir.write("plain.gz", "citing,referenced\n");
  auto input = Input::open(path);
  CHECK_FALSE(input->compressed());
  CHECK(read_all(*input) == "citing,referenced\n");
}

TEST_CASE("input: multi-member gzip is read to the end of the last member") {
  TempDir dir;
  const std::string packed = gzip("first member\n") + gzip("") + gzip("second member\n", 1);
  const std::string path = dir.write("multi.gz", packed);
  auto input = Input::open(path);
  CHECK(read_all(*input, 5) == "first member\nsecond member\n");
  CHECK(input->raw_bytes() == packed.size());
}

TEST_CASE("input: damaged gzip ends the content where the damage starts, with its offset") {
  TempDir dir;
  const std::string lines = numbered_lines(5000);
  const std::string packed = gzip(lines);
  // Truncated: what decodes before the cut is delivered, then the content ends.
  const std::string truncated = dir.write("cut.gz", packed.substr(0, packed.size() / 2));
  {
    auto input = Input::open(truncated);
    const std::string content = read_all(*input);
    CHECK(!content.empty());
    CHECK(lines.starts_with(content));
    REQUIRE(input->damage());
    CHECK(input->damage()->offset == packed.size() / 2);
    CHECK(input->damage()->message.find("truncated") != std::string::npos);
    CHECK(input->raw_bytes() == packed.size() / 2);
  }
  // Only the 8-byte trailer is missing: all the content decodes, the damage is still reported.
  const std::string no_trailer = dir.write("notrailer.gz", packed.substr(0, packed.size() - 8));
  {
    auto input = Input::open(no_trailer);
    CHECK(read_all(*input) == lines);
    REQUIRE(input->damage());
    CHECK(input->damage()->offset == packed.size() - 8);
  }
  std::string damaged = packed;
  for (std::size_t i = 20; i < 60; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  const std::string corrupt = dir.write("bad.gz", damaged);
  {
    auto input = Input::open(corrupt);
    input->drain();
    REQUIRE(input->damage());
    CHECK(input->damage()->message.find("corrupt compressed data (zlib: ") == 0);
    CHECK(input->damage()->offset <= 60);
    CHECK(input->raw_bytes() == damaged.size());  // the checksum still covers the whole file
  }
  // Garbage after a complete member is not a member: the member's content is kept.
  const std::string first = gzip("x\n");
  const std::string trailing = dir.write("trailing.gz", first + "not gzip");
  {
    auto input = Input::open(trailing);
    CHECK(read_all(*input) == "x\n");
    REQUIRE(input->damage());
    CHECK(input->damage()->offset == first.size());
    CHECK(input->damage()->message == "data after the end of the gzip data is not gzip (ignored)");
  }
  // Zero padding after a member (tape blocks, preallocated files) is accepted, as gzip -t does.
  const std::string padded = dir.write("padded.gz", first + std::string(4096, '\0'));
  {
    auto input = Input::open(padded);
    CHECK(read_all(*input) == "x\n");
    CHECK_FALSE(input->damage());
    CHECK(input->raw_bytes() == first.size() + 4096);
  }
  // ... but not padding followed by something else.
  const std::string padded_garbage =
      dir.write("padgarbage.gz", first + std::string(10, '\0') + "z");
  {
    auto input = Input::open(padded_garbage);
    CHECK(read_all(*input) == "x\n");
    REQUIRE(input->damage());
    CHECK(input->damage()->offset == first.size() + 10);
  }
}

TEST_CASE("input: a missing file or a directory is an IoError naming the path") {
  TempDir dir;
  const std::string missing = dir.path() + "/does-not-exist.csv";
  try {
    (void)Input::open(missing);
    FAIL("expected an IoError");
  } catch (const IoError& error) {
    CHECK(error.direction() == IoError::Direction::kInput);
    CHECK(std::string(error.what()) == missing + ": cannot open: No such file or directory");
  }
  try {
    (void)Input::open(dir.path());
    FAIL("expected an IoError");
  } catch (const IoError& error) {
    CHECK(error.direction() == IoError::Direction::kInput);
    CHECK(std::string(error.what()) == dir.path() + ": cannot open: Is a directory");
  }
}

TEST_CASE("input: drain reads the rest so that size and checksum cover the whole input") {
  TempDir dir;
  const std::string text = numbered_lines(100000);
  const std::string path = dir.write("drain.txt", text);
  auto input = Input::open(path);
  (void)input->peek(100);
  input->drain();
  CHECK(input->raw_bytes() == text.size());
  CHECK(input->sha256_hex() == sha256_of(text));
  char byte = 0;
  CHECK(input->read(&byte, 1) == 0);
}

TEST_CASE("line reader: CRLF, blank lines, a last line without newline") {
  TempDir dir;
  CHECK(lines_of(dir.write("crlf.txt", "a\r\nb\r\n\r\nc\rd\n")) ==
        std::vector<std::string>{"a", "b", "", "c\rd"});
  CHECK(lines_of(dir.write("nofinal.txt", "one\ntwo")) == std::vector<std::string>{"one", "two"});
  CHECK(lines_of(dir.write("final.txt", "one\ntwo\n")) == std::vector<std::string>{"one", "two"});
  CHECK(lines_of(dir.write("blank.txt", "\n\n")) == std::vector<std::string>{"", ""});
  CHECK(lines_of(dir.write("empty.txt", "")).empty());
}

TEST_CASE("line reader: the path and line numbers of what it returns") {
  TempDir dir;
  const std::string path = dir.write("n.txt", "x\ny\n");
  auto input = Input::open(path);
  LineReader reader(*input);
  CHECK(reader.path() == path);
  std::string_view line;
  CHECK(reader.line_number() == 0);
  REQUIRE(reader.next(line));
  CHECK(reader.line_number() == 1);
  REQUIRE(reader.next(line));
  CHECK(line == "y");
  CHECK(reader.line_number() == 2);
  CHECK_FALSE(reader.next(line));
  CHECK_FALSE(reader.next(line));
}

TEST_CASE("line reader: a 10 MB line and many lines across buffer boundaries") {
  TempDir dir;
  std::string long_line(10 * 1000 * 1000, 'x');
  long_line[123456] = 'y';
  const std::vector<std::string> lines =
      lines_of(dir.write("long.txt", "a\n" + long_line + "\r\nend"));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "a");
  CHECK(lines[1] == long_line);
  CHECK(lines[2] == "end");

  const std::string text = numbered_lines(120000);
  for (const std::string& path :
       {dir.write("many.txt", text), dir.write("many.gz", gzip(text, 1))}) {
    CAPTURE(path);
    const std::vector<std::string> read = lines_of(path);
    REQUIRE(read.size() == 120000);
    CHECK(read[0] == "line 0");
    CHECK(read[36] == "line 36" + std::string(36, '.'));
    CHECK(read[119999] == "line 119999" + std::string(119999 % 37, '.'));
  }
}

TEST_CASE("read_input: empty, binary and unrecognised inputs are ParseErrors naming the path") {
  using citegraph::io::read_input;
  using citegraph::io::ReadOptions;
  TempDir dir;
  std::uint64_t records = 0;
  const auto sink = [&records](citegraph::Record&&) { ++records; };
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"empty.txt", ""}, {"blank.txt", " \n\r\n\t\n"}, {"empty.gz", gzip("")}}) {
    const std::string path = dir.write(name, bytes);
    for (Format format : {Format::kAuto, Format::kPairs}) {
      ReadOptions options;
      options.format = format;
      CHECK_THROWS_WITH_AS(read_input(path, options, sink), (path + ": empty input").c_str(),
                           ParseError);
    }
  }
  const std::string binary = dir.write("binary.bin", std::string("\x7f"
                                                                 "ELF\x02\x01\x01\0\0\0",
                                                                 10));
  CHECK_THROWS_WITH_AS(read_input(binary, {}, sink),
                       (binary + ": binary data, not a citation format").c_str(), ParseError);
  const std::string packed_binary = dir.write("binary.gz", gzip(gzip("nested")));
  CHECK_THROWS_WITH_AS(read_input(packed_binary, {}, sink),
                       (packed_binary + ": binary data, not a citation format").c_str(),
                       ParseError);
  const std::string text = dir.write("notes.txt", "\nhello world\nmore\n");
  CHECK_THROWS_WITH_AS(
      read_input(text, {}, sink),
      (text +
       ": cannot detect the input format: unrecognised content (first line: \"hello world\")")
          .c_str(),
      ParseError);
  CHECK(records == 0);
}

TEST_CASE("read_input: a forced format that does not fit fails at line 1 of the input") {
  using citegraph::io::read_input;
  using citegraph::io::ReadOptions;
  const std::string xml =
      std::string(CITEGRAPH_TEST_DATA) + "/fixtures/pubmed_xml/biopython_pubmed7.xml";
  ReadOptions options;
  options.format = Format::kPairs;
  try {
    (void)read_input(xml, options, nullptr);
    FAIL("expected a ParseError");
  } catch (const ParseError& error) {
    CHECK(error.where().path == xml);
    CHECK(error.where().line == 1);
    CHECK(error.where().column == 1);
    CHECK(error.message().find("not a citation-pairs header") != std::string::npos);
    CHECK(std::string(error.what()).find("<?xml version") != std::string::npos);
  }
}

TEST_CASE("read context: skips are counted, or thrown under strict; warnings never throw") {
  using citegraph::Diagnostics;
  using citegraph::Issue;
  using citegraph::SourceLocation;
  using citegraph::io::ReadContext;
  using citegraph::io::ReadOptions;
  const Issue issue{SourceLocation{"in.csv", 7, 3}, "citing PMID \"x\" is not a number", "x,1"};

  ReadOptions lenient;
  Diagnostics diagnostics;
  ReadContext context(lenient, diagnostics);
  CHECK_FALSE(context.strict());
  context.skip("invalid PMID", issue);
  context.skip("invalid PMID", issue);
  context.warn("invalid year", issue);
  CHECK(diagnostics.skipped() == 2);
  CHECK(diagnostics.warnings() == 1);
  CHECK(diagnostics.skips().at("invalid PMID").count == 2);
  CHECK(diagnostics.skips().at("invalid PMID").examples.at(0).where.line == 7);

  ReadOptions strict;
  strict.strict = true;
  Diagnostics strict_diagnostics;
  ReadContext strict_context(strict, strict_diagnostics);
  CHECK(strict_context.strict());
  strict_context.warn("invalid year", issue);
  CHECK(strict_diagnostics.warnings() == 1);
  try {
    strict_context.skip("invalid PMID", issue);
    FAIL("expected a ParseError");
  } catch (const ParseError& error) {
    CHECK(error.where().path == "in.csv");
    CHECK(error.where().line == 7);
    CHECK(error.where().column == 3);
    CHECK(error.message() == "citing PMID \"x\" is not a number");
    CHECK(std::string(error.what()) == "in.csv:7:3: citing PMID \"x\" is not a number\n  | x,1");
  }
  CHECK(strict_diagnostics.skipped() == 0);
}
