// Reading a `.cgraph` snapshot (graph/snapshot.hpp): the file mapped, its header and section
// table checked, every section's CRC-32, the columns used in place, the encoded sections decoded
// and every invariant checked (snapshot_check.cpp). A malformed file is a ParseError, never a
// read out of bounds.
#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graph/snapshot_encoding.hpp"
#include "graph/snapshot_format.hpp"

namespace citegraph {

using namespace snapshot_detail;  // the format's own names: sections, layout, encoding

namespace {

std::uint32_t u32_at(const char* base, std::size_t at) {
  std::uint32_t v;
  std::memcpy(&v, base + at, 4);
  return v;
}

std::uint64_t u64_at(const char* base, std::size_t at) {
  std::uint64_t v;
  std::memcpy(&v, base + at, 8);
  return v;
}

// What the fixed header says of the file.
struct HeaderFields {
  std::uint64_t file_bytes = 0;
  std::uint64_t n = 0;  // nodes
  std::uint64_t m = 0;  // edges
};

// The fixed header: magic, byte order, version, sizes, its own CRC-32 and the file's size.
HeaderFields check_header(const Mapping& map, const SnapshotFail& fail) {
  const char* base = map.data;
  if (map.size < kSnapshotMagic.size() ||
      std::string_view(base, kSnapshotMagic.size()) != kSnapshotMagic) {
    fail("not a citegraph snapshot (it does not start with the .cgraph magic bytes)");
  }
  if (map.size < kFixedHeader) {
    fail("truncated snapshot: " + std::to_string(map.size) + " bytes, shorter than its header");
  }
  const std::uint32_t order = u32_at(base, 12);
  if (order == 0x04030201u) {
    fail(
        "snapshot written on a machine of the other byte order; rebuild it here with "
        "citegraph build");
  }
  if (order != kByteOrder) fail("corrupt snapshot: bad byte-order marker in the header");
  const std::uint32_t version = u32_at(base, 8);
  if (version != kSnapshotVersion) {
    fail("snapshot format version " + std::to_string(version) + "; this citegraph reads version " +
         std::to_string(kSnapshotVersion) + " (rebuild it with citegraph build)");
  }
  if (u32_at(base, 16) != kHeaderBytes || u32_at(base, 20) != kSectionCount) {
    fail("corrupt snapshot: the header size or section count is wrong for version " +
         std::to_string(kSnapshotVersion));
  }
  if (map.size < kHeaderBytes) {
    fail("truncated snapshot: " + std::to_string(map.size) + " bytes, shorter than its header");
  }
  if (crc_of(base, kHeaderBytes - 8) != u32_at(base, kHeaderBytes - 8) ||
      u32_at(base, kHeaderBytes - 4) != 0 || u64_at(base, 48) != 0) {
    fail("corrupt snapshot: the header's checksum does not match");
  }
  const std::uint64_t file_bytes = u64_at(base, 24);
  if (file_bytes != map.size) {
    fail(file_bytes > map.size
             ? "truncated snapshot: " + std::to_string(map.size) + " bytes, the header says " +
                   std::to_string(file_bytes)
             : "corrupt snapshot: " + std::to_string(map.size) + " bytes, the header says " +
                   std::to_string(file_bytes) + " (bytes appended)");
  }
  const std::uint64_t n = u64_at(base, 32);
  const std::uint64_t m = u64_at(base, 40);
  if (n >= kNoNode) fail("corrupt snapshot: " + std::to_string(n) + " nodes");
  return {file_bytes, n, m};
}

// The section table: each section where the one before ends (aligned), zero padding between
// and after them, and each section's CRC-32.
Sections locate_sections(const Mapping& map, std::uint64_t file_bytes, const SnapshotFail& fail,
                         unsigned threads) {
  const char* base = map.data;
  std::array<std::string_view, kSectionCount> sections;
  std::uint64_t expected_at = (kHeaderBytes + kAlign - 1) / kAlign * kAlign;
  std::uint64_t previous_end = kHeaderBytes;
  for (std::uint32_t s = 0; s < kSectionCount; ++s) {
    const std::size_t entry = kFixedHeader + kEntryBytes * s;
    const std::uint64_t offset = u64_at(base, entry + 8);
    const std::uint64_t bytes = u64_at(base, entry + 16);
    if (u32_at(base, entry) != s || offset != expected_at || u64_at(base, entry + 24) != 0 ||
        bytes > file_bytes - offset) {
      fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
           " is out of place in the header");
    }
    // Padding between sections must be zero: then every byte of the file is checked.
    for (std::uint64_t p = previous_end; p < offset; ++p) {
      if (base[p] != 0) {
        fail(std::string("corrupt snapshot: non-zero padding before section ") + kSectionNames[s]);
      }
    }
    sections[s] = std::string_view(base + offset, bytes);
    previous_end = offset + bytes;
    expected_at = (previous_end + kAlign - 1) / kAlign * kAlign;
  }
  if (expected_at != file_bytes)
    fail("corrupt snapshot: the file size does not match its sections");
  const std::vector<std::uint32_t> crcs =
      crcs_of(std::vector<std::string_view>(sections.begin(), sections.end()), threads);
  for (std::uint32_t s = 0; s < kSectionCount; ++s) {
    if (crcs[s] != u32_at(base, kFixedHeader + kEntryBytes * s + 4)) {
      fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
           " does not match its checksum");
    }
  }
  for (std::uint64_t p = previous_end; p < file_bytes; ++p) {
    if (base[p] != 0) fail("corrupt snapshot: non-zero padding at the end");
  }
  return sections;
}

}  // namespace

