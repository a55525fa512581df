#include "apps/passes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "apps/outputs.hpp"

namespace citegraph::app {
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
std::string join_ids(const CitationGraph& graph, const std::vector<NodeId>& ids) {
  std::string out;
  for (NodeId v : ids) {
    if (!out.empty()) out += ' ';
    out += io::graphml_node_id(graph.node_key(v));
  }
  return out;
}

}  // namespace

DistributionParams distribution_params(const CitationGraph& graph, const Config& config) {
  DistributionParams params;
  params.citing_year_override.assign(graph.corpora().size(), std::nullopt);
  for (const auto& [name, year] : config.citing_years) {
    const auto& names = graph.corpora();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end())
      params.citing_year_override[static_cast<std::size_t>(it - names.begin())] = year;
  }
  return params;
}

std::vector<NodeId> seed_nodes(const CitationGraph& graph, const Config& config) {
  std::vector<NodeId> nodes;
  std::string missing;
  for (const Pmid pmid : config.seed_works) {
    const NodeId v = graph.find_pmid(pmid);
    if (v != kNoNode) {
      nodes.push_back(v);
    } else {
      missing += (missing.empty() ? "" : ", ") + std::to_string(pmid);
    }
  }
  if (!config.seed_works.empty() && nodes.empty()) {
    throw InvalidArgument("--seed-works: none of the PMIDs is a work of the graph (" + missing +
                          ")");
  }
  if (!missing.empty() && !config.quiet) {
    std::fprintf(stderr, "warning: --seed-works: not in the graph, ignored: %s\n", missing.c_str());
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

// What the writers hold per stored pair beyond the engine's 16-byte record, so the guard covers
// them (a streamed run: its CSV text while a chunk is in flight): a row of an io::Table for the
// pairs CSV or the GraphML edges (4 strings of 32 bytes, 6 doubles, 10 presence bytes = 186 bytes,
// doubled for the columns' vector growth) per table, 64 bytes for the co-citation network's
// centralities (edge list, adjacency both ways), and a witness id with its separator (16 bytes) per
// witness when the witness column is written.
PairWriterCost writer_cost(const Config& config, PairKind kind) {
  constexpr std::uint64_t kTableRow = 384;
  constexpr std::uint64_t kCentrality = 64;
  constexpr std::uint64_t kWitness = 16;
  // cocite --stream holds the chunks in flight as CSV text: two ids, six numbers, the type.
  constexpr std::uint64_t kCsvRow = 160;
  PairWriterCost cost;
  if (config.stream) {
    cost.bytes_per_pair = kCsvRow;
    cost.bytes_per_witness = config.pairs.witnesses ? kWitness : 0;
    return cost;
  }
  const bool cocitation = kind == PairKind::kCocitation;
  switch (config.command) {
    case Command::kAnalyze:  // cocitation.csv + cocitation.graphml and the centralities
      cost.bytes_per_pair = cocitation ? 2 * kTableRow + kCentrality : kTableRow;
      break;
    case Command::kCentrality:  // --table cocitation: the network's tables and centralities
      cost.bytes_per_pair = kTableRow + kCentrality;
      break;
    default:
      cost.bytes_per_pair = kTableRow;
      break;
  }
  if (config.pairs.witnesses)
    cost.bytes_per_witness =
        cocitation && config.command == Command::kAnalyze ? 2 * kWitness : kWitness;
  return cost;
}

PairParams pair_params(const CitationGraph& graph, const Config& config, PairKind kind) {
  const char* what = kind == PairKind::kCocitation ? "co-citation" : "coupling";
  PairParams params = config.pairs;
  params.seeds = seed_nodes(graph, config);
  // The engine refuses on its own estimate too; the one here adds the writers' tables.
  params.max_pair_memory = config.max_pair_memory_mb << 20;
  const bool streamed = config.stream;
  const PairEstimate estimate = estimate_pairs(graph, kind, params, streamed,
                                               params.max_pair_memory, writer_cost(config, kind));
  const std::uint64_t mib = (estimate.bytes_upper_bound + (1u << 20) - 1) >> 20;  // rounded up
  if (!config.quiet) {
    std::fprintf(stderr,
                 "%s: estimate before the run: %llu pair instances, at most %llu pairs, up to "
                 "%llu MiB%s\n",
                 what, static_cast<unsigned long long>(estimate.pair_instances),
                 static_cast<unsigned long long>(estimate.max_kept_pairs),
                 static_cast<unsigned long long>(mib),
                 params.seeds.empty() ? "" : " (restricted to --seed-works)");
  }
  if (config.max_pair_memory_mb > 0 && estimate.bytes_upper_bound > params.max_pair_memory) {
    const std::string min_count =
        estimate.min_count_that_fits > 0
            ? "--min-count " + std::to_string(estimate.min_count_that_fits) + " would fit; "
            : "";
    throw InvalidArgument(std::string(what) + ": the pre-run estimate (" + std::to_string(mib) +
                          " MiB for up to " + std::to_string(estimate.max_kept_pairs) +
                          " pairs) is above --max-pair-memory " +
                          std::to_string(config.max_pair_memory_mb) + " MiB; " + min_count +
                          "bound it with --min-count, --seed-works, --top-per-node, "
                          "--no-witnesses or cocite --stream, or raise --max-pair-memory (0 = no "
                          "limit)");
  }
  return params;
}

AnalysisResults run_passes(const CitationGraph& graph, const Config& config,
                           const PassSelection& selection, Progress& progress) {
  AnalysisResults results;
  // The pair estimates first: a run the guard refuses is refused before any work is done.
  PairParams cocitation_params;
  PairParams coupling_params;
  if (selection.cocitation) {
    results.cocitation_estimate = estimate_cocitation(graph);
    cocitation_params = pair_params(graph, config, PairKind::kCocitation);
  }
  if (selection.coupling) {
    results.coupling_estimate = estimate_coupling(graph);
    coupling_params = pair_params(graph, config, PairKind::kCoupling);
  }
  if (selection.centrality) {
    progress.status("centrality");
    results.centrality = citation_centrality(graph, config.centrality);
  }
  if (selection.cocitation) {
    progress.status("co-citation");
    results.cocitation = cocitation(graph, cocitation_params);
  }
  if (selection.cocitation && selection.cocitation_centrality) {
    std::vector<WeightedEdge> edges;
    edges.reserve(results.cocitation.pairs.size());
    for (const Pair& pair : results.cocitation.pairs) {
      edges.push_back(
          WeightedEdge{pair.a, pair.b, pair_strength(results.cocitation, pair, config.weight)});
    }
    progress.status("co-citation centrality");
    results.cocitation_centrality =
        cocitation_centrality(graph.num_nodes(), edges, config.centrality);
  }
  if (selection.coupling) {
    progress.status("bibliographic coupling");
    results.coupling = coupling(graph, coupling_params);
  }
  if (selection.overlap) {
    progress.status("corpus overlap");
    results.overlap = overlap(graph);
  }
  if (selection.distributions) {
    progress.status("distributions");
    results.distributions = distributions(graph, distribution_params(graph, config));
  }
  progress.done();
  return results;
}

void add_centrality_columns(io::Table& attrs, const CitationCentrality& c) {
  push_double_column(attrs, "pagerank", c.pagerank);
  push_double_column(attrs, "hub", c.hub);
  push_double_column(attrs, "authority", c.authority);
  push_double_column(attrs, "betweenness", c.betweenness);
  if (!c.betweenness_error.empty())
    push_double_column(attrs, "betweenness_error", c.betweenness_error);
  push_double_column(attrs, "harmonic", c.harmonic);
  if (!c.harmonic_error.empty()) push_double_column(attrs, "harmonic_error", c.harmonic_error);
}

io::GraphTables cocitation_tables(const CitationGraph& graph, const PairResult& pairs,
                                  const CocitationCentrality& centrality, Normalization weight,
                                  bool witnesses) {
  io::GraphTables tables;
  tables.directed = false;
  std::vector<std::uint32_t> row(graph.num_nodes(), kNoNode);
  for (const Pair& pair : pairs.pairs) {
    row[pair.a] = 0;
    row[pair.b] = 0;
  }
  io::Table& nodes = tables.node_attributes;
  for (const char* name : {"label", "pmid", "doi", "journal"}) nodes.add(name, ValueType::kString);
  nodes.add("year", ValueType::kInt);
  nodes.add("citations", ValueType::kDouble);
  nodes.add("strength", ValueType::kDouble);
  nodes.add("eigenvector", ValueType::kDouble);
  nodes.add("betweenness", ValueType::kDouble);
  auto& c = nodes.columns;
  std::uint32_t next = 0;
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
    c[6].push(centrality.strength[v]);
    c[7].push(centrality.eigenvector[v]);
    c[8].push(centrality.betweenness[v]);
  }
  io::Table& edges = tables.edge_attributes;
  edges.add("weight", ValueType::kDouble);
  for (const char* name : {"count", "association", "cosine", "jaccard", "inclusion"}) {
    edges.add(name, ValueType::kDouble);
  }
  edges.add("citing", ValueType::kString);
  auto& e = edges.columns;
  std::vector<NodeId> citing;
  for (const Pair& pair : pairs.pairs) {
    tables.edges.emplace_back(row[pair.a], row[pair.b]);
    e[0].push(pair_strength(pairs, pair, weight));
    e[1].push(pair.count);
    e[2].push(pair_strength(pairs, pair, Normalization::kAssociation));
    e[3].push(pair_strength(pairs, pair, Normalization::kCosine));
    e[4].push(pair_strength(pairs, pair, Normalization::kJaccard));
    e[5].push(pair_strength(pairs, pair, Normalization::kInclusion));
    citing.clear();
    if (witnesses) (void)pair_witnesses(graph, pairs, pair, kAllWitnesses, citing);
    if (citing.empty()) {
      e[6].push_missing();
    } else {
      e[6].push(join_ids(graph, citing));
    }
  }
  return tables;
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
  auto& c = table.columns;
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
    if (params.witnesses) {
      (void)pair_witnesses(graph, kind, params.corpora, pair.a, pair.b, kAllWitnesses, witnesses);
    }
    if (witnesses.empty()) {
      c[9].push_missing();
    } else {
      c[9].push(join_ids(graph, witnesses));
    }
  }
  return table;
}

