#pragma once

#include <memory>
#include <vector>

#include "flow/flow.hpp"
#include "stats/delta_channel.hpp"
#include "stats/packet_view.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

/// A worker's statistics recorder. Per packet it adds to the current second's delta (hash-map updates,
/// no allocation once the maps are warm, no lock); when packet time enters a new second, when the delta
/// holds StatsConfig::max_delta_entries flows, hosts, MACs or L7 events, or when the worker goes idle or
/// finishes, it hands the delta to the aggregator and continues with an empty one.
class ShardRecorder {
 public:
  ShardRecorder(const StatsConfig& config, DeltaChannel& channel, unsigned worker);
  ~ShardRecorder();
  ShardRecorder(const ShardRecorder&) = delete;
  ShardRecorder& operator=(const ShardRecorder&) = delete;

  /// One packet, after its flow (if any) was updated.
  void on_packet(const decode::DecodedPacket& pkt, flow::Flow* flow, int direction,
                 std::span<const uint8_t> payload);
  /// A flow leaves the worker's table: its final state goes out with the current delta.
  void on_flow_end(flow::Flow& f);
  /// Hands over whatever was recorded since the last hand-over.
  void flush();
  /// The reader's time mark: packet time has reached `second` on the source, and every packet before it
  /// was handed to this worker before the mark. Hands over what was recorded, then tells the aggregator
  /// that this worker's later deltas are ordered from `second` on (DeltaChannel::mark).
  void pass(int64_t second);
  /// The source is idle and this worker has handled all it was given: hands over, and lets the
  /// aggregator order what it holds without waiting for this worker's next mark.
  void flush_idle();
  /// Whether the statistics want this flow's payload (DNS, DHCP, HTTP, TLS until its hellos were seen).
  static bool wants_payload(const flow::Flow& f);

 private:
  void enter_second(int64_t second);
  void flush_if_full();
  void touch(flow::Flow& f);

  const StatsConfig& config_;
  DeltaChannel& channel_;
  unsigned worker_;
  std::unique_ptr<ShardDelta> delta_;
  std::vector<flow::Flow*> touched_;  ///< flows active in the current delta (null: ended since)
  uint32_t epoch_ = 1;
  int64_t mark_ = History::kNever;  ///< the last time mark passed
};

}  // namespace netmeter::stats
