// Time slices and their merged co-citation network (citegraph/analysis/time_slices.hpp).
#include "citegraph/analysis/time_slices.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "citegraph/graph/error.hpp"
#include "support/describe.hpp"

namespace citegraph {

using analysis_detail::describe;

void SliceParams::validate() const {
  if (!(value > 0) || !std::isfinite(value)) {
    throw InvalidArgument("slice selection " + slice_rule_text(*this) + ": the value must be > 0");
  }
  if (rule == SliceRule::kTopPercent && value > 100) {
    throw InvalidArgument("slice selection " + slice_rule_text(*this) + ": at most 100%");
  }
  if (rule == SliceRule::kTopN && value != std::floor(value)) {
    throw InvalidArgument("slice selection " + slice_rule_text(*this) + ": N is a whole number");
  }
}

std::string slice_rule_text(const SliceParams& params) {
  const char* name = params.rule == SliceRule::kTopN         ? "top"
                     : params.rule == SliceRule::kTopPercent ? "top-percent"
                                                             : "g-index";
  return std::string(name) + "=" + describe(params.value);
}

void parse_slice_rule(const std::string& text, SliceParams& params) {
  const std::size_t eq = text.find('=');
  const std::string name = text.substr(0, eq);
  const std::string number = eq == std::string::npos ? "" : text.substr(eq + 1);
  const std::string expected = "expected g-index=K, top=N or top-percent=P";
  if (name == "g-index") {
    params.rule = SliceRule::kGIndex;
  } else if (name == "top") {
    params.rule = SliceRule::kTopN;
  } else if (name == "top-percent") {
    params.rule = SliceRule::kTopPercent;
  } else {
    throw InvalidArgument("slice selection '" + text + "': " + expected);
  }
  std::size_t used = 0;
  try {
    params.value = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size()) {
    throw InvalidArgument("slice selection '" + text + "': not a number after '='; " + expected);
  }
  params.validate();
}

namespace {

constexpr std::uint32_t kNoSlice = ~std::uint32_t{0};

bool is_citing(const CitationGraph& graph, NodeId u) {
  return graph.is_source(u) || graph.out().degree(u) > 0;
}

// The slices' years and the citing works of each (ascending); counts those without a year.
std::vector<std::vector<NodeId>> slice_members(const CitationGraph& graph,
                                               const SliceParams& params, TimeSliceResult& result) {
  std::int32_t first = 0;
  std::int32_t last = 0;
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    if (!is_citing(graph, u)) continue;
    const std::int32_t year = graph.year(u);
    if (year == 0) {
      ++result.citing_without_year;
      continue;
    }
    first = first == 0 ? year : std::min(first, year);
    last = std::max(last, year);
  }
  if (first == 0 || params.years == 0) return {};
  const auto width = static_cast<std::int32_t>(params.years);
  const auto count = static_cast<std::size_t>((last - first) / width) + 1;
  std::vector<std::vector<NodeId>> members(count);
  result.slices.resize(count);
  for (std::size_t s = 0; s < count; ++s) {
    result.slices[s].begin = first + static_cast<std::int32_t>(s) * width;
    result.slices[s].end = std::min(last, result.slices[s].begin + width - 1);
  }
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    if (!is_citing(graph, u) || graph.year(u) == 0) continue;
    members[static_cast<std::size_t>((graph.year(u) - first) / width)].push_back(u);
  }
  return members;
}

// How many of the cited works, ranked by citations descending, the rule selects.
// `ranked`: the counts of the most cited works, at least as many as can be selected (rank_bound)
// of `all_cited` cited works.
std::size_t selected_count(const SliceParams& params, const std::vector<std::uint32_t>& ranked,
                           std::size_t all_cited) {
  const auto cited = static_cast<double>(all_cited);
  switch (params.rule) {
    case SliceRule::kTopN:
      return static_cast<std::size_t>(std::min(cited, params.value));
    case SliceRule::kTopPercent:
      return static_cast<std::size_t>(std::min(cited, std::ceil(params.value * cited / 100.0)));
    case SliceRule::kGIndex:
      break;
  }
  // The largest g with g^2 <= k * (sum of the g largest counts): g^2 - k S(g) is convex in g
  // (its increments 2g + 1 - k c_g grow as c_g falls), so the g that satisfy it are 0..g*.
  double sum = 0;
  std::size_t g = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    sum += ranked[i];
    const double rank = static_cast<double>(i + 1);
    if (rank * rank <= params.value * sum) g = i + 1;
  }
  return g;
}

// How far down the ranking of `cited` works (with `citations` in all) a selection can reach:
// N, the N% itself, or for the g-index g <= sqrt(k C), since g^2 <= k S(g) <= k C.
std::size_t rank_bound(const SliceParams& params, std::size_t cited, std::uint64_t citations) {
  const auto all = static_cast<double>(cited);
  double bound = all;
  if (params.rule == SliceRule::kTopN) bound = params.value;
  if (params.rule == SliceRule::kTopPercent) bound = std::ceil(params.value * all / 100.0);
  if (params.rule == SliceRule::kGIndex) {
    bound = std::floor(std::sqrt(params.value * static_cast<double>(citations))) + 1;
  }
  return static_cast<std::size_t>(std::min(all, bound));
}

