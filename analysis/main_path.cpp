// Main path analysis (citegraph/analysis/main_path.hpp): cycles broken, the flow DAG, path counts
// in topological order, then the global, local and key-route paths.
#include "citegraph/analysis/main_path.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "citegraph/graph/error.hpp"

namespace citegraph {
namespace {

constexpr double kExactLimit = 9007199254740992.0;  // 2^53

// Strongly connected components of the citation graph (iterative Tarjan), as component ids.
std::vector<NodeId> components(const CitationGraph& graph) {
  const NodeId n = graph.num_nodes();
  std::vector<NodeId> index(n, kNoNode), low(n, 0), comp(n, kNoNode);
  std::vector<NodeId> stack;
  std::vector<std::pair<NodeId, std::size_t>> calls;  // node, next neighbour position
  NodeId next_index = 0;
  NodeId next_comp = 0;
  for (NodeId root = 0; root < n; ++root) {
    if (index[root] != kNoNode) continue;
    calls.emplace_back(root, 0);
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    while (!calls.empty()) {
      auto& [v, at] = calls.back();
      const auto row = graph.out().neighbors(v);
      if (at < row.size()) {
        const NodeId w = row[at++];
        if (index[w] == kNoNode) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          calls.emplace_back(w, 0);
        } else if (comp[w] == kNoNode) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const NodeId done = v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
      if (low[done] != index[done]) continue;
      NodeId w = kNoNode;
      do {
        w = stack.back();
        stack.pop_back();
        comp[w] = next_comp;
      } while (w != done);
      ++next_comp;
    }
  }
  return comp;
}

// The flow DAG: arcs cited -> citing in (cited, citing) order, as CSR both ways.
struct Flow {
  std::vector<NodeId> cited, citing;      // per arc
  std::vector<std::uint64_t> out_offset;  // arcs of cited v: [out_offset[v], out_offset[v+1])
  std::vector<std::uint64_t> in_offset;   // arcs into citing v, through in_arcs
  std::vector<std::uint64_t> in_arcs;
  std::uint64_t removed = 0;
};

Flow flow_dag(const CitationGraph& graph) {
  const NodeId n = graph.num_nodes();
  const std::vector<NodeId> comp = components(graph);
  // Inside a component an arc is kept only from the earlier work to the later by (year, id).
  auto earlier = [&](NodeId a, NodeId b) {
    return std::make_pair(graph.year(a), a) < std::make_pair(graph.year(b), b);
  };
  Flow flow;
  flow.out_offset.assign(n + 1, 0);
  flow.cited.reserve(graph.num_edges());  // no growth copies: at most every citation is kept
  flow.citing.reserve(graph.num_edges());
  for (NodeId cited = 0; cited < n; ++cited) {
    for (const NodeId citing : graph.in().neighbors(cited)) {
      if (citing == cited || (comp[citing] == comp[cited] && !earlier(cited, citing))) {
        ++flow.removed;
        continue;
      }
      flow.cited.push_back(cited);
      flow.citing.push_back(citing);
    }
    flow.out_offset[cited + 1] = flow.cited.size();
  }
  flow.in_offset.assign(n + 1, 0);
  for (const NodeId v : flow.citing) ++flow.in_offset[v + 1];
  std::partial_sum(flow.in_offset.begin(), flow.in_offset.end(), flow.in_offset.begin());
  flow.in_arcs.resize(flow.citing.size());
  std::vector<std::uint64_t> fill(flow.in_offset.begin(), flow.in_offset.end() - 1);
  for (std::uint64_t a = 0; a < flow.citing.size(); ++a) flow.in_arcs[fill[flow.citing[a]]++] = a;
  return flow;
}

// Kahn's order of the flow DAG.
std::vector<NodeId> topological_order(const Flow& flow, NodeId n) {
  std::vector<std::uint64_t> waiting(n);
  for (NodeId v = 0; v < n; ++v) waiting[v] = flow.in_offset[v + 1] - flow.in_offset[v];
  std::vector<NodeId> order;
  order.reserve(n);
  for (NodeId v = 0; v < n; ++v) {
    if (waiting[v] == 0) order.push_back(v);
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    const NodeId v = order[i];
    for (std::uint64_t a = flow.out_offset[v]; a < flow.out_offset[v + 1]; ++a) {
      if (--waiting[flow.citing[a]] == 0) order.push_back(flow.citing[a]);
    }
  }
  if (order.size() != n) throw std::logic_error("main_paths: the flow graph kept a cycle");
  return order;
}

bool has_in(const Flow& f, NodeId v) { return f.in_offset[v + 1] > f.in_offset[v]; }
bool has_out(const Flow& f, NodeId v) { return f.out_offset[v + 1] > f.out_offset[v]; }

// Path counts per node, N (paths from a source, or to a sink) and A (paths from, or to, any
// node) side by side; an arc's weights are products of its ends' counts, derived when asked
// rather than stored per arc (three PathCounts for each of tens of millions of arcs).
struct Counts {
  PathCount paths;
  PathCount all;
};

class Weights {
 public:
  Weights(const Flow& f, const std::vector<NodeId>& order, MainPathWeight weight)
      : f_(f), weight_(weight), in_(order.size()), out_(order.size()) {
    const PathCount one(1.0);
    for (const NodeId v : order) {  // N-, A- forward along the order
      Counts c{PathCount{}, one};
      for (std::uint64_t i = f.in_offset[v]; i < f.in_offset[v + 1]; ++i) {
        const Counts& from = in_[f.cited[f.in_arcs[i]]];
        c.paths = c.paths + from.paths;
        c.all = c.all + from.all;
      }
      if (!has_in(f, v)) c.paths = one;
      in_[v] = c;
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {  // N+, A+ backward
      const NodeId v = *it;
      Counts c{PathCount{}, one};
      for (std::uint64_t a = f.out_offset[v]; a < f.out_offset[v + 1]; ++a) {
        const Counts& to = out_[f.citing[a]];
        c.paths = c.paths + to.paths;
        c.all = c.all + to.all;
      }
      if (!has_out(f, v)) c.paths = one;
      out_[v] = c;
    }
  }

  [[nodiscard]] PathCount spc(std::uint64_t a) const {
    return in_[f_.cited[a]].paths * out_[f_.citing[a]].paths;
  }
  [[nodiscard]] PathCount splc(std::uint64_t a) const {
    return in_[f_.cited[a]].all * out_[f_.citing[a]].paths;
  }
  [[nodiscard]] PathCount spnp(std::uint64_t a) const {
    return in_[f_.cited[a]].all * out_[f_.citing[a]].all;
  }
  // The weight the paths follow.
  [[nodiscard]] PathCount of(std::uint64_t a) const {
    return weight_ == MainPathWeight::kSpc    ? spc(a)
           : weight_ == MainPathWeight::kSplc ? splc(a)
                                              : spnp(a);
  }

 private:
  const Flow& f_;
  MainPathWeight weight_;
  std::vector<Counts> in_;
  std::vector<Counts> out_;
};

// The paths an arc is on, as bits.
enum PathFlag : std::uint8_t { kGlobal = 1, kLocalForward = 2, kLocalBackward = 4, kKeyRoute = 8 };

// Follows the heaviest arc(s) from each node reached, forward (out arcs, to sinks) or backward
// (in arcs, to sources), from `start`; marks them with `flag`. Ties are all followed.
void follow_heaviest(const Flow& f, const Weights& w, const std::vector<NodeId>& start,
                     bool forward, std::uint8_t flag, std::vector<std::uint8_t>& flags) {
  std::vector<NodeId> frontier = start;
  std::vector<std::uint8_t> seen(f.out_offset.size() - 1, 0);
  for (const NodeId v : start) seen[v] = 1;
  std::vector<std::uint64_t> arcs;
  for (std::size_t i = 0; i < frontier.size(); ++i) {
    const NodeId v = frontier[i];
    arcs.clear();
    if (forward) {
      for (std::uint64_t a = f.out_offset[v]; a < f.out_offset[v + 1]; ++a) arcs.push_back(a);
    } else {
      for (std::uint64_t i2 = f.in_offset[v]; i2 < f.in_offset[v + 1]; ++i2) {
        arcs.push_back(f.in_arcs[i2]);
      }
    }
    PathCount best;
    for (const std::uint64_t a : arcs) best = std::max(best, w.of(a));
    for (const std::uint64_t a : arcs) {
      if (!(w.of(a) == best)) continue;
      flags[a] |= flag;
      const NodeId next = forward ? f.citing[a] : f.cited[a];
      if (seen[next] == 0) {
        seen[next] = 1;
        frontier.push_back(next);
      }
    }
  }
}

// The local search's first step: among the arcs leaving every source (forward) or entering
// every sink (backward), the heaviest; the search goes on from their other ends.
void local_search(const Flow& f, const Weights& w, bool forward, std::uint8_t flag,
                  std::vector<std::uint8_t>& flags) {
  PathCount best;
  std::vector<std::uint64_t> first;
  for (std::uint64_t a = 0; a < flags.size(); ++a) {
    const NodeId end = forward ? f.cited[a] : f.citing[a];
    if (forward ? has_in(f, end) : has_out(f, end)) continue;  // not a source (sink)
    const PathCount weight = w.of(a);
    if (best < weight) {
      best = weight;
      first.clear();
    }
    if (weight == best) first.push_back(a);
  }
  std::vector<NodeId> start;
  for (const std::uint64_t a : first) {
    flags[a] |= flag;
    start.push_back(forward ? f.citing[a] : f.cited[a]);
  }
  std::sort(start.begin(), start.end());
  start.erase(std::unique(start.begin(), start.end()), start.end());
  follow_heaviest(f, w, start, forward, flag, flags);
}

// The global main path(s): g(v) = the heaviest total weight from v to a sink; from the sources
// with the largest g, every arc with w + g(head) == g(tail) (the value that defined g(tail)).
PathCount global_path(const Flow& f, const Weights& w, const std::vector<NodeId>& order,
                      std::vector<std::uint8_t>& flags) {
  std::vector<PathCount> to_sink(order.size());
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const NodeId v = *it;
    for (std::uint64_t a = f.out_offset[v]; a < f.out_offset[v + 1]; ++a) {
      to_sink[v] = std::max(to_sink[v], w.of(a) + to_sink[f.citing[a]]);
    }
  }
  PathCount total;
  std::vector<NodeId> start;
  for (const NodeId v : order) {
    if (has_in(f, v) || !has_out(f, v)) continue;  // sources with arcs only
    if (total < to_sink[v]) {
      total = to_sink[v];
      start.clear();
    }
    if (to_sink[v] == total) start.push_back(v);
  }
  std::vector<std::uint8_t> seen(order.size(), 0);
  for (std::size_t i = 0; i < start.size(); ++i) {
    const NodeId v = start[i];
    for (std::uint64_t a = f.out_offset[v]; a < f.out_offset[v + 1]; ++a) {
      const NodeId head = f.citing[a];
      if (!(w.of(a) + to_sink[head] == to_sink[v])) continue;
      flags[a] |= kGlobal;
      if (seen[head] == 0) {
        seen[head] = 1;
        start.push_back(head);
      }
    }
  }
  return total;
}

// The K heaviest arcs (ties with the K-th kept), each extended both ways by local search.
void key_routes(const Flow& f, const Weights& w, std::uint32_t k_routes,
                std::vector<std::uint8_t>& flags) {
  if (k_routes == 0 || flags.empty()) return;
  // The K-th largest weight in one pass with a min-heap of the K largest so far, O(m log K),
  // nothing per arc held; then every arc at least as heavy, in arc order.
  const auto greater = [](const PathCount& x, const PathCount& y) { return y < x; };
  std::vector<PathCount> heaviest;  // a min-heap by `greater`: its front is the smallest kept
  const std::size_t k = std::min<std::size_t>(k_routes, flags.size());
  for (std::size_t a = 0; a < flags.size(); ++a) {
    const PathCount weight = w.of(a);
    if (heaviest.size() < k) {
      heaviest.push_back(weight);
      std::push_heap(heaviest.begin(), heaviest.end(), greater);
    } else if (heaviest.front() < weight) {
      std::pop_heap(heaviest.begin(), heaviest.end(), greater);
      heaviest.back() = weight;
      std::push_heap(heaviest.begin(), heaviest.end(), greater);
    }
  }
  const PathCount kth = heaviest.front();
  std::vector<NodeId> heads, tails;
  for (std::size_t a = 0; a < flags.size(); ++a) {
    if (w.of(a) < kth) continue;
    flags[a] |= kKeyRoute;
    heads.push_back(f.citing[a]);
    tails.push_back(f.cited[a]);
  }
  follow_heaviest(f, w, heads, true, kKeyRoute, flags);
  follow_heaviest(f, w, tails, false, kKeyRoute, flags);
}

// The arcs of the result: those on some path (every kept one with `all`), with their weights
// and flags; whether every count is below 2^53.
void collect_arcs(const Flow& f, const Weights& w, const std::vector<std::uint8_t>& flags, bool all,
                  MainPathResult& result) {
  const PathCount limit(kExactLimit);
  for (std::uint64_t a = 0; a < flags.size(); ++a) {
    if (!(w.spnp(a) < limit)) result.exact = false;  // the largest of the three
    if (!all && flags[a] == 0) continue;
    MainPathArc arc;
    arc.cited = f.cited[a];
    arc.citing = f.citing[a];
    arc.spc = w.spc(a);
    arc.splc = w.splc(a);
    arc.spnp = w.spnp(a);
    arc.global = (flags[a] & kGlobal) != 0;
    arc.local_forward = (flags[a] & kLocalForward) != 0;
    arc.local_backward = (flags[a] & kLocalBackward) != 0;
    arc.key_route = (flags[a] & kKeyRoute) != 0;
    result.arcs.push_back(arc);
  }
}

}  // namespace

const char* main_path_weight_name(MainPathWeight weight) {
  switch (weight) {
    case MainPathWeight::kSpc:
      return "spc";
    case MainPathWeight::kSplc:
      return "splc";
    case MainPathWeight::kSpnp:
      return "spnp";
  }
  return "unknown";
}

MainPathWeight parse_main_path_weight(const std::string& name) {
  for (const MainPathWeight w :
       {MainPathWeight::kSpc, MainPathWeight::kSplc, MainPathWeight::kSpnp}) {
    if (name == main_path_weight_name(w)) return w;
  }
  throw InvalidArgument("unknown main path weight '" + name + "' (expected spc, splc or spnp)");
}

MainPathResult main_paths(const CitationGraph& graph, const MainPathParams& params) {
  (void)main_path_weight_name(params.weight);
  MainPathResult result;
  const Flow flow = flow_dag(graph);
  result.cycle_arcs_removed = flow.removed;
  result.flow_arcs = flow.cited.size();
  const std::vector<NodeId> order = topological_order(flow, graph.num_nodes());
  const Weights weights(flow, order, params.weight);
  std::vector<std::uint8_t> flags(flow.cited.size(), 0);
  result.global_weight = global_path(flow, weights, order, flags);
  local_search(flow, weights, true, kLocalForward, flags);
  local_search(flow, weights, false, kLocalBackward, flags);
  key_routes(flow, weights, params.key_routes, flags);
  collect_arcs(flow, weights, flags, params.all_arcs, result);
  return result;
}

}  // namespace citegraph
