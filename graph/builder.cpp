// GraphBuilder: identity resolution with a union-find over provisional nodes, then one
// sort-and-compact pass that assigns final ids, drops self-citations and duplicate edges.
// Citations of bare PMIDs (add_pmid_citations) skip the provisional nodes: they stay 4-byte
// PMIDs until build(), which ranks every PMID in use by a bitmap (a work's id is the rank of its
// PMID) and writes their rows straight into the CSR when they come in citing order.
#include "citegraph/graph/builder.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <exception>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "graph/memory.hpp"
#include "graph/thread_team.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace citegraph {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
// The plausible years of a cited work: printing began in Europe about 1450; a reference can
// be a year ahead of its citing work (in press). Without a citing year, up to 2100.
constexpr int kEarliestYear = 1500;
constexpr int kLatestYear = 2100;

// How much we trust a node's bibliographic fields: a parsed record beats a citation string.
enum class Rank : std::uint8_t { kUnranked = 0, kCitation = 1, kRecord = 2 };

struct Attrs {
  WorkText text;
  std::int32_t year = 0;
  Rank rank = Rank::kUnranked;
};

// The identity keys, strongest first; each has an index from key to node (Impl::by_key).
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
  std::uint32_t attrs = kNone;   // row in Impl::attrs
  std::uint32_t source = kNone;  // row in Impl::sources
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

// PMID -> provisional node. PMIDs are dense small integers (about 40 million today), so
// direct addressing beats a hash map by an order of magnitude at PubMed scale. The array is cut
// into pages of 2^14 PMIDs (64 KiB) allocated when a PMID in them is first seen, so memory
// follows the PMID ranges in use, not the largest PMID: a file citing PMID 39,999,999 costs one
// page, all of PubMed the same as one flat array (plus a page table of 8 bytes per 64 KiB).
class PmidIndex {
 public:
  [[nodiscard]] std::uint32_t find(Pmid pmid) const {
    const std::size_t page = pmid >> kPageShift;
    if (page >= pages_.size() || !pages_[page]) return kNone;
    return pages_[page][pmid & kPageMask];
  }
  void insert(Pmid pmid, std::uint32_t node) {
    const std::size_t page = pmid >> kPageShift;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) {
      pages_[page] = std::make_unique<std::uint32_t[]>(kPageSize);
      std::fill_n(pages_[page].get(), kPageSize, kNone);
    }
    pages_[page][pmid & kPageMask] = node;
  }

 private:
  static constexpr unsigned kPageShift = 14;
  static constexpr std::size_t kPageSize = std::size_t{1} << kPageShift;
  static constexpr Pmid kPageMask = (Pmid{1} << kPageShift) - 1;
  std::vector<std::unique_ptr<std::uint32_t[]>> pages_;
};

// Bits set in a word. std::popcount compiles to a libgcc call without -mpopcnt (the baseline
// x86-64 target), which is what ranking 10^9 citations would spend its time in.
inline std::uint32_t bit_count(std::uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<std::uint32_t>((x * 0x0101010101010101ULL) >> 56);
}

// A set of PMIDs as a bitmap cut into pages of 2^16 PMIDs, each allocated when a PMID in it is
// first inserted, with popcount ranks: rank(p) is the number of members below p, i.e. the node
// id of PMID p when works with a PMID come first by PMID. Memory follows the PMID ranges in use:
// 16 KiB per page (each word of bits beside the members below it), all of PubMed's 40 million
// PMIDs in 10 MB.
class PmidSet {
 public:
  void insert(Pmid p) {
    const std::size_t page = p >> kPageShift;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page] = std::make_unique<Page>();
    pages_[page]->slots[(p & kPageMask) >> 6].bits |= std::uint64_t{1} << (p & 63);
  }
  void erase(Pmid p) {
    const std::size_t page = p >> kPageShift;
    if (page < pages_.size() && pages_[page]) {
      pages_[page]->slots[(p & kPageMask) >> 6].bits &= ~(std::uint64_t{1} << (p & 63));
    }
  }
  [[nodiscard]] bool contains(Pmid p) const {
    const std::size_t page = p >> kPageShift;
    return page < pages_.size() && pages_[page] &&
           (pages_[page]->slots[(p & kPageMask) >> 6].bits >> (p & 63) & 1) != 0;
  }
  // Makes rank() and size() valid until the next insert or erase. O(pages).
  void rank_all() {
    std::uint32_t total = 0;
    for (const auto& page : pages_) {
      if (!page) continue;
      for (Slot& slot : page->slots) {
        slot.rank = total;
        total += bit_count(slot.bits);
      }
    }
    size_ = total;
  }
  // Members below p (p need not be a member). O(1).
  [[nodiscard]] std::uint32_t rank(Pmid p) const {
    const Slot& slot = pages_[p >> kPageShift]->slots[(p & kPageMask) >> 6];
    return slot.rank + bit_count(slot.bits & ((std::uint64_t{1} << (p & 63)) - 1));
  }
  [[nodiscard]] std::uint32_t size() const { return size_; }
  // f(pmid) for every member, ascending.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t page = 0; page < pages_.size(); ++page) {
      if (!pages_[page]) continue;
      for (std::size_t w = 0; w < kWords; ++w) {
        for (std::uint64_t bits = pages_[page]->slots[w].bits; bits != 0; bits &= bits - 1) {
          f(static_cast<Pmid>((page << kPageShift) | (w << 6) |
                              static_cast<std::size_t>(std::countr_zero(bits))));
        }
      }
    }
  }
  // Adds the members of `other`.
  void merge(const PmidSet& other) {
    if (other.pages_.size() > pages_.size()) pages_.resize(other.pages_.size());
    for (std::size_t page = 0; page < other.pages_.size(); ++page) {
      if (!other.pages_[page]) continue;
      if (!pages_[page]) {
        pages_[page] = std::make_unique<Page>(*other.pages_[page]);
        continue;
      }
      for (std::size_t w = 0; w < kWords; ++w)
        pages_[page]->slots[w].bits |= other.pages_[page]->slots[w].bits;
    }
  }
  [[nodiscard]] bool empty_pages() const { return pages_.empty(); }

 private:
  static constexpr unsigned kPageShift = 16;
  static constexpr std::size_t kWords = (std::size_t{1} << kPageShift) / 64;
  static constexpr Pmid kPageMask = (Pmid{1} << kPageShift) - 1;
  // A word of 64 PMIDs beside the members below it: a rank reads one cache line.
  struct Slot {
    std::uint64_t bits = 0;
    std::uint32_t rank = 0;
  };
  struct Page {
    Slot slots[kWords];
  };
  std::vector<std::unique_ptr<Page>> pages_;
  std::uint32_t size_ = 0;
};

