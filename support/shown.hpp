// How a bad value is quoted in messages (the PMID parser, the readers), so that every message
// shows it alike.
#pragma once

#include <string>
#include <string_view>

namespace citegraph {

// `value` in double quotes, cut after 40 bytes (at a character boundary) with "..." when
// longer: "abc", "a very long ... value...". O(40).
[[nodiscard]] std::string shown(std::string_view value);

}  // namespace citegraph
