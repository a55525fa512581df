// Force-directed layout through igraph, per component, then shelf packing (see the header).
#include "citegraph/analysis/layout.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "analysis/igraph_bridge.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

namespace {

using igraph_bridge::IgraphSession;

// Space left between the squares of two packed components, in units of a one-node radius.
constexpr double kGap = 1.0;
// Work budgets in node-or-edge visits over all components (see LayoutParams): about 0.2 s each
// of CPU for a refinement and for a plain run on the machine we measured.
constexpr double kRefineBudget = 4e6;
constexpr double kPlainBudget = 5e6;
// More refinement does not help: with the grid's short-range repulsion, inter-cluster edges
// slowly pull the clusters into each other (6 planted groups of 40: mean distance within /
// between clusters 0.11 after 30 iterations, 0.13 after 50, 0.17 after 100, 0.83 after 300).
constexpr double kMaxRefine = 50;
// Above this many nodes the repulsion uses igraph's grid (neighbouring cells only) instead of
// every pair: igraph's own switch is at 1000, which makes a map of forty 900-node components
// cost forty times 900^2 per iteration.
constexpr std::size_t kGridNodes = 200;

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

struct Component {
  std::vector<std::uint32_t> nodes;      // ascending
  std::vector<std::uint32_t> endpoints;  // local ids, two per edge
  std::vector<double> weights;
};

// Components ordered by size descending, ties by smallest node.
std::vector<Component> components_of(const WeightedNetwork& network) {
  const std::uint32_t n = network.node_count;
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0U);
  for (const WeightedEdge& edge : network.edges) {
    const std::uint32_t ra = find_root(parent, edge.a);
    const std::uint32_t rb = find_root(parent, edge.b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<std::uint32_t> component_of(n, kNoNode);
  std::vector<Component> components;
  std::vector<std::uint32_t> local(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    const std::uint32_t root = find_root(parent, v);
    if (component_of[root] == kNoNode) {
      component_of[root] = static_cast<std::uint32_t>(components.size());
      components.emplace_back();
    }
    Component& component = components[component_of[root]];
    local[v] = static_cast<std::uint32_t>(component.nodes.size());
    component.nodes.push_back(v);
  }
  for (const WeightedEdge& edge : network.edges) {
    Component& component = components[component_of[find_root(parent, edge.a)]];
    component.endpoints.push_back(local[edge.a]);
    component.endpoints.push_back(local[edge.b]);
    component.weights.push_back(edge.weight);
  }
  // Components were created in order of their smallest node, so a stable sort by size keeps it
  // as the tie-break.
  std::stable_sort(
      components.begin(), components.end(),
      [](const Component& x, const Component& y) { return x.nodes.size() > y.nodes.size(); });
  return components;
}

// Each node's `keep` strongest edges (ties by edge order), as a mask over the component's edges;
// keep = 0 keeps every edge.
std::vector<std::uint8_t> backbone(const Component& component, std::uint32_t keep) {
  const std::size_t m = component.weights.size();
  std::vector<std::uint8_t> kept(m, keep == 0 ? 1 : 0);
  if (keep == 0) return kept;
  const std::size_t n = component.nodes.size();
  std::vector<std::uint64_t> offsets(n + 1, 0);
  for (const std::uint32_t v : component.endpoints) ++offsets[v + 1];
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<std::uint32_t> incident(2 * m);
  std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
  for (std::size_t e = 0; e < m; ++e) {
    incident[fill[component.endpoints[2 * e]]++] = static_cast<std::uint32_t>(e);
    incident[fill[component.endpoints[2 * e + 1]]++] = static_cast<std::uint32_t>(e);
  }
  for (std::size_t v = 0; v < n; ++v) {
    const auto first = incident.begin() + static_cast<std::ptrdiff_t>(offsets[v]);
    const auto last = incident.begin() + static_cast<std::ptrdiff_t>(offsets[v + 1]);
    if (static_cast<std::size_t>(last - first) > keep) {
      std::nth_element(first, first + keep - 1, last, [&](std::uint32_t x, std::uint32_t y) {
        return component.weights[x] != component.weights[y]
                   ? component.weights[x] > component.weights[y]
                   : x < y;
      });
      for (auto it = first; it != first + keep; ++it) kept[*it] = 1;
    } else {
      for (auto it = first; it != last; ++it) kept[*it] = 1;
    }
  }
  return kept;
}

// Fruchterman-Reingold on n nodes; `start` (2 per node) are the starting positions, or empty
// for igraph's random start. Weights are divided by their mean.
std::vector<double> fruchterman_reingold(std::size_t n, const std::vector<std::uint32_t>& endpoints,
                                         std::vector<double> weights, std::uint32_t iterations,
                                         double start_temperature,
                                         const std::vector<double>& start) {
  if (!weights.empty()) {
    const double mean =
        std::accumulate(weights.begin(), weights.end(), 0.0) / static_cast<double>(weights.size());
    for (double& w : weights) w /= mean;
  }
  const igraph_bridge::Graph graph(static_cast<std::uint32_t>(n), endpoints);
  const igraph_bridge::RealVector edge_weights(weights);
  igraph_bridge::Matrix coordinates(n, 2);
  if (!start.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      coordinates.set(i, 0, start[2 * i]);
      coordinates.set(i, 1, start[2 * i + 1]);
    }
  }
  IgraphSession::check(
      igraph_layout_fruchterman_reingold(
          graph.get(), coordinates.get(), start.empty() ? 0 : 1,
          static_cast<igraph_integer_t>(iterations), start_temperature,
          n > kGridNodes ? IGRAPH_LAYOUT_GRID : IGRAPH_LAYOUT_NOGRID,
          weights.empty() ? nullptr : edge_weights.get(), nullptr, nullptr, nullptr, nullptr),
      "Fruchterman-Reingold layout");
  std::vector<double> result(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    result[2 * i] = coordinates.at(i, 0);
    result[2 * i + 1] = coordinates.at(i, 1);
    if (!std::isfinite(result[2 * i]) || !std::isfinite(result[2 * i + 1])) {
      throw Error("igraph Fruchterman-Reingold layout: non-finite result");
    }
  }
  return result;
}

// Starting positions from the groups: the group graph (one node per group, edge weights summed
// over the edges between two groups) is laid out first, scaled so the drawing spans about
// sqrt(n), and each node starts at its group's position plus a random offset in a disc whose
// area follows the group's size.
std::vector<double> group_start(const Component& component, std::span<const std::uint32_t> groups,
                                const LayoutParams& params) {
  const std::size_t n = component.nodes.size();
  std::vector<std::uint32_t> local_group(n);
  std::vector<std::uint32_t> label;  // group id -> local group, via a sorted list
  {
    std::vector<std::uint32_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = groups[component.nodes[i]];
    label = ids;
    std::sort(label.begin(), label.end());
    label.erase(std::unique(label.begin(), label.end()), label.end());
    for (std::size_t i = 0; i < n; ++i) {
      local_group[i] = static_cast<std::uint32_t>(
          std::lower_bound(label.begin(), label.end(), ids[i]) - label.begin());
    }
  }
  const std::size_t group_count = label.size();
  if (group_count <= 1 || group_count == n) return {};

  std::vector<std::uint32_t> size(group_count, 0);
  for (const std::uint32_t g : local_group) ++size[g];
  std::vector<std::pair<std::uint64_t, double>> between;  // (g1 << 32 | g2, weight), g1 < g2
  for (std::size_t e = 0; e < component.weights.size(); ++e) {
    std::uint32_t g1 = local_group[component.endpoints[2 * e]];
    std::uint32_t g2 = local_group[component.endpoints[2 * e + 1]];
    if (g1 == g2) continue;
    if (g1 > g2) std::swap(g1, g2);
    between.emplace_back((std::uint64_t{g1} << 32) | g2, component.weights[e]);
  }
  std::sort(between.begin(), between.end());
  std::vector<std::uint32_t> endpoints;
  std::vector<double> weights;
  for (std::size_t i = 0; i < between.size();) {
    double w = 0;
    std::size_t j = i;
    for (; j < between.size() && between[j].first == between[i].first; ++j) w += between[j].second;
    endpoints.push_back(static_cast<std::uint32_t>(between[i].first >> 32));
    endpoints.push_back(static_cast<std::uint32_t>(between[i].first & 0xFFFFFFFFU));
    weights.push_back(w);
    i = j;
  }
  const std::vector<double> coarse =
      fruchterman_reingold(group_count, endpoints, std::move(weights), params.iterations,
                           std::sqrt(static_cast<double>(group_count)) / 10, {});
  double cx = 0;
  double cy = 0;
  for (std::size_t g = 0; g < group_count; ++g) {
    cx += coarse[2 * g];
    cy += coarse[2 * g + 1];
  }
  cx /= static_cast<double>(group_count);
  cy /= static_cast<double>(group_count);
  double extent = 0;
  for (std::size_t g = 0; g < group_count; ++g) {
    extent = std::max(extent, std::hypot(coarse[2 * g] - cx, coarse[2 * g + 1] - cy));
  }
  const double scale = extent > 0 ? std::sqrt(static_cast<double>(n)) / extent : 1;
  std::vector<double> start(2 * n);
  igraph_rng_t* rng = igraph_rng_default();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t g = local_group[i];
    const double radius = 0.5 * std::sqrt(static_cast<double>(size[g]));
    const double angle = 2 * 3.141592653589793 * igraph_rng_get_unif01(rng);
    const double r = radius * std::sqrt(igraph_rng_get_unif01(rng));
    const std::size_t gi = 2 * static_cast<std::size_t>(g);
    start[2 * i] = (coarse[gi] - cx) * scale + r * std::cos(angle);
    start[2 * i + 1] = (coarse[gi + 1] - cy) * scale + r * std::sin(angle);
  }
  return start;
}

