#include "engine/reader.hpp"

#include <cstddef>
#include <cstring>

namespace netmeter::engine {

namespace {

// A file reader that finds its worker's queue full sleeps until half the queue is free again (the worker
// rings then, see Worker::run): one wake-up per half queue. Spinning instead kept the reader busy on a
// core the whole time the worker was the slower side.
constexpr std::chrono::microseconds kMaxSleep{1000};

}  // namespace

Reader::Reader(core::LinkType link, std::vector<Worker*> workers, bool drop_when_full)
    : decoder_(link),
      workers_(std::move(workers)),
      drop_when_full_(drop_when_full),
      route_raw_(workers_.size() == 1) {
  if (route_raw_) {
    workers_.front()->decode_raw_frames(link);
  } else {
    for (Worker* w : workers_)
      w->enable_dpi_done_filter();
  }
}

Worker& Reader::route(uint64_t hash) const {
  uint64_t n = workers_.size();
  return *workers_[((hash >> 32) * n) >> 32];
}

void Reader::dispatch(const capture::RawPacket& raw) {
  if (route_raw_) {
    record_.kind = PacketRecord::kRawFrame;
    record_.pkt.ts = raw.ts;
    record_.pkt.caplen = raw.caplen;
    record_.pkt.wire_len = raw.wire_len;
    record_.link = raw.link ? static_cast<uint8_t>(*raw.link) : PacketRecord::kSourceLink;
    push(*workers_.front(), record_, raw.data, raw.caplen);
    return;
  }
  if (raw.ts.seconds() > marked_second_) mark_time(raw.ts);
  uint32_t l3_bytes = decoder_.decode(raw, record_);
  Worker& worker = route(record_.flow_hash);
  if (l3_bytes > 0 && worker.dpi_done().is_done(record_.flow_hash)) l3_bytes = 0;
  push(worker, record_, raw.data + record_.pkt.l3_offset, l3_bytes);
}

void Reader::push(Worker& worker, const PacketRecord& header, const uint8_t* bytes, uint32_t byte_count) {
  uint32_t l3_bytes = byte_count;  // named for the common case: the bytes from the IP header on
  auto& ring = worker.queue();
  size_t header_bytes = header.stored_header_bytes();
  if (header_bytes + l3_bytes > ring.max_record())
    l3_bytes = static_cast<uint32_t>(ring.max_record() - header_bytes);
  size_t size = header_bytes + l3_bytes;
  std::span<std::byte> slot = ring.try_reserve(size);
  if (slot.empty()) {
    // The worker must see everything queued before the reader waits for it, or drops.
    ring.publish();
    worker.doorbell().ring();
    if (drop_when_full_) {
      ++queue_drops_;
      return;
    }
  }
  while (slot.empty()) {
    const auto room = [&] { return ring.has_room(size) && ring.free_bytes() >= ring.capacity() / 2; };
    worker.space_bell().wait(room, kMaxSleep);
    slot = ring.try_reserve(size);
  }
  std::memcpy(slot.data(), &header, header_bytes);
  auto stored = static_cast<uint16_t>(header_bytes);
  std::memcpy(slot.data() + offsetof(PacketRecord, header_bytes), &stored, sizeof stored);
  std::memcpy(slot.data() + offsetof(PacketRecord, l3_bytes), &l3_bytes, sizeof l3_bytes);
  if (l3_bytes > 0) std::memcpy(slot.data() + header_bytes, bytes, l3_bytes);
  if (ring.commit()) worker.doorbell().ring();
}

void Reader::mark_time(core::Timestamp ts) {
  marked_second_ = ts.seconds();
  PacketRecord mark;
  mark.kind = PacketRecord::kTimeMark;
  mark.pkt.ts = ts;
  const uint64_t drops = queue_drops_;
  for (Worker* w : workers_)
    push(*w, mark, nullptr, 0);
  queue_drops_ = drops;  // a live worker's full queue skips a mark: no packet was lost
}

void Reader::flush() {
  for (Worker* w : workers_) {
    if (!w->queue().has_unpublished()) continue;
    w->queue().publish();
    w->doorbell().ring();
  }
}

void Reader::send_end() {
  PacketRecord end;
  end.kind = PacketRecord::kEnd;
  bool saved = drop_when_full_;
  drop_when_full_ = false;  // the end marker must arrive
  for (Worker* w : workers_)
    push(*w, end, nullptr, 0);
  drop_when_full_ = saved;
  flush();
}

}  // namespace netmeter::engine
