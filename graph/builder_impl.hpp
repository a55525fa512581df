// What the builder's files share (graph/builder.cpp, work_identity.cpp, journal_names.cpp,
// csr_build.cpp, build_pmid_path.cpp): the provisional nodes and their identity index, the
// pending citations, and the builder's state, which GraphBuilder::Impl is. Private to graph/.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "graph/pmid_index.hpp"
#include "support/memory.hpp"

namespace citegraph::build_detail {

// How much we trust a node's bibliographic fields: a parsed record beats a citation string.
enum class Rank : std::uint8_t { kUnranked = 0, kCitation = 1, kRecord = 2 };

struct Attrs {
  WorkText text;
  std::int32_t year = 0;
  Rank rank = Rank::kUnranked;
};

// The identity keys, strongest first; each has an index from key to node (BuilderState::by_key).
enum KeyKind : std::size_t {
  kDoi,
  kPmcid,
  kJournalKey,
  kAuthorKey,
  kTitleKey,
  kTextKey,
  kKeyKinds
};

// Each kind's field of a WorkText.
constexpr std::array<std::string WorkText::*, kKeyKinds> kKeyField = {
    &WorkText::doi,        &WorkText::pmcid,     &WorkText::citation_key,
    &WorkText::author_key, &WorkText::title_key, &WorkText::text_key};

// A provisional node: one per distinct identity seen, merged by union-find.
struct Proto {
  Pmid pmid = 0;
  std::uint32_t parent;
  std::uint32_t attrs = kNone;   // row in BuilderState::attrs
  std::uint32_t source = kNone;  // row in BuilderState::sources
  CorpusSet source_corpora = 0;
  // References without PMID, DOI or PMCID that named this work while it had no PMID: counted
  // as resolved (BuildStats::references_resolved) when it meets its PMID.
  std::uint32_t text_references = 0;
};

// A citation as added; its corpus is kept in a parallel byte array (9 bytes per citation).
struct PendingEdge {
  std::uint32_t from;  // kNone once a DeleteCitation took it back
  std::uint32_t to;
};

// A growing array in fixed blocks: appending never copies what is there, so a billion
// pending citations do not pass through the 1.5-3x peak of a doubling std::vector.
template <typename T>
class BlockVector {
 public:
  void push_back(const T& value) {
    if ((size_ & kMask) == 0) blocks_.push_back(std::make_unique<T[]>(kBlock));
    blocks_.back()[size_ & kMask] = value;
    ++size_;
  }
  [[nodiscard]] std::uint64_t size() const { return size_; }
  T& operator[](std::uint64_t i) { return blocks_[i >> kShift][i & kMask]; }
  const T& operator[](std::uint64_t i) const { return blocks_[i >> kShift][i & kMask]; }
  void clear() {
    release(blocks_);
    size_ = 0;
  }

 private:
  static constexpr unsigned kShift = 20;
  static constexpr std::uint64_t kBlock = std::uint64_t{1} << kShift;
  static constexpr std::uint64_t kMask = kBlock - 1;
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::uint64_t size_ = 0;
};

// Edge corpus sets as one-byte indices into `sets` (the graph's own form, sets[0] the empty set),
// assigned in order of first use; past 254 distinct sets (a pathological corpus mix) the sets are
// spelt out per edge in `wide` instead.
struct EdgeSets {
  std::vector<CorpusSet> sets = {0};
  std::vector<CorpusSet> wide;

  void store(std::vector<std::uint8_t>& corpus_of, std::uint64_t slot, CorpusSet set,
             std::uint64_t capacity);
};

// Where a mention was read, built only when a message needs it: a reference's location may
// leave the path to its record (graph/record.hpp), and copying it per reference is costly.
struct Where {
  const SourceLocation* own;
  const SourceLocation* record;

