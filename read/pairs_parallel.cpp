// read_pairs_parallel (citegraph/read/readers.hpp): a plain, regular OCC file read by a team of
// threads. Byte ranges cut at line boundaries are parsed into PMID runs (no Records) by
// ChunkParser (read/pairs_chunk_parser.hpp), the SHA-256 runs on a thread of its own
// (BackgroundHash), and the lines that are not `digits,digits` are handed, in file order, to
// the general reader (read/pairs_region.hpp), which reads on from each until it holds nothing to
// read again -- so every skip, warning and pair is the one a serial read gives.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

#include "citegraph/graph/builder.hpp"
#include "citegraph/read/format.hpp"
#include "citegraph/read/readers.hpp"
#include "read/file_descriptor.hpp"
#include "read/pairs_chunk_parser.hpp"
#include "read/pairs_region.hpp"
#include "support/memory.hpp"

namespace citegraph::io {
namespace {

constexpr std::size_t kDetectionBytes = std::size_t{64} << 10;  // as read_input
constexpr std::uint64_t kChunkBytes = std::uint64_t{8} << 20;   // one task of the team

// The file from a byte offset on, for the general reader of a region.
class RangeInput final : public Input {
 public:
  RangeInput(const std::string& path, int fd) : path_(path), fd_(fd), buffer_(kStep) {}
  // Reading goes on from `offset`. Only between lines: read() never hands out more than the
  // line it is in, so the LineReader holds nothing of the next one.
  void seek(std::uint64_t offset) {
    offset_ = offset;
    begin_ = end_ = 0;
  }
  std::size_t read(char* buffer, std::size_t n) override {
    if (begin_ == end_) {
      begin_ = 0;
      end_ = pread_full(fd_, path_, buffer_.data(), buffer_.size(), offset_);
      if (end_ == 0) return 0;
    }
    const char* const from = buffer_.data() + begin_;
    std::size_t take = std::min(n, end_ - begin_);
    const void* newline = std::memchr(from, '\n', take);
    if (newline != nullptr)
      take = static_cast<std::size_t>(static_cast<const char*>(newline) - from) + 1;
    std::memcpy(buffer, from, take);
    begin_ += take;
    offset_ += take;
    return take;
  }
  std::string_view peek(std::size_t n) override {
    head_.resize(std::min(n, kDetectionBytes));
    head_.resize(pread_full(fd_, path_, head_.data(), head_.size(), offset_));
    return head_;
  }
  [[nodiscard]] const std::string& path() const override { return path_; }
  [[nodiscard]] bool compressed() const override { return false; }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return 0; }
  [[nodiscard]] std::string sha256_hex() const override { return {}; }

 private:
  static constexpr std::size_t kStep = 4096;
  const std::string& path_;
  int fd_;
  std::uint64_t offset_ = 0;
  std::vector<char> buffer_;  // file bytes from offset_ - begin_
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::string head_;
};

void append_pairs(PmidCitations& out, const PmidCitations& pairs) {
  std::size_t at = 0;
  for (const PmidRun& run : pairs.runs) {
    for (std::uint32_t i = 0; i < run.count; ++i) out.add(run.citing, pairs.cited[at++]);
  }
}

// The open file being read.
struct OccFile {
  const std::string& path;
  int fd = -1;
  std::uint64_t size = 0;
  std::uint64_t data_start = 0;  // the first byte after the header line
};

// The offset after the header when the file is what read_input would read as pairs in the OCC
// dialect from its first 64 KiB, with no warning; nullopt otherwise (gzip, another format or
// dialect).
std::optional<std::uint64_t> occ_data_start(const std::string& path, int fd, std::uint64_t size) {
  std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(size, kDetectionBytes)), '\0');
  head.resize(pread_full(fd, path, head.data(), head.size(), 0));
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return std::nullopt;  // gzip: the streaming path
  }
  if (detect_format(head).format != Format::kPairs) return std::nullopt;
  std::string_view first(head);
  std::uint64_t data_start = 0;
  if (first.starts_with("\xEF\xBB\xBF")) {
    first.remove_prefix(3);
    data_start = 3;
  }
  constexpr std::string_view kHeader = "citing,referenced";
  if (first.starts_with("citing,referenced\n")) return data_start + kHeader.size() + 1;
  if (first.starts_with("citing,referenced\r\n")) return data_start + kHeader.size() + 2;
  return std::nullopt;  // another dialect: the general reader
}

