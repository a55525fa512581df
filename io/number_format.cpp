// Formatting primitives shared by the writers: shortest round-trip doubles and UTF-8 decoding
// with replacement of ill-formed sequences.
//
// Doubles go through std::to_chars without a precision, which is locale-independent and gives
// the shortest decimal that reads back to the same double (Ryu-style, as the standard
// requires), in fixed or scientific notation, whichever is shorter: 0.1 -> "0.1", 1.0 -> "1",
// 1e-12 -> "1e-12", 1e21 -> "1e+21". Negative zero is written "0": it carries no meaning in our
// figures, "-0" in a CSV reads like a bug to a user, and 0.0 == -0.0 so it still round-trips
// by value. NaN and infinities give an empty string (a missing value); the writers test
// std::isfinite themselves and never ask.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "citegraph/io/writers.hpp"

namespace citegraph::io {

namespace {

// Longest shortest-form double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kDoubleBuffer = 32;

std::size_t format_into(std::array<char, kDoubleBuffer>& buffer, double value) {
  if (!std::isfinite(value)) return 0;
  if (value == 0.0) {
    buffer[0] = '0';
    return 1;
  }
  // Small integers (pair counts, degrees) through the integer path: below 10^5 the shortest
  // form of an integral double is its fixed form (scientific is never shorter: "1e+04" ties
  // "10000" and ties go to fixed), so the bytes are the same, several times faster.
  if (std::fabs(value) < 1e5 && value == std::trunc(value)) {
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                      static_cast<std::int32_t>(value));
    return static_cast<std::size_t>(result.ptr - buffer.data());
  }
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return static_cast<std::size_t>(result.ptr - buffer.data());
}

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

}  // namespace

std::string format_double(double value) {
  std::array<char, kDoubleBuffer> buffer{};
  return std::string(buffer.data(), format_into(buffer, value));
}

void append_double(std::string& out, double value) {
  std::array<char, kDoubleBuffer> buffer{};
  out.append(buffer.data(), format_into(buffer, value));
}

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
