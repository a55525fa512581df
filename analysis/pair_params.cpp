// The options of a pair run: the names of the normalisations and countings, their parsing, and
// PairParams' validation; see pair_counts.hpp.
#include <string>
#include <string_view>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/error.hpp"

namespace citegraph {

std::string_view normalization_name(Normalization normalization) {
  switch (normalization) {
    case Normalization::kCount:
      return "count";
    case Normalization::kAssociation:
      return "association";
    case Normalization::kCosine:
      return "cosine";
    case Normalization::kJaccard:
      return "jaccard";
    case Normalization::kInclusion:
      return "inclusion";
  }
  throw InvalidArgument("normalization: value " + std::to_string(static_cast<int>(normalization)) +
                        " is not one of count, "
                        "association, cosine, jaccard, inclusion");
}

Normalization parse_normalization(std::string_view name) {
  for (const auto n : {Normalization::kCount, Normalization::kAssociation, Normalization::kCosine,
                       Normalization::kJaccard, Normalization::kInclusion}) {
    if (normalization_name(n) == name) return n;
  }
  throw InvalidArgument("normalization: '" + std::string(name) +
                        "' is not one of count, association, cosine, jaccard, inclusion");
}

std::string_view counting_name(Counting counting) {
  switch (counting) {
    case Counting::kFull:
      return "full";
    case Counting::kFractional:
      return "fractional";
  }
  throw InvalidArgument("counting: value " + std::to_string(static_cast<int>(counting)) +
                        " is not one of full, fractional");
}

Counting parse_counting(std::string_view name) {
  if (name == "full") return Counting::kFull;
  if (name == "fractional") return Counting::kFractional;
  throw InvalidArgument("counting: '" + std::string(name) + "' is not one of full, fractional");
}

void PairParams::validate() const {
  if (threads < 1 || threads > kMaxThreads) {
    throw InvalidArgument("threads: " + std::to_string(threads) + " is not in 1.." +
                          std::to_string(kMaxThreads));
  }
  if (corpora == 0) {
    throw InvalidArgument("corpora: the empty set 0 selects no edge");
  }
  if (counting != Counting::kFull && counting != Counting::kFractional) {
    throw InvalidArgument("counting: value " + std::to_string(static_cast<int>(counting)) +
                          " is not one of full, fractional");
  }
  switch (rank_by) {
    case Normalization::kCount:
    case Normalization::kAssociation:
    case Normalization::kCosine:
    case Normalization::kJaccard:
    case Normalization::kInclusion:
      return;
  }
  throw InvalidArgument("rank_by: value " + std::to_string(static_cast<int>(rank_by)) +
                        " is not one of count, association, cosine, jaccard, inclusion");
}

}  // namespace citegraph
