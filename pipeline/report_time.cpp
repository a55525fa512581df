// report.html's sections on the literature over time: citation and term bursts, the global
// main path (pipeline/report_detail.hpp).
#include <algorithm>
#include <string>

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
  if (works.size() > kShownPathWorks) {
    out += "<p class=\"meta\">and " + count(works.size() - kShownPathWorks) + " more works.</p>\n";
  }
  return out;
}

}  // namespace citegraph::pipeline::report_detail
