// pread to the end (read/file_descriptor.hpp).
#include "read/file_descriptor.hpp"

#include <cerrno>
#include <cstring>

#include <sys/types.h>

#include "citegraph/graph/error.hpp"

namespace citegraph::io {

std::size_t pread_full(int fd, const std::string& path, char* buffer, std::size_t n,
                       std::uint64_t offset) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, buffer + done, n - done, static_cast<off_t>(offset + done));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(IoError::Direction::kInput, path + ": read error: " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace citegraph::io
