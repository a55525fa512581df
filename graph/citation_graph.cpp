#include "citegraph/graph/citation_graph.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <unordered_map>

#include "support/memory.hpp"
#include "support/thread_team.hpp"

namespace citegraph {

namespace {

// Offsets start at 0, end at the number of targets and never decrease.
template <class Offset>
void check_offsets(std::span<const Offset> offsets, std::uint64_t targets) {
  if (offsets.empty() || offsets[0] != 0 || offsets.back() != targets) {
    throw InvalidArgument("Csr: offsets must start at 0 and end at the number of targets (" +
                          std::to_string(targets) + ")");
  }
  if (offsets.size() - 1 > kNoNode) {
    throw InvalidArgument("Csr: more nodes than 32-bit node ids can address");
  }
  bool ordered = true;
  for (std::size_t v = 0; v + 1 < offsets.size(); ++v) ordered &= offsets[v] <= offsets[v + 1];
  if (!ordered) {
    for (std::size_t v = 0; v + 1 < offsets.size(); ++v) {
      if (offsets[v] > offsets[v + 1]) {
        throw InvalidArgument("Csr: offsets decrease at node " + std::to_string(v));
      }
    }
  }
}

// Years as the graph stores them: 16 bits, or InvalidArgument.
std::vector<std::int16_t> narrow_years(const std::vector<std::int32_t>& years) {
  std::vector<std::int16_t> narrow(years.size());
  for (std::size_t v = 0; v < years.size(); ++v) {
    const std::int32_t year = years[v];
    if (year < -32768 || year > 32767) {
      throw InvalidArgument("CitationGraph: year " + std::to_string(year) + " out of range");
    }
    narrow[v] = static_cast<std::int16_t>(year);
  }
  return narrow;
}

// Sorts a side table by node; the builder's lists come sorted already.
template <class Entries>
void sort_by_node(Entries& entries) {
  auto by_node = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_node)) {
    std::sort(entries.begin(), entries.end(), by_node);
  }
}

// A sorted side table names each node below n at most once.
template <class Entries>
void check_ids(const Entries& entries, std::size_t n, const char* what) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first >= n || (i > 0 && entries[i].first == entries[i - 1].first)) {
      throw InvalidArgument(std::string("CitationGraph: ") + what + " entry for node " +
                            std::to_string(entries[i].first) + " out of range or repeated");
    }
  }
}

// The non-empty texts moved into `texts`, their nodes flagged with `flag`; returns the nodes.
std::vector<NodeId> take_texts(std::vector<std::pair<NodeId, WorkText>>& entries,
                               std::vector<std::uint8_t>& flags, std::uint8_t flag,
                               std::vector<WorkText>& texts) {
  std::vector<NodeId> text_nodes;
  text_nodes.reserve(entries.size());
  texts.reserve(entries.size());
  for (auto& [v, text] : entries) {
    if (text.empty()) continue;
    text_nodes.push_back(v);
    texts.push_back(std::move(text));
    flags[v] |= flag;
  }
  return text_nodes;
}

// The source list in node order and each source's row of `sources`: plain rows (no lists, no
// abstract) shared by (has list, retracted, references listed), one lookup per source.
class SourceRows {
 public:
  SourceRows(std::size_t count, std::vector<std::uint8_t>& flags, std::uint8_t flag,
             std::vector<SourceMeta>& sources)
      : flags_(flags), flag_(flag), sources_(sources) {
    source_nodes.reserve(count);
    source_row.reserve(count);
  }