  [[nodiscard]] SourceLocation get() const {
    if (!own->path.empty()) return *own;
    if (own->line == 0) return *record;
    return SourceLocation{record->path, own->line, own->column};
  }
};

// What one mention (a record or a reference) says about a work.
struct Mention {
  const WorkIds* ids;
  Attrs attrs;
};

// work_identity.cpp: what a mention says, and how two nodes' fields merge.
Mention mention_of(const Record& record, Rank rank, std::optional<int> year);
Mention mention_of(const Reference& reference, Rank rank, std::optional<int> year);
void merge_source(SourceMeta& into, const SourceMeta& from);
void merge_attrs(Attrs& into, const Attrs& from);
bool attrs_empty(const Attrs& a);

// journal_names.cpp: every cited work's journal under one name per journal_key.
void unify_journals(std::vector<std::pair<NodeId, WorkText>>& texts,
                    const std::unordered_map<std::string, std::string>& alias);

// csr_build.cpp: the out-rows from pending citations, and the graph made of them.
std::uint64_t compact_row(std::vector<NodeId>& targets, std::vector<std::uint8_t>& corpus_of,
                          std::uint64_t begin, std::uint64_t end, std::uint64_t write,
                          EdgeSets& sets, std::uint64_t capacity, std::vector<std::uint64_t>& row,
                          std::uint64_t& duplicates);
std::uint64_t compact_rows(std::vector<std::uint64_t>& offsets, std::vector<NodeId>& targets,
                           std::vector<std::uint8_t>& corpus_of, EdgeSets& sets,
                           std::vector<std::uint64_t>& row, std::uint64_t& duplicates);
void count_record_edges(BlockVector<PendingEdge>& edges, const std::vector<NodeId>& final_id,
                        std::vector<std::uint64_t>& offsets, std::uint64_t& self_citations);
void place_record_edges(const BlockVector<PendingEdge>& edges,
                        const BlockVector<std::uint8_t>& edge_corpus,
                        std::vector<std::uint64_t>& cursor, std::vector<NodeId>& targets,
                        std::vector<std::uint8_t>& corpus_of);
CitationGraph make_graph(std::vector<std::uint64_t>&& offsets, std::vector<NodeId>&& targets,
                         NodeTable&& t, std::vector<std::uint8_t>&& corpus_of, EdgeSets&& sets,
                         std::uint64_t edges, std::vector<std::string>&& corpora, unsigned threads);

// A CSR's rows as the builder makes them: the first `edges` targets, with their corpus-set
// indices in corpus_of (or sets.wide past 254 distinct sets).
struct CsrRows {
  std::vector<std::uint64_t> offsets;
  std::vector<NodeId> targets;
  std::vector<std::uint8_t> corpus_of;
  EdgeSets sets;
  std::uint64_t edges = 0;
};

// The builder's state (GraphBuilder::Impl derives from it). The identity members are defined in
// work_identity.cpp, the rest in builder.cpp; build_with_pmids() in build_pmid_path.cpp.
struct BuilderState {
  // journal_key -> the journal's name as records give it (their journal and other names).
  std::unordered_map<std::string, std::string> journal_alias;
  std::vector<std::string> corpora;
  std::vector<Proto> protos;
  std::vector<Attrs> attrs;
  std::vector<SourceMeta> sources;
  // Per source row: the ranges [begin, end) of `edges` its records added, so that a
  // DeleteCitation can take them back.
  std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> source_edges;
  BlockVector<PendingEdge> edges;
  BlockVector<std::uint8_t> edge_corpus;  // parallel to edges
  PmidIndex by_pmid;
  std::array<std::unordered_map<std::string, std::uint32_t>, kKeyKinds> by_key;
  BuildStats stats;
  Diagnostics diagnostics;
  std::vector<std::uint32_t> metadata_nodes;  // the nodes add_metadata resolved

  // Citations of bare PMIDs (add_pmid_citations), in the order added.
  struct PmidBlock {
    PmidCitations citations;
    std::uint8_t corpus;
    std::uint64_t stamp;  // when it was added, against pmid_deleted
  };
  std::vector<PmidBlock> pmid_blocks;
  PmidSet pmid_sources;  // citing PMIDs of pmid_blocks that are sources now (not deleted since)
  std::unordered_map<Pmid, std::uint64_t> pmid_deleted;  // PMID -> stamp of its last deletion
  std::uint64_t stamp = 0;                               // add_pmid_citations and remove calls
  Pmid pmid_last_citing = 0;  // of the last run added, for a piece that continues it
  unsigned threads = 1;

  // Creation order against PMID citations. A PMID first named by PMID citations (block k) gets
  // its provisional node only when a record names it -- later than had the citations come as
  // Records, which make it while block k is added -- and unite() keeps the node made first as
  // the root (its text and lists take precedence), so that order is what counts.
  std::vector<std::uint32_t> block_protos;  // protos.size() when each block was added
  PmidIndex pmid_first_block;               // PMID -> first block naming it, once needed
  bool first_block_indexed = false;
  std::unordered_map<std::uint32_t, std::uint32_t> late_block;  // node -> first block of its PMID

