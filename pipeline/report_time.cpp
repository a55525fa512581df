// report.html's sections on the literature over time: citation and term bursts, the global
// main path (pipeline/report_detail.hpp).
#include <algorithm>
#include <cmath>
#include <string>

#include "citegraph/pipeline/tables.hpp"
#include "pipeline/report_detail.hpp"
#include "pipeline/svg_chart.hpp"

namespace citegraph::pipeline::report_detail {
namespace {

using svg::escape;

// A burst as a row of year cells: filled from begin to end, CiteSpace's red bar.
std::string burst_bar(std::int32_t first, std::int32_t last, std::int32_t begin, std::int32_t end) {
  std::string out = "<td class=\"bar\">";
  for (std::int32_t y = first; y <= last; ++y) {
    out += y >= begin && y <= end ? "<i class=\"on\"></i>" : "<i></i>";
  }
  return out + "</td>";
}

// Works and citations drawn in time: x = year, works of one year stacked; the `labelled` most
// cited (by `weight`) carry their label.
std::string time_chart(const CitationGraph& graph, const std::string& title,
                       const std::vector<NodeId>& nodes,
                       const std::vector<std::pair<std::uint32_t, std::uint32_t>>& links,
                       const std::vector<double>& weight) {
  const TimeLayout layout = time_layout(graph, nodes);
  // The map keeps its aspect ratio: stack a year's works far enough apart that the chart is
  // about a third as high as it is wide.
  double stack = 1;
  for (const double y : layout.y) stack = std::max(stack, y + 1);
  const auto [low, high] = std::minmax_element(layout.x.begin(), layout.x.end());
  const double span = layout.x.empty() ? 1.0 : std::max(1.0, *high - *low);
  const double step = std::max(1.0, span / 3.0 / stack);
  double most = 1;
  for (const double w : weight) most = std::max(most, w);
  std::vector<svg::MapPoint> points;
  points.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeId v = nodes[i];
    const std::string year = graph.year(v) != 0 ? std::to_string(graph.year(v)) : "year unknown";
    points.push_back({layout.x[i], -step * layout.y[i], 3.0 + 5.0 * std::sqrt(weight[i] / most),
                      svg::palette(0), label_of(graph, v) + " (" + year + ")",
                      graph.pmid(v) != 0 ? std::to_string(graph.pmid(v)) : std::string()});
  }
  std::vector<svg::MapEdge> edges;
  edges.reserve(links.size());
  for (const auto& [a, b] : links) edges.push_back({a, b, 0.8});
  svg::ChartFrame frame{title, "publication year", ""};
  frame.height = 360;
  return svg::map_chart(frame, points, edges);
}

}  // namespace

std::string bursts_section(const CitationGraph& graph, const AnalysisResults& results) {
  const CitationBursts& works = results.bursts;
  const TermBursts& terms = results.term_bursts;
  std::string out = "<h2 id=\"bursts\">Citation bursts</h2>\n";
  if (works.citations_per_year.empty()) {
    return out + "<p>No source has a publication year: no time slices, no bursts.</p>\n";
  }
  out += "<p class=\"meta\">Kleinberg's two-state model on the years " +
         std::to_string(works.first_year) + "–" + std::to_string(works.last_year) + ": " +
         count(works.bursts.size()) + " work bursts, " + count(terms.bursts.size()) +
         " term bursts (bursts.csv lists all; docs/metrics.md).</p>\n";
  out +=
      "<table>\n<tr><th>work</th><th class=\"n\">strength</th><th>begin</th><th>end</th>"
      "<th>" +
      std::to_string(works.first_year) + "–" + std::to_string(works.last_year) + "</th></tr>\n";
  for (std::size_t i = 0; i < works.bursts.size() && i < kShownBursts; ++i) {
    const WorkBurst& b = works.bursts[i];
    out += "<tr><td>" + work_cell(graph, b.work) + "</td><td class=\"n\">" + fraction(b.strength) +
           "</td><td>" + std::to_string(b.begin) + "</td><td>" + std::to_string(b.end) + "</td>" +
           burst_bar(works.first_year, works.last_year, b.begin, b.end) + "</tr>\n";
  }
  if (works.bursts.empty()) out += "<tr><td colspan=\"5\">no cited work has a burst</td></tr>\n";
  out += "</table>\n";
  if (terms.bursts.empty()) return out;
  out +=
      "<table>\n<tr><th>term</th><th class=\"n\">strength</th><th>begin</th><th>end</th>"
      "<th></th></tr>\n";
  for (std::size_t i = 0; i < terms.bursts.size() && i < kShownBursts; ++i) {
    const TermBurst& b = terms.bursts[i];
    out += "<tr><td>" + escape(b.term) + "</td><td class=\"n\">" + fraction(b.strength) +
           "</td><td>" + std::to_string(b.begin) + "</td><td>" + std::to_string(b.end) + "</td>" +
           burst_bar(terms.first_year, terms.last_year, b.begin, b.end) + "</tr>\n";
  }
  return out + "</table>\n";
}

