// PMIDs as array indices: PmidIndex maps a PMID to a provisional node, PmidSet ranks the PMIDs
// in use (a work's id is the rank of its PMID). Both page their arrays, so that memory follows
// the PMID ranges in use, not the largest PMID. Private to graph/ (builder*.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "citegraph/graph/record.hpp"

namespace citegraph::build_detail {

// No provisional node (and, in PmidIndex, no node for a PMID yet).
constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// PMID -> provisional node. PMIDs are dense small integers (about 40 million today), so
// direct addressing beats a hash map by an order of magnitude at PubMed scale. The array is cut
// into pages of 2^14 PMIDs (64 KiB) allocated when a PMID in them is first seen, so memory
// follows the PMID ranges in use, not the largest PMID: a file citing PMID 39,999,999 costs one
// page, all of PubMed the same as one flat array (plus a page table of 8 bytes per 64 KiB).
class PmidIndex {
 public:
  [[nodiscard]] std::uint32_t find(Pmid pmid) const {
    const std::size_t page = pmid >> kPageShift;
    if (page >= pages_.size() || !pages_[page]) return kNone;
    return pages_[page][pmid & kPageMask];
  }
  void insert(Pmid pmid, std::uint32_t node);

 private:
  static constexpr unsigned kPageShift = 14;
  static constexpr std::size_t kPageSize = std::size_t{1} << kPageShift;
  static constexpr Pmid kPageMask = (Pmid{1} << kPageShift) - 1;
  std::vector<std::unique_ptr<std::uint32_t[]>> pages_;
};

// Bits set in a word. std::popcount compiles to a libgcc call without -mpopcnt (the baseline
// x86-64 target), which is what ranking 10^9 citations would spend its time in.
inline std::uint32_t bit_count(std::uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<std::uint32_t>((x * 0x0101010101010101ULL) >> 56);
}

// A set of PMIDs as a bitmap cut into pages of 2^16 PMIDs, each allocated when a PMID in it is
// first inserted, with popcount ranks: rank(p) is the number of members below p, i.e. the node
// id of PMID p when works with a PMID come first by PMID. Memory follows the PMID ranges in use:
// 16 KiB per page (each word of bits beside the members below it), all of PubMed's 40 million
// PMIDs in 10 MB.
class PmidSet {
 public:
  void insert(Pmid p) {
    const std::size_t page = p >> kPageShift;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page] = std::make_unique<Page>();
    pages_[page]->slots[(p & kPageMask) >> 6].bits |= std::uint64_t{1} << (p & 63);
  }
  void erase(Pmid p) {
    const std::size_t page = p >> kPageShift;
    if (page < pages_.size() && pages_[page]) {
      pages_[page]->slots[(p & kPageMask) >> 6].bits &= ~(std::uint64_t{1} << (p & 63));
    }
  }
  [[nodiscard]] bool contains(Pmid p) const {
    const std::size_t page = p >> kPageShift;
    return page < pages_.size() && pages_[page] &&
           (pages_[page]->slots[(p & kPageMask) >> 6].bits >> (p & 63) & 1) != 0;
  }
  // Makes rank() and size() valid until the next insert or erase. O(pages).
  void rank_all();
  // Members below p (p need not be a member). O(1).
  [[nodiscard]] std::uint32_t rank(Pmid p) const {
    const Slot& slot = pages_[p >> kPageShift]->slots[(p & kPageMask) >> 6];
    return slot.rank + bit_count(slot.bits & ((std::uint64_t{1} << (p & 63)) - 1));
  }
  [[nodiscard]] std::uint32_t size() const { return size_; }
  // f(pmid) for every member, ascending.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t page = 0; page < pages_.size(); ++page) {
      if (!pages_[page]) continue;
      for (std::size_t w = 0; w < kWords; ++w) {
        for (std::uint64_t bits = pages_[page]->slots[w].bits; bits != 0; bits &= bits - 1) {
          f(static_cast<Pmid>((page << kPageShift) | (w << 6) |
                              static_cast<std::size_t>(std::countr_zero(bits))));
        }
      }
    }
  }
  // Adds the members of `other`.
  void merge(const PmidSet& other);
  [[nodiscard]] bool empty_pages() const { return pages_.empty(); }

 private:
  static constexpr unsigned kPageShift = 16;
  static constexpr std::size_t kWords = (std::size_t{1} << kPageShift) / 64;
  static constexpr Pmid kPageMask = (Pmid{1} << kPageShift) - 1;
  // A word of 64 PMIDs beside the members below it: a rank reads one cache line.
  struct Slot {
    std::uint64_t bits = 0;
    std::uint32_t rank = 0;
  };
  struct Page {
    Slot slots[kWords];
  };
  std::vector<std::unique_ptr<Page>> pages_;
  std::uint32_t size_ = 0;
};

}  // namespace citegraph::build_detail
