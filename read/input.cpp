// Opening inputs: a file or stdin, read with POSIX read(2) in 1 MiB chunks, checksummed
// (SHA-256 over the raw bytes) as they stream past, and gunzipped with zlib's inflate when the
// raw bytes start with the gzip magic 1f 8b, whatever the file is called. Multi-member gzip
// (concatenated .gz files, bgzip output) is read to the end of the last member, as gzip(1)
// does. Splitting into lines (LineReader) works on the decompressed content in place, so a
// line costs no allocation unless it is longer than everything read before it.
//
// Read-ahead: once an input has delivered InputOptions::read_ahead_after bytes of content
// (1 MiB by default), a background thread takes over the Decoder (read(2), SHA-256, inflate)
// and fills three 1 MiB buffers ahead of the caller, who then only copies content out of them:
// decompression and hashing overlap parsing, and memory stays at 3 MiB of buffers plus the
// 1 MiB raw chunk whatever the file. The decoder is the same code either way and is driven by
// one thread at a time (the caller's until the hand-over, the producer's after it), so the
// content, damage() and its offset cannot differ; each buffer changes hands under a mutex,
// which orders everything the producer wrote into it and into the decoder before. From a pipe
// the producer hands over what it has whenever the writer pauses, as a serial read() returns
// what is there; destroying the Input wakes a producer that waits for such a writer.
//
// The rule, measured (benchmarks/README.md, "Read-ahead"): a thread per input costs 30-45 us
// (start, join, buffers); 3,000 one-line files read with one each took 6x as long as without
// (40 vs 6 us per file), so `inspect` or `analyze` on a directory of tiny files would slow
// down. One MiB of content takes 5-10 ms to parse (pairs ~200 MB/s, PubMed XML ~140 MB/s), so
// an input that reaches the threshold pays under 1% for its thread even if it ends there, and
// one that goes on gains up to 15-35% of its parse time on two free cores.
#include "citegraph/read/input.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "citegraph/graph/error.hpp"
#include "support/sha256.hpp"

namespace citegraph::io {
namespace {

// Large reads keep syscalls and zlib calls off the profile on multi-GB inputs.
constexpr std::size_t kRawChunk = std::size_t{1} << 20;
constexpr std::size_t kSmallBuffer = std::size_t{4} << 10;
constexpr std::size_t kLineChunk = std::size_t{1} << 20;
constexpr std::size_t kMaxPeek = std::size_t{64} << 10;
// Read-ahead: three buffers (one being read, one ready, one being filled) of 1 MiB each.
constexpr std::size_t kAheadChunk = std::size_t{1} << 20;
constexpr std::size_t kAheadChunks = 3;

// Thrown inside the producer thread when its Input is destroyed; never leaves this file.
struct Cancelled {};

// The raw file to content: read(2), SHA-256 and size of the raw bytes, inflate, gzip members,
// padding and damage. Driven by one thread at a time; only raw_bytes() and sha256_hex() may be
// called from another thread meanwhile.
class Decoder {
 public:
  // `size_hint`: the file's size when known (a regular file), so that a small file is read
  // with a small buffer: a directory of 10,000 tiny files must not map and fault in 10,000
  // megabytes of buffers.
  Decoder(std::string path, int fd, bool owns_fd, bool regular, std::uint64_t size_hint)
      : path_(std::move(path)),
        fd_(fd),
        owns_fd_(owns_fd),
        regular_(regular),
        raw_(static_cast<std::size_t>(
            std::clamp<std::uint64_t>(size_hint + 1, kSmallBuffer, kRawChunk))) {
    // Two raw bytes decide whether this is gzip; a pipe may deliver them one at a time.
    while (raw_end_ < 2 && !raw_eof_) {
      const std::size_t got = read_fd(raw_.data() + raw_end_, raw_.size() - raw_end_);
      if (got == 0) raw_eof_ = true;
      raw_end_ += got;
    }
    if (raw_end_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
        static_cast<unsigned char>(raw_[1]) == 0x8b) {
      // 15 + 32: the largest window, and zlib recognises the gzip (or zlib) header itself.
      if (inflateInit2(&zs_, 15 + 32) != Z_OK) {
        throw IoError(IoError::Direction::kInput, path_ + ": cannot initialise gzip decoder");
      }
      compressed_ = true;
    }
  }

  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  ~Decoder() {
    if (compressed_) inflateEnd(&zs_);
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
  }