  // The two lists (each sorted by node) merged in node order (source_nodes ascends).
  void add_all(std::vector<std::pair<NodeId, SourceMeta>>& full,
               const std::vector<std::pair<NodeId, std::uint32_t>>& listed) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < full.size() || j < listed.size()) {
      if (j == listed.size() || (i < full.size() && full[i].first < listed[j].first)) {
        add(full[i].first, std::move(full[i].second));
        ++i;
      } else {
        SourceMeta meta;
        meta.has_reference_list = true;
        meta.references_listed = listed[j].second;
        add(listed[j].first, std::move(meta));
        ++j;
      }
    }
  }

  std::vector<NodeId> source_nodes;
  std::vector<std::uint32_t> source_row;

 private:
  void add(NodeId v, SourceMeta&& meta) {
    if ((flags_[v] & flag_) != 0) {
      throw InvalidArgument("CitationGraph: source entry for node " + std::to_string(v) +
                            " out of range or repeated");
    }
    source_nodes.push_back(v);
    flags_[v] |= flag_;
    const bool plain = meta.authors.empty() && meta.affiliations.empty() && meta.keywords.empty() &&
                       meta.mesh.empty() && meta.abstract.empty();
    if (plain) {
      const std::uint64_t key = std::uint64_t{meta.has_reference_list} << 33 |
                                std::uint64_t{meta.retracted} << 32 | meta.references_listed;
      const auto [it, inserted] =
          plain_rows_.try_emplace(key, static_cast<std::uint32_t>(sources_.size()));
      if (inserted) sources_.push_back(std::move(meta));
      source_row.push_back(it->second);
    } else {
      source_row.push_back(static_cast<std::uint32_t>(sources_.size()));
      sources_.push_back(std::move(meta));
    }
  }

  std::vector<std::uint8_t>& flags_;
  std::uint8_t flag_;
  std::vector<SourceMeta>& sources_;
  std::unordered_map<std::uint64_t, std::uint32_t> plain_rows_;
};

}  // namespace

Csr::Csr(std::vector<std::uint64_t> offsets, std::vector<NodeId> targets) {
  check_offsets<std::uint64_t>(offsets, targets.size());
  targets.shrink_to_fit();  // exact size (a no-op for the builder, which reserves exactly)
  if (targets.size() <= kNarrowEdges) {
    std::vector<std::uint32_t> narrow(offsets.size());
    for (std::size_t v = 0; v < offsets.size(); ++v) {
      narrow[v] = static_cast<std::uint32_t>(offsets[v]);
    }
    release(offsets);
    narrow_ = SharedArray<std::uint32_t>(std::move(narrow));
  } else {
    offsets.shrink_to_fit();
    wide_ = SharedArray<std::uint64_t>(std::move(offsets));
  }
  targets_ = SharedArray<NodeId>(std::move(targets));
  check();
}

Csr::Csr(SharedArray<std::uint32_t> offsets, SharedArray<NodeId> targets)
    : narrow_(std::move(offsets)), targets_(std::move(targets)) {
  check();
}

Csr::Csr(SharedArray<std::uint64_t> offsets, SharedArray<NodeId> targets)
    : wide_(std::move(offsets)), targets_(std::move(targets)) {
  if (wide_.empty()) throw InvalidArgument("Csr: offsets must hold one entry per node plus one");
  check();
}

void Csr::check() const {
  if (wide_.empty()) {
    check_offsets(narrow_.span(), targets_.size());
  } else {
    check_offsets(wide_.span(), targets_.size());
  }
  const NodeId n = num_nodes();
  NodeId largest = 0;
  for (const NodeId t : targets_) largest = std::max(largest, t);
  if (!targets_.empty() && largest >= n) {
    for (const NodeId t : targets_) {
      if (t >= n) throw InvalidArgument("Csr: target " + std::to_string(t) + " out of range");
    }
  }
}

Csr Csr::transpose(std::vector<std::uint64_t>* edge_map, unsigned threads) const {
  // The transpose has as many edges: the same offset width.
  const bool parallel = edge_map == nullptr && num_nodes() > 0;
  if (wide_.empty()) {
    return parallel ? transpose_bucketed<std::uint32_t>(threads)
                    : transpose_serial<std::uint32_t>(edge_map);
  }
  return parallel ? transpose_bucketed<std::uint64_t>(threads)
                  : transpose_serial<std::uint64_t>(edge_map);
}