namespace {

// The years the timeline spans: the first and last of its clusters' works.
std::pair<std::int32_t, std::int32_t> timeline_years(const CocitationMap& map, std::size_t lines) {
  std::int32_t first = 0, last = 0;
  for (std::size_t c = 0; c < lines; ++c) {
    const CocitationMap::Cluster& cluster = map.clusters[c];
    if (cluster.dated == 0) continue;
    first = first == 0 ? cluster.first_year : std::min(first, cluster.first_year);
    last = std::max(last, cluster.last_year);
  }
  return {first, last};
}

// Per cluster a line from its first to its last year (an edge between two invisible points) with
// its number and first terms above the start; below the last line, the years as tick labels.
void timeline_lines(const CocitationMap& map, std::size_t lines,
                    std::pair<std::int32_t, std::int32_t> years, double step,
                    std::vector<svg::MapPoint>& points, std::vector<svg::MapEdge>& edges) {
  for (std::size_t c = 0; c < lines; ++c) {
    const CocitationMap::Cluster& cluster = map.clusters[c];
    if (cluster.dated == 0) continue;
    const double row = -step * static_cast<double>(c);
    std::string terms;
    for (std::size_t t = 0; t < cluster.terms.size() && t < 2; ++t) {
      terms += (t > 0 ? ", " : "") + cluster.terms[t];
    }
    const auto from = static_cast<std::uint32_t>(points.size());
    const auto first = static_cast<double>(cluster.first_year);
    const auto last = static_cast<double>(cluster.last_year);
    points.push_back({first, row, 0, svg::palette(c), "", ""});
    points.push_back({last, row, 0, svg::palette(c), "", ""});
    points.push_back({first, row + 0.4 * step, 0, svg::palette(c), "",
                      "#" + std::to_string(c + 1) + " " + terms});
    edges.push_back({from, from + 1, 1.5});
  }
  const double below = -step * static_cast<double>(lines);
  const auto lo = static_cast<double>(years.first);
  const auto hi = static_cast<double>(years.second);
  for (const double year : svg::nice_ticks(lo, hi, 6)) {
    if (year >= lo && year <= hi) points.push_back({year, below, 0, "#000", "", svg::number(year)});
  }
}

}  // namespace

std::string cluster_timeline_section(const CitationGraph& graph, const AnalysisResults& results) {
  const CocitationMap& map = results.map;
  std::string out = "<h2 id=\"timeline\">Cluster timeline</h2>\n";
  if (map.clusters.empty() || map.cluster.size() != map.nodes.size()) {
    return out + "<p>No clusters on the map: no timeline.</p>\n";
  }
  const std::size_t lines = std::min(map.clusters.size(), kTimelineClusters);
  const auto years = timeline_years(map, lines);
  // Cluster c on y = -c * step, the step chosen so that the chart is about 40% as high as it is
  // wide (the map chart keeps one scale for both axes).
  const double span = std::max(1.0, static_cast<double>(years.second - years.first));
  const double step = std::max(0.5, span / 2.5 / static_cast<double>(lines));
  std::vector<svg::MapPoint> points;
  std::vector<svg::MapEdge> edges;
  timeline_lines(map, lines, years, step, points, edges);
  if (points.empty()) return out + "<p>No work of the map has a publication year.</p>\n";
  double most = 1;
  for (const NodeId v : map.nodes) most = std::max(most, results.cocitation.item_count[v]);
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    const NodeId v = map.nodes[i];
    if (map.cluster[i] >= lines || graph.year(v) == 0) continue;
    const double cited = results.cocitation.item_count[v];
    points.push_back({static_cast<double>(graph.year(v)),
                      -step * static_cast<double>(map.cluster[i]),
                      2.0 + 6.0 * std::sqrt(cited / most), svg::palette(map.cluster[i]),
                      label_of(graph, v) + " (" + std::to_string(graph.year(v)) + ")", ""});
  }
  out += "<p class=\"meta\">One line per cluster of the co-citation map (the " + count(lines) +
         " largest), from its oldest to its newest work; the works sit on it at their "
         "publication year, sized by co-citation count.</p>\n";
  svg::ChartFrame frame{"Cluster timeline (" + count(lines) + " clusters)", "publication year", ""};
  frame.height = static_cast<int>(std::min<std::size_t>(640, 90 + 40 * lines));
  return out + svg::map_chart(frame, points, edges);
}

