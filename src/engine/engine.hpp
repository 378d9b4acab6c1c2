#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_sink.hpp"
#include "capture/packet_source.hpp"
#include "engine/engine_config.hpp"
#include "engine/packet_tap.hpp"
#include "engine/results.hpp"
#include "engine/worker.hpp"
#include "stats/aggregator.hpp"

namespace netmeter::engine {

/// Progress of a run, for progress lines.
struct RunProgress {
  uint64_t packets = 0;
  std::optional<capture::Progress> position;
  capture::SourceStats source;  ///< the source's own counters (drops of a live interface)
};

/// How a run ended.
struct RunSummary {
  uint64_t packets = 0;
  std::string error;  ///< a read error after `packets` good packets (e.g. a truncated last packet)
};

/// One analysis slot: a reader on the calling thread and N worker threads, each owning its flows.
class Engine {
 public:
  struct Created {
    std::unique_ptr<Engine> engine;
    std::string error;
  };
  static Created create(const EngineConfig& config);
  ~Engine();

  using ProgressFn = std::function<void(const RunProgress&)>;
  /// Reads `source` until it ends or stop() is called. Workers keep their flows afterwards.
  RunSummary run(capture::PacketSource& source, const ProgressFn& progress = {});
  /// Ends every flow and returns everything the engine found. Call after run().
  Results finish();
  /// For an analysis that is over (its source ended) but whose results stay on show: ends every flow as
  /// finish() does and keeps the merged results, then frees what only reading needed: the workers with
  /// their queues, flow tables and nDPI detection modules, and the statistics' hand-over buffers (the
  /// statistics thread stops). Afterwards snapshot() and finish() return copies of the kept results, and
  /// stats() and names() stay valid. Call after run() has returned; idempotent.
  void retire();
  /// While run() is going: a consistent copy of each worker's state, merged (after retire(): the kept
  /// results).
  Results snapshot();
  void stop();

  unsigned worker_count() const { return worker_count_; }
  /// The merged statistics (null when EngineConfig::stats.enabled is false). Valid while the engine lives.
  const stats::Aggregator* stats() const { return aggregator_.get(); }
  stats::Aggregator* mutable_stats() { return aggregator_.get(); }
  /// Names for the numbers in flow::AppInfo. Valid while the engine lives, retire() included.
  const dpi::Classifier& names() const { return *names_; }
  /// Copies of the packets run() reads, for capture downloads; ended when run() returns.
  PacketTap& tap() { return tap_; }
  /// Gives run() a sink that receives every packet read (the slot's ring buffer); set before run().
  void set_recorder(capture::PacketSink* sink) { recorder_ = sink; }

 private:
  explicit Engine(const EngineConfig& config) : config_(config) {}
  Results finish_locked();

  EngineConfig config_;
  std::unique_ptr<stats::Aggregator> aggregator_;  ///< declared before the workers: they hand it deltas
  std::vector<std::unique_ptr<Worker>> workers_;   ///< empty once retired
  unsigned worker_count_ = 0;
  const dpi::Classifier* names_ = nullptr;       ///< the first worker's classifier; kept by retire()
  std::unique_ptr<dpi::Classifier> kept_names_;  ///< owns *names_ once retired
  std::atomic<capture::PacketSource*> running_{nullptr};
  std::mutex results_mutex_;  ///< snapshot(), finish() and retire() may be called from different threads
  bool retired_ = false;
  Results retired_results_;
  core::AnomalyCounters reader_anomalies_;
  capture::SourceStats source_stats_;
  uint64_t queue_drops_ = 0;
  PacketTap tap_;
  capture::PacketSink* recorder_ = nullptr;
};

}  // namespace netmeter::engine