template <class Offset>
Csr Csr::transpose_serial(std::vector<std::uint64_t>* edge_map) const {
  const NodeId n = num_nodes();
  std::vector<Offset> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const NodeId t : targets_) ++offsets[static_cast<std::size_t>(t) + 1];
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<NodeId> targets(targets_.size());
  std::vector<Offset> cursor(offsets.begin(), offsets.end() - 1);
  if (edge_map != nullptr) edge_map->assign(targets_.size(), 0);
  // Visiting sources in increasing order fills every transposed row already sorted.
  for (NodeId u = 0; u < n; ++u) {
    for (std::uint64_t e = start(u); e < start(u + 1); ++e) {
      const Offset slot = cursor[targets_[e]]++;
      targets[slot] = u;
      if (edge_map != nullptr) (*edge_map)[slot] = e;
    }
  }
  return Csr(SharedArray<Offset>(std::move(offsets)), SharedArray<NodeId>(std::move(targets)));
}

namespace {

// Turns each thread's count of edges into every row (slots_of(t)[v]) into its first slot in the
// row: rows in order, and within a row the threads in order, so every row comes out sorted.
template <class Offset, class SlotsOf>
void counts_to_slots(NodeId n, unsigned threads, const SlotsOf& slots_of) {
  Offset at = 0;
  for (NodeId v = 0; v < n; ++v) {
    for (unsigned t = 0; t < threads; ++t) {
      Offset& slot = slots_of(t)[v];
      const Offset here = slot;
      slot = at;
      at += here;
    }
  }
}

}  // namespace

