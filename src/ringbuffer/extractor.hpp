#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "filter/filter.hpp"
#include "ringbuffer/pcap_file.hpp"
#include "ringbuffer/prefilter.hpp"
#include "ringbuffer/ring_recorder.hpp"

struct bpf_program;

namespace netmeter::ringbuffer {

/// What to extract from a ring buffer.
struct ExtractRequest {
  int64_t from_ns = 0;  ///< inclusive
  int64_t to_ns = INT64_MAX;
  std::shared_ptr<const filter::Filter> filter;  ///< the expression, compiled; null: every packet
  Prefilter prefilter;   ///< from the same expression: which segments and blocks to read
  std::string bpf;       ///< a libpcap filter as well; empty: none
  uint32_t snaplen = 0;  ///< bytes kept of each packet; 0: as stored
  /// The addresses the caller may see; empty: all. When set, only IP packets with a visible end pass.
  std::function<bool(const core::IpAddress&)> visible;
};

/// Counts of one extraction, for logs, tests and benchmarks.
struct ExtractStats {
  uint64_t packets = 0;       ///< written
  uint64_t packets_read = 0;  ///< read and tested
  uint64_t segments_read = 0;
  uint64_t segments_skipped = 0;  ///< by time or by the key summary
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;
};

/// A pcap file (nanosecond timestamps, the buffer's link type) of the packets of a ring buffer in a time
/// range that pass a filter, produced piece by piece: memory stays at one read buffer and one packet
/// whatever the size of the answer, and dropping the object stops the work. The list of segments is
/// taken at construction; segments removed by the size bound meanwhile are skipped if not yet opened.
class Extraction {
 public:
  /// `recorder` must outlive the extraction. `error` is set (and read() gives nothing) when the BPF filter
  /// does not compile.
  Extraction(const RingRecorder& recorder, ExtractRequest request);
  ~Extraction();
  Extraction(const Extraction&) = delete;
  Extraction& operator=(const Extraction&) = delete;

  const std::string& error() const { return error_; }
  /// Writes the next bytes of the file into `out`. Each call does a bounded amount of work: 0 with
  /// done() false means "nothing yet, call again" (packets were read but none matched).
  size_t read(std::span<char> out);
  bool done() const { return done_; }
  const ExtractStats& stats() const { return stats_; }

 private:
  struct Source {
    std::string path;
    std::optional<SegmentEntry> entry;  ///< completed segments; null for the open one
    uint64_t end = 0;                   ///< readable size
  };
  bool start_next_source();
  bool next_block();
  bool stage_packet();
  bool wanted(const SegmentReader::Packet& p);
  bool wanted_block(const Block& b) const;
  void load_apps();

  const RingRecorder& recorder_;
  ExtractRequest request_;
  std::string error_;
  std::unique_ptr<bpf_program> bpf_;
  std::vector<Source> sources_;
  size_t next_source_ = 0;
  std::unique_ptr<SegmentReader> reader_;
  const Source* current_ = nullptr;
  std::optional<SegmentIndex> index_;  ///< the current segment's full index, when it has one
  size_t next_block_ = 0;
  uint64_t block_end_ = 0;  ///< where the current run of blocks ends
  PacketInspector inspector_;
  PacketFacts facts_;
  std::unordered_map<core::FlowKey, FlowApp, FlowKeyHash> apps_;
  std::vector<std::byte> staged_;
  size_t staged_pos_ = 0;
  bool done_ = false;
  ExtractStats stats_;
};

}  // namespace netmeter::ringbuffer
