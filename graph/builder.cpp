// GraphBuilder: identity resolution with a union-find over provisional nodes, then one
// sort-and-compact pass that assigns final ids, drops self-citations and duplicate edges.
// Citations of bare PMIDs (add_pmid_citations) skip the provisional nodes: they stay 4-byte
// PMIDs until build(), which ranks every PMID in use by a bitmap (a work's id is the rank of its
// PMID) and writes their rows straight into the CSR when they come in citing order.
//
// This file: the inputs (add, add_metadata, remove, add_pmid_citations) and the general build
// of records (build_records). The rest: work_identity.cpp (which mentions are one work),
// journal_names.cpp, csr_build.cpp (rows), build_pmid_path.cpp (build with PMID citations),
// pmid_index.cpp; what they share is graph/builder_impl.hpp.
#include "citegraph/graph/builder.hpp"

#include <algorithm>
#include <string>

#include "graph/builder_impl.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace citegraph {

using build_detail::BuilderState;
using build_detail::kNone;
using build_detail::Mention;
using build_detail::merge_source;
using build_detail::PendingEdge;
using build_detail::Proto;
using build_detail::Rank;
using build_detail::Where;

struct GraphBuilder::Impl : BuilderState {};

GraphBuilder::GraphBuilder() : impl_(std::make_unique<Impl>()) {}
GraphBuilder::~GraphBuilder() = default;

std::size_t GraphBuilder::add_corpus(const std::string& name) {
  auto& corpora = impl_->corpora;
  auto it = std::find(corpora.begin(), corpora.end(), name);
  if (it != corpora.end()) return static_cast<std::size_t>(it - corpora.begin());
  if (corpora.size() == kMaxCorpora) {
    throw InvalidArgument("too many corpora: at most " + std::to_string(kMaxCorpora) +
                          " (adding '" + name + "')");
  }
  corpora.push_back(name);
  return corpora.size() - 1;
}

void GraphBuilder::add(const Record& record, std::size_t corpus) {
  Impl& im = *impl_;
  if (corpus >= im.corpora.size()) {
    throw InvalidArgument("GraphBuilder::add: corpus index " + std::to_string(corpus) +
                          " was not registered");
  }
  if (record.deletion) {
    remove(record);
    return;
  }
  ++im.stats.records;
  im.note_journal(record);
  const Mention self = mention_of(record, Rank::kRecord, record.year);
  const std::uint32_t node = im.resolve(self, Where{&record.where, &record.where});
  if (node == kNone) {
    im.diagnostics.skip(
        "record without PMID, DOI, PMCID, citation key or title",
        Issue{record.where, "record has no identity; skipped with its references", {}});
    return;
  }

  SourceMeta meta;
  meta.authors = record.authors;
  meta.affiliations = record.affiliations;
  meta.keywords = record.keywords;
  meta.mesh = record.mesh;
  meta.abstract = record.abstract;
  meta.has_reference_list = record.has_reference_list;
  meta.retracted = record.retracted;
  meta.references_listed = static_cast<std::uint32_t>(record.references.size());
  Proto& proto = im.protos[node];
  if (proto.source == kNone) {
    // A work that is a source through PMID citations is one work with this record.
    if (proto.pmid != 0 && im.pmid_sources.contains(proto.pmid)) ++im.stats.records_merged;
    proto.source = static_cast<std::uint32_t>(im.sources.size());
    im.sources.push_back(std::move(meta));
    im.source_edges.emplace_back();
  } else {
    ++im.stats.records_merged;
    merge_source(im.sources[proto.source], meta);
  }
  im.protos[node].source_corpora |= CorpusSet{1} << corpus;
  const std::uint64_t first_edge = im.edges.size();

  for (const Reference& ref : record.references) {
    ++im.stats.references;
    if (ref.ids.pmid && ref.ids.doi.empty() && ref.ids.pmcid.empty() && ref.journal.empty() &&
        ref.title.empty() && !ref.year && ref.volume.empty() && ref.issue.empty() &&
        ref.pages.empty() && ref.first_author.empty() && ref.citation.empty()) {
      // A bare PMID (citation pairs at PubMed scale): no text to normalise or merge.
      im.edges.push_back(PendingEdge{node, im.pmid_node(*ref.ids.pmid)});
      im.edge_corpus.push_back(static_cast<std::uint8_t>(corpus));
      continue;
    }
    const Where where{&ref.where, &record.where};
    const Mention cited = mention_of(ref, Rank::kCitation, im.plausible_year(ref, record, where));
    const std::uint32_t target = im.resolve(cited, where);
    if (target == kNone) {
      ++im.stats.references_unidentified;
      im.diagnostics.skip(
          "reference without PMID, DOI, PMCID, citation text or title",
          Issue{where.get(), "reference cannot be identified: " + ref.citation, {}});
      continue;
    }
    im.edges.push_back(PendingEdge{node, target});
    im.edge_corpus.push_back(static_cast<std::uint8_t>(corpus));
  }
  if (im.edges.size() > first_edge) {
    im.source_edges[im.protos[im.find(node)].source].emplace_back(first_edge, im.edges.size());
  }
}