template <class Offset>
Csr Csr::transpose_bucketed(unsigned threads) const {
  // Each thread takes a range of rows (about equal edges) and counts its contributions to every
  // transposed row; turning the counts into each thread's first slot in each row lets the
  // threads scatter at once, and every row still comes out sorted (ranges ascend, each is
  // visited in order). Slots are absolute positions in the Offset type (32-bit below 2^32
  // edges: the same 4 bytes per node per thread as the counts).
  const NodeId n = num_nodes();
  const std::uint64_t m = num_edges();
  threads = static_cast<unsigned>(std::clamp<std::uint64_t>(threads, 1, n));
  const OffsetView rows = offsets();
  std::vector<NodeId> first(threads + 1, n);
  first[0] = 0;
  for (unsigned t = 1; t < threads; ++t) {
    // The first row starting at or after edge m / threads * t.
    first[t] = static_cast<NodeId>(std::min<std::size_t>(rows.lower_bound(m / threads * t), n));
  }
  // Thread t's counts, then its first slot in each row. The last thread's live in the row
  // starts themselves, shifted by one: its slot in row v ends the scatter at the start of row
  // v + 1, so the offsets come out of the scatter and no separate array is held beside them.
  std::vector<Offset> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<std::vector<Offset>> slots(threads - 1);
  auto slots_of = [&](unsigned t) {
    return t + 1 == threads ? offsets.data() + 1 : slots[t].data();
  };
  parallel::run_team(threads, [&](unsigned t) {
    if (t + 1 < threads) slots[t].assign(n, 0);
    Offset* const count = slots_of(t);
    const NodeId* const from = targets_.data();
    for (std::uint64_t e = start(first[t]); e < start(first[t + 1]); ++e) ++count[from[e]];
  });
  counts_to_slots<Offset>(n, threads, slots_of);
  // The scatter, per thread: its edges in chunks, each chunk partitioned by target range into
  // about 1024 buckets (stably, so sources stay ascending), then scattered bucket by bucket.
  // A bucket's slots and the rows they point into are a narrow band of both arrays that stays
  // in cache, where scattering the edges as they come misses the cache and the TLB at nearly
  // every edge (30M citations, 2 threads: 0.39-0.64 s against 0.81-0.85 s).
  const auto shift = static_cast<unsigned>(std::max(static_cast<int>(std::bit_width(n)), 10) - 10);
  const std::size_t buckets = (static_cast<std::size_t>(n) >> shift) + 1;
  std::vector<NodeId> targets(m);
  parallel::run_team(threads, [&](unsigned t) {
    struct Entry {
      NodeId target;
      NodeId source;
    };
    constexpr std::uint64_t kChunk = std::uint64_t{1} << 18;
    Offset* const slot = slots_of(t);
    const NodeId* const from = targets_.data();
    NodeId* const to = targets.data();
    const std::uint64_t begin = start(first[t]);
    const std::uint64_t end = start(first[t + 1]);
    std::vector<Entry> chunk(std::min(kChunk, end - begin));
    std::vector<std::uint32_t> bucket_at(buckets + 1);
    // An empty range may start at row n: no row after it to look at.
    NodeId u = first[t];
    std::uint64_t row_end = begin < end ? start(u + 1) : end;
    for (std::uint64_t chunk_begin = begin; chunk_begin < end; chunk_begin += kChunk) {
      const std::uint64_t chunk_end = std::min(end, chunk_begin + kChunk);
      std::fill(bucket_at.begin(), bucket_at.end(), 0);
      for (std::uint64_t e = chunk_begin; e < chunk_end; ++e) ++bucket_at[(from[e] >> shift) + 1];
      for (std::size_t b = 0; b < buckets; ++b) bucket_at[b + 1] += bucket_at[b];
      for (std::uint64_t e = chunk_begin; e < chunk_end; ++e) {
        while (e == row_end) row_end = start(++u + 1);
        chunk[bucket_at[from[e] >> shift]++] = Entry{from[e], u};
      }
      const auto size = static_cast<std::size_t>(chunk_end - chunk_begin);
      for (std::size_t i = 0; i < size; ++i) to[slot[chunk[i].target]++] = chunk[i].source;
    }
    if (t + 1 < threads) release(slots[t]);
  });
  return Csr(SharedArray<Offset>(std::move(offsets)), SharedArray<NodeId>(std::move(targets)));
}

std::uint8_t CitationGraph::set_index(CorpusSet set) {
  for (std::size_t i = 0; i < sets_.size(); ++i) {
    if (sets_[i] == set) return static_cast<std::uint8_t>(i);
  }
  if (sets_.size() == kOverflowSet) return kOverflowSet;
  sets_.push_back(set);
  return static_cast<std::uint8_t>(sets_.size() - 1);
}

CitationGraph::CitationGraph(Csr out, NodeTable nodes, std::vector<CorpusSet> edge_corpora,
                             std::vector<std::string> corpora)
    : out_(std::move(out)), corpora_(std::move(corpora)) {
  if (edge_corpora.size() != out_.num_edges()) {
    throw InvalidArgument("CitationGraph: edge_corpora must have one entry per edge");
  }
  sets_.push_back(0);
  init_nodes(nodes);
  std::vector<std::uint8_t> edge_set(edge_corpora.size());
  for (std::size_t e = 0; e < edge_corpora.size(); ++e) {
    const std::uint8_t index = set_index(edge_corpora[e]);
    edge_set[e] = index;
    if (index == kOverflowSet) edge_overflow_.emplace_back(e, edge_corpora[e]);
  }
  edge_set_ = std::move(edge_set);
  release(edge_corpora);  // 8 bytes per edge: gone before the transpose allocates its own
  finish();
}

