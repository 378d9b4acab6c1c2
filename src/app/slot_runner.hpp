#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alerts/alert_service.hpp"
#include "api/services.hpp"
#include "capture/packet_source.hpp"
#include "engine/engine.hpp"
#include "history/export_queue.hpp"
#include "history/flow_exporter.hpp"
#include "history/rollup_recorder.hpp"
#include "query/query_service.hpp"
#include "ringbuffer/ring_recorder.hpp"
#include "stats/observer_list.hpp"

namespace netmeter::app {

/// Where and how slots record their packets (docs/ringbuffer.md).
struct RingBufferOptions {
  std::string root;             ///< <data-dir>/ringbuffer; empty: no slot records
  uint64_t max_bytes = 0;       ///< bound of each slot's buffer
  uint32_t snaplen = 0;         ///< bytes kept of each packet; 0: all
  bool files = false;           ///< capture file slots record too (live slots always do)
  bool clear_at_start = false;  ///< start from an empty buffer (upload slots) instead of recovering it
};

/// Where slots keep their per-minute series (docs/history.md): both null with --history none.
struct SeriesOptions {
  history::RollupQueue* queue = nullptr;   ///< the slot's closed minutes go there
  history::HistoryStore* store = nullptr;  ///< its graphs and intervals read their past there
};

struct SlotOptions {
  double replay_speed = 0;   ///< files only: > 0 replays at the file's pace times this factor
  std::string display_name;  ///< name shown by the API; empty: the source's name
  const query::HostAliases* aliases = nullptr;  ///< the users' host names, for the query layer; null: none
  RingBufferOptions ring;
  /// Uploads: the uploader asked (useReplayBuffer) for the slot's packets to be kept in its ring buffer.
  bool record_packets = false;
  alerts::AlertService* alerts = nullptr;   ///< the slot runs an alert engine writing there; null: none
  history::ExportQueue* history = nullptr;  ///< the slot's flows are exported there; null: none
  uint32_t history_periodic_s = 60;         ///< rows of long-lived flows (history::FlowExporterConfig)
  SeriesOptions series;
};

/// One analysis slot of the daemon: a source (live interface or capture file) read by its own engine on
/// its own thread until the source ends or stop() is called.
///
/// A slot whose source ends (end of a file, or a read error) keeps its statistics and results but
/// nothing it needed for reading: its thread closes the source (no file descriptor left), retires the
/// engine (engine::Engine::retire: no worker or statistics thread, no queue, no nDPI module) and ends;
/// reap() then joins it.
class SlotRunner final : public api::SlotData {
 public:
  /// Opens `source_name` (an existing file is read as a capture, anything else is a live interface) and
  /// creates the engine; nullptr with `error` set on failure.
  static std::unique_ptr<SlotRunner> open(uint32_t id, const std::string& source_name,
                                          const engine::EngineConfig& config, std::string& error,
                                          const SlotOptions& options = {});
  /// The same for a capture source opened already (an upload read while it arrives): a file slot.
  static std::unique_ptr<SlotRunner> open_source(uint32_t id, std::unique_ptr<capture::PacketSource> source,
                                                 const engine::EngineConfig& config, std::string& error,
                                                 const SlotOptions& options);
  ~SlotRunner() override;

  void start();
  /// Stops reading and joins the thread. Idempotent.
  void stop();
  /// Joins the thread if the slot has finished (its source ended and the engine is retired); cheap
  /// otherwise. Returns whether the slot has finished.
  bool reap();
  /// Ends the source as its end of file would: the slot finishes as usual (statistics kept, engine
  /// retired). Does not wait.
  void end_source();
  /// Why reading stopped early (a read error), empty when it did not.
  std::string read_error() const;

  uint32_t id() const { return id_; }
  /// The API's name: the interface, or a capture file's name without its directories.
  const std::string& name() const { return name_; }
  bool is_live() const { return live_; }
  core::LinkType link_type() const { return link_; }
  engine::Engine& engine() { return *engine_; }

  // api::SlotData
  const api::SlotInfo& info() const override { return info_; }
  const query::QueryService* query() const override { return query_.get(); }
  api::SlotStatus status() const override;
  bool reset_statistics() override;
  const ringbuffer::RingRecorder* ring_buffer() const override { return recorder_.get(); }
  bool suspend_ring_buffer(bool suspended) override;
  /// Stops recording and removes the slot's ring buffer (the slot is deleted). Call after stop().
  void delete_ring_buffer();
  /// Marks the slot as analysing an uploaded capture (for info()).
  void set_uploaded(bool uploaded) { info_.uploaded = uploaded; }

 private:
  SlotRunner() = default;
  void read();
  void record(const engine::RunProgress& p);
  bool open_ring_buffer(const RingBufferOptions& options, std::string& error);
  void attach_observers(const SlotOptions& options, const engine::EngineConfig& config);

  uint32_t id_ = 0;
  std::string name_;
  bool live_ = false;
  core::LinkType link_ = core::LinkType::Ethernet;
  mutable std::mutex source_mutex_;  ///< stop() may reach the source while the slot's thread closes it
  std::string read_error_;           ///< guarded by source_mutex_
  std::unique_ptr<capture::PacketSource> source_;
  std::shared_ptr<alerts::AlertEngine> alerts_;  ///< before engine_: outlives the aggregator that feeds it
  std::unique_ptr<history::FlowExporter> exporter_;   ///< likewise; null when the slot exports no flows
  std::unique_ptr<history::RollupRecorder> rollups_;  ///< likewise; null when the slot stores no series
  std::unique_ptr<query::PastTraffic> past_;          ///< the stored series query_ reads; null: none
  stats::ObserverList observers_;  ///< the aggregator's observers: alerts_, exporter_, rollups_
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<query::NameResolver> names_;
  std::unique_ptr<query::QueryService> query_;          ///< null when the engine keeps no statistics
  std::unique_ptr<ringbuffer::RingRecorder> recorder_;  ///< null when the slot records no packets
  api::SlotInfo info_;
  int64_t started_unix_ms_ = 0;
  // Written by the slot's thread at each progress call, read by API threads.
  std::atomic<uint64_t> packets_read_{0};
  std::atomic<uint64_t> file_done_{0};
  std::atomic<uint64_t> file_total_{0};
  std::atomic<uint64_t> kernel_drops_{0};
  std::atomic<uint64_t> interface_drops_{0};
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
};

/// The name a slot shows for a capture file: its last path component ("x.pcap" for "/data/x.pcap"), so
/// that no answer reveals where the server keeps files.
std::string capture_display_name(const std::string& path);

}  // namespace netmeter::app