// The parse: chunks of `chunk_bytes` claimed in turn by a team of up to `threads`.
std::vector<Chunk> parse_chunks(const OccFile& file, std::uint64_t chunk_bytes, unsigned threads) {
  const std::uint64_t body = file.size - std::min(file.size, file.data_start);
  const auto chunk_count = static_cast<std::size_t>((body + chunk_bytes - 1) / chunk_bytes);
  // A window of half a chunk (at least two fast lines, at most kWindowBytes).
  const auto window = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(chunk_bytes / 2, 2 * kLongestFastLine, kWindowBytes));
  std::vector<Chunk> chunks(chunk_count);
  const unsigned team =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(chunk_count)));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(team);
  const auto work = [&](unsigned t) {
    try {
      ChunkParser parser(file.fd, file.path, file.size, window);
      for (std::size_t k = next++; k < chunk_count; k = next++) {
        const std::uint64_t begin = file.data_start + k * chunk_bytes;
        chunks[k] = parser.parse(begin, std::min(file.size, begin + chunk_bytes), k == 0);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < team; ++t) workers.emplace_back(work, t);
  work(0);
  for (std::thread& worker : workers) worker.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return chunks;
}

// The lines the parse did not take, numbered in the file.
struct IrregularLines {
  std::vector<Irregular> lines;
  std::uint64_t total_pairs = 0;  // of the parse
  // Many such lines (more than one in 16, or too many in a chunk to keep): the general reader
  // reads on from the first to the end, rather than once per line; only the first is kept.
  bool dense = false;
};

IrregularLines gather_irregular(std::vector<Chunk>& chunks) {
  IrregularLines out;
  std::uint64_t line = 2;  // the header is line 1
  std::uint64_t pair = 0;
  bool overflow = false;
  for (Chunk& chunk : chunks) {
    for (const Irregular& at : chunk.irregular) {
      out.lines.push_back(Irregular{line + at.line, at.offset, pair + at.pair});
    }
    release(chunk.irregular);
    overflow = overflow || chunk.overflow;
    line += chunk.lines;
    pair += chunk.pairs.cited.size();
  }
  out.total_pairs = pair;
  out.dense = overflow || out.lines.size() > (line - 2) / 16;
  if (out.dense && out.lines.size() > 1) out.lines.erase(out.lines.begin() + 1, out.lines.end());
  return out;
}

// What the general reader made of a region: its pairs replace `drop` pairs of the parse.
struct Edit {
  std::uint64_t pair;  // where in the file's pairs its pairs go
  std::uint64_t drop;  // pairs of the parse it replaces
  PmidCitations pairs;
};

// Reads the irregular lines, in file order, with the general reader from each on; it stops
// once nothing is left to read again, and the pairs of the lines it read replace what the
// parse made of them. Its skips and warnings go to the report.
std::vector<Edit> read_irregular(const OccFile& file, const IrregularLines& irregular,
                                 const ReadOptions& options, InputReport& report) {
  const std::vector<Irregular>& lines = irregular.lines;
  std::vector<Edit> edits;
  ReadContext context(options, report.diagnostics);
  std::uint64_t next_line = 0;
  std::size_t ahead = 0;  // the first irregular line after the current one
  // One general reader for every region, moved from one to the next.
  RangeInput input(file.path, file.fd);
  Edit* collecting = nullptr;
  const RecordSink collect = [&collecting](Record&& record) {
    for (const Reference& reference : record.references) {
      collecting->pairs.add(*record.ids.pmid, *reference.ids.pmid);
    }
  };
  OccRegionReader reader(input, context, collect);
  const auto more = [&](std::uint64_t n) {
    if (irregular.dense) return true;
    while (ahead < lines.size() && lines[ahead].line < n) ++ahead;
    return ahead < lines.size() && lines[ahead].line == n;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Irregular& at = lines[i];
    if (at.line < next_line) continue;  // read already by the previous region
    ahead = std::max(ahead, i + 1);
    input.seek(at.offset);
    reader.jump(at.line - 1);
    Edit edit{at.pair, 0, {}};
    collecting = &edit;
    const std::uint64_t last = reader.run(more);
    std::uint64_t irregular_read = 0;
    for (std::size_t j = i + 1; j < lines.size() && lines[j].line <= last; ++j) ++irregular_read;
    // Dense: the rest of the file was read, every pair the parse made after this line is
    // replaced.
    edit.drop = irregular.dense ? irregular.total_pairs - at.pair : last - at.line - irregular_read;
    next_line = last + 1;
    edits.push_back(std::move(edit));
  }
  return edits;
}

// Hands pieces to the sink in file order, counting records as runs of one citing PMID.
class Delivery {
 public:
  Delivery(InputReport& report, const PmidCitationSink& sink) : report_(report), sink_(sink) {}

  void operator()(PmidCitations&& pairs) {
    if (pairs.runs.empty()) return;
    pairs.continues = delivered_;
    for (const PmidRun& run : pairs.runs) {
      if (run.citing != last_citing_) ++report_.records;
      last_citing_ = run.citing;
    }
    report_.references += pairs.cited.size();
    report_.references_with_pmid += pairs.cited.size();
    delivered_ = true;
    sink_(std::move(pairs));
  }

 private:
  InputReport& report_;
  const PmidCitationSink& sink_;
  bool delivered_ = false;
  Pmid last_citing_ = 0;
};

// The chunks' pairs with the edits applied, in file order, to `deliver`.
void deliver_edited(std::vector<Chunk>& chunks, std::vector<Edit>& edits, Delivery& deliver) {
  std::size_t e = 0;
  std::uint64_t base = 0;
  std::uint64_t drop_until = 0;
  for (Chunk& chunk : chunks) {
    const std::uint64_t count = chunk.pairs.cited.size();
    const bool touched = drop_until > base || (e < edits.size() && edits[e].pair < base + count);
    if (!touched) {
      deliver(std::move(chunk.pairs));
      base += count;
      continue;
    }
    PmidCitations out;
    std::uint64_t g = base;
    const Pmid* cited = chunk.pairs.cited.data();
    for (const PmidRun& run : chunk.pairs.runs) {
      for (std::uint32_t k = 0; k < run.count; ++k, ++g) {
        for (; e < edits.size() && edits[e].pair == g; ++e) {
          append_pairs(out, edits[e].pairs);
          drop_until = std::max(drop_until, g + edits[e].drop);
        }
        if (g >= drop_until) out.add(run.citing, cited[k]);
      }
      cited += run.count;
    }
    release(chunk.pairs.cited);
    release(chunk.pairs.runs);
    deliver(std::move(out));
    base += count;
  }
  PmidCitations tail;
  for (; e < edits.size(); ++e) append_pairs(tail, edits[e].pairs);
  deliver(std::move(tail));
}

}  // namespace

