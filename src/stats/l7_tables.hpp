#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stats/flat_index.hpp"

namespace netmeter::stats {

/// Counts per name for at most `capacity` names (the space-saving algorithm): a new name that finds the
/// table full takes the place of the least counted one and inherits its count, which it records as its
/// possible overcount (`error`). The heavy hitters' counts stay exact or nearly so.
class TopCounter {
 public:
  struct Entry {
    uint64_t count = 0;
    uint64_t error = 0;  ///< at most this much of `count` belongs to names evicted before
  };

  /// Adds `n` to `name`; 0 capacity means no limit.
  void add(std::string_view name, size_t capacity, uint64_t n = 1) {
    std::string key(name);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      uint64_t inherited = 0;
      if (capacity && entries_.size() >= capacity) {
        auto low = by_count_.begin();
        inherited = low->first;
        entries_.erase(*low->second);
        by_count_.erase(low);
        ++evicted_;
      }
      it = entries_.emplace(std::move(key), Entry{inherited, inherited}).first;
    } else {
      by_count_.erase({it->second.count, &it->first});
    }
    it->second.count += n;
    by_count_.insert({it->second.count, &it->first});
  }

  const Entry* find(std::string_view name) const {
    auto it = entries_.find(std::string(name));
    return it == entries_.end() ? nullptr : &it->second;
  }
  /// The `n` most counted names, most first (ties by name).
  std::vector<std::pair<std::string, Entry>> top(size_t n) const {
    std::vector<std::pair<std::string, Entry>> out;
    for (auto it = by_count_.rbegin(); it != by_count_.rend() && out.size() < n; ++it)
      out.emplace_back(*it->second, entries_.at(*it->second));
    return out;
  }
  const std::unordered_map<std::string, Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  /// Names that lost their place to a new one.
  uint64_t evicted() const { return evicted_; }

 private:
  struct ByCount {
    bool operator()(const std::pair<uint64_t, const std::string*>& a,
                    const std::pair<uint64_t, const std::string*>& b) const {
      if (a.first != b.first) return a.first < b.first;
      return *a.second > *b.second;  // so that top() lists equal counts by name
    }
  };
  std::unordered_map<std::string, Entry> entries_;  // node-based: the keys' addresses are stable
  std::set<std::pair<uint64_t, const std::string*>, ByCount> by_count_;
  uint64_t evicted_ = 0;
};

/// A map of at most `capacity` entries that forgets the oldest inserted one when full (requests waiting for
/// their response). Removed keys leave stale marks in the insertion order, compacted now and then.
template <typename K, typename V, typename Hash = std::hash<K>>
class FifoMap {
 public:
  /// Inserts or replaces; an insert into a map holding `capacity` entries drops the oldest entry first
  /// (counted). 0 capacity means no limit. The reference is valid until the next put or erase.
  V& put(const K& key, V value, size_t capacity) {
    if (Slot* known = map_.find(key)) {
      known->value = std::move(value);
      return known->value;
    }
    while (capacity && map_.size() >= capacity && !order_.empty()) {
      auto [old, gen] = order_.front();
      order_.pop_front();
      const Slot* o = map_.find(old);
      if (o && o->gen == gen) {
        map_.erase(old);
        ++dropped_;
      }
    }
    uint64_t gen = ++gen_;
    map_.emplace(key, Slot{std::move(value), gen});
    order_.emplace_back(key, gen);
    if (order_.size() > 2 * map_.size() + 64) compact();
    return map_.find(key)->value;
  }
  /// Valid until the next put or erase (entries live in one array).
  V* find(const K& key) {
    Slot* s = map_.find(key);
    return s ? &s->value : nullptr;
  }
  const V* find(const K& key) const {
    const Slot* s = map_.find(key);
    return s ? &s->value : nullptr;
  }
  template <typename F>
  void for_each(F&& f) const {
    map_.for_each([&](const K& k, const Slot& slot) { f(k, slot.value); });
  }
  bool erase(const K& key) { return map_.erase(key); }
  size_t size() const { return map_.size(); }
  /// Entries forgotten to make room.
  uint64_t dropped() const { return dropped_; }

 private:
  struct Slot {
    V value;
    uint64_t gen = 0;
  };
  void compact() {
    std::deque<std::pair<K, uint64_t>> kept;
    for (auto& [k, g] : order_) {
      const Slot* s = map_.find(k);
      if (s && s->gen == g) kept.emplace_back(k, g);
    }
    order_.swap(kept);
  }
  // One array rather than a node per pending request: the aggregator inserts and drops these by the
  // thousand under its exclusive lock, and freed nodes would fill glibc's fastbins (see FlatIndex).
  FlatIndex<K, Slot, Hash> map_;
  std::deque<std::pair<K, uint64_t>> order_;
  uint64_t gen_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace netmeter::stats