struct Placed {
  std::vector<double> x;  // local, centred on 0, inside the disc of radius `radius`
  std::vector<double> y;
  double radius = 0;
};

// Iterations of the two kinds of run, shared by all components (see LayoutParams).
struct Iterations {
  std::uint32_t plain = 0;
  std::uint32_t refine = 0;
};

// Keeps only the backbone edges of the component (in their order).
void reduce_to_backbone(Component& component, std::uint32_t keep) {
  const std::vector<std::uint8_t> kept = backbone(component, keep);
  std::size_t out = 0;
  for (std::size_t e = 0; e < kept.size(); ++e) {
    if (kept[e] == 0) continue;
    component.endpoints[2 * out] = component.endpoints[2 * e];
    component.endpoints[2 * out + 1] = component.endpoints[2 * e + 1];
    component.weights[out] = component.weights[e];
    ++out;
  }
  component.endpoints.resize(2 * out);
  component.weights.resize(out);
}

Placed layout_component(const Component& component, std::span<const std::uint32_t> groups,
                        const LayoutParams& params, const Iterations& iterations) {
  const std::size_t n = component.nodes.size();
  Placed placed;
  placed.x.assign(n, 0);
  placed.y.assign(n, 0);
  placed.radius = std::sqrt(static_cast<double>(n));
  if (n == 1) return placed;

  const std::vector<double> start =
      groups.empty() ? std::vector<double>{} : group_start(component, groups, params);
  // From the groups' positions only a refinement is left: fewer iterations, smaller moves.
  const std::vector<double> coordinates =
      start.empty()
          ? fruchterman_reingold(n, component.endpoints, component.weights, iterations.plain,
                                 std::sqrt(static_cast<double>(n)) / 10, {})
          : fruchterman_reingold(n, component.endpoints, component.weights, iterations.refine,
                                 std::sqrt(static_cast<double>(n)) / 100, start);

  double cx = 0;
  double cy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cx += coordinates[2 * i];
    cy += coordinates[2 * i + 1];
  }
  cx /= static_cast<double>(n);
  cy /= static_cast<double>(n);
  double extent = 0;
  for (std::size_t i = 0; i < n; ++i) {
    placed.x[i] = coordinates[2 * i] - cx;
    placed.y[i] = coordinates[2 * i + 1] - cy;
    extent = std::max(extent, std::hypot(placed.x[i], placed.y[i]));
  }
  if (extent > 0) {
    const double scale = placed.radius / extent;
    for (std::size_t i = 0; i < n; ++i) {
      placed.x[i] *= scale;
      placed.y[i] *= scale;
    }
  }
  return placed;
}

