#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "capture/packet_source.hpp"
#include "ringbuffer/extractor.hpp"

namespace netmeter::ringbuffer {

/// The packets of a ring buffer in a time range that pass a filter, as a capture source: a slot analyses
/// them as it would a file (the Allegro's ring-buffer replay). `keep_alive` holds whatever keeps the
/// recorder alive (the recording slot) for as long as the source exists.
class RingSource final : public capture::PacketSource {
 public:
  RingSource(std::shared_ptr<const void> keep_alive, const RingRecorder& recorder, ExtractRequest request,
             std::string name);

  capture::ReadStatus next(capture::RawPacket& packet) override;
  core::LinkType link_type() const override { return link_; }
  std::string name() const override { return name_; }
  bool is_live() const override { return false; }
  capture::SourceStats stats() const override;
  std::string error() const override { return extraction_.error(); }
  void stop() override { stopping_.store(true, std::memory_order_relaxed); }

 private:
  std::shared_ptr<const void> keep_alive_;
  Extraction extraction_;
  core::LinkType link_;
  std::string name_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> packets_{0};
  std::atomic<uint64_t> bytes_{0};
};

}  // namespace netmeter::ringbuffer
