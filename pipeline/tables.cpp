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

#include "graph/thread_team.hpp"

namespace citegraph::pipeline {
namespace {

using io::ValueType;

void push_optional(io::Column& column, const std::optional<double>& value) {
  if (value) {
    column.push(*value);
  } else {
    column.push_missing();
  }
}

void push_optional(io::Column& column, const std::optional<std::uint64_t>& value) {
  if (value) {
    column.push(static_cast<std::int64_t>(*value));
  } else {
    column.push_missing();
  }
}

void push_double_column(io::Table& table, const std::string& name,
                        const std::vector<double>& values) {
  io::Column& column = table.add(name, ValueType::kDouble);
  for (double value : values) column.push(value);
}

// The node ids behind a pair, as the output files name them, space-separated.
std::string join_ids(const CitationGraph& graph, std::span<const NodeId> ids) {
  std::string out;
  for (NodeId v : ids) {
    if (!out.empty()) out += ' ';
    out += io::graphml_node_id(graph.node_key(v));
  }
  return out;
}

// The writers' bound on listed witnesses: PairParams::witness_limit, 0 = all.
std::size_t witness_limit(const PairParams& params) {
  return params.witness_limit == 0 ? kAllWitnesses : static_cast<std::size_t>(params.witness_limit);
}

}  // namespace

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

void push_text(io::Column& column, const std::string& text) {
  if (text.empty()) {
    column.push_missing();
  } else {
    column.push(text);
  }
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
    if (!values->empty()) push_double_column(attrs, name, *values);
  }
}

io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight,
                                  bool witnesses, const CocitationMap& map,
                                  std::uint64_t limit_witnesses) {
  const std::size_t limit = limit_witnesses == 0 ? kAllWitnesses : limit_witnesses;
  io::GraphTables tables;
  tables.directed = false;
  // The works and pairs shown: the map's, or (no map) every pair and its works.
  std::vector<std::uint64_t> shown_pairs = map.pairs;
  if (map.nodes.empty()) {
    shown_pairs.resize(pairs.pairs.size());
    std::iota(shown_pairs.begin(), shown_pairs.end(), std::uint64_t{0});
  }
  std::vector<std::uint32_t> row(graph.num_nodes(), kNoNode);
  for (const std::uint64_t i : shown_pairs) {
    row[pairs.pairs[i].a] = 0;
    row[pairs.pairs[i].b] = 0;
  }
  for (const NodeId v : map.nodes) row[v] = 0;  // works of the map without a pair on it
  const bool clustered = !map.cluster.empty() && map.cluster.size() == map.nodes.size();
  const bool laid_out = !map.x.empty() && map.x.size() == map.nodes.size();
  io::Table& nodes = tables.node_attributes;
  for (const char* name : {"label", "pmid", "doi", "journal"}) nodes.add(name, ValueType::kString);
  nodes.add("year", ValueType::kInt);
  nodes.add("citations", ValueType::kDouble);
  // The co-citation centralities computed (--measures): a column each, none for those left out.
  std::vector<const std::vector<double>*> measures;
  const std::pair<const char*, const std::vector<double>*> measure_columns[] = {
      {"strength", &centrality.strength},
      {"eigenvector", &centrality.eigenvector},
      {"betweenness", &centrality.betweenness}};
  for (const auto& [name, values] : measure_columns) {
    if (values->empty()) continue;
    nodes.add(name, ValueType::kDouble);
    measures.push_back(values);
  }
  if (clustered) nodes.add("cluster", ValueType::kInt);
  if (laid_out) {
    nodes.add("x", ValueType::kDouble);
    nodes.add("y", ValueType::kDouble);
  }
  const bool sigma = !map.sigma.empty() && map.sigma.size() == map.nodes.size();
  if (sigma) nodes.add("sigma", ValueType::kDouble);
  auto& c = nodes.columns;
  std::uint32_t next = 0;
  std::size_t on_map = 0;  // index into map.nodes (ascending, like v)
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (row[v] == kNoNode) continue;
    row[v] = next++;
    const WorkText& t = graph.text(v);
    tables.node_ids.push_back(graph.node_key(v));
    c[0].push(label_of(graph, v));
    if (graph.pmid(v) != 0) {
      c[1].push(std::to_string(graph.pmid(v)));
    } else {
      c[1].push_missing();
    }
    if (t.doi.empty()) {
      c[2].push_missing();
    } else {
      c[2].push(t.doi);
    }
    if (t.journal.empty()) {
      c[3].push_missing();
    } else {
      c[3].push(t.journal);
    }
    if (graph.year(v) == 0) {
      c[4].push_missing();
    } else {
      c[4].push(static_cast<std::int64_t>(graph.year(v)));
    }
    c[5].push(pairs.item_count[v]);
    std::size_t column = 6;
    for (const std::vector<double>* values : measures) c[column++].push((*values)[v]);
    if (clustered || laid_out || sigma) {
      while (map.nodes[on_map] < v) ++on_map;
      if (clustered) c[column++].push(static_cast<std::int64_t>(map.cluster[on_map]));
      if (laid_out) {
        c[column++].push(map.x[on_map]);
        c[column++].push(map.y[on_map]);
      }
      if (sigma) c[column].push(map.sigma[on_map]);
    }
  }
  io::Table& edges = tables.edge_attributes;
  edges.add("weight", ValueType::kDouble);
  for (const char* name : {"count", "association", "cosine", "jaccard", "inclusion"}) {
    edges.add(name, ValueType::kDouble);
  }
  edges.add("citing", ValueType::kString);
  edges.add("citing_total", ValueType::kLong);
  auto& e = edges.columns;
  std::vector<NodeId> citing;
  for (const std::uint64_t i : shown_pairs) {
    const Pair& pair = pairs.pairs[i];
    tables.edges.emplace_back(row[pair.a], row[pair.b]);
    e[0].push(pair_strength(pairs, pair, weight));
    e[1].push(pair.count);
    e[2].push(pair_strength(pairs, pair, Normalization::kAssociation));
    e[3].push(pair_strength(pairs, pair, Normalization::kCosine));
    e[4].push(pair_strength(pairs, pair, Normalization::kJaccard));
    e[5].push(pair_strength(pairs, pair, Normalization::kInclusion));
    citing.clear();
    std::uint64_t total = 0;
    if (witnesses) total = pair_witnesses(graph, pairs, pair, limit, citing);
    if (citing.empty()) {
      e[6].push_missing();
    } else {
      e[6].push(join_ids(graph, citing));
    }
    if (witnesses) {
      e[7].push(static_cast<std::int64_t>(total));
    } else {
      e[7].push_missing();
    }
  }
  return tables;
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
  const std::size_t limit = witness_limit(params);
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
      c[9].push(join_ids(graph, witnesses));
    }
    if (params.witnesses) {
      c[10].push(static_cast<std::int64_t>(total));
    } else {
      c[10].push_missing();
    }
  }
  return table;
}

