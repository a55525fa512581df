// report.html (pipeline/report.hpp). The page is assembled as text: sections in a fixed order,
// charts from pipeline/svg_chart.hpp, tables with numbers formatted locale-independently.
#include "citegraph/pipeline/report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <numeric>
#include <string>

#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "citegraph/version.hpp"
#include "pipeline/report_detail.hpp"
#include "pipeline/svg_chart.hpp"
#include "support/ascii.hpp"

namespace citegraph::pipeline {

namespace report_detail {

using svg::escape;

std::string count(std::uint64_t value) { return std::to_string(value); }

std::string fraction(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

std::string work_cell(const CitationGraph& graph, NodeId v) {
  std::string label = label_of(graph, v);
  if (label.size() > 110) label = std::string(ascii::utf8_prefix(label, 108)) + "…";
  std::string out = escape(label);
  const Pmid pmid = graph.pmid(v);
  if (pmid != 0) {
    out += " <a href=\"https://pubmed.ncbi.nlm.nih.gov/" + std::to_string(pmid) + "/\">PMID " +
           std::to_string(pmid) + "</a>";
  } else {
    out += " <span class=\"meta\">" + escape(graph.node_key(v)) + "</span>";
  }
  const std::int32_t year = graph.year(v);
  if (year != 0 && graph.text(v).title.empty() == false) {
    out += " <span class=\"meta\">(" + std::to_string(year) + ")</span>";
  }
  return out;
}

}  // namespace report_detail

namespace {

using namespace report_detail;
using svg::escape;

std::string optional_fraction(const std::optional<double>& value) {
  return value ? fraction(*value) : "–";
}

std::string optional_count(const std::optional<std::uint64_t>& value) {
  return value ? count(*value) : "–";
}

constexpr std::size_t kTopWorks = 15;
constexpr std::size_t kTopJournals = 15;
constexpr std::size_t kMapLabels = 12;
constexpr std::size_t kBradfordDense = 100;
constexpr double kBradfordPerE = 30;

constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1000px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 36px;
     border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 16px; margin-top: 24px; }
.meta { color: #666; } table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid #eee; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.warn { color: #8a4b00; } .chart { display: block; margin: 8px 0 16px; max-width: 100%;
        height: auto; background: #fff; }
.chart text { font: 11px system-ui, sans-serif; fill: #333; } .chart .chart-title
{ font-size: 13px; font-weight: 600; } .chart .axis-title { font-size: 12px; fill: #555; }
.chart .grid { stroke: #eee; } .chart .axis { stroke: #555; } .chart .bar { fill: #4e79a7; }
.chart .bar:hover { fill: #f28e2b; } .chart .line { fill: none; stroke: #e15759;
  stroke-width: 1.5; } .chart .point { fill: #e15759; } .chart .rule { stroke: #999;
  stroke-dasharray: 4 3; } .chart .legend { fill: #e15759; } .chart .edges line
{ stroke: #bbb; stroke-opacity: 0.6; } .chart .nodes circle { stroke: #fff; stroke-width: 0.5; }
.chart .labels text { font-size: 10px; fill: #111; } .swatch { display: inline-block;
  width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }
td.bar { white-space: nowrap; line-height: 8px; } td.bar i { display: inline-block; width: 5px;
  height: 8px; background: #e8e8e8; margin-right: 1px; } td.bar i.on { background: #e15759; }
)";

// The first `k` nodes by score descending, ties by node id; nodes with score 0 left out.
template <typename Score>
std::vector<NodeId> top_by(NodeId n, const Score& score, std::size_t k) {
  std::vector<NodeId> order(n);
  std::iota(order.begin(), order.end(), NodeId{0});
  const std::size_t shown = std::min<std::size_t>(k, n);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](NodeId a, NodeId b) {
                      const double x = score(a);
                      const double y = score(b);
                      return x != y ? x > y : a < b;
                    });
  order.resize(shown);
  while (!order.empty() && !(score(order.back()) > 0)) order.pop_back();
  return order;
}

std::string distribution_section(const CorpusDistribution& d, const std::string& anchor) {
  const std::string name = d.corpus == kOverallCorpus ? "all corpora" : d.corpus;
  std::string out = "<h3 id=\"" + anchor + "\">" + escape(name) + "</h3>\n";
  if (!d.missing_reason.empty() || d.references == 0) {
    out += "<p class=\"warn\">" +
           escape(d.missing_reason.empty() ? "no citations" : d.missing_reason) + "</p>\n";
    return out;
  }
  out += "<p>" + count(d.references) + " citations; " + count(d.unknown_year) +
         " without a year, " + count(d.unknown_journal) +
         " without a journal. Price index (share"
         " of cited works at most " +
         std::to_string(kPriceIndexMaxAge) +
         " years older than the"
         " citing work): " +
         optional_fraction(d.price_index) +
         "; median citation age: " + (d.median_age ? fraction(*d.median_age) + " years" : "–") +
         ".</p>\n";

  std::vector<svg::Bar> bars;
  std::vector<svg::LinePoint> deviation;
  for (const YearRow& y : d.years) {
    bars.push_back({static_cast<double>(y.year), static_cast<double>(y.count),
                    std::to_string(y.year) + ": " + count(y.count) + " citations; 5-year median " +
                        count(y.rpys_median) + ", deviation " + std::to_string(y.rpys_deviation)});
    deviation.push_back({static_cast<double>(y.year), static_cast<double>(y.rpys_deviation)});
  }
  svg::ChartFrame years{"Cited years and RPYS deviation — " + name,
                        "publication year of the cited work", "citations (count)"};
  out +=
      svg::bar_chart(years, bars, deviation, "RPYS: deviation from the 5-year median (citations)");

  std::vector<svg::LinePoint> curve;
  std::vector<std::string> tips;
  std::vector<svg::Rule> zones;
  double cumulative = 0;
  int zone = 1;
  // Every journal up to kBradfordDense, then about kBradfordPerE points per e-fold of rank
  // (the axis is logarithmic), the zone boundaries and the last: thousands of journals would
  // otherwise be most of the page's bytes for no visible difference.
  double last_step = -1;
  for (std::size_t i = 0; i < d.journals.size(); ++i) {
    const JournalRow& j = d.journals[i];
    cumulative += static_cast<double>(j.count);
    const double rank = static_cast<double>(i + 1);
    const double step = std::floor(std::log(rank) * kBradfordPerE);
    const bool shown = i < kBradfordDense || step != last_step || j.bradford_zone != zone ||
                       i + 1 == d.journals.size();
    last_step = step;
    if (!shown) continue;
    curve.push_back({rank, cumulative});
    tips.push_back("#" + std::to_string(i + 1) + " " + j.journal + ": " + count(j.count) +
                   " citations, cumulative " + svg::number(cumulative) + ", zone " +
                   std::to_string(j.bradford_zone));
    if (j.bradford_zone != zone) {
      zone = j.bradford_zone;
      zones.push_back({rank, "zone " + std::to_string(zone)});
    }
  }
  svg::ChartFrame bradford{"Bradford curve — " + name, "journal rank (log scale)",
                           "cumulative citations (count)"};
  bradford.log_x = true;
  out += svg::line_chart(bradford, curve, tips, zones);

  std::vector<svg::Row> rows;
  for (std::size_t i = 0; i < std::min(kTopJournals, d.journals.size()); ++i) {
    const JournalRow& j = d.journals[i];
    rows.push_back({j.journal, static_cast<double>(j.count),
                    j.journal + ": " + count(j.count) + " citations (" + fraction(100.0 * j.share) +
                        "%), Bradford zone " + std::to_string(j.bradford_zone)});
  }
  svg::ChartFrame journals{"Top journals — " + name, "citations (count)", ""};
  out += svg::horizontal_bars(journals, rows);
  return out;
}

std::string overlap_section(const OverlapResult& overlap) {
  std::string out = "<h2 id=\"overlap\">Corpus overlap</h2>\n";
  if (overlap.pairs.empty()) {
    out +=
        "<p>One corpus: nothing to compare. Give several <code>--corpus NAME=PATH</code> to "
        "compare their references, journals, years and subjects.</p>\n";
    return out;
  }
  out +=
      "<table>\n<tr><th>corpora</th><th>facet</th><th class=\"n\">|X|</th><th class=\"n\">|Y|"
      "</th><th class=\"n\">shared</th><th class=\"n\">Jaccard</th><th class=\"n\">cosine</th>"
      "<th class=\"n\">p-value</th><th>note</th></tr>\n";
  for (const CorpusPairOverlap& pair : overlap.pairs) {
    const std::string names = overlap.corpora[pair.x].name + " · " + overlap.corpora[pair.y].name;
    for (const OverlapFacet facet : kOverlapFacets) {
      const SetOverlap& s = pair[facet];
      out += "<tr><td>" + escape(names) + "</td><td>" + escape(std::string(facet_name(facet))) +
             "</td><td class=\"n\">" + optional_count(s.size_x) + "</td><td class=\"n\">" +
             optional_count(s.size_y) + "</td><td class=\"n\">" + optional_count(s.shared) +
             "</td><td class=\"n\">" + optional_fraction(s.jaccard) + "</td><td class=\"n\">" +
             optional_fraction(s.cosine) + "</td><td class=\"n\">" + optional_fraction(s.p_value) +
             "</td><td class=\"meta\">" + escape(s.missing_reason) + "</td></tr>\n";
    }
  }
  out += "</table>\n";
  return out;
}

// The map's points: size by citations, colour by cluster, the most cited labelled by PMID.
std::vector<svg::MapPoint> map_points(const CitationGraph& graph, const CocitationMap& map,
                                      bool has_clusters) {
  auto citations = [&](NodeId v) { return static_cast<double>(graph.in().degree(v)); };
  double most = 1;
  for (const NodeId v : map.nodes) most = std::max(most, citations(v));
  std::vector<svg::MapPoint> points;
  for (std::uint32_t i = 0; i < map.nodes.size(); ++i) {
    const NodeId v = map.nodes[i];
    const std::uint32_t c = has_clusters ? map.cluster[i] : 0;
    std::string tip = label_of(graph, v) + " (" + graph.node_key(v) +
                      "): " + svg::number(citations(v)) + " citations";
    if (has_clusters) tip += ", cluster " + std::to_string(c + 1);
    points.push_back(
        {map.x[i], map.y[i], 2.0 + 8.0 * std::sqrt(citations(v) / most), svg::palette(c), tip, {}});
  }
  // Labels for the most cited works on the map.
  const std::vector<NodeId> labelled = top_by(
      static_cast<NodeId>(map.nodes.size()), [&](NodeId i) { return citations(map.nodes[i]); },
      kMapLabels);
  for (const NodeId i : labelled) {
    std::string label = graph.pmid(map.nodes[i]) != 0 ? std::to_string(graph.pmid(map.nodes[i]))
                                                      : graph.node_key(map.nodes[i]);
    points[i].label = label;
  }
  return points;
}

// The strongest pairs among the map's works, at most 4 per node on average.
std::vector<svg::MapEdge> map_edges(const CitationGraph& graph, const AnalysisResults& results) {
  const CocitationMap& map = results.map;
  std::vector<std::uint32_t> row(graph.num_nodes(), kNoNode);
  for (std::uint32_t i = 0; i < map.nodes.size(); ++i) row[map.nodes[i]] = i;
  std::vector<svg::MapEdge> edges;
  std::vector<std::pair<double, svg::MapEdge>> candidates;
  for (const Pair& p : results.cocitation.pairs) {
    if (row[p.a] == kNoNode || row[p.b] == kNoNode) continue;
    candidates.push_back({static_cast<double>(p.count), {row[p.a], row[p.b], 0.5}});
  }
  const std::size_t keep = std::min(candidates.size(), 4 * map.nodes.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                    candidates.end(), [](const auto& x, const auto& y) {
                      return x.first != y.first         ? x.first > y.first
                             : x.second.a != y.second.a ? x.second.a < y.second.a
                                                        : x.second.b < y.second.b;
                    });
  const double strongest = keep > 0 ? candidates.front().first : 1.0;
  for (std::size_t i = 0; i < keep; ++i) {
    svg::MapEdge e = candidates[i].second;
    e.width = 0.3 + 1.7 * candidates[i].first / strongest;
    edges.push_back(e);
  }
  return edges;
}

// A cluster's publication years: "median 2011 (2003–2019)", or "unknown".
std::string cluster_years(const CocitationMap::Cluster& cluster) {
  if (cluster.dated == 0) return "unknown";
  return "median " + svg::number(cluster.median_year) + " (" + std::to_string(cluster.first_year) +
         "–" + std::to_string(cluster.last_year) + ")";
}

// One row per cluster: its size, years, label terms, most cited and most central works.
std::string cluster_table(const CitationGraph& graph, const CocitationMap& map) {
  const SilhouetteResult& silhouette = map.silhouette;
  std::string out = "<p>" + std::to_string(map.clusters.size()) + " clusters, modularity " +
                    fraction(map.modularity);
  if (silhouette.defined) out += ", mean silhouette " + fraction(silhouette.mean);
  out +=
      ".</p>\n<table>\n<tr><th>cluster</th><th class=\"n\">works</th><th class=\"n\">"
      "silhouette</th><th>years</th><th>label terms</th><th>most cited</th><th>most "
      "central</th></tr>\n";
  for (std::size_t c = 0; c < map.clusters.size(); ++c) {
    const CocitationMap::Cluster& cl = map.clusters[c];
    std::string terms;
    for (const std::string& t : cl.terms) terms += (terms.empty() ? "" : ", ") + t;
    std::string top_cited, top_central;
    for (const NodeId v : cl.top_cited) top_cited += "<div>" + work_cell(graph, v) + "</div>";
    for (const NodeId v : cl.top_central) top_central += "<div>" + work_cell(graph, v) + "</div>";
    const std::string s = silhouette.defined ? fraction(silhouette.cluster_mean[c]) : "";
    out += "<tr><td><span class=\"swatch\" style=\"background:" + svg::palette(c) + "\"></span>" +
           std::to_string(c + 1) + "</td><td class=\"n\">" + std::to_string(cl.size) +
           "</td><td class=\"n\">" + s + "</td><td>" + cluster_years(cl) + "</td><td>" +
           escape(terms) + "</td><td>" + top_cited + "</td><td>" + top_central + "</td></tr>\n";
  }
  out += "</table>\n";
  return out;
}

std::string map_section(const CitationGraph& graph, const AnalysisResults& results) {
  const CocitationMap& map = results.map;
  std::string out = "<h2 id=\"map\">Co-citation map and clusters</h2>\n";
  if (!map.selection.empty()) out += "<p class=\"meta\">" + escape(map.selection) + "</p>\n";
  if (map.nodes.empty()) {
    out += "<p>No co-citation pairs: no map.</p>\n";
    return out;
  }
  const bool has_layout = map.x.size() == map.nodes.size() && !map.x.empty();
  const bool has_clusters = map.cluster.size() == map.nodes.size() && !map.cluster.empty();
  if (has_layout) {
    svg::ChartFrame frame{"Co-citation map (" + std::to_string(map.nodes.size()) +
                              " works; size: citations; colour: cluster)",
                          "", ""};
    frame.height = 620;
    out += svg::map_chart(frame, map_points(graph, map, has_clusters), map_edges(graph, results));
  } else {
    out += "<p class=\"meta\">No layout was computed for this run.</p>\n";
  }
  if (!map.clusters.empty()) out += cluster_table(graph, map);
  return out;
}

std::string top_works_section(const CitationGraph& graph, const CitationCentrality& c) {
  std::string out = "<h2 id=\"works\">Top works</h2>\n";
  struct Ranking {
    const char* title;
    const char* column;
    std::function<double(NodeId)> score;
  };
  // Citations always; PageRank and betweenness when the run computed them (--measures).
  std::vector<Ranking> rankings = {{"by citations in the corpus", "citations", [&](NodeId v) {
                                      return static_cast<double>(graph.in().degree(v));
                                    }}};
  if (c.pagerank.size() == graph.num_nodes() && graph.num_nodes() > 0) {
    rankings.push_back({"by PageRank", "PageRank", [&](NodeId v) { return c.pagerank[v]; }});
  }
  if (c.betweenness.size() == graph.num_nodes() && graph.num_nodes() > 0) {
    rankings.push_back(
        {"by betweenness", "betweenness", [&](NodeId v) { return c.betweenness[v]; }});
  }
  for (const Ranking& r : rankings) {
    out += "<h3>" + std::string(r.title) +
           "</h3>\n<table>\n<tr><th class=\"n\">#</th><th>work"
           "</th><th class=\"n\">" +
           r.column + "</th></tr>\n";
    const std::vector<NodeId> top = top_by(graph.num_nodes(), r.score, kTopWorks);
    for (std::size_t i = 0; i < top.size(); ++i) {
      out += "<tr><td class=\"n\">" + std::to_string(i + 1) + "</td><td>" +
             work_cell(graph, top[i]) + "</td><td class=\"n\">" + svg::number(r.score(top[i])) +
             "</td></tr>\n";
    }
    if (top.empty()) out += "<tr><td colspan=\"3\">no work scores above 0</td></tr>\n";
    out += "</table>\n";
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return buffer;
}

}  // namespace

void write_report(std::ostream& out, const RunConfig& config, const Loaded& loaded,
                  const AnalysisResults& results, const std::vector<std::string>& warnings) {
  const CitationGraph& graph = loaded.graph;
  std::string corpora;
  for (const std::string& name : graph.corpora()) corpora += (corpora.empty() ? "" : ", ") + name;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>citegraph report: " << escape(corpora) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n";
  out << "<h1>citegraph report</h1>\n<p class=\"meta\">citegraph " << CITEGRAPH_VERSION;
  if (config.provenance) out << " · " << utc_now();
  out << " · corpora: " << escape(corpora) << "</p>\n";
  out << "<p><a href=\"#summary\">Summary</a> · <a href=\"#inputs\">Inputs</a> · "
         "<a href=\"#distributions\">Journals and years</a> · <a href=\"#overlap\">Overlap</a> "
         "· <a href=\"#map\">Map and clusters</a> · <a href=\"#works\">Top works</a> · "
         "<a href=\"#bursts\">Bursts</a> · <a href=\"#timeline\">Cluster timeline</a> · "
         "<a href=\"#slices\">Time slices</a> · "
         "<a href=\"#main-path\">Main path</a> · "
         "<a href=\"#historiograph\">Historiograph</a> · "
         "<a href=\"#files\">Every input file</a></p>\n";
  out << summary_section(loaded, results);
  out << inputs_section(loaded, warnings);
  out << "<h2 id=\"distributions\">Journals and years of the cited literature</h2>\n"
      << "<p class=\"meta\">Reference Publication Year Spectroscopy (RPYS): the red line is each "
         "year's citations minus the median of the five years around it; peaks mark years "
         "whose works the field builds on. Bradford zones split the journals, most cited first, "
         "into three groups with about a third of the citations each.</p>\n";
  for (std::size_t c = 0; c < results.distributions.corpora.size(); ++c) {
    out << distribution_section(results.distributions.corpora[c], "corpus-" + std::to_string(c));
  }
  if (results.distributions.corpora.size() > 1) {
    out << distribution_section(results.distributions.overall, "corpus-all");
  }
  out << overlap_section(results.overlap);
  out << map_section(graph, results);
  out << top_works_section(graph, results.centrality);
  out << bursts_section(graph, results);
  out << cluster_timeline_section(graph, results);
  out << slices_section(config, results);
  out << main_path_section(graph, results);
  out << historiograph_section(graph, results);
  out << input_files_section(loaded);
  out << "<p class=\"meta\">Definitions: docs/metrics.md of citegraph; the tables behind every "
         "chart are the CSV files beside this page.</p>\n</body>\n</html>\n";
}

}  // namespace citegraph::pipeline
