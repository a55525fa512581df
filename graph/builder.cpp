// GraphBuilder: identity resolution with a union-find over provisional nodes, then one
// sort-and-compact pass that assigns final ids, drops self-citations and duplicate edges.
#include "graph/builder.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace citegraph {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// How much we trust a node's bibliographic fields: a parsed record beats a citation string.
enum class Rank : std::uint8_t { kUnranked = 0, kCitation = 1, kRecord = 2 };

struct Attrs {
  std::string doi, pmcid, citation_key, title_key;
  std::string title, journal, volume, issue, pages;
  std::int32_t year = 0;
  Rank rank = Rank::kUnranked;
};

// A provisional node: one per distinct identity seen, merged by union-find.
struct Proto {
  Pmid pmid = 0;
  std::uint32_t parent;
  std::uint32_t attrs = kNone;   // row in Impl::attrs
  std::uint32_t source = kNone;  // row in Impl::sources
  CorpusSet source_corpora = 0;
};

struct PendingEdge {
  std::uint32_t from;
  std::uint32_t to;
  std::uint32_t corpus;
};

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

// Fills `into`'s empty fields from `from`, or takes all of `from`'s when it ranks higher.
void merge_attrs(Attrs& into, const Attrs& from) {
  auto fill = [](std::string& a, const std::string& b) {
    if (a.empty()) a = b;
  };
  fill(into.doi, from.doi);
  fill(into.pmcid, from.pmcid);
  fill(into.citation_key, from.citation_key);
  fill(into.title_key, from.title_key);
  if (from.rank > into.rank) {
    auto take = [](std::string& a, const std::string& b) {
      if (!b.empty()) a = b;
    };
    take(into.title, from.title);
    take(into.journal, from.journal);
    take(into.volume, from.volume);
    take(into.issue, from.issue);
    take(into.pages, from.pages);
    if (from.year != 0) into.year = from.year;
    into.rank = from.rank;
  } else {
    fill(into.title, from.title);
    fill(into.journal, from.journal);
    fill(into.volume, from.volume);
    fill(into.issue, from.issue);
    fill(into.pages, from.pages);
    if (into.year == 0) into.year = from.year;
  }
}

// What one mention (a record or a reference) says about a work.
struct Mention {
  const WorkIds* ids;
  Attrs attrs;
};

}  // namespace

