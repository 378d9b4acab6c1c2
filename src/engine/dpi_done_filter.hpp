#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace netmeter::engine {

/// Tells the reader which flows no longer need their bytes: once a worker's detection has finished for
/// a flow, it records the flow's hash here, and the reader then queues that flow's packets without the
/// bytes after the headers, which is most of what crosses between the two cores.
///
/// Direct-mapped and lossy by design: a slot holds one hash, so a collision only makes the reader copy
/// bytes that were not needed. A worker clears the slot when the flow ends, so a later flow with the
/// same key gets its bytes again.
///
/// Only a reader that routes decoded packets among several workers asks it; a lone worker is handed
/// whole frames. So the filter starts disabled (no memory, marks ignored) and such a reader enables it
/// before it queues the first packet.
class DpiDoneFilter {
 public:
  static constexpr unsigned kBits = 16;  // 512 KiB: stays in cache next to the reader's other work

  /// Idempotent; call before the worker handles packets.
  void enable() {
    if (!slots_) slots_ = std::make_unique<std::atomic<uint64_t>[]>(kSize);
  }
  bool enabled() const { return slots_ != nullptr; }

  void mark_done(uint64_t hash) {
    if (slots_) slot(hash).store(hash | 1, std::memory_order_relaxed);
  }
  void clear(uint64_t hash) {
    if (!slots_) return;
    uint64_t expected = hash | 1;
    slot(hash).compare_exchange_strong(expected, 0, std::memory_order_relaxed);
  }
  /// Only when enabled.
  bool is_done(uint64_t hash) const { return slot(hash).load(std::memory_order_relaxed) == (hash | 1); }

 private:
  static constexpr size_t kSize = size_t{1} << kBits;
  std::atomic<uint64_t>& slot(uint64_t hash) const { return slots_[hash & (kSize - 1)]; }

  std::unique_ptr<std::atomic<uint64_t>[]> slots_;
};

}  // namespace netmeter::engine
