// The output tables of a run: each analysis result as the writers' tables
// (pipeline/tables.hpp).
#include "citegraph/pipeline/tables.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <ostream>
#include <sstream>
#include <string>

#include "pipeline/table_columns.hpp"

namespace citegraph::pipeline {

using detail::push_optional;
using detail::push_text;
using io::ValueType;

std::string label_of(const CitationGraph& graph, NodeId v) {
  const WorkText& t = graph.text(v);
  if (!t.title.empty()) return t.title;
  const std::string year = graph.year(v) != 0 ? std::to_string(graph.year(v)) : std::string();
  std::string label;
  auto add = [&label](const std::string& part, const char* separator) {
    if (part.empty()) return;
    if (!label.empty()) label += separator;
    label += part;
  };
  if (!t.first_author.empty()) {  // "Campanacci M 1987 J Bone Joint Surg Am 69:106-114"
    add(t.first_author, " ");
    add(year, " ");
    add(t.journal, " ");
    if (!t.volume.empty()) add(t.pages.empty() ? t.volume : t.volume + ':' + t.pages, " ");
  } else {  // "J Clin Invest 2002;109:337-46", as PubMed prints a reference
    add(t.journal, " ");
    add(year, " ");
    if (!label.empty() && !t.volume.empty()) {
      label += ';' + t.volume;
      if (!t.pages.empty()) label += ':' + t.pages;
    }
  }
  if (label.empty() || (label == year && !t.citation.empty())) {
    label = t.citation.empty() ? label : t.citation;  // the citation text as the last resort
  }
  return label.empty() ? graph.node_key(v) : label;
}

namespace {

// Lists (authors, affiliations, keywords, MeSH) become one text field, "; "-separated.
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "; ";
    out += item;
  }
  return out;
}

}  // namespace

std::string corpus_names(const CitationGraph& graph, CorpusSet set) {
  std::string out;
  for (std::size_t c = 0; c < graph.corpora().size(); ++c) {
    if ((set >> c & 1u) == 0) continue;
    if (!out.empty()) out += ';';
    out += graph.corpora()[c];
  }
  return out;
}

io::GraphTables citation_tables(const CitationGraph& graph) {
  using io::ValueType;
  io::GraphTables tables;
  tables.directed = true;
  const NodeId n = graph.num_nodes();
  tables.node_ids.reserve(n);
  io::Table& attrs = tables.node_attributes;
  // All columns first: Column references stay valid only once the table stops growing.
  for (const char* name : {"label", "pmid", "doi", "pmcid", "title", "journal"}) {
    attrs.add(name, ValueType::kString);
  }
  attrs.add("year", ValueType::kInt);
  for (const char* name : {"volume", "issue", "pages", "kind", "corpora", "authors", "affiliations",
                           "keywords", "mesh"}) {
    attrs.add(name, ValueType::kString);
  }
  attrs.add("retracted", ValueType::kBoolean);
  attrs.add("in_degree", ValueType::kInt);
  attrs.add("out_degree", ValueType::kInt);
  auto& c = attrs.columns;
  io::Column &label = c[0], &pmid = c[1], &doi = c[2], &pmcid = c[3], &title = c[4],
             &journal = c[5], &year = c[6], &volume = c[7], &issue = c[8], &pages = c[9],
             &kind = c[10], &corpora = c[11], &authors = c[12], &affiliations = c[13],
             &keywords = c[14], &mesh = c[15], &retracted = c[16], &in_degree = c[17],
             &out_degree = c[18];
  for (NodeId v = 0; v < n; ++v) {
    const WorkText& t = graph.text(v);
    tables.node_ids.push_back(graph.node_key(v));
    label.push(label_of(graph, v));
    push_text(pmid, graph.pmid(v) == 0 ? std::string() : std::to_string(graph.pmid(v)));
    push_text(doi, t.doi);
    push_text(pmcid, t.pmcid);
    push_text(title, t.title);
    push_text(journal, t.journal);
    if (graph.year(v) == 0) {
      year.push_missing();
    } else {
      year.push(static_cast<std::int64_t>(graph.year(v)));
    }
    push_text(volume, t.volume);
    push_text(issue, t.issue);
    push_text(pages, t.pages);
    kind.push(std::string(graph.is_source(v) ? "source" : "cited-only"));
    push_text(corpora, corpus_names(graph, graph.corpora(v)));
    const SourceMeta* meta = graph.source_meta(v);
    push_text(authors, meta ? join(meta->authors) : std::string());
    push_text(affiliations, meta ? join(meta->affiliations) : std::string());
    push_text(keywords, meta ? join(meta->keywords) : std::string());
    push_text(mesh, meta ? join(meta->mesh) : std::string());
    if (meta != nullptr) {
      retracted.push(meta->retracted);
    } else {
      retracted.push_missing();
    }
    in_degree.push(static_cast<std::int64_t>(graph.in().degree(v)));
    out_degree.push(static_cast<std::int64_t>(graph.out().degree(v)));
  }
  io::Column& corpus = tables.edge_attributes.add("corpus", ValueType::kString);
  tables.edges.reserve(graph.num_edges());
  for (NodeId u = 0; u < n; ++u) {
    const std::uint64_t first = graph.out().first_edge(u);
    const auto row = graph.out().neighbors(u);
    for (std::size_t i = 0; i < row.size(); ++i) {
      tables.edges.emplace_back(u, row[i]);
      corpus.push(corpus_names(graph, graph.edge_corpora(first + i)));
    }
  }
  return tables;
}

