// A CitationGraph saved once and memory-mapped by every later run: the `.cgraph` snapshot.
//
// The file is a fixed header (magic, format version, byte-order marker, counts, a table of
// sections with their offset, size and CRC-32, and the header's own CRC-32) followed by the
// sections, each starting at a multiple of 64 bytes. The big arrays -- the CSR in both
// directions, the per-node columns, the per-edge corpus-set index, the source and text node
// lists -- are stored exactly as CitationGraph holds them in memory, so read_snapshot() views
// them in the mapping without copying. Text, source metadata, corpus names and the build report
// are small encoded sections that are decoded into ordinary objects. docs/formats.md describes
// the layout.
//
// read_snapshot() checks everything before a graph is handed out: the magic, the version, the
// byte order, the file size against the header, every section's bounds and CRC-32, and the
// graph's invariants (offsets, node ids, corpus-set indices). A file that fails any check is a
// ParseError "PATH: what is wrong", never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/citation_graph.hpp"
#include "citegraph/graph/diagnostics.hpp"

namespace citegraph {

// The first 8 bytes of every snapshot (binary, PNG style: a text-mode transfer breaks them).
inline constexpr std::string_view kSnapshotMagic{
    "\x89"
    "CGRAPH\x1a",
    8};
// The format this citegraph writes and the only one it reads. Any change to the layout or to
// what a section holds (a CitationGraph column, a BuildStats or InputReport field) bumps it.
inline constexpr std::uint32_t kSnapshotVersion = 4;

// One input the graph was built from, as read (the io::InputReport of the run, with the format
// by name so that the graph library does not depend on io/).
struct SnapshotInput {
  std::string corpus;     // "" for a metadata input
  bool metadata = false;  // a --metadata input
  std::string path;
  std::string given;   // the command-line PATH it was found under (its directory), or path
  std::string format;  // io::format_name
  bool compressed = false;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::uint64_t records = 0;
  std::uint64_t references = 0;
  std::uint64_t references_with_pmid = 0;
  std::uint64_t deletions = 0;
  bool format_has_references = true;
  Diagnostics diagnostics;
};

// What a run's summary needs from the reading and building that made the graph.
struct BuildReport {
  std::vector<SnapshotInput> inputs;  // in the order read; metadata inputs flagged
  std::vector<std::pair<std::string, std::string>> skipped_files;  // path, reason
  std::vector<std::string> duplicate_notes;
  BuildStats stats;
  Diagnostics diagnostics;  // the builder's
};

struct Snapshot {
  CitationGraph graph;
  BuildReport report;
};

// True when `head` (the first bytes of a file) starts with kSnapshotMagic.
[[nodiscard]] bool is_snapshot(std::string_view head);
// True when the file at `path` is a regular file that starts with kSnapshotMagic; false when it
// is not or cannot be read. Never opens anything but a regular file (a FIFO stays untouched).
[[nodiscard]] bool is_snapshot_file(const std::string& path);

// Writes the snapshot to `out` (the caller makes the file atomic, e.g. with io::AtomicFile).
// Throws IoError(kOutput) when the stream fails. O(n + m); no copy of the big arrays is made.
// `threads` compute the sections' checksums (the bytes do not depend on it).
void write_snapshot(std::ostream& out, const CitationGraph& graph, const BuildReport& report,
                    unsigned threads = 1);

// Memory-maps the snapshot at `path`; the graph's arrays view the mapping, which stays mapped
// while any of them is alive. Throws IoError(kInput) when the file cannot be opened or mapped
// and ParseError "PATH: ..." when it is not a snapshot, of another version or byte order,
// truncated, or corrupted (a section's CRC-32 or an invariant of the graph fails). As with any
// memory map, a file truncated in place while mapped is outside this promise (SIGBUS):
// citegraph build replaces snapshots by rename, which leaves existing mappings intact.
// `threads` check the sections' CRC-32s in parallel (the same checks and errors for any count).
[[nodiscard]] Snapshot read_snapshot(const std::string& path, unsigned threads = 1);

}  // namespace citegraph
