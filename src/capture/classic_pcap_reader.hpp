#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"

namespace netmeter::capture {

/// The records of a classic pcap file (version 2.4, microsecond or nanosecond timestamps, either byte
/// order), read with large preads straight into one buffer: no stdio and no copy per packet, where
/// libpcap's reader costs two fread calls and a copy per packet. libpcap still opens the file (it checks
/// the header and maps the link type); this reader only replaces its per-packet loop, with the same
/// results: a record longer than the file's snapshot length is cut to it, one longer than 262 144 bytes
/// is an error, a record cut short by the end of the file is an error with libpcap's words.
class ClassicPcapReader {
 public:
  struct Format {
    bool swapped = false;      ///< the file's byte order is not the host's
    bool nanoseconds = false;  ///< timestamp fractions are nanoseconds (else microseconds)
    uint32_t snapshot = 0;     ///< the snapshot length records are cut to
  };
  static constexpr size_t kFileHeaderBytes = 24;
  static constexpr uint32_t kMaxCaplen =
      262144;  ///< libpcap's largest sane record for every link type we read

  /// The format of a classic pcap version 2.4 file header; nullopt for anything else (pcapng, other
  /// versions, modified formats), which libpcap reads instead.
  static std::optional<Format> parse_header(std::span<const uint8_t> header);

  /// Reads file descriptor `fd` (not owned) from `offset` (the first record) on.
  ClassicPcapReader(int fd, Format format, uint64_t offset = kFileHeaderBytes);

  /// The next record (Packet; `out.data` valid until the next call), End, or Error (see error()).
  ReadStatus next(RawPacket& out);
  const std::string& error() const { return error_; }
  /// File offset of the end of the last record returned.
  uint64_t offset() const { return file_pos_ - (len_ - start_); }

 private:
  /// Makes `need` bytes available from start_; returns how many are (fewer only at the end of the file
  /// or on a read error, which sets error_).
  size_t fill(size_t need);
  uint32_t field(const uint8_t* p) const;

  int fd_;
  Format format_;
  std::vector<uint8_t> buf_;
  size_t start_ = 0;       ///< first unread byte in buf_
  size_t len_ = 0;         ///< valid bytes in buf_
  uint64_t file_pos_ = 0;  ///< file offset of buf_[len_]
  std::string error_;
};

}  // namespace netmeter::capture
