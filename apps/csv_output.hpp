// Where a one-pass command's CSV goes: standard output, or --out FILE through io::OutputFile (a
// regular file replaced atomically at commit(); a device, FIFO or /dev/fd/N written in place; a
// name ending in .gz compressed). Shared by citegraph and citegraph-mpi.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "citegraph/write/atomic_file.hpp"
#include "citegraph/write/table.hpp"

namespace citegraph::app {

class CsvOutput {
 public:
  // "" = standard output.
  explicit CsvOutput(const std::string& path);
  // A table's rows, with the header row when `header`. Throws IoError(kOutput).
  void write(const io::Table& table, bool header);
  // Rows already formatted as CSV text.
  void write_text(std::string_view text);
  // Puts the file in place (or flushes standard output). Throws IoError(kOutput).
  void commit();

 private:
  std::unique_ptr<io::OutputFile> file_;
};

}  // namespace citegraph::app