// Counts the citations of the slice's cited works and selects them (slice.selected, ascending).
void select_works(const CitationGraph& graph, const SliceParams& params,
                  const std::vector<NodeId>& members, std::vector<std::uint32_t>& count,
                  TimeSlice& slice) {
  std::vector<NodeId> cited;
  for (const NodeId u : members) {
    ++slice.citing;
    for (const NodeId v : graph.out().neighbors(u)) {
      ++slice.citations;
      if (count[v]++ == 0) cited.push_back(v);
    }
  }
  slice.cited_works = static_cast<std::uint32_t>(cited.size());
  // Only the first `bound` of the ranking can be selected: a partial sort (same order).
  const std::size_t bound = rank_bound(params, cited.size(), slice.citations);
  std::partial_sort(
      cited.begin(), cited.begin() + static_cast<std::ptrdiff_t>(bound), cited.end(),
      [&count](NodeId a, NodeId b) { return count[a] != count[b] ? count[a] > count[b] : a < b; });
  std::vector<std::uint32_t> ranked(bound);
  for (std::size_t i = 0; i < bound; ++i) ranked[i] = count[cited[i]];
  const std::size_t keep = selected_count(params, ranked, cited.size());
  if (keep > 0) slice.threshold = ranked[keep - 1];
  slice.selected.assign(cited.begin(), cited.begin() + static_cast<std::ptrdiff_t>(keep));
  std::sort(slice.selected.begin(), slice.selected.end());
  for (const NodeId v : cited) count[v] = 0;
}

// The pairs of selected works co-cited by the slice's citing works, with their counts.
void link_works(const CitationGraph& graph, const std::vector<NodeId>& members,
                std::vector<std::uint8_t>& chosen, TimeSlice& slice) {
  for (const NodeId v : slice.selected) chosen[v] = 1;
  std::vector<std::uint64_t> keys;
  std::vector<NodeId> refs;
  for (const NodeId u : members) {
    refs.clear();
    for (const NodeId v : graph.out().neighbors(u)) {
      if (chosen[v] != 0) refs.push_back(v);
    }
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    for (std::size_t i = 0; i < refs.size(); ++i) {
      for (std::size_t j = i + 1; j < refs.size(); ++j) {
        keys.push_back(std::uint64_t{refs[i]} << 32 | refs[j]);
      }
    }
  }
  for (const NodeId v : slice.selected) chosen[v] = 0;
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    slice.links.push_back({static_cast<NodeId>(keys[i] >> 32),
                           static_cast<NodeId>(keys[i] & 0xFFFFFFFFU),
                           static_cast<std::uint32_t>(j - i), 0});
    i = j;
  }
}

// The merged network: the union of the selections, every work's citations per slice, the
// union of the links (counts summed, the earliest slice kept).
void merge_slices(const CitationGraph& graph, const std::vector<std::vector<NodeId>>& members,
                  TimeSliceResult& result) {
  const std::size_t slices = result.slices.size();
  std::vector<std::uint32_t> first(graph.num_nodes(), kNoSlice);
  for (std::size_t s = slices; s-- > 0;) {
    for (const NodeId v : result.slices[s].selected) first[v] = static_cast<std::uint32_t>(s);
  }
  std::vector<std::uint32_t> index(graph.num_nodes(), kNoSlice);
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    if (first[v] == kNoSlice) continue;
    index[v] = static_cast<std::uint32_t>(result.works.size());
    result.works.push_back(v);
    result.first_slice.push_back(first[v]);
  }
  result.citations.assign(result.works.size() * slices, 0);
  for (std::size_t s = 0; s < slices; ++s) {
    for (const NodeId u : members[s]) {
      for (const NodeId v : graph.out().neighbors(u)) {
        if (index[v] != kNoSlice) ++result.citations[index[v] * slices + s];
      }
    }
  }
  std::vector<SliceLink> all;
  for (std::size_t s = 0; s < slices; ++s) {
    for (SliceLink link : result.slices[s].links) {
      link.first_slice = static_cast<std::uint32_t>(s);
      all.push_back(link);
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const SliceLink& x, const SliceLink& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  for (const SliceLink& link : all) {
    if (!result.links.empty() && result.links.back().a == link.a &&
        result.links.back().b == link.b) {
      result.links.back().count += link.count;  // first_slice: the earlier, kept by the order
    } else {
      result.links.push_back(link);
    }
  }
}

}  // namespace

TimeSliceResult time_slices(const CitationGraph& graph, const SliceParams& params) {
  params.validate();
  TimeSliceResult result;
  const std::vector<std::vector<NodeId>> members = slice_members(graph, params, result);
  std::vector<std::uint32_t> count(graph.num_nodes(), 0);
  std::vector<std::uint8_t> chosen(graph.num_nodes(), 0);
  for (std::size_t s = 0; s < members.size(); ++s) {
    select_works(graph, params, members[s], count, result.slices[s]);
    link_works(graph, members[s], chosen, result.slices[s]);
  }
  merge_slices(graph, members, result);
  return result;
}

}  // namespace citegraph
