// Output files. AtomicFile replaces a regular file atomically; OutputFile is what a command's
// `--out FILE` needs: it replaces regular files atomically and writes devices, FIFOs and standard
// output in place, gzip-compressing when the name ends in ".gz". For a whole output directory
// see output_dir.hpp.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace citegraph::io {

namespace detail {
class FdStreambuf;
}

// Writes a file atomically: into a temporary file beside the target, then fsync and rename(2)
// on commit(). A run that fails, or is killed, before commit() leaves the previous file (or
// none), never a truncated one.
//
// - A symbolic link (the last component, followed through chains) is not replaced: its target
//   is, so the link keeps pointing at the new content. A dangling link's target is created.
// - Only a regular file (or nothing) is replaced; a directory, device, FIFO or socket at the path
//   is refused (OutputFile writes those in place).
// - The new file gets the replaced file's permission bits (and, when run as root, its owner), so
//   that replacing a 0600 file does not publish it. Hard links to the old file keep the old one.
// - The temporary is ".NAME.citegraph-tmp-PID-N" beside the target. The destructor removes an
//   uncommitted one; one left by a killed run is removed by the next AtomicFile of the same
//   NAME once PID is no longer running (also ".NAME.tmp-PID-N", left by earlier releases).
class AtomicFile {
 public:
  // Throws IoError(kOutput) "PATH: cannot write: REASON" when the temporary cannot be created
  // (directory missing or not writable) or the path is not a regular file. With gzip, what is
  // written to stream() is stored gzip-compressed (one member, mtime 0: same text, same bytes).
  explicit AtomicFile(std::string path, bool gzip = false);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  // Flushes, checks for write errors (disk full...), fsyncs, renames into place and fsyncs the
  // directory. Throws IoError(kOutput) and removes the temporary on any failure.
  void commit();

  // The file that is replaced: the path with symbolic links in its last component followed.
  [[nodiscard]] const std::string& target() const { return target_; }
  // Leftover temporaries of this file from runs that are gone, removed by the constructor.
  [[nodiscard]] const std::vector<std::string>& removed_leftovers() const { return removed_; }

 private:
  void discard() noexcept;

  std::string path_;
  std::string target_;
  std::string temp_entry_;
  std::string temp_path_;
  std::vector<std::string> removed_;
  int fd_ = -1;
  std::unique_ptr<detail::FdStreambuf> buffer_;
  std::ostream stream_{nullptr};
  bool committed_ = false;
};

// The output of a one-pass command (`--out FILE`).
//
// - "-", "/dev/stdout", "/dev/stderr", "/dev/fd/N" and "/proc/self/fd/N" (what a shell's process
//   substitution `>(cmd)` passes) write to that descriptor of this process as it is (a duplicate
//   of it, so an O_APPEND redirection keeps appending): streaming, in place.
// - A character device (/dev/null, a terminal) or a FIFO is opened and written in place. This is
//   not atomic: a failed run leaves what was written so far (for gzip an unterminated stream,
//   which gunzip reports). A block device, socket or directory is refused.
// - Anything else (a regular file, nothing yet, or a symbolic link to either) is an AtomicFile:
//   replaced atomically on commit(), the link's target rather than the link.
// - A name ending in ".gz" (as given, whichever of the above) is written gzip-compressed.
class OutputFile {
 public:
  enum class Mode { kAtomic, kInPlace };

  // Throws IoError(kOutput) "PATH: cannot write: REASON".
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  // Atomic: as AtomicFile::commit(). In place: ends the gzip stream, writes out what is
  // buffered and reports any write error (EPIPE, ENOSPC...). Throws IoError(kOutput).
  void commit();

  [[nodiscard]] Mode mode() const { return atomic_ ? Mode::kAtomic : Mode::kInPlace; }
  [[nodiscard]] bool compressed() const { return gzip_; }
  [[nodiscard]] const std::vector<std::string>& removed_leftovers() const;

 private:
  std::string path_;
  bool gzip_ = false;
  std::unique_ptr<AtomicFile> atomic_;
  int fd_ = -1;
  std::unique_ptr<detail::FdStreambuf> buffer_;
  std::ostream stream_{nullptr};
  bool committed_ = false;
};

}  // namespace citegraph::io