  // Identity (work_identity.cpp).
  void note_journal(const Record& record);
  void index_block(std::size_t k);
  // A node for PMID p was just made: late if PMID citations named p before.
  void note_pmid_node(std::uint32_t node, Pmid p);
  // Whether node a would have been made before node b had every input come as Records.
  [[nodiscard]] bool made_before(std::uint32_t a, std::uint32_t b) const;
  // Whether the work of PMID p is a source now (by a record or by PMID citations).
  bool pmid_is_source(Pmid p);
  // The node key of a root without a PMID (its place after the PMID works).
  [[nodiscard]] std::string key_of(std::uint32_t root) const;
  std::uint32_t new_proto();
  Attrs& attrs_of(std::uint32_t root);
  [[nodiscard]] const std::string& doi_of(std::uint32_t root) const;
  [[nodiscard]] const std::string& pmcid_of(std::uint32_t root) const;
  // Two works may merge unless they carry different PMIDs, DOIs or PMCIDs.
  [[nodiscard]] bool compatible(std::uint32_t a, std::uint32_t b) const;
  // Merges b into a (a stays the root: it was seen first).
  void unite(std::uint32_t a, std::uint32_t b);
  std::uint32_t lookup(const std::unordered_map<std::string, std::uint32_t>& map,
                       const std::string& key);
  // A reference's year, or nullopt (with a counted warning) outside [1500, citing year + 1]:
  // "years" read from page numbers or typos (1164, 8443) are not dates.
  std::optional<int> plausible_year(const Reference& ref, const Record& citing, const Where& where);
  // Two roots about to merge by a key of `kind`: the text-only references of the one without a
  // PMID count as resolved by that kind when the other has one.
  void count_resolved(std::uint32_t x, std::uint32_t y, std::size_t kind);
  // Merges the nodes a mention's keys point to into `current` (kNone: the first found);
  // `first_kind` is set to the kind that found the first. Returns the merged root.
  std::uint32_t merge_keyed(const Attrs& a, std::uint32_t current, std::size_t& first_kind,
                            const Where& where);
  // Finds or creates the node of a mention and merges the nodes its identifiers point to.
  // Returns kNone when the mention carries no identity at all.
  std::uint32_t resolve(const Mention& m, const Where& where);
  [[nodiscard]] std::string describe(std::uint32_t root) const;

  // Inline: one call per citation at PubMed scale.
  std::uint32_t find(std::uint32_t x) {
    while (protos[x].parent != x) {
      protos[x].parent = protos[protos[x].parent].parent;  // path halving
      x = protos[x].parent;
    }
    return x;
  }
  // The node of a PMID, created if new: one array look-up, the common case at scale.
  std::uint32_t pmid_node(Pmid pmid) {
    const std::uint32_t known = by_pmid.find(pmid);
    if (known != kNone) return find(known);
    const std::uint32_t created = new_proto();
    protos[created].pmid = pmid;
    by_pmid.insert(pmid, created);
    note_pmid_node(created, pmid);
    return created;
  }

  // Building (builder.cpp; build_with_pmids in build_pmid_path.cpp).
  CitationGraph build_records();
  CitationGraph build_with_pmids();
  // The works still in the graph: cited[p] marks the roots a live citation of a record names.
  // `any_edge` says whether there is one.
  std::vector<std::uint8_t> cited_works(bool& any_edge);
  // The live roots (sources, cited, or in `named` by PMID): those with a PMID in `roots` in
  // node order, the others in `keyed` with their key, unsorted.
  void live_roots(const std::vector<std::uint8_t>& cited, const PmidSet* named,
                  std::vector<std::uint32_t>& roots,
                  std::vector<std::pair<std::string, std::uint32_t>>& keyed);
  // Moves a root's year and text into the node table as node v.
  void take_text(std::uint32_t root, NodeId v, NodeTable& t);
  // stats.metadata_used: the works of the graph that metadata records named.
  void count_metadata_used(const std::vector<NodeId>& final_id);
  // The graph of the finished rows and node table; frees what the inputs left first, and with
  // `trim_arenas` hands the freed pages of the readers' malloc arenas back.
  CitationGraph finish_graph(CsrRows&& rows, NodeTable&& t, bool trim_arenas);
  // Frees what the inputs left (everything but corpora, stats, diagnostics, threads), so that
  // the graph's constructor finds the memory free.
  void clear_inputs();
};

}  // namespace citegraph::build_detail
