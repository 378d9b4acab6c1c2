#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/link_type.hpp"
#include "ringbuffer/segment_index.hpp"

namespace netmeter::ringbuffer {

/// A completed segment: its file and the summary of its index (time range, counts, key summary); the
/// blocks and flows are read from the index file when an extraction reaches the segment.
struct SegmentEntry {
  uint64_t sequence = 0;
  std::string segment_path;
  std::string index_path;
  uint64_t disk_bytes = 0;  ///< segment and index files
  std::shared_ptr<const SegmentIndex> index;
};

/// The segment being written: readable up to `readable_end` (flushed to the file, not indexed yet).
struct OpenSegment {
  uint64_t sequence = 0;
  std::string segment_path;
  uint64_t readable_end = 0;
  int64_t min_ns = 0;
  int64_t max_ns = 0;
  uint64_t packets = 0;
};

/// Totals over a ring buffer's segments.
struct StoreSummary {
  uint64_t segments = 0;
  uint64_t packets = 0;
  uint64_t used_bytes = 0;
  int64_t oldest_ns = 0;  ///< 0 when empty
  int64_t newest_ns = 0;
};

/// The segments of one ring buffer directory, oldest first. The writer thread adds and trims; extraction
/// threads take copies of the list. Thread-safe; nothing here runs on the packet path.
class SegmentStore {
 public:
  SegmentStore(std::string directory, core::LinkType link, uint32_t linktype);

  /// Reads the directory after a start or a crash: completed segments with their indexes; a segment cut
  /// short is truncated to its last whole packet; a missing or damaged index is rebuilt from its
  /// segment; leftovers (temporary files, empty segments, segments of another link type) are removed.
  /// `notes` gets one line per repair.
  bool recover(std::vector<std::string>& notes, std::string& error);

  std::string segment_path(uint64_t sequence) const;
  std::string index_path(uint64_t sequence) const;
  uint64_t next_sequence() const;

  void add(SegmentEntry entry);
  /// Replaces the index of a segment still present (when its flows' applications became known).
  void replace_index(uint64_t sequence, std::shared_ptr<const SegmentIndex> index);
  void set_open(std::optional<OpenSegment> open);

  /// Removes the oldest completed segments until the total is at most `max_bytes`; returns how many.
  size_t trim(uint64_t max_bytes);
  /// Removes every segment (the slot is deleted).
  void clear();

  /// The completed segments whose time range meets [from_ns, to_ns], oldest first, and the open one.
  std::vector<SegmentEntry> completed(int64_t from_ns, int64_t to_ns) const;
  std::optional<OpenSegment> open_segment() const;
  StoreSummary summary() const;

  const std::string& directory() const { return directory_; }
  core::LinkType link() const { return link_; }
  uint32_t linktype() const { return linktype_; }

 private:
  std::optional<SegmentEntry> recover_one(uint64_t sequence, std::vector<std::string>& notes);
  void remove_files(const SegmentEntry& e);

  std::string directory_;
  core::LinkType link_;
  uint32_t linktype_;
  mutable std::mutex mutex_;
  std::deque<SegmentEntry> segments_;
  std::optional<OpenSegment> open_;
  uint64_t next_sequence_ = 0;
};

}  // namespace netmeter::ringbuffer