io::Table nodes_csv_table(const io::GraphTables& tables) {
  io::Table out;
  out.columns.reserve(tables.node_attributes.columns.size() + 1);
  io::Column& id = out.add("Id", io::ValueType::kString);
  for (const std::string& key : tables.node_ids) id.push(io::graphml_node_id(key));
  for (const io::Column& column : tables.node_attributes.columns) {
    io::Column copy = column;
    if (copy.name == "label") copy.name = "Label";
    out.columns.push_back(std::move(copy));
  }
  return out;
}

io::Table edges_csv_table(const io::GraphTables& tables) {
  io::Table out;
  out.columns.reserve(tables.edge_attributes.columns.size() + 3);
  io::Column& source = out.add("Source", io::ValueType::kString);
  io::Column& target = out.add("Target", io::ValueType::kString);
  io::Column& type = out.add("Type", io::ValueType::kString);
  const std::string kind = tables.directed ? "Directed" : "Undirected";
  std::vector<std::string> ids;
  ids.reserve(tables.node_ids.size());
  for (const std::string& key : tables.node_ids) ids.push_back(io::graphml_node_id(key));
  for (const auto& [from, to] : tables.edges) {
    source.push(ids[from]);
    target.push(ids[to]);
    type.push(kind);
  }
  for (const io::Column& column : tables.edge_attributes.columns) {
    io::Column copy = column;
    if (copy.name == "weight") copy.name = "Weight";
    out.columns.push_back(std::move(copy));
  }
  return out;
}

void add_centrality_columns(io::Table& attrs, const CitationCentrality& c) {
  // A measure not computed has no column: an absent column, never a column of zeros.
  const std::pair<const char*, const std::vector<double>*> columns[] = {
      {"pagerank", &c.pagerank},
      {"hub", &c.hub},
      {"authority", &c.authority},
      {"betweenness", &c.betweenness},
      {"betweenness_error", &c.betweenness_error},
      {"harmonic", &c.harmonic},
      {"harmonic_error", &c.harmonic_error}};
  for (const auto& [name, values] : columns) {
    if (!values->empty()) detail::push_double_column(attrs, name, *values);
  }
}

void add_cluster_column(io::Table& node_attributes, NodeId num_nodes, const CocitationMap& map) {
  if (map.cluster.empty() || map.cluster.size() != map.nodes.size()) return;
  io::Column& column = node_attributes.add("cluster", ValueType::kInt);
  std::size_t i = 0;
  for (NodeId v = 0; v < num_nodes; ++v) {
    while (i < map.nodes.size() && map.nodes[i] < v) ++i;
    if (i < map.nodes.size() && map.nodes[i] == v) {
      column.push(static_cast<std::int64_t>(map.cluster[i]));
    } else {
      column.push_missing();
    }
  }
}

