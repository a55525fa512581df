// Private to io/: the general pairs reader (read/pairs_reader.cpp) run over the regions of a
// plain OCC file that read_pairs_parallel (read/pairs_parallel.cpp) could not take, so that
// every skip, warning and pair there is the one a serial read gives.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::io {

class OccRegionReader {
 public:
  // Reads OCC lines from `input` (moved by the caller between regions) into `sink`, reporting
  // through `context`.
  OccRegionReader(Input& input, ReadContext& context, const RecordSink& sink);
  OccRegionReader(const OccRegionReader&) = delete;
  OccRegionReader& operator=(const OccRegionReader&) = delete;
  ~OccRegionReader();

  // The input was moved to the start of line line_base + 1.
  void jump(std::uint64_t line_base);
  // Reads on as read_pairs would until nothing is left to read again (no abandoned multi-line
  // record waiting) and `more(n)` says not to go on with line n too. Returns the number of the
  // last line read from the input. O(bytes read).
  std::uint64_t run(const std::function<bool(std::uint64_t)>& more);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace citegraph::io
