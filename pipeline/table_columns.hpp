// Private to pipeline/: the small column helpers the table builders share (tables.cpp,
// cocitation_tables.cpp, pairs_csv.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/citation_graph.hpp"
#include "citegraph/write/table.hpp"
#include "citegraph/write/writers.hpp"

namespace citegraph::pipeline::detail {

inline void push_optional(io::Column& column, const std::optional<double>& value) {
  if (value) {
    column.push(*value);
  } else {
    column.push_missing();
  }
}

inline void push_optional(io::Column& column, const std::optional<std::uint64_t>& value) {
  if (value) {
    column.push(static_cast<std::int64_t>(*value));
  } else {
    column.push_missing();
  }
}

// A text field, missing when empty.
inline void push_text(io::Column& column, const std::string& text) {
  if (text.empty()) {
    column.push_missing();
  } else {
    column.push(text);
  }
}

// A year field, missing when unknown (0).
inline void push_year(io::Column& column, std::int32_t year) {
  if (year == 0) {
    column.push_missing();
  } else {
    column.push(static_cast<std::int64_t>(year));
  }
}

inline void push_double_column(io::Table& table, const std::string& name,
                               const std::vector<double>& values) {
  io::Column& column = table.add(name, io::ValueType::kDouble);
  for (double value : values) column.push(value);
}

// The node ids behind a pair, as the output files name them, space-separated.
inline std::string join_ids(const CitationGraph& graph, std::span<const NodeId> ids) {
  std::string out;
  for (NodeId v : ids) {
    if (!out.empty()) out += ' ';
    out += io::graphml_node_id(graph.node_key(v));
  }
  return out;
}

// The writers' bound on listed witnesses: PairParams::witness_limit, 0 = all.
inline std::size_t witness_limit(const PairParams& params) {
  return params.witness_limit == 0 ? kAllWitnesses : static_cast<std::size_t>(params.witness_limit);
}

}  // namespace citegraph::pipeline::detail
