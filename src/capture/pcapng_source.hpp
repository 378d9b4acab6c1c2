#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "capture/pcapng_reader.hpp"

namespace netmeter::capture {

class PcapngFilter;

/// A pcapng file read with our own block reader, for files whose interfaces differ in link type or
/// snap length (libpcap refuses them). Each packet carries its interface's link type; the source's
/// link_type() is the first interface's. Packets of interfaces whose link type netmeter cannot decode
/// are skipped and counted (skipped_packets()).
class PcapngSource final : public PacketSource {
 public:
  struct Opened {
    std::unique_ptr<PcapngSource> source;
    std::string error;  ///< set when `source` is null
  };
  /// Reads up to the first packet's interface; `bpf` is compiled for each interface's link type.
  static Opened open(const std::string& path, const std::string& bpf = {});
  /// True when the file starts with a pcapng section header block.
  static bool looks_like_pcapng(const std::string& path);

  ~PcapngSource() override;
  PcapngSource(const PcapngSource&) = delete;
  PcapngSource& operator=(const PcapngSource&) = delete;

  ReadStatus next(RawPacket& pkt) override;
  core::LinkType link_type() const override { return first_link_; }
  std::string name() const override { return name_; }
  bool is_live() const override { return false; }
  SourceStats stats() const override { return counted_; }
  std::optional<Progress> progress() const override;
  std::string error() const override { return error_; }
  void stop() override { stopped_.store(true, std::memory_order_relaxed); }
  uint64_t skipped_packets() const { return skipped_; }

 private:
  PcapngSource(std::FILE* file, std::string name, std::string bpf);
  /// Link type of an interface, compiling its filter the first time it is seen; false: skip its packets.
  bool accept(const PcapngPacket& p);

  std::FILE* file_;
  std::string name_;
  std::string bpf_;
  PcapngReader reader_;
  std::unique_ptr<PcapngFilter> filter_;
  std::vector<std::optional<core::LinkType>> links_;  ///< per interface of the current section
  uint64_t section_ = 0;
  core::LinkType first_link_ = core::LinkType::Ethernet;
  PcapngPacket pending_;
  bool has_pending_ = false;
  uint64_t file_size_ = 0;
  uint64_t skipped_ = 0;
  SourceStats counted_;
  std::string error_;
  std::atomic<bool> stopped_{false};
};

}  // namespace netmeter::capture