void GraphBuilder::add_metadata(const Record& record) {
  Impl& im = *impl_;
  if (record.deletion) return;  // a DeleteCitation among metadata deletes nothing
  ++im.stats.metadata_records;
  im.note_journal(record);
  const Mention self = mention_of(record, Rank::kRecord, record.year);
  const std::uint32_t node = im.resolve(self, Where{&record.where, &record.where});
  if (node == kNone) {
    im.diagnostics.skip("metadata record without PMID, DOI, PMCID, citation key or title",
                        Issue{record.where, "metadata record has no identity; skipped", {}});
    return;
  }
  im.metadata_nodes.push_back(node);
}

void GraphBuilder::remove(const Record& deletion) {
  Impl& im = *impl_;
  if (!deletion.ids.pmid) {
    im.diagnostics.skip("deletion without PMID",
                        Issue{deletion.where, "DeleteCitation entry without a PMID", {}});
    return;
  }
  const Pmid pmid = *deletion.ids.pmid;
  ++im.stamp;
  const std::uint32_t found = im.by_pmid.find(pmid);
  const bool by_record = found != kNone && im.protos[im.find(found)].source != kNone;
  const bool by_citations = im.pmid_sources.contains(pmid);
  if (!by_record && !by_citations) {
    ++im.stats.deletions_unmatched;  // PubMed deletes records we never read: normal
    return;
  }
  ++im.stats.records_deleted;
  if (by_citations) {
    // Its PMID citations added so far are taken back at build() (by stamp).
    im.pmid_sources.erase(pmid);
    im.pmid_deleted[pmid] = im.stamp;
  }
  if (!by_record) return;
  Proto& proto = im.protos[im.find(found)];
  for (const auto& [begin, end] : im.source_edges[proto.source]) {
    for (std::uint64_t e = begin; e < end; ++e) im.edges[e].from = kNone;
  }
  im.source_edges[proto.source].clear();
  im.sources[proto.source] = SourceMeta{};
  proto.source = kNone;
  proto.source_corpora = 0;
}

void GraphBuilder::add_pmid_citations(PmidCitations&& citations, std::size_t corpus) {
  Impl& im = *impl_;
  if (corpus >= im.corpora.size()) {
    throw InvalidArgument("GraphBuilder::add_pmid_citations: corpus index " +
                          std::to_string(corpus) + " was not registered");
  }
  if (citations.runs.empty()) return;
  std::uint64_t listed = 0;
  for (const PmidRun& run : citations.runs) {
    if (run.citing == 0) throw InvalidArgument("GraphBuilder::add_pmid_citations: PMID 0");
    listed += run.count;
  }
  if (listed != citations.cited.size()) {
    throw InvalidArgument("GraphBuilder::add_pmid_citations: runs count " + std::to_string(listed) +
                          " citations, " + std::to_string(citations.cited.size()) + " given");
  }
  ++im.stamp;
  // Records and merges as add() counts them: a record is a run of consecutive citations of one
  // citing PMID; it merges when its work is already a source.
  Pmid previous = citations.continues ? im.pmid_last_citing : 0;
  for (const PmidRun& run : citations.runs) {
    im.stats.references += run.count;
    if (run.citing == previous) continue;
    previous = run.citing;
    ++im.stats.records;
    if (im.pmid_is_source(run.citing)) ++im.stats.records_merged;
    im.pmid_sources.insert(run.citing);
  }
  im.pmid_last_citing = previous;
  im.block_protos.push_back(static_cast<std::uint32_t>(im.protos.size()));
  im.pmid_blocks.push_back(
      Impl::PmidBlock{std::move(citations), static_cast<std::uint8_t>(corpus), im.stamp});
  if (im.first_block_indexed) im.index_block(im.pmid_blocks.size() - 1);
}

