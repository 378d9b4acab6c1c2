#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace netmeter::ringbuffer {

/// The classic pcap format with nanosecond timestamps, as libpcap writes it in host byte order.
inline constexpr uint32_t kNanosecondMagic = 0xa1b23c4d;
inline constexpr uint32_t kMaxSnaplen = 262144;
inline constexpr size_t kFileHeaderBytes = 24;
inline constexpr size_t kRecordHeaderBytes = 16;

struct RecordHeader {
  uint32_t seconds = 0;
  uint32_t nanoseconds = 0;
  uint32_t caplen = 0;
  uint32_t wire_len = 0;

  int64_t ts_ns() const { return int64_t{seconds} * 1'000'000'000 + nanoseconds; }
};

/// The 24-byte file header for `linktype` (a pcap LINKTYPE number).
std::array<std::byte, kFileHeaderBytes> file_header(uint32_t linktype, uint32_t snaplen = kMaxSnaplen);

/// The link type of a segment file's header, or nullopt when the header is not ours (wrong magic,
/// version or snap length).
std::optional<uint32_t> parse_file_header(std::span<const std::byte> header);

/// Appends the record header of a packet.
void put_record_header(std::vector<std::byte>& out, int64_t ts_ns, uint32_t caplen, uint32_t wire_len);

/// Reads the records of one segment file in order, through a buffer of its own (one pread per buffer,
/// whatever the packet sizes). Stops at the first record that is cut short or not plausible (caplen
/// above kMaxSnaplen or above the wire length, a nanosecond field >= 1e9): offset() then tells where
/// the whole packets end.
class SegmentReader {
 public:
  struct Packet {
    RecordHeader header;
    uint64_t offset = 0;  ///< of the record header in the file
    std::span<const std::byte> data;
  };

  /// Opens `path`; false with `error` set when it cannot be read or its header is not a segment's.
  bool open(const std::string& path, std::string& error);
  ~SegmentReader();
  uint32_t linktype() const { return linktype_; }
  /// Starts reading at a record boundary (from the index); the file header is skipped by open().
  void seek(uint64_t offset);
  /// Reads ahead no further than `end` (the end of the blocks an extraction wants): the disk reads only
  /// what is asked for. Records beyond it are still read, one by one.
  void set_read_limit(uint64_t end) { limit_ = end; }
  /// The next whole record, valid until the next call; nullopt at the end or at a damaged record.
  std::optional<Packet> next();
  /// Where the whole records read so far end.
  uint64_t offset() const { return offset_; }
  /// Whether next() stopped at a record that is cut short or damaged (rather than at the end).
  bool damaged() const { return damaged_; }
  uint64_t file_size() const { return size_; }

 private:
  bool fill(size_t need);

  int fd_ = -1;
  uint32_t linktype_ = 0;
  uint64_t size_ = 0;
  uint64_t offset_ = 0;         ///< file offset of the next record
  std::vector<std::byte> buf_;  ///< bytes of the file from buf_start_
  uint64_t buf_start_ = 0;
  size_t buf_len_ = 0;
  uint64_t limit_ = UINT64_MAX;
  bool damaged_ = false;
};

}  // namespace netmeter::ringbuffer