  // Up to n bytes of content; 0 only at the end, and damage() is set by then if the content
  // ended at damaged data.
  std::size_t read_content(char* buffer, std::size_t n) {
    return compressed_ ? inflate_into(buffer, n) : copy_plain(buffer, n);
  }

  // While a producer thread drives this decoder: `stop` set makes the next raw read throw
  // Cancelled, and for a pipe or terminal (which may never deliver another byte) a byte
  // written to `wake_fd`'s other end interrupts the wait for data. nullptr, -1: no longer.
  void set_cancel(const std::atomic<bool>* stop, int wake_fd) {
    stop_ = stop;
    wake_fd_ = wake_fd;
  }

  // Whether the next read_content() would wait for a pipe's writer: all raw bytes read so far
  // are decoded and no more are ready. A regular file never makes read(2) wait for a writer.
  [[nodiscard]] bool starved() const {
    if (regular_ || raw_eof_ || raw_pos_ < raw_end_) return false;
    pollfd ready{fd_, POLLIN, 0};
    return ::poll(&ready, 1, 0) == 0;
  }

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool regular() const { return regular_; }
  [[nodiscard]] bool compressed() const { return compressed_; }
  [[nodiscard]] const std::optional<InputDamage>& damage() const { return damage_; }
  [[nodiscard]] std::uint64_t raw_bytes() const {
    const std::lock_guard lock(stats_mutex_);
    return raw_bytes_;
  }
  [[nodiscard]] std::string sha256_hex() const {
    const std::lock_guard lock(stats_mutex_);
    return sha_.hex();
  }

 private:
  // Before a raw read on the producer thread: throws Cancelled once the Input is going away.
  void wait_readable() const {
    if (stop_->load(std::memory_order_acquire)) throw Cancelled{};
    if (wake_fd_ < 0) return;  // a regular file: read(2) does not wait for a writer
    for (;;) {
      std::array<pollfd, 2> fds{pollfd{fd_, POLLIN, 0}, pollfd{wake_fd_, POLLIN, 0}};
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        return;  // cannot wait: read(2) blocks, as without read-ahead
      }
      if (fds[1].revents != 0) throw Cancelled{};
      return;  // data, end of file or an error: read(2) says which
    }
  }

  // Reads raw bytes from the descriptor; every raw byte passes through here exactly once, so
  // this is where the checksum and the size are kept. 0 only at the end of the file.
  std::size_t read_fd(char* buffer, std::size_t n) {
    for (;;) {
      if (stop_ != nullptr) wait_readable();
      const ssize_t got = ::read(fd_, buffer, n);
      if (got >= 0) {
        const auto count = static_cast<std::size_t>(got);
        const std::lock_guard lock(stats_mutex_);
        sha_.update(buffer, count);
        raw_bytes_ += count;
        return count;
      }
      if (errno == EINTR) continue;
      throw IoError(IoError::Direction::kInput, path_ + ": read error: " + std::strerror(errno));
    }
  }

  // Makes raw_[raw_pos_, raw_end_) non-empty if any raw input is left; false at the end.
  bool fill_raw() {
    if (raw_pos_ < raw_end_) return true;
    if (raw_eof_) return false;
    raw_pos_ = 0;
    raw_end_ = read_fd(raw_.data(), raw_.size());
    if (raw_end_ == 0) raw_eof_ = true;
    return raw_end_ > 0;
  }

  std::size_t copy_plain(char* buffer, std::size_t n) {
    if (raw_pos_ == raw_end_ && !raw_eof_ && n >= raw_.size() / 4) {
      // Big reads bypass the raw buffer: one copy fewer on the bulk path.
      const std::size_t got = read_fd(buffer, n);
      if (got == 0) raw_eof_ = true;
      return got;
    }
    if (!fill_raw()) return 0;
    const std::size_t take = std::min(n, raw_end_ - raw_pos_);
    std::memcpy(buffer, raw_.data() + raw_pos_, take);
    raw_pos_ += take;
    return take;
  }

  // Raw bytes handed to the decoder so far: the offset of the next one. (raw_bytes_ is only
  // written by the thread that runs this, so it reads it without the lock.)
  [[nodiscard]] std::uint64_t raw_offset() const { return raw_bytes_ - (raw_end_ - raw_pos_); }

