// Formatting primitives shared by the writers: shortest round-trip doubles and UTF-8 decoding
// with replacement of ill-formed sequences.
//
// Doubles are written as std::to_chars writes them without a precision, which is
// locale-independent and gives the shortest decimal that reads back to the same double, in
// fixed or scientific notation, whichever is shorter (fixed on a tie): 0.1 -> "0.1", 1.0 -> "1",
// 1e-12 -> "1e-12", 1e21 -> "1e+21". The digits of values with a fractional part come from
// Dragonbox (Jeon 2020, "Dragonbox: a new floating-point binary-to-decimal conversion
// algorithm"; the fmt library's implementation, Debian's libfmt-dev, used header-only) and are
// laid out here by the same rule: about twice as fast as libstdc++'s Ryu, which was a third of
// writing the pair tables (four strengths per row). Integral values take std::to_chars (the
// integer path below 10^5, Ryu above), whose fixed form of large integers this code does not
// copy. tests/io/test_writers.cpp compares both on millions of values. Negative zero is written
// "0": it carries no meaning in our figures, "-0" in a CSV reads like a bug to a user, and 0.0 ==
// -0.0 so it still round-trips by value. NaN and infinities give an empty string (a missing value);
// the writers test std::isfinite themselves and never ask.
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "citegraph/io/writers.hpp"

// Header-only: the formatter is compiled into this file, so neither the library nor its users
// link libfmt.
#define FMT_HEADER_ONLY
#include <fmt/format.h>

namespace citegraph::io {

namespace {

// Longest shortest-form double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kDoubleBuffer = 32;

// The 8 decimal digits of v < 10^8, zero-padded, as ASCII in memory order (little-endian):
// each step splits every lane in two by a multiply-shift that is exact in its range (x / 100
// as x * 10486 >> 20 for x < 10^4, x / 10 as x * 103 >> 10 for x < 100), all lanes at once.
std::uint64_t eight_digits(std::uint32_t v) {
  static_assert(std::endian::native == std::endian::little, "eight_digits lays out little-endian");
  const std::uint64_t fours = v / 10000 | static_cast<std::uint64_t>(v % 10000) << 32;
  const std::uint64_t hundreds = (fours * 10486) >> 20 & 0x0000007F0000007FULL;
  const std::uint64_t twos = hundreds | (fours - hundreds * 100) << 16;
  const std::uint64_t tens = (twos * 103) >> 10 & 0x000F000F000F000FULL;
  const std::uint64_t ones = tens | (twos - tens * 10) << 8;
  return ones + 0x3030303030303030ULL;
}

// The shortest round-trip form of a finite nonzero value, as std::to_chars(first, last, value)
// writes it, into out (>= 26 bytes); 0 for the values left to std::to_chars: those whose
// chosen form is fixed notation without a fractional part.
std::size_t format_shortest(char* out, double value) {
  char* p = out;
  if (std::signbit(value)) {
    *p++ = '-';
    value = -value;
  }
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);  // value = sig x 10^e
  // The significand (< 10^17) as 17 zero-padded digits in two independent 8-digit halves plus
  // one, then the leading zeros skipped: no serial division chain.
  const auto sig = static_cast<std::uint64_t>(decimal.significand);
  const std::uint64_t rest = sig / 100000000;
  std::array<char, 17> padded{};
  padded[0] = static_cast<char>('0' + rest / 100000000);
  const std::uint64_t middle = eight_digits(static_cast<std::uint32_t>(rest % 100000000));
  const std::uint64_t low = eight_digits(static_cast<std::uint32_t>(sig % 100000000));
  std::memcpy(padded.data() + 1, &middle, 8);
  std::memcpy(padded.data() + 9, &low, 8);
  int lead = 0;  // leading zeros; sig > 0, so some digit is not 0
  if (padded[0] == '0') {
    constexpr std::uint64_t kZeros = 0x3030303030303030ULL;
    lead = middle != kZeros ? 1 + std::countr_zero(middle - kZeros) / 8
                            : 9 + std::countr_zero(low - kZeros) / 8;
  }
  const char* const digits = padded.data() + lead;
  const int n = 17 - lead;
  const int e = decimal.exponent;
  const int sci_exponent = e + n - 1;
  const int magnitude = sci_exponent < 0 ? -sci_exponent : sci_exponent;
  const int sci_size = n + (n > 1 ? 1 : 0) + 2 + (magnitude >= 100 ? 3 : 2);
  const int point = n + e;  // digits before the decimal point in fixed notation
  const int fixed_size = e >= 0 ? n + e : (point > 0 ? n + 1 : 2 - e);
  if (fixed_size <= sci_size) {
    if (e >= 0) return 0;  // an integer: std::to_chars
    if (point > 0) {
      std::memcpy(p, digits, static_cast<std::size_t>(point));
      p += point;
      *p++ = '.';
      std::memcpy(p, digits + point, static_cast<std::size_t>(n - point));
      p += n - point;
    } else {
      *p++ = '0';
      *p++ = '.';
      std::memset(p, '0', static_cast<std::size_t>(-point));
      p += -point;
      std::memcpy(p, digits, static_cast<std::size_t>(n));
      p += n;
    }
  } else {
    *p++ = digits[0];
    if (n > 1) {
      *p++ = '.';
      std::memcpy(p, digits + 1, static_cast<std::size_t>(n - 1));
      p += n - 1;
    }
    *p++ = 'e';
    *p++ = sci_exponent < 0 ? '-' : '+';
    if (magnitude >= 100) *p++ = static_cast<char>('0' + magnitude / 100);
    *p++ = static_cast<char>('0' + magnitude / 10 % 10);
    *p++ = static_cast<char>('0' + magnitude % 10);
  }
  return static_cast<std::size_t>(p - out);
}

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
  if (const std::size_t size = format_shortest(buffer.data(), value); size > 0) return size;
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
