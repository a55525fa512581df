#include "pipeline/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "support/ascii.hpp"

namespace citegraph::pipeline::svg {
namespace {

constexpr double kLeft = 70;
constexpr double kRight = 20;
constexpr double kTop = 34;
constexpr double kBottom = 48;

std::string fixed(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// Maps data coordinates to pixels inside the frame's plot area.
struct Scale {
  double lo_x, hi_x, lo_y, hi_y;
  double left, right, top, bottom;
  bool log_x = false;

  [[nodiscard]] double px(double x) const {
    const double a = log_x ? std::log10(lo_x) : lo_x;
    const double b = log_x ? std::log10(hi_x) : hi_x;
    const double v = log_x ? std::log10(x) : x;
    return b == a ? (left + right) / 2 : left + (v - a) / (b - a) * (right - left);
  }
  [[nodiscard]] double py(double y) const {
    return hi_y == lo_y ? (top + bottom) / 2 : bottom - (y - lo_y) / (hi_y - lo_y) * (bottom - top);
  }
};

std::string open_svg(const ChartFrame& frame) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    std::to_string(frame.width) + "\" height=\"" + std::to_string(frame.height) +
                    "\" viewBox=\"0 0 " + std::to_string(frame.width) + ' ' +
                    std::to_string(frame.height) + "\" role=\"img\" aria-label=\"" +
                    escape(frame.title) + "\">\n";
  out += "<title>" + escape(frame.title) + "</title>\n";
  out += "<text x=\"" + fixed(frame.width / 2.0) +
         "\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\">" + escape(frame.title) +
         "</text>\n";
  return out;
}

// A chart frame that says it has nothing to show.
std::string empty_chart(const ChartFrame& frame) {
  return open_svg(frame) + "<text x=\"" + fixed(frame.width / 2.0) + "\" y=\"" +
         fixed(frame.height / 2.0) +
         "\" text-anchor=\"middle\" class=\"tick\">no data</text>\n</svg>\n";
}

// Axes, grid lines, ticks, tick labels and axis titles.
std::string axes(const ChartFrame& frame, const Scale& s, const std::vector<double>& x_ticks,
                 const std::vector<double>& y_ticks) {
  std::string out;
  for (const double t : y_ticks) {
    const double y = s.py(t);
    out += "<line class=\"grid\" x1=\"" + fixed(s.left) + "\" x2=\"" + fixed(s.right) + "\" y1=\"" +
           fixed(y) + "\" y2=\"" + fixed(y) + "\"/>\n";
    out += "<text class=\"tick\" x=\"" + fixed(s.left - 6) + "\" y=\"" + fixed(y + 4) +
           "\" text-anchor=\"end\">" + number(t) + "</text>\n";
  }
  for (const double t : x_ticks) {
    const double x = s.px(t);
    out += "<line class=\"axis\" x1=\"" + fixed(x) + "\" x2=\"" + fixed(x) + "\" y1=\"" +
           fixed(s.bottom) + "\" y2=\"" + fixed(s.bottom + 5) + "\"/>\n";
    out += "<text class=\"tick\" x=\"" + fixed(x) + "\" y=\"" + fixed(s.bottom + 18) +
           "\" text-anchor=\"middle\">" + number(t) + "</text>\n";
  }
  out += "<line class=\"axis\" x1=\"" + fixed(s.left) + "\" x2=\"" + fixed(s.right) + "\" y1=\"" +
         fixed(s.bottom) + "\" y2=\"" + fixed(s.bottom) + "\"/>\n";
  out += "<line class=\"axis\" x1=\"" + fixed(s.left) + "\" x2=\"" + fixed(s.left) + "\" y1=\"" +
         fixed(s.top) + "\" y2=\"" + fixed(s.bottom) + "\"/>\n";
  out += "<text class=\"axis-title\" x=\"" + fixed((s.left + s.right) / 2) + "\" y=\"" +
         fixed(frame.height - 8.0) + "\" text-anchor=\"middle\">" + escape(frame.x_label) +
         "</text>\n";
  out += "<text class=\"axis-title\" transform=\"translate(16," + fixed((s.top + s.bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(frame.y_label) + "</text>\n";
  return out;
}

Scale frame_scale(const ChartFrame& frame) {
  Scale s{};
  s.left = kLeft;
  s.right = frame.width - kRight;
  s.top = kTop;
  s.bottom = frame.height - kBottom;
  s.log_x = frame.log_x;
  return s;
}

// Log-axis ticks: the powers of ten in [lo, hi].
std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  for (double t = 1; t <= hi * 1.0000001; t *= 10) {
    if (t >= lo * 0.9999999) ticks.push_back(t);
  }
  return ticks;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / std::max(count, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string number(double value) {
  char buffer[32];
  if (std::abs(value - std::round(value)) < 1e-9 * std::max(1.0, std::abs(value))) {
    std::snprintf(buffer, sizeof buffer, "%.0f", std::round(value) == 0 ? 0.0 : value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
  }
  return buffer;
}

std::string bar_chart(const ChartFrame& frame, const std::vector<Bar>& bars,
                      const std::vector<LinePoint>& line, const std::string& line_name) {
  if (bars.empty()) return empty_chart(frame);
  std::string out = open_svg(frame);
  Scale s = frame_scale(frame);
  s.lo_x = std::numeric_limits<double>::max();
  s.hi_x = std::numeric_limits<double>::lowest();
  s.lo_y = 0;
  s.hi_y = 0;
  for (const Bar& b : bars) {
    s.lo_x = std::min(s.lo_x, b.x - 0.5);
    s.hi_x = std::max(s.hi_x, b.x + 0.5);
    s.lo_y = std::min(s.lo_y, b.y);
    s.hi_y = std::max(s.hi_y, b.y);
  }
  for (const LinePoint& p : line) {
    s.lo_y = std::min(s.lo_y, p.y);
    s.hi_y = std::max(s.hi_y, p.y);
  }
  const std::vector<double> y_ticks = nice_ticks(s.lo_y, s.hi_y == s.lo_y ? s.lo_y + 1 : s.hi_y, 5);
  s.lo_y = std::min(s.lo_y, y_ticks.front());
  s.hi_y = std::max(s.hi_y, y_ticks.back());
  std::vector<double> x_ticks;
  for (const double t : nice_ticks(s.lo_x + 0.5, s.hi_x - 0.5, 8)) {
    if (t == std::round(t)) x_ticks.push_back(t);
  }
  out += axes(frame, s, x_ticks, y_ticks);
  const double bar_width = std::max(1.0, (s.px(1) - s.px(0)) * 0.8);
  for (const Bar& b : bars) {
    const double y0 = s.py(0);
    const double y1 = s.py(b.y);
    out += "<rect class=\"bar\" x=\"" + fixed(s.px(b.x) - bar_width / 2) + "\" y=\"" +
           fixed(std::min(y0, y1)) + "\" width=\"" + fixed(bar_width) + "\" height=\"" +
           fixed(std::abs(y0 - y1)) + "\"><title>" + escape(b.tooltip) + "</title></rect>\n";
  }
  if (!line.empty()) {
    out += "<polyline class=\"line\" points=\"";
    for (const LinePoint& p : line) out += fixed(s.px(p.x)) + ',' + fixed(s.py(p.y)) + ' ';
    out += "\"><title>" + escape(line_name) + "</title></polyline>\n";
    out += "<text class=\"legend\" x=\"" + fixed(s.right - 4) + "\" y=\"" + fixed(s.top + 12) +
           "\" text-anchor=\"end\">— " + escape(line_name) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

std::string line_chart(const ChartFrame& frame, const std::vector<LinePoint>& points,
                       const std::vector<std::string>& tooltips, const std::vector<Rule>& rules) {
  if (points.empty()) return empty_chart(frame);
  std::string out = open_svg(frame);
  Scale s = frame_scale(frame);
  s.lo_x = std::numeric_limits<double>::max();
  s.hi_x = std::numeric_limits<double>::lowest();
  s.lo_y = 0;
  s.hi_y = 0;
  for (const LinePoint& p : points) {
    s.lo_x = std::min(s.lo_x, p.x);
    s.hi_x = std::max(s.hi_x, p.x);
    s.hi_y = std::max(s.hi_y, p.y);
  }
  if (s.hi_x == s.lo_x) s.hi_x = s.lo_x + 1;
  const std::vector<double> y_ticks = nice_ticks(0, s.hi_y == 0 ? 1 : s.hi_y, 5);
  s.hi_y = std::max(s.hi_y, y_ticks.back());
  const std::vector<double> x_ticks =
      frame.log_x ? log_ticks(s.lo_x, s.hi_x) : nice_ticks(s.lo_x, s.hi_x, 8);
  out += axes(frame, s, x_ticks, y_ticks);
  for (const Rule& r : rules) {
    const double x = s.px(r.x);
    out += "<line class=\"rule\" x1=\"" + fixed(x) + "\" x2=\"" + fixed(x) + "\" y1=\"" +
           fixed(s.top) + "\" y2=\"" + fixed(s.bottom) + "\"/>\n";
    out += "<text class=\"tick\" x=\"" + fixed(x + 3) + "\" y=\"" + fixed(s.top + 10) + "\">" +
           escape(r.label) + "</text>\n";
  }
  out += "<polyline class=\"line\" points=\"";
  for (const LinePoint& p : points) out += fixed(s.px(p.x)) + ',' + fixed(s.py(p.y)) + ' ';
  out += "\"/>\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    out += "<circle class=\"point\" cx=\"" + fixed(s.px(points[i].x)) + "\" cy=\"" +
           fixed(s.py(points[i].y)) + "\" r=\"2.5\"><title>" +
           escape(i < tooltips.size() ? tooltips[i] : std::string()) + "</title></circle>\n";
  }
  out += "</svg>\n";
  return out;
}

std::string horizontal_bars(const ChartFrame& frame, const std::vector<Row>& rows) {
  ChartFrame f = frame;
  const double row_height = 18;
  f.height = static_cast<int>(kTop + kBottom + row_height * static_cast<double>(rows.size()) + 4);
  if (rows.empty()) return empty_chart(f);
  std::string out = open_svg(f);
  const double label_width = 250;
  Scale s = frame_scale(f);
  s.left = label_width;
  s.lo_x = 0;
  s.hi_x = 0;
  for (const Row& r : rows) s.hi_x = std::max(s.hi_x, r.value);
  const std::vector<double> x_ticks = nice_ticks(0, s.hi_x == 0 ? 1 : s.hi_x, 6);
  s.hi_x = std::max(s.hi_x, x_ticks.back());
  s.lo_y = 0;
  s.hi_y = 1;
  out += axes(f, s, x_ticks, {});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = s.top + row_height * static_cast<double>(i) + 2;
    std::string label = rows[i].label;
    if (label.size() > 40) label = std::string(ascii::utf8_prefix(label, 38)) + "…";
    out += "<text class=\"tick\" x=\"" + fixed(s.left - 6) + "\" y=\"" + fixed(y + 12) +
           "\" text-anchor=\"end\">" + escape(label) + "</text>\n";
    out += "<rect class=\"bar\" x=\"" + fixed(s.left) + "\" y=\"" + fixed(y) + "\" width=\"" +
           fixed(s.px(rows[i].value) - s.left) + "\" height=\"" + fixed(row_height - 4) +
           "\"><title>" + escape(rows[i].tooltip) + "</title></rect>\n";
  }
  out += "</svg>\n";
  return out;
}

std::string map_chart(const ChartFrame& frame, const std::vector<MapPoint>& points,
                      const std::vector<MapEdge>& edges) {
  if (points.empty()) return empty_chart(frame);
  std::string out = open_svg(frame);
  double lo_x = std::numeric_limits<double>::max(), hi_x = std::numeric_limits<double>::lowest();
  double lo_y = lo_x, hi_y = hi_x;
  for (const MapPoint& p : points) {
    lo_x = std::min(lo_x, p.x);
    hi_x = std::max(hi_x, p.x);
    lo_y = std::min(lo_y, p.y);
    hi_y = std::max(hi_y, p.y);
  }
  // One scale for both axes: distances on the map mean the same in every direction.
  const double pad = 24;
  const double width = frame.width - 2 * pad;
  const double height = frame.height - kTop - pad;
  const double span = std::max({hi_x - lo_x, (hi_y - lo_y) * width / height, 1e-12});
  const double unit = width / span;
  const double off_x = pad + (width - (hi_x - lo_x) * unit) / 2;
  const double off_y = kTop + (height - (hi_y - lo_y) * unit) / 2;
  auto px = [&](double x) { return off_x + (x - lo_x) * unit; };
  auto py = [&](double y) { return off_y + (hi_y - y) * unit; };
  out += "<g class=\"edges\">\n";
  for (const MapEdge& e : edges) {
    out += "<line x1=\"" + fixed(px(points[e.a].x)) + "\" y1=\"" + fixed(py(points[e.a].y)) +
           "\" x2=\"" + fixed(px(points[e.b].x)) + "\" y2=\"" + fixed(py(points[e.b].y)) +
           "\" stroke-width=\"" + fixed(e.width) + "\"/>\n";
  }
  out += "</g>\n<g class=\"nodes\">\n";
  for (const MapPoint& p : points) {
    out += "<circle cx=\"" + fixed(px(p.x)) + "\" cy=\"" + fixed(py(p.y)) + "\" r=\"" +
           fixed(p.radius) + "\" fill=\"" + p.color + "\"><title>" + escape(p.tooltip) +
           "</title></circle>\n";
  }
  out += "</g>\n<g class=\"labels\">\n";
  for (const MapPoint& p : points) {
    if (p.label.empty()) continue;
    out += "<text x=\"" + fixed(px(p.x) + p.radius + 2) + "\" y=\"" + fixed(py(p.y) + 4) + "\">" +
           escape(p.label) + "</text>\n";
  }
  out += "</g>\n</svg>\n";
  return out;
}

std::string palette(std::size_t index) {
  // Okabe & Ito (2008) colour-blind-safe palette, then Tableau's other hues.
  static constexpr std::array<const char*, 16> kColors = {
      "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
      "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#FF9896", "#98DF8A", "#C5B0D5"};
  return kColors[index % kColors.size()];
}

}  // namespace citegraph::pipeline::svg
