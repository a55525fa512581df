// The PMID path of GraphBuilder::build(): the graph of records and PMID citations together, as
// build_records() would make it had the PMID citations come as Records -- the same works, ids,
// edges, corpora, sources and counts. Cited PMIDs stay 4-byte PMIDs until here; every PMID in
// use is ranked by a bitmap (a work's id is the rank of its PMID), and in citing order (an OCC
// file) each block's rows are sorted in parallel and copied into the CSR without a counting pass.
#include <algorithm>
#include <atomic>
#include <string>

#include "graph/builder_impl.hpp"
#include "support/thread_team.hpp"

namespace citegraph::build_detail {
namespace {

// A row, or the part of it one block holds (rows cut by a block boundary come in pieces).
struct Piece {
  NodeId row;
  std::uint64_t begin;  // in the block's cited array
  std::uint64_t size;
};

// The row being copied in citing order.
struct OpenRow {
  NodeId node = kNoNode;
  std::uint64_t begin = 0;
  bool in_pieces = false;  // the row came in several pieces: sort and merge again
};

// One build_with_pmids(), its steps in the order build() takes them.
class PmidPath {
 public:
  explicit PmidPath(BuilderState& im)
      : im_(im),
        team_(std::max(
            1u, std::min<unsigned>(im.threads, static_cast<unsigned>(im.pmid_blocks.size())))) {}

  CitationGraph build() {
    take_back_deleted_runs();
    collect_named_pmids();
    assign_ids();
    mark_pmid_sources();
    rank_blocks();
    rows_.offsets.assign(static_cast<std::size_t>(n_) + 1, 0);
    if (in_order_) {
      copy_rows_in_order();
    } else {
      count_into_rows();
    }
    release(run_node_);
    release(im_.pmid_blocks);
    release(row_);
    NodeTable t = node_table();
    return im_.finish_graph(std::move(rows_), std::move(t), true);
  }

 private:
  void take_back_deleted_runs();
  void collect_named_pmids();
  void assign_ids();
  void mark_pmid_sources();
  void rank_blocks();
  void rank_block(std::size_t b);
  void sort_block_rows(std::size_t b, std::uint64_t& self, std::uint64_t& duplicates);
  void copy_rows_in_order();
  void close_row(const OpenRow& open, std::uint64_t kept);
  void count_into_rows();
  NodeTable node_table();
  void add_sources(NodeTable& t);

  // f(citing node, cited node) for every live citation of block b, in order.
  template <class F>
  void for_each_citation(std::size_t b, const F& f) const {
    const PmidCitations& c = im_.pmid_blocks[b].citations;
    const NodeId* to = c.cited.data();
    for (std::size_t r = 0; r < c.runs.size(); ++r) {
      const NodeId v = run_node_[b][r];
      const std::uint32_t count = c.runs[r].count;
      if (v != kNoNode) {
        for (std::uint32_t k = 0; k < count; ++k) f(v, to[k]);
      }
      to += count;
    }
  }

