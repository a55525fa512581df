// Reading inputs: one entry point that opens a path, detects or checks its format, runs the
// format's reader and reports what was read. Readers stream Records to a sink.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/io/format.hpp"
#include "citegraph/io/input.hpp"

namespace citegraph::io {

using RecordSink = std::function<void(Record&&)>;

struct ReadOptions {
  Format format = Format::kAuto;
  bool strict = false;  // a malformed record throws ParseError instead of a counted skip
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
  Diagnostics diagnostics;
};

// Reads one input completely. Throws IoError when it cannot be opened or read, ParseError when
// its format cannot be detected (or is unsupported), when it is empty or binary, and on the
// first malformed record under options.strict.
InputReport read_input(const std::string& path, const ReadOptions& options, const RecordSink& sink);

}  // namespace citegraph::io