// Reduces each component of two nodes or more to its backbone; returns the work of one
// iteration over all of them, in node-or-edge visits.
double reduce_components(std::vector<Component>& components, std::uint32_t backbone) {
  double units = 0;
  for (Component& component : components) {
    if (component.nodes.size() < 2) continue;
    reduce_to_backbone(component, backbone);
    units += static_cast<double>(component.nodes.size() + component.weights.size());
  }
  return units;
}

// The budgets are shared, so the cost follows the map's size, not its number of components.
Iterations shared_iterations(double units, const LayoutParams& params) {
  Iterations iterations;
  const double share = units > 0 ? 1 / units : 1;
  const auto most = static_cast<double>(params.iterations);
  iterations.plain =
      static_cast<std::uint32_t>(std::clamp(kPlainBudget * share, std::min(50.0, most), most));
  iterations.refine =
      params.refine_iterations != 0
          ? params.refine_iterations
          : static_cast<std::uint32_t>(std::clamp(kRefineBudget * share, 10.0, kMaxRefine));
  return iterations;
}

struct Drawing {
  std::vector<double> x;
  std::vector<double> y;
};

// Each component laid out, then shelf packing of their squares (side 2 radius + gap), largest
// first, in rows no wider than the side of a square of the same total area (or the widest
// square).
Drawing pack_components(const std::vector<Component>& components, std::uint32_t n,
                        std::span<const std::uint32_t> groups, const LayoutParams& params,
                        const Iterations& iterations) {
  double total_area = 0;
  double widest = 0;
  for (const Component& component : components) {
    const double side = 2 * std::sqrt(static_cast<double>(component.nodes.size())) + kGap;
    total_area += side * side;
    widest = std::max(widest, side);
  }
  const double row_limit = std::max(widest, std::sqrt(total_area));

  Drawing drawing{std::vector<double>(n, 0), std::vector<double>(n, 0)};
  IgraphSession session(params.seed);
  double row_x = 0;
  double row_y = 0;
  double row_height = 0;
  for (const Component& component : components) {
    const Placed placed = layout_component(component, groups, params, iterations);
    const double side = 2 * placed.radius + kGap;
    if (row_x > 0 && row_x + side > row_limit) {
      row_x = 0;
      row_y += row_height;
      row_height = 0;
    }
    const double centre_x = row_x + side / 2;
    const double centre_y = row_y + side / 2;
    for (std::size_t i = 0; i < component.nodes.size(); ++i) {
      drawing.x[component.nodes[i]] = centre_x + placed.x[i];
      drawing.y[component.nodes[i]] = centre_y + placed.y[i];
    }
    row_x += side;
    row_height = std::max(row_height, side);
  }
  return drawing;
}

