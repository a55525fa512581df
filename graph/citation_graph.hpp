// The citation graph: works as dense 32-bit node ids, citations as an immutable CSR in both
// directions (64-bit offsets), node attributes as columns beside it. Built once by
// GraphBuilder (graph/builder.hpp); read-only afterwards.
//
// Node order is deterministic and independent of input order: works with a PMID first, by
// PMID ascending, then the others by their key (see node_key). Edges are sorted by target
// within each row.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "graph/record.hpp"

namespace citegraph {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

// A set of corpora as a bit set: bit c is corpus c of CitationGraph::corpora().
using CorpusSet = std::uint64_t;
inline constexpr std::size_t kMaxCorpora = 64;

// Compressed sparse rows: the neighbours of v are targets[offsets[v] .. offsets[v+1]).
class Csr {
 public:
  Csr() : offsets_(1, 0) {}
  // Takes ownership; offsets.size() == nodes + 1, offsets.front() == 0,
  // offsets.back() == targets.size(), non-decreasing. Throws InvalidArgument otherwise.
  Csr(std::vector<std::uint64_t> offsets, std::vector<NodeId> targets);

  [[nodiscard]] NodeId num_nodes() const { return static_cast<NodeId>(offsets_.size() - 1); }
  [[nodiscard]] std::uint64_t num_edges() const { return targets_.size(); }
  // O(1).
  [[nodiscard]] std::span<const NodeId> neighbors(NodeId v) const {
    return {targets_.data() + offsets_[v], static_cast<std::size_t>(offsets_[v + 1] - offsets_[v])};
  }
  [[nodiscard]] std::uint64_t degree(NodeId v) const { return offsets_[v + 1] - offsets_[v]; }
  // Index of v's first edge in targets(): edge ids are positions in this array.
  [[nodiscard]] std::uint64_t first_edge(NodeId v) const { return offsets_[v]; }
  [[nodiscard]] const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  [[nodiscard]] const std::vector<NodeId>& targets() const { return targets_; }

  // The transpose (in-edges from out-edges), rows sorted. O(n + m). If edge_map is given it
  // receives, for every edge of the transpose, the index of the same edge in this CSR.
  [[nodiscard]] Csr transpose(std::vector<std::uint64_t>* edge_map = nullptr) const;

 private:
  std::vector<std::uint64_t> offsets_;
  std::vector<NodeId> targets_;
};

enum class WorkKind : std::uint8_t {
  kSource,     // a parsed record: we have its metadata and (maybe) its reference list
  kCitedOnly,  // known only because something cites it
};

// Metadata that only parsed records carry; one row per source node.
struct SourceMeta {
  SourceLocation where;  // where its (first) record was read
  std::vector<std::string> authors;
  std::vector<std::string> affiliations;
  std::vector<std::string> keywords;
  std::vector<std::string> mesh;
  std::string abstract;
  bool has_reference_list = false;  // false: the inputs carried no reference list for it
  std::uint32_t references_listed = 0;  // references in its record(s), before merging/dedup
};

// Node attributes as columns, one row per node.
struct NodeTable {
  std::vector<Pmid> pmid;                // 0 = unknown
  std::vector<std::string> doi;          // lower-case, "" = unknown
  std::vector<std::string> pmcid;        // "PMC123", "" = unknown
  std::vector<std::string> citation_key; // normalised journal:year:volume:first page, "" = none
  std::vector<std::string> title_key;    // normalised title, "" = none
  std::vector<std::string> title;
  std::vector<std::string> journal;
  std::vector<std::int32_t> year;        // 0 = unknown
  std::vector<std::string> volume;
  std::vector<std::string> issue;
  std::vector<std::string> pages;
  std::vector<WorkKind> kind;
  std::vector<CorpusSet> corpora;         // corpora that contain it as a source or cite it
  std::vector<CorpusSet> source_corpora;  // corpora in which it is a source
  std::vector<std::uint32_t> source_row;  // row in CitationGraph::sources(), kNoNode if none

  [[nodiscard]] std::size_t size() const { return pmid.size(); }
};

class CitationGraph {
 public:
  CitationGraph() = default;
  CitationGraph(Csr out, NodeTable nodes, std::vector<SourceMeta> sources,
                std::vector<CorpusSet> edge_corpora, std::vector<std::string> corpora);

  [[nodiscard]] NodeId num_nodes() const { return out_.num_nodes(); }
  [[nodiscard]] std::uint64_t num_edges() const { return out_.num_edges(); }
  // citing -> cited.
  [[nodiscard]] const Csr& out() const { return out_; }
  // cited -> citing.
  [[nodiscard]] const Csr& in() const { return in_; }
  [[nodiscard]] const NodeTable& nodes() const { return nodes_; }
  [[nodiscard]] const std::vector<SourceMeta>& sources() const { return sources_; }
  // The source metadata of v, or nullptr for a cited-only work.
  [[nodiscard]] const SourceMeta* source_meta(NodeId v) const;
  // Corpus names, in the order given on the command line; bit c of a CorpusSet is corpora()[c].
  [[nodiscard]] const std::vector<std::string>& corpora() const { return corpora_; }
  // Corpora whose sources make the citation out().targets()[edge].
  [[nodiscard]] CorpusSet edge_corpora(std::uint64_t out_edge) const { return edge_corpora_[out_edge]; }
  // Same, for the edge at position in_edge of in().targets().
  [[nodiscard]] CorpusSet in_edge_corpora(std::uint64_t in_edge) const {
    return edge_corpora_[in_to_out_[in_edge]];
  }

  // The node's id in every output: the bare PMID ("11827993"), else "doi:...", "pmc:PMC...",
  // "key:..." (citation key) or "title:..." (title key), the first that is known.
  [[nodiscard]] std::string node_key(NodeId v) const;
  // Finds a node by PMID; kNoNode if absent. O(log n) in the builder's node order, O(n) for a
  // graph constructed in another order.
  [[nodiscard]] NodeId find_pmid(Pmid pmid) const;

 private:
  Csr out_;
  Csr in_;
  std::vector<std::uint64_t> in_to_out_;
  NodeTable nodes_;
  std::vector<SourceMeta> sources_;
  std::vector<CorpusSet> edge_corpora_;
  std::vector<std::string> corpora_;
  bool pmid_ordered_ = true;  // PMID nodes first, ascending (the builder's order)
};

}  // namespace citegraph