io::Table pairs_table(const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params) {
  io::Table table;
  for (const char* name : {"Source", "Target"}) table.add(name, ValueType::kString);
  table.add("Weight", ValueType::kDouble);
  table.add("Type", ValueType::kString);
  for (const char* name : {"count", "association", "cosine", "jaccard", "inclusion"}) {
    table.add(name, ValueType::kDouble);
  }
  table.add(coupling ? "cited" : "citing", ValueType::kString);
  table.add(coupling ? "cited_total" : "citing_total", ValueType::kLong);
  auto& c = table.columns;
  const std::size_t limit = detail::witness_limit(params);
  // Ids are made per use, not for every node up front: a streamed run may touch few nodes of a
  // PubMed-size graph.
  const auto id = [&graph](NodeId v) { return io::graphml_node_id(graph.node_key(v)); };
  const PairKind kind = coupling ? PairKind::kCoupling : PairKind::kCocitation;
  std::vector<NodeId> witnesses;
  for (const Pair& pair : pairs) {
    c[0].push(id(pair.a));
    c[1].push(id(pair.b));
    c[2].push(pair_strength(item_count, pair, weight));
    c[3].push(std::string("Undirected"));
    c[4].push(pair.count);
    c[5].push(pair_strength(item_count, pair, Normalization::kAssociation));
    c[6].push(pair_strength(item_count, pair, Normalization::kCosine));
    c[7].push(pair_strength(item_count, pair, Normalization::kJaccard));
    c[8].push(pair_strength(item_count, pair, Normalization::kInclusion));
    witnesses.clear();
    std::uint64_t total = 0;
    if (params.witnesses) {
      total = pair_witnesses(graph, kind, params.corpora, pair.a, pair.b, limit, witnesses);
    }
    if (witnesses.empty()) {
      c[9].push_missing();
    } else {
      c[9].push(detail::join_ids(graph, witnesses));
    }
    if (params.witnesses) {
      c[10].push(static_cast<std::int64_t>(total));
    } else {
      c[10].push_missing();
    }
  }
  return table;
}

io::Table overlap_table(const CitationGraph& graph, const OverlapResult& overlap) {
  io::Table table;
  table.add("corpus_x", ValueType::kString);
  table.add("corpus_y", ValueType::kString);
  for (OverlapFacet facet : kOverlapFacets) {
    const std::string f(facet_name(facet));
    for (const char* name : {"_x", "_y", "_shared", "_union"})
      table.add(f + name, ValueType::kLong);
    for (const char* name : {"_jaccard", "_cosine", "_overlap", "_p_value"}) {
      table.add(f + name, ValueType::kDouble);
    }
    table.add(f + "_universe", ValueType::kLong);
    table.add(f + "_note", ValueType::kString);
  }
  for (const CorpusPairOverlap& pair : overlap.pairs) {
    std::size_t col = 0;
    auto& c = table.columns;
    c[col++].push(graph.corpora()[pair.x]);
    c[col++].push(graph.corpora()[pair.y]);
    for (OverlapFacet facet : kOverlapFacets) {
      const SetOverlap& s = pair[facet];
      push_optional(c[col++], s.size_x);
      push_optional(c[col++], s.size_y);
      push_optional(c[col++], s.shared);
      push_optional(c[col++], s.union_size);
      push_optional(c[col++], s.jaccard);
      push_optional(c[col++], s.cosine);
      push_optional(c[col++], s.overlap_coefficient);
      push_optional(c[col++], s.p_value);
      c[col++].push(static_cast<std::int64_t>(s.universe));
      if (s.missing_reason.empty()) {
        c[col++].push_missing();
      } else {
        c[col++].push(s.missing_reason);
      }
    }
  }
  return table;
}

io::Table shared_table(const CitationGraph& graph, const OverlapResult& overlap) {
  io::Table table;
  for (const char* name : {"Id", "Label", "pmid", "doi", "journal"})
    table.add(name, ValueType::kString);
  table.add("year", ValueType::kInt);
  table.add("corpora", ValueType::kString);
  table.add("corpus_count", ValueType::kInt);
  table.add("citing_sources", ValueType::kLong);
  auto& c = table.columns;
  for (const SharedWork& work : overlap.shared_works) {
    const NodeId v = work.node;
    const WorkText& t = graph.text(v);
    c[0].push(io::graphml_node_id(graph.node_key(v)));
    c[1].push(label_of(graph, v));
    if (graph.pmid(v) == 0) {
      c[2].push_missing();
    } else {
      c[2].push(std::to_string(graph.pmid(v)));
    }
    if (t.doi.empty()) {
      c[3].push_missing();
    } else {
      c[3].push(t.doi);
    }
    if (t.journal.empty()) {
      c[4].push_missing();
    } else {
      c[4].push(t.journal);
    }
    if (graph.year(v) == 0) {
      c[5].push_missing();
    } else {
      c[5].push(static_cast<std::int64_t>(graph.year(v)));
    }
    c[6].push(corpus_names(graph, work.cited_by));
    c[7].push(static_cast<std::int64_t>(__builtin_popcountll(work.cited_by)));
    c[8].push(static_cast<std::int64_t>(work.citing_sources));
  }
  return table;
}

