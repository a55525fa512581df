// The output-directory transaction of output_dir.hpp: flock, staging directory, fsyncs,
// renameat2(RENAME_EXCHANGE) or the two-rename fallback, clean-up of dead runs' directories.
#include "citegraph/write/output_dir.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "write/output_stream.hpp"

namespace fs = std::filesystem;

namespace citegraph::io {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Why RENAME_EXCHANGE (or RENAME_NOREPLACE) did not run: the file system or kernel lacks it.
bool unsupported(int error) { return error == EINVAL || error == ENOSYS || error == EOPNOTSUPP; }

std::string seconds_text(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

}  // namespace

// flock(2) on a lock file beside the output, removed on release by its holder. A waiter that
// gets the lock of a file that was removed meanwhile (its inode is no longer the path's) opens
// the path again, so two runs can never both hold "the" lock.
class OutputDir::Lock {
 public:
  Lock(std::string path, const std::string& output, std::chrono::milliseconds timeout)
      : path_(std::move(path)) {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
      if (fd < 0) {
        throw IoError(IoError::Direction::kOutput, output + ": cannot create the lock file " +
                                                       path_ + ": " + detail::errno_text(errno));
      }
      int status = 0;
      if (timeout.count() < 0) {
        do status = ::flock(fd, LOCK_EX);
        while (status != 0 && errno == EINTR);
      } else {
        status = ::flock(fd, LOCK_EX | LOCK_NB);
      }
      if (status == 0) {
        struct stat held {};
        struct stat named {};
        if (::fstat(fd, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
          fd_ = fd;
          const std::string pid = std::to_string(::getpid()) + "\n";
          // Only for the message of a run that waits; the lock itself is the flock.
          if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
          return;
        }
        ::close(fd);
        continue;
      }
      const int error = errno;
      if (error != EWOULDBLOCK && error != EINTR) {
        ::close(fd);
        throw IoError(IoError::Direction::kOutput,
                      output + ": cannot lock " + path_ + ": " + detail::errno_text(error));
      }
      char text[32] = {};
      const ssize_t size = ::pread(fd, text, sizeof text - 1, 0);
      ::close(fd);
      std::string holder = size > 0 ? std::string(text, static_cast<std::size_t>(size)) : "";
      holder.erase(std::remove(holder.begin(), holder.end(), '\n'), holder.end());
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      if (waited >= timeout) {
        throw IoError(IoError::Direction::kOutput,
                      output + ": another citegraph run" +
                          (holder.empty() ? std::string() : " (pid " + holder + ")") +
                          " is writing this output directory; gave up waiting after " +
                          seconds_text(waited) + " (lock file " + path_ + ")");
      }
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), timeout - waited));
    }
  }
  ~Lock() {
    ::unlink(path_.c_str());  // while still held: see the class comment
    ::close(fd_);
  }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

OutputDir::OutputDir(std::string path, OutputDirOptions options)
    : given_(std::move(path)), options_(std::move(options)) {
  if (given_.empty()) fail("(empty path)", "cannot write: no directory name");
  fs::path normal = fs::path(given_).lexically_normal();
  if (!normal.has_filename() && normal.has_relative_path()) normal = normal.parent_path();
  if (normal.filename() == "." || normal.filename() == "..") {
    std::error_code ec;
    normal = fs::weakly_canonical(fs::absolute(normal, ec), ec);
  }
  if (normal.empty() || !normal.has_relative_path()) {
    fail(given_, "cannot write: not a directory that can be replaced");
  }
  if (const int error = detail::resolve_final_links(normal.string(), target_); error != 0) {
    fail(given_, "cannot write: " + detail::errno_text(error));
  }
  std::tie(parent_, name_) = detail::split_path(target_);
  std::error_code ec;
  fs::create_directories(parent_, ec);
  if (ec) fail(given_, "cannot create the output directory: " + ec.message());

  lock_ = std::make_unique<Lock>(parent_ + "/." + name_ + ".citegraph-lock", given_,
                                 options_.lock_timeout);
  clean_up(name_);
  check_replaceable({});

  struct stat old {};
  const bool replacing = ::lstat(target_.c_str(), &old) == 0;
  for (int attempt = 0; attempt < 100 && staging_.empty(); ++attempt) {
    const std::string entry = detail::temp_name(name_, "new");
    detail::mark_live(entry);
    const std::string candidate = parent_ + "/" + entry;
    if (::mkdir(candidate.c_str(), 0777) == 0) {
      staging_entry_ = entry;
      staging_ = candidate;
      break;
    }
    const int error = errno;
    detail::unmark_live(entry);
    if (error != EEXIST) fail(given_, "cannot write: " + detail::errno_text(error));
  }
  if (staging_.empty()) fail(given_, "cannot write: cannot create a directory beside it");
  if (replacing) (void)::chmod(staging_.c_str(), old.st_mode & 07777);
  try {
    stage(OutputDirStage::kLocked);
  } catch (...) {
    fs::remove_all(staging_, ec);
    detail::unmark_live(staging_entry_);
    throw;
  }
}