// Edge corpus sets as one-byte indices into `sets` (the graph's own form, sets[0] the empty set),
// assigned in order of first use; past 254 distinct sets (a pathological corpus mix) the sets are
// spelt out per edge in `wide` instead.
struct EdgeSets {
  std::vector<CorpusSet> sets = {0};
  std::vector<CorpusSet> wide;

  void store(std::vector<std::uint8_t>& corpus_of, std::uint64_t slot, CorpusSet set,
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
};

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

// One CSR row [begin, end) of targets with their corpus indices: sorted by target, duplicates
// merged with their corpora OR-ed, written compacted from `write` with corpus_of[] then holding
// corpus-set indices (EdgeSets). Returns the new end. `row` is scratch.
std::uint64_t compact_row(std::vector<NodeId>& targets, std::vector<std::uint8_t>& corpus_of,
                          std::uint64_t begin, std::uint64_t end, std::uint64_t write,
                          EdgeSets& sets, std::uint64_t capacity, std::vector<std::uint64_t>& row,
                          std::uint64_t& duplicates) {
  bool one_corpus = true;
  for (std::uint64_t e = begin + 1; e < end && one_corpus; ++e) {
    one_corpus = corpus_of[e] == corpus_of[begin];
  }
  if (one_corpus && begin < end) {
    const CorpusSet set = CorpusSet{1} << corpus_of[begin];
    std::sort(targets.begin() + static_cast<std::ptrdiff_t>(begin),
              targets.begin() + static_cast<std::ptrdiff_t>(end));
    for (std::uint64_t i = begin; i < end;) {
      const NodeId to = targets[i];
      std::uint64_t same = i + 1;
      while (same < end && targets[same] == to) ++same;
      duplicates += same - i - 1;
      targets[write] = to;
      sets.store(corpus_of, write, set, capacity);
      ++write;
      i = same;
    }
    return write;
  }
  row.clear();
  for (std::uint64_t e = begin; e < end; ++e) {
    row.push_back(std::uint64_t{targets[e]} << 8 | corpus_of[e]);
  }
  std::sort(row.begin(), row.end());
  for (std::size_t i = 0; i < row.size();) {
    const auto to = static_cast<NodeId>(row[i] >> 8);
    CorpusSet set = 0;
    std::size_t same = i;
    for (; same < row.size() && static_cast<NodeId>(row[same] >> 8) == to; ++same) {
      set |= CorpusSet{1} << (row[same] & 0xFF);
    }
    duplicates += same - i - 1;
    targets[write] = to;
    sets.store(corpus_of, write, set, capacity);
    ++write;
    i = same;
  }
  return write;
}

void append_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const std::string& value : from) {
    if (std::find(into.begin(), into.end(), value) == into.end()) into.push_back(value);
  }
}

void merge_source(SourceMeta& into, const SourceMeta& from) {
  append_unique(into.authors, from.authors);
  append_unique(into.affiliations, from.affiliations);
  append_unique(into.keywords, from.keywords);
  append_unique(into.mesh, from.mesh);
  if (into.abstract.empty()) into.abstract = from.abstract;
  into.has_reference_list = into.has_reference_list || from.has_reference_list;
  into.retracted = into.retracted || from.retracted;
  into.references_listed += from.references_listed;
}

// Fills `into`'s empty fields from `from`, or takes all of `from`'s bibliographic fields when
// it ranks higher. Ids and keys: the first seen stays.
void merge_attrs(Attrs& into, const Attrs& from) {
  auto fill = [](std::string& a, const std::string& b) {
    if (a.empty()) a = b;
  };
  WorkText& a = into.text;
  const WorkText& b = from.text;
  for (std::size_t kind = 0; kind < kKeyKinds; ++kind) {
    fill(a.*kKeyField[kind], b.*kKeyField[kind]);
  }
  fill(a.citation, b.citation);
  const bool take_all = from.rank > into.rank;
  auto merge = [&](std::string& x, const std::string& y) {
    if (take_all ? !y.empty() : x.empty()) x = y;
  };
  merge(a.title, b.title);
  merge(a.journal, b.journal);
  merge(a.volume, b.volume);
  merge(a.issue, b.issue);
  merge(a.pages, b.pages);
  merge(a.first_author, b.first_author);
  if (take_all ? from.year != 0 : into.year == 0) into.year = from.year;
  if (take_all) into.rank = from.rank;
}

bool attrs_empty(const Attrs& a) { return a.year == 0 && a.text.empty(); }

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

// The first author of a record ("Surname Initials" or a group) or a reference.
const std::string& first_author_of(const Record& record) {
  static const std::string kNoAuthor;
  return record.authors.empty() ? kNoAuthor : record.authors.front();
}
const std::string& first_author_of(const Reference& reference) { return reference.first_author; }

