#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace netmeter::stats {

/// The value of a FlatIndex used as a set.
struct NoValue {};

/// An open-addressing hash index (linear probing, backward-shift deletion, power-of-two capacity, load at
/// most 0.7) for the aggregator's big tables. Its storage is one array: growing it, or freeing an old
/// one, is one allocation and one free — unlike a node-based map, whose hundreds of thousands of small
/// nodes, once freed, make glibc consolidate them all inside a later large malloc (possibly under the
/// aggregator's exclusive lock).
///
/// grown(n) builds a larger copy beside readers (it only reads), so that the next n emplaces do not
/// grow the index under the lock; emplace still grows on its own when that estimate fell short.
template <typename Key, typename Value, typename Hash>
class FlatIndex {
 public:
  FlatIndex() = default;
  /// An empty index with room for `entries` without growing.
  explicit FlatIndex(size_t entries) { slots_.resize(capacity_for(entries)); }

  const Value* find(const Key& key) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = home(key); slots_[i].used; i = (i + 1) & mask)
      if (slots_[i].key == key) return &slots_[i].value;
    return nullptr;
  }
  Value* find(const Key& key) { return const_cast<Value*>(std::as_const(*this).find(key)); }
  bool contains(const Key& key) const { return find(key) != nullptr; }

  /// Adds `key` → `value` unless `key` is present; true when added.
  bool emplace(const Key& key, Value value) {
    if (!has_room(1)) rebuild(std::max<size_t>(16, 2 * slots_.size()));
    size_t mask = slots_.size() - 1;
    size_t i = home(key);
    for (; slots_[i].used; i = (i + 1) & mask)
      if (slots_[i].key == key) return false;
    slots_[i] = Slot{key, std::move(value), true};
    ++size_;
    return true;
  }

  /// Adds `key` to a set; true when it was absent.
  bool insert(const Key& key) requires std::is_same_v<Value, NoValue> { return emplace(key, NoValue{}); }

  /// Removes `key`; true when it was present.
  bool erase(const Key& key) {
    if (slots_.empty()) return false;
    size_t mask = slots_.size() - 1;
    for (size_t i = home(key); slots_[i].used; i = (i + 1) & mask)
      if (slots_[i].key == key) {
        erase_at(i);
        return true;
      }
    return false;
  }

  /// Removes the entries for which drop(key, value) is true; their number.
  template <typename Pred>
  size_t erase_if(Pred&& drop) {
    if (size_ == 0) return 0;
    // Starting just after an empty slot, no entry is ever shifted back across the scan position: each
    // is seen exactly once, and a slot is looked at again after an erase moved another entry into it.
    size_t mask = slots_.size() - 1;
    size_t start = 0;
    while (slots_[start].used)
      ++start;
    size_t n = 0;
    for (size_t k = 1; k <= slots_.size();) {
      size_t i = (start + k) & mask;
      if (slots_[i].used && drop(std::as_const(slots_[i].key), slots_[i].value)) {
        erase_at(i);
        ++n;
      } else {
        ++k;
      }
    }
    return n;
  }

  /// Calls f(key, value) for each entry, in no particular order.
  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.used) f(s.key, s.value);
  }

  /// True when `incoming` more entries fit without growing.
  bool has_room(size_t incoming) const { return size_ + incoming <= max_entries(slots_.size()); }
  /// A copy with room for `incoming` more entries, or nothing when this one has that room already.
  std::optional<FlatIndex> grown(size_t incoming) const {
    if (has_room(incoming)) return std::nullopt;
    // Twice the capacity (load about 0.35 after the move), or more if `incoming` needs it.
    FlatIndex bigger(std::max(size_ + incoming, max_entries(std::max<size_t>(16, 2 * slots_.size()))));
    for_each([&](const Key& k, const Value& v) { bigger.insert_new(k, v); });
    bigger.size_ = size_;
    return bigger;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return slots_.size(); }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  void swap(FlatIndex& other) noexcept {
    slots_.swap(other.slots_);
    std::swap(size_, other.size_);
  }

 private:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };

  static size_t max_entries(size_t capacity) { return capacity / 10 * 7 + capacity % 10 * 7 / 10; }
  static size_t capacity_for(size_t entries) {
    size_t c = 16;
    while (max_entries(c) < entries)
      c <<= 1;
    return c;
  }
  size_t home(const Key& key) const { return Hash{}(key) & (slots_.size() - 1); }

  // Places a key known to be absent, without touching size_ or growing.
  void insert_new(const Key& key, Value value) {
    size_t mask = slots_.size() - 1;
    size_t i = home(key);
    while (slots_[i].used)
      i = (i + 1) & mask;
    slots_[i] = Slot{key, std::move(value), true};
  }
  void rebuild(size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (Slot& s : old)
      if (s.used) insert_new(s.key, std::move(s.value));
  }
  // Backward shift: entries after the hole that may live there (their home is not between the hole
  // and them) move back, so that every probe sequence stays unbroken without tombstones.
  void erase_at(size_t hole) {
    size_t mask = slots_.size() - 1;
    for (size_t j = (hole + 1) & mask; slots_[j].used; j = (j + 1) & mask) {
      size_t h = home(slots_[j].key);
      bool stays = ((j - h) & mask) < ((j - hole) & mask);
      if (stays) continue;
      slots_[hole] = std::move(slots_[j]);
      hole = j;
    }
    slots_[hole] = Slot{};
    --size_;
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

/// The same index without values: a set.
template <typename Key, typename Hash>
using FlatSet = FlatIndex<Key, NoValue, Hash>;

}  // namespace netmeter::stats
