// Writes a file atomically: into a temporary file beside the target, then fsync and rename on
// commit(). A run that fails before commit() leaves the previous file (or none), never a
// truncated one; the destructor removes an uncommitted temporary.
#pragma once

#include <fstream>
#include <string>

namespace citegraph::io {

class AtomicFile {
 public:
  // Throws IoError(kOutput) when the temporary cannot be created (directory missing or not
  // writable), naming the path and the system's reason.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  // Flushes, checks for write errors (disk full...), renames into place. Throws IoError(kOutput).
  void commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::ofstream stream_;
  bool committed_ = false;
};

}  // namespace citegraph::io
