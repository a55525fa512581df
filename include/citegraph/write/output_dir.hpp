// An output directory written as one transaction: every file of a run goes into a new hidden
// directory beside the target, and the run becomes the output in one atomic step. Readers of
// the output see the previous run's complete set or this run's complete set, never a mix; a
// failure, a signal or a full disk before that step leaves exactly the previous results.
//
// The steps (all paths in the directory that holds the target, so one file system):
//  1. Lock: flock(LOCK_EX) on ".NAME.citegraph-lock" beside NAME. A second run into the same
//     output waits for the first to finish (or gives up after OutputDirOptions::lock_timeout with
//     "another citegraph run (pid N) is writing PATH"). The lock file is removed on release; a
//     waiter that then holds the lock of a removed file opens it again.
//  2. Clean up, under the lock: directories ".NAME.citegraph-new-PID-N" and
//     ".NAME.citegraph-old-PID-N" of runs that are gone (killed, power cut) are removed. If NAME
//     is missing and a ".NAME.citegraph-old-..." exists, a run was killed between the two
//     renames of the fallback (step 5): it is renamed back to NAME first (the previous results).
//  3. Check that an existing NAME may be replaced: a directory (not a mount point) that holds
//     only regular files named in known_names (plus temporaries of those names left by earlier
//     releases). Anything else (a user's notes, a directory named "summary.json") is refused
//     here, before the run writes anything: the whole directory is replaced, so foreign entries
//     would otherwise be lost.
//  4. open(name) writes NAME's files into ".NAME.citegraph-new-PID-N"; each is fsynced when the
//     next is opened (or at close()/commit()), then the directory is fsynced.
//  5. commit(): if NAME does not exist, renameat2(RENAME_NOREPLACE) (rename(2) where that flag is
//     unsupported). If it exists, renameat2(RENAME_EXCHANGE) swaps the two directories in one
//     step and the old one, now under the hidden name, is removed. Where the file system has no
//     RENAME_EXCHANGE (EINVAL: older NFS, some FUSE; ENOSYS: old kernels) the fallback is two
//     renames: NAME to ".NAME.citegraph-old-PID-N", then the new directory to NAME. Between
//     them NAME is briefly missing (a reader can see no output, never a mix); a crash there is
//     repaired by the next run (step 2). Then the parent directory is fsynced.
// A symbolic link at NAME (followed through chains) is not replaced: its target directory is.
// Requires a writable directory around NAME (the old layout needed only NAME writable).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace citegraph::io {

namespace detail {
class FdStreambuf;
}

// Points of OutputDir's work where a test hook runs (to kill the process there, or pause it).
enum class OutputDirStage {
  kLocked,      // lock taken, clean-up done, staging directory created
  kFileClosed,  // one file written, fsynced and closed
  kSynced,      // commit(): all files and the staging directory fsynced, nothing renamed yet
  kMovedAside,  // fallback only: the old NAME renamed aside, the new one not yet in place
  kReplaced,    // the new directory is NAME; the old one not yet removed
  kOldRemoved,  // the old directory removed; the lock is released after this
};

enum class OutputDirMethod { kNone, kRename, kExchange, kTwoRenames };

struct OutputDirOptions {
  // File names a run into this directory writes (every release's); an existing directory that
  // holds anything else is refused. commit() also accepts the names this run wrote.
  std::vector<std::string> known_names;
  // How long to wait for another run that holds the lock: negative waits as long as it takes,
  // 0 fails at once; otherwise fails after this long.
  std::chrono::milliseconds lock_timeout{-1};
  // Compute the SHA-256 of each file as written (OutputDirFile::sha256).
  bool sha256 = false;
  // Tests: runs at each stage (must not throw after kSynced); false forces the two-rename
  // fallback as if the file system had no RENAME_EXCHANGE.
  std::function<void(OutputDirStage)> on_stage;
  bool allow_exchange = true;
};

// A file written: its name, its size on disk and, with OutputDirOptions::sha256, its SHA-256
// (lower-case hex) of the bytes on disk (compressed bytes for a .gz name).
struct OutputDirFile {
  std::string name;
  std::uint64_t bytes = 0;
  std::string sha256;
};

class OutputDir {
 public:
  // Steps 1-3, then creates the staging directory (mode bits of the directory it replaces).
  // Creates the directories around NAME when missing. Throws IoError(kOutput) naming the path:
  // cannot create, lock not obtained in time, NAME not a directory, a mount point, or holding
  // entries that citegraph did not write.
  explicit OutputDir(std::string path, OutputDirOptions options = {});
  // Without commit(): removes the staging directory and releases the lock; NAME is untouched.
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Starts the file `name` (a plain name, not a path, not written before in this run); closes
  // the previous one first. The stream is valid until the next open(), close() or commit(). A
  // name ending in ".gz" is written gzip-compressed. Throws IoError(kOutput) "PATH/NAME: cannot
  // write: REASON" (for the previous file's write errors too).
  std::ostream& open(const std::string& name);
  // Closes the current file: flushes, checks every write, fsyncs; adds it to files().
  void close();
  // close(), fsync of the directory, the atomic step, removal of the old results, lock release.
  // Throws IoError(kOutput) if the new results could not be put in place (NAME untouched then).
  void commit();

  // The directory replaced (the path with links in its last component followed).
  [[nodiscard]] const std::string& path() const { return target_; }
  // The files closed so far, in the order written.
  [[nodiscard]] const std::vector<OutputDirFile>& files() const { return files_; }
  // What the run found and did beside the output, for the caller to print as notes: leftovers
  // of dead runs removed, previous results restored, old results that could not be removed.
  [[nodiscard]] const std::vector<std::string>& notes() const { return notes_; }
  [[nodiscard]] OutputDirMethod method() const { return method_; }

 private:
  class Lock;
  void stage(OutputDirStage stage) const;
  void clean_up(const std::string& name);
  void check_replaceable(const std::vector<std::string>& extra_names) const;
  [[noreturn]] void fail(const std::string& what, const std::string& reason) const;

  std::string given_;
  std::string target_;
  std::string parent_;
  std::string name_;
  OutputDirOptions options_;
  std::unique_ptr<Lock> lock_;
  std::string staging_entry_;
  std::string staging_;
  std::vector<OutputDirFile> files_;
  std::vector<std::string> notes_;
  std::string current_name_;
  int fd_ = -1;
  std::unique_ptr<detail::FdStreambuf> buffer_;
  std::ostream stream_{nullptr};
  OutputDirMethod method_ = OutputDirMethod::kNone;
  bool committed_ = false;
};

}  // namespace citegraph::io
