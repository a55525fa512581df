// libFuzzer entry for the binary .cgraph snapshot reader (read_snapshot, graph/snapshot_read.cpp
// and snapshot_check.cpp): every malformed snapshot must be refused with a citegraph::Error,
// never a crash, a sanitizer report or a read out of bounds; a snapshot it accepts must keep
// every accessor in bounds.
//
// Each input is read twice from a temporary file (read_snapshot maps a path; there is no
// in-memory entry): once as it is, which mostly exercises the header and the CRC-32 checks, and
// once with its checksums repaired (each section's CRC-32 in the section table recomputed over
// the bytes the table points at, then the header's own CRC-32), so that mutations reach the
// section decoders and the invariant checks behind them. The repaired read uses two threads,
// the way the CRC-32s and the edge check are split in a real load.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

#include "citegraph/graph/error.hpp"
#include "citegraph/graph/snapshot.hpp"
#include "graph/snapshot_format.hpp"

namespace {

namespace fmt = citegraph::snapshot_detail;

// One file per process, rewritten for every input.
const std::string& input_path() {
  static const std::string path = [] {
    const std::filesystem::path dir =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    return (dir / ("citegraph_fuzz_snapshot_" + std::to_string(::getpid()) + ".cgraph")).string();
  }();
  return path;
}

void write_file(std::string_view bytes) {
  std::FILE* file = std::fopen(input_path().c_str(), "wb");
  if (file == nullptr) std::abort();
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) {
    std::abort();
  }
  if (std::fclose(file) != 0) std::abort();
}

std::uint64_t u64_at(const std::string& bytes, std::size_t at) {
  std::uint64_t v;
  std::memcpy(&v, bytes.data() + at, sizeof v);
  return v;
}

void put_u32_at(std::string& bytes, std::size_t at, std::uint32_t v) {
  std::memcpy(bytes.data() + at, &v, sizeof v);
}

// The input with every checksum it can hold made right: sections the table places inside the
// file get their CRC-32, then the header gets its own. False when it has no whole header.
bool repair_checksums(std::string& bytes) {
  if (bytes.size() < fmt::kHeaderBytes) return false;
  for (std::size_t s = 0; s < fmt::kSectionCount; ++s) {
    const std::size_t entry = fmt::kFixedHeader + fmt::kEntryBytes * s;
    const std::uint64_t offset = u64_at(bytes, entry + 8);
    const std::uint64_t size = u64_at(bytes, entry + 16);
    if (offset > bytes.size() || size > bytes.size() - offset) continue;
    put_u32_at(bytes, entry + 4, fmt::crc_of(bytes.data() + offset, size));
  }
  put_u32_at(bytes, fmt::kHeaderBytes - 8, fmt::crc_of(bytes.data(), fmt::kHeaderBytes - 8));
  return true;
}

// Every accessor over every node and edge: an accepted snapshot must keep them all in bounds.
std::uint64_t touch(const citegraph::CitationGraph& g) {
  std::uint64_t sum = g.num_edges() + g.corpora().size() + g.source_meta_rows();
  for (citegraph::NodeId v = 0; v < g.num_nodes(); ++v) {
    sum += g.pmid(v) + static_cast<std::uint64_t>(g.year(v)) + g.source_corpora(v) + g.corpora(v) +
           g.text(v).title.size() + g.node_key(v).size();
    if (const citegraph::SourceMeta* meta = g.source_meta(v)) sum += meta->references_listed;
    for (const citegraph::NodeId w : g.out().neighbors(v)) sum += w;
    for (const citegraph::NodeId w : g.in().neighbors(v)) sum += g.citation_corpora(w, v);
    if (v < 64 && g.pmid(v) != 0) sum += g.find_pmid(g.pmid(v));  // O(n) when unordered
  }
  for (std::uint64_t e = 0; e < g.num_edges(); ++e) sum += g.edge_corpora(e);
  return sum;
}

void read_once(std::string_view bytes, unsigned threads) {
  write_file(bytes);
  try {
    const citegraph::Snapshot snapshot = citegraph::read_snapshot(input_path(), threads);
    volatile std::uint64_t sink = touch(snapshot.graph);
    (void)sink;
  } catch (const citegraph::Error&) {
    // A refused snapshot: what every malformed input must become.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_snapshot: not a citegraph::Error: %s\n", e.what());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  read_once(bytes, 1);
  std::string repaired(bytes);
  if (repair_checksums(repaired) && repaired != bytes) read_once(repaired, 2);
  return 0;
}
