#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "capture/packet_source.hpp"

namespace netmeter::capture {

/// Replays a file at its original pace multiplied by `speed` (2.0 = twice as fast): each packet is
/// released when the wall clock has advanced as far as the packet clock, divided by the speed.
class PacedSource final : public PacketSource {
 public:
  PacedSource(std::unique_ptr<PacketSource> inner, double speed);

  ReadStatus next(RawPacket& pkt) override;
  core::LinkType link_type() const override { return inner_->link_type(); }
  std::string name() const override { return inner_->name(); }
  bool is_live() const override { return inner_->is_live(); }
  bool realtime() const override { return true; }
  SourceStats stats() const override { return inner_->stats(); }
  std::optional<Progress> progress() const override { return inner_->progress(); }
  std::string error() const override { return inner_->error(); }
  void stop() override {
    stopped_.store(true);
    inner_->stop();
  }

 private:
  std::unique_ptr<PacketSource> inner_;
  double speed_;
  bool started_ = false;
  core::Timestamp first_packet_;
  std::chrono::steady_clock::time_point first_wall_;
  std::atomic<bool> stopped_{false};
};

}  // namespace netmeter::capture
