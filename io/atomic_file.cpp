// Atomic file replacement (POSIX): write ".NAME.tmp-PID-N" beside the target, then on commit()
// flush, check the stream, fsync the data, rename(2) over the target (atomic within one file
// system, which is why the temporary lives in the same directory) and fsync the directory so
// the rename itself survives a crash. Errors name the target path and the system's reason.
#include "citegraph/io/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"

namespace citegraph::io {

namespace {

std::atomic<unsigned> temp_counter{0};

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw IoError(IoError::Direction::kOutput, path + ": cannot write: " + reason);
}

std::string errno_reason(int error) { return std::strerror(error); }

// Directory part for opening the directory ("." when the path has none) and the file name.
std::pair<std::string, std::string> split_path(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? std::string("/") : path.substr(0, slash), path.substr(slash + 1)};
}

// fsync through a fresh descriptor: std::ofstream does not expose its own, and fsync applies
// to the file, not to the descriptor it is called on.
int fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  const int result = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return result;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  const std::string name = split_path(path_).second;
  if (name.empty() || name == "." || name == "..") fail(path_, "not a file name");
  const std::string prefix = path_.substr(0, path_.size() - name.size()) + "." + name + ".tmp-" +
                             std::to_string(::getpid()) + "-";
  // O_EXCL so that a stale temporary left by a killed run with the same pid is never reused.
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp_path_ = prefix + std::to_string(temp_counter.fetch_add(1));
    fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) fail(path_, errno_reason(errno));
  }
  if (fd < 0) fail(path_, "cannot create a temporary file beside it");
  ::close(fd);
  stream_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    const int error = errno;
    ::unlink(temp_path_.c_str());
    fail(path_, error != 0 ? errno_reason(error) : "cannot open the temporary file");
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  stream_.close();
  ::unlink(temp_path_.c_str());
}

void AtomicFile::commit() {
  if (committed_) fail(path_, "already committed");
  // An earlier failed write leaves the stream bad without a reliable errno; a failure of this
  // flush sets errno itself.
  const bool failed_before = !stream_;
  errno = 0;
  stream_.flush();
  const int flush_error = errno;
  if (!stream_) {
    const std::string reason = !failed_before && flush_error != 0
                                   ? errno_reason(flush_error)
                                   : std::string("write error (disk full or I/O error)");
    stream_.close();
    ::unlink(temp_path_.c_str());
    fail(path_, reason);
  }
  errno = 0;
  stream_.close();
  if (stream_.fail()) {
    const int error = errno;
    ::unlink(temp_path_.c_str());
    fail(path_, error != 0 ? errno_reason(error) : "error closing the temporary file");
  }
  if (const int error = fsync_path(temp_path_, O_RDONLY); error != 0) {
    ::unlink(temp_path_.c_str());
    fail(path_, errno_reason(error));
  }
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp_path_.c_str());
    fail(path_, errno_reason(error));
  }
  committed_ = true;
  // Best effort: some file systems refuse fsync on a directory, and the data is in place.
  (void)fsync_path(split_path(path_).first, O_RDONLY | O_DIRECTORY);
}

}  // namespace citegraph::io
