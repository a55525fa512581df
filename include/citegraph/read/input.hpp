// An opened input: a file, or "-" for stdin, gunzipped transparently when its content starts
// with the gzip magic bytes (whatever its name). Reads are streamed; nothing holds a whole
// file. The SHA-256 and size are of the raw bytes (compressed, as stored). A large input is
// read, checksummed and gunzipped ahead of the caller on a background thread (InputOptions);
// what read() delivers, damage() and the errors are the same either way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace citegraph::io {

// Damaged compressed data: where the decoder gave up, in bytes of the raw (compressed) file,
// and why. The content decoded before it is delivered; nothing after it is.
struct InputDamage {
  std::uint64_t offset = 0;
  std::string message;  // "the file ends inside a gzip member (truncated)", ...
};

// How Input::open reads; open(path) uses the defaults, which every reader gets.
struct InputOptions {
  // Reading, checksumming and gunzipping stay on the caller's thread until this many bytes of
  // content have been delivered; from then on a background thread does them ahead of the
  // caller, through three 1 MiB buffers, so that parsing overlaps them (read/input.cpp says why
  // this much). Inputs smaller than this never start a thread. 0: from the first read;
  // UINT64_MAX: never (the serial reader, for comparisons in tests and benchmarks).
  std::uint64_t read_ahead_after = std::uint64_t{1} << 20;
};

class Input {
 public:
  // Throws IoError(kInput) naming the path and the system's reason.
  [[nodiscard]] static std::unique_ptr<Input> open(const std::string& path);
  [[nodiscard]] static std::unique_ptr<Input> open(const std::string& path,
                                                   const InputOptions& options);
  virtual ~Input() = default;

  // Reads up to n bytes of content (decompressed); returns 0 only at the end. Damaged gzip data
  // (truncated, corrupt, a missing trailer, garbage after the last member) ends the content
  // where the damage starts, as if the file ended there, and damage() says so; zero bytes after
  // a member (padding) are accepted, as gzip -t does. A read error (IoError) is thrown by the
  // read() that reaches it, after the content before it, and again by any later read().
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
  // Set once read() has met damaged compressed data; the content ended there.
  // (Inputs that are never compressed need not override it.)
  [[nodiscard]] virtual const std::optional<InputDamage>& damage() const;
  // The first up to n bytes of content, without consuming them (n <= 64 KiB).
  virtual std::string_view peek(std::size_t n) = 0;
  // Reads and discards the rest so that raw_bytes()/sha256_hex() cover the whole input.
  void drain();

  [[nodiscard]] virtual const std::string& path() const = 0;
  [[nodiscard]] virtual bool compressed() const = 0;
  // Size and SHA-256 (lower-case hex) of the raw bytes read so far, which may run ahead of
  // the content delivered; after drain(), or once read() has returned 0, of the whole input.
  [[nodiscard]] virtual std::uint64_t raw_bytes() const = 0;
  [[nodiscard]] virtual std::string sha256_hex() const = 0;
};

// Splits an Input into lines. A line ends at "\n"; a "\r" before it is dropped. The last line
// need not end with "\n". Line numbers are 1-based. A line is held whole only up to
// max_line_bytes (see too_long()).
class LineReader {
 public:
  // Memory stays within about max_line_bytes plus a 1 MiB chunk, whatever the input holds.
  explicit LineReader(Input& input, std::size_t max_line_bytes = std::size_t{16} << 20);
  // The next line, valid until the next call; false at the end.
  bool next(std::string_view& line);
  // Number of the line last returned by next().
  [[nodiscard]] std::uint64_t line_number() const { return line_number_; }
  // Whether the line last returned was longer than max_line_bytes: next() returned its first
  // max_line_bytes bytes and skips the rest without holding it.
  [[nodiscard]] bool too_long() const { return too_long_; }
  // Whether the line last returned ended with "\n" (false for a last line cut by the end).
  [[nodiscard]] bool terminated() const { return terminated_; }
  [[nodiscard]] const std::string& path() const;
  [[nodiscard]] std::size_t max_line_bytes() const { return max_line_; }

 private:
  Input& input_;
  std::string buffer_;
  std::size_t max_line_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool too_long_ = false;
  bool terminated_ = false;
  bool discarding_ = false;  // inside the rest of a line that was too long
  std::uint64_t line_number_ = 0;
};

}  // namespace citegraph::io
