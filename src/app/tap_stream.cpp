#include "app/tap_stream.hpp"

#include <spdlog/spdlog.h>

namespace netmeter::app {

std::optional<api::PacketStream::Packet> TapStream::next() {
  auto p = subscriber_->front();
  if (!p) return std::nullopt;
  return Packet{p->ts.ns, p->caplen, p->wire_len, p->data};
}

TapStream::~TapStream() {
  if (subscriber_->dropped() > 0)
    spdlog::info("capture download ended: {} packets matched, {} dropped (client slower than the slot)",
                 subscriber_->matched(), subscriber_->dropped());
}

}  // namespace netmeter::app