std::optional<InputReport> read_pairs_parallel(const std::string& path, const ReadOptions& options,
                                               unsigned threads, const PmidCitationSink& sink,
                                               std::uint64_t chunk_bytes,
                                               std::unique_ptr<BackgroundHash>* hash) {
  if (chunk_bytes == 0) chunk_bytes = kChunkBytes;
  if (path == "-" || (options.format != Format::kAuto && options.format != Format::kPairs) ||
      options.limits.max_line_bytes < 64) {
    return std::nullopt;
  }
  // Looked at before opening: opening a FIFO would wait for (and take) its writer.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const int raw_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (raw_fd < 0) return std::nullopt;  // read_input says why
  const FileDescriptor fd(raw_fd);
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const auto size = static_cast<std::uint64_t>(st.st_size);
  const std::optional<std::uint64_t> data_start = occ_data_start(path, fd.get(), size);
  if (!data_start) return std::nullopt;
  const OccFile file{path, fd.get(), size, *data_start};

  InputReport report;
  report.path = path;
  report.format = Format::kPairs;
  report.compressed = false;
  report.format_has_references = true;

  // The checksum of the raw bytes on a thread of its own, overlapping the parse (and the build,
  // when the caller takes it).
  auto hasher = std::make_unique<BackgroundHash>(path, fd.get());
  std::vector<Chunk> chunks = parse_chunks(file, chunk_bytes, threads);
  std::vector<Edit> edits = read_irregular(file, gather_irregular(chunks), options, report);
  Delivery deliver(report, sink);
  deliver_edited(chunks, edits, deliver);

  if (hash != nullptr) {
    *hash = std::move(hasher);
  } else {
    hasher->finish(report);
  }
  return report;
}

}  // namespace citegraph::io
