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

struct Placed {
  std::vector<double> x;  // local, centred on 0, inside the disc of radius `radius`
  std::vector<double> y;
  double radius = 0;
};

Placed layout_component(const Component& component, const LayoutParams& params) {
  const std::size_t n = component.nodes.size();
  Placed placed;
  placed.x.assign(n, 0);
  placed.y.assign(n, 0);
  placed.radius = std::sqrt(static_cast<double>(n));
  if (n == 1) return placed;

  std::vector<double> weights = component.weights;
  const double mean =
      std::accumulate(weights.begin(), weights.end(), 0.0) / static_cast<double>(weights.size());
  for (double& w : weights) w /= mean;
  const igraph_bridge::Graph graph(static_cast<std::uint32_t>(n), component.endpoints);
  const igraph_bridge::RealVector edge_weights(weights);
  igraph_bridge::Matrix coordinates(n, 2);
  IgraphSession::check(
      igraph_layout_fruchterman_reingold(
          graph.get(), coordinates.get(), /*use_seed=*/0,
          static_cast<igraph_integer_t>(params.iterations), std::sqrt(static_cast<double>(n)) / 10,
          IGRAPH_LAYOUT_AUTOGRID, edge_weights.get(), nullptr, nullptr, nullptr, nullptr),
      "Fruchterman-Reingold layout");

  double cx = 0;
  double cy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cx += coordinates.at(i, 0);
    cy += coordinates.at(i, 1);
  }
  cx /= static_cast<double>(n);
  cy /= static_cast<double>(n);
  double extent = 0;
  for (std::size_t i = 0; i < n; ++i) {
    placed.x[i] = coordinates.at(i, 0) - cx;
    placed.y[i] = coordinates.at(i, 1) - cy;
    extent = std::max(extent, std::hypot(placed.x[i], placed.y[i]));
  }
  if (!std::isfinite(extent)) throw Error("igraph Fruchterman-Reingold layout: non-finite result");
  if (extent > 0) {
    const double scale = placed.radius / extent;
    for (std::size_t i = 0; i < n; ++i) {
      placed.x[i] *= scale;
      placed.y[i] *= scale;
    }
  }
  return placed;
}

}  // namespace

void LayoutParams::validate() const {
  if (iterations < 1 || iterations > 100000) {
    throw InvalidArgument("layout iterations " + std::to_string(iterations) +
                          " is not in 1..100000");
  }
  if (!std::isfinite(box) || box <= 0) {
    throw InvalidArgument("layout box " + std::to_string(box) + " is not finite and positive");
  }
}

LayoutResult layout_network(const WeightedNetwork& network, const LayoutParams& params) {
  params.validate();
  network.validate();
  const std::uint32_t n = network.node_count;
  LayoutResult result;
  result.x.assign(n, params.box / 2);
  result.y.assign(n, params.box / 2);
  result.iterations = params.iterations;
  if (n == 0) return result;

  const std::vector<Component> components = components_of(network);
  result.components = static_cast<std::uint32_t>(components.size());

  // Shelf packing of the components' squares (side 2 radius + gap), largest first, in rows no
  // wider than the side of a square of the same total area (or the widest square).
  double total_area = 0;
  double widest = 0;
  for (const Component& component : components) {
    const double side = 2 * std::sqrt(static_cast<double>(component.nodes.size())) + kGap;
    total_area += side * side;
    widest = std::max(widest, side);
  }
  const double row_limit = std::max(widest, std::sqrt(total_area));

  std::vector<double> gx(n, 0);
  std::vector<double> gy(n, 0);
  {
    IgraphSession session(params.seed);
    double row_x = 0;
    double row_y = 0;
    double row_height = 0;
    for (const Component& component : components) {
      const Placed placed = layout_component(component, params);
      const double side = 2 * placed.radius + kGap;
      if (row_x > 0 && row_x + side > row_limit) {
        row_x = 0;
        row_y += row_height;
        row_height = 0;
      }
      const double centre_x = row_x + side / 2;
      const double centre_y = row_y + side / 2;
      for (std::size_t i = 0; i < component.nodes.size(); ++i) {
        gx[component.nodes[i]] = centre_x + placed.x[i];
        gy[component.nodes[i]] = centre_y + placed.y[i];
      }
      row_x += side;
      row_height = std::max(row_height, side);
    }
  }

  const auto [min_x, max_x] = std::minmax_element(gx.begin(), gx.end());
  const auto [min_y, max_y] = std::minmax_element(gy.begin(), gy.end());
  const double width = *max_x - *min_x;
  const double height = *max_y - *min_y;
  const double extent = std::max(width, height);
  const double scale = extent > 0 ? params.box / extent : 0;
  const double offset_x = (params.box - width * scale) / 2;
  const double offset_y = (params.box - height * scale) / 2;
  for (std::uint32_t v = 0; v < n; ++v) {
    // Clamped: rounding must not put a coordinate a hair outside the box.
    result.x[v] = std::clamp(offset_x + (gx[v] - *min_x) * scale, 0.0, params.box);
    result.y[v] = std::clamp(offset_y + (gy[v] - *min_y) * scale, 0.0, params.box);
  }
  return result;
}

}  // namespace citegraph
