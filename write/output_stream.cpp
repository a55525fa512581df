// The shared output plumbing: an fd stream buffer (optionally gzip via zlib's deflate with a
// gzip wrapper, windowBits 15 + 16), the names of temporaries and whether their run is gone.
#include "write/output_stream.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <set>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace citegraph::io::detail {

namespace {

constexpr std::size_t kBufferSize = 1 << 16;

std::atomic<unsigned> temp_counter{0};

std::mutex& live_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::set<std::string>& live_entries() {
  static std::set<std::string> entries;
  return entries;
}

// "PID-N" and nothing else; the pid.
std::optional<pid_t> parse_pid_counter(std::string_view rest) {
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= rest.size()) return std::nullopt;
  long long pid = 0;
  for (std::size_t i = 0; i < dash; ++i) {
    if (rest[i] < '0' || rest[i] > '9' || dash > 10) return std::nullopt;
    pid = pid * 10 + (rest[i] - '0');
  }
  for (std::size_t i = dash + 1; i < rest.size(); ++i) {
    if (rest[i] < '0' || rest[i] > '9') return std::nullopt;
  }
  if (pid <= 0 || pid > INT_MAX) return std::nullopt;
  return static_cast<pid_t>(pid);
}

}  // namespace

struct FdStreambuf::Deflater {
  z_stream stream{};
  std::vector<char> out = std::vector<char>(kBufferSize);
  Deflater() {
    // windowBits 15 + 16: a gzip wrapper; zlib writes mtime 0, no name, OS "Unix".
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      throw std::bad_alloc();
    }
  }
  ~Deflater() { deflateEnd(&stream); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
};

// The SHA-256 of what is written. Past kInlineBytes the hashing moves to a thread of its own,
// fed 1 MiB blocks through a queue of at most kQueued: at ~1.4 GB/s it otherwise adds a fifth
// to writing analyze's 2.8 GB of tables, and on a second core it overlaps the formatting and
// the write(2) copies. Small outputs (nearly all) never start a thread. Memory: at most
// kQueued + 2 blocks. If the thread cannot be started, the hashing stays inline.
class FdStreambuf::Hasher {
 public:
  Hasher() = default;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  ~Hasher() { stop(); }

  void update(const char* data, std::size_t size) {
    if (!thread_.joinable()) {
      if (inline_ || seen_ + size <= kInlineBytes || !start()) {
        seen_ += size;
        sha_.update(data, size);
        return;
      }
    }
    while (size > 0) {
      const std::size_t take = std::min(size, kBlock - block_.size());
      block_.insert(block_.end(), data, data + take);
      data += take;
      size -= take;
      if (block_.size() == kBlock) hand_over();
    }
  }

  // The digest of everything given; the thread is joined first.
  std::string hex() {
    if (thread_.joinable()) {
      if (!block_.empty()) hand_over();
      stop();
    }
    return sha_.hex();
  }

 private:
  static constexpr std::uint64_t kInlineBytes = std::uint64_t{4} << 20;
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  static constexpr std::size_t kQueued = 4;

  bool start() {
    try {
      thread_ = std::thread([this] { run(); });
      block_.reserve(kBlock);
      return true;
    } catch (const std::system_error&) {
      inline_ = true;
      return false;
    }
  }

