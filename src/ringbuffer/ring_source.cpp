#include "ringbuffer/ring_source.hpp"

namespace netmeter::ringbuffer {

RingSource::RingSource(std::shared_ptr<const void> keep_alive, const RingRecorder& recorder,
                       ExtractRequest request, std::string name)
    : keep_alive_(std::move(keep_alive)),
      extraction_(recorder, std::move(request)),
      link_(recorder.config().link),
      name_(std::move(name)) {}

capture::ReadStatus RingSource::next(capture::RawPacket& packet) {
  if (!extraction_.error().empty()) return capture::ReadStatus::Error;
  while (!stopping_.load(std::memory_order_relaxed)) {
    auto p = extraction_.next_packet();
    if (!p) {
      if (extraction_.done()) return capture::ReadStatus::End;
      continue;  // a stretch without matches: look further
    }
    packet.ts.ns = p->header.ts_ns();
    packet.caplen = p->header.caplen;
    packet.wire_len = p->header.wire_len;
    packet.data = reinterpret_cast<const uint8_t*>(p->data.data());
    packets_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(p->header.wire_len, std::memory_order_relaxed);
    return capture::ReadStatus::Packet;
  }
  return capture::ReadStatus::End;
}

capture::SourceStats RingSource::stats() const {
  capture::SourceStats s;
  s.packets = packets_.load(std::memory_order_relaxed);
  s.bytes = bytes_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace netmeter::ringbuffer