// A record and a reference state the same fields; `rank` says how far to trust them. `year` is
// the work's year as accepted (a reference's implausible year is dropped by the caller).
template <typename Work>
Mention mention_of(const Work& work, Rank rank, std::optional<int> year) {
  Mention m{&work.ids, {}};
  WorkText& t = m.attrs.text;
  t.doi = normalize_doi(work.ids.doi);
  t.pmcid = normalize_pmcid(work.ids.pmcid);
  t.citation_key = citation_key(work.journal, year, work.volume, work.pages);
  t.author_key = author_key(first_author_of(work), year, work.volume, work.pages);
  t.title_key = author_title_key(first_author_of(work), work.title);
  if constexpr (std::is_same_v<Work, Reference>) {
    // Text that yielded no key still names one work: its normalised text.
    if (t.doi.empty() && t.pmcid.empty() && t.citation_key.empty() && t.author_key.empty() &&
        t.title_key.empty() && !work.ids.pmid) {
      t.text_key = text_key(work.citation);
    }
    if (work.title.empty() && work.journal.empty()) t.citation = work.citation;
  }
  t.title = work.title;
  t.journal = work.journal;
  t.first_author = first_author_of(work);
  m.attrs.year = year.value_or(0);
  t.volume = work.volume;
  t.issue = work.issue;
  t.pages = work.pages;
  m.attrs.rank = rank;
  return m;
}

// A journal name as shown: single spaces, no trailing period or comma.
std::string tidy_journal(std::string_view journal) {
  std::string out;
  for (char c : journal) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.' || out.back() == ','))
    out.pop_back();
  return out;
}

// Every cited work's journal under one name per journal_key: the name a record gave the
// journal (`alias`, from records' journal and other names), else the spelling most works use
// (ties: the first in byte order). O(works with text).
void unify_journals(std::vector<std::pair<NodeId, WorkText>>& texts,
                    const std::unordered_map<std::string, std::string>& alias) {
  std::unordered_map<std::string, std::map<std::string, std::uint32_t>> spellings;
  for (auto& entry : texts) {
    std::string& journal = entry.second.journal;
    if (journal.empty()) continue;
    journal = tidy_journal(journal);
    ++spellings[journal_key(journal)][journal];
  }
  std::unordered_map<std::string, std::string> chosen;
  for (auto& [key, counts] : spellings) {
    const auto known = alias.find(key);
    if (known != alias.end()) {
      chosen.emplace(key, known->second);
      continue;
    }
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second) best = it;
    }
    chosen.emplace(key, best->first);
  }
  for (auto& entry : texts) {
    std::string& journal = entry.second.journal;
    if (!journal.empty()) journal = chosen.at(journal_key(journal));
  }
}

}  // namespace

struct GraphBuilder::Impl {
  // journal_key -> the journal's name as records give it (their journal and other names).
  std::unordered_map<std::string, std::string> journal_alias;

  void note_journal(const Record& record) {
    if (record.journal.empty()) return;
    journal_alias.try_emplace(journal_key(record.journal), record.journal);
    for (const std::string& name : record.journal_names) {
      journal_alias.try_emplace(journal_key(name), record.journal);
    }
  }

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

  void index_block(std::size_t k) {
    const PmidCitations& c = pmid_blocks[k].citations;
    const auto block = static_cast<std::uint32_t>(k);
    for (const PmidRun& run : c.runs) {
      if (pmid_first_block.find(run.citing) == kNone) pmid_first_block.insert(run.citing, block);
    }
    for (const Pmid pmid : c.cited) {
      if (pmid_first_block.find(pmid) == kNone) pmid_first_block.insert(pmid, block);
    }
  }
  // A node for PMID p was just made: late if PMID citations named p before.
  void note_pmid_node(std::uint32_t node, Pmid p) {
    if (pmid_blocks.empty()) return;
    if (!first_block_indexed) {
      for (std::size_t k = 0; k < pmid_blocks.size(); ++k) index_block(k);
      first_block_indexed = true;
    }
    const std::uint32_t k = pmid_first_block.find(p);
    if (k != kNone) late_block.emplace(node, k);
  }
  // Whether node a would have been made before node b had every input come as Records.
  [[nodiscard]] bool made_before(std::uint32_t a, std::uint32_t b) const {
    if (late_block.empty()) return a < b;
    const auto la = late_block.find(a);
    const auto lb = late_block.find(b);
    if (la == late_block.end() && lb == late_block.end()) return a < b;
    if (la != late_block.end() && lb != late_block.end()) {
      return la->second != lb->second ? la->second < lb->second : a < b;
    }
    if (la != late_block.end()) return b >= block_protos[la->second];
    return a < block_protos[lb->second];
  }

  // Whether the work of PMID p is a source now (by a record or by PMID citations).
  bool pmid_is_source(Pmid p) {
    if (pmid_sources.contains(p)) return true;
    const std::uint32_t found = by_pmid.find(p);
    return found != kNone && protos[find(found)].source != kNone;
  }

  CitationGraph build_records();
  CitationGraph build_with_pmids();

