// Checking a mapped snapshot (graph/snapshot.hpp): every invariant an accessor of
// CitationGraph relies on to stay in bounds, so that a crafted file is refused, not trusted.
#include <algorithm>

#include "graph/snapshot_format.hpp"
#include "support/thread_team.hpp"

namespace citegraph::detail {

void SnapshotAccess::check(CitationGraph& g, const SnapshotFail& fail, unsigned threads) {
  check_corpus_sets(g, fail);
  check_node_lists(g, fail);
  check_edges(g, fail, threads);
  const std::uint64_t n = g.num_nodes();
  g.pmid_ordered_ = true;
  for (std::size_t v = 1; v < n && g.pmid_ordered_; ++v) {
    const Pmid previous = g.pmid_[v - 1];
    const Pmid current = g.pmid_[v];
    g.pmid_ordered_ = current == 0 || (previous != 0 && previous < current);
  }
}

// The corpus-set table names only corpora that are there; every index is below it, or
// kOverflowSet with exactly one overflow entry.
void SnapshotAccess::check_corpus_sets(const CitationGraph& g, const SnapshotFail& fail) {
  if (g.corpora_.size() > kMaxCorpora) fail("corrupt snapshot: more than 64 corpora");
  if (g.sets_.empty() || g.sets_.front() != 0 || g.sets_.size() > CitationGraph::kOverflowSet) {
    fail("corrupt snapshot: the corpus-set table is malformed");
  }
  const CorpusSet all =
      g.corpora_.size() == kMaxCorpora ? ~CorpusSet{0} : (CorpusSet{1} << g.corpora_.size()) - 1;
  for (const CorpusSet set : g.sets_) {
    if ((set & ~all) != 0) fail("corrupt snapshot: a corpus set names a corpus that is not there");
  }
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
}

// Flags agree with the sorted node lists that source_meta() and text() search.
void SnapshotAccess::check_node_lists(const CitationGraph& g, const SnapshotFail& fail) {
  const std::uint64_t n = g.num_nodes();
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
}

// The in CSR holds the out CSR's edges: in rows ascend and the two edge multisets agree,
// by a sum of 64-bit mixes of the (citing, cited) pairs (equal multisets give equal sums;
// unequal ones collide with probability ~2^-64 unless crafted). Two sequential passes: an
// exact per-node count would cost a random access per edge, most of the load time. Each
// direction is bounds-checked on its own (Csr), so even a crafted disagreement keeps every
// access in bounds.
void SnapshotAccess::check_edges(const CitationGraph& g, const SnapshotFail& fail,
                                 unsigned threads) {
  const std::uint64_t n = g.num_nodes();
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
  const auto parts =
      static_cast<unsigned>(std::clamp<std::uint64_t>(threads, 1, std::max<std::uint64_t>(n, 1)));
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

}  // namespace citegraph::detail
