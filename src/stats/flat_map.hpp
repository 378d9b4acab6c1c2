#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace netmeter::stats {

/// An open-addressing hash map (linear probing, power-of-two capacity) for the per-second deltas a
/// worker fills per packet. clear() keeps the storage and costs O(entries used), so a map reused second
/// after second stops allocating once it has reached the largest second's size. No erase: deltas only
/// grow until they are handed over and cleared.
template <typename Key, typename Value, typename Hash>
class FlatMap {
 public:
  FlatMap() : FlatMap(64) {}
  explicit FlatMap(size_t initial_capacity) { reset_capacity(round_up(initial_capacity)); }

  /// The value for `key`, value-initialised on first use.
  Value& operator[](const Key& key) { return slots_[slot_for(key)].value; }

  /// The same, looked at first in slot `hint`, which then names the key's slot (when it fits in a Hint).
  /// A hint kept from an earlier call for the same key (in this map or another one) saves the hash and
  /// the probe; a stale one, or one naming another key's slot, only costs the lookup: a key has one slot
  /// at a time.
  template <typename Hint>
  Value& at(const Key& key, Hint& hint) {
    if (hint < slots_.size()) {
      Slot& s = slots_[hint];
      if (s.used && s.key == key) return s.value;
    }
    const uint32_t slot = slot_for(key);
    hint = static_cast<Hint>(std::min<uint32_t>(slot, std::numeric_limits<Hint>::max()));
    return slots_[slot].value;
  }

  const Value* find(const Key& key) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash{}(key)&mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == key) return &s.value;
    }
  }

  /// Calls f(key, value) for each entry, in insertion order.
  template <typename F>
  void for_each(F&& f) const {
    for (uint32_t i : used_)
      f(slots_[i].key, slots_[i].value);
  }

  void clear() {
    for (uint32_t i : used_)
      slots_[i].used = false;
    used_.clear();
  }
  size_t size() const { return used_.size(); }
  bool empty() const { return used_.empty(); }
  size_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + used_.capacity() * sizeof(uint32_t);
  }

 private:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };

  uint32_t slot_for(const Key& key) {
    if ((used_.size() + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash{}(key)&mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.key = key;
        s.value = Value{};
        used_.push_back(static_cast<uint32_t>(i));
        return static_cast<uint32_t>(i);
      }
      if (s.key == key) return static_cast<uint32_t>(i);
    }
  }
  static size_t round_up(size_t n) {
    size_t c = 16;
    while (c < n)
      c <<= 1;
    return c;
  }
  void reset_capacity(size_t capacity) {
    slots_.assign(capacity, Slot{});
    used_.reserve(capacity / 2);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    std::vector<uint32_t> order = std::move(used_);
    used_ = {};
    reset_capacity(old.size() * 2);
    for (uint32_t i : order)
      (*this)[old[i].key] = std::move(old[i].value);
  }

  std::vector<Slot> slots_;
  std::vector<uint32_t> used_;
};

}  // namespace netmeter::stats