namespace detail {

// The columns, used in place (the mapping outlives them through `keeper`).
void SnapshotAccess::map_columns(CitationGraph& g, const Sections& sections, std::uint64_t n,
                                 std::uint64_t m, const std::shared_ptr<const void>& keeper,
                                 const SnapshotFail& fail) {
  auto column = [&]<class T>(Section s, std::uint64_t count, T /*type*/) {
    if (sections[s].size() != count * sizeof(T)) {
      fail(std::string("corrupt snapshot: section ") + kSectionNames[s] + " holds " +
           std::to_string(sections[s].size()) + " bytes, expected " +
           std::to_string(count * sizeof(T)));
    }
    return SharedArray<T>(std::span<const T>(reinterpret_cast<const T*>(sections[s].data()), count),
                          keeper);
  };
  auto sized = [&]<class T>(Section s, T type) {
    if (sections[s].size() % sizeof(T) != 0) {
      fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
           " is not a whole number of entries");
    }
    return column(s, sections[s].size() / sizeof(T), type);
  };

  try {
    // Offsets are 32-bit exactly when the edges allow (as Csr stores them).
    if (m <= Csr::kNarrowEdges) {
      g.out_ = Csr(column(kOutOffsets, n + 1, std::uint32_t{}), column(kOutTargets, m, NodeId{}));
      g.in_ = Csr(column(kInOffsets, n + 1, std::uint32_t{}), column(kInTargets, m, NodeId{}));
    } else {
      g.out_ = Csr(column(kOutOffsets, n + 1, std::uint64_t{}), column(kOutTargets, m, NodeId{}));
      g.in_ = Csr(column(kInOffsets, n + 1, std::uint64_t{}), column(kInTargets, m, NodeId{}));
    }
  } catch (const InvalidArgument& e) {
    fail(std::string("corrupt snapshot: ") + e.what());
  }
  if (sections[kEdgeSet].size() == 1 && m != 1) {
    g.uniform_edge_set_ = static_cast<std::uint8_t>(sections[kEdgeSet][0]);
  } else {
    g.edge_set_ = column(kEdgeSet, m, std::uint8_t{});
  }
  g.pmid_ = column(kPmid, n, Pmid{});
  g.year_ = column(kYear, n, std::int16_t{});
  g.source_set_ = column(kSourceSet, n, std::uint8_t{});
  g.flags_ = column(kFlags, n, std::uint8_t{});
  g.source_nodes_ = sized(kSourceNodes, NodeId{});
  g.source_row_ = column(kSourceRow, g.source_nodes_.size(), std::uint32_t{});
  g.text_nodes_ = sized(kTextNodes, NodeId{});
  const SharedArray<CorpusSet> sets = sized(kSets, CorpusSet{});
  g.sets_.assign(sets.begin(), sets.end());
}

