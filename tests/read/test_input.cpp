#include <array>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "support/sha256.hpp"
#include "tests/io_test_support.hpp"

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

// ---- Read-ahead (read/input.cpp): the same content, damage, sizes and errors as the serial
// decoder, whatever the thread does, and a clean stop wherever the caller stops.

namespace {

using citegraph::io::InputDamage;
using citegraph::io::InputOptions;

constexpr std::uint64_t kSerial = std::numeric_limits<std::uint64_t>::max();

InputOptions ahead_after(std::uint64_t bytes) {
  InputOptions options;
  options.read_ahead_after = bytes;
  return options;
}

// SplitMix64, so that every run draws the same content and offsets.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// About `bytes` of content that gzip compresses unevenly: runs of random bytes (which do not
// compress) between runs of random CSV lines (which do).
std::string mixed_content(std::size_t bytes, std::uint64_t seed) {
  Random random(seed);
  std::string out;
  out.reserve(bytes + 4096);
  while (out.size() < bytes) {
    if (random.below(4) == 0) {
      const std::size_t run = 1 + random.below(3000);
      for (std::size_t i = 0; i < run; ++i) out += static_cast<char>(random.next() & 0xff);
    } else {
      const std::size_t lines = 1 + random.below(200);
      for (std::size_t i = 0; i < lines; ++i) {
        out += std::to_string(random.below(40000000)) + "," +
               std::to_string(random.below(40000000)) + "\n";
      }
    }
  }
  return out;
}

// Everything an Input reports once read to the end.
struct Outcome {
  std::string content;
  std::optional<InputDamage> damage;
  std::uint64_t raw_bytes = 0;
  std::string sha256;
  std::string error;  // what() of an exception read() threw, if any
};

Outcome read_outcome(const std::string& path, const InputOptions& options,
                     std::size_t piece = 65521) {
  Outcome out;
  auto input = Input::open(path, options);
  try {
    out.content = read_all(*input, piece);
    input->drain();
  } catch (const std::exception& error) {
    out.error = error.what();
  }
  out.damage = input->damage();
  out.raw_bytes = input->raw_bytes();
  out.sha256 = input->sha256_hex();
  return out;
}

void check_same(const Outcome& serial, const Outcome& ahead) {
  CHECK(ahead.content.size() == serial.content.size());
  CHECK((ahead.content == serial.content));  // (( )): no megabytes printed on failure
  REQUIRE(ahead.damage.has_value() == serial.damage.has_value());
  if (serial.damage) {
    CHECK(ahead.damage->offset == serial.damage->offset);
    CHECK(ahead.damage->message == serial.damage->message);
  }
  CHECK(ahead.raw_bytes == serial.raw_bytes);
  CHECK(ahead.sha256 == serial.sha256);
  CHECK(ahead.error == serial.error);
}

// Threads of this process, from /proc (0 where there is no /proc).
std::size_t thread_count() {
  std::error_code error;
  std::size_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/task", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("read-ahead: large plain and gzip content arrives byte for byte, in any piece size") {
  TempDir dir;
  const std::string content = mixed_content(std::size_t{6} << 20, 12);
  const std::string packed = gzip(content, 1);
  // Three members, one of them empty, as `cat a.gz b.gz c.gz` makes.
  const std::string multi =
      gzip(content.substr(0, 2500000), 1) + gzip("") + gzip(content.substr(2500000), 9);
  const std::vector<std::pair<std::string, std::string>> files = {
      {dir.write("plain.csv", content), content},
      {dir.write("packed.csv.gz", packed), packed},
      {dir.write("multi.csv.gz", multi), multi}};
  for (const auto& [path, raw] : files) {
    for (const std::uint64_t after : {std::uint64_t{0}, std::uint64_t{1} << 20, kSerial}) {
      for (const std::size_t piece :
           {std::size_t{4093}, (std::size_t{1} << 20) + 3, std::size_t{3} << 20}) {
        CAPTURE(path);
        CAPTURE(after);
        CAPTURE(piece);
        auto input = Input::open(path, ahead_after(after));
        CHECK(input->peek(11) == std::string_view(content).substr(0, 11));
        const std::string read = read_all(*input, piece);
        CHECK(read.size() == content.size());
        CHECK((read == content));
        CHECK_FALSE(input->damage());
        CHECK(input->raw_bytes() == raw.size());
        CHECK(input->sha256_hex() == sha256_of(raw));
      }
    }
  }
}

TEST_CASE("read-ahead: a thread only for an input past the threshold, joined at its end") {
  const std::size_t before = thread_count();
  if (before == 0) return;  // no /proc to count threads with
  TempDir dir;
  // Larger than the producer's three buffers past the first MiB: it is alive (waiting for a
  // free buffer) when counted.
  const std::string content = mixed_content(std::size_t{8} << 20, 5);
  for (const std::string& path :
       {dir.write("big.csv", content), dir.write("big.csv.gz", gzip(content))}) {
    CAPTURE(path);
    auto input = Input::open(path);
    std::string buffer(std::size_t{1} << 19, '\0');
    // The first 1 MiB is read on this thread...
    CHECK(input->read(buffer.data(), buffer.size()) > 0);
    CHECK(thread_count() == before);
    std::size_t delivered = 0;
    while (delivered < (std::size_t{1} << 20)) {
      delivered += input->read(buffer.data(), buffer.size());
    }
    // ... the rest ahead of it on another, which is gone once the content has ended.
    CHECK(input->read(buffer.data(), buffer.size()) > 0);
    CHECK(thread_count() == before + 1);
    (void)read_all(*input);
    CHECK(thread_count() == before);
  }
  // A small input never starts one.
  auto small = Input::open(dir.write("small.csv", "citing,referenced\n1,2\n"));
  CHECK(read_all(*small) == "citing,referenced\n1,2\n");
  CHECK(thread_count() == before);
  auto from_start = Input::open(dir.write("small2.csv", "x\n"), ahead_after(0));
  CHECK(read_all(*from_start) == "x\n");
  CHECK(thread_count() == before);
}

TEST_CASE("read-ahead: damage at random offsets gives the serial decoder's content and damage") {
  TempDir dir;
  const std::string content = mixed_content(std::size_t{4} << 20, 77);
  const std::string first = gzip(content.substr(0, 3000000), 6);
  const std::string packed = first + gzip(content.substr(3000000));
  Random random(2024);
  int case_number = 0;
  for (int round = 0; round < 8; ++round) {
    const std::size_t offset = 1 + random.below(packed.size() - 1);
    std::string flipped = packed;
    for (std::size_t i = offset; i < std::min(offset + 16, flipped.size()); ++i) {
      flipped[i] = static_cast<char>(flipped[i] ^ 0xa5);
    }
    const std::string truncated = packed.substr(0, offset);
    const std::string garbage = packed + std::string(random.below(5000), '\0') + "garbage";
    for (const std::string& bytes : {truncated, flipped, garbage}) {
      CAPTURE(offset);
      const std::string path = dir.write("damaged" + std::to_string(++case_number) + ".gz", bytes);
      const Outcome serial = read_outcome(path, ahead_after(kSerial));
      CHECK(serial.raw_bytes == bytes.size());
      CHECK(serial.error.empty());
      if (&bytes == &truncated) {
        // A cut between the members is a clean end; anywhere else it is damage at the cut.
        CHECK((content.starts_with(serial.content)));
        CHECK(serial.damage.has_value() == (offset != first.size()));
        if (serial.damage) CHECK(serial.damage->offset == offset);
      } else if (&bytes == &garbage) {
        CHECK((serial.content == content));
        REQUIRE(serial.damage);
        CHECK(serial.damage->offset == garbage.size() - 7);
      }
      for (const std::uint64_t after : {std::uint64_t{0}, std::uint64_t{1} << 20}) {
        CAPTURE(after);
        check_same(serial, read_outcome(path, ahead_after(after), 8191));
      }
    }
  }
}

TEST_CASE("read-ahead: the small damaged and padded gzip cases match the serial decoder") {
  TempDir dir;
  const std::string first = gzip("x\n");
  const std::string lines = numbered_lines(5000);
  const std::string packed = gzip(lines);
  const std::vector<std::string> cases = {first + "not gzip",
                                          first + std::string(4096, '\0'),
                                          first + std::string(10, '\0') + "z",
                                          packed.substr(0, packed.size() / 2),
                                          packed.substr(0, packed.size() - 8),
                                          gzip(""),
                                          "",
                                          "\x1f",
                                          "\x1f\x8b",
                                          packed.substr(0, 10)};
  int n = 0;
  for (const std::string& bytes : cases) {
    const std::string path = dir.write("case" + std::to_string(++n) + ".gz", bytes);
    CAPTURE(n);
    const Outcome serial = read_outcome(path, ahead_after(kSerial), 7);
    check_same(serial, read_outcome(path, ahead_after(0), 7));
  }
}

TEST_CASE("read-ahead: stopping early, at any point, joins the producer") {
  TempDir dir;
  const std::string content = mixed_content(std::size_t{5} << 20, 9);
  for (const std::string& path :
       {dir.write("stop.csv", content), dir.write("stop.csv.gz", gzip(content, 1))}) {
    CAPTURE(path);
    for (const std::size_t stop_after :
         {std::size_t{0}, std::size_t{10}, std::size_t{2500000}, content.size() - 1}) {
      CAPTURE(stop_after);
      auto input = Input::open(path, ahead_after(0));
      CHECK(input->peek(5) == content.substr(0, 5));
      std::string buffer(std::size_t{1} << 16, '\0');
      std::string read;
      while (read.size() < stop_after) {
        const std::size_t got =
            input->read(buffer.data(), std::min(buffer.size(), stop_after - read.size()));
        REQUIRE(got > 0);
        read.append(buffer.data(), got);
      }
      CHECK((read == content.substr(0, stop_after)));
      input.reset();  // the producer is waiting for a free buffer, or filling one
    }
  }
  // A parser that throws half-way (strict, a bad line past the first MiB) unwinds through it.
  std::string pairs = "citing,referenced\n";
  for (int i = 0; i < 200000; ++i)
    pairs += std::to_string(1000 + i) + "," + std::to_string(i + 1) + "\n";
  pairs += "12,not-a-pmid\n";
  for (int i = 0; i < 100000; ++i) pairs += "5,6\n";
  for (const std::string& path :
       {dir.write("bad.csv", pairs), dir.write("bad.csv.gz", gzip(pairs))}) {
    CAPTURE(path);
    ReadOptions strict;
    strict.strict = true;
    try {
      (void)read_input(path, strict, nullptr);
      FAIL("expected a ParseError");
    } catch (const ParseError& error) {
      CHECK(error.where().path == path);
      CHECK(error.where().line == 200002);
    }
  }
}

TEST_CASE(
    "read-ahead: a FIFO's bytes arrive as they are written, and a silent writer does not hold "
    "up destruction") {
  TempDir dir;
  const std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // O_RDWR: a writer that exists before the reader opens (so neither open waits) and that keeps
  // the FIFO open, silent, until it is closed.
  const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(writer >= 0);
  const auto say = [writer](const std::string& text) {
    REQUIRE(::write(writer, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  };
  say("citing,referenced\n");
  {
    auto input = Input::open(fifo, ahead_after(0));
    std::string buffer(1000, '\0');
    CHECK(std::string(buffer.data(), input->read(buffer.data(), buffer.size())) ==
          "citing,referenced\n");
    say("1,2\n");
    CHECK(std::string(buffer.data(), input->read(buffer.data(), buffer.size())) == "1,2\n");
    // The producer now waits for the writer, who says nothing: destruction must not wait.
  }
  // The same FIFO to its end: the writer closes, the content ends.
  say("3,4\n");
  auto input = Input::open(fifo, ahead_after(0));
  std::string buffer(1000, '\0');
  CHECK(std::string(buffer.data(), input->read(buffer.data(), buffer.size())) == "3,4\n");
  ::close(writer);
  CHECK(input->read(buffer.data(), buffer.size()) == 0);
  CHECK(input->raw_bytes() == 4);
  CHECK(input->sha256_hex() == sha256_of("3,4\n"));
}

TEST_CASE("read-ahead: a read error on the producer reaches the caller after the content") {
  // A Unix socket as stdin whose peer closes with data left unread: read(2) returns what was
  // sent, then fails with ECONNRESET. Serial and read-ahead must say the same.
  const std::string sent = mixed_content(100000, 3);
  const auto read_reset_socket = [&sent](std::uint64_t after) {
    std::array<int, 2> ends{};
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends.data()) == 0);
    REQUIRE(::write(ends[1], sent.data(), sent.size()) == static_cast<ssize_t>(sent.size()));
    REQUIRE(::write(ends[0], "unread", 6) == 6);
    ::close(ends[1]);
    const int saved = ::dup(STDIN_FILENO);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(ends[0], STDIN_FILENO) == STDIN_FILENO);
    ::close(ends[0]);
    Outcome out;
    {
      auto input = Input::open("-", ahead_after(after));
      CHECK(input->peek(6) == sent.substr(0, 6));
      std::string buffer(4096, '\0');
      try {
        for (;;) {
          const std::size_t got = input->read(buffer.data(), buffer.size());
          if (got == 0) break;
          out.content.append(buffer.data(), got);
        }
      } catch (const IoError& error) {
        out.error = error.what();
        // Thrown again, not turned into an end of the content.
        CHECK_THROWS_AS(input->read(buffer.data(), buffer.size()), IoError);
        CHECK_THROWS_AS(input->drain(), IoError);
      }
      out.raw_bytes = input->raw_bytes();
      out.sha256 = input->sha256_hex();
    }
    REQUIRE(::dup2(saved, STDIN_FILENO) == STDIN_FILENO);
    ::close(saved);
    return out;
  };
  const Outcome serial = read_reset_socket(kSerial);
  CHECK(serial.content.size() == sent.size());
  CHECK((serial.content == sent));
  CHECK(serial.error == "-: read error: Connection reset by peer");
  const Outcome ahead = read_reset_socket(0);
  CHECK(ahead.content.size() == sent.size());
  CHECK((ahead.content == sent));
  CHECK(ahead.error == serial.error);
  CHECK(ahead.raw_bytes == sent.size());
  CHECK(ahead.sha256 == sha256_of(sent));
}
