// Private to io/: the fast parse of one byte range of a plain OCC pairs file, for
// read_pairs_parallel (read/pairs_parallel.cpp). A line is taken only when it is exactly what the
// general reader's fast path takes -- `digits,digits` (PMIDs 1..4294967295, at most 10 digits
// each) ending with "\n" or "\r\n" -- and recorded as irregular otherwise, without being looked
// at further: the general reader reads it later, in file order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/graph/builder.hpp"

namespace citegraph::io {

constexpr std::size_t kWindowBytes = std::size_t{1} << 20;  // one pread
constexpr std::size_t kLongestFastLine = 10 + 1 + 10 + 2;   // digits,digits\r\n

// A line the fast parse did not take: it goes to the general reader, in file order.
struct Irregular {
  std::uint64_t line;    // in the chunk from 0, then in the file from 1
  std::uint64_t offset;  // of its first byte
  std::uint64_t pair;    // pairs before it, in the chunk, then in the file
};

// Irregular lines one chunk keeps: past this many (1.6% of an 8 MiB chunk's lines) the file is
// read the general way from its first irregular line on, and the rest need not be kept -- so
// memory stays bounded (24 bytes each, at most 2.3% of the file) whatever the file holds.
constexpr std::size_t kMaxIrregular = 8192;

struct Chunk {
  PmidCitations pairs;
  std::uint64_t lines = 0;  // lines that start in the chunk
  std::vector<Irregular> irregular;
  bool overflow = false;  // more than kMaxIrregular: `irregular` holds the first ones only
};

// Parses the lines that start in [begin, end) of the file (a line belongs to the chunk of its
// first byte), reading it through a window of `window` bytes.
class ChunkParser {
 public:
  ChunkParser(int fd, const std::string& path, std::uint64_t size, std::size_t window)
      : fd_(fd), path_(path), size_(size), buffer_(window) {}

  // O(end - begin); throws IoError on a read error.
  Chunk parse(std::uint64_t begin, std::uint64_t end, bool first);

 private:
  std::uint64_t parse_window(std::uint64_t pos, std::uint64_t end, Chunk& chunk, bool& irregular);
  const char* take_short_line(const char* p);
  const char* take_line(const char* p, const char* limit);
  void fill(std::uint64_t pos);
  std::uint64_t skip_line(std::uint64_t pos);

  int fd_;
  const std::string& path_;
  std::uint64_t size_;
  std::vector<char> buffer_;
  std::uint64_t window_begin_ = 0;
  std::uint64_t window_end_ = 0;
  PmidCitations scratch_;
};

}  // namespace citegraph::io
