// The one place where citegraph-mpi makes the library's Pair (citegraph/analysis/pair_counts.hpp)
// from a distributed count, so that pipeline::pairs_table writes the row exactly as
// `citegraph cocite` does.
#pragma once

#include <cstdint>
#include <vector>

#include "apps/mpi/incidence.hpp"
#include "citegraph/analysis/pair_counts.hpp"

namespace citegraph::mpi {

// The pair of dense items a < b shared by `shared` contexts (the product's entry). Under
// fractional counting the count is the sum of the shared contexts' weights, added in ascending
// context order as the library adds them. Under fractional counting or with `witnesses` (whose
// column the writer then enumerates from the graph) the two items' context lists are walked to
// check that they share exactly `shared` contexts (std::logic_error otherwise: the distributed
// product and the incidence disagree). Strengths are derived when written.
Pair make_pair(const PairIncidence& incidence, std::int64_t a, std::int64_t b, std::uint64_t shared,
               bool witnesses);

}  // namespace citegraph::mpi
