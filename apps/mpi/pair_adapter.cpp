#include "apps/mpi/pair_adapter.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

namespace citegraph::mpi {

Pair make_pair(const PairIncidence& incidence, std::int64_t a, std::int64_t b, std::uint64_t shared,
               bool witnesses) {
  Pair p;
  p.a = incidence.item_nodes[static_cast<std::size_t>(a)];
  p.b = incidence.item_nodes[static_cast<std::size_t>(b)];
  double c = static_cast<double>(shared);
  if (incidence.fractional || witnesses) {
    const auto list = [&](std::int64_t item) {
      const auto i = static_cast<std::size_t>(item);
      return std::span<const NodeId>(incidence.item_contexts.data() + incidence.item_offsets[i],
                                     incidence.item_offsets[i + 1] - incidence.item_offsets[i]);
    };
    const auto x = list(a);
    const auto y = list(b);
    double sum = 0.0;
    std::uint64_t found = 0;
    for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
      if (x[i] < y[j]) {
        ++i;
      } else if (y[j] < x[i]) {
        ++j;
      } else {
        if (incidence.fractional) sum += incidence.context_weight[x[i]];
        ++found;
        ++i;
        ++j;
      }
    }
    if (found != shared) {
      throw std::logic_error("pair (" + std::to_string(p.a) + ", " + std::to_string(p.b) +
                             "): the distributed product counts " + std::to_string(shared) +
                             " shared contexts, the incidence " + std::to_string(found));
    }
    if (incidence.fractional) c = sum;
  }
  // The normalised strengths and the witnesses are derived when the row is written
  // (pipeline::pairs_table from the item counts and the graph), as for citegraph cocite.
  p.count = c;
  return p;
}

}  // namespace citegraph::mpi