// The encoded sections: overflow entries, corpora, texts, sources and the build report.
void SnapshotAccess::decode_sections(CitationGraph& g, const Sections& sections,
                                     const std::string& path, BuildReport& report) {
  {
    Decoder in(sections[kEdgeOverflow], path, kSectionNames[kEdgeOverflow]);
    g.edge_overflow_.resize(in.get_count(16));
    for (auto& [edge, set] : g.edge_overflow_) {
      edge = in.get<std::uint64_t>();
      set = in.get<std::uint64_t>();
    }
    in.finish();
  }
  {
    Decoder in(sections[kSourceOverflow], path, kSectionNames[kSourceOverflow]);
    g.source_overflow_.resize(in.get_count(12));
    for (auto& [node, set] : g.source_overflow_) {
      node = in.get<std::uint32_t>();
      set = in.get<std::uint64_t>();
    }
    in.finish();
  }
  {
    Decoder in(sections[kCorpora], path, kSectionNames[kCorpora]);
    g.corpora_ = in.get_strings();
    in.finish();
  }
  {
    Decoder in(sections[kTexts], path, kSectionNames[kTexts]);
    g.texts_.resize(in.get_count(72));
    for (WorkText& text : g.texts_) text = get_text(in);
    in.finish();
  }
  {
    Decoder in(sections[kSources], path, kSectionNames[kSources]);
    g.sources_.resize(in.get_count(46));
    for (SourceMeta& meta : g.sources_) meta = get_meta(in);
    in.finish();
  }
  Decoder in(sections[kReport], path, kSectionNames[kReport]);
  report = decode_report(in);
}

CitationGraph SnapshotAccess::read(const std::string& path, const Mapping& map,
                                   const std::shared_ptr<const void>& keeper, BuildReport& report,
                                   unsigned threads) {
  const SnapshotFail fail{path};
  const HeaderFields header = check_header(map, fail);
  const Sections sections = locate_sections(map, header.file_bytes, fail, threads);
  CitationGraph g;
  map_columns(g, sections, header.n, header.m, keeper, fail);
  decode_sections(g, sections, path, report);
  check(g, fail, threads);
  g.mapped_bytes_ = map.size;
  return g;
}

}  // namespace detail

bool is_snapshot(std::string_view head) {
  return head.substr(0, kSnapshotMagic.size()) == kSnapshotMagic;
}

bool is_snapshot_file(const std::string& path) {
  // stat first: opening a FIFO would block, or take its only reader away from the real read.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  char head[kSnapshotMagic.size()];
  const ssize_t got = ::pread(fd, head, sizeof head, 0);
  ::close(fd);
  return got == static_cast<ssize_t>(sizeof head) &&
         is_snapshot(std::string_view(head, sizeof head));
}

Snapshot read_snapshot(const std::string& path, unsigned threads) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError(IoError::Direction::kInput, path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int error = errno;
    ::close(fd);
    throw IoError(IoError::Direction::kInput,
                  path + ": cannot map: " +
                      (S_ISREG(st.st_mode) ? std::strerror(error) : "not a regular file"));
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    throw ParseError(SourceLocation{path, 0, 0}, "not a citegraph snapshot (empty file)");
  }
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int error = errno;
  ::close(fd);
  if (address == MAP_FAILED) {
    throw IoError(IoError::Direction::kInput, path + ": cannot map: " + std::strerror(error));
  }
  std::shared_ptr<const void> keeper(
      address, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  Snapshot snapshot;
  snapshot.graph =
      detail::SnapshotAccess::read(path, Mapping{static_cast<const char*>(address), size}, keeper,
                                   snapshot.report, std::max(1u, threads));
  return snapshot;
}

}  // namespace citegraph
