// Private to io/: what the text readers (medline, pairs, pubmed-page) do with each line before
// parsing it. A line longer than ReadLimits::max_line_bytes is skipped, located (LineReader
// never holds more of it). A NUL byte or ill-formed UTF-8 is a located problem of the line's
// record: under --strict a skip (a ParseError), otherwise the line is repaired -- each NUL and
// each ill-formed sequence becomes U+FFFD, as the writers would write them -- with a warning.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::io {

// The offset of the first NUL or of the first byte of an ill-formed UTF-8 sequence in `text`,
// or npos. O(n); ASCII runs are checked 8 bytes at a time.
[[nodiscard]] std::size_t find_bad_text_byte(std::string_view text);

// `text` with each NUL and each ill-formed UTF-8 sequence replaced by U+FFFD. O(n).
void repair_text(std::string_view text, std::string& out);

// What is at `pos` (from find_bad_text_byte): "a NUL byte", "invalid UTF-8 (byte 0xff)".
[[nodiscard]] std::string describe_bad_byte(std::string_view text, std::size_t pos);

// The checks above for the line `lines` last returned. False when the line must be skipped
// (too long: reported here as "line too long"); true otherwise, with `line` pointing at a
// repaired copy in `scratch` when it had bad bytes (reported as "NUL or invalid UTF-8
// repaired"; under strict a ParseError is thrown instead).
bool check_line(std::string_view& line, const LineReader& lines, ReadContext& context,
                std::string& scratch);

// The Issue text of a line: at most 512 bytes of it.
[[nodiscard]] inline std::string issue_line(std::string_view line) {
  return std::string(line.substr(0, 512));
}

}  // namespace citegraph::io
