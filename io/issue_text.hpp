// Private to io/: how the readers quote a bad value in their messages, so that every reader
// shows it alike.
#pragma once

#include <string>
#include <string_view>

namespace citegraph::io {

// `value` in double quotes, cut after 40 bytes (at a character boundary) with "..." when
// longer: "abc", "a very long ... value...". O(40).
[[nodiscard]] std::string shown(std::string_view value);

}  // namespace citegraph::io
