#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/flow_key.hpp"
#include "core/timestamp.hpp"
#include "flow/flow.hpp"

namespace netmeter::flow {

struct FlowTableConfig {
  size_t max_flows = 1 << 20;  ///< per table; the oldest flow is evicted beyond it
  int64_t idle_timeout_ns = 60 * core::kNanosPerSecond;
  int64_t closed_timeout_ns = 15 * core::kNanosPerSecond;  ///< TCP after FIN from both sides or RST
  bool expire_idle = true;                                 ///< file analysis turns this off by default
};

/// Receives every flow that leaves the table, just before its slot is reused.
class FlowEndHandler {
 public:
  virtual ~FlowEndHandler() = default;
  virtual void on_flow_end(Flow& flow) = 0;
};

struct FlowTableStats {
  uint64_t created = 0;
  uint64_t expired = 0;
  uint64_t evicted = 0;  ///< pushed out because the table was full
};

/// The flows of one worker. Open addressing with linear probing over an index of (hash tag, slot);
/// flows live in fixed chunks that never move, so pointers stay valid until a flow ends. Two intrusive
/// lists ordered by last activity (open flows, and closed TCP flows) make idle expiry and eviction O(1)
/// per flow. Nothing here allocates per packet; chunks and the index grow per many new flows.
class FlowTable {
 public:
  FlowTable(const FlowTableConfig& config, FlowEndHandler& on_end);
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  struct Lookup {
    Flow* flow = nullptr;
    uint32_t handle = 0;  ///< pass to touch()
    bool created = false;
  };

  /// Finds the flow of `key` or creates it (evicting the least recently active flow when full).
  Lookup find_or_create(const core::FlowKey& key, uint64_t hash, core::Timestamp now);
  Lookup find(const core::FlowKey& key, uint64_t hash);
  /// Moves the flow to the back of its activity list; call after updating its last-seen time.
  void touch(uint32_t handle);
  /// Ends flows idle longer than their timeout at packet time `now`.
  void expire(core::Timestamp now);
  /// Ends every flow with the given reason (end of analysis).
  void end_all(EndReason reason);

  template <typename F>
  void for_each(F&& f) const {
    for (uint32_t slot = 0; slot < slots_used_; ++slot) {
      const Entry& e = entry(slot);
      if (e.live) f(e.flow);
    }
  }

  /// Calls `f` on every flow in the order end_all() would end them (by list, least recently active first).
  template <typename F>
  void for_each_in_end_order(F&& f) {
    for (const ListEnds& list : lists_)
      for (uint32_t slot = list.head; slot != kNone; slot = entry(slot).next)
        f(entry(slot).flow);
  }
  size_t size() const { return size_; }
  const FlowTableStats& stats() const { return stats_; }
  /// Bytes held by the table (flows, index, lists), for memory reporting.
  size_t memory_bytes() const;

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  enum List : uint8_t { kOpen = 0, kClosed = 1 };

  struct Entry {
    Flow flow;
    uint64_t hash = 0;
    uint32_t prev = kNone;
    uint32_t next = kNone;
    uint8_t list = kOpen;
    bool live = false;
  };
  struct IndexSlot {
    uint32_t tag = 0;  ///< upper hash bits, to skip most key comparisons
    uint32_t slot = kNone;
  };
  struct ListEnds {
    uint32_t head = kNone;
    uint32_t tail = kNone;
  };

  Entry& entry(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
  const Entry& entry(uint32_t slot) const { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
  uint32_t allocate_slot();
  void index_insert(uint64_t hash, uint32_t slot);
  void index_erase(uint64_t hash, uint32_t slot);
  void grow_index();
  void list_unlink(uint32_t slot);
  void list_push_back(uint32_t slot, List list);
  void end_flow(uint32_t slot, EndReason reason);

  /// A chunk's storage; its entries are constructed only as slots are first handed out (allocate_slot),
  /// so the pages of a chunk become resident with its flows, not all at once with the first one.
  struct ChunkStorage {
    void operator()(Entry* chunk) const { std::allocator<Entry>().deallocate(chunk, kChunkSize); }
  };
  using Chunk = std::unique_ptr<Entry[], ChunkStorage>;

  FlowTableConfig config_;
  FlowEndHandler& on_end_;
  std::vector<Chunk> chunks_;  ///< entries [0, slots_used_) are constructed
  std::vector<uint32_t> free_slots_;
  uint32_t slots_used_ = 0;
  std::vector<IndexSlot> index_;
  size_t index_mask_ = 0;
  ListEnds lists_[2];
  size_t size_ = 0;
  FlowTableStats stats_;
};

}  // namespace netmeter::flow