OutputDir::~OutputDir() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !staging_.empty()) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
    detail::unmark_live(staging_entry_);
  }
}

void OutputDir::fail(const std::string& what, const std::string& reason) const {
  throw IoError(IoError::Direction::kOutput, what + ": " + reason);
}

void OutputDir::stage(OutputDirStage stage) const {
  if (options_.on_stage) options_.on_stage(stage);
}

void OutputDir::clean_up(const std::string& name) {
  // Under the lock no other run is writing this output, so any staging or aside directory that
  // is not one of this process's own live ones belongs to a run that is gone, whatever its pid.
  auto stale = [](const std::string& entry, pid_t pid) {
    return pid != ::getpid() || detail::temp_is_stale(entry, pid);
  };
  std::vector<fs::path> news;
  std::vector<fs::path> olds;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(parent_, ec)) {
    const std::string entry_name = entry.path().filename().string();
    for (const char* kind : {"new", "old"}) {
      const std::optional<pid_t> owner = detail::temp_owner(entry_name, name, kind);
      if (owner && stale(entry_name, *owner) && entry.is_directory(ec) && !entry.is_symlink(ec)) {
        (kind[0] == 'n' ? news : olds).push_back(entry.path());
      }
    }
  }
  struct stat info {};
  if (!olds.empty() && ::lstat(target_.c_str(), &info) != 0 && errno == ENOENT) {
    // Killed between the two renames of the fallback: the newest aside holds the previous run.
    auto newest = std::max_element(olds.begin(), olds.end(), [](const auto& a, const auto& b) {
      std::error_code ignored;
      return fs::last_write_time(a, ignored) < fs::last_write_time(b, ignored);
    });
    if (::rename(newest->c_str(), target_.c_str()) == 0) {
      notes_.push_back("restored the previous results of " + given_ + " from " + newest->string() +
                       ", left by a run that was killed while replacing them");
      (void)detail::fsync_path(parent_, O_RDONLY | O_DIRECTORY);
      olds.erase(newest);
    }
  }
  for (const auto* list : {&news, &olds}) {
    for (const fs::path& leftover : *list) {
      fs::remove_all(leftover, ec);
      notes_.push_back(ec ? "could not remove " + leftover.string() + ", left by a run that is " +
                                "gone: " + ec.message()
                          : "removed " + leftover.string() + ", left by a run that is gone");
    }
  }
}

void OutputDir::check_replaceable(const std::vector<std::string>& extra_names) const {
  struct stat info {};
  if (::lstat(target_.c_str(), &info) != 0) {
    if (errno == ENOENT) return;
    fail(given_, "cannot write: " + detail::errno_text(errno));
  }
  if (!S_ISDIR(info.st_mode)) fail(given_, "cannot write: exists and is not a directory");
  struct stat parent {};
  if (::stat(parent_.c_str(), &parent) == 0 && parent.st_dev != info.st_dev) {
    fail(given_,
         "cannot write: it is a mount point, which cannot be replaced as a whole; write into a "
         "directory inside it");
  }
  std::set<std::string> allowed(options_.known_names.begin(), options_.known_names.end());
  allowed.insert(extra_names.begin(), extra_names.end());
  std::vector<std::string> foreign;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(target_, ec)) {
    const std::string entry_name = entry.path().filename().string();
    const bool regular = entry.is_regular_file(ec) && !entry.is_symlink(ec);
    bool ours = regular && allowed.count(entry_name) > 0;
    for (auto known = allowed.begin(); !ours && regular && known != allowed.end(); ++known) {
      ours = detail::temp_owner(entry_name, *known, "tmp").has_value();
    }
    if (ours) continue;
    const bool directory = entry.is_directory(ec) && !entry.is_symlink(ec);
    foreign.push_back((directory ? "a directory '" : "'") + entry_name + "'");
  }
  if (ec) fail(given_, "cannot write: cannot list it: " + ec.message());
  if (foreign.empty()) return;
  std::sort(foreign.begin(), foreign.end());
  std::string list = foreign[0];
  for (std::size_t i = 1; i < std::min<std::size_t>(foreign.size(), 3); ++i) {
    list += ", " + foreign[i];
  }
  if (foreign.size() > 3) list += " and " + std::to_string(foreign.size() - 3) + " more";
  fail(given_,
       "cannot write: the directory holds " + list +
           ", which citegraph does not write; the whole directory is replaced by a run, so it is "
           "left as it is: move them away or choose another output directory");
}

