// An opened input: a file, or "-" for stdin, gunzipped transparently when its content starts
// with the gzip magic bytes (whatever its name). Reads are streamed; nothing holds a whole
// file. The SHA-256 and size are of the raw bytes (compressed, as stored).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace citegraph::io {

class Input {
 public:
  // Throws IoError(kInput) naming the path and the system's reason.
  [[nodiscard]] static std::unique_ptr<Input> open(const std::string& path);
  virtual ~Input() = default;

  // Reads up to n bytes of content (decompressed); returns 0 only at the end.
  // Throws ParseError(path, "corrupt or truncated gzip data ...") on bad compressed data.
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
  // The first up to n bytes of content, without consuming them (n <= 64 KiB).
  virtual std::string_view peek(std::size_t n) = 0;
  // Reads and discards the rest so that raw_bytes()/sha256_hex() cover the whole input.
  void drain();

  [[nodiscard]] virtual const std::string& path() const = 0;
  [[nodiscard]] virtual bool compressed() const = 0;
  [[nodiscard]] virtual std::uint64_t raw_bytes() const = 0;
  // SHA-256 of the raw bytes read so far (the whole input after drain()), lower-case hex.
  [[nodiscard]] virtual std::string sha256_hex() const = 0;
};

// Splits an Input into lines. A line ends at "\n"; a "\r" before it is dropped. The last line
// need not end with "\n". Line numbers are 1-based.
class LineReader {
 public:
  explicit LineReader(Input& input);
  // The next line, valid until the next call; false at the end.
  bool next(std::string_view& line);
  // Number of the line last returned by next().
  [[nodiscard]] std::uint64_t line_number() const { return line_number_; }
  [[nodiscard]] const std::string& path() const;

 private:
  Input& input_;
  std::string buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t line_number_ = 0;
};

}  // namespace citegraph::io