  BuilderState& im_;
  unsigned team_;
  // Per block and run: the citing node, kNoNode when taken back (0 until mark_pmid_sources()).
  std::vector<std::vector<NodeId>> run_node_;
  PmidSet present_;                   // every PMID of the graph, ranked by assign_ids()
  std::vector<std::uint32_t> roots_;  // with a PMID, then the keyed ones in key order
  std::vector<NodeId> final_id_;
  std::uint32_t with_pmid_ = 0;  // works with a PMID: ids [0, with_pmid_)
  NodeId n_ = 0;
  bool record_edges_ = false;
  bool in_order_ = false;  // rows arrive by citing node: no counting pass needed
  // Sources by PMID citations: their corpora and the references their records listed.
  std::vector<CorpusSet> source_corpora_;
  std::vector<std::uint32_t> listed_;
  std::vector<bool> pmid_source_;
  std::vector<std::vector<Piece>> pieces_;
  CsrRows rows_;
  std::vector<std::uint64_t> row_;  // compact_row()'s scratch
};

// Runs whose citing work a later DeleteCitation removed are taken back.
void PmidPath::take_back_deleted_runs() {
  run_node_.resize(im_.pmid_blocks.size());
  for (std::size_t b = 0; b < im_.pmid_blocks.size(); ++b) {
    const BuilderState::PmidBlock& block = im_.pmid_blocks[b];
    run_node_[b].assign(block.citations.runs.size(), 0);
    if (im_.pmid_deleted.empty()) continue;
    for (std::size_t r = 0; r < block.citations.runs.size(); ++r) {
      const auto it = im_.pmid_deleted.find(block.citations.runs[r].citing);
      if (it != im_.pmid_deleted.end() && it->second > block.stamp) run_node_[b][r] = kNoNode;
    }
  }
  release(im_.pmid_deleted);
}

// Every PMID the live PMID citations name: one set per thread over blocks claimed in turn.
void PmidPath::collect_named_pmids() {
  std::vector<PmidSet> parts(team_);
  std::atomic<std::size_t> next{0};
  parallel::run_team(team_, [&](unsigned t) {
    PmidSet& mine = parts[t];
    for (std::size_t b = next++; b < im_.pmid_blocks.size(); b = next++) {
      const PmidCitations& c = im_.pmid_blocks[b].citations;
      const Pmid* to = c.cited.data();
      for (std::size_t r = 0; r < c.runs.size(); ++r) {
        const PmidRun& run = c.runs[r];
        if (run_node_[b][r] != kNoNode) {
          mine.insert(run.citing);
          for (std::uint32_t k = 0; k < run.count; ++k) mine.insert(to[k]);
        }
        to += run.count;
      }
    }
  });
  present_ = std::move(parts[0]);
  for (unsigned t = 1; t < team_; ++t) present_.merge(parts[t]);
}

// The works of records: alive as in build_records(), or because PMID citations name them. A
// work with a PMID gets the rank of its PMID, the others follow in key order.
void PmidPath::assign_ids() {
  std::vector<std::uint8_t> cited = im_.cited_works(record_edges_);
  std::vector<std::pair<std::string, std::uint32_t>> keyed;
  im_.live_roots(cited, &present_, roots_, keyed);
  release(cited);
  for (const std::uint32_t p : roots_) present_.insert(im_.protos[p].pmid);
  present_.rank_all();
  with_pmid_ = present_.size();
  if (std::uint64_t{with_pmid_} + keyed.size() >= kNoNode) {
    throw InvalidArgument("GraphBuilder: more works than 32-bit ids can address");
  }
  n_ = static_cast<NodeId>(with_pmid_ + keyed.size());
  std::sort(keyed.begin(), keyed.end());
  final_id_.assign(im_.protos.size(), kNoNode);
  for (const std::uint32_t p : roots_) final_id_[p] = present_.rank(im_.protos[p].pmid);
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    final_id_[keyed[i].second] = with_pmid_ + static_cast<NodeId>(i);
    roots_.push_back(keyed[i].second);
  }
  release(keyed);
  for (std::uint32_t p = 0; p < im_.protos.size(); ++p) final_id_[p] = final_id_[im_.find(p)];
  im_.count_metadata_used(final_id_);
}

// Sources by PMID citations: their corpora and the references their records listed; whether
// the rows come in citing order.
void PmidPath::mark_pmid_sources() {
  source_corpora_.assign(n_, 0);
  listed_.assign(with_pmid_, 0);
  pmid_source_.assign(with_pmid_, false);
  in_order_ = !record_edges_;
  NodeId last = 0;
  for (std::size_t b = 0; b < im_.pmid_blocks.size(); ++b) {
    const BuilderState::PmidBlock& block = im_.pmid_blocks[b];
    for (std::size_t r = 0; r < block.citations.runs.size(); ++r) {
      if (run_node_[b][r] == kNoNode) continue;
      const NodeId v = present_.rank(block.citations.runs[r].citing);
      run_node_[b][r] = v;
      source_corpora_[v] |= CorpusSet{1} << block.corpus;
      listed_[v] += block.citations.runs[r].count;
      pmid_source_[v] = true;
      in_order_ = in_order_ && v >= last;
      last = v;
    }
  }
}

// Cited PMIDs become node ids in place, blocks in parallel. In citing order (the OCC file)
// each block's rows -- a row cut by a block boundary in pieces -- are also sorted there,
// self-citations dropped and duplicates merged, so that what is left is a copy.
void PmidPath::rank_blocks() {
  const std::size_t blocks = im_.pmid_blocks.size();
  pieces_.resize(blocks);
  std::vector<std::uint64_t> self(blocks, 0);
  std::vector<std::uint64_t> duplicates(blocks, 0);
  std::atomic<std::size_t> next{0};
  parallel::run_team(team_, [&](unsigned) {
    for (std::size_t b = next++; b < blocks; b = next++) {
      rank_block(b);
      if (in_order_) sort_block_rows(b, self[b], duplicates[b]);
    }
  });
  for (std::size_t b = 0; b < blocks; ++b) {
    im_.stats.self_citations += self[b];
    im_.stats.duplicate_edges += duplicates[b];
  }
}

void PmidPath::rank_block(std::size_t b) {
  PmidCitations& c = im_.pmid_blocks[b].citations;
  // Only live runs: the PMIDs of taken-back ones may not be in `present` at all.
  Pmid* to = c.cited.data();
  for (std::size_t r = 0; r < c.runs.size(); ++r) {
    const std::uint32_t count = c.runs[r].count;
    if (run_node_[b][r] != kNoNode) {
      for (std::uint32_t k = 0; k < count; ++k) to[k] = present_.rank(to[k]);
    }
    to += count;
  }
}

void PmidPath::sort_block_rows(std::size_t b, std::uint64_t& self, std::uint64_t& duplicates) {
  PmidCitations& c = im_.pmid_blocks[b].citations;
  NodeId* const to = c.cited.data();
  std::uint64_t read = 0;
  std::uint64_t write_at = 0;
  for (std::size_t r = 0; r < c.runs.size();) {
    const NodeId v = run_node_[b][r];
    if (v == kNoNode) {
      read += c.runs[r++].count;
      continue;
    }
    // The runs of this row in this block (consecutive: rows come in order).
    const std::uint64_t begin = write_at;
    for (; r < c.runs.size() && run_node_[b][r] == v; ++r) {
      for (std::uint32_t k = 0; k < c.runs[r].count; ++k, ++read) {
        if (to[read] == v) {
          ++self;
        } else {
          to[write_at++] = to[read];
        }
      }
    }
    // Files that list each work's references by PMID need no sort (ranks keep PMID
    // order); checking costs a comparison per citation, a sort several.
    if (!std::is_sorted(to + begin, to + write_at)) std::sort(to + begin, to + write_at);
    const NodeId* const end = std::unique(to + begin, to + write_at);
    duplicates += static_cast<std::uint64_t>((to + write_at) - end);
    write_at = static_cast<std::uint64_t>(end - to);
    pieces_[b].push_back(Piece{v, begin, write_at - begin});
  }
}

// Out-rows in citing order: the pieces are copied in order (a row in pieces is merged again)
// and each block freed once copied, so the citations are held once, not twice.
void PmidPath::copy_rows_in_order() {
  std::uint64_t kept = 0;
  for (const auto& block_pieces : pieces_) {
    for (const Piece& piece : block_pieces) kept += piece.size;
  }
  rows_.targets.reserve(kept);
  rows_.corpus_of.reserve(kept);
  OpenRow open;
  for (std::size_t b = 0; b < im_.pmid_blocks.size(); ++b) {
    PmidCitations& c = im_.pmid_blocks[b].citations;
    const std::uint8_t corpus = im_.pmid_blocks[b].corpus;
    for (const Piece& piece : pieces_[b]) {
      if (piece.row != open.node) {
        close_row(open, kept);
        open = OpenRow{piece.row, rows_.edges, false};
      } else {
        open.in_pieces = true;
      }
      const auto from = c.cited.begin() + static_cast<std::ptrdiff_t>(piece.begin);
      rows_.targets.insert(rows_.targets.end(), from,
                           from + static_cast<std::ptrdiff_t>(piece.size));
      rows_.corpus_of.resize(rows_.corpus_of.size() + piece.size, corpus);
    }
    release(c.cited);
    release(c.runs);
    release(run_node_[b]);
    release(pieces_[b]);
  }
  close_row(open, kept);
  // Row ends were set for rows with citations; the others end where the previous one does.
  std::vector<std::uint64_t>& offsets = rows_.offsets;
  for (std::size_t v = 0; v < n_; ++v) offsets[v + 1] = std::max(offsets[v + 1], offsets[v]);
}

void PmidPath::close_row(const OpenRow& open, std::uint64_t kept) {
  if (open.node == kNoNode) return;
  std::vector<NodeId>& targets = rows_.targets;
  std::vector<std::uint8_t>& corpus_of = rows_.corpus_of;
  EdgeSets& sets = rows_.sets;
  if (open.in_pieces) {
    rows_.edges = compact_row(targets, corpus_of, open.begin, targets.size(), open.begin, sets,
                              kept, row_, im_.stats.duplicate_edges);
    targets.resize(rows_.edges);
    corpus_of.resize(rows_.edges);
  } else if (open.begin < targets.size()) {
    // One piece: sorted, unique, one corpus: one corpus set for the whole row.
    sets.store(corpus_of, open.begin, CorpusSet{1} << corpus_of[open.begin], kept);
    if (sets.wide.empty()) {
      std::fill(corpus_of.begin() + static_cast<std::ptrdiff_t>(open.begin), corpus_of.end(),
                corpus_of[open.begin]);
    } else {
      for (std::uint64_t e = open.begin + 1; e < targets.size(); ++e) {
        sets.wide[e] = sets.wide[open.begin];
      }
    }
    rows_.edges = targets.size();
  }
  rows_.offsets[static_cast<std::size_t>(open.node) + 1] = rows_.edges;
}

// Out-rows in any other order: counted into rows first, as build_records() does.
void PmidPath::count_into_rows() {
  std::vector<std::uint64_t>& offsets = rows_.offsets;
  count_record_edges(im_.edges, final_id_, offsets, im_.stats.self_citations);
  for (std::size_t b = 0; b < im_.pmid_blocks.size(); ++b) {
    for_each_citation(b, [&](NodeId v, NodeId cited) {
      if (cited == v) {
        ++im_.stats.self_citations;
      } else {
        ++offsets[static_cast<std::size_t>(v) + 1];
      }
    });
  }
  for (std::size_t v = 0; v < n_; ++v) offsets[v + 1] += offsets[v];
  rows_.targets.resize(offsets[n_]);
  rows_.corpus_of.resize(offsets[n_]);
  {
    std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
    place_record_edges(im_.edges, im_.edge_corpus, cursor, rows_.targets, rows_.corpus_of);
    im_.edges.clear();
    im_.edge_corpus.clear();
    for (std::size_t b = 0; b < im_.pmid_blocks.size(); ++b) {
      const std::uint8_t corpus = im_.pmid_blocks[b].corpus;
      for_each_citation(b, [&](NodeId v, NodeId cited) {
        if (cited == v) return;
        const std::uint64_t slot = cursor[v]++;
        rows_.targets[slot] = cited;
        rows_.corpus_of[slot] = corpus;
      });
      PmidCitations& c = im_.pmid_blocks[b].citations;
      release(c.cited);
      release(c.runs);
      release(run_node_[b]);
    }
  }
  rows_.edges = compact_rows(offsets, rows_.targets, rows_.corpus_of, rows_.sets, row_,
                             im_.stats.duplicate_edges);
}

// The node table: PMIDs from the ranked set, the rest from the records' works.
NodeTable PmidPath::node_table() {
  NodeTable t;
  t.pmid.resize(n_, 0);
  t.year.resize(n_, 0);
  {
    NodeId v = 0;
    present_.for_each([&](Pmid pmid) { t.pmid[v++] = pmid; });
    present_ = PmidSet{};
  }
  add_sources(t);
  release(final_id_);
  release(roots_);
  // Bare-PMID sources carry nothing but their list's length: 8 bytes each, not a SourceMeta.
  for (NodeId v = 0; v < with_pmid_; ++v) {
    if (pmid_source_[v]) t.listed_sources.emplace_back(v, listed_[v]);
  }
  release(listed_);
  release(pmid_source_);
  t.source_corpora = std::move(source_corpora_);
  return t;
}

// The records' works: their texts, corpora and sources (a source also by PMID citations merged
// as merge_source() would).
void PmidPath::add_sources(NodeTable& t) {
  {
    // Exactly sized: a doubling vector of 144-byte SourceMeta would be the peak of the build.
    std::size_t count = 0;
    for (const std::uint32_t p : roots_) count += im_.protos[p].source != kNone ? 1 : 0;
    for (NodeId v = 0; v < with_pmid_; ++v) count += pmid_source_[v] ? 1 : 0;
    t.sources.reserve(count);
  }
  for (const std::uint32_t p : roots_) {
    const NodeId v = final_id_[p];
    const Proto& proto = im_.protos[p];
    source_corpora_[v] |= proto.source_corpora;
    im_.take_text(p, v, t);
    if (proto.source == kNone) continue;
    SourceMeta& meta = im_.sources[proto.source];
    if (v < with_pmid_ && pmid_source_[v]) {
      // The same work's records of PMID citations, merged as merge_source() would.
      meta.has_reference_list = true;
      meta.references_listed += listed_[v];
      pmid_source_[v] = false;
    }
    t.sources.emplace_back(v, std::move(meta));
  }
}

}  // namespace

CitationGraph BuilderState::build_with_pmids() { return PmidPath(*this).build(); }

}  // namespace citegraph::build_detail
