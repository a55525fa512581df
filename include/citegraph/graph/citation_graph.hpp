// The citation graph: works as dense 32-bit node ids, citations as an immutable CSR in both
// directions (32-bit offsets below 2^32 edges, 64-bit beyond), node attributes as columns
// beside it. Built once by
// GraphBuilder (graph/builder.hpp); read-only afterwards.
//
// Node order is deterministic and independent of input order: works with a PMID first, by
// PMID ascending, then the others by their key (see node_key). Edges are sorted by target
// within each row.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "citegraph/graph/record.hpp"

namespace citegraph {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

// A set of corpora as a bit set: bit c is corpus c of CitationGraph::corpora().
using CorpusSet = std::uint64_t;
inline constexpr std::size_t kMaxCorpora = 64;

// A read-only array: either owns a vector or views memory that a shared owner keeps alive (a
// memory-mapped snapshot, graph/snapshot.hpp). Copies share mapped memory and copy owned memory.
template <class T>
class SharedArray {
 public:
  SharedArray() = default;
  SharedArray(std::vector<T> values)  // NOLINT(google-explicit-constructor): vectors convert
      : owned_(std::move(values)), view_(owned_) {}
  // Views `view`, which `keeper` keeps alive.
  SharedArray(std::span<const T> view, std::shared_ptr<const void> keeper)
      : view_(view), keeper_(std::move(keeper)), mapped_(true) {}
  SharedArray(const SharedArray& other)
      : owned_(other.owned_), keeper_(other.keeper_), mapped_(other.mapped_) {
    view_ = mapped_ ? other.view_ : std::span<const T>(owned_);
  }
  SharedArray(SharedArray&& other) noexcept
      : owned_(std::move(other.owned_)), keeper_(std::move(other.keeper_)), mapped_(other.mapped_) {
    view_ = mapped_ ? other.view_ : std::span<const T>(owned_);
    other.owned_.clear();
    other.view_ = {};
    other.mapped_ = false;
  }
  SharedArray& operator=(const SharedArray& other) {
    if (this != &other) *this = SharedArray(other);
    return *this;
  }
  SharedArray& operator=(SharedArray&& other) noexcept {
    if (this != &other) {
      owned_ = std::move(other.owned_);
      keeper_ = std::move(other.keeper_);
      mapped_ = other.mapped_;
      view_ = mapped_ ? other.view_ : std::span<const T>(owned_);
      other.owned_.clear();
      other.view_ = {};
      other.mapped_ = false;
    }
    return *this;
  }
  ~SharedArray() = default;

  [[nodiscard]] std::span<const T> span() const { return view_; }
  [[nodiscard]] std::size_t size() const { return view_.size(); }
  [[nodiscard]] bool empty() const { return view_.empty(); }
  [[nodiscard]] const T* data() const { return view_.data(); }
  [[nodiscard]] const T& operator[](std::size_t i) const { return view_[i]; }
  [[nodiscard]] auto begin() const { return view_.begin(); }
  [[nodiscard]] auto end() const { return view_.end(); }
  // True when the elements live in memory owned elsewhere (a mapping).
  [[nodiscard]] bool mapped() const { return mapped_; }
  // Heap bytes held (mapped memory is not heap: 0).
  [[nodiscard]] std::uint64_t heap_bytes() const { return owned_.capacity() * sizeof(T); }

 private:
  std::vector<T> owned_;
  std::span<const T> view_;
  std::shared_ptr<const void> keeper_;
  bool mapped_ = false;
};

namespace detail {
struct SnapshotAccess;
}

// The row starts of a CSR, read-only: 4 bytes per entry while the edges fit 32 bits (every
// graph below 4.29e9 citations: the NIH Open Citation Collection has 8.7e8), 8 beyond. Indexing
// costs one predictable branch; what it saves is 8 bytes per node over both directions, a third
// of the node table at PubMed scale.
class OffsetView {
 public:
  OffsetView() = default;
  explicit OffsetView(std::span<const std::uint32_t> narrow)
      : narrow_(narrow.data()), size_(narrow.size()) {}
  explicit OffsetView(std::span<const std::uint64_t> wide)
      : wide_(wide.data()), size_(wide.size()) {}

