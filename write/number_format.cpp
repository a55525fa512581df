// Formatting primitives shared by the writers: shortest round-trip doubles, integers, and UTF-8
// decoding with replacement of ill-formed sequences.
//
// Doubles are written as std::to_chars writes them without a precision, which is
// locale-independent and gives the shortest decimal that reads back to the same double, in
// fixed or scientific notation, whichever is shorter (fixed on a tie): 0.1 -> "0.1", 1.0 -> "1",
// 1e-12 -> "1e-12", 1e21 -> "1e+21". The digits of values with a fractional part come from
// Dragonbox (Jeon 2020, "Dragonbox: a new floating-point binary-to-decimal conversion
// algorithm"; the fmt library's implementation, Debian's libfmt-dev, used header-only) and are
// laid out here by the same rule, straight into the caller's buffer with stores of constant size
// (write_double; format_double and append_double go through it): about twice as fast as
// libstdc++'s Ryu, which was a third of writing the pair tables (four strengths per row).
// Integral values below 10^5 take the integer path (write_unsigned: eight digits at a time);
// larger integral values that keep their fixed form take std::to_chars, whose fixed form of
// integers above 2^53 this code does not copy. tests/io/test_writers.cpp compares both on
// millions of values. Negative zero is written "0": it carries no meaning in our figures, "-0"
// in a CSV reads like a bug to a user, and 0.0 == -0.0 so it still round-trips by value. NaN and
// infinities give an empty string (a missing value); the writers test std::isfinite themselves
// and never ask.
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "citegraph/write/writers.hpp"

// Header-only: the formatter is compiled into this file, so neither the library nor its users
// link libfmt.
#define FMT_HEADER_ONLY
#include <fmt/format.h>

namespace citegraph::io {

namespace {

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

constexpr std::uint64_t kZeroDigits = 0x3030303030303030ULL;  // "00000000"

// "00" "01" ... "99": two digits per lookup.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (std::size_t i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

void store8(char* out, std::uint64_t bytes) { std::memcpy(out, &bytes, 8); }

// The digits of 0 < v < 10^8 without leading zeros; stores 8 bytes at out.
char* write_below_1e8(char* out, std::uint32_t v) {
  const std::uint64_t digits = eight_digits(v);
  const int lead = std::countr_zero(digits - kZeroDigits) / 8;  // v > 0: some digit is not 0
  store8(out, digits >> (8 * lead));
  return out + 8 - lead;
}

// The n significant digits of a Dragonbox significand at out, given as its 17 zero-padded
// digits (first: the top digit, middle and low: eight each, as eight_digits) of which the first
// `lead` are zeros. Stores only below out + 17.
void store_significand(char* out, char first, std::uint64_t middle, std::uint64_t low, int lead) {
  if (lead == 0) {
    *out = first;
    store8(out + 1, middle);
    store8(out + 9, low);
  } else if (lead <= 8) {
    store8(out, middle >> (8 * (lead - 1)));
    store8(out + 9 - lead, low);
  } else {
    store8(out, low >> (8 * (lead - 9)));
  }
}

// The shortest round-trip form of a finite nonzero value, as std::to_chars(first, last, value)
// writes it, at out (kNumberRoom bytes of room); nullptr for the values left to std::to_chars:
// those whose chosen form is fixed notation without a fractional part. Every copy is of a
// constant size (digits are stored eight at a time and overwritten or cut), no memcpy call.
char* write_shortest(char* out, double value) {
  char* p = out;
  if (std::signbit(value)) {
    *p++ = '-';
    value = -value;
  }
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);  // value = sig x 10^e
  // The significand (< 10^17) as 17 zero-padded digits in two independent 8-digit halves plus
  // one, then the leading zeros counted: no serial division chain.
  const auto sig = static_cast<std::uint64_t>(decimal.significand);
  const std::uint64_t rest = sig / 100000000;
  const char first = static_cast<char>('0' + rest / 100000000);
  const std::uint64_t middle = eight_digits(static_cast<std::uint32_t>(rest % 100000000));
  const std::uint64_t low = eight_digits(static_cast<std::uint32_t>(sig % 100000000));
  int lead = 0;  // leading zeros; sig > 0, so some digit is not 0
  if (first == '0') {
    lead = middle != kZeroDigits ? 1 + std::countr_zero(middle - kZeroDigits) / 8
                                 : 9 + std::countr_zero(low - kZeroDigits) / 8;
  }
  const int n = 17 - lead;
  const int e = decimal.exponent;
  const int sci_exponent = e + n - 1;
  const int magnitude = sci_exponent < 0 ? -sci_exponent : sci_exponent;
  const int sci_size = n + (n > 1 ? 1 : 0) + 2 + (magnitude >= 100 ? 3 : 2);
  const int point = n + e;  // digits before the decimal point in fixed notation
  const int fixed_size = e >= 0 ? n + e : (point > 0 ? n + 1 : 2 - e);
  if (fixed_size <= sci_size) {
    if (e >= 0) return nullptr;  // an integer: std::to_chars
    if (point <= 0) {
      // "0." and at most three zeros: with four, "d.ddde-05" is shorter (so 8 bytes cover it).
      std::copy_n("0.000000", 8, p);  // a prefix: the significand's digits follow
      store_significand(p + 2 - point, first, middle, low, lead);
      return p + 2 - point + n;
    }
    // 0 < point < n <= 17: the digits, then the at most 16 after the point moved up by one.
    store_significand(p, first, middle, low, lead);
    char fraction[16];
    std::memcpy(fraction, p + point, 16);
    std::memcpy(p + point + 1, fraction, 16);
    p[point] = '.';
    return p + n + 1;
  }
  // Scientific: the digits one place to the right, the first moved back before the point.
  store_significand(p + 1, first, middle, low, lead);
  p[0] = p[1];
  if (n > 1) {
    p[1] = '.';
    p += n + 1;
  } else {
    p += 1;
  }
  p[0] = 'e';
  p[1] = sci_exponent < 0 ? '-' : '+';
  if (magnitude >= 100) {
    p[2] = static_cast<char>('0' + magnitude / 100);
    std::memcpy(p + 3, kDigitPairs.data() + std::ptrdiff_t{2} * (magnitude % 100), 2);
    return p + 5;
  }
  std::memcpy(p + 2, kDigitPairs.data() + std::ptrdiff_t{2} * magnitude, 2);
  return p + 4;
}

}  // namespace

