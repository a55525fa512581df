// Time slices: the co-citation network of each period of a field and the network they merge
// into, as CiteSpace builds it (Chen 2006, "CiteSpace II", JASIST 57(3); the selection rules of
// CiteSpace's manual, section "Selection Criteria").
//
// The years from the earliest to the latest year of a citing work (a source, or any work that
// cites) are cut into slices of `years` years, the first starting at the earliest year (the last
// may be shorter). In each slice:
//   citations of a work  = the citing works of the slice's years that cite it;
//   selected works       = by `rule`, among the works cited in the slice, most cited first (ties
//                          by node id):
//     top N          the N most cited;
//     top N%         the ceil(N% of the cited works) most cited;
//     g-index, k     the g most cited, g the largest rank with g^2 <= k * (sum of the citations
//                    of the g most cited) -- CiteSpace's g-index with scale k (k = 1: Egghe's
//                    g-index);
//   links                = pairs of selected works co-cited by a citing work of the slice, with
//                          the number of such citing works.
// The merged network holds every work selected in some slice; a merged link is a pair linked in
// some slice, its count the sum over slices, its first slice the earliest one. Citing works of
// unknown year belong to no slice (counted).
// Time O(m + sum over citing works of k_s^2) for m citations and k_s selected references of a
// citing work s; memory O(slices x selected works). Deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "citegraph/graph/citation_graph.hpp"

namespace citegraph {

enum class SliceRule : std::uint8_t { kTopN, kTopPercent, kGIndex };

struct SliceParams {
  std::uint32_t years = 1;              // slice length in years; 0 = no slices
  SliceRule rule = SliceRule::kGIndex;  // CiteSpace's default
  double value = 25;                    // N, N% or k; > 0 (N% <= 100)

  // Throws InvalidArgument naming the parameter and its value.
  void validate() const;
};

// "g-index=25", "top=50", "top-percent=10": the rule as the command line writes it.
[[nodiscard]] std::string slice_rule_text(const SliceParams& params);
// Parses slice_rule_text's form into params.rule and params.value; throws InvalidArgument.
void parse_slice_rule(const std::string& text, SliceParams& params);

struct SliceLink {
  NodeId a = kNoNode;  // a < b
  NodeId b = kNoNode;
  std::uint32_t count = 0;        // citing works co-citing a and b (in one slice, or summed)
  std::uint32_t first_slice = 0;  // merged links: the earliest slice with the link
};

struct TimeSlice {
  std::int32_t begin = 0;         // first year
  std::int32_t end = 0;           // last year, inclusive
  std::uint32_t citing = 0;       // citing works of these years
  std::uint64_t citations = 0;    // the citations they make
  std::uint32_t cited_works = 0;  // distinct works they cite
  std::uint32_t threshold = 0;    // citations of the last selected work (0: none selected)
  std::vector<NodeId> selected;   // ascending
  std::vector<SliceLink> links;   // by (a, b)
};

struct TimeSliceResult {
  std::vector<TimeSlice> slices;
  std::uint32_t citing_without_year = 0;  // in no slice
  // The merged network: every selected work, ascending; per work its first slice and its
  // citations in every slice (row-major: citations[i * slices.size() + s]).
  std::vector<NodeId> works;
  std::vector<std::uint32_t> first_slice;
  std::vector<std::uint32_t> citations;
  std::vector<SliceLink> links;  // by (a, b)
};

// The time slices of a graph (empty when params.years is 0 or no citing work has a year).
// Throws InvalidArgument on invalid params.
[[nodiscard]] TimeSliceResult time_slices(const CitationGraph& graph, const SliceParams& params);

}  // namespace citegraph
