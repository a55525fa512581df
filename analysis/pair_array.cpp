// PairArray: the pairs of a stored run in one realloc'd block; see pair_counts.hpp.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <span>
#include <utility>

#include "citegraph/analysis/pair_counts.hpp"

namespace citegraph {

PairArray::PairArray(std::span<const Pair> pairs) { append(pairs); }

PairArray::PairArray(const PairArray& other) { append(other); }

PairArray::PairArray(PairArray&& other) noexcept
    : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
  other.data_ = nullptr;
  other.size_ = 0;
  other.capacity_ = 0;
}

PairArray& PairArray::operator=(PairArray other) noexcept {
  std::swap(data_, other.data_);
  std::swap(size_, other.size_);
  std::swap(capacity_, other.capacity_);
  return *this;
}

PairArray::~PairArray() { std::free(data_); }

void PairArray::grow_to(std::size_t capacity) {
  if (capacity == 0) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    return;
  }
  if (capacity > std::numeric_limits<std::size_t>::max() / sizeof(Pair)) throw std::bad_alloc();
  // Pair is trivially copyable (and an implicit-lifetime aggregate): realloc may move it.
  void* grown = std::realloc(static_cast<void*>(data_), capacity * sizeof(Pair));
  if (grown == nullptr) throw std::bad_alloc();
  data_ = static_cast<Pair*>(grown);
  capacity_ = capacity;
}

void PairArray::grow() { grow_to(std::max<std::size_t>(16, capacity_ + capacity_ / 4)); }

void PairArray::append(std::span<const Pair> pairs) {
  if (pairs.empty()) return;
  if (size_ + pairs.size() > capacity_) {
    grow_to(std::max(size_ + pairs.size(), capacity_ + capacity_ / 4));
  }
  std::memcpy(static_cast<void*>(data_ + size_), pairs.data(), pairs.size() * sizeof(Pair));
  size_ += pairs.size();
}

void PairArray::resize(std::size_t size) {
  if (size > capacity_) grow_to(size);
  for (std::size_t k = size_; k < size; ++k) data_[k] = Pair{};
  size_ = size;
}

void PairArray::shrink_to_fit() {
  if (capacity_ != size_) grow_to(size_);
}

}  // namespace citegraph