// The drawing scaled into the box [0, box]^2, centred along its shorter side.
void fit_to_box(const Drawing& drawing, double box, LayoutResult& result) {
  const auto [min_x, max_x] = std::minmax_element(drawing.x.begin(), drawing.x.end());
  const auto [min_y, max_y] = std::minmax_element(drawing.y.begin(), drawing.y.end());
  const double width = *max_x - *min_x;
  const double height = *max_y - *min_y;
  const double extent = std::max(width, height);
  const double scale = extent > 0 ? box / extent : 0;
  const double offset_x = (box - width * scale) / 2;
  const double offset_y = (box - height * scale) / 2;
  for (std::size_t v = 0; v < drawing.x.size(); ++v) {
    // Clamped: rounding must not put a coordinate a hair outside the box.
    result.x[v] = std::clamp(offset_x + (drawing.x[v] - *min_x) * scale, 0.0, box);
    result.y[v] = std::clamp(offset_y + (drawing.y[v] - *min_y) * scale, 0.0, box);
  }
}

}  // namespace

void LayoutParams::validate() const {
  if (iterations < 1 || iterations > 100000) {
    throw InvalidArgument("layout iterations " + std::to_string(iterations) +
                          " is not in 1..100000");
  }
  if (refine_iterations > 100000) {
    throw InvalidArgument("layout refine_iterations " + std::to_string(refine_iterations) +
                          " is not in 0..100000");
  }
  if (!std::isfinite(box) || box <= 0) {
    throw InvalidArgument("layout box " + std::to_string(box) + " is not finite and positive");
  }
}

LayoutResult layout_network(const WeightedNetwork& network, const LayoutParams& params,
                            std::span<const std::uint32_t> groups) {
  params.validate();
  network.validate();
  const std::uint32_t n = network.node_count;
  if (!groups.empty() && groups.size() != n) {
    throw InvalidArgument("layout groups has " + std::to_string(groups.size()) + " entries for " +
                          std::to_string(n) + " nodes");
  }
  LayoutResult result;
  result.x.assign(n, params.box / 2);
  result.y.assign(n, params.box / 2);
  if (n == 0) return result;

  std::vector<Component> components = components_of(network);
  result.components = static_cast<std::uint32_t>(components.size());
  const Iterations iterations =
      shared_iterations(reduce_components(components, params.backbone), params);
  result.iterations = iterations.plain;
  result.refine_iterations = iterations.refine;
  fit_to_box(pack_components(components, n, groups, params, iterations), params.box, result);
  return result;
}

}  // namespace citegraph
