#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace netmeter::stats {

/// A vector whose elements never move: storage grows by fixed blocks of about 64 KiB, so growing costs
/// one block's allocation instead of moving every element (which a statistics table with a million
/// entries would do under the aggregator's exclusive lock), and references stay valid.
template <typename T>
class ChunkedVector {
 public:
  static constexpr size_t kBlock = std::max<size_t>(8, 65536 / sizeof(T));

  T& operator[](size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  const T& operator[](size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  size_t size() const { return size_; }

  T& push_back(T&& value) {
    if (size_ == blocks_.size() * kBlock) blocks_.push_back(std::make_unique<T[]>(kBlock));
    T& slot = (*this)[size_++];
    slot = std::move(value);
    return slot;
  }

  void clear() {
    blocks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t size_ = 0;
};

}  // namespace netmeter::stats
