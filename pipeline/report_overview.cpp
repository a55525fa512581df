// The top and the end of report.html (pipeline/report_detail.hpp): what a reader needs before
// the charts fits one screen; the per-file detail is at the end, folded.
#include <algorithm>
#include <string>

#include "citegraph/pipeline/issues.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "pipeline/report_detail.hpp"
#include "pipeline/svg_chart.hpp"

namespace citegraph::pipeline::report_detail {
namespace {

using svg::escape;

std::string li(const std::string& html) { return "<li>" + html + "</li>\n"; }

std::string corpora_item(const AnalysisResults& results) {
  std::string out = "<b>Corpora</b>: ";
  const auto& corpora = results.overlap.corpora;
  for (std::size_t c = 0; c < corpora.size() && c < 8; ++c) {
    const CorpusProfile& p = corpora[c];
    out += (c > 0 ? "; " : "") + escape(p.name) + " — " + count(p.sources) + " sources, " +
           (p.references_known()
                ? count(p.citations) + " citations of " + count(p.cited_works) + " works"
                : std::string("no reference lists"));
  }
  if (corpora.size() > 8) out += "; and " + count(corpora.size() - 8) + " more";
  return li(out);
}

// The most cited work, the top journal, the RPYS peak: what the field builds on.
std::string findings_items(const CitationGraph& graph, const AnalysisResults& results) {
  std::string out;
  NodeId top = kNoNode;
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (graph.in().degree(v) > 0 &&
        (top == kNoNode || graph.in().degree(v) > graph.in().degree(top)))
      top = v;
  }
  if (top != kNoNode) {
    out += li("<b>Most cited work</b>: " + work_cell(graph, top) + " — " +
              count(graph.in().degree(top)) + " citations");
  }
  const CorpusDistribution& all = results.distributions.overall;
  if (!all.journals.empty()) {
    const JournalRow& j = all.journals.front();
    out += li("<b>Most cited journal</b>: " + escape(j.journal) + " — " + count(j.count) +
              " citations (" + fraction(100.0 * j.share) + "%) of " + count(all.journals.size()) +
              " journals");
  }
  const auto peak = std::max_element(
      all.years.begin(), all.years.end(),
      [](const YearRow& a, const YearRow& b) { return a.rpys_deviation < b.rpys_deviation; });
  if (peak != all.years.end() && peak->rpys_deviation > 0) {
    out += li("<b>RPYS peak</b>: " + std::to_string(peak->year) + " (" + count(peak->count) +
              " citations, " + std::to_string(peak->rpys_deviation) + " above the 5-year median)" +
              (all.price_index ? "; Price index " + fraction(*all.price_index) : std::string()));
  }
  return out;
}

std::string map_item(const AnalysisResults& results) {
  const CocitationMap& map = results.map;
  if (map.nodes.empty()) return {};
  std::string out = "<b>Co-citation map</b>: " + count(map.nodes.size()) + " works in " +
                    count(map.clusters.size()) + " clusters (modularity " +
                    fraction(map.modularity) + ")";
  for (std::size_t c = 0; c < map.clusters.size() && c < 3; ++c) {
    std::string terms;
    for (std::size_t t = 0; t < map.clusters[c].terms.size() && t < 4; ++t) {
      terms += (t > 0 ? ", " : "") + map.clusters[c].terms[t];
    }
    out += (c == 0 ? ": " : "; ") + std::to_string(c + 1) + " (" + count(map.clusters[c].size) +
           " works) " + escape(terms);
  }
  return li(out);
}

std::string overlap_item(const AnalysisResults& results) {
  const OverlapResult& overlap = results.overlap;
  std::string out;
  for (std::size_t i = 0; i < overlap.pairs.size() && i < 3; ++i) {
    const CorpusPairOverlap& pair = overlap.pairs[i];
    const SetOverlap& refs = pair[OverlapFacet::kReferences];
    out += (i > 0 ? "; " : "") + escape(overlap.corpora[pair.x].name) + " · " +
           escape(overlap.corpora[pair.y].name) + ": " +
           (refs.shared ? count(*refs.shared) + " shared cited works" +
                              (refs.jaccard ? " (Jaccard " + fraction(*refs.jaccard) + ")" : "")
                        : escape(refs.missing_reason));
  }
  return out.empty() ? out : li("<b>Overlap</b>: " + out);
}

std::string issues_item(const Loaded& loaded) {
  std::uint64_t files = 0;
  std::uint64_t skipped = loaded.build_diagnostics.skipped();
  std::uint64_t warnings = loaded.build_diagnostics.warnings();
  for (const auto* inputs : {&loaded.inputs, &loaded.metadata}) {
    for (const LoadedInput& input : *inputs) {
      ++files;
      skipped += input.report.diagnostics.skipped();
      warnings += input.report.diagnostics.warnings();
    }
  }
  return li("<b>Read</b>: " + count(files) + " file(s) from " + count(input_groups(loaded).size()) +
            " input path(s); " + count(skipped) + " skipped, " + count(warnings) + " warnings, " +
            count(loaded.skipped_files.size()) +
            " file(s) not read or empty (<a href=\"#inputs\">below</a>)");
}

}  // namespace

