// BackgroundHash (citegraph/read/readers.hpp): the SHA-256 of a file's raw bytes on a thread of
// its own, overlapping the parallel pairs parse and the graph build.
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/readers.hpp"
#include "read/file_descriptor.hpp"
#include "support/sha256.hpp"

namespace citegraph::io {
namespace {

constexpr std::size_t kWindowBytes = std::size_t{1} << 20;  // one pread

}  // namespace

struct BackgroundHash::State {
  std::string path;
  int fd = -1;
  Sha256 sha;
  std::uint64_t hashed = 0;
  std::exception_ptr error;
  std::atomic<bool> stop{false};
  std::thread thread;
};

BackgroundHash::BackgroundHash(const std::string& path, int fd)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (s.fd < 0) {
    throw IoError(IoError::Direction::kInput, path + ": read error: " + std::strerror(errno));
  }
  s.thread = std::thread([&s] {
    try {
      std::vector<char> buffer(kWindowBytes);
      while (!s.stop.load(std::memory_order_relaxed)) {
        const std::size_t got = pread_full(s.fd, s.path, buffer.data(), buffer.size(), s.hashed);
        if (got == 0) break;
        s.sha.update(buffer.data(), got);
        s.hashed += got;
      }
    } catch (...) {
      s.error = std::current_exception();
    }
  });
}

BackgroundHash::~BackgroundHash() {
  if (state_->thread.joinable()) {
    state_->stop = true;
    state_->thread.join();
  }
  ::close(state_->fd);
}

void BackgroundHash::finish(InputReport& report) {
  State& s = *state_;
  if (s.thread.joinable()) s.thread.join();
  if (s.error) std::rethrow_exception(s.error);
  report.bytes = s.hashed;
  report.sha256 = s.sha.hex();
}

}  // namespace citegraph::io
