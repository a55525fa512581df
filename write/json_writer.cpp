// A streaming JSON (RFC 8259) writer for summary.json and other small documents.
//
// Layout, fixed so that output is byte-for-byte repeatable: every member and array element on
// its own line, indented two spaces per level, `"key": value`, empty containers as {} and [],
// a final newline from finish(). Strings escape '"' and '\\', write \b \f \n \r \t in their
// short forms and every other control character as \u00xx; ill-formed UTF-8 becomes U+FFFD.
// Doubles use format_double (shortest round-trip; -0 as 0); NaN and infinities become null.
//
// Misuse throws InvalidArgument: a value without a key inside an object, a key outside an
// object or twice in a row, a closing call that does not match, a second top-level value, and
// finish() with containers open, with nothing written, or twice.
//
// stack_[0] stands for the document itself once its value has started (its `empty` flag
// records that finish() ran); real containers sit at stack_[1...], so the indentation of a
// container's members is 2 * (stack_.size() - 1).
#include "citegraph/write/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/writers.hpp"
#include "support/utf8.hpp"

namespace citegraph::io {

namespace {

constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

void write_string(std::ostream& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  escaped.reserve(text.size() + 2);
  escaped += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80U) {
      const Utf8Char decoded = decode_utf8(text, i);
      if (decoded.valid) {
        escaped.append(text.data() + i, decoded.length);
      } else {
        escaped += kReplacementUtf8;
      }
      i += decoded.length;
      continue;
    }
    switch (c) {
      case '"':
        escaped += "\\\"";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      case '\b':
        escaped += "\\b";
        break;
      case '\f':
        escaped += "\\f";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\t':
        escaped += "\\t";
        break;
      default:
        if (c < 0x20U) {
          escaped += "\\u00";
          escaped += kHex[c >> 4];
          escaped += kHex[c & 0xFU];
        } else {
          escaped += static_cast<char>(c);
        }
        break;
    }
    ++i;
  }
  escaped += '"';
  out.write(escaped.data(), static_cast<std::streamsize>(escaped.size()));
}

}  // namespace

void JsonWriter::newline() {
  out_ << '\n';
  for (std::size_t i = 1; i < stack_.size(); ++i) out_ << "  ";
}

void JsonWriter::before_value() {
  if (stack_.empty()) {
    stack_.push_back({false, false});
    return;
  }
  if (stack_.size() == 1) {
    throw InvalidArgument(stack_.front().empty
                              ? "JSON: a value written after finish()"
                              : "JSON: a second top-level value; a document holds one value");
  }
  Level& top = stack_.back();
  if (top.is_object) {
    if (!after_key_) throw InvalidArgument("JSON: a value inside an object needs a key first");
    after_key_ = false;
    return;
  }
  if (!top.empty) out_ << ',';
  top.empty = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ << '{';
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (stack_.size() < 2 || !stack_.back().is_object) {
    throw InvalidArgument("JSON: end_object() without a matching begin_object()");
  }
  if (after_key_) throw InvalidArgument("JSON: end_object() right after a key with no value");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ << '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ << '[';
  stack_.push_back({false, true});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  if (stack_.size() < 2 || stack_.back().is_object) {
    throw InvalidArgument("JSON: end_array() without a matching begin_array()");
  }
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (stack_.size() < 2 || !stack_.back().is_object) {
    throw InvalidArgument("JSON: key \"" + std::string(name) + "\" outside an object");
  }
  if (after_key_) {
    throw InvalidArgument("JSON: key \"" + std::string(name) + "\" follows a key with no value");
  }
  Level& top = stack_.back();
  if (!top.empty) out_ << ',';
  top.empty = false;
  newline();
  write_string(out_, name);
  out_ << ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  write_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.write(buffer, result.ptr - buffer);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.write(buffer, result.ptr - buffer);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  if (std::isfinite(number)) {
    out_ << format_double(number);
  } else {
    out_ << "null";
  }
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ << (flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  return *this;
}

void JsonWriter::finish() {
  if (stack_.empty()) throw InvalidArgument("JSON: finish() before any value was written");
  if (stack_.size() > 1) {
    throw InvalidArgument("JSON: finish() with " + std::to_string(stack_.size() - 1) +
                          " object(s)/array(s) still open");
  }
  if (stack_.front().empty) throw InvalidArgument("JSON: finish() called twice");
  out_ << '\n';
  stack_.front().empty = true;
}

}  // namespace citegraph::io