  void hand_over() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.size() < kQueued; });
    queue_.push_back(std::move(block_));
    block_ = spare_.empty() ? std::vector<char>() : std::move(spare_.back());
    if (!spare_.empty()) spare_.pop_back();
    block_.clear();
    block_.reserve(kBlock);
    changed_.notify_all();
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return !queue_.empty() || done_; });
      if (queue_.empty()) return;
      std::vector<char> block = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      sha_.update(block.data(), block.size());
      lock.lock();
      spare_.push_back(std::move(block));
      changed_.notify_all();
    }
  }

  void stop() {
    if (!thread_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  Sha256 sha_;  // the caller's until the thread starts, then the thread's until it is joined
  std::uint64_t seen_ = 0;
  bool inline_ = false;
  std::vector<char> block_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<char>> queue_;
  std::vector<std::vector<char>> spare_;
  bool done_ = false;
  std::thread thread_;
};

FdStreambuf::FdStreambuf(int fd, bool gzip, bool hash) : fd_(fd), buffer_(kBufferSize) {
  if (gzip) deflater_ = std::make_unique<Deflater>();
  if (hash) hash_ = std::make_unique<Hasher>();
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdStreambuf::~FdStreambuf() = default;

bool FdStreambuf::fail(int error) {
  if (error_ == 0) error_ = error != 0 ? error : EIO;
  return false;
}

bool FdStreambuf::write_raw(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    if (written == 0) return fail(EIO);
    if (hash_) hash_->update(data, static_cast<std::size_t>(written));
    bytes_written_ += static_cast<std::uint64_t>(written);
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  start_writeback();
  return true;
}

void FdStreambuf::start_writeback() {
  // Every output is fsynced when committed; asking the kernel to start writing each 32 MiB as it
  // is written lets the disk work while the rest is computed, so that the final fsync waits for
  // the tail only (analyze's 2.8 GB of tables spent 0.8 s in fsync). Advice: on a pipe or a
  // file system without it, the first failure turns it off.
  constexpr std::uint64_t kWritebackBytes = std::uint64_t{32} << 20;
  if (!writeback_ || bytes_written_ - writeback_from_ < kWritebackBytes) return;
  if (::sync_file_range(fd_, static_cast<off64_t>(writeback_from_),
                        static_cast<off64_t>(bytes_written_ - writeback_from_),
                        SYNC_FILE_RANGE_WRITE) != 0) {
    writeback_ = false;
  }
  writeback_from_ = bytes_written_;
}

bool FdStreambuf::drain() {
  if (error_ != 0) return false;
  const std::size_t size = static_cast<std::size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (size == 0) return true;
  if (!deflater_) return write_raw(buffer_.data(), size);
  z_stream& z = deflater_->stream;
  z.next_in = reinterpret_cast<Bytef*>(buffer_.data());
  z.avail_in = static_cast<uInt>(size);
  do {
    z.next_out = reinterpret_cast<Bytef*>(deflater_->out.data());
    z.avail_out = static_cast<uInt>(deflater_->out.size());
    if (deflate(&z, Z_NO_FLUSH) == Z_STREAM_ERROR) return fail(EIO);
    const std::size_t have = deflater_->out.size() - z.avail_out;
    if (have > 0 && !write_raw(deflater_->out.data(), have)) return false;
  } while (z.avail_out == 0 || z.avail_in > 0);
  return true;
}

FdStreambuf::int_type FdStreambuf::overflow(int_type ch) {
  if (finished_ || !drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

std::streamsize FdStreambuf::xsputn(const char* data, std::streamsize size) {
  if (!deflater_ && !finished_ && static_cast<std::size_t>(size) >= buffer_.size()) {
    // A large piece (a chunk of a pair table) goes to the descriptor as it is, after what is
    // buffered: copying it through the buffer first cost a memmove of every byte.
    if (!drain() || !write_raw(data, static_cast<std::size_t>(size))) return 0;
    return size;
  }
  std::streamsize done = 0;
  while (done < size) {
    if (pptr() == epptr() && (finished_ || !drain())) break;
    const std::streamsize room = epptr() - pptr();
    const std::streamsize chunk = std::min(room, size - done);
    std::memcpy(pptr(), data + done, static_cast<std::size_t>(chunk));
    pbump(static_cast<int>(chunk));
    done += chunk;
  }
  return done;
}

int FdStreambuf::sync() { return !finished_ && drain() ? 0 : -1; }

int FdStreambuf::finish() {
  if (finished_) return error_;
  if (drain() && deflater_) {
    z_stream& z = deflater_->stream;
    z.next_in = nullptr;
    z.avail_in = 0;
    for (;;) {
      z.next_out = reinterpret_cast<Bytef*>(deflater_->out.data());
      z.avail_out = static_cast<uInt>(deflater_->out.size());
      const int status = deflate(&z, Z_FINISH);
      if (status == Z_STREAM_ERROR) {
        fail(EIO);
        break;
      }
      const std::size_t have = deflater_->out.size() - z.avail_out;
      if (have > 0 && !write_raw(deflater_->out.data(), have)) break;
      if (status == Z_STREAM_END) break;
    }
  }
  if (hash_) digest_ = hash_->hex();
  finished_ = true;
  return error_;
}

std::string temp_name(std::string_view target, std::string_view kind) {
  return "." + std::string(target) + ".citegraph-" + std::string(kind) + "-" +
         std::to_string(::getpid()) + "-" + std::to_string(temp_counter.fetch_add(1));
}

std::optional<pid_t> temp_owner(std::string_view entry, std::string_view target,
                                std::string_view kind) {
  auto after = [&](const std::string& prefix) -> std::optional<pid_t> {
    if (entry.size() <= prefix.size() || entry.substr(0, prefix.size()) != prefix) {
      return std::nullopt;
    }
    return parse_pid_counter(entry.substr(prefix.size()));
  };
  const std::string name(target);
  if (auto pid = after("." + name + ".citegraph-" + std::string(kind) + "-")) return pid;
  if (kind == "tmp") return after("." + name + ".tmp-");  // releases before 2026-11
  return std::nullopt;
}

bool temp_is_stale(const std::string& entry, pid_t pid) {
  if (pid == ::getpid()) {
    const std::lock_guard<std::mutex> lock(live_mutex());
    return live_entries().count(entry) == 0;
  }
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

void mark_live(const std::string& entry) {
  const std::lock_guard<std::mutex> lock(live_mutex());
  live_entries().insert(entry);
}

void unmark_live(const std::string& entry) {
  const std::lock_guard<std::mutex> lock(live_mutex());
  live_entries().erase(entry);
}

std::pair<std::string, std::string> split_path(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? std::string("/") : path.substr(0, slash), path.substr(slash + 1)};
}

int resolve_final_links(const std::string& path, std::string& resolved) {
  std::string current = path;
  for (int hops = 0; hops <= 40; ++hops) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0) {
      if (errno != ENOENT) return errno;
      resolved = current;
      return 0;
    }
    if (!S_ISLNK(info.st_mode)) {
      resolved = current;
      return 0;
    }
    std::string target(PATH_MAX, '\0');
    const ssize_t size = ::readlink(current.c_str(), target.data(), target.size());
    if (size < 0) return errno;
    target.resize(static_cast<std::size_t>(size));
    if (target.empty()) return ENOENT;
    if (target.front() == '/') {
      current = target;
    } else {
      const std::size_t slash = current.rfind('/');
      current = slash == std::string::npos ? target : current.substr(0, slash + 1) + target;
    }
  }
  return ELOOP;
}

int fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  const int result = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return result;
}

std::string errno_text(int error) { return std::strerror(error); }

}  // namespace citegraph::io::detail