  // The content ends here: what was decoded stays delivered. The rest of the raw bytes is read
  // (not decoded) so that the size and checksum are still those of the whole file. Returns 0.
  std::size_t damaged(std::uint64_t offset, std::string message) {
    damage_ = InputDamage{offset, std::move(message)};
    raw_pos_ = raw_end_;
    while (fill_raw()) raw_pos_ = raw_end_;
    return 0;
  }

  // After a member: the next member, zero padding (as gzip -t accepts), or garbage. False when
  // the content ends (at the end of the file or at garbage, reported as damage).
  bool next_member() {
    if (!fill_raw()) return false;
    if (raw_[raw_pos_] == '\0') {
      const std::uint64_t start = raw_offset();
      while (fill_raw()) {
        while (raw_pos_ < raw_end_ && raw_[raw_pos_] == '\0') ++raw_pos_;
        if (raw_pos_ < raw_end_) {
          damaged(raw_offset(), "data after the zero padding that follows the gzip data at byte " +
                                    std::to_string(start) + " is not gzip (ignored)");
          return false;
        }
      }
      return false;
    }
    if (static_cast<unsigned char>(raw_[raw_pos_]) != 0x1f) {
      damaged(raw_offset(), "data after the end of the gzip data is not gzip (ignored)");
      return false;
    }
    if (inflateReset(&zs_) != Z_OK) {
      damaged(raw_offset(), "cannot restart the gzip decoder");
      return false;
    }
    member_done_ = false;
    return true;
  }

  std::size_t inflate_into(char* buffer, std::size_t n) {
    // zlib counts in uInt; a caller asking for more simply gets less.
    const auto out_size =
        static_cast<uInt>(std::min<std::size_t>(n, std::numeric_limits<uInt>::max()));
    if (pending_error_) {
      const std::string detail = std::move(*pending_error_);
      pending_error_.reset();
      return damaged(pending_offset_, "corrupt compressed data (zlib: " + detail + ")");
    }
    std::size_t produced = 0;
    while (produced == 0) {
      // Another gzip member may follow (`cat a.gz b.gz`, bgzip): decode it as a continuation.
      if (member_done_ && !next_member()) return 0;
      if (!fill_raw()) {
        return damaged(raw_offset(),
                       "the file ends before the end of its gzip data (truncated, or the 8-byte "
                       "CRC and size trailer is missing)");
      }
      zs_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
      zs_.avail_in = static_cast<uInt>(raw_end_ - raw_pos_);
      zs_.next_out = reinterpret_cast<Bytef*>(buffer);
      zs_.avail_out = out_size;
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      raw_pos_ = raw_end_ - zs_.avail_in;
      produced = out_size - zs_.avail_out;
      switch (rc) {
        case Z_STREAM_END:
          member_done_ = true;
          break;
        case Z_OK:
        case Z_BUF_ERROR:  // all input consumed without output: read more and go on
          break;
        case Z_NEED_DICT:
          return produced > 0 ? produced
                              : damaged(raw_offset(), "the stream needs a preset dictionary");
        case Z_MEM_ERROR:
          throw std::bad_alloc();
        default:
          // What was decoded before the bad data is delivered first; the next call ends here.
          if (produced > 0) {
            pending_error_ = zs_.msg != nullptr ? zs_.msg : "inflate failed";
            pending_offset_ = raw_offset();
            return produced;
          }
          return damaged(raw_offset(), std::string("corrupt compressed data (zlib: ") +
                                           (zs_.msg != nullptr ? zs_.msg : "inflate failed") + ")");
      }
    }
    return produced;
  }

  const std::string path_;
  const int fd_;
  const bool owns_fd_;
  const bool regular_;
  const std::atomic<bool>* stop_ = nullptr;
  int wake_fd_ = -1;

  mutable std::mutex stats_mutex_;  // sha_ and raw_bytes_, read by the caller's thread
  Sha256 sha_;
  std::uint64_t raw_bytes_ = 0;

  std::vector<char> raw_;
  std::size_t raw_pos_ = 0;
  std::size_t raw_end_ = 0;
  bool raw_eof_ = false;