  // The node key of a root without a PMID (its place after the PMID works).
  [[nodiscard]] std::string key_of(std::uint32_t root) const {
    static const Attrs kEmpty;
    const Attrs& a = protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs];
    static constexpr std::array<const char*, kKeyKinds> kPrefix = {
        "doi:", "pmc:", "key:", "cite:", "title:", "text:"};
    for (std::size_t kind = 0; kind + 1 < kKeyKinds; ++kind) {
      const std::string& key = a.text.*kKeyField[kind];
      if (!key.empty()) return kPrefix[kind] + key;
    }
    return kPrefix[kTextKey] + a.text.text_key;
  }

  // stats.metadata_used: the works of the graph that metadata records named.
  void count_metadata_used(const std::vector<NodeId>& final_id) {
    std::vector<NodeId> named;
    for (const std::uint32_t p : metadata_nodes) {
      if (final_id[p] != kNoNode) named.push_back(final_id[p]);
    }
    std::sort(named.begin(), named.end());
    stats.metadata_used =
        static_cast<std::uint64_t>(std::unique(named.begin(), named.end()) - named.begin());
    release(metadata_nodes);
  }

  // Frees what the inputs left (everything but corpora, stats, diagnostics, threads), so that
  // the graph's constructor finds the memory free.
  void clear_inputs() {
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

  std::uint32_t find(std::uint32_t x) {
    while (protos[x].parent != x) {
      protos[x].parent = protos[protos[x].parent].parent;  // path halving
      x = protos[x].parent;
    }
    return x;
  }

  std::uint32_t new_proto() {
    const auto id = static_cast<std::uint32_t>(protos.size());
    if (id == kNone) throw InvalidArgument("GraphBuilder: more works than 32-bit ids can address");
    protos.push_back(Proto{0, id, kNone, kNone, 0, 0});
    return id;
  }

  Attrs& attrs_of(std::uint32_t root) {
    if (protos[root].attrs == kNone) {
      protos[root].attrs = static_cast<std::uint32_t>(attrs.size());
      attrs.emplace_back();
    }
    return attrs[protos[root].attrs];
  }

  const std::string& doi_of(std::uint32_t root) const {
    static const std::string kEmpty;
    return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].text.doi;
  }
  const std::string& pmcid_of(std::uint32_t root) const {
    static const std::string kEmpty;
    return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].text.pmcid;
  }

  // Two works may merge unless they carry different PMIDs, DOIs or PMCIDs.
  bool compatible(std::uint32_t a, std::uint32_t b) const {
    if (protos[a].pmid != 0 && protos[b].pmid != 0 && protos[a].pmid != protos[b].pmid)
      return false;
    const std::string& doi_a = doi_of(a);
    const std::string& doi_b = doi_of(b);
    if (!doi_a.empty() && !doi_b.empty() && doi_a != doi_b) return false;
    const std::string& pmc_a = pmcid_of(a);
    const std::string& pmc_b = pmcid_of(b);
    return pmc_a.empty() || pmc_b.empty() || pmc_a == pmc_b;
  }

  // Merges b into a (a stays the root: it was seen first).
  void unite(std::uint32_t a, std::uint32_t b) {
    if (!made_before(a, b)) std::swap(a, b);
    Proto& pa = protos[a];
    Proto& pb = protos[b];
    pb.parent = a;
    if (pa.pmid == 0) pa.pmid = pb.pmid;
    pa.source_corpora |= pb.source_corpora;
    pa.text_references += pb.text_references;
    if (pb.attrs != kNone) {
      if (pa.attrs == kNone) {
        pa.attrs = pb.attrs;
      } else {
        Attrs from = attrs[pb.attrs];
        merge_attrs(attrs[pa.attrs], from);
      }
    }
    if (pb.source != kNone) {
      if (pa.source == kNone) {
        pa.source = pb.source;
      } else {
        SourceMeta from = sources[pb.source];
        merge_source(sources[pa.source], from);
        auto ranges = std::move(source_edges[pb.source]);
        source_edges[pa.source].insert(source_edges[pa.source].end(), ranges.begin(), ranges.end());
      }
    }
  }

  std::uint32_t lookup(const std::unordered_map<std::string, std::uint32_t>& map,
                       const std::string& key) {
    if (key.empty()) return kNone;
    auto it = map.find(key);
    return it == map.end() ? kNone : find(it->second);
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

  // A reference's year, or nullopt (with a counted warning) outside [1500, citing year + 1]:
  // "years" read from page numbers or typos (1164, 8443) are not dates.
  std::optional<int> plausible_year(const Reference& ref, const Record& citing,
                                    const Where& where) {
    if (!ref.year) return std::nullopt;
    const int latest = citing.year ? *citing.year + 1 : kLatestYear;
    if (*ref.year >= kEarliestYear && *ref.year <= latest) return ref.year;
    ++stats.reference_years_dropped;
    diagnostics.warn(
        "implausible reference year",
        Issue{where.get(),
              "year " + std::to_string(*ref.year) + " outside [" + std::to_string(kEarliestYear) +
                  ", " + std::to_string(latest) + "]; taken as unknown",
              {}});
    return std::nullopt;
  }

  // Two roots about to merge by a key of `kind`: the text-only references of the one without a
  // PMID count as resolved by that kind when the other has one.
  void count_resolved(std::uint32_t x, std::uint32_t y, std::size_t kind) {
    if ((protos[x].pmid != 0) == (protos[y].pmid != 0)) return;
    Proto& textual = protos[x].pmid == 0 ? protos[x] : protos[y];
    stats.references_resolved[kind] += textual.text_references;
    textual.text_references = 0;
  }

  // Merges the nodes a mention's keys point to into `current` (kNone: the first found);
  // `first_kind` is set to the kind that found the first. Returns the merged root.
  std::uint32_t merge_keyed(const Attrs& a, std::uint32_t current, std::size_t& first_kind,
                            const Where& where) {
    for (std::size_t kind = 0; kind < kKeyKinds; ++kind) {
      std::uint32_t candidate = lookup(by_key[kind], a.text.*kKeyField[kind]);
      if (candidate == kNone) continue;
      if (current == kNone) {
        current = candidate;
        first_kind = kind;
        continue;
      }
      if (candidate == current) continue;
      if (compatible(current, candidate)) {
        count_resolved(current, candidate, kind);
        unite(current, candidate);
        current = find(current);
      } else {
        ++stats.identity_conflicts;
        diagnostics.warn("works not merged: conflicting identifiers",
                         Issue{where.get(),
                               "the work " + describe(candidate) + " shares an identifier with " +
                                   describe(current) + " but their PMIDs/DOIs differ; kept apart",
                               {}});
      }
    }
    return current;
  }

  // Finds or creates the node of a mention and merges the nodes its identifiers point to.
  // Returns kNone when the mention carries no identity at all.
  std::uint32_t resolve(const Mention& m, const Where& where) {
    const Attrs& a = m.attrs;
    const Pmid pmid = m.ids->pmid.value_or(0);
    bool keys_empty = true;
    for (std::size_t kind = 0; kind < kKeyKinds; ++kind) {
      keys_empty = keys_empty && (a.text.*kKeyField[kind]).empty();
    }
    if (pmid == 0 && keys_empty) return kNone;
    if (keys_empty) {
      const std::uint32_t current = pmid_node(pmid);
      if (!attrs_empty(a)) merge_attrs(attrs_of(current), a);
      return current;
    }
    std::size_t first_kind = kKeyKinds;
    std::uint32_t current = merge_keyed(a, pmid == 0 ? kNone : pmid_node(pmid), first_kind, where);
    if (current == kNone) current = new_proto();
    const bool text_only = pmid == 0 && a.text.doi.empty() && a.text.pmcid.empty();
    if (text_only && protos[current].pmid != 0 && first_kind < kKeyKinds) {
      ++stats.references_resolved[first_kind];
    } else if (text_only) {
      ++protos[current].text_references;
    }
    // Register this mention's identifiers, and record them on the node where it has none.
    // (keys_empty is false here, so there is something to record.)
    Attrs& target = attrs_of(current);
    Attrs incoming = a;
    if (!target.text.doi.empty() && !incoming.text.doi.empty() &&
        target.text.doi != incoming.text.doi) {
      incoming.text.doi.clear();  // conflict already reported; keep the node's own DOI
    }
    if (!target.text.pmcid.empty() && !incoming.text.pmcid.empty() &&
        target.text.pmcid != incoming.text.pmcid) {
      incoming.text.pmcid.clear();
    }
    merge_attrs(target, incoming);
    for (std::size_t kind = 0; kind < kKeyKinds; ++kind) {
      const std::string& key = a.text.*kKeyField[kind];
      if (!key.empty()) by_key[kind].try_emplace(key, current);
    }
    return current;
  }

  std::string describe(std::uint32_t root) const {
    if (protos[root].pmid != 0) return "PMID " + std::to_string(protos[root].pmid);
    if (!doi_of(root).empty()) return "doi:" + doi_of(root);
    return "#" + std::to_string(root);
  }
};

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

