#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/flow_key.hpp"
#include "ringbuffer/key_set.hpp"
#include "ringbuffer/packet_facts.hpp"

namespace netmeter::ringbuffer {

/// A run of consecutive packets in a segment (kBlockPackets packets or kBlockBytes bytes, whichever
/// comes first) with its time range and the keys its packets hold: what an extraction reads or skips.
struct Block {
  uint64_t offset = 0;  ///< of the first record
  int64_t min_ns = 0;
  int64_t max_ns = 0;
  uint32_t packets = 0;
  KeySummary keys;
};

/// What nDPI said a flow of the segment was (names as the statistics spell them).
struct FlowApp {
  core::FlowKey flow;
  std::string master;  ///< empty when none, or when it equals app
  std::string app;
};

/// The index of one segment file: its time range and size, a summary of the keys of all its packets,
/// its blocks, and the applications of its flows. Written next to the segment (`.idx`), read back by
/// recovery and extraction, rebuilt from the segment when missing or damaged.
struct SegmentIndex {
  static constexpr uint32_t kBlockPackets = 256;
  static constexpr uint64_t kBlockBytes = 256 << 10;
  /// Largest summaries: a segment's stays in memory while the segment exists (32 KiB at most), a block's
  /// is read from the index file when an extraction reaches its segment (8 KiB at most).
  static constexpr size_t kSegmentSummaryBits = 256 * 1024;
  static constexpr size_t kBlockSummaryBits = 64 * 1024;

  uint32_t linktype = 0;
  int64_t min_ns = 0;  ///< earliest packet time (0 when empty)
  int64_t max_ns = 0;  ///< latest packet time
  uint64_t packets = 0;
  uint64_t data_end = 0;  ///< end of the last whole record: the segment's valid size
  KeySummary keys;
  std::vector<Block> blocks;
  std::vector<FlowApp> flows;  ///< only flows whose application is known

  /// The bytes of the index file (with its checksum).
  std::string serialize() const;
  /// Reads an index file's bytes; nullopt when it is not one or it is damaged (bad checksum, sizes).
  static std::optional<SegmentIndex> parse(std::string_view bytes);
  /// Reads `path`; nullopt when missing, unreadable or damaged.
  static std::optional<SegmentIndex> load(const std::string& path);
  /// A copy with the time range, counts and segment summary only (what stays in memory).
  SegmentIndex summary_only() const;
  /// Writes `path` atomically (temporary file, fsync, rename). False when it could not.
  bool store(const std::string& path) const;
};

struct FlowKeyHash {
  size_t operator()(const core::FlowKey& k) const { return k.hash(); }
};

/// Builds a SegmentIndex while its segment is written (or read back by recovery), packet by packet.
class IndexBuilder {
 public:
  explicit IndexBuilder(uint32_t linktype) { index_.linktype = linktype; }

  void add(uint64_t offset, int64_t ts_ns, uint32_t record_bytes, const PacketFacts& facts);
  /// The flows seen so far, for naming their applications.
  const std::unordered_set<core::FlowKey, FlowKeyHash>& flows() const { return flows_; }
  /// Completes the index; `data_end` is the segment's size.
  SegmentIndex finish(uint64_t data_end, std::vector<FlowApp> flows);

  static constexpr size_t kMaxDistinctKeys = 1 << 20;
  static constexpr size_t kMaxFlows = 1 << 18;

 private:
  void add_key(uint64_t k);
  void close_block();

  SegmentIndex index_;
  Block block_;
  uint64_t block_bytes_ = 0;
  std::vector<uint64_t> block_keys_;
  std::unordered_set<uint64_t> keys_;
  std::unordered_set<core::FlowKey, FlowKeyHash> flows_;
};

/// Rebuilds the index of a segment file by reading it (recovery); the applications of its flows are not
/// known any more. nullopt when the file is not a segment.
std::optional<SegmentIndex> rebuild_index(const std::string& segment_path, core::LinkType link);

}  // namespace netmeter::ringbuffer
