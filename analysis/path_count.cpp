// PathCount: a double with an exponent that cannot overflow (citegraph/analysis/main_path.hpp).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "citegraph/analysis/main_path.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

PathCount::PathCount(double value) {
  if (!(value >= 0.0) || !std::isfinite(value)) {
    throw InvalidArgument("PathCount: not a finite count >= 0");
  }
  int exp = 0;
  frac_ = std::frexp(value, &exp);
  exp_ = value == 0.0 ? 0 : exp;
}

PathCount PathCount::operator+(const PathCount& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  const PathCount& big = exp_ >= other.exp_ ? *this : other;
  const PathCount& small = exp_ >= other.exp_ ? other : *this;
  const std::int64_t shift = big.exp_ - small.exp_;
  if (shift > 64) return big;  // below half an ulp of big: the double sum would be big too
  PathCount sum;
  int exp = 0;
  sum.frac_ = std::frexp(big.frac_ + std::ldexp(small.frac_, -static_cast<int>(shift)), &exp);
  sum.exp_ = big.exp_ + exp;
  return sum;
}

PathCount PathCount::operator*(const PathCount& other) const {
  if (is_zero() || other.is_zero()) return PathCount{};
  PathCount product;
  int exp = 0;
  product.frac_ = std::frexp(frac_ * other.frac_, &exp);
  product.exp_ = exp_ + other.exp_ + exp;
  return product;
}

bool PathCount::operator<(const PathCount& other) const {
  if (is_zero() || other.is_zero()) return is_zero() && !other.is_zero();
  return exp_ != other.exp_ ? exp_ < other.exp_ : frac_ < other.frac_;
}

double PathCount::to_double() const {
  if (is_zero()) return 0.0;
  if (exp_ > std::numeric_limits<double>::max_exponent) {
    return std::numeric_limits<double>::infinity();
  }
  return std::ldexp(frac_, static_cast<int>(exp_));
}

double PathCount::log10() const {
  if (is_zero()) return -std::numeric_limits<double>::infinity();
  return std::log10(frac_) + static_cast<double>(exp_) * std::log10(2.0);
}

std::string PathCount::to_string() const {
  const double value = to_double();
  if (std::isfinite(value)) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
    return std::string(text, end);
  }
  // log10 in long double: 64 bits of mantissa keep about 12 digits of the fraction of a
  // logarithm in the hundreds of thousands.
  const long double log = std::log10(static_cast<long double>(frac_)) +
                          static_cast<long double>(exp_) * std::log10(2.0L);
  const long double decade = std::floor(log);
  char text[64];
  std::snprintf(text, sizeof text, "%.11Lfe+%.0Lf", std::pow(10.0L, log - decade), decade);
  return text;
}

}  // namespace citegraph
