// Output paths: OutputFile (regular files atomically, devices/FIFOs/descriptors in place, .gz
// compressed, leftovers of dead runs removed) and OutputDir (the whole directory replaced in one
// step under a lock; failures, kills, a full disk and concurrent runs leave one complete set).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/write/atomic_file.hpp"
#include "citegraph/write/output_dir.hpp"
#include "citegraph/write/table.hpp"
#include "citegraph/write/writers.hpp"
#include "support/sha256.hpp"
#include "tests/io_test_support.hpp"

namespace fs = std::filesystem;
using namespace citegraph::io;
using namespace citegraph::io_test;

namespace {

std::string gunzip(const std::string& data) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 32) == Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[1 << 14];
  int status = Z_OK;
  while (status == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    status = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - zs.avail_out);
  }
  inflateEnd(&zs);
  CHECK(status == Z_STREAM_END);  // a complete member, trailer checked
  CHECK(zs.avail_in == 0);
  return out;
}

// Every entry of a directory: name -> content; a non-regular entry reads "<not a file>".
std::map<std::string, std::string> contents(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    files[name] = entry.is_regular_file() ? slurp(entry.path().string()) : "<not a file>";
  }
  return files;
}

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A pid that has just ended (a child that exited and was reaped).
pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  REQUIRE(pid > 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return pid;
}

// Runs `body` in a child process; returns its wait status. The child never returns to doctest.
template <typename Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 0;
    try {
      code = body();
    } catch (...) {
      code = 99;
    }
    ::_exit(code);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return status;
}

const std::vector<std::string>& set_names() {
  static const std::vector<std::string> names = {"a.csv", "b.csv", "summary.json"};
  return names;
}

OutputDirOptions known(OutputDirOptions options = {}) {
  options.known_names = set_names();
  return options;
}

// A run's files: each holds its name, the tag and `size` bytes of filler.
std::map<std::string, std::string> run_set(const std::string& tag, std::size_t size = 16,
                                           const std::vector<std::string>& names = set_names()) {
  std::map<std::string, std::string> files;
  for (const std::string& name : names) {
    files[name] = tag + " " + name + "\n" + std::string(size, tag.back());
  }
  return files;
}

void write_set(OutputDir& out, const std::map<std::string, std::string>& files) {
  for (const auto& [name, text] : files) out.open(name) << text;
}

OutputDirMethod commit_set(const std::string& path, const std::map<std::string, std::string>& files,
                           OutputDirOptions options = known()) {
  OutputDir out(path, std::move(options));
  write_set(out, files);
  out.commit();
  return out.method();
}

// A 256 KiB tmpfs at `dir`, unmounted on destruction; mounted() is false where mount(2) is not
// allowed (not root, no CAP_SYS_ADMIN).
class SmallTmpfs {
 public:
  explicit SmallTmpfs(std::string dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=256k") == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }

 private:
  std::string dir_;
  bool mounted_ = false;
};

}  // namespace

// ---- single files (issue 10) ----------------------------------------------------------------

TEST_CASE("OutputFile replaces a regular file atomically and keeps its permission bits") {
  TempDir dir;
  const std::string path = dir.write("out.csv", "old\n");
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  OutputFile out(path);
  CHECK(out.mode() == OutputFile::Mode::kAtomic);
  CHECK_FALSE(out.compressed());
  out.stream() << "new\n";
  CHECK(slurp(path) == "old\n");  // nothing visible before commit
  CHECK(dir.entries().size() == 2);
  out.commit();
  CHECK(slurp(path) == "new\n");
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0640);
}

