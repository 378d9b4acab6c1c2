#include "capture/paced_source.hpp"

#include <algorithm>
#include <thread>

namespace netmeter::capture {

PacedSource::PacedSource(std::unique_ptr<PacketSource> inner, double speed)
    : inner_(std::move(inner)), speed_(speed > 0 ? speed : 1.0) {}

ReadStatus PacedSource::next(RawPacket& pkt) {
  ReadStatus status = inner_->next(pkt);
  if (status != ReadStatus::Packet) return status;
  auto now = std::chrono::steady_clock::now();
  if (!started_) {
    started_ = true;
    first_packet_ = pkt.ts;
    first_wall_ = now;
    return status;
  }
  int64_t packet_offset_ns = pkt.ts - first_packet_;
  if (packet_offset_ns <= 0) return status;
  auto due = first_wall_ + std::chrono::nanoseconds(static_cast<int64_t>(packet_offset_ns / speed_));
  // Sleep in short slices so that stop() is honoured quickly even across long gaps in the capture.
  while (now < due) {
    auto slice = std::min<std::chrono::steady_clock::duration>(due - now, std::chrono::milliseconds(100));
    std::this_thread::sleep_for(slice);
    now = std::chrono::steady_clock::now();
    if (stopped_.load()) return ReadStatus::End;
  }
  return status;
}

}  // namespace netmeter::capture
