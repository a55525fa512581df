// Private to io/: a file descriptor closed with its owner, and pread to the end, for the
// parallel pairs reader and its background hash (read/pairs_parallel.cpp,
// read/background_hash.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <unistd.h>

namespace citegraph::io {

// Owns a file descriptor: closes it (when valid) on destruction.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// pread from `offset` until n bytes or the end of the file; the bytes read. Throws IoError
// ("PATH: read error: ...") on a read error. O(n).
std::size_t pread_full(int fd, const std::string& path, char* buffer, std::size_t n,
                       std::uint64_t offset);

}  // namespace citegraph::io
