#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace netmeter::capture {

/// One interface of a pcapng section (Interface Description Block).
struct PcapngInterface {
  uint16_t dlt = 0;      ///< libpcap link type (LINKTYPE_* value)
  uint32_t snaplen = 0;  ///< 0: no limit
  bool decimal = true;   ///< if_tsresol: power of 10 (else power of 2)
  uint8_t exponent = 6;  ///< if_tsresol's exponent; default microseconds
  int64_t offset_s = 0;  ///< if_tsoffset, seconds added to every timestamp
};

/// One packet block (EPB, SPB or the obsolete PB). `data` stays valid until the next call to next().
struct PcapngPacket {
  uint32_t interface = 0;
  int64_t ts_ns = 0;  ///< nanoseconds since 1970, clamped to [0, 2^33 s)
  uint32_t caplen = 0;
  uint32_t wire_len = 0;
  const uint8_t* data = nullptr;
};

/// A pcapng block reader of our own: every interface keeps its own link type, snap length and
/// timestamp resolution (libpcap 1.10 refuses files whose interfaces differ). Reads sections in either
/// byte order, skips blocks it does not need, and checks every length against its block.
class PcapngReader {
 public:
  enum class Status { Packet, End, Error };

  /// Does not own `file`.
  explicit PcapngReader(std::FILE* file) : file_(file) {}

  Status next(PcapngPacket& out);
  const std::vector<PcapngInterface>& interfaces() const { return interfaces_; }
  /// Why next() returned Error: the block's file offset and what is wrong with it.
  const std::string& error() const { return error_; }
  uint64_t offset() const { return offset_; }
  /// Counts section header blocks: interface ids restart with each section.
  uint64_t section() const { return sections_; }

  static constexpr uint32_t kShbType = 0x0A0D0D0A;
  static constexpr uint32_t kMaxBlockBytes = 64u << 20;

 private:
  enum class Block { Read, End, Error };
  Block read_block();
  bool parse_section();
  bool parse_interface();
  bool parse_enhanced(PcapngPacket& out);
  bool parse_simple(PcapngPacket& out);
  bool parse_obsolete(PcapngPacket& out);
  bool finish_packet(uint32_t interface, uint64_t ticks, uint32_t caplen, uint32_t wire_len, size_t data_at,
                     PcapngPacket& out);
  bool fail(const std::string& what);
  uint16_t u16(size_t at) const;
  uint32_t u32(size_t at) const;
  uint64_t u64(size_t at) const;

  std::FILE* file_;
  std::vector<uint8_t> block_;  ///< the current block's body (after type and length, before the trailer)
  uint32_t type_ = 0;
  bool swapped_ = false;  ///< section byte order differs from the host's
  bool in_section_ = false;
  uint64_t sections_ = 0;
  std::vector<PcapngInterface> interfaces_;
  uint64_t offset_ = 0;  ///< file offset of the next block
  uint64_t block_offset_ = 0;
  std::string error_;
};

/// Nanoseconds for `ticks` of an interface's resolution plus its offset, clamped like libpcap records.
int64_t pcapng_ticks_to_ns(const PcapngInterface& iface, uint64_t ticks);

}  // namespace netmeter::capture
