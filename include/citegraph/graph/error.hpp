// Typed errors thrown by the library. The library never prints or exits: apps/ maps these to
// exit codes (ParseError -> 2 input error, IoError -> 2 or 3 by direction, InvalidArgument -> 1).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace citegraph {

// Where something was read: path (or "-" for stdin), 1-based line and column (0 = unknown).
struct SourceLocation {
  std::string path;
  std::uint64_t line = 0;
  std::uint32_t column = 0;

  // "path:line:col" (parts that are unknown are left out).
  [[nodiscard]] std::string to_string() const;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Malformed input. what() reads "path:line:col: message" followed, on the next line, by the
// offending line (quoted, cut at 200 characters); control characters in all of it are escaped
// (escape_controls), since messages quote input and go to a terminal.
class ParseError : public Error {
 public:
  ParseError(SourceLocation where, const std::string& message, const std::string& line_text = {});
  [[nodiscard]] const SourceLocation& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// A parameter or option with a value it cannot take; the message names both.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// A file that cannot be opened, read or written.
class IoError : public Error {
 public:
  enum class Direction { kInput, kOutput };
  IoError(Direction direction, const std::string& message)
      : Error(message), direction_(direction) {}
  [[nodiscard]] Direction direction() const noexcept { return direction_; }

 private:
  Direction direction_;
};

// `text` safe to print on a terminal: C0 controls and DEL as \xNN (TAB as \t), C1 controls
// (U+0080..U+009F) as \u00NN, bytes that are not UTF-8 as \xNN; printable UTF-8 is kept. A NUL
// thus never cuts a message. O(n).
[[nodiscard]] std::string escape_controls(std::string_view text);

// Quotes a line of input for an error message: "  | " and the line escaped as escape_controls
// does, at most max_chars characters.
[[nodiscard]] std::string quote_line(const std::string& line, std::size_t max_chars = 200);

}  // namespace citegraph
