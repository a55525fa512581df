// A typed, columnar attribute table: what the GraphML and CSV writers write. Each column has a
// name, a type and one optional value per row; analyses add columns without the writers
// knowing them.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace citegraph::io {

enum class ValueType { kBoolean, kInt, kLong, kDouble, kString };

struct Column {
  std::string name;
  ValueType type = ValueType::kString;
  // One vector, chosen by type: kBoolean/kInt/kLong -> ints, kDouble -> doubles,
  // kString -> strings. `present[r] == 0` marks a missing value (empty field in CSV, no <data>
  // element in GraphML).
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<std::uint8_t> present;

  [[nodiscard]] std::size_t size() const { return present.size(); }
  void push_missing();
  void push(bool value);  // kBoolean
  void push(std::int64_t value);
  void push(double value);
  void push(std::string value);
  // Without it a string literal would pick push(bool) (a standard conversion beats std::string's
  // constructor) and be refused as a boolean.
  void push(const char* value) { push(std::string(value)); }
};

struct Table {
  std::vector<Column> columns;

  // Adds a column; throws InvalidArgument on a duplicate name.
  Column& add(std::string name, ValueType type);
  [[nodiscard]] std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  // Throws InvalidArgument when columns differ in length.
  void check_rows(std::size_t expected) const;
};

}  // namespace citegraph::io
