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
