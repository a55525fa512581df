// The pair tables as CSV text (cocitation.csv, coupling.csv, cocite's output), formatted in
// chunks on the thread team and written in order (citegraph/pipeline/tables.hpp). The hot loop of
// writing a big pair table: rows are written through a raw pointer into a string, ids and
// figures formatted once where they repeat.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>

#include "citegraph/pipeline/tables.hpp"
#include "pipeline/table_columns.hpp"
#include "support/thread_team.hpp"

namespace citegraph::pipeline {
namespace {

using detail::join_ids;

// Appends to a string through a raw pointer, so a row is written by stores of constant size
// instead of one append (a size check and a variable-length copy) per field: room is made a
// block at a time -- a resize that zero-fills a few kilobytes, still in cache when the rows
// overwrite them -- and the string is cut to what was written at the end.
class RowBuffer {
 public:
  explicit RowBuffer(std::string& out) : out_(out), used_(out.size()) {}
  RowBuffer(const RowBuffer&) = delete;
  RowBuffer& operator=(const RowBuffer&) = delete;
  ~RowBuffer() { out_.resize(used_); }  // shrinking: never allocates
  // Where the next bytes go, with at least `bytes` writable after it.
  char* room(std::size_t bytes) {
    if (out_.size() - used_ < bytes) out_.resize(used_ + std::max(bytes, kBlock));
    return out_.data() + used_;
  }
  // Keeps what was written up to `end` (a pointer from the last room()).
  void done(const char* end) { used_ = static_cast<std::size_t>(end - out_.data()); }
  // The bytes kept so far (pointers from room() do not survive the next room(); sizes do).
  [[nodiscard]] std::size_t size() const { return used_; }
  // Drops what was kept after the first `size` bytes; returns where the next bytes go.
  char* cut(std::size_t size) {
    used_ = size;
    return out_.data() + used_;
  }
  // `text` appended; returns where the next bytes go, with `bytes` of room.
  char* append(const char* at, std::string_view text, std::size_t bytes) {
    done(at);
    char* p = room(text.size() + bytes);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 15;
  std::string& out_;
  std::size_t used_;
};

// The text of recently written figures, by their bits: a pair table's strengths are ratios of
// small integers (a count of 2-10 over item counts of tens), so the same values recur row after
// row -- nearly every row of coupling.csv on a topical corpus -- and a copy of 24 bytes replaces
// a shortest-decimal conversion. Direct-mapped, one table per figure; a miss formats with
// io::write_double and keeps the text. Exact: the text of given bits is always the same.
class FigureCache {
 public:
  // write_double(out, value), from the table when these bits were written lately.
  char* write(std::size_t figure, char* out, double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    Entry& entry = tables_[figure][(bits * 0x9E3779B97F4A7C15ULL) >> (64 - kBits)];
    if (entry.bits == bits) {
      std::memcpy(out, entry.text.data(), entry.text.size());
      return out + static_cast<unsigned char>(entry.text.back());
    }
    char* const end = io::write_double(out, value);
    const auto size = static_cast<std::size_t>(end - out);
    if (size < entry.text.size() && std::isfinite(value)) {  // kept: finite, <= 23 characters
      std::memcpy(entry.text.data(), out, entry.text.size());
      entry.text.back() = static_cast<char>(size);
      entry.bits = bits;
    }
    return end;
  }

  // This thread's tables (512 KiB), made on first use and kept for the thread's next chunks.
  static FigureCache& of_this_thread() {
    thread_local const std::unique_ptr<FigureCache> cache = std::make_unique<FigureCache>();
    return *cache;
  }

