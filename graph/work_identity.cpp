// Work identity: which mentions are one work. Provisional nodes merged by union-find on their
// identifiers (PMID, DOI, PMCID, citation keys, title key, text key), and how their fields merge.
#include <algorithm>
#include <string>
#include <type_traits>

#include "graph/builder_impl.hpp"

namespace citegraph::build_detail {
namespace {

// The plausible years of a cited work: printing began in Europe about 1450; a reference can
// be a year ahead of its citing work (in press). Without a citing year, up to 2100.
constexpr int kEarliestYear = 1500;
constexpr int kLatestYear = 2100;

void append_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const std::string& value : from) {
    if (std::find(into.begin(), into.end(), value) == into.end()) into.push_back(value);
  }
}

// The first author of a record ("Surname Initials" or a group) or a reference.
const std::string& first_author_of(const Record& record) {
  static const std::string kNoAuthor;
  return record.authors.empty() ? kNoAuthor : record.authors.front();
}
const std::string& first_author_of(const Reference& reference) { return reference.first_author; }

// A record and a reference state the same fields; `rank` says how far to trust them. `year` is
// the work's year as accepted (a reference's implausible year is dropped by the caller).
template <typename Work>
Mention mention_template(const Work& work, Rank rank, std::optional<int> year) {
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

}  // namespace

Mention mention_of(const Record& record, Rank rank, std::optional<int> year) {
  return mention_template(record, rank, year);
}
Mention mention_of(const Reference& reference, Rank rank, std::optional<int> year) {
  return mention_template(reference, rank, year);
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

void BuilderState::note_journal(const Record& record) {
  if (record.journal.empty()) return;
  journal_alias.try_emplace(journal_key(record.journal), record.journal);
  for (const std::string& name : record.journal_names) {
    journal_alias.try_emplace(journal_key(name), record.journal);
  }
}

void BuilderState::index_block(std::size_t k) {
  const PmidCitations& c = pmid_blocks[k].citations;
  const auto block = static_cast<std::uint32_t>(k);
  for (const PmidRun& run : c.runs) {
    if (pmid_first_block.find(run.citing) == kNone) pmid_first_block.insert(run.citing, block);
  }
  for (const Pmid pmid : c.cited) {
    if (pmid_first_block.find(pmid) == kNone) pmid_first_block.insert(pmid, block);
  }
}

void BuilderState::note_pmid_node(std::uint32_t node, Pmid p) {
  if (pmid_blocks.empty()) return;
  if (!first_block_indexed) {
    for (std::size_t k = 0; k < pmid_blocks.size(); ++k) index_block(k);
    first_block_indexed = true;
  }
  const std::uint32_t k = pmid_first_block.find(p);
  if (k != kNone) late_block.emplace(node, k);
}

bool BuilderState::made_before(std::uint32_t a, std::uint32_t b) const {
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

bool BuilderState::pmid_is_source(Pmid p) {
  if (pmid_sources.contains(p)) return true;
  const std::uint32_t found = by_pmid.find(p);
  return found != kNone && protos[find(found)].source != kNone;
}

std::string BuilderState::key_of(std::uint32_t root) const {
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

std::uint32_t BuilderState::new_proto() {
  const auto id = static_cast<std::uint32_t>(protos.size());
  if (id == kNone) throw InvalidArgument("GraphBuilder: more works than 32-bit ids can address");
  protos.push_back(Proto{0, id, kNone, kNone, 0, 0});
  return id;
}

Attrs& BuilderState::attrs_of(std::uint32_t root) {
  if (protos[root].attrs == kNone) {
    protos[root].attrs = static_cast<std::uint32_t>(attrs.size());
    attrs.emplace_back();
  }
  return attrs[protos[root].attrs];
}

const std::string& BuilderState::doi_of(std::uint32_t root) const {
  static const std::string kEmpty;
  return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].text.doi;
}

const std::string& BuilderState::pmcid_of(std::uint32_t root) const {
  static const std::string kEmpty;
  return protos[root].attrs == kNone ? kEmpty : attrs[protos[root].attrs].text.pmcid;
}

bool BuilderState::compatible(std::uint32_t a, std::uint32_t b) const {
  if (protos[a].pmid != 0 && protos[b].pmid != 0 && protos[a].pmid != protos[b].pmid) return false;
  const std::string& doi_a = doi_of(a);
  const std::string& doi_b = doi_of(b);
  if (!doi_a.empty() && !doi_b.empty() && doi_a != doi_b) return false;
  const std::string& pmc_a = pmcid_of(a);
  const std::string& pmc_b = pmcid_of(b);
  return pmc_a.empty() || pmc_b.empty() || pmc_a == pmc_b;
}

void BuilderState::unite(std::uint32_t a, std::uint32_t b) {
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

std::uint32_t BuilderState::lookup(const std::unordered_map<std::string, std::uint32_t>& map,
                                   const std::string& key) {
  if (key.empty()) return kNone;
  auto it = map.find(key);
  return it == map.end() ? kNone : find(it->second);
}

std::optional<int> BuilderState::plausible_year(const Reference& ref, const Record& citing,
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

void BuilderState::count_resolved(std::uint32_t x, std::uint32_t y, std::size_t kind) {
  if ((protos[x].pmid != 0) == (protos[y].pmid != 0)) return;
  Proto& textual = protos[x].pmid == 0 ? protos[x] : protos[y];
  stats.references_resolved[kind] += textual.text_references;
  textual.text_references = 0;
}

std::uint32_t BuilderState::merge_keyed(const Attrs& a, std::uint32_t current,
                                        std::size_t& first_kind, const Where& where) {
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

std::uint32_t BuilderState::resolve(const Mention& m, const Where& where) {
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

std::string BuilderState::describe(std::uint32_t root) const {
  if (protos[root].pmid != 0) return "PMID " + std::to_string(protos[root].pmid);
  if (!doi_of(root).empty()) return "doi:" + doi_of(root);
  return "#" + std::to_string(root);
}

}  // namespace citegraph::build_detail