namespace {

// Appends to a string through a raw pointer, so a row is written by stores of constant size
// instead of one append (a size check and a variable-length copy) per field: room is made a
// block at a time -- a resize that zero-fills a few kilobytes, still in cache when the rows
// overwrite them -- and the string is cut to what was written at the end.
class RowBuffer {
 public:
  explicit RowBuffer(std::string& out) : out_(out), used_(out.size()) {}
  RowBuffer(const RowBuffer&) = delete;
  RowBuffer& operator=(const RowBuffer&) = delete;
  ~RowBuffer() { out_.resize(used_); }  // shrinking: never allocates
  // Where the next bytes go, with at least `bytes` writable after it.
  char* room(std::size_t bytes) {
    if (out_.size() - used_ < bytes) out_.resize(used_ + std::max(bytes, kBlock));
    return out_.data() + used_;
  }
  // Keeps what was written up to `end` (a pointer from the last room()).
  void done(const char* end) { used_ = static_cast<std::size_t>(end - out_.data()); }
  // The bytes kept so far (pointers from room() do not survive the next room(); sizes do).
  [[nodiscard]] std::size_t size() const { return used_; }
  // Drops what was kept after the first `size` bytes; returns where the next bytes go.
  char* cut(std::size_t size) {
    used_ = size;
    return out_.data() + used_;
  }
  // `text` appended; returns where the next bytes go, with `bytes` of room.
  char* append(const char* at, std::string_view text, std::size_t bytes) {
    done(at);
    char* p = room(text.size() + bytes);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 15;
  std::string& out_;
  std::size_t used_;
};

// The text of recently written figures, by their bits: a pair table's strengths are ratios of
// small integers (a count of 2-10 over item counts of tens), so the same values recur row after
// row -- nearly every row of coupling.csv on a topical corpus -- and a copy of 24 bytes replaces
// a shortest-decimal conversion. Direct-mapped, one table per figure; a miss formats with
// io::write_double and keeps the text. Exact: the text of given bits is always the same.
class FigureCache {
 public:
  // write_double(out, value), from the table when these bits were written lately.
  char* write(std::size_t figure, char* out, double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    Entry& entry = tables_[figure][(bits * 0x9E3779B97F4A7C15ULL) >> (64 - kBits)];
    if (entry.bits == bits) {
      std::memcpy(out, entry.text.data(), entry.text.size());
      return out + static_cast<unsigned char>(entry.text.back());
    }
    char* const end = io::write_double(out, value);
    const auto size = static_cast<std::size_t>(end - out);
    if (size < entry.text.size() && std::isfinite(value)) {  // kept: finite, <= 23 characters
      std::memcpy(entry.text.data(), out, entry.text.size());
      entry.text.back() = static_cast<char>(size);
      entry.bits = bits;
    }
    return end;
  }

