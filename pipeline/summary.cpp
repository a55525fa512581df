// summary.json and the run's plain-language warnings (pipeline/summary.hpp).
#include "citegraph/pipeline/summary.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "citegraph/version.hpp"
#include "citegraph/write/json_writer.hpp"
#include "citegraph/write/writers.hpp"

namespace citegraph::pipeline {

std::vector<std::string> run_warnings(const Loaded& loaded, const OverlapResult& overlap) {
  std::vector<std::string> warnings;
  for (const CorpusProfile& corpus : overlap.corpora) {
    if (corpus.sources == 0) {
      warnings.push_back("corpus " + corpus.name + ": no source records were read");
    } else if (!corpus.references_known()) {
      warnings.push_back("corpus " + corpus.name + ": its inputs carry no reference list (" +
                         std::to_string(corpus.sources) +
                         " source record(s), 0 with references); it has no citation edges and "
                         "its reference, journal and year overlap figures are left empty");
    }
  }
  for (const LoadedInput& input : loaded.inputs) {
    if (input.report.records != 0) continue;
    const bool noted =
        std::any_of(loaded.skipped_files.begin(), loaded.skipped_files.end(),
                    [&](const SkippedFile& f) { return f.path == input.report.path; });
    if (!noted) warnings.push_back(input.report.path + ": no records read");  // said once
  }
  return warnings;
}

std::vector<std::string> input_warnings(const Loaded& loaded) { return loaded.duplicate_notes; }

std::vector<std::string> diagnostic_warnings(const Loaded& loaded) {
  std::vector<std::string> lines;
  auto add = [&](const std::string& what, const Diagnostics& d) {
    for (const auto& [reason, group] : d.skips()) {
      lines.push_back(what + ": " + std::to_string(group.count) + " skipped: " + reason);
    }
    for (const auto& [reason, group] : d.warning_groups()) {
      lines.push_back(what + ": " + std::to_string(group.count) + " warning(s): " + reason);
    }
  };
  for (const LoadedInput& input : loaded.inputs) add(input.report.path, input.report.diagnostics);
  for (const LoadedInput& input : loaded.metadata) add(input.report.path, input.report.diagnostics);
  add("graph", loaded.build_diagnostics);
  return lines;
}

namespace {

void write_groups(io::JsonWriter& json, const std::map<std::string, Diagnostics::Group>& groups) {
  json.begin_array();
  for (const auto& [reason, group] : groups) {
    json.begin_object().key("reason").value(reason).key("count").value(group.count);
    json.key("examples").begin_array();
    for (const Issue& issue : group.examples) json.value(issue.to_string());
    json.end_array().end_object();
  }
  json.end_array();
}

template <typename T>
void optional_value(io::JsonWriter& json, const std::optional<T>& value) {
  if (value) {
    json.value(*value);
  } else {
    json.null();
  }
}

void write_distribution(io::JsonWriter& json, const CorpusDistribution& d) {
  json.begin_object();
  json.key("references").value(d.references);
  json.key("references_with_journal").value(d.references_with_journal);
  json.key("unknown_journal").value(d.unknown_journal);
  json.key("journals").value(static_cast<std::uint64_t>(d.journals.size()));
  if (!d.journals.empty()) json.key("most_cited_journal").value(d.journals.front().journal);
  json.key("unknown_year").value(d.unknown_year);
  json.key("known_age").value(d.known_age);
  json.key("unknown_age_no_citing_year").value(d.unknown_age_no_citing_year);
  json.key("unknown_age_no_cited_year").value(d.unknown_age_no_cited_year);
  json.key("citing_year_from_override").value(d.citing_year_from_override);
  json.key("median_citation_age");
  optional_value(json, d.median_age);
  json.key("price_index");
  optional_value(json, d.price_index);
  json.key("price_index_max_age").value(kPriceIndexMaxAge);
  if (!d.missing_reason.empty()) json.key("missing_reason").value(d.missing_reason);
  if (!d.age_missing_reason.empty()) json.key("age_missing_reason").value(d.age_missing_reason);
  json.end_object();
}

void write_corpus(io::JsonWriter& json, const CorpusProfile& p, const CorpusDistribution& d) {
  json.begin_object();
  json.key("name").value(p.name);
  json.key("sources").value(p.sources);
  json.key("sources_with_reference_list").value(p.sources_with_reference_list);
  json.key("references_listed").value(p.references_listed);
  json.key("citations").value(p.citations);
  json.key("cited_works").value(p.cited_works);
  json.key("reference_list_known").value(p.references_known());
  json.key("facets").begin_object();
  for (OverlapFacet facet : kOverlapFacets) {
    const auto i = static_cast<std::size_t>(facet);
    json.key(facet_name(facet)).begin_object();
    json.key("size");
    optional_value(json, p.facet_size[i]);
    if (!p.facet_note[i].empty()) json.key("note").value(p.facet_note[i]);
    json.end_object();
  }
  json.end_object();
  json.key("distribution");
  write_distribution(json, d);
  json.end_object();
}

// The fields of an iterative method's report, inside an object.
void write_iterations(io::JsonWriter& json, const IterationReport& r) {
  json.key("iterations").value(r.iterations).key("converged").value(r.converged);
  json.key("residual").value(r.residual);
}

// The fields of a sum over sources, inside an object.
void write_sampling(io::JsonWriter& json, const SampleReport& r) {
  json.key("exact").value(r.exact).key("pivots").value(r.pivots);
  if (!r.exact) json.key("seed").value(r.seed);
}

void write_pairs(io::JsonWriter& json, const PairResult& r, const PairEstimate& e) {
  json.begin_object();
  json.key("pairs").value(static_cast<std::uint64_t>(r.pairs.size()));
  json.key("candidate_pairs").value(r.candidate_pairs);
  json.key("estimated_pair_instances").value(e.pair_instances);
  json.key("estimated_max_pairs").value(e.max_distinct_pairs);
  json.key("estimated_bytes").value(e.bytes_upper_bound);
  json.end_object();
}

// The co-citation map: what was selected, its clusters (sizes, modularity, label terms, top
// works by node id) and its layout, with the parameters that reproduce them.
void write_map(io::JsonWriter& json, const RunConfig& config, const CitationGraph& graph,
               const CocitationMap& map) {
  json.key("map").begin_object();
  json.key("max_works").value(std::uint64_t{config.map_size});
  json.key("works").value(static_cast<std::uint64_t>(map.nodes.size()));
  json.key("pairs").value(static_cast<std::uint64_t>(map.pairs.size()));
  json.key("selection").value(map.selection);
  json.end_object();
  if (map.cluster.empty()) return;
  const ClusterResult& c = map.clustering;
  json.key("clustering").begin_object();
  json.key("network").value(std::string("co-citation map"));
  json.key("method").value(std::string("Leiden (igraph)"));
  json.key("objective").value(std::string(cluster_objective_name(config.clustering.objective)));
  json.key("resolution").value(config.clustering.resolution);
  json.key("seed").value(config.seed);
  json.key("restarts").value(std::uint64_t{c.restarts});
  json.key("iterations").value(std::uint64_t{c.iterations});
  json.key("converged").value(c.converged);
  json.key("modularity").value(c.modularity);
  json.key("quality").value(c.quality);
  // Rousseeuw's silhouette on 1 - cosine strength (docs/metrics.md); null with one cluster.
  json.key("silhouette");
  if (map.silhouette.defined) {
    json.value(map.silhouette.mean);
  } else {
    json.null();
  }
  json.key("clusters").begin_array();
  for (const CocitationMap::Cluster& cluster : map.clusters) {
    json.begin_object().key("size").value(std::uint64_t{cluster.size});
    json.key("terms").begin_array();
    for (const std::string& term : cluster.terms) json.value(term);
    json.end_array();
    json.key("most_cited").begin_array();
    for (const NodeId v : cluster.top_cited) json.value(io::graphml_node_id(graph.node_key(v)));
    json.end_array();
    json.key("most_central").begin_array();
    for (const NodeId v : cluster.top_central) json.value(io::graphml_node_id(graph.node_key(v)));
    json.end_array();
    if (map.silhouette.defined) {
      json.key("silhouette").value(map.silhouette.cluster_mean[&cluster - map.clusters.data()]);
    }
    json.key("dated_works").value(std::uint64_t{cluster.dated});
    if (cluster.dated > 0) {
      json.key("mean_year").value(cluster.mean_year);
      json.key("median_year").value(cluster.median_year);
      json.key("first_year").value(static_cast<std::int64_t>(cluster.first_year));
      json.key("last_year").value(static_cast<std::int64_t>(cluster.last_year));
    }
    json.end_object();
  }
  json.end_array();
  json.end_object();
  if (map.x.empty()) return;
  json.key("layout").begin_object();
  json.key("method").value(std::string("Fruchterman-Reingold (igraph), clusters first"));
  json.key("seed").value(config.seed);
  json.key("iterations").value(std::uint64_t{map.layout.iterations});
  json.key("refine_iterations").value(std::uint64_t{map.layout.refine_iterations});
  json.key("components").value(std::uint64_t{map.layout.components});
  json.key("box").value(config.layout.box);
  json.end_object();
}

// A measure's report ({"computed": true, ...its fields}), or why it was not computed
// ({"computed": false, "reason": ...}).
template <typename Write>
void write_measure(io::JsonWriter& json, const char* key, const MeasureChoice& choice,
                   Measure measure, Write&& write) {
  if (!choice.applicable.has(measure)) return;  // not a measure of this graph, or no pass
  json.key(key).begin_object();
  if (choice.measures.has(measure)) {
    json.key("computed").value(true);
    write();
  } else {
    json.key("computed").value(false).key("reason").value(choice.left_out);
  }
  json.end_object();
}

void write_centrality(io::JsonWriter& json, const RunConfig& config, const AnalysisResults& r) {
  const MeasureChoice& cited = r.centrality_measures;
  const MeasureChoice& cocited = r.cocitation_measures;
  json.key("centrality").begin_object();
  json.key("measures").value(measure_list(cited.measures));
  json.key("cocitation_measures").value(measure_list(cocited.measures));
  json.key("damping").value(config.centrality.damping);
  json.key("tolerance").value(config.centrality.tolerance);
  write_measure(json, "degree", cited, Measure::kDegree, [] {});  // nothing to report
  write_measure(json, "pagerank", cited, Measure::kPageRank,
                [&] { write_iterations(json, r.centrality.pagerank_report); });
  write_measure(json, "hits", cited, Measure::kHits,
                [&] { write_iterations(json, r.centrality.hits_report); });
  write_measure(json, "betweenness", cited, Measure::kBetweenness,
                [&] { write_sampling(json, r.centrality.betweenness_report); });
  json.key("normalized_betweenness").value(config.centrality.normalized_betweenness);
  write_measure(json, "harmonic", cited, Measure::kHarmonic,
                [&] { write_sampling(json, r.centrality.harmonic_report); });
  write_measure(json, "cocitation_strength", cocited, Measure::kDegree, [] {});
  write_measure(json, "cocitation_eigenvector", cocited, Measure::kEigenvector,
                [&] { write_iterations(json, r.cocitation_centrality.eigenvector_report); });
  write_measure(json, "cocitation_betweenness", cocited, Measure::kBetweenness,
                [&] { write_sampling(json, r.cocitation_centrality.betweenness_report); });
  json.key("cocitation_betweenness_weighted").value(r.cocitation_centrality.weighted_betweenness);
  json.end_object();
}

// The passes over time: the year slices, the bursts found, the main paths.
// The time slices: parameters, totals and per slice its figures (slices.csv has the same).
void write_slices(io::JsonWriter& json, const RunConfig& config, const TimeSliceResult& r) {
  json.key("time_slices").begin_object();
  json.key("years").value(std::uint64_t{config.slices.years});
  json.key("select").value(slice_rule_text(config.slices));
  json.key("citing_without_year").value(std::uint64_t{r.citing_without_year});
  json.key("works").value(static_cast<std::uint64_t>(r.works.size()));
  json.key("links").value(static_cast<std::uint64_t>(r.links.size()));
  json.key("slices").begin_array();
  for (const TimeSlice& s : r.slices) {
    json.begin_object();
    json.key("begin").value(std::int64_t{s.begin}).key("end").value(std::int64_t{s.end});
    json.key("citing").value(std::uint64_t{s.citing}).key("citations").value(s.citations);
    json.key("cited_works").value(std::uint64_t{s.cited_works});
    json.key("selected").value(static_cast<std::uint64_t>(s.selected.size()));
    json.key("threshold").value(std::uint64_t{s.threshold});
    json.key("links").value(static_cast<std::uint64_t>(s.links.size()));
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

void write_time(io::JsonWriter& json, const RunConfig& config, const AnalysisResults& r) {
  json.key("bursts").begin_object();
  json.key("s").value(config.bursts.s);
  json.key("gamma").value(config.bursts.gamma);
  json.key("min_duration").value(std::uint64_t{config.bursts.min_duration});
  json.key("first_year").value(std::int64_t{r.bursts.first_year});
  json.key("last_year").value(std::int64_t{r.bursts.last_year});
  json.key("citations_without_year").value(r.bursts.citations_without_year);
  json.key("sources_without_year").value(r.term_bursts.sources_without_year);
  json.key("work_bursts").value(static_cast<std::uint64_t>(r.bursts.bursts.size()));
  json.key("term_bursts").value(static_cast<std::uint64_t>(r.term_bursts.bursts.size()));
  json.end_object();
  write_slices(json, config, r.slices);
  const MainPathResult& paths = r.main_path;
  std::uint64_t on_path[4] = {0, 0, 0, 0};
  for (const MainPathArc& a : paths.arcs) {
    on_path[0] += a.global ? 1 : 0;
    on_path[1] += a.local_forward ? 1 : 0;
    on_path[2] += a.local_backward ? 1 : 0;
    on_path[3] += a.key_route ? 1 : 0;
  }
  json.key("main_path").begin_object();
  json.key("weight").value(std::string(main_path_weight_name(r.main_path_weight)));
  json.key("key_routes").value(std::uint64_t{config.main_path.key_routes});
  json.key("arcs").value(paths.flow_arcs);
  json.key("cycle_arcs_removed").value(paths.cycle_arcs_removed);
  json.key("exact").value(paths.exact);
  json.key("global_weight").value(paths.global_weight.to_string());
  json.key("global_arcs").value(on_path[0]);
  json.key("local_forward_arcs").value(on_path[1]);
  json.key("local_backward_arcs").value(on_path[2]);
  json.key("key_route_arcs").value(on_path[3]);
  json.end_object();
  json.key("historiograph").begin_object();
  json.key("size").value(std::uint64_t{config.historiograph.top});
  json.key("local_citations").value(r.historiograph.local_citations);
  json.key("cited_sources").value(r.historiograph.cited_sources);
  json.key("nodes").value(static_cast<std::uint64_t>(r.historiograph.nodes.size()));
  json.key("citations").value(static_cast<std::uint64_t>(r.historiograph.citations.size()));
  json.end_object();
}

void write_analysis(io::JsonWriter& json, const RunConfig& config, const CitationGraph& graph,
                    const AnalysisResults& r) {
  write_centrality(json, config, r);
  write_time(json, config, r);

  const PairParams& p = config.pairs;
  json.key("pair_parameters").begin_object();
  json.key("weight").value(std::string(normalization_name(config.weight)));
  json.key("counting").value(std::string(counting_name(p.counting)));
  json.key("min_count").value(p.min_count);
  json.key("min_citations").value(p.min_citations);
  json.key("top_per_node").value(p.top_per_node);
  json.key("top").value(p.top);
  json.key("witnesses").value(p.witnesses);
  json.end_object();
  json.key("cocitation");
  write_pairs(json, r.cocitation, r.cocitation_estimate);
  json.key("coupling");
  write_pairs(json, r.coupling, r.coupling_estimate);
  write_map(json, config, graph, r.map);
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// How text-only references found their works: resolved to a PMID work (by which key), works
// known only by their citation text, years dropped as implausible (docs/citations.md).
void write_reference_identity(io::JsonWriter& json, const CitationGraph& graph,
                              const BuildStats& s) {
  const auto& r = s.references_resolved;
  json.key("references_resolved_to_pmid").begin_object();
  json.key("total").value(r[2] + r[3] + r[4] + r[5]);
  json.key("by_journal_year_volume_page").value(r[2]);
  json.key("by_author_year_volume_page").value(r[3]);
  json.key("by_author_title").value(r[4]);
  json.key("by_text").value(r[5]);
  json.end_object();
  std::uint64_t by_text = 0;
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (graph.pmid(v) == 0 && graph.node_key(v).starts_with("text:")) ++by_text;
  }
  json.key("works_keyed_by_text").value(by_text);
  json.key("reference_years_dropped").value(s.reference_years_dropped);
}

}  // namespace

namespace {

void write_parameters(io::JsonWriter& json, const RunConfig& config) {
  json.key("parameters").begin_object();
  json.key("format").value(std::string(io::format_name(config.format)));
  json.key("strict").value(config.strict);
  if (config.provenance) json.key("threads").value(config.threads);  // results do not depend on it
  json.key("citing_years").begin_object();
  for (const auto& [name, year] : config.citing_years) json.key(name).value(year);
  json.end_object();
  json.key("seed").value(config.seed);
  json.end_object();
}

// Without provenance, paths are written relative to the working directory (shown_path), so that
// the same run from another checkout gives the same bytes.
void write_inputs(io::JsonWriter& json, const std::vector<LoadedInput>& inputs, bool provenance) {
  json.begin_array();
  for (const LoadedInput& input : inputs) {
    const io::InputReport& r = input.report;
    json.begin_object();
    json.key("path").value(shown_path(r.path, provenance));
    json.key("corpus").value(input.corpus);
    json.key("format").value(std::string(io::format_name(r.format)));
    json.key("compressed").value(r.compressed);
    json.key("bytes").value(r.bytes);
    json.key("sha256").value(r.sha256);
    json.key("records").value(r.records);
    json.key("references").value(r.references);
    json.key("references_with_pmid").value(r.references_with_pmid);
    json.key("deletions").value(r.deletions);
    json.key("format_has_references").value(r.format_has_references);
    json.key("skipped").value(r.diagnostics.skipped());
    json.key("skipped_by_reason");
    write_groups(json, r.diagnostics.skips());
    json.key("warnings").value(r.diagnostics.warnings());
    json.key("warnings_by_reason");
    write_groups(json, r.diagnostics.warning_groups());
    json.end_object();
  }
  json.end_array();
}

void write_graph(io::JsonWriter& json, const Loaded& loaded) {
  const CitationGraph& graph = loaded.graph;
  const BuildStats& s = loaded.build_stats;
  const std::uint64_t source_nodes = graph.source_nodes().size();
  json.key("graph").begin_object();
  json.key("nodes").value(static_cast<std::uint64_t>(graph.num_nodes()));
  json.key("edges").value(graph.num_edges());
  json.key("source_nodes").value(source_nodes);
  json.key("cited_only_nodes").value(static_cast<std::uint64_t>(graph.num_nodes()) - source_nodes);
  json.key("records").value(s.records);
  json.key("records_merged").value(s.records_merged);
  json.key("references").value(s.references);
  json.key("references_unidentified").value(s.references_unidentified);
  json.key("duplicate_edges").value(s.duplicate_edges);
  json.key("self_citations").value(s.self_citations);
  json.key("identity_conflicts").value(s.identity_conflicts);
  json.key("records_deleted").value(s.records_deleted);
  json.key("deletions_unmatched").value(s.deletions_unmatched);
  json.key("metadata_records").value(s.metadata_records);
  json.key("metadata_used").value(s.metadata_used);
  write_reference_identity(json, graph, s);
  json.key("skipped_by_reason");
  write_groups(json, loaded.build_diagnostics.skips());
  json.key("warnings_by_reason");
  write_groups(json, loaded.build_diagnostics.warning_groups());
  json.end_object();
}

void write_files(io::JsonWriter& json, const Loaded& loaded, const std::vector<OutputInfo>& outputs,
                 bool provenance) {
  json.key("skipped_files").begin_array();
  for (const SkippedFile& file : loaded.skipped_files) {
    json.begin_object().key("path").value(shown_path(file.path, provenance));
    json.key("reason").value(file.reason);
    json.end_object();
  }
  json.end_array();
  json.key("outputs").begin_array();
  for (const OutputInfo& output : outputs) {
    json.begin_object().key("name").value(output.name);
    if (output.bytes) json.key("bytes").value(*output.bytes);
    if (!output.sha256.empty()) json.key("sha256").value(output.sha256);
    json.end_object();
  }
  json.end_array();
}

}  // namespace

void write_summary(std::ostream& out, const RunConfig& config, const Loaded& loaded,
                   const AnalysisResults& results, const std::vector<OutputInfo>& outputs,
                   const std::vector<std::string>& warnings) {
  const CitationGraph& graph = loaded.graph;
  io::JsonWriter json(out);
  json.begin_object();
  json.key("schema_version").value(std::uint64_t{kSummarySchemaVersion});
  json.key("citegraph_version").value(CITEGRAPH_VERSION);
  if (config.provenance) {
    json.key("generated_at").value(utc_now());
    json.key("command_line").begin_array();
    for (const std::string& arg : config.argv) json.value(arg);
    json.end_array();
  }
  write_parameters(json, config);
  json.key("inputs");
  write_inputs(json, loaded.inputs, config.provenance);
  json.key("metadata_inputs");
  write_inputs(json, loaded.metadata, config.provenance);
  json.key("corpora").begin_array();
  for (std::size_t c = 0; c < graph.corpora().size(); ++c) {
    write_corpus(json, results.overlap.corpora.at(c), results.distributions.corpora.at(c));
  }
  json.end_array();
  json.key("overall");
  write_distribution(json, results.distributions.overall);
  write_analysis(json, config, graph, results);
  write_graph(json, loaded);
  write_files(json, loaded, outputs, config.provenance);
  json.key("warnings").begin_array();
  for (const std::string& warning : warnings) json.value(warning);
  for (const std::string& warning : diagnostic_warnings(loaded)) json.value(warning);
  json.end_array();
  json.end_object();
  json.finish();
}

}  // namespace citegraph::pipeline
