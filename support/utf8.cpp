// UTF-8 decoding (support/utf8.hpp).
#include "support/utf8.hpp"

namespace citegraph::io {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80U) return {lead, 1, true};

  // Table 3-7 of the Unicode standard: the lead byte fixes the length and the range of the
  // second byte, which is what excludes overlongs, surrogates and code points past U+10FFFF.
  std::uint32_t length = 0;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  char32_t code_point = 0;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
    code_point = lead & 0x1FU;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    code_point = lead & 0x0FU;
    if (lead == 0xE0U) second_low = 0xA0;
    if (lead == 0xEDU) second_high = 0x9F;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    code_point = lead & 0x07U;
    if (lead == 0xF0U) second_low = 0x90;
    if (lead == 0xF4U) second_high = 0x8F;
  } else {
    return {kReplacement, 1, false};  // 80..C1 and F5..FF never start a character
  }

  const std::size_t available = text.size() - pos;
  for (std::uint32_t i = 1; i < length; ++i) {
    if (i >= available) return {kReplacement, i, false};
    const unsigned char next = byte(i);
    const bool in_range =
        i == 1 ? (next >= second_low && next <= second_high) : is_continuation(next);
    if (!in_range) return {kReplacement, i, false};
    code_point = (code_point << 6) | (next & 0x3FU);
  }
  return {code_point, length, true};
}

}  // namespace citegraph::io