  // This thread's tables (512 KiB), made on first use and kept for the thread's next chunks.
  static FigureCache& of_this_thread() {
    thread_local const std::unique_ptr<FigureCache> cache = std::make_unique<FigureCache>();
    return *cache;
  }

 private:
  static constexpr int kBits = 12;
  static constexpr std::size_t kFigures = 4;
  // Empty entries hold the bits of a NaN, which is never kept.
  struct Entry {
    std::array<char, 24> text{};  // the characters, then the count in the last byte
    std::uint64_t bits = ~std::uint64_t{0};
  };
  std::array<std::array<Entry, std::size_t{1} << kBits>, kFigures> tables_;
};

// A node's id as a CSV field when it is not a bare PMID (the general, escaped way).
std::string general_id_field(const CitationGraph& graph, NodeId v) {
  std::string field;
  io::append_csv_field(field, io::graphml_node_id(graph.node_key(v)));
  return field;
}

// The witness list as one CSV field (ids separated by spaces), as join_ids + append_csv_field:
// bare PMIDs written straight, or when some witness has none, the general way.
char* write_witness_field(RowBuffer& buffer, char* p, std::size_t row_room,
                          const CitationGraph& graph, std::span<const NodeId> ids) {
  buffer.done(p);
  const std::size_t start = buffer.size();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Pmid pmid = graph.pmid(ids[i]);
    if (pmid == 0) {
      std::string field;
      io::append_csv_field(field, join_ids(graph, ids));
      return buffer.append(buffer.cut(start), field, row_room);
    }
    if (i % 8 == 0) {  // room for the next 8 ids (<= 21 bytes each) and the rest of the row
      buffer.done(p);
      p = buffer.room(row_room);
    }
    if (i > 0) *p++ = ' ';
    p = io::write_unsigned(p, pmid);
  }
  return p;
}

}  // namespace

