// The `.cgraph` snapshot (graph/snapshot.hpp): writing, mapping and checking.
#include "citegraph/graph/snapshot.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <span>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "graph/thread_team.hpp"

namespace citegraph {

namespace {

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
std::uint32_t crc_of(const void* data, std::size_t bytes) {
  return libdeflate_crc32(0, data, bytes);
}

// The CRC-32 of each of `blocks` on up to `threads` threads: every block is cut into pieces of
// at most kPiece bytes, the pieces are claimed in turn, and each block's CRC is assembled from
// its pieces' with zlib's crc32_combine -- the same values as crc_of, so the format is
// unchanged. Checking every byte is most of a snapshot's start-up; a second core halves it.
std::vector<std::uint32_t> crcs_of(const std::vector<std::string_view>& blocks, unsigned threads) {
  constexpr std::size_t kPiece = std::size_t{8} << 20;
  struct Piece {
    std::size_t block;
    std::string_view bytes;
    std::uint32_t crc = 0;
  };
  std::vector<Piece> pieces;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    std::size_t at = 0;
    do {
      const std::size_t take = std::min(kPiece, blocks[b].size() - at);
      pieces.push_back(Piece{b, blocks[b].substr(at, take)});
      at += take;
    } while (at < blocks[b].size());
  }
  std::atomic<std::size_t> next{0};
  parallel::run_team(static_cast<unsigned>(std::min<std::size_t>(threads, pieces.size())),
                     [&](unsigned) {
                       for (std::size_t i = next++; i < pieces.size(); i = next++) {
                         pieces[i].crc = crc_of(pieces[i].bytes.data(), pieces[i].bytes.size());
                       }
                     });
  std::vector<std::uint32_t> crcs(blocks.size(), 0);
  std::vector<bool> started(blocks.size(), false);
  for (const Piece& piece : pieces) {
    if (!started[piece.block]) {
      crcs[piece.block] = piece.crc;
      started[piece.block] = true;
    } else {
      crcs[piece.block] = static_cast<std::uint32_t>(
          crc32_combine(crcs[piece.block], piece.crc, static_cast<z_off_t>(piece.bytes.size())));
    }
  }
  return crcs;
}

template <class T>
void put(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <class T>
void put_at(std::string& out, std::size_t at, T value) {
  std::memcpy(out.data() + at, &value, sizeof(T));
}

void put_string(std::string& out, const std::string& text) {
  put<std::uint64_t>(out, text.size());
  out += text;
}

void put_strings(std::string& out, const std::vector<std::string>& texts) {
  put<std::uint64_t>(out, texts.size());
  for (const std::string& text : texts) put_string(out, text);
}

void put_groups(std::string& out, const std::map<std::string, Diagnostics::Group>& groups) {
  put<std::uint64_t>(out, groups.size());
  for (const auto& [reason, group] : groups) {
    put_string(out, reason);
    put<std::uint64_t>(out, group.count);
    put<std::uint64_t>(out, group.examples.size());
    for (const Issue& issue : group.examples) {
      put_string(out, issue.where.path);
      put<std::uint64_t>(out, issue.where.line);
      put<std::uint32_t>(out, issue.where.column);
      put_string(out, issue.message);
      put_string(out, issue.line_text);
    }
  }
}

void put_diagnostics(std::string& out, const Diagnostics& diagnostics) {
  put_groups(out, diagnostics.skips());
  put_groups(out, diagnostics.warning_groups());
}

constexpr std::size_t kStatsFields = 18;
// A field added to BuildStats must be added here (and the format version bumped).
static_assert(sizeof(BuildStats) == kStatsFields * sizeof(std::uint64_t));
std::array<std::uint64_t*, kStatsFields> stats_fields(BuildStats& s) {
  auto& r = s.references_resolved;
  return {&s.records,
          &s.records_merged,
          &s.references,
          &s.references_unidentified,
          &s.duplicate_edges,
          &s.self_citations,
          &s.identity_conflicts,
          &s.records_deleted,
          &s.deletions_unmatched,
          &s.metadata_records,
          &s.metadata_used,
          &r[0],
          &r[1],
          &r[2],
          &r[3],
          &r[4],
          &r[5],
          &s.reference_years_dropped};
}

// Reads an encoded section; every read is bounds-checked and a short or malformed section is
// a ParseError naming the file and the section.
class Decoder {
 public:
  Decoder(std::string_view bytes, const std::string& path, const char* section)
      : bytes_(bytes), path_(path), section_(section) {}

  template <class T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  bool get_bool() {
    const auto value = get<std::uint8_t>();
    if (value > 1) fail("a flag is neither 0 nor 1");
    return value == 1;
  }
  // A count of items of at least `min_bytes` each: bounded by what is left, so that a corrupt
  // count cannot make a reader reserve terabytes.
  std::uint64_t get_count(std::size_t min_bytes) {
    const auto count = get<std::uint64_t>();
    if (count > (bytes_.size() - at_) / std::max<std::size_t>(min_bytes, 1)) {
      fail("a count of " + std::to_string(count) + " exceeds the section");
    }
    return count;
  }
  std::string get_string() {
    const std::uint64_t size = get_count(1);
    std::string text(bytes_.substr(at_, size));
    at_ += size;
    return text;
  }
  std::vector<std::string> get_strings() {
    std::vector<std::string> texts(get_count(8));
    for (std::string& text : texts) text = get_string();
    return texts;
  }
  void get_groups(Diagnostics& diagnostics, bool warning) {
    const std::uint64_t groups = get_count(24);  // reason length, count, examples count
    for (std::uint64_t g = 0; g < groups; ++g) {
      const std::string reason = get_string();
      Diagnostics::Group group;
      group.count = get<std::uint64_t>();
      group.examples.resize(get_count(36));
      if (group.examples.size() > Diagnostics::kExamplesPerReason ||
          group.examples.size() > group.count) {
        fail("a diagnostics group holds more examples than it counts");
      }
      for (Issue& issue : group.examples) {
        issue.where.path = get_string();
        issue.where.line = get<std::uint64_t>();
        issue.where.column = get<std::uint32_t>();
        issue.message = get_string();
        issue.line_text = get_string();
      }
      diagnostics.add_group(warning, reason, std::move(group));
    }
  }
  Diagnostics get_diagnostics() {
    Diagnostics diagnostics;
    get_groups(diagnostics, false);
    get_groups(diagnostics, true);
    return diagnostics;
  }
  void finish() {
    if (at_ != bytes_.size()) fail("bytes left over after its last entry");
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw ParseError(SourceLocation{path_, 0, 0},
                     "corrupt snapshot: section " + std::string(section_) + ": " + what);
  }

 private:
  void need(std::size_t bytes) const {
    if (bytes > bytes_.size() - at_) fail("ends in the middle of an entry");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
  const std::string& path_;
  const char* section_;
};

std::string encode_report(const BuildReport& report) {
  std::string out;
  put<std::uint64_t>(out, report.inputs.size());
  for (const SnapshotInput& input : report.inputs) {
    put_string(out, input.corpus);
    put<std::uint8_t>(out, input.metadata ? 1 : 0);
    put_string(out, input.path);
    put_string(out, input.given);
    put_string(out, input.format);
    put<std::uint8_t>(out, input.compressed ? 1 : 0);
    put<std::uint64_t>(out, input.bytes);
    put_string(out, input.sha256);
    put<std::uint64_t>(out, input.records);
    put<std::uint64_t>(out, input.references);
    put<std::uint64_t>(out, input.references_with_pmid);
    put<std::uint64_t>(out, input.deletions);
    put<std::uint8_t>(out, input.format_has_references ? 1 : 0);
    put_diagnostics(out, input.diagnostics);
  }
  put<std::uint64_t>(out, report.skipped_files.size());
  for (const auto& [path, reason] : report.skipped_files) {
    put_string(out, path);
    put_string(out, reason);
  }
  put_strings(out, report.duplicate_notes);
  BuildStats stats = report.stats;
  for (const std::uint64_t* field : stats_fields(stats)) put<std::uint64_t>(out, *field);
  put_diagnostics(out, report.diagnostics);
  return out;
}

BuildReport decode_report(Decoder& in) {
  BuildReport report;
  report.inputs.resize(in.get_count(64));
  for (SnapshotInput& input : report.inputs) {
    input.corpus = in.get_string();
    input.metadata = in.get_bool();
    input.path = in.get_string();
    input.given = in.get_string();
    input.format = in.get_string();
    input.compressed = in.get_bool();
    input.bytes = in.get<std::uint64_t>();
    input.sha256 = in.get_string();
    input.records = in.get<std::uint64_t>();
    input.references = in.get<std::uint64_t>();
    input.references_with_pmid = in.get<std::uint64_t>();
    input.deletions = in.get<std::uint64_t>();
    input.format_has_references = in.get_bool();
    input.diagnostics = in.get_diagnostics();
  }
  report.skipped_files.resize(in.get_count(16));
  for (auto& [path, reason] : report.skipped_files) {
    path = in.get_string();
    reason = in.get_string();
  }
  report.duplicate_notes = in.get_strings();
  for (std::uint64_t* field : stats_fields(report.stats)) *field = in.get<std::uint64_t>();
  report.diagnostics = in.get_diagnostics();
  in.finish();
  return report;
}

void put_text(std::string& out, const WorkText& t) {
  t.for_each_field([&out](const std::string& field) { put_string(out, field); });
}

WorkText get_text(Decoder& in) {
  WorkText t;
  t.for_each_field([&in](std::string& field) { field = in.get_string(); });
  return t;
}

void put_meta(std::string& out, const SourceMeta& m) {
  put_strings(out, m.authors);
  put_strings(out, m.affiliations);
  put_strings(out, m.keywords);
  put_strings(out, m.mesh);
  put_string(out, m.abstract);
  put<std::uint8_t>(out, m.has_reference_list ? 1 : 0);
  put<std::uint32_t>(out, m.references_listed);
  put<std::uint8_t>(out, m.retracted ? 1 : 0);
}

SourceMeta get_meta(Decoder& in) {
  SourceMeta m;
  m.authors = in.get_strings();
  m.affiliations = in.get_strings();
  m.keywords = in.get_strings();
  m.mesh = in.get_strings();
  m.abstract = in.get_string();
  m.has_reference_list = in.get_bool();
  m.references_listed = in.get<std::uint32_t>();
  m.retracted = in.get_bool();
  return m;
}

struct Mapping {
  const char* data = nullptr;
  std::size_t size = 0;
};

}  // namespace

namespace detail {

// The one place that sees CitationGraph's storage from outside (a friend of it).
struct SnapshotAccess {
  struct Piece {
    const void* data = nullptr;
    std::uint64_t bytes = 0;
  };

  template <class T>
  static Piece piece(std::span<const T> span) {
    return {span.data(), span.size_bytes()};
  }
  static Piece piece(const OffsetView& offsets) { return {offsets.data(), offsets.bytes()}; }

  static void write(std::ostream& out, const CitationGraph& g, const BuildReport& report,
                    unsigned threads) {
    std::array<std::string, kSectionCount> encoded;
    {
      std::string& s = encoded[kEdgeOverflow];
      put<std::uint64_t>(s, g.edge_overflow_.size());
      for (const auto& [edge, set] : g.edge_overflow_) {
        put<std::uint64_t>(s, edge);
        put<std::uint64_t>(s, set);
      }
    }
    {
      std::string& s = encoded[kSourceOverflow];
      put<std::uint64_t>(s, g.source_overflow_.size());
      for (const auto& [node, set] : g.source_overflow_) {
        put<std::uint32_t>(s, node);
        put<std::uint64_t>(s, set);
      }
    }
    put_strings(encoded[kCorpora], g.corpora_);
    put<std::uint64_t>(encoded[kTexts], g.texts_.size());
    for (const WorkText& text : g.texts_) put_text(encoded[kTexts], text);
    put<std::uint64_t>(encoded[kSources], g.sources_.size());
    for (const SourceMeta& meta : g.sources_) put_meta(encoded[kSources], meta);
    encoded[kReport] = encode_report(report);

    std::array<Piece, kSectionCount> pieces;
    pieces[kOutOffsets] = piece(g.out_.offsets());
    pieces[kOutTargets] = piece(g.out_.targets());
    pieces[kInOffsets] = piece(g.in_.offsets());
    pieces[kInTargets] = piece(g.in_.targets());
    // One byte per edge, or the one index every edge shares.
    pieces[kEdgeSet] = g.edge_set_.empty() && g.num_edges() > 0
                           ? piece(std::span<const std::uint8_t>(&g.uniform_edge_set_, 1))
                           : piece(g.edge_set_.span());
    pieces[kPmid] = piece(g.pmid_.span());
    pieces[kYear] = piece(g.year_.span());
    pieces[kSourceSet] = piece(g.source_set_.span());
    pieces[kFlags] = piece(g.flags_.span());
    pieces[kSourceNodes] = piece(g.source_nodes_.span());
    pieces[kSourceRow] = piece(g.source_row_.span());
    pieces[kTextNodes] = piece(g.text_nodes_.span());
    static const CorpusSet kNoSets[1] = {0};  // a default-constructed graph has no table yet
    pieces[kSets] = g.sets_.empty() ? piece(std::span<const CorpusSet>(kNoSets))
                                    : piece(std::span<const CorpusSet>(g.sets_));
    for (std::size_t s = kEdgeOverflow; s < kSectionCount; ++s) {
      pieces[s] = {encoded[s].data(), encoded[s].size()};
    }

    // The sections' CRC-32s on the threads (as the reader checks them).
    std::vector<std::string_view> blocks;
    blocks.reserve(pieces.size());
    for (const Piece& p : pieces) blocks.emplace_back(static_cast<const char*>(p.data), p.bytes);
    const std::vector<std::uint32_t> crcs = crcs_of(blocks, std::max(1u, threads));

    std::string header;
    header.append(kSnapshotMagic);
    put<std::uint32_t>(header, kSnapshotVersion);
    put<std::uint32_t>(header, kByteOrder);
    put<std::uint32_t>(header, static_cast<std::uint32_t>(kHeaderBytes));
    put<std::uint32_t>(header, kSectionCount);
    const std::size_t file_bytes_at = header.size();
    put<std::uint64_t>(header, 0);
    put<std::uint64_t>(header, g.num_nodes());
    put<std::uint64_t>(header, g.num_edges());
    put<std::uint64_t>(header, 0);
    auto aligned = [](std::uint64_t at) { return (at + kAlign - 1) / kAlign * kAlign; };
    std::uint64_t at = aligned(kHeaderBytes);
    std::array<std::uint64_t, kSectionCount> offsets{};
    for (std::uint32_t s = 0; s < kSectionCount; ++s) {
      offsets[s] = at;
      put<std::uint32_t>(header, s);
      put<std::uint32_t>(header, crcs[s]);
      put<std::uint64_t>(header, at);
      put<std::uint64_t>(header, pieces[s].bytes);
      put<std::uint64_t>(header, 0);
      at = aligned(at + pieces[s].bytes);
    }
    const std::uint64_t file_bytes = at;
    put_at<std::uint64_t>(header, file_bytes_at, file_bytes);
    put<std::uint32_t>(header, crc_of(header.data(), header.size()));
    put<std::uint32_t>(header, 0);

    static const char kZeros[kAlign] = {};
    std::uint64_t written = 0;
    auto emit = [&](const void* data, std::uint64_t bytes) {
      out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
      written += bytes;
    };
    emit(header.data(), header.size());
    for (std::uint32_t s = 0; s < kSectionCount; ++s) {
      emit(kZeros, offsets[s] - written);
      if (pieces[s].bytes > 0) emit(pieces[s].data, pieces[s].bytes);
    }
    emit(kZeros, file_bytes - written);
    if (!out) throw IoError(IoError::Direction::kOutput, "cannot write the snapshot");
  }

  static CitationGraph read(const std::string& path, const Mapping& map,
                            const std::shared_ptr<const void>& keeper, BuildReport& report,
                            unsigned threads) {
    auto fail = [&](const std::string& what) -> void {
      throw ParseError(SourceLocation{path, 0, 0}, what);
    };
    const char* base = map.data;
    auto u32_at = [&](std::size_t at) {
      std::uint32_t v;
      std::memcpy(&v, base + at, 4);
      return v;
    };
    auto u64_at = [&](std::size_t at) {
      std::uint64_t v;
      std::memcpy(&v, base + at, 8);
      return v;
    };
    if (map.size < kSnapshotMagic.size() ||
        std::string_view(base, kSnapshotMagic.size()) != kSnapshotMagic) {
      fail("not a citegraph snapshot (it does not start with the .cgraph magic bytes)");
    }
    if (map.size < kFixedHeader) {
      fail("truncated snapshot: " + std::to_string(map.size) + " bytes, shorter than its header");
    }
    const std::uint32_t order = u32_at(12);
    if (order == 0x04030201u) {
      fail(
          "snapshot written on a machine of the other byte order; rebuild it here with "
          "citegraph build");
    }
    if (order != kByteOrder) fail("corrupt snapshot: bad byte-order marker in the header");
    const std::uint32_t version = u32_at(8);
    if (version != kSnapshotVersion) {
      fail("snapshot format version " + std::to_string(version) +
           "; this citegraph reads version " + std::to_string(kSnapshotVersion) +
           " (rebuild it with citegraph build)");
    }
    if (u32_at(16) != kHeaderBytes || u32_at(20) != kSectionCount) {
      fail("corrupt snapshot: the header size or section count is wrong for version " +
           std::to_string(kSnapshotVersion));
    }
    if (map.size < kHeaderBytes) {
      fail("truncated snapshot: " + std::to_string(map.size) + " bytes, shorter than its header");
    }
    if (crc_of(base, kHeaderBytes - 8) != u32_at(kHeaderBytes - 8) ||
        u32_at(kHeaderBytes - 4) != 0 || u64_at(48) != 0) {
      fail("corrupt snapshot: the header's checksum does not match");
    }
    const std::uint64_t file_bytes = u64_at(24);
    if (file_bytes != map.size) {
      fail(file_bytes > map.size
               ? "truncated snapshot: " + std::to_string(map.size) + " bytes, the header says " +
                     std::to_string(file_bytes)
               : "corrupt snapshot: " + std::to_string(map.size) + " bytes, the header says " +
                     std::to_string(file_bytes) + " (bytes appended)");
    }
    const std::uint64_t n = u64_at(32);
    const std::uint64_t m = u64_at(40);
    if (n >= kNoNode) fail("corrupt snapshot: " + std::to_string(n) + " nodes");

    std::array<std::string_view, kSectionCount> sections;
    std::uint64_t expected_at = (kHeaderBytes + kAlign - 1) / kAlign * kAlign;
    std::uint64_t previous_end = kHeaderBytes;
    for (std::uint32_t s = 0; s < kSectionCount; ++s) {
      const std::size_t entry = kFixedHeader + kEntryBytes * s;
      const std::uint64_t offset = u64_at(entry + 8);
      const std::uint64_t bytes = u64_at(entry + 16);
      if (u32_at(entry) != s || offset != expected_at || u64_at(entry + 24) != 0 ||
          bytes > file_bytes - offset) {
        fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
             " is out of place in the header");
      }
      // Padding between sections must be zero: then every byte of the file is checked.
      for (std::uint64_t p = previous_end; p < offset; ++p) {
        if (base[p] != 0) {
          fail(std::string("corrupt snapshot: non-zero padding before section ") +
               kSectionNames[s]);
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
      if (crcs[s] != u32_at(kFixedHeader + kEntryBytes * s + 4)) {
        fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
             " does not match its checksum");
      }
    }
    for (std::uint64_t p = previous_end; p < file_bytes; ++p) {
      if (base[p] != 0) fail("corrupt snapshot: non-zero padding at the end");
    }

    auto column = [&]<class T>(Section s, std::uint64_t count, T /*type*/) {
      if (sections[s].size() != count * sizeof(T)) {
        fail(std::string("corrupt snapshot: section ") + kSectionNames[s] + " holds " +
             std::to_string(sections[s].size()) + " bytes, expected " +
             std::to_string(count * sizeof(T)));
      }
      return SharedArray<T>(
          std::span<const T>(reinterpret_cast<const T*>(sections[s].data()), count), keeper);
    };
    auto sized = [&]<class T>(Section s, T type) {
      if (sections[s].size() % sizeof(T) != 0) {
        fail(std::string("corrupt snapshot: section ") + kSectionNames[s] +
             " is not a whole number of entries");
      }
      return column(s, sections[s].size() / sizeof(T), type);
    };

    CitationGraph g;
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
    {
      Decoder in(sections[kReport], path, kSectionNames[kReport]);
      report = decode_report(in);
    }
    check(g, fail, threads);
    g.mapped_bytes_ = map.size;
    return g;
  }

  // Every invariant an accessor relies on to stay in bounds.
  template <class Fail>
  static void check(CitationGraph& g, const Fail& fail, unsigned threads) {
    const std::uint64_t n = g.num_nodes();
    if (g.corpora_.size() > kMaxCorpora) fail("corrupt snapshot: more than 64 corpora");
    if (g.sets_.empty() || g.sets_.front() != 0 || g.sets_.size() > CitationGraph::kOverflowSet) {
      fail("corrupt snapshot: the corpus-set table is malformed");
    }
    const CorpusSet all =
        g.corpora_.size() == kMaxCorpora ? ~CorpusSet{0} : (CorpusSet{1} << g.corpora_.size()) - 1;
    for (const CorpusSet set : g.sets_) {
      if ((set & ~all) != 0)
        fail("corrupt snapshot: a corpus set names a corpus that is not there");
    }
    // Indices: below the table, or kOverflowSet with exactly one overflow entry each.
    auto check_sets = [&](const SharedArray<std::uint8_t>& index, const auto& overflow,
                          const char* what) {
      const std::size_t limit = g.sets_.size();
      std::uint64_t overflowing = 0;
      for (const std::uint8_t i : index) {
        if (i == CitationGraph::kOverflowSet) {
          ++overflowing;
        } else if (i >= limit) {
          fail(std::string("corrupt snapshot: ") + what + " index out of range");
        }
      }
      if (overflowing != overflow.size())
        fail(std::string("corrupt snapshot: ") + what + " overflow");
      for (std::size_t k = 0; k < overflow.size(); ++k) {
        const auto at = overflow[k].first;
        if (at >= index.size() || index[at] != CitationGraph::kOverflowSet ||
            (k > 0 && overflow[k - 1].first >= at) || (overflow[k].second & ~all) != 0) {
          fail(std::string("corrupt snapshot: ") + what + " overflow");
        }
      }
    };
    check_sets(g.edge_set_, g.edge_overflow_, "edge corpus-set");
    if (g.uniform_edge_set_ >= g.sets_.size()) {
      fail("corrupt snapshot: edge corpus-set index out of range");
    }
    check_sets(g.source_set_, g.source_overflow_, "source corpus-set");
    // Flags agree with the sorted node lists that source_meta() and text() search.
    auto check_list = [&](const SharedArray<NodeId>& nodes, std::uint8_t flag, const char* what) {
      std::uint64_t flagged = 0;
      for (const std::uint8_t f : g.flags_) flagged += (f & flag) != 0 ? 1 : 0;
      if (flagged != nodes.size()) fail(std::string("corrupt snapshot: ") + what + " list");
      for (std::size_t k = 0; k < nodes.size(); ++k) {
        if (nodes[k] >= n || (k > 0 && nodes[k - 1] >= nodes[k]) ||
            (g.flags_[nodes[k]] & flag) == 0) {
          fail(std::string("corrupt snapshot: ") + what + " list");
        }
      }
    };
    check_list(g.source_nodes_, CitationGraph::kSourceFlag, "source");
    check_list(g.text_nodes_, CitationGraph::kTextFlag, "text");
    if (g.texts_.size() != g.text_nodes_.size()) fail("corrupt snapshot: text rows");
    for (const std::uint32_t row : g.source_row_) {
      if (row >= g.sources_.size()) fail("corrupt snapshot: a source row is out of range");
    }
    // The in CSR holds the out CSR's edges: in rows ascend and the two edge multisets agree,
    // by a sum of 64-bit mixes of the (citing, cited) pairs (equal multisets give equal sums;
    // unequal ones collide with probability ~2^-64 unless crafted). Two sequential passes: an
    // exact per-node count would cost a random access per edge, most of the load time. Each
    // direction is bounds-checked on its own (Csr), so even a crafted disagreement keeps every
    // access in bounds.
    {
      // One multiply per edge (the sections' CRC-32s already passed, so this guards against a
      // crafted file, where no fixed mix would be safe anyway, and against our own bugs).
      auto mix = [](NodeId citing, NodeId cited) {
        const std::uint64_t x = (std::uint64_t{citing} << 32 | cited) * 0x9E3779B97F4A7C15ull;
        return x ^ (x >> 29);
      };
      const OffsetView out_offsets = g.out_.offsets();
      const NodeId* out_targets = g.out_.targets().data();
      const OffsetView in_offsets = g.in_.offsets();
      const NodeId* in_targets = g.in_.targets().data();
      // Node ranges of about equal edge counts, one per thread; sums commute, so the result
      // does not depend on the split.
      struct Part {
        std::uint64_t out_sum = 0;
        std::uint64_t in_sum = 0;
        bool sorted = true;
      };
      const auto parts = static_cast<unsigned>(
          std::clamp<std::uint64_t>(threads, 1, std::max<std::uint64_t>(n, 1)));
      std::vector<Part> results(parts);
      const std::uint64_t m = g.out_.num_edges();
      auto range_start = [&](unsigned k) -> NodeId {
        if (k == 0) return 0;
        if (k == parts) return static_cast<NodeId>(n);
        const std::uint64_t edge = m / parts * k;
        return static_cast<NodeId>(out_offsets.lower_bound(edge));
      };
      auto sum_range = [&](unsigned k) {
        Part part;
        const NodeId end = range_start(k + 1);
        for (NodeId v = range_start(k); v < end; ++v) {
          const std::uint64_t out_end = out_offsets[v + 1];
          for (std::uint64_t e = out_offsets[v]; e < out_end; ++e) {
            part.out_sum += mix(v, out_targets[e]);
          }
          const std::uint64_t in_begin = in_offsets[v];
          const std::uint64_t in_end = in_offsets[v + 1];
          for (std::uint64_t e = in_begin; e < in_end; ++e) {
            part.in_sum += mix(in_targets[e], v);
            part.sorted &= e == in_begin || in_targets[e - 1] <= in_targets[e];
          }
        }
        results[k] = part;
      };
      parallel::run_team(parts, sum_range);
      std::uint64_t out_sum = 0;
      std::uint64_t in_sum = 0;
      bool sorted = true;
      for (const Part& part : results) {
        out_sum += part.out_sum;
        in_sum += part.in_sum;
        sorted &= part.sorted;
      }
      if (!sorted) fail("corrupt snapshot: an in row is not sorted");
      if (in_sum != out_sum) fail("corrupt snapshot: the two CSR directions hold other edges");
    }
    g.pmid_ordered_ = true;
    for (std::size_t v = 1; v < n && g.pmid_ordered_; ++v) {
      const Pmid previous = g.pmid_[v - 1];
      const Pmid current = g.pmid_[v];
      g.pmid_ordered_ = current == 0 || (previous != 0 && previous < current);
    }
  }
};

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

void write_snapshot(std::ostream& out, const CitationGraph& graph, const BuildReport& report,
                    unsigned threads) {
  detail::SnapshotAccess::write(out, graph, report, threads);
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
