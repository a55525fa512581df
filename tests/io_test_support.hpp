// Helpers shared by the io/ tests: a scratch directory, gzip, whole files, and read_input run
// into memory with the issues it reported. A test file says `using namespace
// citegraph::io_test;` and has these and the library names the tests use most.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/format.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::io_test {

using citegraph::Diagnostics;
using citegraph::InvalidArgument;
using citegraph::IoError;
using citegraph::Issue;
using citegraph::ParseError;
using citegraph::Pmid;
using citegraph::Record;
using citegraph::Reference;
using io::Format;
using io::Input;
using io::InputReport;
using io::read_input;
using io::ReadContext;
using io::ReadOptions;

// A fresh directory under the system temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    // One counter for every test file (inline function): a directory that lives for the whole
    // run (a function-static TempDir) is never taken again by another test.
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("citegraph_io_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] std::string path() const { return path_.string(); }
  // The path of `name` in the directory (nothing is created).
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `bytes` to the file `name` in the directory; returns its path.
  [[nodiscard]] std::string write(const std::string& name, const std::string& bytes) const {
    const std::string file = this->file(name);
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }
  // The names of what the directory holds, sorted.
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// `data` as one gzip member.
inline std::string gzip(const std::string& data, int level = 6) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// The whole file, which must exist.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// What read_input gave for one path.
struct Read {
  std::string path;
  io::InputReport report;
  std::vector<Record> records;    // including deletions, in input order
  std::vector<Record> deletions;  // the deletions alone
};

// An in-memory Input, to run a reader without a file (and without read_input's format and
// binary-content checks), 7 bytes per read.
class StringInput : public io::Input {
 public:
  StringInput(std::string path, std::string content)
      : path_(std::move(path)), content_(std::move(content)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    // Small reads exercise the line reader's buffering.
    const std::size_t count = std::min({n, content_.size() - offset_, std::size_t{7}});
    if (count == 0) return 0;
    std::memcpy(buffer, content_.data() + offset_, count);
    offset_ += count;
    return count;
  }
  std::string_view peek(std::size_t n) override {
    return std::string_view(content_).substr(offset_, n);
  }
  [[nodiscard]] const std::string& path() const override { return path_; }
  [[nodiscard]] bool compressed() const override { return false; }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return offset_; }
  [[nodiscard]] std::string sha256_hex() const override { return {}; }

 private:
  std::string path_;
  std::string content_;
  std::size_t offset_ = 0;
};

inline Read read_path(const std::string& path, io::Format format = io::Format::kAuto,
                      bool strict = false, unsigned threads = 1) {
  io::ReadOptions options;
  options.format = format;
  options.strict = strict;
  options.threads = threads;
  Read out;
  out.path = path;
  out.report = io::read_input(path, options, [&out](Record&& record) {
    if (record.deletion) out.deletions.push_back(record);
    out.records.push_back(std::move(record));
  });
  return out;
}

// read_path with the format detected from the content, as a run without --format reads.
inline Read read(const std::string& path, bool strict = false) {
  return read_path(path, io::Format::kAuto, strict);
}

// Reads `path` under --strict, which must throw a ParseError; the records delivered before it.
inline std::vector<Record> records_before_strict_error(const std::string& path) {
  std::vector<Record> seen;
  io::ReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_AS(
      io::read_input(path, strict, [&seen](Record&& record) { seen.push_back(record); }),
      ParseError);
  return seen;
}

// The first located example of a skip reason, which must have been reported.
inline const Issue& first_example(const Diagnostics& diagnostics, const std::string& reason) {
  return diagnostics.skips().at(reason).examples.at(0);
}

// The one located example of a skip reason, which must have been reported exactly once.
inline const Issue& only_skip(const Diagnostics& diagnostics, const std::string& reason) {
  const auto it = diagnostics.skips().find(reason);
  REQUIRE(it != diagnostics.skips().end());
  REQUIRE(it->second.examples.size() == 1);
  return it->second.examples.front();
}

// The PMIDs of a record's references in order, 0 for a reference without one.
inline std::vector<Pmid> reference_pmids(const Record& record) {
  std::vector<Pmid> pmids;
  for (const auto& reference : record.references) pmids.push_back(reference.ids.pmid.value_or(0));
  return pmids;
}

inline std::size_t count_with_pmid(const Record& record) {
  std::size_t n = 0;
  for (const Reference& reference : record.references) n += reference.ids.pmid ? 1 : 0;
  return n;
}

}  // namespace citegraph::io_test
