// libFuzzer entry for the input readers: one source, built once per format with
// -DCITEGRAPH_FUZZ_FORMAT=pubmed_page|pairs|medline|pubmed_xml|jats (tests/fuzz/CMakeLists.txt).
//
// Each input is fed, from memory, to the format's reader lenient (strict = false), where a
// malformed piece must become a counted skip, and, when that run skipped or warned, again strict,
// where it must become a ParseError.
// A crash, a sanitizer report, a hang, or any exception that is not a citegraph::Error
// (std::out_of_range from a bad substr, std::length_error, std::bad_alloc from a runaway size)
// is a bug. The records themselves are checked for the invariants every reader promises:
// they are located in the input they came from, and a MEDLINE record carries a PMID and no
// reference list. The approach follows igraph's fuzzing/ targets, one per file reader.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"

#ifndef CITEGRAPH_FUZZ_FORMAT
#error "define CITEGRAPH_FUZZ_FORMAT as one of pubmed_page, pairs, medline, pubmed_xml, jats"
#endif

namespace {

#define CITEGRAPH_FUZZ_STRINGIFY2(x) #x
#define CITEGRAPH_FUZZ_STRINGIFY(x) CITEGRAPH_FUZZ_STRINGIFY2(x)
constexpr std::string_view kFormat = CITEGRAPH_FUZZ_STRINGIFY(CITEGRAPH_FUZZ_FORMAT);

using Reader = void (*)(citegraph::io::Input&, citegraph::io::ReadContext&,
                        const citegraph::io::RecordSink&);

constexpr Reader reader_for(std::string_view format) {
  if (format == "pubmed_page") return &citegraph::io::read_pubmed_page;
  if (format == "pairs") return &citegraph::io::read_pairs;
  if (format == "medline") return &citegraph::io::read_medline;
  if (format == "pubmed_xml") return &citegraph::io::read_pubmed_xml;
  if (format == "jats") return &citegraph::io::read_jats;
  return nullptr;
}
constexpr Reader kReader = reader_for(kFormat);
static_assert(kReader != nullptr,
              "CITEGRAPH_FUZZ_FORMAT must be pubmed_page, pairs, medline, pubmed_xml or jats");

const std::string kPath = "fuzz-input";

// The fuzzer's bytes as an io::Input, handed out in small, varying pieces: readers that
// assume a read() fills the buffer, or that a line or tag arrives in one piece, are caught
// here rather than on a pipe. Content is never compressed (gzip is io::Input::open's business,
// tested in tests/read/test_input.cpp); sha256_hex() is not computed.
class MemoryInput final : public citegraph::io::Input {
 public:
  MemoryInput(const std::uint8_t* data, std::size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}

  std::size_t read(char* buffer, std::size_t n) override {
    if (n == 0 || pos_ == size_) return 0;
    // 1..4096 bytes, varying with the position so that splits fall everywhere.
    const std::size_t piece = 1 + (pos_ * 2654435761U) % 4096;
    const std::size_t take = std::min({n, size_ - pos_, piece});
    std::memcpy(buffer, data_ + pos_, take);
    pos_ += take;
    return take;
  }

  std::string_view peek(std::size_t n) override {
    constexpr std::size_t kMaxPeek = 64 * 1024;
    return {data_ + pos_, std::min({n, kMaxPeek, size_ - pos_})};
  }

  [[nodiscard]] const std::string& path() const override { return kPath; }
  [[nodiscard]] bool compressed() const override { return false; }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return pos_; }
  [[nodiscard]] std::string sha256_hex() const override { return {}; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

[[noreturn]] void fail(const char* what, const char* detail) {
  std::fprintf(stderr, "fuzz_reader(%s): %s: %s\n", kFormat.data(), what, detail);
  std::abort();
}

void check_record(const citegraph::Record& record) {
  if (record.where.path != kPath)
    fail("record not located in this input", record.where.path.c_str());
  if (kFormat == "medline") {
    if (!record.ids.pmid || *record.ids.pmid == 0) fail("MEDLINE record without PMID", "");
    if (record.has_reference_list || !record.references.empty()) {
      fail("MEDLINE record with a reference list", "");
    }
  }
}

// Runs the reader on the input; returns whether the run had anything to report (a skip or a
// warning): only then can a strict run differ from a lenient one.
bool run(const std::uint8_t* data, std::size_t size, bool strict) {
  MemoryInput input(data, size);
  citegraph::Diagnostics diagnostics;
  citegraph::io::ReadOptions options;
  options.strict = strict;
  citegraph::io::ReadContext context(options, diagnostics);
  bool reported = false;  // besides `diagnostics`: a refusal, a skip or warning of the PMID pass
  try {
    kReader(input, context, [](citegraph::Record&& record) { check_record(record); });
    if constexpr (kFormat == "pairs") {
      // Again with bare-PMID records handed over as PMID citations (read_input's overload):
      // every run names a PMID and the runs count exactly the citations given.
      MemoryInput again(data, size);
      citegraph::Diagnostics more;
      citegraph::io::ReadContext pmid_context(options, more);
      citegraph::io::read_pairs(
          again, pmid_context, [](citegraph::Record&& record) { check_record(record); },
          [](citegraph::PmidCitations&& citations) {
            std::uint64_t listed = 0;
            for (const citegraph::PmidRun& run : citations.runs) {
              if (run.citing == 0 || run.count == 0) fail("PMID run without PMID or citation", "");
              listed += run.count;
            }
            if (listed != citations.cited.size()) fail("PMID runs miscount their citations", "");
            for (const citegraph::Pmid cited : citations.cited) {
              if (cited == 0) fail("PMID citation of PMID 0", "");
            }
          });
      reported = more.skipped() > 0 || more.warnings() > 0;
    }
  } catch (const citegraph::ParseError& error) {
    // Expected for malformed input under strict, and for readers that refuse a whole input.
    if (error.message().empty()) fail("ParseError without a message", error.what());
    reported = true;
  } catch (const citegraph::Error&) {
    // InvalidArgument / IoError: typed, allowed to escape.
    reported = true;
  } catch (const std::exception& error) {
    fail(strict ? "non-citegraph exception (strict)" : "non-citegraph exception", error.what());
  } catch (...) {
    fail("unknown exception", "");
  }
  if (!strict && diagnostics.skipped() > 0 && diagnostics.skips().empty()) {
    fail("skips counted but not grouped", "");
  }
  return reported || diagnostics.skipped() > 0 || diagnostics.warnings() > 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Strict differs from lenient only where lenient skips or warns (ReadContext::skip throws
  // under strict; every reader's strict branch sits where its lenient one skips or warns), so
  // an input that reads cleanly is not read again: half the work on most inputs.
  if (run(data, size, false)) run(data, size, true);
  return 0;
}
