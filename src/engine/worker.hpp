#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "core/doorbell.hpp"
#include "core/spsc_byte_ring.hpp"
#include "dpi/classifier.hpp"
#include "engine/dpi_done_filter.hpp"
#include "engine/engine_config.hpp"
#include "engine/packet_decoder.hpp"
#include "engine/packet_record.hpp"
#include "engine/results.hpp"
#include "flow/flow_table.hpp"
#include "stats/recorder.hpp"

namespace netmeter::engine {

/// Owns a shard of the flows: takes packets from its queue, tracks their flows and runs detection.
/// Nothing it touches per packet is shared with another thread. Other threads see its state only
/// through snapshots, which the worker itself copies between two packets when asked.
class Worker final : public flow::FlowEndHandler {
 public:
  /// `stats` (optional) receives this worker's statistics deltas; `index` numbers the worker (flow ids).
  Worker(const EngineConfig& config, std::unique_ptr<dpi::Classifier> classifier,
         stats::DeltaChannel* stats = nullptr, unsigned index = 0);
  /// Frees the detection state of flows still open (an analysis stopped without finish()).
  ~Worker() override;

  core::SpscByteRing& queue() { return queue_; }
  /// The reader rings it after queueing packets, in case the worker sleeps.
  core::Doorbell& doorbell() { return doorbell_; }
  /// The worker rings it after handing queue space back, in case the reader waits for room.
  core::Doorbell& space_bell() { return space_bell_; }
  /// Before run(): whether an empty queue alone publishes the statistics of the second in progress (a
  /// live capture or a paced replay: the traffic may be quiet). Otherwise only a source that has nothing to
  /// read right now (note_source_idle: a paced file, an upload still arriving) does, so that a file read at
  /// full speed cuts its statistics at second boundaries only, whatever the threads' timing.
  void set_flush_when_idle(bool on) { flush_when_idle_ = on; }
  /// The reader's source has nothing to read right now: once the queued packets are done, the worker
  /// publishes the second in progress. Any thread.
  void note_source_idle() {
    source_idle_.store(true, std::memory_order_release);
    doorbell_.ring();
  }
  /// Flows of this worker whose detection has finished; the reader stops copying their payload.
  const DpiDoneFilter& dpi_done() const { return dpi_done_; }
  /// Makes the worker keep dpi_done() up to date (for a reader that routes decoded packets); call before
  /// the first packet is queued.
  void enable_dpi_done_filter() { dpi_done_.enable(); }
  /// Makes the worker accept raw frames (PacketRecord::kRawFrame) of this link type, decoding them itself.
  void decode_raw_frames(core::LinkType link) { raw_decoder_.emplace(link); }
  /// Thread body: processes records until the end marker.
  void run();
  /// Processes one record; run() calls it, and so do single-threaded tools and benchmarks.
  void handle(const PacketRecord& rec, const uint8_t* l3);
  /// Ends all flows (detection gives up where it must) and moves everything into the result.
  Results finish();

  /// Called from another thread: a copy of the current state, taken by the worker between packets.
  Results snapshot();
  const dpi::Classifier& classifier() const { return *classifier_; }
  /// Hands the classifier over (its names outlive the worker); the worker must not handle packets after.
  std::unique_ptr<dpi::Classifier> release_classifier() { return std::move(classifier_); }

  void on_flow_end(flow::Flow& flow) override;

 private:
  void serve_snapshot();
  Results copy_state() const;
  void count_packet(const decode::DecodedPacket& pkt);
  void count_tunnels(const decode::DecodedPacket& pkt);
  bool dpi_eligible(const decode::DecodedPacket& pkt, uint32_t l3_bytes) const;
  static std::span<const uint8_t> payload_of(const decode::DecodedPacket& pkt, const uint8_t* l3,
                                             uint32_t l3_bytes);

  static constexpr std::chrono::microseconds kSpinTime{200};
  static constexpr std::chrono::microseconds kMaxSleep{1000};

  EngineConfig config_;
  std::unique_ptr<dpi::Classifier> classifier_;
  core::SpscByteRing queue_;
  core::Doorbell doorbell_;
  core::Doorbell space_bell_;
  DpiDoneFilter dpi_done_;
  flow::FlowTable table_;
  Results results_;
  PacketRecord current_;  ///< the record being handled, copied out of the queue
  std::optional<PacketDecoder> raw_decoder_;
  int64_t last_expiry_second_ = 0;
  std::unique_ptr<stats::ShardRecorder> recorder_;
  uint64_t next_flow_id_;

  std::atomic<bool> snapshot_wanted_{false};
  std::atomic<bool> source_idle_{false};
  bool flush_when_idle_ = true;
  std::atomic<bool> finished_{false};
  std::mutex snapshot_mutex_;
  std::condition_variable snapshot_ready_;
  bool snapshot_done_ = false;
  Results snapshot_;
};

}  // namespace netmeter::engine
