// Atomic file replacement (POSIX): write ".NAME.citegraph-tmp-PID-N" beside the target, then on
// commit() flush, check every write, fsync the data, rename(2) over the target (atomic within
// one file system, which is why the temporary lives in the same directory) and fsync the
// directory so that the rename itself survives a crash. Errors name the path and the system's
// reason. OutputFile chooses between that and writing in place by what the path is.
#include "citegraph/write/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "write/output_stream.hpp"

namespace citegraph::io {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw IoError(IoError::Direction::kOutput, path + ": cannot write: " + reason);
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Removes the temporaries of `name` in `dir` whose run is gone; returns their paths.
std::vector<std::string> remove_stale_temporaries(const std::string& dir, const std::string& name,
                                                  const std::string& prefix) {
  std::vector<std::string> removed;
  DIR* stream = ::opendir(dir.c_str());
  if (stream == nullptr) return removed;  // creating the temporary reports the reason
  const int dir_fd = ::dirfd(stream);
  while (const dirent* entry = ::readdir(stream)) {
    const std::string entry_name = entry->d_name;
    const std::optional<pid_t> owner = detail::temp_owner(entry_name, name, "tmp");
    if (!owner || !detail::temp_is_stale(entry_name, *owner)) continue;
    struct stat info {};
    if (::fstatat(dir_fd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(info.st_mode)) continue;
    if (::unlinkat(dir_fd, entry->d_name, 0) == 0) removed.push_back(prefix + entry_name);
  }
  ::closedir(stream);
  return removed;
}

// The descriptor a name stands for when it names one of this process's descriptors.
std::optional<int> descriptor_of(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  if (path == "/dev/stdin") return 0;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string head = prefix;
    if (path.size() <= head.size() || path.compare(0, head.size(), head) != 0) continue;
    const std::string digits = path.substr(head.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::stoi(digits);
  }
  return std::nullopt;
}

}  // namespace

AtomicFile::AtomicFile(std::string path, bool gzip) : path_(std::move(path)) {
  const std::string given_name = detail::split_path(path_).second;
  if (given_name.empty() || given_name == "." || given_name == "..") {
    fail(path_, "not a file name");
  }
  if (const int error = detail::resolve_final_links(path_, target_); error != 0) {
    fail(path_, detail::errno_text(error));
  }
  struct stat existing {};
  const bool exists = ::lstat(target_.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    fail(path_, S_ISDIR(existing.st_mode) ? "is a directory" : "not a regular file");
  }
  const std::string name = detail::split_path(target_).second;
  const std::string prefix = target_.substr(0, target_.size() - name.size());
  removed_ = remove_stale_temporaries(detail::split_path(target_).first, name, prefix);

  // O_EXCL: a temporary of a killed run that had the same pid is never reused.
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    temp_entry_ = detail::temp_name(name, "tmp");
    temp_path_ = prefix + temp_entry_;
    detail::mark_live(temp_entry_);  // before it exists: no clean-up can take it
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      const int error = errno;
      detail::unmark_live(temp_entry_);
      if (error != EEXIST) fail(path_, detail::errno_text(error));
    }
  }
  if (fd_ < 0) fail(path_, "cannot create a temporary file beside it");
  if (exists) {
    // Best effort: the file system may not keep modes (vfat) or the owner may not be ours.
    (void)::fchmod(fd_, existing.st_mode & 07777);
    if (::geteuid() == 0) (void)::fchown(fd_, existing.st_uid, existing.st_gid);
  }
  buffer_ = std::make_unique<detail::FdStreambuf>(fd_, gzip, false);
  stream_.rdbuf(buffer_.get());
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  detail::unmark_live(temp_entry_);
}

