// The fast parse of a byte range of a plain OCC pairs file (read/pairs_chunk_parser.hpp).
#include "read/pairs_chunk_parser.hpp"

#include <bit>
#include <cstring>

#include "read/file_descriptor.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

constexpr std::uint64_t kMaxPmid = 4294967295ULL;

using ascii::is_digit;

// The leading decimal digits of the 8 bytes at p (in memory order): their count (0-8) and,
// when there are 1 to 8 of them, their value, by whole-word arithmetic (a PMID line is two
// numbers of at most 8 digits, so this takes most lines' digits a word at a time). With a count
// of 8 the number may go on past the word: the caller looks at the next byte.
struct Digits {
  unsigned count;
  std::uint32_t value;
};
inline Digits leading_digits(const char* p) {
  static_assert(std::endian::native == std::endian::little, "leading_digits reads little-endian");
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  const std::uint64_t x = word - 0x3030303030303030ULL;
  // A byte's top bit is set when it is below '0' (it borrowed) or above '9' (adding 0x76
  // carries past 0x7F). Bytes after the first non-digit may be garbled by its borrow; only the
  // lowest flagged byte is used.
  const std::uint64_t not_digit = (x | (x + 0x7676767676767676ULL)) & 0x8080808080808080ULL;
  const auto count = not_digit == 0 ? 8u : static_cast<unsigned>(std::countr_zero(not_digit) / 8);
  if (count == 0) return {0, 0};
  // The digits moved to the top bytes (zeros before them read as leading zeros), then
  // combined pairwise: 8 digits -> 4 of two -> 2 of four -> 1 of eight.
  std::uint64_t v = count == 8 ? x : x << (8 * (8 - count));
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  v = (v * 10000 + (v >> 32)) & 0x00000000FFFFFFFFULL;
  return {count, static_cast<std::uint32_t>(v)};
}

}  // namespace

// The per-line steps are defined first and inline: they run for every line of the file.

// A line of two numbers of 1-8 digits at p, read a word at a time: added; returns the start
// of the next line. nullptr for any other line, which take_line then looks at.
inline const char* ChunkParser::take_short_line(const char* p) {
  const Digits a = leading_digits(p);
  if (a.count == 0 || a.value == 0 || p[a.count] != ',') return nullptr;
  const char* const second = p + a.count + 1;
  const Digits b = leading_digits(second);
  if (b.count == 0 || b.value == 0 || is_digit(second[b.count])) return nullptr;
  const char* q = second + b.count;
  if (*q == '\r') ++q;
  if (*q != '\n') return nullptr;
  scratch_.add(a.value, b.value);
  return q + 1;
}

// A `digits,digits` line at p (at most 10 digits each, PMIDs 1..4294967295) ending before
// `limit`: added; returns the start of the next line. nullptr for an irregular line.
inline const char* ChunkParser::take_line(const char* p, const char* limit) {
  const char* q = p;
  std::uint64_t a = 0;
  while (q < limit && q - p < 10 && is_digit(*q)) a = a * 10 + static_cast<unsigned>(*q++ - '0');
  if (q == p || q >= limit || *q != ',' || a == 0 || a > kMaxPmid) return nullptr;
  const char* const second = ++q;
  std::uint64_t b = 0;
  while (q < limit && q - second < 10 && is_digit(*q)) {
    b = b * 10 + static_cast<unsigned>(*q++ - '0');
  }
  if (q == second || b == 0 || b > kMaxPmid || q >= limit) return nullptr;
  if (*q == '\r' && q + 1 < limit) ++q;  // "\r\n": LineReader drops the '\r'
  if (*q != '\n') return nullptr;
  scratch_.add(static_cast<Pmid>(a), static_cast<Pmid>(b));
  return q + 1;
}

Chunk ChunkParser::parse(std::uint64_t begin, std::uint64_t end, bool first) {
  Chunk chunk;
  scratch_.runs.clear();
  scratch_.cited.clear();
  window_begin_ = window_end_ = begin;
  // The first line start at or after begin: just after a '\n' at begin - 1 or later.
  std::uint64_t pos = first ? begin : skip_line(begin - 1);
  while (pos < end && pos < size_) {
    if (pos < window_begin_ || pos > window_end_ ||
        (window_end_ - pos < kLongestFastLine && window_end_ < size_)) {
      fill(pos);
    }
    bool irregular = false;
    pos = parse_window(pos, end, chunk, irregular);
    if (irregular) {
      if (chunk.irregular.size() < kMaxIrregular) {
        chunk.irregular.push_back(Irregular{chunk.lines, pos, scratch_.cited.size()});
      } else {
        chunk.overflow = true;
      }
      ++chunk.lines;
      pos = skip_line(pos);
    }
  }
  chunk.pairs.runs.assign(scratch_.runs.begin(), scratch_.runs.end());
  chunk.pairs.cited.assign(scratch_.cited.begin(), scratch_.cited.end());
  return chunk;
}

// Takes the lines from `pos` (in the window) while a whole fast line fits in what is left of
// the window, or the window ends the file; stops at the chunk's end or at a line it does not
// take (`irregular`). Returns the offset where it stopped.
std::uint64_t ChunkParser::parse_window(std::uint64_t pos, std::uint64_t end, Chunk& chunk,
                                        bool& irregular) {
  const char* const base = buffer_.data();
  const char* p = base + (pos - window_begin_);
  const char* const limit = base + (window_end_ - window_begin_);
  const std::uint64_t end_offset = end - window_begin_;
  const bool at_eof = window_end_ == size_;
  const std::size_t keep = at_eof ? 1 : kLongestFastLine;
  std::uint64_t lines = 0;
  while (static_cast<std::uint64_t>(p - base) < end_offset &&
         static_cast<std::size_t>(limit - p) >= keep) {
    // Most lines: two numbers of 1-8 digits and a newline, read a word at a time (20 bytes at
    // most are looked at; the same lines and values as take_line).
    const char* next = limit - p >= 24 ? take_short_line(p) : nullptr;
    if (next == nullptr) next = take_line(p, limit);
    if (next == nullptr) {
      irregular = true;
      break;
    }
    p = next;
    ++lines;
  }
  chunk.lines += lines;
  return window_begin_ + static_cast<std::uint64_t>(p - base);
}

// Makes the window start at pos (up to its size of the file).
void ChunkParser::fill(std::uint64_t pos) {
  window_begin_ = pos;
  window_end_ = pos + pread_full(fd_, path_, buffer_.data(), buffer_.size(), pos);
}

// The offset just past the '\n' at or after pos (the file size if there is none).
std::uint64_t ChunkParser::skip_line(std::uint64_t pos) {
  for (;;) {
    if (pos < window_begin_ || pos >= window_end_) {
      if (pos >= size_) return size_;
      fill(pos);
      if (window_end_ == window_begin_) return size_;
    }
    const char* p = buffer_.data() + (pos - window_begin_);
    const void* newline = std::memchr(p, '\n', window_end_ - pos);
    if (newline != nullptr) {
      return window_begin_ +
             static_cast<std::uint64_t>(static_cast<const char*>(newline) - buffer_.data()) + 1;
    }
    pos = window_end_;
  }
}

}  // namespace citegraph::io
