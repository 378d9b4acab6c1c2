#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/link_type.hpp"
#include "core/timestamp.hpp"

namespace netmeter::capture {

/// One captured frame. `data` stays valid until the next call to PacketSource::next.
struct RawPacket {
  core::Timestamp ts;
  uint32_t caplen = 0;
  uint32_t wire_len = 0;
  const uint8_t* data = nullptr;
  /// Set by sources whose interfaces differ in link type (pcapng); else the source's link_type().
  std::optional<core::LinkType> link;
};

enum class ReadStatus {
  Packet,   ///< a packet was read
  Timeout,  ///< a live source had nothing within its poll interval
  End,      ///< end of file, or the source was stopped
  Error,    ///< see PacketSource::error(); packets read before it are valid
};

/// Counters a source keeps about itself; drops come from the kernel for live interfaces.
struct SourceStats {
  uint64_t packets = 0;
  uint64_t bytes = 0;
  uint64_t kernel_drops = 0;
  uint64_t interface_drops = 0;
};

/// Where a file source is, for progress lines.
struct Progress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
};

/// A stream of frames from a file or an interface.
class PacketSource {
 public:
  virtual ~PacketSource() = default;
  virtual ReadStatus next(RawPacket& pkt) = 0;
  virtual core::LinkType link_type() const = 0;
  virtual std::string name() const = 0;
  virtual bool is_live() const = 0;
  /// Whether packets come at the wall clock's pace (a live capture, a paced replay) rather than as fast
  /// as they can be read.
  virtual bool realtime() const { return is_live(); }
  virtual SourceStats stats() const = 0;
  virtual std::optional<Progress> progress() const { return std::nullopt; }
  virtual std::string error() const { return {}; }
  /// Makes a blocked or future next() return End; safe to call from another thread or a signal handler.
  virtual void stop() = 0;
};

}  // namespace netmeter::capture