  bool compressed_ = false;
  z_stream zs_{};
  bool member_done_ = false;
  std::optional<InputDamage> damage_;
  std::optional<std::string> pending_error_;  // met after some output; reported next call
  std::uint64_t pending_offset_ = 0;
};

// A producer thread that drives a Decoder ahead of the caller into a ring of kAheadChunks
// buffers. The caller holds the buffer it copies from; the producer fills the others; `filled_`
// (under mutex_) counts the buffers handed over and not yet given back, the one held included.
// A buffer marked `last` ends the content, carrying the producer's exception if it had one.
class ReadAhead {
 public:
  // Starts the thread; throws std::system_error if it cannot (the caller then stays serial).
  explicit ReadAhead(Decoder& decoder) : decoder_(decoder) {
    for (Chunk& chunk : chunks_) chunk.bytes = std::make_unique_for_overwrite<char[]>(kAheadChunk);
    // A pipe, FIFO or terminal may make the producer wait for data for ever; the destructor
    // wakes it through this pipe. A regular file never makes read(2) wait that long.
    if (!decoder_.regular()) {
      if (::pipe(wake_.data()) != 0) throw std::system_error(errno, std::generic_category());
      for (int fd : wake_) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    decoder_.set_cancel(&stop_, wake_[0]);
    try {
      thread_ = std::thread([this] { produce(); });
    } catch (...) {
      decoder_.set_cancel(nullptr, -1);
      close_wake();
      throw;
    }
  }

  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Stops the producer wherever it is (waiting for a free buffer, for a pipe's data, or
  // between two raw reads) and joins it.
  ~ReadAhead() {
    {
      const std::lock_guard lock(mutex_);
      stop_.store(true, std::memory_order_release);
    }
    free_cv_.notify_all();
    if (wake_[1] >= 0) {
      const char byte = 0;
      [[maybe_unused]] const ssize_t ignored = ::write(wake_[1], &byte, 1);
    }
    thread_.join();
    decoder_.set_cancel(nullptr, -1);
    close_wake();
  }

  // Up to n bytes of content: waits only when nothing is ready; 0 at the end. The producer's
  // exception is thrown once the content before it has been delivered.
  std::size_t read(char* buffer, std::size_t n) {
    if (error_) std::rethrow_exception(error_);
    std::size_t copied = 0;
    while (copied < n && !ended_) {
      if (!holding_) {
        std::unique_lock lock(mutex_);
        if (filled_ == 0 && copied > 0) break;
        filled_cv_.wait(lock, [this] { return filled_ > 0; });
        holding_ = true;
      }
      const Chunk& chunk = chunks_[head_];
      const std::size_t take = std::min(n - copied, chunk.size - pos_);
      std::memcpy(buffer + copied, chunk.bytes.get() + pos_, take);
      pos_ += take;
      copied += take;
      if (pos_ < chunk.size) break;  // n bytes copied
      if (chunk.last) {
        ended_ = true;
        if (chunk.error) {
          error_ = chunk.error;
          if (copied == 0) std::rethrow_exception(error_);
        }
        break;
      }
      {
        const std::lock_guard lock(mutex_);
        --filled_;
      }
      free_cv_.notify_one();
      head_ = (head_ + 1) % kAheadChunks;
      pos_ = 0;
      holding_ = false;
    }
    return copied;
  }

 private:
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    bool last = false;
    std::exception_ptr error;
  };

  void produce() {
    std::size_t tail = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        free_cv_.wait(lock, [this] { return stop_.load() || filled_ < kAheadChunks; });
        if (stop_.load()) return;
      }
      Chunk& chunk = chunks_[tail];
      chunk.size = 0;
      try {
        while (chunk.size < kAheadChunk) {
          const std::size_t got =
              decoder_.read_content(chunk.bytes.get() + chunk.size, kAheadChunk - chunk.size);
          if (got == 0) {
            chunk.last = true;
            break;
          }
          chunk.size += got;
          // A pipe whose writer pauses: hand over what there is, as a serial read() would
          // return it, rather than hold it until the writer goes on.
          if (decoder_.starved()) break;
        }
      } catch (const Cancelled&) {
        return;
      } catch (...) {
        chunk.error = std::current_exception();
        chunk.last = true;
      }
      {
        const std::lock_guard lock(mutex_);
        ++filled_;
      }
      filled_cv_.notify_one();
      if (chunk.last) return;
      tail = (tail + 1) % kAheadChunks;
    }
  }