void GraphBuilder::set_threads(unsigned threads) { impl_->threads = std::max(1u, threads); }

const BuildStats& GraphBuilder::stats() const { return impl_->stats; }
const Diagnostics& GraphBuilder::diagnostics() const { return impl_->diagnostics; }

CitationGraph GraphBuilder::build() {
  Impl& im = *impl_;
  CitationGraph graph = im.pmid_blocks.empty() ? im.build_records() : im.build_with_pmids();
  BuildStats stats = im.stats;
  Diagnostics diagnostics = std::move(im.diagnostics);
  const unsigned threads = im.threads;
  *impl_ = Impl{};
  impl_->stats = stats;
  impl_->diagnostics = std::move(diagnostics);
  impl_->threads = threads;
  return graph;
}

namespace build_detail {

std::vector<std::uint8_t> BuilderState::cited_works(bool& any_edge) {
  std::vector<std::uint8_t> cited(protos.size(), 0);
  for (std::uint64_t i = 0; i < edges.size(); ++i) {
    const PendingEdge& e = edges[i];
    if (e.from == kNone) continue;
    cited[find(e.to)] = 1;
    any_edge = true;
  }
  return cited;
}

void BuilderState::live_roots(const std::vector<std::uint8_t>& cited, const PmidSet* named,
                              std::vector<std::uint32_t>& roots,
                              std::vector<std::pair<std::string, std::uint32_t>>& keyed) {
  for (std::uint32_t p = 0; p < protos.size(); ++p) {
    if (find(p) != p) continue;
    const Proto& proto = protos[p];
    const bool named_by_pmid = named != nullptr && proto.pmid != 0 && named->contains(proto.pmid);
    if (proto.source == kNone && cited[p] == 0 && !named_by_pmid) continue;
    if (proto.pmid != 0) {
      roots.push_back(p);
      continue;
    }
    keyed.emplace_back(key_of(p), p);
  }
}

void BuilderState::take_text(std::uint32_t root, NodeId v, NodeTable& t) {
  const Proto& proto = protos[root];
  if (proto.attrs == kNone) return;
  Attrs& a = attrs[proto.attrs];
  t.year[v] = a.year;
  WorkText text = std::move(a.text);
  if (!text.title.empty() || !text.journal.empty()) text.citation.clear();
  if (!text.empty()) t.texts.emplace_back(v, std::move(text));
}

void BuilderState::count_metadata_used(const std::vector<NodeId>& final_id) {
  std::vector<NodeId> named;
  for (const std::uint32_t p : metadata_nodes) {
    if (final_id[p] != kNoNode) named.push_back(final_id[p]);
  }
  std::sort(named.begin(), named.end());
  stats.metadata_used =
      static_cast<std::uint64_t>(std::unique(named.begin(), named.end()) - named.begin());
  release(metadata_nodes);
}

CitationGraph BuilderState::finish_graph(CsrRows&& rows, NodeTable&& t, bool trim_arenas) {
  std::vector<std::string> graph_corpora = std::move(corpora);
  unify_journals(t.texts, journal_alias);
  clear_inputs();
#ifdef __GLIBC__
  // The blocks were allocated by the reader's threads, in their malloc arenas, and freed here:
  // hand those pages back before the graph's transpose takes its peak.
  if (trim_arenas) malloc_trim(0);
#endif
  return make_graph(std::move(rows.offsets), std::move(rows.targets), std::move(t),
                    std::move(rows.corpus_of), std::move(rows.sets), rows.edges,
                    std::move(graph_corpora), threads);
}

void BuilderState::clear_inputs() {
  release(protos);
  release(attrs);
  release(sources);
  release(source_edges);
  edges.clear();
  edge_corpus.clear();
  by_pmid = PmidIndex{};
  for (auto& index : by_key) release(index);
  release(journal_alias);
  release(metadata_nodes);
  release(pmid_blocks);
  pmid_sources = PmidSet{};
  release(pmid_deleted);
  release(block_protos);
  pmid_first_block = PmidIndex{};
  release(late_block);
}

namespace {

// The live roots in final order, PMIDs ascending, then the others by their key string; and
// final_id, every provisional node's id (kNoNode: gone).
std::vector<std::uint32_t> ordered_roots(BuilderState& im, std::vector<NodeId>& final_id) {
  // A work that is no source stays only while a live citation names it: after a
  // DeleteCitation, a deleted record and the works only it cited disappear.
  bool any_edge = false;
  std::vector<std::uint8_t> cited = im.cited_works(any_edge);
  std::vector<std::uint32_t> roots;
  std::vector<std::pair<std::string, std::uint32_t>> keyed;  // works without a PMID
  im.live_roots(cited, nullptr, roots, keyed);
  std::sort(roots.begin(), roots.end(), [&](std::uint32_t x, std::uint32_t y) {
    return im.protos[x].pmid < im.protos[y].pmid;
  });
  std::sort(keyed.begin(), keyed.end());
  for (const auto& entry : keyed) roots.push_back(entry.second);
  release(keyed);
  final_id.assign(im.protos.size(), kNoNode);
  for (std::uint32_t i = 0; i < roots.size(); ++i) final_id[roots[i]] = i;
  for (std::uint32_t p = 0; p < im.protos.size(); ++p) final_id[p] = final_id[im.find(p)];
  im.count_metadata_used(final_id);
  release(cited);
  return roots;
}

// The node table of the roots, their texts and sources moved out of the builder.
NodeTable record_node_table(BuilderState& im, const std::vector<std::uint32_t>& roots) {
  const auto n = static_cast<NodeId>(roots.size());
  NodeTable t;
  t.pmid.resize(n);
  t.year.resize(n);
  t.source_corpora.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    const Proto& proto = im.protos[roots[v]];
    t.pmid[v] = proto.pmid;
    t.source_corpora[v] = proto.source_corpora;
    im.take_text(roots[v], v, t);
    if (proto.source != kNone) t.sources.emplace_back(v, std::move(im.sources[proto.source]));
  }
  return t;
}

// Edges by counting sort into CSR rows (O(m), no global sort), then each row sorted and its
// duplicates merged with their corpora OR-ed. Peak: 14 bytes per citation.
CsrRows record_rows(BuilderState& im, std::vector<NodeId>&& final_id, NodeId n) {
  CsrRows rows;
  rows.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  count_record_edges(im.edges, final_id, rows.offsets, im.stats.self_citations);
  release(final_id);
  for (std::size_t v = 0; v < n; ++v) rows.offsets[v + 1] += rows.offsets[v];
  rows.targets.resize(rows.offsets[n]);
  rows.corpus_of.resize(rows.offsets[n]);
  {
    std::vector<std::uint64_t> cursor(rows.offsets.begin(), rows.offsets.end() - 1);
    place_record_edges(im.edges, im.edge_corpus, cursor, rows.targets, rows.corpus_of);
  }
  im.edges.clear();
  im.edge_corpus.clear();
  // Rows sorted by target, duplicates merged with their corpora OR-ed, compacted in place:
  // corpus_of[] then holds each edge's corpus-set index (EdgeSets, the graph's one-byte form).
  std::vector<std::uint64_t> row;
  rows.edges = compact_rows(rows.offsets, rows.targets, rows.corpus_of, rows.sets, row,
                            im.stats.duplicate_edges);
  return rows;
}

}  // namespace

CitationGraph BuilderState::build_records() {
  std::vector<NodeId> final_id;
  const std::vector<std::uint32_t> roots = ordered_roots(*this, final_id);
  NodeTable t = record_node_table(*this, roots);
  release(attrs);
  release(sources);
  // The identity machinery is done: free it before the edges take their peak.
  release(protos);
  release(source_edges);
  by_pmid = PmidIndex{};
  for (auto& index : by_key) release(index);
  CsrRows rows = record_rows(*this, std::move(final_id), static_cast<NodeId>(roots.size()));
  return finish_graph(std::move(rows), std::move(t), false);
}

}  // namespace build_detail

}  // namespace citegraph
