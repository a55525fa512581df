#include "apps/csv_output.hpp"

#include <cstdio>
#include <sstream>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/writers.hpp"

namespace citegraph::app {

CsvOutput::CsvOutput(const std::string& path) {
  if (!path.empty()) file_ = std::make_unique<io::OutputFile>(path);
}

void CsvOutput::write(const io::Table& table, bool header) {
  if (file_) {
    io::write_csv(file_->stream(), table, header);
    return;
  }
  std::ostringstream buffer;
  io::write_csv(buffer, table, header);
  write_text(buffer.str());
}

void CsvOutput::write_text(std::string_view text) {
  if (file_) {
    file_->stream().write(text.data(), static_cast<std::streamsize>(text.size()));
    return;
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    throw IoError(IoError::Direction::kOutput, "standard output: write error");
  }
}

void CsvOutput::commit() {
  if (file_) {
    file_->commit();
  } else if (std::fflush(stdout) != 0) {
    throw IoError(IoError::Direction::kOutput, "standard output: write error");
  }
}

}  // namespace citegraph::app