  void close_wake() {
    for (int& fd : wake_) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }

  Decoder& decoder_;
  std::array<Chunk, kAheadChunks> chunks_;
  std::array<int, 2> wake_{-1, -1};
  std::atomic<bool> stop_{false};

  std::mutex mutex_;
  std::condition_variable filled_cv_;  // the producer handed a buffer over
  std::condition_variable free_cv_;    // the caller gave one back, or stop_
  std::size_t filled_ = 0;

  // The caller's side.
  std::size_t head_ = 0;  // the buffer read from
  std::size_t pos_ = 0;   // in it
  bool holding_ = false;  // head_ has been handed over
  bool ended_ = false;
  std::exception_ptr error_;

  std::thread thread_;  // last: started once everything above is set up
};

class FileInput final : public Input {
 public:
  FileInput(std::string path, int fd, bool owns_fd, bool regular, std::uint64_t size_hint,
            const InputOptions& options)
      : decoder_(std::move(path), fd, owns_fd, regular, size_hint),
        read_ahead_after_(options.read_ahead_after) {}

  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  // The producer goes (joined) before the decoder it drives.
  ~FileInput() override { ahead_.reset(); }

  std::size_t read(char* buffer, std::size_t n) override {
    if (n == 0) return 0;
    if (head_pos_ < head_.size()) {
      const std::size_t take = std::min(n, head_.size() - head_pos_);
      std::memcpy(buffer, head_.data() + head_pos_, take);
      head_pos_ += take;
      if (head_pos_ == head_.size()) {
        head_.clear();
        head_pos_ = 0;
      }
      return take;
    }
    return read_content(buffer, n);
  }

  // Before any read() (the only way read_input uses it) these are the first bytes of content;
  // after reads they are the next unread ones.
  std::string_view peek(std::size_t n) override {
    n = std::min(n, kMaxPeek);
    if (head_pos_ > 0) {
      head_.erase(0, head_pos_);
      head_pos_ = 0;
    }
    while (head_.size() < n && !content_eof_) {
      const std::size_t old = head_.size();
      head_.resize(n);
      const std::size_t got = read_content(head_.data() + old, n - old);
      head_.resize(old + got);
    }
    return std::string_view(head_).substr(0, std::min(n, head_.size()));
  }

  [[nodiscard]] const std::string& path() const override { return decoder_.path(); }
  [[nodiscard]] const std::optional<InputDamage>& damage() const override { return damage_; }
  [[nodiscard]] bool compressed() const override { return decoder_.compressed(); }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return decoder_.raw_bytes(); }
  [[nodiscard]] std::string sha256_hex() const override { return decoder_.sha256_hex(); }

 private:
  std::size_t read_content(char* buffer, std::size_t n) {
    // A read error stays: the decoder's state after it is unknown, and the content must not
    // look as if it had simply ended.
    if (error_) std::rethrow_exception(error_);
    if (content_eof_) return 0;
    if (!ahead_ && delivered_ >= read_ahead_after_) {
      try {
        ahead_ = std::make_unique<ReadAhead>(decoder_);
      } catch (const std::system_error&) {
        read_ahead_after_ = std::numeric_limits<std::uint64_t>::max();  // no thread: serial
      }
    }
    std::size_t got = 0;
    try {
      got = ahead_ ? ahead_->read(buffer, n) : decoder_.read_content(buffer, n);
    } catch (...) {
      error_ = std::current_exception();
      throw;
    }
    if (got == 0) {
      content_eof_ = true;
      // The producer, if any, has finished with the decoder (it handed over its last buffer);
      // joining it now gives its buffers back before the caller's next steps.
      ahead_.reset();
      damage_ = decoder_.damage();
    }
    delivered_ += got;
    return got;
  }

  Decoder decoder_;
  std::uint64_t read_ahead_after_;
  std::uint64_t delivered_ = 0;  // content bytes delivered (to head_ or the caller)
  std::unique_ptr<ReadAhead> ahead_;
  bool content_eof_ = false;
  std::optional<InputDamage> damage_;
  std::exception_ptr error_;

  // Content bytes peeked but not yet read.
  std::string head_;
  std::size_t head_pos_ = 0;
};

}  // namespace

std::unique_ptr<Input> Input::open(const std::string& path) { return open(path, InputOptions{}); }