 private:
  static constexpr int kBits = 12;
  static constexpr std::size_t kFigures = 4;
  // Empty entries hold the bits of a NaN, which is never kept.
  struct Entry {
    std::array<char, 24> text{};  // the characters, then the count in the last byte
    std::uint64_t bits = ~std::uint64_t{0};
  };
  std::array<std::array<Entry, std::size_t{1} << kBits>, kFigures> tables_;
};

// A node's id as a CSV field when it is not a bare PMID (the general, escaped way).
std::string general_id_field(const CitationGraph& graph, NodeId v) {
  std::string field;
  io::append_csv_field(field, io::graphml_node_id(graph.node_key(v)));
  return field;
}

// The witness list as one CSV field (ids separated by spaces), as join_ids + append_csv_field:
// bare PMIDs written straight, or when some witness has none, the general way.
char* write_witness_field(RowBuffer& buffer, char* p, std::size_t row_room,
                          const CitationGraph& graph, std::span<const NodeId> ids) {
  buffer.done(p);
  const std::size_t start = buffer.size();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Pmid pmid = graph.pmid(ids[i]);
    if (pmid == 0) {
      std::string field;
      io::append_csv_field(field, join_ids(graph, ids));
      return buffer.append(buffer.cut(start), field, row_room);
    }
    if (i % 8 == 0) {  // room for the next 8 ids (<= 21 bytes each) and the rest of the row
      buffer.done(p);
      p = buffer.room(row_room);
    }
    if (i > 0) *p++ = ' ';
    p = io::write_unsigned(p, pmid);
  }
  return p;
}

// The five figures of a pair row, in column order; Weight repeats one of them.
constexpr std::array<Normalization, 5> kFigures = {
    Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
    Normalization::kJaccard, Normalization::kInclusion};
using Figures = std::array<double, kFigures.size()>;

// Writes pair rows into a string, one call per row. The rows of one node a are consecutive: its
// id is formatted once per run of rows.
class PairRowWriter {
 public:
  // Room for a row up to its witnesses: two ids, the Weight copy, five numbers, separators.
  static constexpr std::size_t kRowRoom = 8 * io::kNumberRoom + 32;
  // write_witness_field makes kRowRoom of room for eight ids at a time and the row's end.
  static_assert(kRowRoom >= std::size_t{8} * 21 + 2 * io::kNumberRoom + 3);

  PairRowWriter(std::string& out, const CitationGraph& graph, Normalization weight,
                std::span<const double> item_count)
      : buffer_(out),
        graph_(graph),
        weight_(weight),
        item_count_(item_count),
        weight_at_(static_cast<std::size_t>(std::find(kFigures.begin(), kFigures.end(), weight) -
                                            kFigures.begin())),
        cache_(FigureCache::of_this_thread()) {}
  PairRowWriter(const PairRowWriter&) = delete;
  PairRowWriter& operator=(const PairRowWriter&) = delete;
  // Where the first row goes. The write position is passed in and returned rather than kept
  // in a member, so that it stays in a register through the row.
  char* start() { return buffer_.room(kRowRoom); }
  // Keeps what was written up to `p` (the last row's end).
  void finish(char* p) { buffer_.done(p); }

  // One row at p: the ids, Weight, Type, the figures, then (witnesses on) the witness list and
  // total. Returns where the next row goes.
  char* write(char* p, const Pair& pair, Pmid b_pmid, const Figures& figures, bool witnesses,
              std::span<const NodeId> ids, std::uint64_t total) {
    p = write_a(p, pair.a);
    *p++ = ',';
    if (b_pmid != 0) {
      p = io::write_unsigned(p, b_pmid);
    } else {
      p = buffer_.append(p, general_id_field(graph_, pair.b), kRowRoom);
    }
    *p++ = ',';
    p = write_figures(p, pair, figures);
    *p++ = ',';
    if (witnesses) {
      if (!ids.empty()) p = write_witness_field(buffer_, p, kRowRoom, graph_, ids);
      *p++ = ',';
      p = io::write_unsigned(p, total);
    } else {
      *p++ = ',';
    }
    *p++ = '\n';
    buffer_.done(p);
    return buffer_.room(kRowRoom);
  }

 private:
  static constexpr std::size_t kWeightCopy = 32;  // a number is at most 25 characters

  char* write_a(char* p, NodeId a) {
    if (a != cached_a_) {
      cached_a_ = a;
      if (const Pmid pmid = graph_.pmid(a); pmid != 0) {
        a_size_ =
            static_cast<std::size_t>(io::write_unsigned(a_digits_.data(), pmid) - a_digits_.data());
        a_general_.clear();
      } else {
        a_general_ = general_id_field(graph_, a);
      }
    }
    if (!a_general_.empty()) return buffer_.append(p, a_general_, kRowRoom);
    std::memcpy(p, a_digits_.data(), 24);  // a PMID is at most 20 digits
    return p + a_size_;
  }

  // Weight, Type and the five figures.
  char* write_figures(char* p, const Pair& pair, const Figures& figures) {
    // Weight repeats one of the five figures that follow; it is formatted once, then copied.
    const double weight_value = weight_at_ < kFigures.size()
                                    ? figures[weight_at_]
                                    : pair_strength(item_count_, pair, weight_);
    char* const weight_end = weight_at_ >= 1 && weight_at_ < kFigures.size()
                                 ? cache_.write(weight_at_ - 1, weight_text_.data(), weight_value)
                                 : io::write_double(weight_text_.data(), weight_value);
    const auto weight_size = static_cast<std::size_t>(weight_end - weight_text_.data());
    // A fixed-size copy of the figure and what follows it: the next writes overwrite the rest.
    std::memcpy(p, weight_text_.data(), kWeightCopy);
    p += weight_size;
    constexpr std::string_view kType = ",Undirected";
    std::copy_n(kType.data(), kType.size(), p);
    p += kType.size();
    for (std::size_t f = 0; f < kFigures.size(); ++f) {
      *p++ = ',';  // write_csv: non-finite = empty (write_double writes nothing)
      if (f == weight_at_) {
        std::memcpy(p, weight_text_.data(), kWeightCopy);
        p += weight_size;
      } else if (f == 0) {
        p = io::write_double(p, figures[f]);  // the count: integral, the fast path
      } else {
        p = cache_.write(f - 1, p, figures[f]);
      }
    }
    return p;
  }

