// The out-of-line parts of PmidIndex and PmidSet (graph/pmid_index.hpp): page allocation,
// ranking and merging, once per page rather than once per PMID.
#include "graph/pmid_index.hpp"

#include <algorithm>

namespace citegraph::build_detail {

void PmidIndex::insert(Pmid pmid, std::uint32_t node) {
  const std::size_t page = pmid >> kPageShift;
  if (page >= pages_.size()) pages_.resize(page + 1);
  if (!pages_[page]) {
    pages_[page] = std::make_unique<std::uint32_t[]>(kPageSize);
    std::fill_n(pages_[page].get(), kPageSize, kNone);
  }
  pages_[page][pmid & kPageMask] = node;
}

void PmidSet::rank_all() {
  std::uint32_t total = 0;
  for (const auto& page : pages_) {
    if (!page) continue;
    for (Slot& slot : page->slots) {
      slot.rank = total;
      total += bit_count(slot.bits);
    }
  }
  size_ = total;
}

void PmidSet::merge(const PmidSet& other) {
  if (other.pages_.size() > pages_.size()) pages_.resize(other.pages_.size());
  for (std::size_t page = 0; page < other.pages_.size(); ++page) {
    if (!other.pages_[page]) continue;
    if (!pages_[page]) {
      pages_[page] = std::make_unique<Page>(*other.pages_[page]);
      continue;
    }
    for (std::size_t w = 0; w < kWords; ++w)
      pages_[page]->slots[w].bits |= other.pages_[page]->slots[w].bits;
  }
}

}  // namespace citegraph::build_detail
