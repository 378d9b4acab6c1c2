#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "capture/packet_source.hpp"
#include "core/anomaly.hpp"
#include "engine/packet_decoder.hpp"
#include "engine/worker.hpp"

namespace netmeter::engine {

/// The source side of a slot. With several workers it decodes each frame and hands the packet to the
/// worker that owns its flow (chosen by the flow key's symmetric hash). With a single worker there is
/// nothing to route: it hands over the raw frame and the worker decodes it, which splits the work
/// between the two threads more evenly.
class Reader {
 public:
  Reader(core::LinkType link, std::vector<Worker*> workers, bool drop_when_full);

  void dispatch(const capture::RawPacket& raw);
  /// Makes every queued packet visible to the workers (queues publish in batches); call when the source
  /// has nothing more for now.
  void flush();
  /// Tells every worker that no more packets will come.
  void send_end();

  const core::AnomalyCounters& anomalies() const { return decoder_.anomalies(); }
  uint64_t queue_drops() const { return queue_drops_; }

 private:
  Worker& route(uint64_t hash) const;
  void push(Worker& worker, const PacketRecord& header, const uint8_t* bytes, uint32_t byte_count);
  /// With several workers: the first packet of a later second is preceded by a time mark to every
  /// worker, which lets the aggregator put their L7 events in one order (stats::EventOrder).
  void mark_time(core::Timestamp ts);

  PacketDecoder decoder_;
  std::vector<Worker*> workers_;
  bool drop_when_full_;
  bool route_raw_;
  uint64_t queue_drops_ = 0;
  PacketRecord record_;
  int64_t marked_second_ = std::numeric_limits<int64_t>::min();
};

}  // namespace netmeter::engine
