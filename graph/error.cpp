#include "citegraph/graph/error.hpp"

#include <cstdio>

namespace citegraph {

std::string SourceLocation::to_string() const {
  std::string out = path.empty() ? std::string("<input>") : path;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string quote_line(const std::string& line, std::size_t max_chars) {
  std::string out = "  | ";
  std::size_t shown = 0;
  for (unsigned char c : line) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    ++shown;
  }
  return out;
}

namespace {
std::string format_parse_error(const SourceLocation& where, const std::string& message,
                               const std::string& line_text) {
  std::string out = where.to_string() + ": " + message;
  if (!line_text.empty()) {
    out += '\n';
    out += quote_line(line_text);
  }
  return out;
}
}  // namespace

ParseError::ParseError(SourceLocation where, const std::string& message,
                       const std::string& line_text)
    : Error(format_parse_error(where, message, line_text)),
      where_(std::move(where)),
      message_(message) {}

}  // namespace citegraph
