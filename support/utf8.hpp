// UTF-8 decoding, for the readers (repairing text) and the writers (escaping it).
#pragma once

#include <cstdint>
#include <string_view>

namespace citegraph::io {

// One character decoded from UTF-8 text.
struct Utf8Char {
  char32_t code_point = 0;   // U+FFFD when the sequence is ill-formed
  std::uint32_t length = 1;  // bytes consumed, at least 1
  bool valid = false;        // false for an ill-formed sequence
};

// Decodes the character that starts at text[pos] (pos < text.size()). An ill-formed sequence
// (stray continuation byte, overlong form, surrogate, above U+10FFFF, truncated) yields U+FFFD
// and consumes its maximal well-formed prefix, at least one byte (Unicode §3.9 "U+FFFD
// substitution of maximal subparts"), so writers replace bad bytes without losing good ones.
// O(1).
[[nodiscard]] Utf8Char decode_utf8(std::string_view text, std::size_t pos);

}  // namespace citegraph::io
