// The `.cgraph` layout (graph/snapshot.hpp) as the writer, reader and checker share it: the
// header and its sections, their CRC-32s, and SnapshotAccess, the one place that sees
// CitationGraph's storage from outside. Private to graph/ (snapshot_*.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/snapshot.hpp"

namespace citegraph {

namespace snapshot_detail {

// Byte-order marker: read back as 0x04030201 on a machine of the other byte order.
constexpr std::uint32_t kByteOrder = 0x01020304u;
constexpr std::uint64_t kAlign = 64;

enum Section : std::uint32_t {
  kOutOffsets,
  kOutTargets,
  kInOffsets,
  kInTargets,
  kEdgeSet,
  kPmid,
  kYear,
  kSourceSet,
  kFlags,
  kSourceNodes,
  kSourceRow,
  kTextNodes,
  kSets,
  kEdgeOverflow,
  kSourceOverflow,
  kCorpora,
  kTexts,
  kSources,
  kReport,
  kSectionCount
};

constexpr std::array<const char*, kSectionCount> kSectionNames = {
    "out.offsets", "out.targets", "in.offsets", "in.targets",    "edge_set",
    "pmid",        "year",        "source_set", "flags",         "source_nodes",
    "source_row",  "text_nodes",  "sets",       "edge_overflow", "source_overflow",
    "corpora",     "texts",       "sources",    "report"};

// Header layout (all fields in the writer's byte order, which must be the reader's):
//   0 magic[8]  8 u32 version  12 u32 byte order  16 u32 header bytes  20 u32 sections
//   24 u64 file bytes  32 u64 nodes  40 u64 edges  48 u64 reserved (0)
//   56 sections x {u32 id, u32 crc32, u64 offset, u64 bytes, u64 reserved (0)}
//   then u32 crc32 of everything before it, u32 0.
constexpr std::size_t kFixedHeader = 56;
constexpr std::size_t kEntryBytes = 32;
constexpr std::size_t kHeaderBytes = kFixedHeader + kEntryBytes * kSectionCount + 8;

// libdeflate's CRC-32 (carry-less multiplication where the CPU has it): the same values as
// zlib's crc32, several times faster, which is most of a snapshot's start-up and checksum.
std::uint32_t crc_of(const void* data, std::size_t bytes);

// The CRC-32 of each of `blocks` on up to `threads` threads: every block is cut into pieces of
// at most 8 MiB, the pieces are claimed in turn, and each block's CRC is assembled from its
// pieces' with zlib's crc32_combine -- the same values as crc_of, so the format is unchanged.
// Checking every byte is most of a snapshot's start-up; a second core halves it.
std::vector<std::uint32_t> crcs_of(const std::vector<std::string_view>& blocks, unsigned threads);

// The bytes of a mapped snapshot file.
struct Mapping {
  const char* data = nullptr;
  std::size_t size = 0;
};

// The sections of a mapped snapshot, in Section order.
using Sections = std::array<std::string_view, kSectionCount>;

// Throws the ParseError of a snapshot that cannot be read: the file, then `what`.
struct SnapshotFail {
  const std::string& path;
  [[noreturn]] void operator()(const std::string& what) const;
};

}  // namespace snapshot_detail

namespace detail {

// The one place that sees CitationGraph's storage from outside (a friend of it): the writer
// (snapshot_write.cpp), the reader (snapshot_read.cpp) and the checker (snapshot_check.cpp).
struct SnapshotAccess {
  using Mapping = snapshot_detail::Mapping;
  using Sections = snapshot_detail::Sections;
  using SnapshotFail = snapshot_detail::SnapshotFail;

  struct Piece {
    const void* data = nullptr;
    std::uint64_t bytes = 0;
  };
  template <class T>
  static Piece piece(std::span<const T> span) {
    return {span.data(), span.size_bytes()};
  }
  static Piece piece(const OffsetView& offsets) { return {offsets.data(), offsets.bytes()}; }
  using Pieces = std::array<Piece, snapshot_detail::kSectionCount>;

  // Writing: every section encoded or pointed at, then the header, then the sections.
  static void write(std::ostream& out, const CitationGraph& g, const BuildReport& report,
                    unsigned threads);
  static std::array<std::string, snapshot_detail::kSectionCount> encode_sections(
      const CitationGraph& g, const BuildReport& report);
  static Pieces pieces_of(const CitationGraph& g,
                          const std::array<std::string, snapshot_detail::kSectionCount>& encoded);

  // Reading: the header and the section table checked, every section's CRC-32, the columns
  // mapped in place, the encoded sections decoded, then check().
  static CitationGraph read(const std::string& path, const Mapping& map,
                            const std::shared_ptr<const void>& keeper, BuildReport& report,
                            unsigned threads);
  static void map_columns(CitationGraph& g, const Sections& sections, std::uint64_t n,
                          std::uint64_t m, const std::shared_ptr<const void>& keeper,
                          const SnapshotFail& fail);
  static void decode_sections(CitationGraph& g, const Sections& sections, const std::string& path,
                              BuildReport& report);

  // Every invariant an accessor relies on to stay in bounds.
  static void check(CitationGraph& g, const SnapshotFail& fail, unsigned threads);
  static void check_corpus_sets(const CitationGraph& g, const SnapshotFail& fail);
  static void check_node_lists(const CitationGraph& g, const SnapshotFail& fail);
  static void check_edges(const CitationGraph& g, const SnapshotFail& fail, unsigned threads);
};

}  // namespace detail

}  // namespace citegraph
