#include "app/tap_stream.hpp"

#include <spdlog/spdlog.h>

#include <thread>

namespace netmeter::app {

std::optional<api::PacketStream::Packet> TapStream::next(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (auto p = subscriber_->front()) return Packet{p->ts.ns, p->caplen, p->wire_len, p->data};
    subscriber_->release();  // hand all consumed space back before idling
    if (subscriber_->ended() || std::chrono::steady_clock::now() >= deadline) {
      // The producer may have published between the look above and `ended`: look once more.
      if (auto p = subscriber_->front()) return Packet{p->ts.ns, p->caplen, p->wire_len, p->data};
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

TapStream::~TapStream() {
  if (subscriber_->dropped() > 0)
    spdlog::info("capture download ended: {} packets matched, {} dropped (client slower than the slot)",
                 subscriber_->matched(), subscriber_->dropped());
}

}  // namespace netmeter::app