TEST_CASE("OutputFile through a symbolic link replaces the link's target, not the link") {
  TempDir dir;
  fs::create_directories(dir.file("data"));
  const std::string real = dir.write("data/real.csv", "old\n");
  fs::create_symlink("data/real.csv", dir.file("link.csv"));
  fs::create_symlink("link.csv", dir.file("chain.csv"));  // a link to a link
  {
    OutputFile out(dir.file("chain.csv"));
    CHECK(out.mode() == OutputFile::Mode::kAtomic);
    out.stream() << "new\n";
    out.commit();
  }
  CHECK(fs::is_symlink(dir.file("link.csv")));
  CHECK(fs::is_symlink(dir.file("chain.csv")));
  CHECK(slurp(real) == "new\n");
  CHECK(listing(dir.file("data")) == std::vector<std::string>{"real.csv"});

  SUBCASE("a dangling link: its target is created") {
    fs::create_symlink("data/later.csv", dir.file("dangling.csv"));
    OutputFile out(dir.file("dangling.csv"));
    out.stream() << "created\n";
    out.commit();
    CHECK(fs::is_symlink(dir.file("dangling.csv")));
    CHECK(slurp(dir.file("data/later.csv")) == "created\n");
  }
}

TEST_CASE("OutputFile writes a FIFO in place and its reader gets everything") {
  TempDir dir;
  const std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string expected;
  for (int i = 0; i < 20000; ++i) expected += "row " + std::to_string(i) + "\n";  // > pipe size
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  });
  {
    OutputFile out(fifo);  // blocks until the reader opens
    CHECK(out.mode() == OutputFile::Mode::kInPlace);
    out.stream() << expected;
    out.commit();
  }
  reader.join();
  CHECK(received == expected);
  struct stat info {};
  REQUIRE(::lstat(fifo.c_str(), &info) == 0);
  CHECK(S_ISFIFO(info.st_mode));
  CHECK(dir.entries() == std::vector<std::string>{"pipe"});
}

TEST_CASE("OutputFile writes character devices in place and reports their errors") {
  {
    OutputFile out("/dev/null");
    CHECK(out.mode() == OutputFile::Mode::kInPlace);
    out.stream() << "discarded\n";
    out.commit();
  }
  {
    OutputFile out("/dev/full");
    out.stream() << "no room\n";
    CHECK_THROWS_WITH_AS(out.commit(), "/dev/full: cannot write: No space left on device", IoError);
  }
  for (const char* device : {"/dev/null", "/dev/full"}) {
    struct stat info {};
    REQUIRE(::lstat(device, &info) == 0);
    CHECK(S_ISCHR(info.st_mode));  // still the device, not a regular file
  }
}

TEST_CASE("OutputFile refuses a directory and a block device") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(OutputFile{dir.path()},
                       (dir.path() + ": cannot write: is a directory").c_str(), IoError);
  const std::string block = dir.file("disk");
  if (::mknod(block.c_str(), S_IFBLK | 0600, makedev(7, 200)) != 0) {
    MESSAGE("skipped the block device: mknod is not allowed here");
    return;
  }
  CHECK_THROWS_WITH_AS(OutputFile{block}, doctest::Contains("is a block device"), IoError);
  struct stat info {};
  REQUIRE(::lstat(block.c_str(), &info) == 0);
  CHECK(S_ISBLK(info.st_mode));
}

