// Co-citation and bibliographic coupling by row-wise sparse accumulation; see pair_counts.hpp.
// The runs: a stored run collects the chunks and applies top_per_node and top; a streamed run
// hands each chunk (or its text) on as it comes. The steps they share are in pair_detail.hpp.
#include "citegraph/analysis/pair_counts.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/pair_detail.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph::pair_detail {

namespace {

bool by_ids(const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); }

// Strongest first, then (a, b) ascending: a strict total order, so the K first are unique.
struct GlobalOrder {
  const std::vector<double>* item_count;
  Normalization by;
  bool operator()(const Pair& x, const Pair& y) const {
    const double sx = pair_strength(*item_count, x, by);
    const double sy = pair_strength(*item_count, y, by);
    if (sx != sy) return sx > sy;
    return by_ids(x, y);
  }
};

// Keeps the k strongest (in place; order not kept).
void keep_top(PairArray& pairs, std::uint64_t k, const std::vector<double>& item_count,
              Normalization by) {
  if (pairs.size() <= k) return;
  const auto cut = pairs.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(pairs.begin(), cut, pairs.end(), GlobalOrder{&item_count, by});
  pairs.resize(static_cast<std::size_t>(k));
}

// top_per_node over stored pairs (seed runs, whose non-seed nodes have no rows of their own).
void apply_top_per_node(PairArray& pairs, NodeId n, std::uint32_t k,
                        const std::vector<double>& item_count, Normalization by) {
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const Pair& p : pairs) {
    ++offsets[static_cast<std::size_t>(p.a) + 1];
    ++offsets[static_cast<std::size_t>(p.b) + 1];
  }
  for (NodeId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<std::uint64_t> incident(offsets.back());
  {
    std::vector<std::uint64_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t idx = 0; idx < pairs.size(); ++idx) {
      incident[next[pairs[idx].a]++] = idx;
      incident[next[pairs[idx].b]++] = idx;
    }
  }
  std::vector<char> keep(pairs.size(), 0);
  for (NodeId v = 0; v < n; ++v) {
    auto* first = incident.data() + offsets[v];
    auto* last = incident.data() + offsets[v + 1];
    auto* cut = last;
    if (static_cast<std::uint64_t>(last - first) > k) {
      cut = first + k;
      auto other = [&](std::uint64_t idx) {
        return pairs[idx].a == v ? pairs[idx].b : pairs[idx].a;
      };
      std::partial_sort(first, cut, last, [&](std::uint64_t x, std::uint64_t y) {
        const double vx = pair_strength(item_count, pairs[x], by);
        const double vy = pair_strength(item_count, pairs[y], by);
        if (vx != vy) return vx > vy;
        return other(x) < other(y);
      });
    }
    for (auto* it = first; it != cut; ++it) keep[*it] = 1;
  }
  std::size_t w = 0;
  for (std::size_t r = 0; r < pairs.size(); ++r) {
    if (keep[r] != 0) pairs[w++] = pairs[r];
  }
  pairs.resize(w);
}

KernelInput kernel_input(const Prepared& p, const PairParams& params) {
  KernelInput in;
  in.p = &p;
  in.min_count = std::max<std::uint32_t>(1, params.min_count);
  in.top_per_node = params.top_per_node;
  in.rank_by = params.rank_by;
  return in;
}