CitationGraph::CitationGraph(Csr out, NodeTable nodes, std::vector<std::uint8_t> edge_set,
                             std::vector<CorpusSet> sets, std::vector<std::string> corpora,
                             unsigned threads)
    : out_(std::move(out)),
      edge_set_(std::move(edge_set)),
      sets_(std::move(sets)),
      corpora_(std::move(corpora)) {
  if (edge_set_.size() != out_.num_edges()) {
    throw InvalidArgument("CitationGraph: edge_set must have one entry per edge");
  }
  if (sets_.empty() || sets_.front() != 0 || sets_.size() > kOverflowSet) {
    throw InvalidArgument("CitationGraph: sets must start with the empty set and hold at most " +
                          std::to_string(kOverflowSet) + " sets");
  }
  for (const std::uint8_t index : edge_set_) {
    if (index >= sets_.size()) {
      throw InvalidArgument("CitationGraph: edge set index " + std::to_string(index) +
                            " out of range");
    }
  }
  init_nodes(nodes);
  finish(threads);
}

void CitationGraph::init_nodes(NodeTable& nodes) {
  const std::size_t n = out_.num_nodes();
  if (nodes.pmid.size() != n || nodes.year.size() != n || nodes.source_corpora.size() != n) {
    throw InvalidArgument("CitationGraph: pmid, year and source_corpora must have " +
                          std::to_string(n) + " rows");
  }
  if (corpora_.size() > kMaxCorpora) {
    throw InvalidArgument("CitationGraph: at most " + std::to_string(kMaxCorpora) + " corpora");
  }
  pmid_ = std::move(nodes.pmid);
  year_ = narrow_years(nodes.year);
  release(nodes.year);
  std::vector<std::uint8_t> flags(n, 0);
  std::vector<std::uint8_t> source_set(n);
  for (std::size_t v = 0; v < n; ++v) {
    const std::uint8_t index = set_index(nodes.source_corpora[v]);
    source_set[v] = index;
    if (index == kOverflowSet)
      source_overflow_.emplace_back(static_cast<NodeId>(v), nodes.source_corpora[v]);
  }
  source_set_ = std::move(source_set);
  release(nodes.source_corpora);

  // Side tables sorted by node, so that lookups are binary searches.
  sort_by_node(nodes.texts);
  sort_by_node(nodes.sources);
  sort_by_node(nodes.listed_sources);
  check_ids(nodes.texts, n, "text");
  check_ids(nodes.sources, n, "source");
  check_ids(nodes.listed_sources, n, "source");
  text_nodes_ = take_texts(nodes.texts, flags, kTextFlag, texts_);
  SourceRows rows(nodes.sources.size() + nodes.listed_sources.size(), flags, kSourceFlag, sources_);
  rows.add_all(nodes.sources, nodes.listed_sources);
  source_nodes_ = std::move(rows.source_nodes);
  source_row_ = std::move(rows.source_row);
  flags_ = std::move(flags);
  release(nodes.sources);
  release(nodes.listed_sources);
  sources_.shrink_to_fit();
}

void CitationGraph::finish(unsigned threads) {
  const std::size_t n = out_.num_nodes();
  for (std::size_t v = 1; v < n && pmid_ordered_; ++v) {
    const Pmid previous = pmid_[v - 1];
    const Pmid current = pmid_[v];
    pmid_ordered_ = current == 0 || (previous != 0 && previous < current);
  }
  // Every edge in the same corpora (one corpus, or every source in all of them): one index
  // instead of a byte per edge, dropped before the transpose allocates.
  if (!edge_set_.empty() && edge_overflow_.empty()) {
    const std::uint8_t first = edge_set_[0];
    const std::uint8_t* data = edge_set_.data();
    bool uniform = true;
    for (std::size_t e = 0; e < edge_set_.size(); ++e) uniform &= data[e] == first;
    if (uniform) {
      uniform_edge_set_ = first;
      edge_set_ = SharedArray<std::uint8_t>();
    }
  }
  in_ = out_.transpose(nullptr, std::max(1u, threads));
}

