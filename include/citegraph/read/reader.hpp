// Reading inputs: one entry point that opens a path, detects or checks its format, runs the
// format's reader and reports what was read. Readers stream Records to a sink.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/format.hpp"
#include "citegraph/read/input.hpp"

namespace citegraph::io {

using RecordSink = std::function<void(Record&&)>;

// Bounds on what one input may make a reader hold or do. A piece of input beyond a bound is a
// located, counted skip (ParseError under strict), never unbounded memory or time.
struct ReadLimits {
  // Text formats: a longer line is skipped (with its record in MEDLINE); only this much of it
  // is ever held in memory.
  std::size_t max_line_bytes = std::size_t{16} << 20;
  // One record: XML bytes from its start tag to its end tag; MEDLINE lines of one record.
  std::size_t max_record_bytes = std::size_t{64} << 20;
  // The text of one field (a title, an abstract, a citation string).
  std::size_t max_text_bytes = std::size_t{16} << 20;
  // XML: one start tag with its attributes, and the attributes of one element. libxml2 2.9
  // checks a new attribute against every earlier one of its element (quadratic in their
  // number), so an element beyond the bound is skipped before libxml2 sees it.
  std::size_t max_tag_bytes = std::size_t{1} << 20;
  std::size_t max_attributes = 256;
  // XML: elements inside one record.
  std::size_t max_elements_per_record = 2'000'000;
};

struct ReadOptions {
  Format format = Format::kAuto;
  bool strict = false;  // a malformed record throws ParseError instead of a counted skip
  ReadLimits limits;
  // 1: everything on the calling thread. Otherwise (0 = every core) a reader may overlap work
  // on a second thread (PubMed XML: citation texts are parsed beside the XML). What is read
  // does not depend on it.
  unsigned threads = 1;
};

// Given to a format reader: where to report skips and warnings.
class ReadContext {
 public:
  ReadContext(const ReadOptions& options, Diagnostics& diagnostics)
      : options_(options), diagnostics_(diagnostics) {}

  // A malformed piece of input was skipped. Under --strict throws ParseError instead.
  void skip(const std::string& reason, const Issue& issue);
  // Something was read but looks wrong (kept). Never throws.
  void warn(const std::string& reason, const Issue& issue);
  [[nodiscard]] bool strict() const { return options_.strict; }
  [[nodiscard]] unsigned threads() const { return options_.threads; }
  [[nodiscard]] const ReadLimits& limits() const { return options_.limits; }

 private:
  const ReadOptions& options_;
  Diagnostics& diagnostics_;
};

// What was read from one input.
struct InputReport {
  std::string path;
  Format format = Format::kAuto;
  bool compressed = false;
  std::uint64_t bytes = 0;  // raw size
  std::string sha256;
  std::uint64_t records = 0;
  std::uint64_t references = 0;
  std::uint64_t references_with_pmid = 0;
  std::uint64_t deletions = 0;        // DeleteCitation entries (PubMed update files)
  bool format_has_references = true;  // false for formats that never carry reference lists
  // Set when the gzip data is damaged (truncated, corrupt, trailer missing, garbage after it):
  // the records before the damage were read, and diagnostics holds the warning "corrupt or
  // truncated gzip data" (under strict, read_input throws ParseError instead).
  std::optional<InputDamage> damage;
  Diagnostics diagnostics;
};

// Reads one input completely. Throws IoError when it cannot be opened or read, ParseError when
// its format cannot be detected (or is unsupported), when it is empty or binary, and on the
// first malformed record under options.strict.
InputReport read_input(const std::string& path, const ReadOptions& options, const RecordSink& sink);

// Receives citations read by PMID only, in input order (GraphBuilder::add_pmid_citations takes
// them): each run of PmidCitations is one record.
using PmidCitationSink = std::function<void(PmidCitations&&)>;

// The same, with the records of a pairs input that say nothing but "PMID a cites PMIDs b, c"
// (every line of an NIH OCC file, OpenCitations rows of PMIDs) handed to pmid_sink as
// PmidCitations instead of Records, in order with the Records (GraphBuilder::
// add_pmid_citations then builds what add() would): no ~320-byte Reference per line, 4 bytes
// per citation kept. Other formats, and iCite rows, come as Records. The report is the same.
InputReport read_input(const std::string& path, const ReadOptions& options, const RecordSink& sink,
                       const PmidCitationSink& pmid_sink);

}  // namespace citegraph::io