struct GraphBuilder::Impl {
  std::vector<std::string> corpora;
  std::vector<Proto> protos;
  std::vector<Attrs> attrs;
  std::vector<SourceMeta> sources;
  // Per source row: the ranges [begin, end) of `edges` its records added, so that a
  // DeleteCitation can take them back.
  std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> source_edges;
  std::vector<PendingEdge> edges;
  std::unordered_map<Pmid, std::uint32_t> by_pmid;
  std::unordered_map<std::string, std::uint32_t> by_doi, by_pmcid, by_citation_key, by_title_key;
  BuildStats stats;
  Diagnostics diagnostics;

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
    protos.push_back(Proto{0, id, kNone, kNone, 0});
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
    return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].doi;
  }
  const std::string& pmcid_of(std::uint32_t root) const {
    static const std::string kEmpty;
    return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].pmcid;
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
    if (a > b) std::swap(a, b);
    Proto& pa = protos[a];
    Proto& pb = protos[b];
    pb.parent = a;
    if (pa.pmid == 0) pa.pmid = pb.pmid;
    pa.source_corpora |= pb.source_corpora;
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

  // Finds or creates the node of a mention and merges the nodes its identifiers point to.
  // Returns kNone when the mention carries no identity at all.
  std::uint32_t resolve(const Mention& m, const SourceLocation& where) {
    const WorkIds& ids = *m.ids;
    const Attrs& a = m.attrs;
    const Pmid pmid = ids.pmid.value_or(0);
    if (pmid == 0 && a.doi.empty() && a.pmcid.empty() && a.citation_key.empty() &&
        a.title_key.empty()) {
      return kNone;
    }
    std::uint32_t candidates[4] = {lookup(by_doi, a.doi), lookup(by_pmcid, a.pmcid),
                                   lookup(by_citation_key, a.citation_key),
                                   lookup(by_title_key, a.title_key)};
    std::uint32_t current = kNone;
    if (pmid != 0) {
      auto it = by_pmid.find(pmid);
      if (it != by_pmid.end()) {
        current = find(it->second);
      } else {
        current = new_proto();
        protos[current].pmid = pmid;
        by_pmid.emplace(pmid, current);
      }
    }
    for (std::uint32_t& candidate : candidates) {
      if (candidate == kNone) continue;
      candidate = find(candidate);
      if (current == kNone) {
        current = candidate;
        continue;
      }
      if (candidate == current) continue;
      if (compatible(current, candidate)) {
        unite(current, candidate);
        current = find(current);
      } else {
        ++stats.identity_conflicts;
        diagnostics.warn("works not merged: conflicting identifiers",
                         Issue{where,
                               "the work " + describe(candidate) + " shares an identifier with " +
                                   describe(current) + " but their PMIDs/DOIs differ; kept apart",
                               {}});
      }
    }
    if (current == kNone) current = new_proto();
    // Register this mention's identifiers, and record them on the node where it has none.
    Attrs& target = attrs_of(current);
    Attrs incoming = a;
    if (!target.doi.empty() && !incoming.doi.empty() && target.doi != incoming.doi) {
      incoming.doi.clear();  // conflict already reported; keep the node's own DOI
    }
    if (!target.pmcid.empty() && !incoming.pmcid.empty() && target.pmcid != incoming.pmcid) {
      incoming.pmcid.clear();
    }
    merge_attrs(target, incoming);
    auto remember = [current](std::unordered_map<std::string, std::uint32_t>& map,
                              const std::string& key) {
      if (!key.empty()) map.try_emplace(key, current);
    };
    remember(by_doi, a.doi);
    remember(by_pmcid, a.pmcid);
    remember(by_citation_key, a.citation_key);
    remember(by_title_key, a.title_key);
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
  Mention self{&record.ids, {}};
  self.attrs.doi = normalize_doi(record.ids.doi);
  self.attrs.pmcid = normalize_pmcid(record.ids.pmcid);
  self.attrs.citation_key = citation_key(record.journal, record.year, record.volume, record.pages);
  self.attrs.title_key = title_key(record.title);
  self.attrs.title = record.title;
  self.attrs.journal = record.journal;
  self.attrs.year = record.year.value_or(0);
  self.attrs.volume = record.volume;
  self.attrs.issue = record.issue;
  self.attrs.pages = record.pages;
  self.attrs.rank = Rank::kRecord;
  const std::uint32_t node = im.resolve(self, record.where);
  if (node == kNone) {
    im.diagnostics.skip(
        "record without PMID, DOI, PMCID, citation key or title",
        Issue{record.where, "record has no identity; skipped with its references", {}});
    return;
  }

  SourceMeta meta;
  meta.where = record.where;
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
    Mention cited{&ref.ids, {}};
    cited.attrs.doi = normalize_doi(ref.ids.doi);
    cited.attrs.pmcid = normalize_pmcid(ref.ids.pmcid);
    cited.attrs.citation_key = citation_key(ref.journal, ref.year, ref.volume, ref.pages);
    cited.attrs.title_key = title_key(ref.title);
    cited.attrs.title = ref.title;
    cited.attrs.journal = ref.journal;
    cited.attrs.year = ref.year.value_or(0);
    cited.attrs.volume = ref.volume;
    cited.attrs.issue = ref.issue;
    cited.attrs.pages = ref.pages;
    cited.attrs.rank = Rank::kCitation;
    const SourceLocation& where = ref.where.path.empty() ? record.where : ref.where;
    const std::uint32_t target = im.resolve(cited, where);
    if (target == kNone) {
      ++im.stats.references_unidentified;
      im.diagnostics.skip("reference without PMID, DOI, PMCID or journal/year/volume/page",
                          Issue{where, "reference cannot be identified: " + ref.citation, {}});
      continue;
    }
    im.edges.push_back(PendingEdge{node, target, static_cast<std::uint32_t>(corpus)});
  }
  if (im.edges.size() > first_edge) {
    im.source_edges[im.protos[im.find(node)].source].emplace_back(first_edge, im.edges.size());
  }
}

void GraphBuilder::remove(const Record& deletion) {
  Impl& im = *impl_;
  if (!deletion.ids.pmid) {
    im.diagnostics.skip("deletion without PMID",
                        Issue{deletion.where, "DeleteCitation entry without a PMID", {}});
    return;
  }
  auto it = im.by_pmid.find(*deletion.ids.pmid);
  if (it == im.by_pmid.end() || im.protos[im.find(it->second)].source == kNone) {
    ++im.stats.deletions_unmatched;  // PubMed deletes records we never read: normal
    return;
  }
  ++im.stats.records_deleted;
  Proto& proto = im.protos[im.find(it->second)];
  for (const auto& [begin, end] : im.source_edges[proto.source]) {
    for (std::uint64_t e = begin; e < end; ++e) im.edges[e].from = kNone;
  }
  im.source_edges[proto.source].clear();
  im.sources[proto.source] = SourceMeta{};
  proto.source = kNone;
  proto.source_corpora = 0;
}

const BuildStats& GraphBuilder::stats() const { return impl_->stats; }
const Diagnostics& GraphBuilder::diagnostics() const { return impl_->diagnostics; }