TEST_CASE("OutputFile writes to this process's descriptors: -, /dev/stdout, /dev/fd/N") {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  auto drain = [&] {
    std::string text(4096, '\0');
    const ssize_t size = ::read(pipe_fds[0], text.data(), text.size());
    REQUIRE(size >= 0);
    text.resize(static_cast<std::size_t>(size));
    return text;
  };

  SUBCASE("/dev/fd/N, as process substitution passes it") {
    OutputFile out("/dev/fd/" + std::to_string(pipe_fds[1]));
    CHECK(out.mode() == OutputFile::Mode::kInPlace);
    out.stream() << "through the pipe\n";
    out.commit();
    CHECK(drain() == "through the pipe\n");
  }
  SUBCASE("- and /dev/stdout and a link to /dev/stdout are standard output") {
    TempDir dir;
    fs::create_symlink("/dev/stdout", dir.file("to_stdout"));
    std::fflush(stdout);  // doctest's own output stays out of the pipe
    const int saved = ::dup(1);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(pipe_fds[1], 1) == 1);
    for (const std::string& path :
         {std::string("-"), std::string("/dev/stdout"), dir.file("to_stdout")}) {
      OutputFile out(path);
      out.stream() << "[" << path << "]";
      out.commit();
    }
    REQUIRE(::dup2(saved, 1) == 1);
    ::close(saved);
    CHECK(drain() == "[-][/dev/stdout][" + dir.file("to_stdout") + "]");
    CHECK(dir.entries() == std::vector<std::string>{"to_stdout"});
  }
  SUBCASE("an O_APPEND descriptor keeps appending (a duplicate, not a new open)") {
    TempDir dir;
    const std::string log = dir.write("log.txt", "head\n");
    const int fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    REQUIRE(fd >= 0);
    OutputFile out("/proc/self/fd/" + std::to_string(fd));
    out.stream() << "tail\n";
    out.commit();
    ::close(fd);
    CHECK(slurp(log) == "head\ntail\n");
  }
  SUBCASE("a descriptor that is not open") {
    CHECK_THROWS_WITH_AS(OutputFile{"/dev/fd/987"},
                         "/dev/fd/987: cannot write: file descriptor 987 is not open", IoError);
  }
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

TEST_CASE("OutputFile compresses a .gz name: atomically to a file, in place to a FIFO") {
  TempDir dir;
  std::string text = "citing,referenced\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + "," + std::to_string(i * 7) + "\n";
  const std::string path = dir.file("pairs.csv.gz");
  for (int run = 0; run < 2; ++run) {
    OutputFile out(path);
    CHECK(out.compressed());
    CHECK(out.mode() == OutputFile::Mode::kAtomic);
    out.stream() << text;
    out.commit();
  }
  const std::string bytes = slurp(path);
  REQUIRE(bytes.size() > 10);
  CHECK(static_cast<unsigned char>(bytes[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(bytes[1]) == 0x8b);
  CHECK(bytes.size() < text.size() / 2);
  CHECK(gunzip(bytes) == text);
  CHECK(bytes == gzip(text));  // zlib's own deflate of the same text: deterministic bytes
  CHECK(dir.entries() == std::vector<std::string>{"pairs.csv.gz"});

  const std::string fifo = dir.file("stream.gz");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  });
  {
    OutputFile out(fifo);
    CHECK(out.mode() == OutputFile::Mode::kInPlace);
    CHECK(out.compressed());
    out.stream() << text;
    out.commit();
  }
  reader.join();
  CHECK(gunzip(received) == text);
}

TEST_CASE("A later run removes the temporaries of runs that are gone, and only those") {
  TempDir dir;
  (void)dir.write("out.csv", "old\n");
  const std::string dead = std::to_string(dead_pid());
  const std::string self = std::to_string(::getpid());
  const std::vector<std::string> stale = {
      ".out.csv.citegraph-tmp-" + dead + "-0",
      ".out.csv.citegraph-tmp-" + self + "-999999",  // this pid, not this process's (reuse)
      ".out.csv.tmp-" + dead + "-3",                 // the name earlier releases used
  };
  const std::vector<std::string> kept = {
      ".out.csv.citegraph-tmp-1-0",               // pid 1 is alive
      ".other.csv.citegraph-tmp-" + dead + "-0",  // another file's
      ".out.csv.citegraph-tmp-" + dead + "-x",    // not our pattern
      "out.csv.citegraph-tmp-" + dead + "-0",     // not hidden: not ours
  };
  for (const auto& name : stale) (void)dir.write(name, "leftover");
  for (const auto& name : kept) (void)dir.write(name, "keep");
  fs::create_directories(dir.file(".out.csv.citegraph-tmp-" + dead + "-7"));  // not a file

  AtomicFile out(dir.file("out.csv"));
  std::vector<std::string> removed = out.removed_leftovers();
  std::sort(removed.begin(), removed.end());
  std::vector<std::string> expected;
  for (const auto& name : stale) expected.push_back(dir.file(name));
  std::sort(expected.begin(), expected.end());
  CHECK(removed == expected);
  out.stream() << "new\n";
  out.commit();
  std::vector<std::string> left = kept;
  left.push_back(".out.csv.citegraph-tmp-" + dead + "-7");
  left.push_back("out.csv");
  std::sort(left.begin(), left.end());
  CHECK(dir.entries() == left);
  CHECK(slurp(dir.file("out.csv")) == "new\n");
}

