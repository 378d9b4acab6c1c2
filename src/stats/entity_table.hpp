#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "stats/chunked_vector.hpp"
#include "stats/flat_index.hpp"

namespace netmeter::stats {

/// Entities of one kind, kept in dense, never-moving storage (fast scans for lists and top-N) with a
/// flat hash index (one array: see FlatIndex). Erased entities leave a hole that the next new entity reuses;
/// `live(i)` tells holes apart.
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
      entries_[slot] = make(key);
      live_[slot] = true;
    } else {
      slot = static_cast<uint32_t>(entries_.size());
      entries_.push_back(make(key));
      live_.push_back(true);
    }
    index_.emplace(key, slot);
    return &entries_[slot];
  }
  /// Removes the entry for `key`, if any.
  void erase(const Key& key) {
    const uint32_t* found = index_.find(key);
    if (!found) return;
    uint32_t slot = *found;
    index_.erase(key);
    entries_[slot] = Entry{};
    live_[slot] = false;
    holes_.push_back(slot);
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
      entries_[slot] = Entry{};
      live_[slot] = false;
      holes_.push_back(slot);
      return true;
    });
  }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (live_[i]) f(entries_[i]);
  }
  template <typename F>
  void for_each(F&& f) {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (live_[i]) f(entries_[i]);
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
  const Entry& at(size_t i) const { return entries_[i]; }

 private:
  ChunkedVector<Entry> entries_;
  std::vector<bool> live_;
  std::vector<uint32_t> holes_;
  Index index_;
  uint64_t refused_ = 0;
};

}  // namespace netmeter::stats
