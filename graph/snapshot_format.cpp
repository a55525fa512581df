// The snapshot's checksums (CRC-32 of each section, on threads) and its read error.
#include "graph/snapshot_format.hpp"

#include <algorithm>
#include <atomic>

#include <libdeflate.h>
#include <zlib.h>

#include "support/thread_team.hpp"

namespace citegraph::snapshot_detail {

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

void SnapshotFail::operator()(const std::string& what) const {
  throw ParseError(SourceLocation{path, 0, 0}, what);
}

}  // namespace citegraph::snapshot_detail
