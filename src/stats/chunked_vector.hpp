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
///
/// A block whose elements are all unused may be released (release_block()) and is allocated again, its
/// elements value-initialised, when one of them is used again (restore_block(), or push_back() into it).
/// Elements of a released block must not be accessed.
template <typename T>
class ChunkedVector {
 public:
  static constexpr size_t kBlock = std::max<size_t>(8, 65536 / sizeof(T));
  using Block = std::unique_ptr<T[]>;

  T& operator[](size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  const T& operator[](size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  size_t size() const { return size_; }

  T& push_back(T&& value) {
    if (size_ == blocks_.size() * kBlock) blocks_.push_back(std::make_unique<T[]>(kBlock));
    restore_block(size_ / kBlock);
    T& slot = (*this)[size_++];
    slot = std::move(value);
    return slot;
  }

  /// Drops the last element (reset to T{}). Returns the last block's storage once the elements left need
  /// two blocks fewer than there are, for the caller to free (one spare block stays, so that a size going
  /// back and forth across a block's edge does not allocate and free a block each time).
  Block pop_back() {
    --size_;
    (*this)[size_] = T{};
    size_t needed = (size_ + kBlock - 1) / kBlock;
    if (blocks_.size() <= needed + 1) return nullptr;
    Block last = std::move(blocks_.back());
    blocks_.pop_back();
    return last;
  }

  void clear() {
    blocks_.clear();
    size_ = 0;
  }

  /// Number of blocks, allocated or released.
  size_t blocks() const { return blocks_.size(); }
  /// Whether block `b` holds memory.
  bool allocated(size_t b) const { return blocks_[b] != nullptr; }
  size_t allocated_blocks() const {
    return static_cast<size_t>(
        std::count_if(blocks_.begin(), blocks_.end(), [](const Block& p) { return p != nullptr; }));
  }
  /// Detaches block `b`'s memory and hands it to the caller (who may free it outside a lock); its indexes
  /// stay valid positions but hold nothing until restore_block(b).
  Block release_block(size_t b) { return std::move(blocks_[b]); }
  /// Gives block `b` memory again (value-initialised elements) if it was released.
  void restore_block(size_t b) {
    if (!blocks_[b]) blocks_[b] = std::make_unique<T[]>(kBlock);
  }

 private:
  std::vector<Block> blocks_;
  size_t size_ = 0;
};

}  // namespace netmeter::stats
