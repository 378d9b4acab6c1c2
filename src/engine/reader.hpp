#pragma once

#include <vector>

#include "capture/packet_source.hpp"
#include "core/anomaly.hpp"
#include "decode/dissector.hpp"
#include "engine/worker.hpp"
#include "flow/fragment_map.hpp"

namespace netmeter::engine {

/// The source side of a slot: decodes each frame, joins later IP fragments to their flow, and hands the
/// packet to the worker that owns its flow (chosen by the flow key's symmetric hash).
class Reader {
 public:
  Reader(core::LinkType link, std::vector<Worker*> workers, bool drop_when_full);

  void dispatch(const capture::RawPacket& raw);
  /// Tells every worker that no more packets will come.
  void send_end();

  const core::AnomalyCounters& anomalies() const { return anomalies_; }
  uint64_t queue_drops() const { return queue_drops_; }

 private:
  Worker& route(uint64_t hash) const;
  void push(Worker& worker, const PacketRecord& header, const uint8_t* l3, uint32_t l3_bytes);

  decode::Dissector dissector_;
  flow::FragmentMap fragments_;
  std::vector<Worker*> workers_;
  bool drop_when_full_;
  core::AnomalyCounters anomalies_;
  uint64_t queue_drops_ = 0;
  PacketRecord record_;
};

}  // namespace netmeter::engine