CitationGraph GraphBuilder::Impl::build_records() {
  Impl& im = *this;
  // A work that is no source stays only while a live citation names it: after a
  // DeleteCitation, a deleted record and the works only it cited disappear.
  std::vector<std::uint8_t> cited(im.protos.size(), 0);
  for (std::uint64_t i = 0; i < im.edges.size(); ++i) {
    const PendingEdge& e = im.edges[i];
    if (e.from != kNone) cited[im.find(e.to)] = 1;
  }
  // Roots in final order: PMIDs ascending, then the others by their key string.
  std::vector<std::uint32_t> roots;
  std::vector<std::pair<std::string, std::uint32_t>> keyed;  // works without a PMID
  for (std::uint32_t p = 0; p < im.protos.size(); ++p) {
    if (im.find(p) != p) continue;
    const Proto& proto = im.protos[p];
    if (proto.source == kNone && cited[p] == 0) continue;
    if (proto.pmid != 0) {
      roots.push_back(p);
      continue;
    }
    keyed.emplace_back(im.key_of(p), p);
  }
  std::sort(roots.begin(), roots.end(), [&](std::uint32_t x, std::uint32_t y) {
    return im.protos[x].pmid < im.protos[y].pmid;
  });
  std::sort(keyed.begin(), keyed.end());
  for (const auto& entry : keyed) roots.push_back(entry.second);
  release(keyed);
  std::vector<NodeId> final_id(im.protos.size(), kNoNode);
  for (std::uint32_t i = 0; i < roots.size(); ++i) final_id[roots[i]] = i;
  for (std::uint32_t p = 0; p < im.protos.size(); ++p) final_id[p] = final_id[im.find(p)];
  im.count_metadata_used(final_id);
  cited.clear();
  cited.shrink_to_fit();

  const auto n = static_cast<NodeId>(roots.size());
  NodeTable t;
  t.pmid.resize(n);
  t.year.resize(n);
  t.source_corpora.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    Proto& proto = im.protos[roots[v]];
    t.pmid[v] = proto.pmid;
    t.source_corpora[v] = proto.source_corpora;
    if (proto.attrs != kNone) {
      Attrs& a = im.attrs[proto.attrs];
      t.year[v] = a.year;
      WorkText text = std::move(a.text);
      if (!text.title.empty() || !text.journal.empty()) text.citation.clear();
      if (!text.empty()) t.texts.emplace_back(v, std::move(text));
    }
    if (proto.source != kNone) t.sources.emplace_back(v, std::move(im.sources[proto.source]));
  }
  release(im.attrs);
  release(im.sources);
  // The identity machinery is done: free it before the edges take their peak.
  release(im.protos);
  release(im.source_edges);
  im.by_pmid = PmidIndex{};
  for (auto& index : im.by_key) release(index);

  // Edges by counting sort into CSR rows (O(m), no global sort), then each row sorted and its
  // duplicates merged with their corpora OR-ed. Peak: 14 bytes per citation.
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (std::uint64_t i = 0; i < im.edges.size(); ++i) {
    PendingEdge& e = im.edges[i];
    if (e.from == kNone) continue;  // taken back by a DeleteCitation
    e.from = final_id[e.from];
    e.to = final_id[e.to];
    if (e.from == e.to) {
      ++im.stats.self_citations;
      e.from = kNone;
      continue;
    }
    ++offsets[static_cast<std::size_t>(e.from) + 1];
  }
  release(final_id);
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<NodeId> targets(offsets[n]);
  std::vector<std::uint8_t> corpus_of(offsets[n]);
  {
    std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < im.edges.size(); ++i) {
      const PendingEdge& e = im.edges[i];
      if (e.from == kNone) continue;
      const std::uint64_t slot = cursor[e.from]++;
      targets[slot] = e.to;
      corpus_of[slot] = im.edge_corpus[i];
    }
  }
  im.edges.clear();
  im.edge_corpus.clear();
  // Rows sorted by target, duplicates merged with their corpora OR-ed, compacted in place:
  // corpus_of[] then holds each edge's corpus-set index (EdgeSets, the graph's one-byte form).
  EdgeSets sets;
  std::vector<std::uint64_t> row;
  std::uint64_t write = 0;
  const std::uint64_t capacity = targets.size();
  for (NodeId u = 0; u < n; ++u) {
    const std::uint64_t begin = offsets[u];
    offsets[u] = write;
    write = compact_row(targets, corpus_of, begin, offsets[u + 1], write, sets, capacity, row,
                        im.stats.duplicate_edges);
  }
  offsets[n] = write;
  targets.resize(write);

  std::vector<std::string> graph_corpora = std::move(im.corpora);
  unify_journals(t.texts, im.journal_alias);
  im.clear_inputs();
  return make_graph(std::move(offsets), std::move(targets), std::move(t), std::move(corpus_of),
                    std::move(sets), write, std::move(graph_corpora), threads);
}

