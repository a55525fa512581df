// Main path analysis of the citation network (Hummon & Doreian 1989; Batagelj 2003, "Efficient
// algorithms for citation network analysis"; Liu & Lu 2012, "An integrated approach for main
// path analysis"): which chains of citations carry the most knowledge flow.
//
// The flow graph has an arc cited -> citing for every citation (knowledge flows from the cited
// work to the work that cites it). A citation graph can hold cycles (works of the same year
// citing each other, erratum links); they are broken first by a fixed rule: inside a strongly
// connected component only arcs from the earlier work to the later one by (year, node id) are
// kept, so every component becomes acyclic; the arcs dropped are counted.
// On the resulting DAG, with N-(u) the number of paths from a flow source (a work citing nothing
// in the graph) to u (1 at a source), N+(v) the number of paths from v to a flow sink (a work
// nothing cites; 1 at a sink), and the same counts A-(u) = 1 + sum over predecessors and A+(v) =
// 1 + sum over successors that let every work start (end) a path:
//   SPC(u, v)  = N-(u) N+(v)   search path count: source-to-sink paths through the arc
//   SPLC(u, v) = A-(u) N+(v)   search path link count: paths from any work to a sink
//   SPNP(u, v) = A-(u) A+(v)   search path node pair: paths between any two works
// Path counts grow exponentially with depth; they are PathCounts (below): exact below 2^53,
// rounded to 53 bits beyond and never overflowing.
// Paths follow the chosen weight (SPC by default), ties kept throughout:
// - global: the arcs of every source-to-sink path of the largest total weight;
// - local forward: from the flow sources' heaviest outgoing arc(s), then repeatedly the heaviest
//   outgoing arc(s) of the works reached, to sinks;
// - local backward: the same from the sinks' heaviest incoming arc(s), backwards to sources;
// - key-route (Liu & Lu 2012): the K heaviest arcs (ties at the K-th kept), each extended forward
//   from its head and backward from its tail by the local searches.
// Time O(n + m) for the counts and each path; memory O(n + m).
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

// A non-negative count as frac * 2^exp with frac in [0.5, 1) (zero: frac 0): a double with an
// exponent that cannot overflow. Sums and products of integers below 2^53 are exact; beyond,
// each operation rounds to 53 bits, as a double would.
class PathCount {
 public:
  PathCount() = default;
  explicit PathCount(double value);  // value >= 0 and finite
  // Inline, without libm: main paths do three of these per arc. The fraction stays in
  // [0.5, 1), so a sum or product needs at most one step back into it; scaling by a power of two
  // is exact, so the bits are those of frexp(big + ldexp(small, -shift)).
  [[nodiscard]] PathCount operator+(const PathCount& other) const {
    if (is_zero()) return other;
    if (other.is_zero()) return *this;
    const PathCount& big = exp_ >= other.exp_ ? *this : other;
    const PathCount& small = exp_ >= other.exp_ ? other : *this;
    const std::int64_t shift = big.exp_ - small.exp_;
    if (shift > 64) return big;  // below half an ulp of big: the double sum would be big too
    // 2^-shift, built from its exponent bits (normal for shift <= 64).
    const auto scale = std::bit_cast<double>(static_cast<std::uint64_t>(1023 - shift) << 52);
    PathCount sum;
    sum.frac_ = big.frac_ + small.frac_ * scale;  // in [0.5, 2)
    sum.exp_ = big.exp_;
    if (sum.frac_ >= 1.0) {
      sum.frac_ *= 0.5;
      ++sum.exp_;
    }
    return sum;
  }
  [[nodiscard]] PathCount operator*(const PathCount& other) const {
    if (is_zero() || other.is_zero()) return PathCount{};
    PathCount product;
    product.frac_ = frac_ * other.frac_;  // in [0.25, 1)
    product.exp_ = exp_ + other.exp_;
    if (product.frac_ < 0.5) {
      product.frac_ *= 2.0;
      --product.exp_;
    }
    return product;
  }
  [[nodiscard]] bool operator<(const PathCount& other) const {
    if (is_zero() || other.is_zero()) return is_zero() && !other.is_zero();
    return exp_ != other.exp_ ? exp_ < other.exp_ : frac_ < other.frac_;
  }
  [[nodiscard]] bool operator==(const PathCount& other) const = default;
  [[nodiscard]] bool is_zero() const { return frac_ == 0.0; }
  // The value as a double when it fits (below 2^1024), else +infinity.
  [[nodiscard]] double to_double() const;
  [[nodiscard]] double log10() const;  // -infinity for zero
  // Shortest round-trip text of the double when it fits; beyond, 12 significant digits in
  // scientific notation ("3.12345678901e+331").
  [[nodiscard]] std::string to_string() const;

 private:
  double frac_ = 0.0;
  std::int64_t exp_ = 0;
};

enum class MainPathWeight : std::uint8_t { kSpc, kSplc, kSpnp };

struct MainPathParams {
  MainPathWeight weight = MainPathWeight::kSpc;  // what the paths follow
  std::uint32_t key_routes = 10;                 // K for the key-route search; 0 = none
  // Return every kept citation in MainPathResult::arcs, not only those on some path (tests,
  // analyses of the whole weight distribution; tens of bytes per citation).
  bool all_arcs = false;
};

// One arc of the flow graph (a citation, cited -> citing) with its weights and path flags.
struct MainPathArc {
  NodeId cited = kNoNode;
  NodeId citing = kNoNode;
  PathCount spc, splc, spnp;
  bool global = false;
  bool local_forward = false;
  bool local_backward = false;
  bool key_route = false;
};

struct MainPathResult {
  // The citations on some main path (with all_arcs every kept citation), by cited then citing
  // node id. The weights are products of per-node path counts, kept per node, so only these
  // arcs are materialised.
  std::vector<MainPathArc> arcs;
  std::uint64_t flow_arcs = 0;           // citations kept in the flow DAG
  std::uint64_t cycle_arcs_removed = 0;  // citations dropped to break cycles
  bool exact = true;                     // every count is below 2^53
  PathCount global_weight;               // the total weight of the global main path(s)
};

// Throws InvalidArgument for an unknown weight. Time O(n + m) plus O(m log m) for the
// key-route selection.
[[nodiscard]] MainPathResult main_paths(const CitationGraph& graph, const MainPathParams& params);

// "spc", "splc", "spnp"; parse throws InvalidArgument on anything else.
[[nodiscard]] const char* main_path_weight_name(MainPathWeight weight);
[[nodiscard]] MainPathWeight parse_main_path_weight(const std::string& name);

}  // namespace citegraph