namespace {
std::vector<const CorpusDistribution*> all_rows(const DistributionResult& d) {
  std::vector<const CorpusDistribution*> rows;
  for (const CorpusDistribution& corpus : d.corpora) rows.push_back(&corpus);
  rows.push_back(&d.overall);
  return rows;
}
}  // namespace

io::Table journals_table(const DistributionResult& distributions) {
  io::Table table;
  table.add("corpus", ValueType::kString);
  table.add("journal", ValueType::kString);
  table.add("count", ValueType::kLong);
  table.add("share", ValueType::kDouble);
  table.add("rank", ValueType::kLong);
  table.add("bradford_zone", ValueType::kInt);
  auto& c = table.columns;
  for (const CorpusDistribution* corpus : all_rows(distributions)) {
    for (const JournalRow& row : corpus->journals) {
      c[0].push(corpus->corpus);
      c[1].push(row.journal);
      c[2].push(static_cast<std::int64_t>(row.count));
      c[3].push(row.share);
      c[4].push(static_cast<std::int64_t>(row.rank));
      c[5].push(static_cast<std::int64_t>(row.bradford_zone));
    }
    if (corpus->unknown_journal > 0) {
      // Citations whose journal is unknown are counted here, never dropped.
      c[0].push(corpus->corpus);
      c[1].push_missing();
      c[2].push(static_cast<std::int64_t>(corpus->unknown_journal));
      c[3].push(static_cast<double>(corpus->unknown_journal) /
                static_cast<double>(corpus->references));
      c[4].push_missing();
      c[5].push_missing();
    }
  }
  return table;
}

io::Table years_table(const DistributionResult& distributions) {
  io::Table table;
  table.add("corpus", ValueType::kString);
  table.add("year", ValueType::kInt);
  table.add("count", ValueType::kLong);
  table.add("rpys_median", ValueType::kLong);
  table.add("rpys_deviation", ValueType::kLong);
  auto& c = table.columns;
  for (const CorpusDistribution* corpus : all_rows(distributions)) {
    for (const YearRow& row : corpus->years) {
      c[0].push(corpus->corpus);
      c[1].push(static_cast<std::int64_t>(row.year));
      c[2].push(static_cast<std::int64_t>(row.count));
      c[3].push(static_cast<std::int64_t>(row.rpys_median));
      c[4].push(row.rpys_deviation);
    }
    if (corpus->unknown_year > 0) {
      // References without a year: an empty year, never a guessed one.
      c[0].push(corpus->corpus);
      c[1].push_missing();
      c[2].push(static_cast<std::int64_t>(corpus->unknown_year));
      c[3].push_missing();
      c[4].push_missing();
    }
  }
  return table;
}

io::Table citation_centrality_table(const CitationGraph& graph, const CitationCentrality& c) {
  io::Table table;
  table.add("Id", ValueType::kString);
  table.add("Label", ValueType::kString);
  const bool degree = !c.in_degree.empty();
  if (degree) {
    table.add("in_degree", ValueType::kLong);
    table.add("out_degree", ValueType::kLong);
  }
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    table.columns[0].push(io::graphml_node_id(graph.node_key(v)));
    table.columns[1].push(label_of(graph, v));
    if (degree) {
      table.columns[2].push(static_cast<std::int64_t>(c.in_degree[v]));
      table.columns[3].push(static_cast<std::int64_t>(c.out_degree[v]));
    }
  }
  add_centrality_columns(table, c);
  return table;
}

io::Table cocitation_centrality_table(const CitationGraph& graph, const PairResult& pairs,
                                      const CocitationCentrality& centrality) {
  // The network's node table with the Gephi Id/Label names.
  const io::GraphTables network =
      cocitation_tables(graph, pairs, centrality, Normalization::kCount, false, CocitationMap{});
  io::Table table;
  table.add("Id", ValueType::kString);
  for (const std::string& id : network.node_ids) table.columns[0].push(io::graphml_node_id(id));
  for (io::Column column : network.node_attributes.columns) {
    if (column.name == "label") column.name = "Label";
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace citegraph::pipeline
