// Line checks of the text readers (read/text_check.hpp).
#include "read/text_check.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "citegraph/graph/diagnostics.hpp"
#include "support/utf8.hpp"

namespace citegraph::io {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// True when the 8 bytes at p are ASCII and none is NUL.
bool plain_ascii_word(const char* p) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  const bool has_zero = ((word - kOnes) & ~word & kHigh) != 0;
  return (word & kHigh) == 0 && !has_zero;
}

}  // namespace

std::size_t find_bad_text_byte(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (i + 8 <= n && plain_ascii_word(text.data() + i)) {
      i += 8;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const Utf8Char decoded = decode_utf8(text, i);
    if (!decoded.valid) return i;
    i += decoded.length;
  }
  return std::string_view::npos;
}

void repair_text(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      out += kReplacement;
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      const Utf8Char decoded = decode_utf8(text, i);
      if (decoded.valid) {
        out.append(text.substr(i, decoded.length));
      } else {
        out += kReplacement;
      }
      i += decoded.length;
    }
  }
}

std::string describe_bad_byte(std::string_view text, std::size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c == 0) return "a NUL byte";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "invalid UTF-8 (byte 0x%02x)", c);
  return buffer;
}

bool check_line(std::string_view& line, const LineReader& lines, ReadContext& context,
                std::string& scratch) {
  if (lines.too_long()) {
    context.skip(
        "line too long",
        Issue{SourceLocation{lines.path(), lines.line_number(), 0},
              "line longer than " + std::to_string(lines.max_line_bytes()) + " bytes; skipped",
              issue_line(line)});
    return false;
  }
  const std::size_t bad = find_bad_text_byte(line);
  if (bad == std::string_view::npos) return true;
  Issue issue{
      SourceLocation{lines.path(), lines.line_number(), static_cast<std::uint32_t>(bad + 1)},
      describe_bad_byte(line, bad) + " in the text", issue_line(line)};
  if (context.strict()) {
    context.skip("NUL or invalid UTF-8", issue);  // throws
  }
  issue.message += "; replaced by U+FFFD";
  context.warn("NUL or invalid UTF-8 repaired", issue);
  repair_text(line, scratch);
  line = scratch;
  return true;
}

}  // namespace citegraph::io
