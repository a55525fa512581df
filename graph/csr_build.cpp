// The builder's CSR: pending citations counted into rows, each row sorted with its duplicates
// merged (corpora OR-ed) and compacted in place, and the graph made of the rows.
#include <algorithm>

#include "graph/builder_impl.hpp"

namespace citegraph::build_detail {

void EdgeSets::store(std::vector<std::uint8_t>& corpus_of, std::uint64_t slot, CorpusSet set,
                     std::uint64_t capacity) {
  if (wide.empty()) {
    const auto it = std::find(sets.begin(), sets.end(), set);
    if (it != sets.end()) {
      corpus_of[slot] = static_cast<std::uint8_t>(it - sets.begin());
      return;
    }
    if (sets.size() < 255) {
      sets.push_back(set);
      corpus_of[slot] = static_cast<std::uint8_t>(sets.size() - 1);
      return;
    }
    wide.resize(capacity);
    for (std::uint64_t e = 0; e < slot; ++e) wide[e] = sets[corpus_of[e]];
  }
  wide[slot] = set;
}

// The builder's CSR, node table and edge corpus sets (the first `edges` of corpus_of, or of
// sets.wide past 254 distinct sets) handed to the graph.
CitationGraph make_graph(std::vector<std::uint64_t>&& offsets, std::vector<NodeId>&& targets,
                         NodeTable&& t, std::vector<std::uint8_t>&& corpus_of, EdgeSets&& sets,
                         std::uint64_t edges, std::vector<std::string>&& corpora,
                         unsigned threads) {
  if (!sets.wide.empty()) {
    release(corpus_of);
    sets.wide.resize(edges);
    return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(t),
                         std::move(sets.wide), std::move(corpora));
  }
  corpus_of.resize(edges);
  return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(t),
                       std::move(corpus_of), std::move(sets.sets), std::move(corpora), threads);
}

namespace {

// Where compact_row() writes a row's distinct targets: the CSR's targets and their corpus-set
// indices (EdgeSets::store).
struct RowOut {
  std::vector<NodeId>& targets;
  std::vector<std::uint8_t>& corpus_of;
  EdgeSets& sets;
  std::uint64_t capacity;
};

// The dedupe of a sorted run of `size` citations (target_at(i), set_at(i) its corpora): each
// target written once from `write`, with the corpora of its copies OR-ed; the copies dropped are
// counted in `duplicates`. Writes never overtake reads (write <= the run's position). Returns
// the new end.
template <class TargetAt, class SetAt>
std::uint64_t write_distinct(std::uint64_t size, const TargetAt& target_at, const SetAt& set_at,
                             RowOut& out, std::uint64_t write, std::uint64_t& duplicates) {
  for (std::uint64_t i = 0; i < size;) {
    const NodeId to = target_at(i);
    CorpusSet set = 0;
    std::uint64_t same = i;
    for (; same < size && target_at(same) == to; ++same) set |= set_at(same);
    duplicates += same - i - 1;
    out.targets[write] = to;
    out.sets.store(out.corpus_of, write, set, out.capacity);
    ++write;
    i = same;
  }
  return write;
}

}  // namespace

// One CSR row [begin, end) of targets with their corpus indices: sorted by target, duplicates
// merged with their corpora OR-ed, written compacted from `write` with corpus_of[] then holding
// corpus-set indices (EdgeSets). Returns the new end. `row` is scratch.
std::uint64_t compact_row(std::vector<NodeId>& targets, std::vector<std::uint8_t>& corpus_of,
                          std::uint64_t begin, std::uint64_t end, std::uint64_t write,
                          EdgeSets& sets, std::uint64_t capacity, std::vector<std::uint64_t>& row,
                          std::uint64_t& duplicates) {
  RowOut out{targets, corpus_of, sets, capacity};
  bool one_corpus = true;
  for (std::uint64_t e = begin + 1; e < end && one_corpus; ++e) {
    one_corpus = corpus_of[e] == corpus_of[begin];
  }
  if (one_corpus && begin < end) {
    const CorpusSet set = CorpusSet{1} << corpus_of[begin];
    std::sort(targets.begin() + static_cast<std::ptrdiff_t>(begin),
              targets.begin() + static_cast<std::ptrdiff_t>(end));
    return write_distinct(
        end - begin, [&](std::uint64_t i) { return targets[begin + i]; },
        [set](std::uint64_t) { return set; }, out, write, duplicates);
  }
  row.clear();
  for (std::uint64_t e = begin; e < end; ++e) {
    row.push_back(std::uint64_t{targets[e]} << 8 | corpus_of[e]);
  }
  std::sort(row.begin(), row.end());
  return write_distinct(
      row.size(), [&row](std::uint64_t i) { return static_cast<NodeId>(row[i] >> 8); },
      [&row](std::uint64_t i) { return CorpusSet{1} << (row[i] & 0xFF); }, out, write, duplicates);
}

std::uint64_t compact_rows(std::vector<std::uint64_t>& offsets, std::vector<NodeId>& targets,
                           std::vector<std::uint8_t>& corpus_of, EdgeSets& sets,
                           std::vector<std::uint64_t>& row, std::uint64_t& duplicates) {
  const std::size_t n = offsets.size() - 1;
  std::uint64_t write = 0;
  const std::uint64_t capacity = targets.size();
  for (std::size_t u = 0; u < n; ++u) {
    const std::uint64_t begin = offsets[u];
    offsets[u] = write;
    write = compact_row(targets, corpus_of, begin, offsets[u + 1], write, sets, capacity, row,
                        duplicates);
  }
  offsets[n] = write;
  targets.resize(write);
  return write;
}

void count_record_edges(BlockVector<PendingEdge>& edges, const std::vector<NodeId>& final_id,
                        std::vector<std::uint64_t>& offsets, std::uint64_t& self_citations) {
  for (std::uint64_t i = 0; i < edges.size(); ++i) {
    PendingEdge& e = edges[i];
    if (e.from == kNone) continue;  // taken back by a DeleteCitation
    e.from = final_id[e.from];
    e.to = final_id[e.to];
    if (e.from == e.to) {
      ++self_citations;
      e.from = kNone;
      continue;
    }
    ++offsets[static_cast<std::size_t>(e.from) + 1];
  }
}

void place_record_edges(const BlockVector<PendingEdge>& edges,
                        const BlockVector<std::uint8_t>& edge_corpus,
                        std::vector<std::uint64_t>& cursor, std::vector<NodeId>& targets,
                        std::vector<std::uint8_t>& corpus_of) {
  for (std::uint64_t i = 0; i < edges.size(); ++i) {
    const PendingEdge& e = edges[i];
    if (e.from == kNone) continue;
    const std::uint64_t slot = cursor[e.from]++;
    targets[slot] = e.to;
    corpus_of[slot] = edge_corpus[i];
  }
}

}  // namespace citegraph::build_detail