std::ostream& OutputDir::open(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\0') != std::string::npos) {
    throw InvalidArgument("output directory " + given_ + ": not a file name: '" + name + "'");
  }
  const bool again = name == current_name_ ||
                     std::any_of(files_.begin(), files_.end(),
                                 [&](const OutputDirFile& file) { return file.name == name; });
  if (again) throw InvalidArgument("output directory " + given_ + ": '" + name + "' written twice");
  if (committed_) fail(given_ + "/" + name, "cannot write: the directory was committed");
  close();
  fd_ = ::open((staging_ + "/" + name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(given_ + "/" + name, "cannot write: " + detail::errno_text(errno));
  current_name_ = name;
  buffer_ = std::make_unique<detail::FdStreambuf>(fd_, ends_with(name, ".gz"), options_.sha256);
  stream_.rdbuf(buffer_.get());
  stream_.clear();
  return stream_;
}

void OutputDir::close() {
  if (fd_ < 0) return;
  const std::string display = given_ + "/" + current_name_;
  const bool failed_before = !stream_;
  int error = buffer_->finish();
  if (error == 0 && failed_before) error = EIO;
  if (error == 0 && ::fsync(fd_) != 0) error = errno;
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && error == 0) error = errno;
  stream_.rdbuf(nullptr);
  if (error != 0) fail(display, "cannot write: " + detail::errno_text(error));
  files_.push_back({current_name_, buffer_->bytes_written(), buffer_->sha256()});
  current_name_.clear();
  buffer_.reset();
  stage(OutputDirStage::kFileClosed);
}

void OutputDir::commit() {
  if (committed_) fail(given_, "cannot write: already committed");
  close();
  if (const int error = detail::fsync_path(staging_, O_RDONLY | O_DIRECTORY); error != 0) {
    fail(given_, "cannot write: " + detail::errno_text(error));
  }
  stage(OutputDirStage::kSynced);

  std::string old_path;
  std::string old_entry;
  struct stat info {};
  if (::lstat(target_.c_str(), &info) != 0) {
    if (errno != ENOENT) fail(given_, "cannot write: " + detail::errno_text(errno));
    int status =
        ::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE);
    if (status != 0 && unsupported(errno)) status = ::rename(staging_.c_str(), target_.c_str());
    if (status == 0) {
      method_ = OutputDirMethod::kRename;
    } else if (errno != EEXIST && errno != ENOTEMPTY) {
      fail(given_, "cannot write: " + detail::errno_text(errno));
    }
  }
  if (method_ == OutputDirMethod::kNone) {
    std::vector<std::string> written;
    for (const OutputDirFile& file : files_) written.push_back(file.name);
    check_replaceable(written);
    int status = -1;
    int error = EINVAL;
    if (options_.allow_exchange) {
      status = ::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE);
      error = status == 0 ? 0 : errno;
    }
    if (status == 0) {
      method_ = OutputDirMethod::kExchange;
      old_path = staging_;  // the old results are now under the staging name
      old_entry = staging_entry_;
    } else if (!unsupported(error)) {
      fail(given_, "cannot write: " + detail::errno_text(error));
    } else {
      old_entry = detail::temp_name(name_, "old");
      old_path = parent_ + "/" + old_entry;
      detail::mark_live(old_entry);
      if (::rename(target_.c_str(), old_path.c_str()) != 0) {
        const int rename_error = errno;
        detail::unmark_live(old_entry);
        fail(given_, "cannot write: " + detail::errno_text(rename_error));
      }
      (void)detail::fsync_path(parent_, O_RDONLY | O_DIRECTORY);
      stage(OutputDirStage::kMovedAside);
      if (::rename(staging_.c_str(), target_.c_str()) != 0) {
        const int rename_error = errno;
        const bool restored = ::rename(old_path.c_str(), target_.c_str()) == 0;
        detail::unmark_live(old_entry);
        fail(given_, "cannot write: " + detail::errno_text(rename_error) +
                         (restored ? std::string()
                                   : "; the previous results are in " + old_path +
                                         " and the next run puts them back"));
      }
      method_ = OutputDirMethod::kTwoRenames;
    }
  }
  committed_ = true;
  if (method_ != OutputDirMethod::kExchange) detail::unmark_live(staging_entry_);
  (void)detail::fsync_path(parent_, O_RDONLY | O_DIRECTORY);
  stage(OutputDirStage::kReplaced);
  if (!old_path.empty()) {
    std::error_code ec;
    fs::remove_all(old_path, ec);
    if (ec) {
      notes_.push_back("could not remove the previous results in " + old_path + ": " +
                       ec.message() + "; the next run removes them");
    }
    detail::unmark_live(old_entry);
    (void)detail::fsync_path(parent_, O_RDONLY | O_DIRECTORY);
  }
  stage(OutputDirStage::kOldRemoved);
  lock_.reset();
}

}  // namespace citegraph::io