std::string slices_section(const RunConfig& config, const AnalysisResults& results) {
  const TimeSliceResult& r = results.slices;
  std::string out = "<h2 id=\"slices\">Time slices</h2>\n";
  if (r.slices.empty()) {
    return out + (config.slices.years == 0 ? "<p>No time slices (--slice-years 0).</p>\n"
                                           : "<p>No citing work has a year: no time slices.</p>\n");
  }
  out += "<p class=\"meta\">" + count(r.slices.size()) + " slices of " +
         count(config.slices.years) + " year(s) from " + std::to_string(r.slices.front().begin) +
         "; per slice the works selected by " + escape(slice_rule_text(config.slices)) +
         " among those its citing works cite, linked when co-cited in the slice. Merged: " +
         count(r.works.size()) + " works, " + count(r.links.size()) +
         " links (slices.graphml/.gexf; slices.csv, slice_works.csv and slice_links.csv have "
         "the figures).</p>\n";
  std::vector<svg::Bar> bars;
  for (const TimeSlice& s : r.slices) {
    const std::string years = s.begin == s.end
                                  ? std::to_string(s.begin)
                                  : std::to_string(s.begin) + "–" + std::to_string(s.end);
    bars.push_back({static_cast<double>(s.begin), static_cast<double>(s.selected.size()),
                    years + ": " + count(s.selected.size()) + " of " + count(s.cited_works) +
                        " cited works selected (threshold " + count(s.threshold) + " citations), " +
                        count(s.links.size()) + " links"});
  }
  svg::ChartFrame frame{"Works selected per slice", "first year of the slice", "works"};
  return out + svg::bar_chart(frame, bars);
}

std::string main_path_section(const CitationGraph& graph, const AnalysisResults& results) {
  const MainPathResult& paths = results.main_path;
  std::string out = "<h2 id=\"main-path\">Main path</h2>\n";
  std::vector<NodeId> works;
  for (const MainPathArc& a : paths.arcs) {
    if (!a.global) continue;
    works.push_back(a.cited);
    works.push_back(a.citing);
  }
  if (works.empty()) return out + "<p>No citation chain: no main path.</p>\n";
  std::sort(works.begin(), works.end(), [&](NodeId a, NodeId b) {
    return std::make_pair(graph.year(a), a) < std::make_pair(graph.year(b), b);
  });
  works.erase(std::unique(works.begin(), works.end()), works.end());
  out += "<p class=\"meta\">The global main path by " +
         std::string(main_path_weight_name(results.main_path_weight)) + " (total weight " +
         paths.global_weight.to_string() +
         "): the chain of citations that carries the most knowledge flow, oldest first; "
         "main_path.csv has the local and key-route paths too.</p>\n<ol>\n";
  for (std::size_t i = 0; i < works.size() && i < kShownPathWorks; ++i) {
    out += "<li>" + work_cell(graph, works[i]) + "</li>\n";
  }
  out += "</ol>\n";
  if (works.size() <= kDrawnPathWorks) {
    std::vector<std::uint32_t> index(graph.num_nodes(), kNoNode);
    for (std::uint32_t i = 0; i < works.size(); ++i) index[works[i]] = i;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;
    std::vector<double> cited(works.size());
    for (std::size_t i = 0; i < works.size(); ++i) {
      cited[i] = static_cast<double>(graph.in().degree(works[i]));
    }
    for (const MainPathArc& a : paths.arcs) {
      if (a.global) links.emplace_back(index[a.cited], index[a.citing]);
    }
    out += time_chart(graph, "Global main path (size: citations)", works, links, cited);
  }
  if (works.size() > kShownPathWorks) {
    out += "<p class=\"meta\">and " + count(works.size() - kShownPathWorks) + " more works.</p>\n";
  }
  return out;
}

std::string historiograph_section(const CitationGraph& graph, const AnalysisResults& results) {
  const Historiograph& h = results.historiograph;
  std::string out = "<h2 id=\"historiograph\">Historiograph</h2>\n";
  if (h.nodes.empty()) {
    return out + "<p>No source cites another source: no historiograph.</p>\n";
  }
  out += "<p class=\"meta\">The " + count(h.nodes.size()) + " sources most cited by the other " +
         "sources (of " + count(h.cited_sources) + " cited at all; " + count(h.local_citations) +
         " citations between sources), with the citations among them, oldest on the left "
         "(historiograph.csv, .graphml, .gexf).</p>\n";
  std::vector<double> lcs;
  for (const std::uint64_t x : h.lcs) lcs.push_back(static_cast<double>(x));
  out += time_chart(graph, "Historiograph (size: local citation score)", h.nodes, h.citations, lcs);
  out += "<table>\n<tr><th>source</th><th class=\"n\">LCS</th></tr>\n";
  std::vector<std::size_t> order(h.nodes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return h.lcs[a] > h.lcs[b]; });
  for (std::size_t k = 0; k < order.size() && k < kShownBursts; ++k) {
    out += "<tr><td>" + work_cell(graph, h.nodes[order[k]]) + "</td><td class=\"n\">" +
           count(h.lcs[order[k]]) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace citegraph::pipeline::report_detail
