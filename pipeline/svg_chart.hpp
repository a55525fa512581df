// Private to pipeline/: inline SVG charts for report.html — axes with round ticks and units,
// bars, lines, scatter points, each with a <title> tooltip. No script, no external resource;
// numbers are formatted the same on every platform, so the same data gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citegraph::pipeline::svg {

// "<", ">", "&", '"' escaped for HTML text and attribute values; control characters dropped.
[[nodiscard]] std::string escape(std::string_view text);

// Round tick values covering [lo, hi] (about `count` of them, steps of 1, 2 or 5 x 10^k).
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int count);

// A number for a tick label or tooltip: integers without decimals, others with up to 3
// significant decimals ("0.25", "1200", "-3").
[[nodiscard]] std::string number(double value);

struct Bar {
  double x = 0;  // category position (e.g. a year)
  double y = 0;
  std::string tooltip;
};

struct LinePoint {
  double x = 0;
  double y = 0;
};

struct ChartFrame {
  std::string title;    // shown above the plot
  std::string x_label;  // axis titles with units, e.g. "publication year of the cited work"
  std::string y_label;
  int width = 720;
  int height = 300;
  bool log_x = false;  // base-10 logarithmic x axis (x values must be > 0)
};

// Vertical bars at x (width: one x unit), optionally with a line on the same axes.
[[nodiscard]] std::string bar_chart(const ChartFrame& frame, const std::vector<Bar>& bars,
                                    const std::vector<LinePoint>& line = {},
                                    const std::string& line_name = {});

// A polyline with point markers; vertical dashed markers at `rules` (x values) with labels.
struct Rule {
  double x = 0;
  std::string label;
};
[[nodiscard]] std::string line_chart(const ChartFrame& frame, const std::vector<LinePoint>& points,
                                     const std::vector<std::string>& tooltips,
                                     const std::vector<Rule>& rules = {});

// Horizontal bars, one per labelled row, largest first as given.
struct Row {
  std::string label;
  double value = 0;
  std::string tooltip;
};
[[nodiscard]] std::string horizontal_bars(const ChartFrame& frame, const std::vector<Row>& rows);

// A node-link map: points in their own coordinates (scaled to fit), radius in pixels, fill
// colour, a tooltip, an optional text label; edges between point indices, drawn first.
struct MapPoint {
  double x = 0;
  double y = 0;
  double radius = 3;
  std::string color;
  std::string tooltip;
  std::string label;  // drawn beside the point when not empty
};
struct MapEdge {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double width = 0.5;
};
[[nodiscard]] std::string map_chart(const ChartFrame& frame, const std::vector<MapPoint>& points,
                                    const std::vector<MapEdge>& edges);

// A qualitative palette (colour-blind-safe first eight, then repeated lighter): colour of a
// cluster index.
[[nodiscard]] std::string palette(std::size_t index);

}  // namespace citegraph::pipeline::svg
