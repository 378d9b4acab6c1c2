#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_sink.hpp"
#include "core/doorbell.hpp"
#include "core/spsc_byte_ring.hpp"
#include "ringbuffer/segment_store.hpp"

namespace netmeter::ringbuffer {

/// Names the applications of flows (from the slot's statistics); called on the writer thread when a
/// segment is completed, with the segment's flows; returns those whose application is known.
using AppResolver = std::function<std::vector<FlowApp>(const std::vector<core::FlowKey>& flows)>;

struct RecorderConfig {
  std::string directory;                   ///< <data-dir>/ringbuffer/slot-N
  uint64_t max_bytes = uint64_t{1} << 30;  ///< segments and indexes in all
  uint64_t segment_bytes = 64ull << 20;    ///< a segment is completed at this size
  uint32_t snaplen = 0;                    ///< bytes kept of each packet; 0: all
  size_t queue_bytes = 32u << 20;          ///< between the reader and the writer thread
  core::LinkType link = core::LinkType::Ethernet;
  uint32_t linktype = 1;  ///< pcap LINKTYPE of the slot's source
  int dlt = 1;            ///< libpcap DLT of the same link type (for BPF filters)
  /// A capture file's slot: when the queue is full the reader waits for the writer instead of dropping
  /// (a file loses nothing by being read at the disk's pace). Live slots never wait.
  bool lossless = false;

  /// The segment size actually used: segment_bytes, but at most an eighth of max_bytes and at least 1 MiB.
  uint64_t effective_segment_bytes() const;
};

struct RecorderStatus {
  StoreSummary store;
  uint64_t max_bytes = 0;
  uint64_t packets_written = 0;  ///< since this start
  uint64_t drops = 0;            ///< packets the writer could not take (queue full, disk error)
  bool suspended = false;
  uint32_t snaplen = 0;
};

/// A slot's packet ring buffer: the slot's reader offers every packet (copied into a bounded queue
/// without a lock; dropped and counted when the queue is full), and a thread of its own writes them into
/// nanosecond pcap segments with their indexes, completing a segment at its size and removing the oldest
/// segments beyond the size bound.
class RingRecorder final : public capture::PacketSink {
 public:
  /// Recovers the directory (see SegmentStore::recover); nullptr with `error` when it cannot be used.
  static std::unique_ptr<RingRecorder> open(RecorderConfig config, AppResolver resolver, std::string& error,
                                            std::vector<std::string>& notes);
  ~RingRecorder() override;
  RingRecorder(const RingRecorder&) = delete;
  RingRecorder& operator=(const RingRecorder&) = delete;

  /// Starts the writer thread.
  void start();
  /// Reader thread: queues a copy (lock-free, allocation-free).
  void offer(const capture::RawPacket& packet) override;
  /// Reader thread: makes queued packets visible to the writer now (idle source, end of source).
  void flush() override;
  /// Writes everything queued, completes the open segment and stops the writer thread. Call from the
  /// reader's thread once it offers no more (or from any thread once the reader has stopped). Idempotent.
  void finish();
  /// Removes every segment (the slot is deleted); call after finish().
  void clear() { store_.clear(); }

  void set_suspended(bool suspended) { suspended_.store(suspended, std::memory_order_relaxed); }
  RecorderStatus status() const;
  /// The applications of these flows according to the slot's statistics (any thread).
  std::vector<FlowApp> resolve_apps(const std::vector<core::FlowKey>& flows) const { return resolve(flows); }
  const SegmentStore& store() const { return store_; }
  const RecorderConfig& config() const { return config_; }

 private:
  RingRecorder(RecorderConfig config, AppResolver resolver);
  void run();
  std::span<std::byte> wait_for_room(size_t size);
  void write_packet(std::span<const std::byte> record);
  bool open_segment();
  void flush_file();
  void complete_segment();
  void retry_pending_apps();
  std::vector<FlowApp> resolve(const std::vector<core::FlowKey>& flows) const;
  void drop_writes(uint64_t packets);

  RecorderConfig config_;
  AppResolver resolver_;
  SegmentStore store_;
  core::SpscByteRing queue_;
  core::Doorbell bell_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> suspended_{false};
  std::atomic<uint64_t> drops_{0};
  std::atomic<uint64_t> written_{0};
  bool finished_ = false;

  // Writer thread only.
  PacketInspector inspector_;
  PacketFacts facts_;
  int fd_ = -1;
  uint64_t sequence_ = 0;
  uint64_t offset_ = 0;  ///< logical size of the open segment (written and buffered)
  uint64_t flushed_ = 0;
  std::vector<std::byte> out_;
  std::unique_ptr<IndexBuilder> builder_;
  OpenSegment open_;
  struct Pending {
    uint64_t sequence;
    std::vector<core::FlowKey> flows;
    std::chrono::steady_clock::time_point due;
  };
  std::vector<Pending> pending_;
};

/// Parses a size bound: "2G", "500M", "1048576", "1.5T" (powers of 1024) or "20%" of the file system
/// holding `directory`. nullopt when malformed or zero.
std::optional<uint64_t> parse_size_bound(std::string_view text, const std::string& directory);

}  // namespace netmeter::ringbuffer
