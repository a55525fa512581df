// Private to analysis/: a parameter value as its error messages show it (17 significant digits,
// so that the value refused is the value given).
#pragma once

#include <sstream>
#include <string>

namespace citegraph::analysis_detail {

inline std::string describe(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace citegraph::analysis_detail