  RowBuffer buffer_;
  const CitationGraph& graph_;
  Normalization weight_;
  std::span<const double> item_count_;
  std::size_t weight_at_;  // Weight's figure, or kFigures.size() when it is none of them
  FigureCache& cache_;
  NodeId cached_a_ = kNoNode;
  std::array<char, io::kNumberRoom> a_digits_{};
  std::size_t a_size_ = 0;
  std::string a_general_;  // the id when it is not a bare PMID
  std::array<char, io::kNumberRoom + kWeightCopy> weight_text_{};
};

}  // namespace

void append_pairs_csv(std::string& out, const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params) {
  const PairKind kind = coupling ? PairKind::kCoupling : PairKind::kCocitation;
  // Rows are ~110-130 bytes (two PMIDs, five numbers, a few witnesses): reserving them up front
  // saves the string's doubling copies, a tenth of writing a big table.
  out.reserve(out.size() + pairs.size() * 128);
  // Witnesses of the whole batch at once: row by row where that is cheaper than merging.
  WitnessLists witnesses;
  if (params.witnesses) {
    pair_witnesses(graph, kind, params.corpora, pairs, detail::witness_limit(params), witnesses);
  }
  PairRowWriter writer(out, graph, weight, item_count);
  // Rows go in blocks: first the five figures and b's PMID of every row of the block (the
  // divisions, the square root and the jumps to b's item count and PMID, independent from row
  // to row, overlap), then the text. Same expressions (pair_strength), so the same bits.
  constexpr std::size_t kBlockRows = 512;
  std::array<Figures, kBlockRows> figures;
  std::array<Pmid, kBlockRows> b_pmids;
  char* p = writer.start();
  for (std::size_t first = 0; first < pairs.size(); first += kBlockRows) {
    const std::size_t rows = std::min(kBlockRows, pairs.size() - first);
    for (std::size_t i = 0; i < rows; ++i) {
      const Pair& pair = pairs[first + i];
      const double count_a = item_count[pair.a];
      const double count_b = item_count[pair.b];
      b_pmids[i] = graph.pmid(pair.b);
      for (std::size_t f = 0; f < kFigures.size(); ++f) {
        figures[i][f] = pair_strength(pair.count, count_a, count_b, kFigures[f]);
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t row = first + i;
      const bool listed = params.witnesses;
      p = writer.write(p, pairs[row], b_pmids[i], figures[i], listed,
                       listed ? witnesses.of(row) : std::span<const NodeId>{},
                       listed ? witnesses.totals[row] : 0);
    }
  }
  writer.finish(p);
}

void write_pairs_csv(const PairTextSink& sink, const CitationGraph& graph,
                     std::span<const Pair> pairs, std::span<const double> item_count,
                     Normalization weight, bool coupling, const PairParams& params,
                     unsigned threads) {
  std::ostringstream header;
  io::write_csv(header, pairs_table(graph, {}, {}, weight, coupling, params), true);
  sink(header.view());
  // Chunks of rows are formatted by the team and written in order: the bytes do not depend on
  // the thread count, and memory holds a few chunks of text, never the table.
  constexpr std::size_t kChunk = std::size_t{1} << 14;
  const std::size_t chunks = (pairs.size() + kChunk - 1) / kChunk;
  parallel::ordered_chunks(
      parallel::resolve_threads(threads), chunks,
      [&](std::size_t k, std::string& text) {
        const std::size_t begin = k * kChunk;
        append_pairs_csv(text, graph, pairs.subspan(begin, std::min(kChunk, pairs.size() - begin)),
                         item_count, weight, coupling, params);
      },
      [&sink](const std::string& text) { sink(text); });
}

void write_pairs_csv(std::ostream& out, const CitationGraph& graph, std::span<const Pair> pairs,
                     std::span<const double> item_count, Normalization weight, bool coupling,
                     const PairParams& params, unsigned threads) {
  write_pairs_csv(
      [&out](std::string_view text) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
      },
      graph, pairs, item_count, weight, coupling, params, threads);
}

}  // namespace citegraph::pipeline