PairResult count_pairs(const CitationGraph& graph, const PairParams& params, Mode mode) {
  Prepared p = prepare(graph, params, mode);
  check_memory(p, params, false);
  const KernelInput in = kernel_input(p, params);
  PairResult result;
  result.kind = mode == Mode::kCocitation ? PairKind::kCocitation : PairKind::kCoupling;
  result.corpora = params.corpora;
  const bool seeds = !params.seeds.empty();
  // top alone is applied while the chunks arrive, so the buffer stays near 2 top.
  const bool prune = params.top > 0 && params.top_per_node == 0;
  const std::uint64_t prune_at = saturating_mul(params.top, 2);
  const RunTotals totals = run_rows(p, in, params.threads, nullptr, [&](ChunkOutput&& chunk) {
    if (result.pairs.empty() && !prune) {
      result.pairs = std::move(chunk.pairs);
    } else {
      result.pairs.append(chunk.pairs);
    }
    if (prune && result.pairs.size() > prune_at) {
      keep_top(result.pairs, params.top, p.item_count, params.rank_by);
    }
  });
  result.candidate_pairs = totals.candidate_pairs;
  result.threads = totals.threads;
  if (p.row_mode == RowMode::kBoth) {
    // Each row's K strongest, seen from both ends: sort and merge the two copies (equal bits:
    // both ends sum the same contexts in the same order).
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
    const auto last =
        std::unique(result.pairs.begin(), result.pairs.end(),
                    [](const Pair& x, const Pair& y) { return x.a == y.a && x.b == y.b; });
    result.pairs.resize(static_cast<std::size_t>(last - result.pairs.begin()));
  } else if (seeds || prune) {
    // Seed rows hold pairs (a, b) with a > the row's seed too: restore the (a, b) order.
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
  }
  if (seeds && params.top_per_node > 0) {
    apply_top_per_node(result.pairs, p.n, params.top_per_node, p.item_count, params.rank_by);
  }
  if (params.top > 0 && result.pairs.size() > params.top) {
    keep_top(result.pairs, params.top, p.item_count, params.rank_by);
    std::sort(result.pairs.begin(), result.pairs.end(), by_ids);
  }
  result.pairs.shrink_to_fit();
  result.item_count = std::move(p.item_count);
  return result;
}

PairStreamSummary stream_pairs(const CitationGraph& graph, const PairParams& params, Mode mode,
                               const PairSink* sink, const PairFormatter* format,
                               const PairTextSink* text_sink) {
  if (params.top > 0 || params.top_per_node > 0) {
    throw InvalidArgument(
        "streamed pair counting: top and top_per_node need every pair before any can be "
        "written; use min_count or seeds to bound the output instead");
  }
  Prepared p = prepare(graph, params, mode);
  check_memory(p, params, true);
  const KernelInput in = kernel_input(p, params);
  PairStreamSummary summary;
  const std::span<const double> item_count(p.item_count);
  const RunTotals totals = run_rows(p, in, params.threads, format, [&](ChunkOutput&& chunk) {
    summary.pairs += chunk.count;
    if (chunk.count == 0) return;
    if (format != nullptr) {
      (*text_sink)(std::string_view(chunk.text));
    } else {
      (*sink)(std::span<const Pair>(chunk.pairs), item_count);
    }
  });
  summary.candidate_pairs = totals.candidate_pairs;
  summary.threads = totals.threads;
  summary.item_count = std::move(p.item_count);
  return summary;
}

}  // namespace

}  // namespace citegraph::pair_detail

namespace citegraph {

double pair_strength(const PairResult& result, const Pair& pair, Normalization normalization) {
  return pair_strength(result.item_count, pair, normalization);
}

PairResult cocitation(const CitationGraph& graph, const PairParams& params) {
  return pair_detail::count_pairs(graph, params, pair_detail::Mode::kCocitation);
}

PairResult coupling(const CitationGraph& graph, const PairParams& params) {
  return pair_detail::count_pairs(graph, params, pair_detail::Mode::kCoupling);
}

PairStreamSummary stream_cocitation(const CitationGraph& graph, const PairParams& params,
                                    const PairSink& sink) {
  return pair_detail::stream_pairs(graph, params, pair_detail::Mode::kCocitation, &sink, nullptr,
                                   nullptr);
}

PairStreamSummary stream_coupling(const CitationGraph& graph, const PairParams& params,
                                  const PairSink& sink) {
  return pair_detail::stream_pairs(graph, params, pair_detail::Mode::kCoupling, &sink, nullptr,
                                   nullptr);
}

PairStreamSummary stream_pairs_text(const CitationGraph& graph, PairKind kind,
                                    const PairParams& params, const PairFormatter& format,
                                    const PairTextSink& sink) {
  return pair_detail::stream_pairs(graph, params, pair_detail::mode_of(kind), nullptr, &format,
                                   &sink);
}

}  // namespace citegraph
