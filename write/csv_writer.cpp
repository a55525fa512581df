// Writes a Table as RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180) for pandas, R and
// spreadsheets: a header row of column names, "\n" line ends, a field quoted only when it
// contains ',', '"', CR or LF (embedded quotes doubled), missing values and non-finite doubles
// as empty fields, numbers via format_double / std::to_chars (locale-independent), booleans
// "true"/"false", and ill-formed UTF-8 replaced by U+FFFD.
//
// A one-column table writes an empty value as "" rather than an empty line, because pandas
// and readr skip blank lines and would lose the row.
//
// Output is built in a std::string and written in 64 KiB chunks. Time O(rows * columns + bytes).
#include <array>
#include <cstdint>
#include <string_view>

#include "citegraph/write/writers.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

// Per byte: kQuote when the field must be quoted, kNonAscii when it needs UTF-8 checking. One
// table look-up and an OR per byte (the scan was 69% of CSV time with per-byte branches).
constexpr std::uint8_t kQuote = 1;
constexpr std::uint8_t kNonAscii = 2;
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (const unsigned char c : {',', '"', '\r', '\n'}) table[c] = kQuote;
  for (std::size_t c = 0x80; c < 256; ++c) table[c] = kNonAscii;
  return table;
}();

void append_field(std::string& out, std::string_view text) {
  std::uint8_t seen = 0;
  for (const char ch : text) seen |= kByteClass[static_cast<unsigned char>(ch)];
  const bool quote = (seen & kQuote) != 0;
  if (seen == 0) {
    out.append(text);
    return;
  }
  if (quote) out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      out += "\"\"";
      ++i;
    } else if (c < 0x80U) {
      out += static_cast<char>(c);
      ++i;
    } else {
      i += append_utf8_char(out, text, i);
    }
  }
  if (quote) out += '"';
}

}  // namespace

void append_csv_field(std::string& out, std::string_view text) { append_field(out, text); }

void write_csv(std::ostream& out, const Table& table, bool header, unsigned threads) {
  const std::size_t rows = table.rows();
  table.check_rows(rows);
  if (table.columns.empty()) return;

  std::string buffer;  // the header; the rows go through write_rows
  const auto end_line = [&](std::size_t line_start) {
    if (table.columns.size() == 1 && buffer.size() == line_start) buffer += "\"\"";
    buffer += '\n';
  };

  std::size_t line_start = buffer.size();
  if (header) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) buffer += ',';
      append_field(buffer, table.columns[c].name);
    }
    end_line(line_start);
  }
  write_rows(out, buffer, rows, threads, [&table](std::string& text, std::size_t row) {
    const std::size_t start = text.size();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) text += ',';
      append_value(text, table.columns[c], row, append_field);
    }
    if (table.columns.size() == 1 && text.size() == start) text += "\"\"";
    text += '\n';
  });
}

}  // namespace citegraph::io