std::string summary_section(const Loaded& loaded, const AnalysisResults& results) {
  const CitationGraph& graph = loaded.graph;
  std::string out = "<h2 id=\"summary\">Summary</h2>\n<ul>\n";
  out += corpora_item(results);
  out += li("<b>Graph</b>: " + count(graph.num_nodes()) + " works (" +
            count(graph.source_nodes().size()) + " source records), " + count(graph.num_edges()) +
            " citations; " + count(results.cocitation.pairs.size()) + " co-citation pairs, " +
            count(results.coupling.pairs.size()) + " coupling pairs");
  out += map_item(results);
  out += findings_items(graph, results);
  out += overlap_item(results);
  out += issues_item(loaded);
  return out + "</ul>\n";
}

namespace {

std::string input_group_row(const InputGroup& g) {
  std::string formats;
  for (const std::string& f : g.formats) formats += (formats.empty() ? "" : ", ") + f;
  return "<tr><td>" + escape(g.path) + "</td><td>" + escape(g.corpus) + "</td><td class=\"n\">" +
         count(g.files) + "</td><td>" + escape(formats) + "</td><td class=\"n\">" +
         count(g.records) + "</td><td class=\"n\">" +
         (g.format_has_references ? count(g.references) : "none in format") +
         "</td><td class=\"n\">" + count(g.references_with_pmid) + "</td><td class=\"n\">" +
         count(g.skipped) + "</td><td class=\"n\">" + count(g.warnings) + "</td></tr>\n";
}

std::string issue_item(const IssueGroup& g) {
  std::string out = "<li><b>" + escape(g.reason) + "</b>: " + count(g.count) +
                    (g.skipped ? " skipped" : " warnings") +
                    (g.files > 1 ? " in " + count(g.files) + " files" : std::string());
  out += "<ul class=\"meta\">";
  for (const std::string& example : g.examples) {
    out += "<li><code>" + escape(example) + "</code></li>";
  }
  return out + "</ul></li>\n";
}

}  // namespace

std::string inputs_section(const Loaded& loaded, const std::vector<std::string>& warnings) {
  std::string out =
      "<h2 id=\"inputs\">Inputs and what was skipped</h2>\n<table>\n<tr><th>input</th>"
      "<th>corpus</th><th class=\"n\">files</th><th>format</th><th class=\"n\">records</th>"
      "<th class=\"n\">references</th><th class=\"n\">with PMID</th><th class=\"n\">skipped"
      "</th><th class=\"n\">warnings</th></tr>\n";
  const std::vector<InputGroup> groups = input_groups(loaded);
  for (std::size_t i = 0; i < groups.size() && i < kShownInputGroups; ++i) {
    out += input_group_row(groups[i]);
  }
  out += "</table>\n";
  if (groups.size() > kShownInputGroups) {
    out += "<p class=\"meta\">and " + count(groups.size() - kShownInputGroups) +
           " more input paths: <a href=\"#files\">every input file</a>.</p>\n";
  }
  const std::vector<IssueGroup> issues = issue_groups(loaded, kIssueExamples);
  if (issues.empty() && warnings.empty()) return out + "<p>Nothing was skipped.</p>\n";
  out += "<ul class=\"warn\">\n";
  for (std::size_t i = 0; i < issues.size() && i < kShownIssueGroups; ++i) {
    out += issue_item(issues[i]);
  }
  for (std::size_t i = 0; i < warnings.size() && i < kShownWarnings; ++i) {
    out += "<li>" + escape(warnings[i]) + "</li>\n";
  }
  out += "</ul>\n";
  const std::size_t hidden =
      (issues.size() > kShownIssueGroups ? issues.size() - kShownIssueGroups : 0) +
      (warnings.size() > kShownWarnings ? warnings.size() - kShownWarnings : 0);
  if (hidden > 0) {
    out += "<p class=\"meta\">and " + count(hidden) +
           " more reasons and warnings: summary.json lists every one.</p>\n";
  }
  return out;
}

std::string input_files_section(const Loaded& loaded) {
  std::size_t files = loaded.inputs.size() + loaded.metadata.size();
  std::string out = "<h2 id=\"files\">Every input file</h2>\n<details><summary>" + count(files) +
                    " file(s)</summary>\n<table>\n<tr><th>file</th><th>corpus</th><th>format"
                    "</th><th class=\"n\">records</th><th class=\"n\">references</th><th "
                    "class=\"n\">with PMID</th><th class=\"n\">skipped</th></tr>\n";
  auto row = [&](const LoadedInput& input, const std::string& corpus) {
    const io::InputReport& r = input.report;
    out += "<tr><td>" + escape(r.path) + "</td><td>" + escape(corpus) + "</td><td>" +
           escape(std::string(io::format_name(r.format))) + (r.compressed ? " (gzip)" : "") +
           "</td><td class=\"n\">" + count(r.records) + "</td><td class=\"n\">" +
           (r.format_has_references ? count(r.references) : "none in format") +
           "</td><td class=\"n\">" + count(r.references_with_pmid) + "</td><td class=\"n\">" +
           count(r.diagnostics.skipped()) + "</td></tr>\n";
  };
  for (const LoadedInput& input : loaded.inputs) row(input, input.corpus);
  for (const LoadedInput& input : loaded.metadata) row(input, "(metadata)");
  return out + "</table>\n</details>\n";
}

}  // namespace citegraph::pipeline::report_detail
