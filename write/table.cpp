// The typed attribute table the writers consume. Columns keep one value slot per row in the
// vector of their type even for missing values, so a row index addresses every vector alike.
#include "citegraph/write/table.hpp"

#include <limits>
#include <string_view>
#include <utility>

#include "citegraph/graph/error.hpp"
#include "write/value_text.hpp"

namespace citegraph::io {

namespace {

constexpr std::size_t kReservedColumns = 64;

std::string_view type_name(ValueType type) { return value_type_name(type).value_or("unknown"); }

[[noreturn]] void refuse(const Column& column, std::string_view pushed) {
  throw InvalidArgument("column '" + column.name + "' has type " +
                        std::string(type_name(column.type)) + " and cannot take a " +
                        std::string(pushed) + " value");
}

// Rows a column holds in the vector of its type.
std::size_t typed_size(const Column& column) {
  switch (column.type) {
    case ValueType::kBoolean:
    case ValueType::kInt:
    case ValueType::kLong:
      return column.ints.size();
    case ValueType::kDouble:
      return column.doubles.size();
    case ValueType::kString:
      return column.strings.size();
  }
  return 0;
}

}  // namespace

void Column::push_missing() {
  switch (type) {
    case ValueType::kBoolean:
    case ValueType::kInt:
    case ValueType::kLong:
      ints.push_back(0);
      break;
    case ValueType::kDouble:
      doubles.push_back(0.0);
      break;
    case ValueType::kString:
      strings.emplace_back();
      break;
  }
  present.push_back(0);
}

void Column::push(bool value) {
  if (type != ValueType::kBoolean) refuse(*this, "boolean");
  ints.push_back(value ? 1 : 0);
  present.push_back(1);
}

void Column::push(std::int64_t value) {
  if (type != ValueType::kInt && type != ValueType::kLong) refuse(*this, "integer");
  // GraphML "int" is 32-bit for Gephi (Java int) and networkx users expect the same.
  if (type == ValueType::kInt && (value < std::numeric_limits<std::int32_t>::min() ||
                                  value > std::numeric_limits<std::int32_t>::max())) {
    throw InvalidArgument("column '" + name + "' has type int (32-bit) and cannot hold " +
                          std::to_string(value) + "; use a long column");
  }
  ints.push_back(value);
  present.push_back(1);
}

void Column::push(double value) {
  if (type != ValueType::kDouble) refuse(*this, "double");
  doubles.push_back(value);
  present.push_back(1);
}

void Column::push(std::string value) {
  if (type != ValueType::kString) refuse(*this, "string");
  strings.push_back(std::move(value));
  present.push_back(1);
}

Column& Table::add(std::string name, ValueType type) {
  if (name.empty()) throw InvalidArgument("a table column needs a non-empty name");
  for (const Column& column : columns) {
    if (column.name == name) throw InvalidArgument("duplicate table column '" + name + "'");
  }
  // Callers keep the returned reference while adding further columns; reserving up front keeps
  // those references valid for ordinary tables (up to kReservedColumns columns) instead of
  // leaving them dangling after the first reallocation.
  if (columns.capacity() < kReservedColumns) columns.reserve(kReservedColumns);
  Column& column = columns.emplace_back();
  column.name = std::move(name);
  column.type = type;
  return column;
}

void Table::check_rows(std::size_t expected) const {
  for (const Column& column : columns) {
    if (column.size() != expected) {
      throw InvalidArgument("column '" + column.name + "' has " + std::to_string(column.size()) +
                            " rows, expected " + std::to_string(expected));
    }
    // Columns filled through the public vectors must keep the typed vector in step.
    if (typed_size(column) != expected) {
      throw InvalidArgument("column '" + column.name + "' has " +
                            std::to_string(typed_size(column)) + " " +
                            std::string(type_name(column.type)) + " values for " +
                            std::to_string(expected) + " rows");
    }
  }
}

}  // namespace citegraph::io