  [[nodiscard]] std::uint64_t operator[](std::size_t i) const {
    return wide_ != nullptr ? wide_[i] : narrow_[i];
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool wide() const { return wide_ != nullptr; }
  // The entries as stored: size() x 4 or 8 bytes.
  [[nodiscard]] const void* data() const {
    return wide_ != nullptr ? static_cast<const void*>(wide_) : static_cast<const void*>(narrow_);
  }
  [[nodiscard]] std::size_t bytes() const {
    return size_ * (wide_ != nullptr ? sizeof(std::uint64_t) : sizeof(std::uint32_t));
  }
  // f(pointer to the entries as stored): const std::uint32_t* or const std::uint64_t*. For
  // kernels whose inner loops read offsets (PageRank, HITS): one instantiation per width, no
  // branch per read.
  template <class F>
  decltype(auto) visit(F&& f) const {
    return wide_ != nullptr ? f(wide_) : f(narrow_);
  }
  // The first index whose entry is >= value (size() if none), by binary search.
  [[nodiscard]] std::size_t lower_bound(std::uint64_t value) const {
    std::size_t lo = 0;
    std::size_t hi = size_;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if ((*this)[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
  [[nodiscard]] std::vector<std::uint64_t> values() const {
    std::vector<std::uint64_t> all(size_);
    for (std::size_t i = 0; i < size_; ++i) all[i] = (*this)[i];
    return all;
  }
  // Equal values, whatever the width.
  friend bool operator==(const OffsetView& a, const OffsetView& b) {
    if (a.size_ != b.size_) return false;
    for (std::size_t i = 0; i < a.size_; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

 private:
  const std::uint32_t* narrow_ = nullptr;
  const std::uint64_t* wide_ = nullptr;
  std::size_t size_ = 0;
};

// Compressed sparse rows: the neighbours of v are targets[offsets[v] .. offsets[v+1]).
class Csr {
 public:
  // Offsets are stored 32-bit while the number of edges is at most this.
  static constexpr std::uint64_t kNarrowEdges = 0xFFFFFFFFull;

  Csr() : narrow_(std::vector<std::uint32_t>(1, 0)) {}
  // Take ownership; offsets.size() == nodes + 1, offsets.front() == 0,
  // offsets.back() == targets.size(), non-decreasing. Throws InvalidArgument otherwise.
  // 64-bit offsets are narrowed to 32 bits when the edges allow (see OffsetView).
  Csr(std::vector<std::uint64_t> offsets, std::vector<NodeId> targets);
  // The same over columns owned or viewing mapped memory, kept at the width given (32-bit
  // offsets cannot describe more than kNarrowEdges edges); checks the same, in O(n + m).
  Csr(SharedArray<std::uint32_t> offsets, SharedArray<NodeId> targets);
  Csr(SharedArray<std::uint64_t> offsets, SharedArray<NodeId> targets);

  [[nodiscard]] NodeId num_nodes() const { return static_cast<NodeId>(offsets().size() - 1); }
  [[nodiscard]] std::uint64_t num_edges() const { return targets_.size(); }
  // O(1).
  [[nodiscard]] std::span<const NodeId> neighbors(NodeId v) const {
    const std::uint64_t first = start(v);
    return {targets_.data() + first, static_cast<std::size_t>(start(v + 1) - first)};
  }
  [[nodiscard]] std::uint64_t degree(NodeId v) const { return start(v + 1) - start(v); }
  // Index of v's first edge in targets(): edge ids are positions in this array.
  [[nodiscard]] std::uint64_t first_edge(NodeId v) const { return start(v); }
  [[nodiscard]] OffsetView offsets() const {
    return wide_.empty() ? OffsetView(narrow_.span()) : OffsetView(wide_.span());
  }
  [[nodiscard]] std::span<const NodeId> targets() const { return targets_.span(); }
  // Heap bytes of the arrays (0 for mapped ones).
  [[nodiscard]] std::uint64_t heap_bytes() const {
    return narrow_.heap_bytes() + wide_.heap_bytes() + targets_.heap_bytes();
  }

  // The transpose (in-edges from out-edges), rows sorted. O(n + m). If edge_map is given it
  // receives, for every edge of the transpose, the index of the same edge in this CSR (a plain
  // serial scatter). Without it, `threads` threads split the rows and scatter in cache-sized
  // buckets (the same result; 4 bytes per node per thread plus 2 MiB each).
  [[nodiscard]] Csr transpose(std::vector<std::uint64_t>* edge_map = nullptr,
                              unsigned threads = 1) const;

 private:
  [[nodiscard]] std::uint64_t start(std::size_t v) const {
    return wide_.empty() ? narrow_[v] : wide_[v];
  }
  void check() const;
  template <class Offset>
  [[nodiscard]] Csr transpose_serial(std::vector<std::uint64_t>* edge_map) const;
  template <class Offset>
  [[nodiscard]] Csr transpose_bucketed(unsigned threads) const;
  // Exactly one holds the offsets: narrow_ unless there are more than kNarrowEdges edges (or a
  // caller handed over mapped 64-bit offsets).
  SharedArray<std::uint32_t> narrow_;
  SharedArray<std::uint64_t> wide_;
  SharedArray<NodeId> targets_;
};

enum class WorkKind : std::uint8_t {
  kSource,     // a parsed record: we have its metadata and (maybe) its reference list
  kCitedOnly,  // known only because something cites it
};

// Metadata that only parsed records carry; one per source node.
struct SourceMeta {
  std::vector<std::string> authors;
  std::vector<std::string> affiliations;
  std::vector<std::string> keywords;
  std::vector<std::string> mesh;
  std::string abstract;
  bool has_reference_list = false;      // false: the inputs carried no reference list for it
  std::uint32_t references_listed = 0;  // references in its record(s), before merging/dedup
  bool retracted = false;               // a retraction notice links to it (PubMed XML)
};

// The bibliographic text of a work; most works at PubMed scale have none (a bare PMID), so it
// is stored only for the works that have some. The keys are graph/builder.hpp's identity keys.
struct WorkText {
  std::string doi;           // lower-case
  std::string pmcid;         // "PMC123"
  std::string citation_key;  // normalised journal:year:volume:first page
  std::string author_key;    // normalised first author's surname:year:volume:first page
  std::string title_key;     // normalised title
  std::string text_key;      // normalised citation text (a reference that yielded no other key)
  std::string title;
  std::string journal;
  std::string volume;
  std::string issue;
  std::string pages;
  std::string first_author;  // "Campanacci M"
  std::string citation;      // the citation text, kept only when there is no title or journal

  // Every field, in the order above (for code that treats them alike: merging, snapshots).
  template <class F>
  void for_each_field(F&& f) {
    for (std::string* field :
         {&doi, &pmcid, &citation_key, &author_key, &title_key, &text_key, &title, &journal,
          &volume, &issue, &pages, &first_author, &citation}) {
      f(*field);
    }
  }
  template <class F>
  void for_each_field(F&& f) const {
    for (const std::string* field :
         {&doi, &pmcid, &citation_key, &author_key, &title_key, &text_key, &title, &journal,
          &volume, &issue, &pages, &first_author, &citation}) {
      f(*field);
    }
  }
  [[nodiscard]] bool empty() const {
    bool none = true;
    for_each_field([&none](const std::string& field) { none = none && field.empty(); });
    return none;
  }
};

// What a CitationGraph is built from: dense columns for what every work has, sparse entries
// for the rest.
struct NodeTable {
  std::vector<Pmid> pmid;                          // one per node; 0 = unknown
  std::vector<std::int32_t> year;                  // one per node; 0 = unknown; must fit 16 bits
  std::vector<CorpusSet> source_corpora;           // one per node; corpora in which it is a source
  std::vector<std::pair<NodeId, WorkText>> texts;  // nodes with text, any order, unique
  std::vector<std::pair<NodeId, SourceMeta>> sources;  // the source nodes, any order, unique
  // Sources whose only metadata is a reference list of this many entries (every citing work of
  // a pairs file): 8 bytes each instead of a SourceMeta. Any order; no node in both lists.
  std::vector<std::pair<NodeId, std::uint32_t>> listed_sources;

  [[nodiscard]] std::size_t size() const { return pmid.size(); }
};

// Storage (what makes PubMed scale fit, see docs/metrics.md): per node 8 bytes of columns (PMID,
// 16-bit year, corpus-set index, flags) beside the 2 x 4 bytes of CSR offsets (2 x 8 past 2^32
// edges); per edge 4 bytes of target in each direction plus, when the edges' corpora differ
// (several corpora), one byte of corpus-set index (out order only). Text
// and source metadata live in sorted side tables found by binary search. A graph read from a
// snapshot (graph/snapshot.hpp) views its CSR and columns in the mapped file, without copies.
class CitationGraph {
 public:
  CitationGraph() = default;
  // Throws InvalidArgument when the columns do not have one row per node, an id is out of
  // range or repeated, edge_corpora is not one per edge, or there are more than kMaxCorpora.
  CitationGraph(Csr out, NodeTable nodes, std::vector<CorpusSet> edge_corpora,
                std::vector<std::string> corpora);
  // The same with each edge's corpora given as an index into `sets` (sets[0] the empty set, at
  // most 255 sets): the builder's form, which never holds 8 bytes per edge.
  // `threads` build the in CSR (the graph does not depend on it).
  CitationGraph(Csr out, NodeTable nodes, std::vector<std::uint8_t> edge_set,
                std::vector<CorpusSet> sets, std::vector<std::string> corpora,
                unsigned threads = 1);

  [[nodiscard]] NodeId num_nodes() const { return out_.num_nodes(); }
  [[nodiscard]] std::uint64_t num_edges() const { return out_.num_edges(); }
  // citing -> cited.
  [[nodiscard]] const Csr& out() const { return out_; }
  // cited -> citing.
  [[nodiscard]] const Csr& in() const { return in_; }

  // Node attributes. O(1) unless stated.
  [[nodiscard]] Pmid pmid(NodeId v) const { return pmid_[v]; }          // 0 = unknown
  [[nodiscard]] std::int32_t year(NodeId v) const { return year_[v]; }  // 0 = unknown
  [[nodiscard]] bool is_source(NodeId v) const { return (flags_[v] & kSourceFlag) != 0; }
  [[nodiscard]] WorkKind kind(NodeId v) const {
    return is_source(v) ? WorkKind::kSource : WorkKind::kCitedOnly;
  }
  // Corpora in which v is a source.
  [[nodiscard]] CorpusSet source_corpora(NodeId v) const;
  // Corpora that contain v as a source or cite it. O(in-degree x log out-degree).
  [[nodiscard]] CorpusSet corpora(NodeId v) const;
  // The work's text (an empty WorkText when it has none). O(log works with text).
  [[nodiscard]] const WorkText& text(NodeId v) const;
  // The source metadata of v, or nullptr for a cited-only work. O(log sources).
  [[nodiscard]] const SourceMeta* source_meta(NodeId v) const;
  // The source nodes, ascending.
  [[nodiscard]] std::span<const NodeId> source_nodes() const { return source_nodes_.span(); }
  // Distinct SourceMeta rows held (plain sources share rows; see source_row_).
  [[nodiscard]] std::size_t source_meta_rows() const { return sources_.size(); }

  // Corpus names, in the order given on the command line; bit c of a CorpusSet is corpora()[c].
  [[nodiscard]] const std::vector<std::string>& corpora() const { return corpora_; }
  // Corpora whose sources make the citation out().targets()[edge].
  [[nodiscard]] CorpusSet edge_corpora(std::uint64_t out_edge) const;
  // Corpora whose sources make the citation citing -> cited; 0 if there is none.
  // O(log out-degree of citing).
  [[nodiscard]] CorpusSet citation_corpora(NodeId citing, NodeId cited) const;

  // The node's id in every output: the bare PMID ("11827993"), else "doi:...", "pmc:PMC...",
  // "key:..." (citation key) or "title:..." (title key), the first that is known.
  [[nodiscard]] std::string node_key(NodeId v) const;
  // Finds a node by PMID; kNoNode if absent. O(log n) in the builder's node order, O(n) for a
  // graph constructed in another order.
  [[nodiscard]] NodeId find_pmid(Pmid pmid) const;

  // Heap bytes held by the graph's arrays (CSR, columns, side tables; strings' heap not
  // counted). Arrays that view a memory-mapped snapshot are not heap: see mapped_bytes().
  [[nodiscard]] std::uint64_t memory_bytes() const;
  // Bytes of a memory-mapped snapshot the graph views in place (0 for a built graph).
  [[nodiscard]] std::uint64_t mapped_bytes() const { return mapped_bytes_; }

 private:
  friend struct detail::SnapshotAccess;
  static constexpr std::uint8_t kSourceFlag = 1;
  static constexpr std::uint8_t kTextFlag = 2;
  // Corpus sets are stored as one-byte indices into sets_; the index kOverflowSet says "look in
  // the overflow map", for the rare graph with more than 254 distinct combinations.
  static constexpr std::uint8_t kOverflowSet = 255;
  std::uint8_t set_index(CorpusSet set);
  // Everything but the edge corpora; then in_ once those are in place.
  void init_nodes(NodeTable& nodes);
  void finish(unsigned threads = 1);
  [[nodiscard]] CorpusSet set_at(std::uint8_t index) const { return sets_[index]; }

  Csr out_;
  Csr in_;
  SharedArray<Pmid> pmid_;
  SharedArray<std::int16_t> year_;
  SharedArray<std::uint8_t> source_set_;
  SharedArray<std::uint8_t> flags_;
  SharedArray<NodeId> text_nodes_;
  std::vector<WorkText> texts_;
  SharedArray<NodeId> source_nodes_;
  // Row in sources_ of each source (aligned with source_nodes_). Sources with no lists and no
  // abstract (every citing work of a pairs file) share rows by value, so PubMed-scale pairs
  // input costs 8 bytes per source, not a SourceMeta each.
  SharedArray<std::uint32_t> source_row_;
  std::vector<SourceMeta> sources_;
  // One corpus-set index per out edge; empty when every edge has the same one (any
  // single-corpus input), which is then uniform_edge_set_: a byte per citation saved.
  SharedArray<std::uint8_t> edge_set_;
  std::uint8_t uniform_edge_set_ = 0;
  std::vector<CorpusSet> sets_;  // distinct corpus sets; sets_[0] is the empty set
  std::vector<std::pair<std::uint64_t, CorpusSet>> edge_overflow_;  // sorted by edge
  std::vector<std::pair<NodeId, CorpusSet>> source_overflow_;       // sorted by node
  std::vector<std::string> corpora_;
  bool pmid_ordered_ = true;  // PMID nodes first, ascending (the builder's order)
  std::uint64_t mapped_bytes_ = 0;
};

}  // namespace citegraph
