// The counting kernel of the pair engine: a row's partners accumulated in a dense per-thread
// array, drained in partner order with min_count applied, and appended as pair records; the
// same accumulation without records gives the estimate's census. See pair_counts.hpp ("Method")
// and pair_detail.hpp.
#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "analysis/pair_detail.hpp"
#include "support/thread_team.hpp"

namespace citegraph::pair_detail {

namespace {

// Accumulates row i (local id li) into ws; returns the largest partner (local id) seen.
// kFractional and the row mode are template parameters: the inner loop is the whole cost.
template <bool kFractional, RowMode kMode>
NodeId accumulate(NodeId i, NodeId li, const Prepared& p, Workspace& ws) {
  const AdjacencyView& contexts = p.incidence->item_contexts();
  const AdjacencyView items = p.local_items();
  std::uint32_t* const count = ws.count.data();
  double* const sum = kFractional ? ws.sum.data() : nullptr;
  NodeId* const touched = ws.touched.data();
  const char* const is_seed = kMode == RowMode::kSeed ? p.local_is_seed.data() : nullptr;
  std::size_t used = 0;
  NodeId hi = 0;
  for (const NodeId s : contexts.row(i)) {
    const auto row = items.row(s);
    const NodeId* first = row.data();
    const NodeId* const last = row.data() + row.size();
    if (row.size() < 2) continue;
    if constexpr (kMode == RowMode::kUpper) {
      if (last[-1] <= li) continue;
      first = std::upper_bound(first, last, li);
    }
    hi = std::max(hi, last[-1]);
    const double w = kFractional ? p.context_weight[s] : 0.0;
    for (const NodeId* it = first; it != last; ++it) {
      const NodeId j = *it;
      if constexpr (kMode != RowMode::kUpper) {
        if (j == li) continue;
        if constexpr (kMode == RowMode::kSeed) {
          if (j < li && is_seed[j] != 0) continue;
        }
      }
      // Branch-free: whether j is new is unpredictable, the store is cheap.
      touched[used] = j;
      used += count[j]++ == 0 ? 1 : 0;
      if constexpr (kFractional) sum[j] += w;
    }
  }
  ws.used = used;
  return hi;
}

// Sorts keys j << 32 | count by j (distinct j, so the order is total). Long lists by two LSD
// radix passes of 11 bits over j when j < 2^22 (O(k), where the comparison sort was ~15% of
// counting), others by std::sort.
void sort_keys(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& scratch, NodeId hi) {
  constexpr unsigned kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  if (keys.size() < 256 || hi >= (NodeId{1} << (2 * kBits))) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  scratch.resize(keys.size());
  std::array<std::uint32_t, kBuckets> at{};
  for (unsigned pass = 0; pass < 2; ++pass) {
    const unsigned shift = 32 + pass * kBits;
    at.fill(0);
    for (const std::uint64_t key : keys) ++at[(key >> shift) & (kBuckets - 1)];
    std::uint32_t total = 0;
    for (std::uint32_t& slot : at) {
      const std::uint32_t here = slot;
      slot = total;
      total += here;
    }
    for (const std::uint64_t key : keys) scratch[at[(key >> shift) & (kBuckets - 1)]++] = key;
    keys.swap(scratch);
  }
}

// Visits the touched partners with at least m shared contexts in ascending order (with the
// count and the value), and resets every touched entry. When the partners cover much of their
// id range, a scan of the dense array over the range gives the order; otherwise the partners
// that pass min_count are collected first and only they are sorted (with min_count >= 2 most
// candidates fail it, so most of the sorting is avoided).
template <bool kFractional, typename Visit>
void drain(NodeId lo, NodeId hi, std::uint32_t m, Workspace& ws, Visit&& visit) {
  std::uint32_t* const count = ws.count.data();
  double* const sum = kFractional ? ws.sum.data() : nullptr;
  const std::size_t t = ws.used;
  if (t == 0) return;
  const auto take = [&](NodeId j) {
    const std::uint32_t c = count[j];
    count[j] = 0;
    double value = static_cast<double>(c);
    if constexpr (kFractional) {
      value = sum[j];
      sum[j] = 0.0;
    }
    return std::pair<std::uint32_t, double>(c, value);
  };
  const std::uint64_t range = static_cast<std::uint64_t>(hi) - lo + 1;
  // With min_count >= 2 the sort path sorts only the kept partners: scan only dense rows.
  if (range <= (m <= 1 ? 8 : 2) * static_cast<std::uint64_t>(t)) {
    std::size_t left = t;
    for (NodeId j = lo; left > 0; ++j) {
      if (count[j] == 0) continue;
      --left;
      const auto [c, value] = take(j);
      if (c >= m) visit(j, value);
    }
    return;
  }
  NodeId* const touched = ws.touched.data();
  if (m <= 1) {
    std::sort(touched, touched + t);
    for (std::size_t k = 0; k < t; ++k) {
      const auto [c, value] = take(touched[k]);
      (void)c;
      visit(touched[k], value);
    }
    return;
  }
  if constexpr (!kFractional) {
    // Whole counts: the partner and its count in one integer, sorted as integers (8-byte moves
    // and plain compares: half the time of the 16-byte records, the sort being ~15% of
    // counting).
    ws.kept_keys.clear();
    for (std::size_t k = 0; k < t; ++k) {
      const NodeId j = touched[k];
      const std::uint32_t c = count[j];
      count[j] = 0;
      if (c >= m) ws.kept_keys.push_back(std::uint64_t{j} << 32 | c);
    }
    sort_keys(ws.kept_keys, ws.radix, hi);
    for (const std::uint64_t key : ws.kept_keys) {
      visit(static_cast<NodeId>(key >> 32), static_cast<double>(key & 0xFFFFFFFFu));
    }
    return;
  }
  ws.kept.clear();
  for (std::size_t k = 0; k < t; ++k) {
    const NodeId j = touched[k];
    const auto [c, value] = take(j);
    if (c >= m) ws.kept.push_back({j, c, value});
  }
  std::sort(ws.kept.begin(), ws.kept.end(),
            [](const Workspace::Kept& x, const Workspace::Kept& y) { return x.j < y.j; });
  for (const Workspace::Kept& k : ws.kept) visit(k.j, k.value);
}

// Strongest first by `by`, ties by the other endpoint ascending.
struct RowOrder {
  const std::vector<double>* item_count;
  double ci;
  Normalization by;
  bool operator()(const Pair& x, const Pair& y) const {
    const double sx = pair_strength(x.count, ci, (*item_count)[x.b], by);
    const double sy = pair_strength(y.count, ci, (*item_count)[y.b], by);
    if (sx != sy) return sx > sy;
    return x.b < y.b;
  }
};

// Computes row i and appends its kept pairs to `out` as (a < b) records; returns the row's
// distinct partners (kBoth: every pair is seen from both ends).
template <bool kFractional, RowMode kMode>
std::uint64_t process_row(NodeId i, const KernelInput& in, Workspace& ws, PairArray& out) {
  const Prepared& p = *in.p;
  const NodeId li = p.local_id(i);
  const NodeId hi = accumulate<kFractional, kMode>(i, li, p, ws);
  const std::size_t distinct = ws.used;
  if (distinct == 0) return 0;
  const std::uint32_t m = in.min_count;
  const NodeId* const global = p.compacted() ? p.global.data() : nullptr;
  const auto global_id = [global](NodeId j) { return global != nullptr ? global[j] : j; };
  if constexpr (kMode == RowMode::kUpper) {
    drain<kFractional>(li + 1, hi, m, ws, [&](NodeId j, double value) {
      out.push_back(Pair{i, global_id(j), value});
    });
  } else {
    NodeId lo = hi;
    for (std::size_t k = 0; k < ws.used; ++k) lo = std::min(lo, ws.touched[k]);
    if constexpr (kMode == RowMode::kSeed) {
      drain<kFractional>(lo, hi, m, ws, [&](NodeId j, double value) {
        const NodeId g = global_id(j);
        out.push_back(g < i ? Pair{g, i, value} : Pair{i, g, value});
      });
    } else {
      ws.scratch.clear();
      drain<kFractional>(lo, hi, m, ws, [&](NodeId j, double value) {
        ws.scratch.push_back(Pair{i, global_id(j), value});  // b = the partner, for RowOrder
      });
      const std::size_t keep = std::min<std::size_t>(ws.scratch.size(), in.top_per_node);
      const RowOrder order{&p.item_count, p.item_count[i], in.rank_by};
      std::partial_sort(ws.scratch.begin(), ws.scratch.begin() + static_cast<std::ptrdiff_t>(keep),
                        ws.scratch.end(), order);
      for (std::size_t k = 0; k < keep; ++k) {
        const Pair& q = ws.scratch[k];
        out.push_back(q.b < i ? Pair{q.b, i, q.count} : q);
      }
    }
  }
  return distinct;
}

}  // namespace

RowFunction row_function(bool fractional, RowMode mode) {
  switch (mode) {
    case RowMode::kUpper:
      return fractional ? &process_row<true, RowMode::kUpper>
                        : &process_row<false, RowMode::kUpper>;
    case RowMode::kSeed:
      return fractional ? &process_row<true, RowMode::kSeed> : &process_row<false, RowMode::kSeed>;
    case RowMode::kBoth:
      break;
  }
  return fractional ? &process_row<true, RowMode::kBoth> : &process_row<false, RowMode::kBoth>;
}

Census take_census(const Prepared& p, unsigned threads) {
  Census census;
  const std::size_t rows = p.num_rows();
  if (rows == 0 || p.incidence == nullptr) return census;
  // Contiguous ranges of about equal work, one per thread; integer sums, so any split gives
  // the same census.
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < rows; ++r) total += p.work[p.row(r)] + 1;
  const unsigned parts = static_cast<unsigned>(std::min<std::uint64_t>(threads, rows));
  std::vector<std::size_t> begin(parts + 1, rows);
  begin[0] = 0;
  {
    std::uint64_t seen = 0;
    unsigned part = 1;
    for (std::size_t r = 0; r < rows && part < parts; ++r) {
      seen += p.work[p.row(r)] + 1;
      if (seen * parts >= total * part) begin[part++] = r + 1;
    }
  }
  std::vector<Census> partial(parts);
  const auto count_range = [&](unsigned part) {
    Workspace ws(p);
    Census& c = partial[part];
    for (std::size_t r = begin[part]; r < begin[part + 1]; ++r) {
      const NodeId i = p.row(r);
      const NodeId li = p.local_id(i);
      if (p.row_mode == RowMode::kSeed) {
        (void)accumulate<false, RowMode::kSeed>(i, li, p, ws);
      } else {
        (void)accumulate<false, RowMode::kUpper>(i, li, p, ws);
      }
      for (std::size_t k = 0; k < ws.used; ++k) {
        const NodeId j = ws.touched[k];
        const std::uint32_t n = ws.count[j];
        ws.count[j] = 0;
        const std::uint32_t bucket = std::min(n, Census::kCap);
        ++c.pairs[bucket];
        c.instances[bucket] += n;
      }
    }
  };
  parallel::run_team(parts, [&](unsigned part) { count_range(part); });
  for (const Census& c : partial) {
    for (std::uint32_t b = 0; b <= Census::kCap; ++b) {
      census.pairs[b] += c.pairs[b];
      census.instances[b] += c.instances[b];
    }
  }
  return census;
}

}  // namespace citegraph::pair_detail