void append_pairs_csv(std::string& out, const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params) {
  const PairKind kind = coupling ? PairKind::kCoupling : PairKind::kCocitation;
  const std::size_t limit = witness_limit(params);
  // Rows are ~110-130 bytes (two PMIDs, five numbers, a few witnesses): reserving them up front
  // saves the string's doubling copies, a tenth of writing a big table.
  out.reserve(out.size() + pairs.size() * 128);
  // Witnesses of the whole batch at once: row by row where that is cheaper than merging.
  WitnessLists witnesses;
  if (params.witnesses) pair_witnesses(graph, kind, params.corpora, pairs, limit, witnesses);
  RowBuffer buffer(out);
  // Room for a row up to its witnesses: two ids, the Weight copy, five numbers, separators.
  constexpr std::size_t kRowRoom = 8 * io::kNumberRoom + 32;
  // write_witness_field makes kRowRoom of room for eight ids at a time and the row's end.
  static_assert(kRowRoom >= std::size_t{8} * 21 + 2 * io::kNumberRoom + 3);
  constexpr std::size_t kWeightCopy = 32;  // a number is at most 25 characters
  // The rows of one node a are consecutive: its id is formatted once per run of rows.
  NodeId cached_a = kNoNode;
  std::array<char, io::kNumberRoom> a_digits{};
  std::size_t a_size = 0;
  std::string a_general;  // the id when it is not a bare PMID
  std::array<char, io::kNumberRoom + kWeightCopy> weight_text{};
  // Rows go in blocks: first the five figures and b's PMID of every row of the block (the
  // divisions, the square root and the jumps to b's item count and PMID, independent from row
  // to row, overlap), then the text. Same expressions (pair_strength), so the same bits.
  constexpr std::size_t kBlockRows = 512;
  constexpr std::array<Normalization, 5> kFigures = {
      Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
      Normalization::kJaccard, Normalization::kInclusion};
  const auto weight_at = static_cast<std::size_t>(
      std::find(kFigures.begin(), kFigures.end(), weight) - kFigures.begin());
  std::array<std::array<double, kFigures.size()>, kBlockRows> figures;
  std::array<Pmid, kBlockRows> b_pmids;
  FigureCache& cache = FigureCache::of_this_thread();
  char* p = buffer.room(kRowRoom);
  for (std::size_t first = 0; first < pairs.size(); first += kBlockRows) {
    const std::size_t rows = std::min(kBlockRows, pairs.size() - first);
    for (std::size_t i = 0; i < rows; ++i) {
      const Pair& pair = pairs[first + i];
      const double count_a = item_count[pair.a];
      const double count_b = item_count[pair.b];
      b_pmids[i] = graph.pmid(pair.b);
      for (std::size_t f = 0; f < kFigures.size(); ++f) {
        figures[i][f] = pair_strength(pair.count, count_a, count_b, kFigures[f]);
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t row = first + i;
      const Pair& pair = pairs[row];
      if (pair.a != cached_a) {
        cached_a = pair.a;
        if (const Pmid pmid = graph.pmid(pair.a); pmid != 0) {
          a_size =
              static_cast<std::size_t>(io::write_unsigned(a_digits.data(), pmid) - a_digits.data());
          a_general.clear();
        } else {
          a_general = general_id_field(graph, pair.a);
        }
      }
      if (a_general.empty()) {
        std::memcpy(p, a_digits.data(), 24);  // a PMID is at most 20 digits
        p += a_size;
      } else {
        p = buffer.append(p, a_general, kRowRoom);
      }
      *p++ = ',';
      if (b_pmids[i] != 0) {
        p = io::write_unsigned(p, b_pmids[i]);
      } else {
        p = buffer.append(p, general_id_field(graph, pair.b), kRowRoom);
      }
      *p++ = ',';
      // Weight repeats one of the five figures that follow; it is formatted once, then copied.
      const double weight_value = weight_at < kFigures.size()
                                      ? figures[i][weight_at]
                                      : pair_strength(item_count, pair, weight);
      char* const weight_end = weight_at >= 1 && weight_at < kFigures.size()
                                   ? cache.write(weight_at - 1, weight_text.data(), weight_value)
                                   : io::write_double(weight_text.data(), weight_value);
      const auto weight_size = static_cast<std::size_t>(weight_end - weight_text.data());
      // A fixed-size copy of the figure and what follows it: the next writes overwrite the rest.
      std::memcpy(p, weight_text.data(), kWeightCopy);
      p += weight_size;
      constexpr std::string_view kType = ",Undirected";
      std::copy_n(kType.data(), kType.size(), p);
      p += kType.size();
      for (std::size_t f = 0; f < kFigures.size(); ++f) {
        *p++ = ',';  // write_csv: non-finite = empty (write_double writes nothing)
        if (f == weight_at) {
          std::memcpy(p, weight_text.data(), kWeightCopy);
          p += weight_size;
        } else if (f == 0) {
          p = io::write_double(p, figures[i][f]);  // the count: integral, the fast path
        } else {
          p = cache.write(f - 1, p, figures[i][f]);
        }
      }
      *p++ = ',';
      if (params.witnesses) {
        if (const std::span<const NodeId> ids = witnesses.of(row); !ids.empty()) {
          p = write_witness_field(buffer, p, kRowRoom, graph, ids);
        }
        *p++ = ',';
        p = io::write_unsigned(p, witnesses.totals[row]);
      } else {
        *p++ = ',';
      }
      *p++ = '\n';
      buffer.done(p);
      p = buffer.room(kRowRoom);
    }
  }
  buffer.done(p);
}

void write_pairs_csv(const PairTextSink& sink, const CitationGraph& graph,
                     std::span<const Pair> pairs, std::span<const double> item_count,
                     Normalization weight, bool coupling, const PairParams& params,
                     unsigned threads) {
  std::ostringstream header;
  io::write_csv(header, pairs_table(graph, {}, {}, weight, coupling, params), true);
  sink(header.view());
  // Chunks of rows are formatted by the team and written in order: the bytes do not depend on
  // the thread count, and memory holds a few chunks of text, never the table.
  constexpr std::size_t kChunk = std::size_t{1} << 14;
  const std::size_t chunks = (pairs.size() + kChunk - 1) / kChunk;
  parallel::ordered_chunks(
      parallel::resolve_threads(threads), chunks,
      [&](std::size_t k, std::string& text) {
        const std::size_t begin = k * kChunk;
        append_pairs_csv(text, graph, pairs.subspan(begin, std::min(kChunk, pairs.size() - begin)),
                         item_count, weight, coupling, params);
      },
      [&sink](const std::string& text) { sink(text); });
}

void write_pairs_csv(std::ostream& out, const CitationGraph& graph, std::span<const Pair> pairs,
                     std::span<const double> item_count, Normalization weight, bool coupling,
                     const PairParams& params, unsigned threads) {
  write_pairs_csv(
      [&out](std::string_view text) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
      },
      graph, pairs, item_count, weight, coupling, params, threads);
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