void AtomicFile::commit() {
  if (committed_) fail(path_, "already committed");
  if (fd_ < 0) fail(path_, "the file failed before");
  auto abandon = [&](const std::string& reason) {
    discard();
    temp_path_.clear();
    fail(path_, reason);
  };
  // A stream that went bad without a write error of ours (a caller's setstate, a formatting
  // failure) is refused too.
  const bool failed_before = !stream_;
  if (const int error = buffer_->finish(); error != 0) abandon(detail::errno_text(error));
  if (failed_before) abandon("write error (disk full or I/O error)");
  if (::fsync(fd_) != 0) abandon(detail::errno_text(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) abandon(detail::errno_text(errno));
  struct stat now {};
  if (::lstat(target_.c_str(), &now) == 0 && !S_ISREG(now.st_mode)) {
    abandon("is no longer a regular file");
  }
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0) abandon(detail::errno_text(errno));
  committed_ = true;
  detail::unmark_live(temp_entry_);
  // Best effort: some file systems refuse fsync on a directory, and the data is in place.
  (void)detail::fsync_path(detail::split_path(target_).first, O_RDONLY | O_DIRECTORY);
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) fail("(empty path)", "no file name");
  gzip_ = path_ != "-" && ends_with(path_, ".gz");
  // Follow the links one at a time: a link may lead to /dev/stdout or /proc/self/fd/N, whose
  // own link text ("pipe:[123]") is no path.
  std::string current = path_;
  std::optional<int> descriptor;
  for (int hops = 0; hops <= 40; ++hops) {
    descriptor = descriptor_of(current);
    if (descriptor) break;
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) break;
    std::string next;
    std::string target(4096, '\0');
    const ssize_t size = ::readlink(current.c_str(), target.data(), target.size());
    if (size <= 0) break;
    target.resize(static_cast<std::size_t>(size));
    const std::size_t slash = current.rfind('/');
    current = target.front() == '/' || slash == std::string::npos
                  ? target
                  : current.substr(0, slash + 1) + target;
  }
  if (descriptor) {
    if (::fcntl(*descriptor, F_GETFD) < 0) {
      fail(path_, "file descriptor " + std::to_string(*descriptor) + " is not open");
    }
    if (*descriptor == 1) std::fflush(stdout);
    fd_ = ::fcntl(*descriptor, F_DUPFD_CLOEXEC, 3);
    if (fd_ < 0) fail(path_, detail::errno_text(errno));
  } else {
    struct stat info {};
    if (::stat(path_.c_str(), &info) != 0) {
      if (errno != ENOENT) fail(path_, detail::errno_text(errno));
      atomic_ = std::make_unique<AtomicFile>(path_, gzip_);
      return;
    }
    if (S_ISREG(info.st_mode)) {
      atomic_ = std::make_unique<AtomicFile>(path_, gzip_);
      return;
    }
    if (S_ISDIR(info.st_mode)) fail(path_, "is a directory");
    if (S_ISBLK(info.st_mode)) fail(path_, "is a block device; a table is not written onto a disk");
    if (!S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode)) fail(path_, "is a socket");
    // A FIFO blocks here until a reader opens it, as a shell's redirection does.
    do {
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) fail(path_, detail::errno_text(errno));
  }
  buffer_ = std::make_unique<detail::FdStreambuf>(fd_, gzip_, false);
  stream_.rdbuf(buffer_.get());
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::ostream& OutputFile::stream() { return atomic_ ? atomic_->stream() : stream_; }

const std::vector<std::string>& OutputFile::removed_leftovers() const {
  static const std::vector<std::string> none;
  return atomic_ ? atomic_->removed_leftovers() : none;
}

void OutputFile::commit() {
  if (atomic_) {
    atomic_->commit();
    return;
  }
  if (committed_ || fd_ < 0) fail(path_, "already committed");
  committed_ = true;
  const bool failed_before = !stream_;
  const int error = buffer_->finish();
  const int fd = fd_;
  fd_ = -1;
  const int close_error = ::close(fd) == 0 ? 0 : errno;
  if (error != 0) fail(path_, detail::errno_text(error));
  if (failed_before) fail(path_, "write error");
  if (close_error != 0) fail(path_, detail::errno_text(close_error));
}

}  // namespace citegraph::io