char* write_unsigned(char* out, std::uint64_t value) {
  if (value < 10) {
    *out = static_cast<char>('0' + value);
    return out + 1;
  }
  if (value < 100) {
    std::memcpy(out, kDigitPairs.data() + 2 * value, 2);
    return out + 2;
  }
  if (value < 100000000) return write_below_1e8(out, static_cast<std::uint32_t>(value));
  const std::uint64_t low = value % 100000000;
  std::uint64_t high = value / 100000000;
  if (high >= 100000000) {  // value >= 10^16: at most 20 digits, the top 4 first
    out = write_below_1e8(out, static_cast<std::uint32_t>(high / 100000000));
    high %= 100000000;
    store8(out, eight_digits(static_cast<std::uint32_t>(high)));
    out += 8;
  } else {
    out = write_below_1e8(out, static_cast<std::uint32_t>(high));
  }
  store8(out, eight_digits(static_cast<std::uint32_t>(low)));
  return out + 8;
}

char* write_double(char* out, double value) {
  if (!std::isfinite(value)) return out;
  if (value == 0.0) {
    *out = '0';
    return out + 1;
  }
  // Small integers (pair counts, degrees) through the integer path: below 10^5 the shortest
  // form of an integral double is its fixed form (scientific is never shorter: "1e+04" ties
  // "10000" and ties go to fixed), so the bytes are the same, several times faster.
  const double magnitude = std::fabs(value);
  if (magnitude < 1e5 && value == std::trunc(value)) {
    if (value < 0) *out++ = '-';
    return write_unsigned(out, static_cast<std::uint32_t>(magnitude));
  }
  if (char* const end = write_shortest(out, value); end != nullptr) return end;
  return std::to_chars(out, out + kNumberRoom, value).ptr;
}

std::string format_double(double value) {
  std::array<char, kNumberRoom> buffer{};
  return std::string(buffer.data(), write_double(buffer.data(), value));
}

void append_double(std::string& out, double value) {
  std::array<char, kNumberRoom> buffer{};
  out.append(buffer.data(), write_double(buffer.data(), value));
}

}  // namespace citegraph::io
