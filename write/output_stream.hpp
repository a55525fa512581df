// What the output classes (AtomicFile, OutputFile, OutputDir) share: a stream buffer that writes
// straight to a file descriptor (so that every error keeps its errno), optionally through gzip
// and a SHA-256 of the bytes that reach the descriptor; the names of our temporaries and the
// test for whether one was left by a run that is gone.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "support/sha256.hpp"

namespace citegraph::io::detail {

// A std::streambuf writing to a file descriptor. With gzip, what is written is compressed with
// zlib into one RFC 1952 member (header mtime 0 and no name, so the same text gives the same
// bytes). A failed write makes overflow() fail, so the std::ostream over it goes bad; error()
// then holds the errno of that failure.
class FdStreambuf : public std::streambuf {
 public:
  FdStreambuf(int fd, bool gzip, bool hash);
  ~FdStreambuf() override;
  FdStreambuf(const FdStreambuf&) = delete;
  FdStreambuf& operator=(const FdStreambuf&) = delete;

  // Writes out everything buffered; with gzip ends the member (the trailer). Returns 0, or the
  // errno of the first failure (EIO when the system gave none). Does not close the descriptor.
  int finish();
  [[nodiscard]] int error() const { return error_; }
  // Bytes that reached the descriptor and, once finish() has run, their SHA-256 (empty without
  // hash).
  [[nodiscard]] std::uint64_t bytes_written() const { return bytes_written_; }
  [[nodiscard]] const std::string& sha256() const { return digest_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

 private:
  struct Deflater;
  class Hasher;
  bool drain();  // the put area to the descriptor (through gzip when on)
  bool write_raw(const char* data, std::size_t size);
  void start_writeback();
  bool fail(int error);

  int fd_;
  std::vector<char> buffer_;
  std::unique_ptr<Deflater> deflater_;
  std::unique_ptr<Hasher> hash_;
  std::string digest_;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t writeback_from_ = 0;  // bytes before this were handed to start_writeback()
  bool writeback_ = true;
  int error_ = 0;
  bool finished_ = false;
};

// Temporaries are named ".NAME.citegraph-KIND-PID-N": hidden, beside (or in place of) NAME,
// with the process id of the run that made them and a counter unique within that process.
// KIND is "tmp" (a file being written), "new" (an output directory being written) or "old"
// (the previous output directory moved aside).
[[nodiscard]] std::string temp_name(std::string_view target, std::string_view kind);

// The process id in `entry` when it is a temporary of `target` of this kind; for kind "tmp" the
// names of the earlier releases (".NAME.tmp-PID-N") also count.
[[nodiscard]] std::optional<pid_t> temp_owner(std::string_view entry, std::string_view target,
                                              std::string_view kind);

// Whether the temporary `entry` owned by `pid` was left by a run that is gone: the process no
// longer exists, or it is this process (a pid reused, e.g. in a container) and this process did
// not make it. A live foreign pid counts as live even if it was reused by another program.
[[nodiscard]] bool temp_is_stale(const std::string& entry, pid_t pid);

// This process's temporaries that are in use (by name), so that a clean-up in one thread never
// removes another thread's.
void mark_live(const std::string& entry);
void unmark_live(const std::string& entry);

// Directory part ("." when none) and last component of a path.
[[nodiscard]] std::pair<std::string, std::string> split_path(const std::string& path);

// Follows the last component while it is a symbolic link (relative targets are taken from the
// link's directory), so that the link's target is replaced, not the link. The result may not
// exist (a dangling link names what to create). Returns the errno of a failure (ELOOP after 40
// links), 0 on success.
int resolve_final_links(const std::string& path, std::string& resolved);

// fsync of a path opened afresh (flags: O_RDONLY, or O_RDONLY | O_DIRECTORY); 0 or errno.
int fsync_path(const std::string& path, int flags);

[[nodiscard]] std::string errno_text(int error);

}  // namespace citegraph::io::detail