CorpusSet CitationGraph::source_corpora(NodeId v) const {
  const std::uint8_t index = source_set_[v];
  if (index != kOverflowSet) return set_at(index);
  auto it = std::lower_bound(source_overflow_.begin(), source_overflow_.end(),
                             std::make_pair(v, CorpusSet{0}));
  return it->second;
}

CorpusSet CitationGraph::edge_corpora(std::uint64_t out_edge) const {
  if (edge_set_.empty()) return set_at(uniform_edge_set_);
  const std::uint8_t index = edge_set_[out_edge];
  if (index != kOverflowSet) return set_at(index);
  auto it = std::lower_bound(edge_overflow_.begin(), edge_overflow_.end(),
                             std::make_pair(out_edge, CorpusSet{0}));
  return it->second;
}

CorpusSet CitationGraph::citation_corpora(NodeId citing, NodeId cited) const {
  const auto row = out_.neighbors(citing);
  const auto it = std::lower_bound(row.begin(), row.end(), cited);
  if (it == row.end() || *it != cited) return 0;
  return edge_corpora(out_.first_edge(citing) + static_cast<std::uint64_t>(it - row.begin()));
}

CorpusSet CitationGraph::corpora(NodeId v) const {
  CorpusSet set = source_corpora(v);
  for (NodeId citing : in_.neighbors(v)) set |= citation_corpora(citing, v);
  return set;
}

const WorkText& CitationGraph::text(NodeId v) const {
  static const WorkText kEmpty;
  if ((flags_[v] & kTextFlag) == 0) return kEmpty;
  auto it = std::lower_bound(text_nodes_.begin(), text_nodes_.end(), v);
  return texts_[static_cast<std::size_t>(it - text_nodes_.begin())];
}

const SourceMeta* CitationGraph::source_meta(NodeId v) const {
  if (!is_source(v)) return nullptr;
  auto it = std::lower_bound(source_nodes_.begin(), source_nodes_.end(), v);
  return &sources_[source_row_[static_cast<std::size_t>(it - source_nodes_.begin())]];
}

std::string CitationGraph::node_key(NodeId v) const {
  if (pmid_[v] != 0) return std::to_string(pmid_[v]);
  const WorkText& t = text(v);
  if (!t.doi.empty()) return "doi:" + t.doi;
  if (!t.pmcid.empty()) return "pmc:" + t.pmcid;
  if (!t.citation_key.empty()) return "key:" + t.citation_key;
  if (!t.author_key.empty()) return "cite:" + t.author_key;
  if (!t.title_key.empty()) return "title:" + t.title_key;
  return "text:" + t.text_key;
}

std::uint64_t CitationGraph::memory_bytes() const {
  auto bytes = [](const auto& vector) {
    return static_cast<std::uint64_t>(vector.capacity() * sizeof(vector[0]));
  };
  return out_.heap_bytes() + in_.heap_bytes() + pmid_.heap_bytes() + year_.heap_bytes() +
         source_set_.heap_bytes() + flags_.heap_bytes() + text_nodes_.heap_bytes() + bytes(texts_) +
         source_nodes_.heap_bytes() + source_row_.heap_bytes() + bytes(sources_) +
         edge_set_.heap_bytes() + bytes(sets_) + bytes(edge_overflow_) + bytes(source_overflow_);
}

NodeId CitationGraph::find_pmid(Pmid pmid) const {
  const auto& column = pmid_;
  if (pmid == 0) return kNoNode;
  if (!pmid_ordered_) {
    auto it = std::find(column.begin(), column.end(), pmid);
    return it == column.end() ? kNoNode : static_cast<NodeId>(it - column.begin());
  }
  // PMID nodes come first, sorted by PMID (see the class comment).
  auto end = std::partition_point(column.begin(), column.end(), [](Pmid p) { return p != 0; });
  auto it = std::lower_bound(column.begin(), end, pmid);
  if (it == end || *it != pmid) return kNoNode;
  return static_cast<NodeId>(it - column.begin());
}

}  // namespace citegraph