TEST_CASE("A run killed while writing a file leaves the old file; the next run cleans up") {
  TempDir dir;
  const std::string path = dir.write("out.csv", "old\n");
  const int status = in_child([&] {
    AtomicFile out(path);
    out.stream() << std::string(100000, 'n');
    out.stream().flush();
    ::raise(SIGKILL);
    return 0;
  });
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(slurp(path) == "old\n");
  REQUIRE(dir.entries().size() == 2);
  const std::string leftover = dir.entries()[0];
  CHECK(leftover.rfind(".out.csv.citegraph-tmp-", 0) == 0);
  OutputFile next(path);
  CHECK(next.removed_leftovers() == std::vector<std::string>{dir.file(leftover)});
  next.stream() << "new\n";
  next.commit();
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  CHECK(slurp(path) == "new\n");
}

TEST_CASE("A full disk fails the single-file run and keeps the previous file") {
  TempDir dir;
  SmallTmpfs disk(dir.file("mnt"));
  if (!disk.mounted()) {
    MESSAGE("skipped: cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)");
    return;
  }
  const std::string path = dir.write("mnt/out.csv.gz", gzip("old\n"));
  for (const std::string& name : {std::string("mnt/out.csv"), std::string("mnt/out.csv.gz")}) {
    const std::string before = fs::exists(dir.file(name)) ? slurp(dir.file(name)) : "";
    (void)dir.write(name, before.empty() ? std::string("old\n") : before);
    OutputFile out(dir.file(name));
    std::mt19937 random(7);  // incompressible, so that .gz fills the disk too
    std::string noise(std::size_t{400} * 1024, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    out.stream() << noise;
    CHECK_THROWS_WITH_AS(out.commit(), doctest::Contains("No space left on device"), IoError);
    CHECK(slurp(dir.file(name)) == (before.empty() ? "old\n" : before));
  }
  CHECK(gunzip(slurp(path)) == "old\n");
  CHECK(listing(dir.file("mnt")) == std::vector<std::string>{"out.csv", "out.csv.gz"});
}

// ---- output directories (issue 14) ----------------------------------------------------------

TEST_CASE("OutputDir creates, then replaces the whole set in one step") {
  TempDir dir;
  const std::string out = dir.file("out");
  const auto first = run_set("run1");
  CHECK(commit_set(out, first) == OutputDirMethod::kRename);
  CHECK(contents(out) == first);
  CHECK(dir.entries() == std::vector<std::string>{"out"});  // no lock, no staging left

  // A run that writes fewer files: the result is exactly its set, not a mix with run1's.
  const auto second = run_set("run2", 100, {"a.csv", "summary.json"});
  CHECK(commit_set(out, second) == OutputDirMethod::kExchange);
  CHECK(contents(out) == second);
  CHECK(dir.entries() == std::vector<std::string>{"out"});

  SUBCASE("the fallback without RENAME_EXCHANGE: two renames, same result") {
    std::vector<OutputDirStage> stages;
    OutputDirOptions options = known();
    options.allow_exchange = false;
    options.on_stage = [&](OutputDirStage stage) { stages.push_back(stage); };
    const auto third = run_set("run3");
    CHECK(commit_set(out, third, options) == OutputDirMethod::kTwoRenames);
    CHECK(contents(out) == third);
    CHECK(dir.entries() == std::vector<std::string>{"out"});
    CHECK(stages ==
          std::vector<OutputDirStage>{OutputDirStage::kLocked, OutputDirStage::kFileClosed,
                                      OutputDirStage::kFileClosed, OutputDirStage::kFileClosed,
                                      OutputDirStage::kSynced, OutputDirStage::kMovedAside,
                                      OutputDirStage::kReplaced, OutputDirStage::kOldRemoved});
  }
  SUBCASE("sizes and SHA-256 of what was written, .gz names compressed") {
    OutputDirOptions options = known();
    options.known_names.push_back("c.csv.gz");
    options.sha256 = true;
    OutputDir run(out, options);
    run.open("a.csv") << "alpha\n";
    run.open("c.csv.gz") << "gamma\n";
    run.close();
    REQUIRE(run.files().size() == 2);
    Sha256 alpha;
    alpha.update("alpha\n");
    CHECK(run.files()[0].name == "a.csv");
    CHECK(run.files()[0].bytes == 6);
    CHECK(run.files()[0].sha256 == alpha.hex());
    run.open("summary.json") << "{}\n";
    run.commit();
    CHECK(gunzip(slurp(out + "/c.csv.gz")) == "gamma\n");
    CHECK(run.files()[1].bytes == fs::file_size(out + "/c.csv.gz"));
    CHECK(listing(out) == std::vector<std::string>{"a.csv", "c.csv.gz", "summary.json"});
  }
  SUBCASE("large outputs are checksummed on a thread: the same SHA-256, in any piece sizes") {
    // 13 MiB written in pieces of odd sizes: past the 4 MiB inline part, 1 MiB blocks go to the
    // hashing thread; a gzip'd one hashes the compressed bytes that reach the file.
    OutputDirOptions options = known();
    options.known_names.push_back("c.csv.gz");
    options.sha256 = true;
    std::mt19937_64 rng(20261126);
    std::string text(13 * (std::size_t{1} << 20) + 12345, '\0');
    for (char& c : text) c = static_cast<char>('a' + rng() % 26);
    OutputDir run(out, options);
    for (const std::string name : {"a.csv", "c.csv.gz"}) {
      std::ostream& stream = run.open(name);
      std::size_t at = 0;
      while (at < text.size()) {
        const std::size_t piece = std::min<std::size_t>(1 + rng() % 300000, text.size() - at);
        stream.write(text.data() + at, static_cast<std::streamsize>(piece));
        at += piece;
      }
    }
    run.open("summary.json") << "{}\n";
    run.commit();
    REQUIRE(run.files().size() >= 2);
    Sha256 plain;
    plain.update(text);
    CHECK(run.files()[0].bytes == text.size());
    CHECK(run.files()[0].sha256 == plain.hex());
    Sha256 packed;
    packed.update(slurp(out + "/c.csv.gz"));
    CHECK(run.files()[1].sha256 == packed.hex());
    CHECK(gunzip(slurp(out + "/c.csv.gz")) == text);
  }
  SUBCASE("the replaced directory's permission bits are kept") {
    REQUIRE(::chmod(out.c_str(), 0750) == 0);
    commit_set(out, run_set("run4"));
    struct stat info {};
    REQUIRE(::stat(out.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0750);
  }
}

TEST_CASE("A failed OutputDir run leaves exactly the previous results") {
  TempDir dir;
  const std::string out = dir.file("out");
  const auto old = run_set("old");
  commit_set(out, old);

  SUBCASE("an exception after some files") {
    try {
      OutputDir run(out, known());
      run.open("a.csv") << "new a\n";
      run.open("b.csv") << "new b\n";
      throw std::runtime_error("a pass failed");
    } catch (const std::runtime_error&) {
    }
  }
  SUBCASE("a stream that went bad") {
    OutputDir run(out, known());
    run.open("a.csv") << "new a\n";
    std::ostream& b = run.open("b.csv");
    b << "new b";
    b.setstate(std::ios::badbit);
    CHECK_THROWS_WITH_AS(run.commit(), (out + "/b.csv: cannot write: Input/output error").c_str(),
                         IoError);
  }
  SUBCASE("a name written twice or not a plain name") {
    OutputDir run(out, known());
    run.open("a.csv") << "x";
    CHECK_THROWS_AS(run.open("a.csv"), citegraph::InvalidArgument);
    CHECK_THROWS_AS(run.open("../escape.csv"), citegraph::InvalidArgument);
  }
  CHECK(contents(out) == old);
  CHECK(dir.entries() == std::vector<std::string>{"out"});
}

TEST_CASE("OutputDir refuses, before writing anything, what it must not replace") {
  TempDir dir;
  const std::string out = dir.file("out");
  commit_set(out, run_set("old"));

  SUBCASE("a directory named like an output file") {
    fs::remove(out + "/summary.json");
    fs::create_directories(out + "/summary.json/inner");
    CHECK_THROWS_WITH_AS(OutputDir(out, known()),
                         doctest::Contains("holds a directory 'summary.json', which citegraph "
                                           "does not write"),
                         IoError);
    CHECK(fs::is_directory(out + "/summary.json/inner"));
  }
  SUBCASE("files the user put there") {
    (void)dir.write("out/notes.txt", "mine");
    (void)dir.write("out/plot.png", "mine");
    CHECK_THROWS_WITH_AS(OutputDir(out, known()),
                         doctest::Contains("holds 'notes.txt', 'plot.png', which"), IoError);
    CHECK(slurp(out + "/notes.txt") == "mine");
  }
  SUBCASE("a regular file, and a path under a regular file") {
    (void)dir.write("plain", "x");
    CHECK_THROWS_WITH_AS(
        OutputDir(dir.file("plain"), known()),
        (dir.file("plain") + ": cannot write: exists and is not a directory").c_str(), IoError);
    CHECK_THROWS_WITH_AS(OutputDir(dir.file("plain") + "/out", known()),
                         (dir.file("plain") + "/out: cannot write: Not a directory").c_str(),
                         IoError);
    CHECK(slurp(dir.file("plain")) == "x");
    fs::remove(dir.file("plain"));
  }
  CHECK(dir.entries() == std::vector<std::string>{"out"});  // no lock file, no staging
  CHECK(listing(out).size() >= 3);
  CHECK(slurp(out + "/a.csv") == run_set("old")["a.csv"]);
}

TEST_CASE("OutputDir accepts and removes the temporaries earlier releases left inside") {
  TempDir dir;
  const std::string out = dir.file("out");
  commit_set(out, run_set("old"));
  (void)dir.write("out/.a.csv.tmp-" + std::to_string(dead_pid()) + "-0",
                  "cut file of a killed run");
  const auto next = run_set("new");
  commit_set(out, next);
  CHECK(contents(out) == next);
}

TEST_CASE("OutputDir through a symbolic link replaces the link's target directory") {
  TempDir dir;
  commit_set(dir.file("real"), run_set("old"));
  fs::create_directory_symlink("real", dir.file("link"));
  const auto next = run_set("new");
  OutputDir run(dir.file("link") + "/", known());
  CHECK(run.path() == dir.path() + "/real");
  write_set(run, next);
  run.commit();
  CHECK(fs::is_symlink(dir.file("link")));
  CHECK(contents(dir.file("real")) == next);
  CHECK(dir.entries() == std::vector<std::string>{"link", "real"});
}

TEST_CASE("A run killed at any point leaves one complete set; the next run cleans up") {
  struct Case {
    const char* what;
    OutputDirStage stage;
    bool exchange;
    bool new_in_place;  // the kill came after the atomic step
  };
  const Case cases[] = {
      {"after the first file", OutputDirStage::kFileClosed, true, false},
      {"after the fsyncs, before the rename", OutputDirStage::kSynced, true, false},
      {"between the fallback's two renames", OutputDirStage::kMovedAside, false, false},
      {"after the exchange, before removing the old", OutputDirStage::kReplaced, true, true},
      {"after the fallback, before removing the old", OutputDirStage::kReplaced, false, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    const std::string out = dir.file("out");
    const auto old = run_set("old");
    const auto fresh = run_set("new", 5000);
    commit_set(out, old);
    const int status = in_child([&] {
      OutputDirOptions options = known();
      options.allow_exchange = c.exchange;
      options.on_stage = [&](OutputDirStage stage) {
        if (stage == c.stage) ::raise(SIGKILL);
      };
      commit_set(out, fresh, options);
      return 0;
    });
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
    CHECK(dir.entries().size() > 1);  // leftovers: the lock file, staging or aside directories
    if (c.stage == OutputDirStage::kMovedAside) {
      CHECK_FALSE(fs::exists(out));  // the fallback's documented window
    } else {
      CHECK(contents(out) == (c.new_in_place ? fresh : old));
    }
    {
      OutputDir next(out, known());  // takes the lock the dead run held, cleans up
      CHECK_FALSE(next.notes().empty());
      CHECK(contents(out) == (c.new_in_place ? fresh : old));  // restored if it was aside
    }
    CHECK(dir.entries() == std::vector<std::string>{"out"});
    CHECK(contents(out) == (c.new_in_place ? fresh : old));
  }
}

TEST_CASE("Concurrent runs into one output never interleave") {
  TempDir dir;
  const std::string out = dir.file("out");
  const std::string log = dir.file("log");
  commit_set(out, run_set("old"));
  constexpr int kRuns = 4;
  std::vector<pid_t> children;
  for (int run = 0; run < kRuns; ++run) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int code = 0;
      try {
        const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        auto note = [&](const std::string& text) {
          if (::write(log_fd, text.data(), text.size()) < 0) code = 98;
        };
        OutputDirOptions options = known();
        options.on_stage = [&](OutputDirStage stage) {
          if (stage == OutputDirStage::kLocked) note("start " + std::to_string(run) + "\n");
          if (stage == OutputDirStage::kFileClosed) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
          if (stage == OutputDirStage::kOldRemoved) note("end " + std::to_string(run) + "\n");
        };
        commit_set(out, run_set("run" + std::to_string(run), 20000), options);
      } catch (...) {
        code = 99;
      }
      ::_exit(code);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  // Each run held the output from its start to its end: the log alternates start k, end k.
  std::istringstream lines(slurp(log));
  std::vector<std::string> events;
  for (std::string line; std::getline(lines, line);) events.push_back(line);
  REQUIRE(events.size() == 2 * kRuns);
  std::string last;
  for (std::size_t i = 0; i < events.size(); i += 2) {
    CHECK(events[i].rfind("start ", 0) == 0);
    CHECK(events[i + 1] == "end " + events[i].substr(6));
    last = events[i].substr(6);
  }
  // The output is exactly the last run's complete set.
  CHECK(contents(out) == run_set("run" + last, 20000));
  CHECK(dir.entries() == std::vector<std::string>{"log", "out"});
}

TEST_CASE("A second run waits for the lock, or gives up after lock_timeout with a message") {
  TempDir dir;
  const std::string out = dir.file("out");
  auto holder = std::make_unique<OutputDir>(out, known());
  OutputDirOptions at_once = known();
  at_once.lock_timeout = std::chrono::milliseconds(0);
  CHECK_THROWS_WITH_AS(
      OutputDir(out, at_once),
      doctest::Contains((out + ": another citegraph run (pid " + std::to_string(::getpid()) +
                         ") is writing this output directory; gave up waiting after 0.0 s")
                            .c_str()),
      IoError);
  OutputDirOptions briefly = known();
  briefly.lock_timeout = std::chrono::milliseconds(150);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(OutputDir(out, briefly), doctest::Contains("gave up waiting after"),
                       IoError);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));

  // A waiting run (no timeout) proceeds once the holder commits.
  std::atomic<bool> second_done{false};
  std::thread second([&] {
    commit_set(out, run_set("second"));
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(second_done.load());
  write_set(*holder, run_set("first"));
  holder->commit();
  second.join();
  holder.reset();
  CHECK(contents(out) == run_set("second"));
  CHECK(dir.entries() == std::vector<std::string>{"out"});
}

TEST_CASE("A full disk fails the directory run and keeps exactly the previous set") {
  TempDir dir;
  SmallTmpfs disk(dir.file("mnt"));
  if (!disk.mounted()) {
    MESSAGE("skipped: cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)");
    return;
  }
  // A mount point cannot be renamed: refused before anything is written.
  CHECK_THROWS_WITH_AS(OutputDir(dir.file("mnt"), known()), doctest::Contains("mount point"),
                       IoError);
  const std::string out = dir.file("mnt/out");
  auto previous = run_set("s0", 1000);
  commit_set(out, previous);
  int failures = 0;
  int successes = 0;
  int tag = 1;
  for (std::size_t size : {4000u, 30000u, 50000u, 70000u, 90000u, 120000u, 40000u, 200000u}) {
    CAPTURE(size);
    const auto next = run_set("s" + std::to_string(tag++), size);
    try {
      commit_set(out, next);
      previous = next;
      ++successes;
    } catch (const IoError& error) {
      CHECK(std::string(error.what()).find("No space left on device") != std::string::npos);
      ++failures;
    }
    CHECK(contents(out) == previous);
    CHECK(listing(dir.file("mnt")) == std::vector<std::string>{"out"});
  }
  CHECK(successes >= 2);
  CHECK(failures >= 2);
}

TEST_CASE("An injected write failure (file size limit) keeps the previous set") {
  TempDir dir;
  const std::string out = dir.file("out");
  const auto old = run_set("old");
  commit_set(out, old);
  const int status = in_child([&] {
    std::signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead of a signal
    const rlimit limit{20000, 20000};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 97;
    try {
      commit_set(out, run_set("new", 50000));
    } catch (const IoError& error) {
      return std::string(error.what()).find("File too large") != std::string::npos ? 0 : 96;
    }
    return 95;
  });
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(contents(out) == old);
  CHECK(dir.entries() == std::vector<std::string>{"out"});
}

// What `analyze` does with it: the writers into open(), close() before the manifest so that it
// can list every file's size and SHA-256, then commit(); notes() are printed as notes.
TEST_CASE("The analyze flow: writers into OutputDir, a manifest of the closed files, commit") {
  TempDir dir;
  const std::string out = dir.file("citegraph-out");
  Table nodes;
  nodes.add("Id", ValueType::kString).push("11827993");
  nodes.add("year", ValueType::kInt).push(std::int64_t{2002});
  OutputDirOptions options;
  options.known_names = {"nodes.csv", "edges.csv.gz", "summary.json"};
  options.sha256 = true;
  for (int run = 0; run < 2; ++run) {
    OutputDir output(out, options);
    write_csv(output.open("nodes.csv"), nodes);
    write_csv(output.open("edges.csv.gz"), nodes);
    output.close();
    std::string manifest;
    for (const OutputDirFile& file : output.files()) {
      manifest += file.name + " " + std::to_string(file.bytes) + " " + file.sha256 + "\n";
    }
    output.open("summary.json") << manifest;
    output.commit();
    CHECK(output.notes().empty());
  }
  CHECK(slurp(out + "/nodes.csv") == "Id,year\n11827993,2002\n");
  CHECK(gunzip(slurp(out + "/edges.csv.gz")) == "Id,year\n11827993,2002\n");
  std::string expected;
  for (const std::string name : {"nodes.csv", "edges.csv.gz"}) {
    Sha256 hash;
    hash.update(slurp(out + "/" + name));
    expected += std::string(name) + " " + std::to_string(fs::file_size(out + "/" + name)) + " " +
                hash.hex() + "\n";
  }
  CHECK(slurp(out + "/summary.json") == expected);
  CHECK(dir.entries() == std::vector<std::string>{"citegraph-out"});
}
