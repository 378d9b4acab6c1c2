#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "stats/chunked_vector.hpp"
#include "stats/flat_index.hpp"

namespace netmeter::stats {

/// Entities of one kind, kept in dense, never-moving storage (fast scans for lists and top-N) with a
/// flat hash index (one array: see FlatIndex). Erased entities leave a hole that the next new entity reuses;
/// `live(i)` tells holes apart.
///
/// A storage block whose entities have all been erased (a capture's flows ending, idle hosts expiring) is
/// detached and its memory handed out by take_released(), so the aggregator frees it after its exclusive
/// hold; readers, which only reach entries under the shared lock and test live(i) first, never see it.
/// A new entity that lands in such a block's holes allocates it again. A table whose entries may move
/// (erase_compacting()) stays dense instead and releases blocks from its end.
///
/// Growth never happens under the aggregator's exclusive lock: before applying a delta the aggregator
/// asks grown_index() for an index with room for what the delta may add — built from the current one
/// while readers still read it (only reads) — and swaps it in with adopt_index() under the lock, so no
/// insert rehashes a large index while readers wait.
template <typename Key, typename Entry, typename Hash>
class EntityTable {
 public:
  using Index = FlatIndex<Key, uint32_t, Hash>;

  /// The entry for `key`, created by `make(key)` if absent; nullptr when the table is full.
  template <typename Make>
  Entry* get_or_create(const Key& key, size_t max_entries, Make&& make) {
    if (const uint32_t* found = index_.find(key)) return &entries_[*found];
    if (index_.size() >= max_entries) {
      ++refused_;
      return nullptr;
    }
    uint32_t slot;
    if (!holes_.empty()) {
      slot = holes_.back();
      holes_.pop_back();
      entries_.restore_block(slot / kBlock);
      entries_[slot] = make(key);
      live_[slot] = true;
    } else {
      slot = static_cast<uint32_t>(entries_.size());
      entries_.push_back(make(key));
      live_.push_back(true);
      if (block_live_.size() < entries_.blocks()) block_live_.push_back(0);
    }
    ++block_live_[slot / kBlock];
    index_.emplace(key, slot);
    return &entries_[slot];
  }
  /// Removes the entry for `key`, if any.
  void erase(const Key& key) {
    const uint32_t* found = index_.find(key);
    if (!found) return;
    uint32_t slot = *found;
    index_.erase(key);
    drop_slot(slot);
  }

  /// Removes the entry for `key`, if any, and moves the last entry into its place, so that the storage
  /// stays dense and its blocks are released from the end as the table shrinks, whatever the order of
  /// the erasures. Entries move: only for a table whose readers keep no slot or reference past their
  /// shared lock, and which never uses erase() or erase_if() (no holes). `key_of(entry)` is its key.
  template <typename KeyOf>
  void erase_compacting(const Key& key, KeyOf&& key_of) {
    assert(holes_.empty());
    const uint32_t* found = index_.find(key);
    if (!found) return;
    uint32_t slot = *found;
    index_.erase(key);
    auto last = static_cast<uint32_t>(entries_.size() - 1);
    if (slot != last) {
      entries_[slot] = std::move(entries_[last]);
      *index_.find(key_of(entries_[slot])) = slot;
    }
    live_.pop_back();
    --block_live_[last / kBlock];
    if (Block block = entries_.pop_back()) {
      released_.push_back(std::move(block));
      block_live_.pop_back();
    }
  }

  /// An index holding the same keys with room for `incoming` more without a rehash, or nothing when the
  /// current one has that room. Only reads the table: safe beside readers.
  std::optional<Index> grown_index(size_t incoming) const { return index_.grown(incoming); }
  /// Takes `grown` (from grown_index(), with no insert since) as the index; `grown` gets the old one, to
  /// be freed outside the lock.
  void adopt_index(Index& grown) { index_.swap(grown); }
  const Entry* find(const Key& key) const {
    const uint32_t* found = index_.find(key);
    return found ? &entries_[*found] : nullptr;
  }
  Entry* find(const Key& key) {
    const uint32_t* found = index_.find(key);
    return found ? &entries_[*found] : nullptr;
  }
  /// Removes entries for which `drop(entry)` is true, returning their memory.
  template <typename Pred>
  size_t erase_if(Pred&& drop) {
    return index_.erase_if([&](const Key&, uint32_t slot) {
      if (!drop(entries_[slot])) return false;
      drop_slot(slot);
      return true;
    });
  }
  template <typename F>
  void for_each(F&& f) const {
    for_each_slot([&](size_t i) { f(entries_[i]); });
  }
  template <typename F>
  void for_each(F&& f) {
    for_each_slot([&](size_t i) { f(entries_[i]); });
  }
  /// Calls f(key, entry) for each entry, in no particular order: for entries that do not carry their key.
  template <typename F>
  void for_each_keyed(F&& f) const {
    index_.for_each([&](const Key& key, uint32_t slot) { f(key, entries_[slot]); });
  }
  size_t size() const { return index_.size(); }
  uint64_t refused() const { return refused_; }
  /// Dense access for scans: slots [0, slots()), skipping !live(i).
  size_t slots() const { return entries_.size(); }
  bool live(size_t i) const { return live_[i]; }
  /// Only for live(i): a dead slot's block may hold no memory.
  const Entry& at(size_t i) const { return entries_[i]; }

  using Block = typename ChunkedVector<Entry>::Block;
  /// Storage blocks detached since the last call (every entity in them erased), for the caller to free
  /// outside the aggregator's exclusive lock.
  std::vector<Block> take_released() { return std::exchange(released_, {}); }
  /// Detached blocks not yet taken: memory still held.
  size_t blocks_to_release() const { return released_.size(); }
  /// Storage blocks holding memory (released ones excluded), for memory reports and tests.
  size_t allocated_blocks() const { return entries_.allocated_blocks(); }
  static constexpr size_t kBlock = ChunkedVector<Entry>::kBlock;

 private:
  void drop_slot(uint32_t slot) {
    live_[slot] = false;
    holes_.push_back(slot);
    size_t b = slot / kBlock;
    // The block being filled stays: it would be allocated again by the next new entity.
    if (--block_live_[b] == 0 && b + 1 < entries_.blocks())
      released_.push_back(entries_.release_block(b));
    else
      entries_[slot] = Entry{};  // returns what the entry itself holds (vectors, history)
  }
  template <typename F>
  void for_each_slot(F&& f) const {
    for (size_t b = 0; b < block_live_.size(); ++b) {
      if (block_live_[b] == 0) continue;
      size_t end = std::min(entries_.size(), (b + 1) * kBlock);
      for (size_t i = b * kBlock; i < end; ++i)
        if (live_[i]) f(i);
    }
  }

  ChunkedVector<Entry> entries_;
  std::vector<bool> live_;
  std::vector<uint32_t> block_live_;  ///< live entities per storage block
  std::vector<Block> released_;
  std::vector<uint32_t> holes_;
  Index index_;
  uint64_t refused_ = 0;
};

}  // namespace netmeter::stats