// The graph of records and PMID citations together, as build_records() would make it had the
// PMID citations come as Records: the same works, ids, edges, corpora, sources and counts.
CitationGraph GraphBuilder::Impl::build_with_pmids() {
  // Runs whose citing work a later DeleteCitation removed are taken back.
  std::vector<std::vector<NodeId>> run_node(pmid_blocks.size());  // kNoNode: taken back
  for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
    const PmidBlock& block = pmid_blocks[b];
    run_node[b].assign(block.citations.runs.size(), 0);
    if (pmid_deleted.empty()) continue;
    for (std::size_t r = 0; r < block.citations.runs.size(); ++r) {
      const auto it = pmid_deleted.find(block.citations.runs[r].citing);
      if (it != pmid_deleted.end() && it->second > block.stamp) run_node[b][r] = kNoNode;
    }
  }
  release(pmid_deleted);

  // Every PMID the live PMID citations name: one set per thread over blocks claimed in turn.
  const unsigned team =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(pmid_blocks.size())));
  PmidSet present;
  {
    std::vector<PmidSet> parts(team);
    std::atomic<std::size_t> next{0};
    parallel::run_team(team, [&](unsigned t) {
      PmidSet& mine = parts[t];
      for (std::size_t b = next++; b < pmid_blocks.size(); b = next++) {
        const PmidCitations& c = pmid_blocks[b].citations;
        const Pmid* to = c.cited.data();
        for (std::size_t r = 0; r < c.runs.size(); ++r) {
          const PmidRun& run = c.runs[r];
          if (run_node[b][r] != kNoNode) {
            mine.insert(run.citing);
            for (std::uint32_t k = 0; k < run.count; ++k) mine.insert(to[k]);
          }
          to += run.count;
        }
      }
    });
    present = std::move(parts[0]);
    for (unsigned t = 1; t < team; ++t) present.merge(parts[t]);
  }

  // The works of records: alive as in build_records(), or because PMID citations name them.
  std::vector<std::uint8_t> cited(protos.size(), 0);
  bool record_edges = false;
  for (std::uint64_t i = 0; i < edges.size(); ++i) {
    const PendingEdge& e = edges[i];
    if (e.from == kNone) continue;
    cited[find(e.to)] = 1;
    record_edges = true;
  }
  std::vector<std::uint32_t> roots;  // with a PMID, then the keyed ones in key order
  std::vector<std::pair<std::string, std::uint32_t>> keyed;
  for (std::uint32_t p = 0; p < protos.size(); ++p) {
    if (find(p) != p) continue;
    const Proto& proto = protos[p];
    const bool named = proto.pmid != 0 && present.contains(proto.pmid);
    if (proto.source == kNone && cited[p] == 0 && !named) continue;
    if (proto.pmid != 0) {
      roots.push_back(p);
      continue;
    }
    keyed.emplace_back(key_of(p), p);
  }
  release(cited);
  for (const std::uint32_t p : roots) present.insert(protos[p].pmid);
  present.rank_all();
  const std::uint32_t with_pmid = present.size();
  if (std::uint64_t{with_pmid} + keyed.size() >= kNoNode) {
    throw InvalidArgument("GraphBuilder: more works than 32-bit ids can address");
  }
  const auto n = static_cast<NodeId>(with_pmid + keyed.size());
  std::sort(keyed.begin(), keyed.end());
  std::vector<NodeId> final_id(protos.size(), kNoNode);
  for (const std::uint32_t p : roots) final_id[p] = present.rank(protos[p].pmid);
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    final_id[keyed[i].second] = with_pmid + static_cast<NodeId>(i);
    roots.push_back(keyed[i].second);
  }
  release(keyed);
  for (std::uint32_t p = 0; p < protos.size(); ++p) final_id[p] = final_id[find(p)];
  count_metadata_used(final_id);

  // Sources by PMID citations: their corpora and the references their records listed.
  std::vector<CorpusSet> source_corpora(n, 0);
  std::vector<std::uint32_t> listed(with_pmid, 0);
  std::vector<bool> pmid_source(with_pmid, false);
  bool in_order = !record_edges;  // rows arrive by citing node: no counting pass needed
  {
    NodeId last = 0;
    for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
      const PmidBlock& block = pmid_blocks[b];
      for (std::size_t r = 0; r < block.citations.runs.size(); ++r) {
        if (run_node[b][r] == kNoNode) continue;
        const NodeId v = present.rank(block.citations.runs[r].citing);
        run_node[b][r] = v;
        source_corpora[v] |= CorpusSet{1} << block.corpus;
        listed[v] += block.citations.runs[r].count;
        pmid_source[v] = true;
        in_order = in_order && v >= last;
        last = v;
      }
    }
  }

  // Cited PMIDs become node ids in place, blocks in parallel. In citing order (the OCC file)
  // each block's rows -- a row cut by a block boundary in pieces -- are also sorted there,
  // self-citations dropped and duplicates merged, so that what is left is a copy.
  struct Piece {
    NodeId row;
    std::uint64_t begin;  // in the block's cited array
    std::uint64_t size;
  };
  std::vector<std::vector<Piece>> pieces(pmid_blocks.size());
  {
    std::vector<std::uint64_t> self(pmid_blocks.size(), 0);
    std::vector<std::uint64_t> duplicates(pmid_blocks.size(), 0);
    std::atomic<std::size_t> next{0};
    parallel::run_team(team, [&](unsigned) {
      for (std::size_t b = next++; b < pmid_blocks.size(); b = next++) {
        PmidCitations& c = pmid_blocks[b].citations;
        {
          // Only live runs: the PMIDs of taken-back ones may not be in `present` at all.
          Pmid* to = c.cited.data();
          for (std::size_t r = 0; r < c.runs.size(); ++r) {
            const std::uint32_t count = c.runs[r].count;
            if (run_node[b][r] != kNoNode) {
              for (std::uint32_t k = 0; k < count; ++k) to[k] = present.rank(to[k]);
            }
            to += count;
          }
        }
        if (!in_order) continue;
        NodeId* const to = c.cited.data();
        std::uint64_t read = 0;
        std::uint64_t write_at = 0;
        for (std::size_t r = 0; r < c.runs.size();) {
          const NodeId v = run_node[b][r];
          if (v == kNoNode) {
            read += c.runs[r++].count;
            continue;
          }
          // The runs of this row in this block (consecutive: rows come in order).
          const std::uint64_t begin = write_at;
          for (; r < c.runs.size() && run_node[b][r] == v; ++r) {
            for (std::uint32_t k = 0; k < c.runs[r].count; ++k, ++read) {
              if (to[read] == v) {
                ++self[b];
              } else {
                to[write_at++] = to[read];
              }
            }
          }
          // Files that list each work's references by PMID need no sort (ranks keep PMID
          // order); checking costs a comparison per citation, a sort several.
          if (!std::is_sorted(to + begin, to + write_at)) std::sort(to + begin, to + write_at);
          const NodeId* const end = std::unique(to + begin, to + write_at);
          duplicates[b] += static_cast<std::uint64_t>((to + write_at) - end);
          write_at = static_cast<std::uint64_t>(end - to);
          pieces[b].push_back(Piece{v, begin, write_at - begin});
        }
      }
    });
    for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
      stats.self_citations += self[b];
      stats.duplicate_edges += duplicates[b];
    }
  }

  // Out-rows. In citing order the pieces are copied in order (a row in pieces is merged again)
  // and each block freed once copied, so the citations are held once, not twice. Otherwise
  // they are counted into rows first, as build_records() does.
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<NodeId> targets;
  std::vector<std::uint8_t> corpus_of;
  EdgeSets sets;
  std::vector<std::uint64_t> row;
  std::uint64_t write = 0;
  if (in_order) {
    std::uint64_t kept = 0;
    for (const auto& block_pieces : pieces) {
      for (const Piece& piece : block_pieces) kept += piece.size;
    }
    targets.reserve(kept);
    corpus_of.reserve(kept);
    NodeId current = kNoNode;
    std::uint64_t row_begin = 0;
    bool in_pieces = false;  // the row came in several pieces: sort and merge again
    const auto close_row = [&] {
      if (current == kNoNode) return;
      if (in_pieces) {
        write = compact_row(targets, corpus_of, row_begin, targets.size(), row_begin, sets, kept,
                            row, stats.duplicate_edges);
        targets.resize(write);
        corpus_of.resize(write);
      } else if (row_begin < targets.size()) {
        // One piece: sorted, unique, one corpus: one corpus set for the whole row.
        sets.store(corpus_of, row_begin, CorpusSet{1} << corpus_of[row_begin], kept);
        if (sets.wide.empty()) {
          std::fill(corpus_of.begin() + static_cast<std::ptrdiff_t>(row_begin), corpus_of.end(),
                    corpus_of[row_begin]);
        } else {
          for (std::uint64_t e = row_begin + 1; e < targets.size(); ++e) {
            sets.wide[e] = sets.wide[row_begin];
          }
        }
        write = targets.size();
      }
      offsets[static_cast<std::size_t>(current) + 1] = write;
    };
    for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
      PmidCitations& c = pmid_blocks[b].citations;
      const std::uint8_t corpus = pmid_blocks[b].corpus;
      for (const Piece& piece : pieces[b]) {
        if (piece.row != current) {
          close_row();
          current = piece.row;
          row_begin = write;
          in_pieces = false;
        } else {
          in_pieces = true;
        }
        const auto from = c.cited.begin() + static_cast<std::ptrdiff_t>(piece.begin);
        targets.insert(targets.end(), from, from + static_cast<std::ptrdiff_t>(piece.size));
        corpus_of.resize(corpus_of.size() + piece.size, corpus);
      }
      release(c.cited);
      release(c.runs);
      release(run_node[b]);
      release(pieces[b]);
    }
    close_row();
    // Row ends were set for rows with citations; the others end where the previous one does.
    for (std::size_t v = 0; v < n; ++v) offsets[v + 1] = std::max(offsets[v + 1], offsets[v]);
  } else {
    for (std::uint64_t i = 0; i < edges.size(); ++i) {
      PendingEdge& e = edges[i];
      if (e.from == kNone) continue;  // taken back by a DeleteCitation
      e.from = final_id[e.from];
      e.to = final_id[e.to];
      if (e.from == e.to) {
        ++stats.self_citations;
        e.from = kNone;
        continue;
      }
      ++offsets[static_cast<std::size_t>(e.from) + 1];
    }
    for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
      const PmidCitations& c = pmid_blocks[b].citations;
      const NodeId* to = c.cited.data();
      for (std::size_t r = 0; r < c.runs.size(); ++r) {
        const NodeId v = run_node[b][r];
        const std::uint32_t count = c.runs[r].count;
        if (v != kNoNode) {
          for (std::uint32_t k = 0; k < count; ++k) {
            if (to[k] == v) {
              ++stats.self_citations;
            } else {
              ++offsets[static_cast<std::size_t>(v) + 1];
            }
          }
        }
        to += count;
      }
    }
    for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
    targets.resize(offsets[n]);
    corpus_of.resize(offsets[n]);
    {
      std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
      for (std::uint64_t i = 0; i < edges.size(); ++i) {
        const PendingEdge& e = edges[i];
        if (e.from == kNone) continue;
        const std::uint64_t slot = cursor[e.from]++;
        targets[slot] = e.to;
        corpus_of[slot] = edge_corpus[i];
      }
      edges.clear();
      edge_corpus.clear();
      for (std::size_t b = 0; b < pmid_blocks.size(); ++b) {
        PmidCitations& c = pmid_blocks[b].citations;
        const NodeId* to = c.cited.data();
        for (std::size_t r = 0; r < c.runs.size(); ++r) {
          const NodeId v = run_node[b][r];
          const std::uint32_t count = c.runs[r].count;
          if (v != kNoNode) {
            for (std::uint32_t k = 0; k < count; ++k) {
              if (to[k] == v) continue;
              const std::uint64_t slot = cursor[v]++;
              targets[slot] = to[k];
              corpus_of[slot] = pmid_blocks[b].corpus;
            }
          }
          to += count;
        }
        release(c.cited);
        release(c.runs);
        release(run_node[b]);
      }
    }
    const std::uint64_t capacity = targets.size();
    for (NodeId u = 0; u < n; ++u) {
      const std::uint64_t begin = offsets[u];
      const std::uint64_t end = offsets[u + 1];
      offsets[u] = write;
      write = compact_row(targets, corpus_of, begin, end, write, sets, capacity, row,
                          stats.duplicate_edges);
    }
    offsets[n] = write;
    targets.resize(write);
  }
  release(run_node);
  release(pmid_blocks);
  release(row);

  // The node table: PMIDs from the ranked set, the rest from the records' works.
  NodeTable t;
  t.pmid.resize(n, 0);
  t.year.resize(n, 0);
  {
    NodeId v = 0;
    present.for_each([&](Pmid pmid) { t.pmid[v++] = pmid; });
    present = PmidSet{};
  }
  {
    // Exactly sized: a doubling vector of 144-byte SourceMeta would be the peak of the build.
    std::size_t count = 0;
    for (const std::uint32_t p : roots) count += protos[p].source != kNone ? 1 : 0;
    for (NodeId v = 0; v < with_pmid; ++v) count += pmid_source[v] ? 1 : 0;
    t.sources.reserve(count);
  }
  for (const std::uint32_t p : roots) {
    const NodeId v = final_id[p];
    Proto& proto = protos[p];
    source_corpora[v] |= proto.source_corpora;
    if (proto.attrs != kNone) {
      Attrs& a = attrs[proto.attrs];
      t.year[v] = a.year;
      WorkText text = std::move(a.text);
      if (!text.title.empty() || !text.journal.empty()) text.citation.clear();
      if (!text.empty()) t.texts.emplace_back(v, std::move(text));
    }
    if (proto.source != kNone) {
      SourceMeta& meta = sources[proto.source];
      if (v < with_pmid && pmid_source[v]) {
        // The same work's records of PMID citations, merged as merge_source() would.
        meta.has_reference_list = true;
        meta.references_listed += listed[v];
        pmid_source[v] = false;
      }
      t.sources.emplace_back(v, std::move(meta));
    }
  }
  release(final_id);
  release(roots);
  // Bare-PMID sources carry nothing but their list's length: 8 bytes each, not a SourceMeta.
  for (NodeId v = 0; v < with_pmid; ++v) {
    if (pmid_source[v]) t.listed_sources.emplace_back(v, listed[v]);
  }
  release(listed);
  release(pmid_source);
  t.source_corpora = std::move(source_corpora);

  std::vector<std::string> graph_corpora = std::move(corpora);
  unify_journals(t.texts, journal_alias);
  clear_inputs();
#ifdef __GLIBC__
  // The blocks were allocated by the reader's threads, in their malloc arenas, and freed here:
  // hand those pages back before the graph's transpose takes its peak.
  malloc_trim(0);
#endif
  return make_graph(std::move(offsets), std::move(targets), std::move(t), std::move(corpus_of),
                    std::move(sets), write, std::move(graph_corpora), threads);
}

}  // namespace citegraph
