// The real citation strings of tests/data/citations/*.tsv (see its README), for the citation
// parser's tests: one map of column -> value per row, files in name order.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace citegraph::test {

// A TSV line's cells; a trailing tab is a last, empty cell.
inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  if (!line.empty() && line.back() == '\t') out.emplace_back();
  return out;
}

// Every row of every golden file (known_differences.tsv is not one).
inline std::vector<std::map<std::string, std::string>> citation_rows() {
  std::vector<std::map<std::string, std::string>> rows;
  const std::filesystem::path dir = std::filesystem::path(CITEGRAPH_TEST_DATA) / "citations";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".tsv" && entry.path().filename() != "known_differences.tsv") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = split_tabs(line);
    while (std::getline(in, line)) {
      const std::vector<std::string> cells = split_tabs(line);
      REQUIRE_MESSAGE(cells.size() == header.size(), file.string() << ": " << line);
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace citegraph::test
