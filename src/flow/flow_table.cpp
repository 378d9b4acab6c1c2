#include "flow/flow_table.hpp"

#include "flow/tcp_tracker.hpp"

namespace netmeter::flow {

FlowTable::FlowTable(const FlowTableConfig& config, FlowEndHandler& on_end)
    : config_(config), on_end_(on_end) {
  if (config_.max_flows == 0) config_.max_flows = 1;
  index_.resize(1024);
  index_mask_ = index_.size() - 1;
}

FlowTable::~FlowTable() {
  for (uint32_t slot = 0; slot < slots_used_; ++slot)
    std::destroy_at(&entry(slot));
}

uint32_t FlowTable::allocate_slot() {
  if (!free_slots_.empty()) {
    uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if ((slots_used_ >> kChunkBits) >= chunks_.size())
    chunks_.push_back(Chunk(std::allocator<Entry>().allocate(kChunkSize)));
  std::construct_at(&entry(slots_used_));
  return slots_used_++;
}

void FlowTable::index_insert(uint64_t hash, uint32_t slot) {
  size_t i = hash & index_mask_;
  while (index_[i].slot != kNone)
    i = (i + 1) & index_mask_;
  index_[i] = {static_cast<uint32_t>(hash >> 32), slot};
}

void FlowTable::index_erase(uint64_t hash, uint32_t slot) {
  size_t i = hash & index_mask_;
  while (index_[i].slot != slot) {
    if (index_[i].slot == kNone) return;
    i = (i + 1) & index_mask_;
  }
  // Backward-shift deletion keeps probe chains intact without tombstones.
  size_t hole = i;
  for (size_t j = (i + 1) & index_mask_; index_[j].slot != kNone; j = (j + 1) & index_mask_) {
    size_t home = entry(index_[j].slot).hash & index_mask_;
    bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
    if (movable) {
      index_[hole] = index_[j];
      hole = j;
    }
  }
  index_[hole] = IndexSlot{};
}

void FlowTable::grow_index() {
  std::vector<IndexSlot> old;
  old.swap(index_);
  index_.assign(old.size() * 2, IndexSlot{});
  index_mask_ = index_.size() - 1;
  for (const auto& s : old) {
    if (s.slot != kNone) index_insert(entry(s.slot).hash, s.slot);
  }
}

FlowTable::Lookup FlowTable::find(const core::FlowKey& key, uint64_t hash) {
  uint32_t tag = static_cast<uint32_t>(hash >> 32);
  for (size_t i = hash & index_mask_; index_[i].slot != kNone; i = (i + 1) & index_mask_) {
    if (index_[i].tag != tag) continue;
    Entry& e = entry(index_[i].slot);
    if (e.flow.key == key) return {&e.flow, index_[i].slot, false};
  }
  return {};
}

FlowTable::Lookup FlowTable::find_or_create(const core::FlowKey& key, uint64_t hash, core::Timestamp now) {
  if (Lookup found = find(key, hash); found.flow) return found;
  if (config_.expire_idle) expire(now);
  if (size_ >= config_.max_flows) {
    uint32_t victim = lists_[kClosed].head != kNone ? lists_[kClosed].head : lists_[kOpen].head;
    ++stats_.evicted;
    end_flow(victim, EndReason::Evicted);
  }
  if ((size_ + 1) * 2 > index_.size()) grow_index();
  uint32_t slot = allocate_slot();
  Entry& e = entry(slot);
  e.flow = Flow{};
  e.flow.key = key;
  e.hash = hash;
  e.live = true;
  index_insert(hash, slot);
  list_push_back(slot, kOpen);
  ++size_;
  ++stats_.created;
  return {&e.flow, slot, true};
}

void FlowTable::list_unlink(uint32_t slot) {
  Entry& e = entry(slot);
  ListEnds& l = lists_[e.list];
  if (e.prev != kNone)
    entry(e.prev).next = e.next;
  else
    l.head = e.next;
  if (e.next != kNone)
    entry(e.next).prev = e.prev;
  else
    l.tail = e.prev;
  e.prev = e.next = kNone;
}

void FlowTable::list_push_back(uint32_t slot, List list) {
  Entry& e = entry(slot);
  ListEnds& l = lists_[list];
  e.list = list;
  e.prev = l.tail;
  e.next = kNone;
  if (l.tail != kNone)
    entry(l.tail).next = slot;
  else
    l.head = slot;
  l.tail = slot;
}

void FlowTable::touch(uint32_t handle) {
  List list = TcpTracker::is_closed(entry(handle).flow) ? kClosed : kOpen;
  // Consecutive packets of one flow leave it where it is, without touching its neighbours.
  if (entry(handle).list == list && lists_[list].tail == handle) return;
  list_unlink(handle);
  list_push_back(handle, list);
}

void FlowTable::end_flow(uint32_t slot, EndReason reason) {
  Entry& e = entry(slot);
  e.flow.end = reason;
  on_end_.on_flow_end(e.flow);
  list_unlink(slot);
  index_erase(e.hash, slot);
  e.live = false;
  e.flow = Flow{};
  free_slots_.push_back(slot);
  --size_;
}

void FlowTable::expire(core::Timestamp now) {
  const int64_t timeouts[2] = {config_.idle_timeout_ns, config_.closed_timeout_ns};
  for (int list = 0; list < 2; ++list) {
    while (lists_[list].head != kNone) {
      uint32_t slot = lists_[list].head;
      if (now - entry(slot).flow.last_seen() < timeouts[list]) break;
      ++stats_.expired;
      end_flow(slot, EndReason::IdleTimeout);
    }
  }
}

void FlowTable::end_all(EndReason reason) {
  for (int list = 0; list < 2; ++list) {
    while (lists_[list].head != kNone)
      end_flow(lists_[list].head, reason);
  }
}

size_t FlowTable::memory_bytes() const {
  return chunks_.size() * kChunkSize * sizeof(Entry) + index_.capacity() * sizeof(IndexSlot) +
         free_slots_.capacity() * sizeof(uint32_t);
}

}  // namespace netmeter::flow
