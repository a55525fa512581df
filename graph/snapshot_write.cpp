// Writing a `.cgraph` snapshot (graph/snapshot.hpp): the graph's columns as they are, the rest
// encoded, each section's CRC-32 in the header, sections aligned to 64 bytes with zero padding.
#include <algorithm>

#include "graph/snapshot_encoding.hpp"
#include "graph/snapshot_format.hpp"

namespace citegraph {

using namespace snapshot_detail;  // the format's own names: sections, layout, encoding

namespace detail {

std::array<std::string, kSectionCount> SnapshotAccess::encode_sections(const CitationGraph& g,
                                                                       const BuildReport& report) {
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
  return encoded;
}

SnapshotAccess::Pieces SnapshotAccess::pieces_of(
    const CitationGraph& g, const std::array<std::string, kSectionCount>& encoded) {
  Pieces pieces;
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
  return pieces;
}

void SnapshotAccess::write(std::ostream& out, const CitationGraph& g, const BuildReport& report,
                           unsigned threads) {
  const std::array<std::string, kSectionCount> encoded = encode_sections(g, report);
  const Pieces pieces = pieces_of(g, encoded);

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

}  // namespace detail

void write_snapshot(std::ostream& out, const CitationGraph& graph, const BuildReport& report,
                    unsigned threads) {
  detail::SnapshotAccess::write(out, graph, report, threads);
}

}  // namespace citegraph
