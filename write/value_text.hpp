// Private to io/: how the writers spell a table's values and repair text, shared by the GraphML
// and CSV writers and by the table's own messages, so that every output names the types alike
// and writes the same bytes for the same value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "citegraph/write/table.hpp"
#include "support/thread_team.hpp"

namespace citegraph::io {

struct GraphTables;

// U+FFFD REPLACEMENT CHARACTER, in UTF-8.
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

// A value type as GraphML's attr.type names it: "boolean", "int", "long", "double", "string";
// nullopt for a value outside the enum.
[[nodiscard]] std::optional<std::string_view> value_type_name(ValueType type);

// Throws InvalidArgument ("FORMAT: edge E (S -> T) has an endpoint out of range; N nodes") when
// an edge of `graph` names a row beyond its nodes. O(edges).
void check_edge_endpoints(const GraphTables& graph, std::string_view format);

// Where escaped text stands in an XML 1.0 document.
//   kText       character data (GraphML): & < > " ' escaped; tab and newline kept; CR as &#13;
//   kAttribute  an attribute value (GEXF): & < > " escaped; tab, newline and CR as character
//               references (an attribute's line ends would be normalised away otherwise)
// Other C0 controls become U+FFFD; non-ASCII goes through append_utf8_char(kXml10).
enum class XmlContext { kText, kAttribute };
void append_xml_escaped(std::string& out, std::string_view text, XmlContext context);

// Which characters append_utf8_char copies.
enum class Utf8Filter {
  kWellFormed,  // any well-formed character
  kXml10,       // also not the noncharacters U+FFFE and U+FFFF, which XML 1.0 does not allow
};

// Copies the UTF-8 character that starts at text[pos] (pos < text.size()) to `out`, or U+FFFD
// when it is ill-formed or refused by `filter`. Returns the bytes consumed, at least 1. O(1).
std::size_t append_utf8_char(std::string& out, std::string_view text, std::size_t pos,
                             Utf8Filter filter = Utf8Filter::kWellFormed);

// Appends the value of `column` at `row`: booleans as "true"/"false", integers in decimal
// (std::to_chars), doubles by append_double, strings through `append_string` (the format's
// quoting or escaping). A missing value or a non-finite double appends nothing. O(value length).
void append_value(std::string& out, const Column& column, std::size_t row,
                  void (*append_string)(std::string& out, std::string_view text));

// Writes `text` (what precedes the rows: a header), then rows 0..rows-1 as row(out, r) appends
// them, then clears `text`. The rows are formatted in chunks on `threads` threads and written
// in order (parallel::ordered_chunks): the same bytes for any thread count.
template <class Row>
void write_rows(std::ostream& out, std::string& text, std::size_t rows, unsigned threads,
                const Row& row) {
  constexpr std::size_t kRowsPerChunk = 4096;
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  text.clear();
  const std::size_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
  parallel::ordered_chunks(
      std::max(1u, threads), chunks,
      [&](std::size_t k, std::string& chunk) {
        const std::size_t end = std::min(rows, (k + 1) * kRowsPerChunk);
        for (std::size_t r = k * kRowsPerChunk; r < end; ++r) row(chunk, r);
      },
      [&out](const std::string& chunk) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      });
}

}  // namespace citegraph::io
