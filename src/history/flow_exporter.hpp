#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "history/export_queue.hpp"
#include "history/flow_record.hpp"
#include "stats/delta_observer.hpp"

namespace netmeter::geo {
class GeoDb;
}
namespace netmeter::stats {
struct ConnectionUpdate;
}

namespace netmeter::history {

struct FlowExporterConfig {
  uint16_t interface_id = 0;  ///< the slot
  uint32_t periodic_s = 60;   ///< packet-time seconds between two rows of a long-lived flow; 0: none
  std::shared_ptr<const geo::GeoDb> geo;    ///< country and ASN when set
  std::function<uint16_t(uint64_t)> score;  ///< the score of a risk bitmap (nDPI's); empty: 0
  /// Capture files: wait for room in the queue rather than drop (a file's flows all end at once when
  /// its analysis ends). Live slots drop and count, never holding up the aggregator.
  bool lossless = false;
};

/// Turns one slot's connection updates into stored flows (a stats::DeltaObserver, on the slot's
/// aggregator thread, never on the packet path). A flow gets a row when it ends or is evicted, every
/// `periodic_s` seconds of packet time while it stays active, and when the slot's time ends with the
/// flow still active (on_finish). Each row holds the traffic since the flow's previous row (counters,
/// retransmissions, out-of-order are differences; FIRST_SEEN is where the previous row ended), so
/// sums over rows are the flow's totals and a time window sees the part of a long flow inside it.
class FlowExporter final : public stats::DeltaObserver {
 public:
  FlowExporter(ExportQueue& queue, FlowExporterConfig config);

  void on_delta(const stats::ShardDelta& delta) override;
  /// Writes a last row for every flow still active (the daemon stops, or the file slot ended).
  void on_finish() override;

  /// A flow alert raised for flow `flow_id` (the alert engine's tap, on the same aggregator thread, before
  /// this exporter sees the delta that raised it). The flow's rows from now on carry the predominant
  /// one in STATUS: the highest score, the first raised among equals (ntopng's predominant alert).
  void note_alert(uint64_t flow_id, uint16_t type_id, uint32_t score);

  /// Flows seen active and not yet ended.
  size_t active_flows() const;

 private:
  /// Counters already written in earlier rows of a flow.
  struct Sent {
    uint64_t bytes[2] = {0, 0}, packets[2] = {0, 0};
    uint32_t retransmissions[2] = {0, 0}, out_of_order[2] = {0, 0};
  };
  struct Active {
    FlowRecord latest;  ///< cumulative, as of the last update
    Sent sent;
    uint32_t row_start = 0;     ///< FIRST_SEEN of the next row
    bool dirty = true;          ///< updated since its last row
    bool seen = true;           ///< false: only its alert is known yet (note_alert came first)
    uint32_t status_score = 0;  ///< the score of the alert in latest.status
  };

  void on_update(const stats::ConnectionUpdate& u);
  FlowRecord first_record(const stats::ConnectionUpdate& u) const;
  void write_row(Active& a);
  void periodic(int64_t second);

  ExportQueue& queue_;
  FlowExporterConfig config_;
  mutable std::mutex mutex_;  ///< on_finish() may come from the stopping thread, after the aggregator's
  std::unordered_map<uint64_t, Active> active_;
  int64_t next_tick_ = -1;
};

}  // namespace netmeter::history
