#pragma once

#include <cstdint>
#include <memory>

#include "api/services.hpp"
#include "engine/packet_tap.hpp"

namespace netmeter::app {

/// A capture download's view of a slot's tap.
class TapStream final : public api::PacketStream {
 public:
  TapStream(std::shared_ptr<engine::TapSubscriber> subscriber, uint32_t link_type)
      : subscriber_(std::move(subscriber)), link_type_(link_type) {}
  ~TapStream() override;

  uint32_t pcap_link_type() const override { return link_type_; }
  std::optional<Packet> next() override;
  void pop() override { subscriber_->pop(); }
  bool ended() const override { return subscriber_->ended(); }
  uint64_t dropped() const override { return subscriber_->dropped(); }
  void set_notify(std::function<void()> notify) override { subscriber_->set_notify(std::move(notify)); }
  bool arm_notify() override { return subscriber_->arm_notify(); }

 private:
  std::shared_ptr<engine::TapSubscriber> subscriber_;
  uint32_t link_type_;
};

}  // namespace netmeter::app