CitationGraph GraphBuilder::build() {
  Impl& im = *impl_;
  // A work that is no source stays only while a live citation names it: after a
  // DeleteCitation, a deleted record and the works only it cited disappear.
  std::vector<std::uint8_t> cited(im.protos.size(), 0);
  for (const PendingEdge& e : im.edges) {
    if (e.from != kNone) cited[im.find(e.to)] = 1;
  }
  // Roots in final order: PMIDs ascending, then the others by their key string.
  std::vector<std::uint32_t> roots;
  for (std::uint32_t p = 0; p < im.protos.size(); ++p) {
    if (im.find(p) != p) continue;
    const Proto& proto = im.protos[p];
    if (proto.source == kNone && cited[p] == 0) continue;
    roots.push_back(p);
  }
  auto key_of = [&](std::uint32_t root) -> std::string {
    const Proto& proto = im.protos[root];
    static const Attrs kEmpty;
    const Attrs& a = proto.attrs == kNone ? kEmpty : im.attrs[proto.attrs];
    if (!a.doi.empty()) return "doi:" + a.doi;
    if (!a.pmcid.empty()) return "pmc:" + a.pmcid;
    if (!a.citation_key.empty()) return "key:" + a.citation_key;
    return "title:" + a.title_key;
  };
  std::vector<std::string> keys(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (im.protos[roots[i]].pmid == 0) keys[i] = key_of(roots[i]);
  }
  std::vector<std::uint32_t> order(roots.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Pmid px = im.protos[roots[x]].pmid;
    const Pmid py = im.protos[roots[y]].pmid;
    if ((px != 0) != (py != 0)) return px != 0;
    if (px != 0) return px < py;
    return keys[x] < keys[y];
  });
  std::vector<NodeId> final_id(im.protos.size(), kNoNode);
  for (std::uint32_t i = 0; i < order.size(); ++i) final_id[roots[order[i]]] = i;
  for (std::uint32_t p = 0; p < im.protos.size(); ++p) final_id[p] = final_id[im.find(p)];
  cited.clear();
  cited.shrink_to_fit();

  const auto n = static_cast<NodeId>(roots.size());
  NodeTable t;
  t.pmid.resize(n);
  t.year.resize(n);
  t.source_corpora.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    Proto& proto = im.protos[roots[order[v]]];
    t.pmid[v] = proto.pmid;
    t.source_corpora[v] = proto.source_corpora;
    if (proto.attrs != kNone) {
      Attrs& a = im.attrs[proto.attrs];
      t.year[v] = a.year;
      WorkText text{std::move(a.doi),       std::move(a.pmcid), std::move(a.citation_key),
                    std::move(a.title_key), std::move(a.title), std::move(a.journal),
                    std::move(a.volume),    std::move(a.issue), std::move(a.pages)};
      if (!text.empty()) t.texts.emplace_back(v, std::move(text));
    }
    if (proto.source != kNone) t.sources.emplace_back(v, std::move(im.sources[proto.source]));
  }
  im.attrs = {};
  im.sources = {};

  // Edges: map to final ids, drop self-citations, sort, merge duplicates (OR their corpora).
  struct Edge {
    NodeId from, to;
    CorpusSet corpora;
  };
  std::vector<Edge> edges;
  edges.reserve(im.edges.size());
  for (const PendingEdge& e : im.edges) {
    if (e.from == kNone) continue;  // taken back by a DeleteCitation
    const NodeId from = final_id[e.from];
    const NodeId to = final_id[e.to];
    if (from == to) {
      ++im.stats.self_citations;
      continue;
    }
    edges.push_back(Edge{from, to, CorpusSet{1} << e.corpus});
  }
  im.edges.clear();
  im.edges.shrink_to_fit();
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
  });
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<NodeId> targets;
  std::vector<CorpusSet> edge_corpora;
  targets.reserve(edges.size());
  edge_corpora.reserve(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (i > 0 && edges[i].from == edges[i - 1].from && edges[i].to == edges[i - 1].to) {
      ++im.stats.duplicate_edges;
      edge_corpora.back() |= edges[i].corpora;
      continue;
    }
    targets.push_back(edges[i].to);
    edge_corpora.push_back(edges[i].corpora);
    ++offsets[static_cast<std::size_t>(edges[i].from) + 1];
  }
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];

  std::vector<std::string> corpora = im.corpora;
  BuildStats stats = im.stats;
  Diagnostics diagnostics = im.diagnostics;
  *impl_ = Impl{};
  impl_->stats = stats;
  impl_->diagnostics = std::move(diagnostics);
  return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(t),
                       std::move(edge_corpora), std::move(corpora));
}

}  // namespace citegraph
