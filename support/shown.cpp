// The quoting of support/shown.hpp.
#include "support/shown.hpp"

#include <cstddef>

#include "support/ascii.hpp"

namespace citegraph {

std::string shown(std::string_view value) {
  constexpr std::size_t kMax = 40;
  // Appended piecewise: `"\"" + std::string(...)` trips GCC 12's -Wrestrict false positive.
  std::string out(1, '"');
  out.append(ascii::utf8_prefix(value, kMax));
  if (value.size() > kMax) out.append("...");
  out.push_back('"');
  return out;
}

}  // namespace citegraph