void append_pairs_csv(std::string& out, const CitationGraph& graph, std::span<const Pair> pairs,
                      std::span<const double> item_count, Normalization weight, bool coupling,
                      const PairParams& params) {
  const PairKind kind = coupling ? PairKind::kCoupling : PairKind::kCocitation;
  const auto number = [&out](double value) {
    out += ',';
    if (std::isfinite(value)) io::append_double(out, value);  // write_csv: non-finite = empty
  };
  std::vector<NodeId> witnesses;
  for (const Pair& pair : pairs) {
    io::append_csv_field(out, io::graphml_node_id(graph.node_key(pair.a)));
    out += ',';
    io::append_csv_field(out, io::graphml_node_id(graph.node_key(pair.b)));
    number(pair_strength(item_count, pair, weight));
    out += ",Undirected";
    number(pair.count);
    number(pair_strength(item_count, pair, Normalization::kAssociation));
    number(pair_strength(item_count, pair, Normalization::kCosine));
    number(pair_strength(item_count, pair, Normalization::kJaccard));
    number(pair_strength(item_count, pair, Normalization::kInclusion));
    out += ',';
    if (params.witnesses) {
      witnesses.clear();
      (void)pair_witnesses(graph, kind, params.corpora, pair.a, pair.b, kAllWitnesses, witnesses);
      if (!witnesses.empty()) io::append_csv_field(out, join_ids(graph, witnesses));
    }
    out += '\n';
  }
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
  table.add("in_degree", ValueType::kLong);
  table.add("out_degree", ValueType::kLong);
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    table.columns[0].push(io::graphml_node_id(graph.node_key(v)));
    table.columns[1].push(label_of(graph, v));
    table.columns[2].push(static_cast<std::int64_t>(c.in_degree[v]));
    table.columns[3].push(static_cast<std::int64_t>(c.out_degree[v]));
  }
  add_centrality_columns(table, c);
  return table;
}

io::Table cocitation_centrality_table(const CitationGraph& graph, const PairResult& pairs,
                                      const CocitationCentrality& centrality) {
  // The network's node table with the Gephi Id/Label names.
  const io::GraphTables network =
      cocitation_tables(graph, pairs, centrality, Normalization::kCount, false);
  io::Table table;
  table.add("Id", ValueType::kString);
  for (const std::string& id : network.node_ids) table.columns[0].push(io::graphml_node_id(id));
  for (io::Column column : network.node_attributes.columns) {
    if (column.name == "label") column.name = "Label";
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace citegraph::app
