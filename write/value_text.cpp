// The value spelling of write/value_text.hpp: locale-independent numbers (std::to_chars,
// append_double) and U+FFFD for what a writer cannot copy.
#include "write/value_text.hpp"

#include <charconv>
#include <cmath>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/writers.hpp"
#include "support/utf8.hpp"

namespace citegraph::io {

void append_xml_escaped(std::string& out, std::string_view text, XmlContext context) {
  const bool attribute = context == XmlContext::kAttribute;
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  const auto flush_run = [&] { out.append(text.data() + run, i - run); };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20U && c < 0x80U && c != '&' && c != '<' && c != '>' && c != '"' &&
        (attribute || c != '\'')) {
      ++i;
      continue;
    }
    flush_run();
    if (c < 0x80U) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";  // reached in character data only
          break;
        case '\t':
          out += attribute ? "&#9;" : "\t";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        case '\r':
          out += "&#13;";
          break;
        default:
          out += kReplacementUtf8;  // other C0 controls are not XML 1.0 characters
          break;
      }
      ++i;
    } else {
      i += append_utf8_char(out, text, i, Utf8Filter::kXml10);
    }
    run = i;
  }
  flush_run();
}

void check_edge_endpoints(const GraphTables& graph, std::string_view format) {
  const std::size_t node_count = graph.node_ids.size();
  for (std::size_t e = 0; e < graph.edges.size(); ++e) {
    const auto [source, target] = graph.edges[e];
    if (source >= node_count || target >= node_count) {
      throw InvalidArgument(std::string(format) + ": edge " + std::to_string(e) + " (" +
                            std::to_string(source) + " -> " + std::to_string(target) +
                            ") has an endpoint out of range; " + std::to_string(node_count) +
                            " nodes");
    }
  }
}

std::optional<std::string_view> value_type_name(ValueType type) {
  switch (type) {
    case ValueType::kBoolean:
      return "boolean";
    case ValueType::kInt:
      return "int";
    case ValueType::kLong:
      return "long";
    case ValueType::kDouble:
      return "double";
    case ValueType::kString:
      return "string";
  }
  return std::nullopt;
}

std::size_t append_utf8_char(std::string& out, std::string_view text, std::size_t pos,
                             Utf8Filter filter) {
  const Utf8Char decoded = decode_utf8(text, pos);
  const bool refused = filter == Utf8Filter::kXml10 &&
                       (decoded.code_point == 0xFFFE || decoded.code_point == 0xFFFF);
  if (decoded.valid && !refused) {
    out.append(text.data() + pos, decoded.length);
  } else {
    out += kReplacementUtf8;
  }
  return decoded.length;
}

void append_value(std::string& out, const Column& column, std::size_t row,
                  void (*append_string)(std::string& out, std::string_view text)) {
  if (column.present[row] == 0) return;
  switch (column.type) {
    case ValueType::kBoolean:
      out += column.ints[row] != 0 ? "true" : "false";
      break;
    case ValueType::kInt:
    case ValueType::kLong: {
      char buffer[24];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, column.ints[row]);
      out.append(buffer, result.ptr);
      break;
    }
    case ValueType::kDouble:
      if (std::isfinite(column.doubles[row])) append_double(out, column.doubles[row]);
      break;
    case ValueType::kString:
      append_string(out, column.strings[row]);
      break;
  }
}

}  // namespace citegraph::io
