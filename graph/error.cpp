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

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (a lead byte >= 0x80), 0 if it is
// ill-formed.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    if (c == 0xe0) low = 0xa0;
    if (c == 0xed) high = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    if (c == 0xf0) low = 0x90;
    if (c == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xbf)) return 0;
  }
  return length;
}

void append_hex(std::string& out, const char* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// Appends the escaped form of the character at text[i]; returns the bytes it took.
std::size_t escape_one(std::string& out, std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == '\t') {
    out += "\\t";
    return 1;
  }
  if (c < 0x20 || c == 0x7f) {
    append_hex(out, "\\x%02x", c);
    return 1;
  }
  if (c < 0x80) {
    out += static_cast<char>(c);
    return 1;
  }
  const std::size_t length = utf8_length(text, i);
  if (length == 0) {
    append_hex(out, "\\x%02x", c);  // a byte that is not UTF-8
    return 1;
  }
  // C1 controls (U+0080..U+009F: 8-bit CSI and friends) act on terminals too.
  if (length == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
    append_hex(out, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
    return 2;
  }
  out.append(text.substr(i, length));
  return length;
}

}  // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) i += escape_one(out, text, i);
  return out;
}

std::string quote_line(const std::string& line, std::size_t max_chars) {
  std::string out = "  | ";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < line.size(); ++shown) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    i += escape_one(out, line, i);
  }
  return out;
}

namespace {
std::string format_parse_error(const SourceLocation& where, const std::string& message,
                               const std::string& line_text) {
  std::string out = escape_controls(where.to_string() + ": " + message);
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
