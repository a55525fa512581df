// Private to pipeline/: the pieces of report.html shared between report.cpp (charts, map, top
// works) and report_overview.cpp (the summary at the top, inputs and issues, the file list at
// the end).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"

namespace citegraph::pipeline::report_detail {

[[nodiscard]] std::string count(std::uint64_t value);
// Three significant digits, locale-independent.
[[nodiscard]] std::string fraction(double value);
// A work as a table cell: its label (cut at 110 bytes), the PMID linked to PubMed where known.
[[nodiscard]] std::string work_cell(const CitationGraph& graph, NodeId v);

// The one-screen summary: corpora, works, citations, pairs, clusters and the main findings.
[[nodiscard]] std::string summary_section(const Loaded& loaded, const AnalysisResults& results);
// Inputs grouped by command-line PATH (at most kShownInputGroups rows), then the skips and
// warnings grouped by reason with counts and three examples, then the run's own warnings.
[[nodiscard]] std::string inputs_section(const Loaded& loaded,
                                         const std::vector<std::string>& warnings);
// Every input file, folded in <details>: the last section of the page.
[[nodiscard]] std::string input_files_section(const Loaded& loaded);

// Citation and term bursts, strongest first, with a bar over the years (report_time.cpp).
[[nodiscard]] std::string bursts_section(const CitationGraph& graph,
                                         const AnalysisResults& results);
// The works of the global main path, oldest first.
// One line per cluster of the map, x = publication year, its works on it (CiteSpace's timeline
// view).
[[nodiscard]] std::string cluster_timeline_section(const CitationGraph& graph,
                                                   const AnalysisResults& results);

// The time slices: per slice the works selected and the links among them.
[[nodiscard]] std::string slices_section(const RunConfig& config, const AnalysisResults& results);

[[nodiscard]] std::string main_path_section(const CitationGraph& graph,
                                            const AnalysisResults& results);

// The historiograph drawn in time, and its most locally cited sources.
[[nodiscard]] std::string historiograph_section(const CitationGraph& graph,
                                                const AnalysisResults& results);

inline constexpr std::size_t kShownBursts = 15;
inline constexpr std::size_t kTimelineClusters = 12;  // lines of the cluster timeline
inline constexpr std::size_t kShownPathWorks = 30;
inline constexpr std::size_t kDrawnPathWorks = 200;
inline constexpr std::size_t kShownInputGroups = 10;
inline constexpr std::size_t kShownIssueGroups = 12;
inline constexpr std::size_t kShownWarnings = 10;
inline constexpr std::size_t kIssueExamples = 3;

}  // namespace citegraph::pipeline::report_detail