std::unique_ptr<Input> Input::open(const std::string& path, const InputOptions& options) {
  if (path == "-") {
    struct stat info {};
    const bool regular = ::fstat(STDIN_FILENO, &info) == 0 && S_ISREG(info.st_mode);
    return std::make_unique<FileInput>(path, STDIN_FILENO, false, regular, kRawChunk, options);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError(IoError::Direction::kInput, path + ": cannot open: " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    const int error = S_ISDIR(info.st_mode) ? EISDIR : errno;
    ::close(fd);
    throw IoError(IoError::Direction::kInput, path + ": cannot open: " + std::strerror(error));
  }
  const bool regular = S_ISREG(info.st_mode);
  if (regular) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  try {
    return std::make_unique<FileInput>(
        path, fd, true, regular, regular ? static_cast<std::uint64_t>(info.st_size) : kRawChunk,
        options);
  } catch (...) {
    // A constructor that throws runs no destructor: the descriptor is still ours to close.
    ::close(fd);
    throw;
  }
}

const std::optional<InputDamage>& Input::damage() const {
  static const std::optional<InputDamage> kNone;
  return kNone;
}

void Input::drain() {
  std::vector<char> sink(kSmallBuffer * 16);
  while (read(sink.data(), sink.size()) > 0) {
  }
}

LineReader::LineReader(Input& input, std::size_t max_line_bytes)
    : input_(input),
      buffer_(std::min(kSmallBuffer * 16, std::max<std::size_t>(max_line_bytes, 1) + 1), '\0'),
      max_line_(std::max<std::size_t>(max_line_bytes, 1)) {}

const std::string& LineReader::path() const { return input_.path(); }

bool LineReader::next(std::string_view& line) {
  too_long_ = false;
  terminated_ = false;
  // The rest of a line that was too long: dropped chunk by chunk, never held.
  while (discarding_) {
    const void* newline = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (newline != nullptr) {
      begin_ = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data()) + 1;
      discarding_ = false;
      break;
    }
    begin_ = end_ = 0;
    if (eof_) {
      discarding_ = false;
      break;
    }
    const std::size_t got = input_.read(buffer_.data(), buffer_.size());
    if (got == 0) eof_ = true;
    end_ = got;
  }
  // Bytes before `scan` are known to hold no '\n'; kept across refills so that a very long
  // line is searched once, not once per chunk.
  std::size_t scan = begin_;
  for (;;) {
    const char* base = buffer_.data();
    const void* newline = std::memchr(base + scan, '\n', end_ - scan);
    if (newline != nullptr) {
      const auto pos = static_cast<std::size_t>(static_cast<const char*>(newline) - base);
      if (pos - begin_ > max_line_) break;  // too long: handled below
      std::size_t stop = pos;
      if (stop > begin_ && base[stop - 1] == '\r') --stop;
      line = std::string_view(base + begin_, stop - begin_);
      begin_ = pos + 1;
      ++line_number_;
      terminated_ = true;
      return true;
    }
    scan = end_;
    if (end_ - begin_ > max_line_) break;
    if (eof_) {
      if (begin_ == end_) return false;
      line = std::string_view(base + begin_, end_ - begin_);
      begin_ = end_;
      ++line_number_;
      return true;
    }
    if (begin_ > 0) {
      std::memmove(buffer_.data(), base + begin_, end_ - begin_);
      scan -= begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) {
      buffer_.resize(std::min(buffer_.size() * 2, max_line_ + kLineChunk));
    }
    const std::size_t want = buffer_.size() - end_;
    const std::size_t got = input_.read(buffer_.data() + end_, want);
    if (got == 0) {
      eof_ = true;
    } else {
      end_ += got;
    }
    // Small inputs keep a small buffer; one that fills it grows it, up to a chunk.
    if (got == want && buffer_.size() < kLineChunk) {
      buffer_.resize(std::min(buffer_.size() * 4, std::max(kLineChunk, max_line_ + 1)));
    }
  }
  // A line longer than max_line_: its head is returned, the rest skipped by the next call.
  line = std::string_view(buffer_.data() + begin_, max_line_);
  begin_ += max_line_;
  ++line_number_;
  too_long_ = true;
  discarding_ = true;
  return true;
}

}  // namespace citegraph::io
