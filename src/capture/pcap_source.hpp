#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "capture/packet_source.hpp"

struct pcap;
struct bpf_program;

namespace netmeter::capture {

class ClassicPcapReader;

struct LiveOptions {
  bool promiscuous = true;
  int snaplen = 262144;
  int buffer_bytes = 64 << 20;
  int poll_ms = 100;
};

/// libpcap-backed source: pcap and pcapng files, or a live interface (including "any"). The records of a
/// classic pcap file are read by ClassicPcapReader (libpcap opens the file and compiles the filter).
class PcapSource final : public PacketSource {
 public:
  struct Opened {
    std::unique_ptr<PacketSource> source;
    std::string error;  ///< set when `source` is null
  };

  /// A pcap file (libpcap), or a pcapng file (read by PcapngSource: its interfaces may differ in link
  /// type and snap length).
  static Opened open_file(const std::string& path, const std::string& bpf = {});
  static Opened open_live(const std::string& interface, const LiveOptions& options,
                          const std::string& bpf = {});

  ~PcapSource() override;
  PcapSource(const PcapSource&) = delete;
  PcapSource& operator=(const PcapSource&) = delete;

  ReadStatus next(RawPacket& pkt) override;
  core::LinkType link_type() const override { return link_; }
  std::string name() const override { return name_; }
  bool is_live() const override { return live_; }
  SourceStats stats() const override;
  std::optional<Progress> progress() const override;
  std::string error() const override { return error_; }
  void stop() override;

 private:
  PcapSource(pcap* handle, std::string name, bool live, core::LinkType link);
  static std::string apply_filter(pcap* handle, const std::string& bpf);
  static std::unique_ptr<PcapSource> finish_open(pcap* handle, std::string name, bool live,
                                                 const std::string& bpf, std::string& error);
  /// Reads a classic pcap file's records without libpcap's per-packet loop; false if it is not one.
  bool read_classic(const std::string& bpf);
  /// The next record of a classic file that passes the filter.
  ReadStatus next_classic(RawPacket& pkt);

  pcap* handle_;
  std::string name_;
  bool live_;
  core::LinkType link_;
  uint64_t file_size_ = 0;
  SourceStats counted_;
  std::string error_;
  std::atomic<bool> stopped_{false};
  std::unique_ptr<ClassicPcapReader> classic_;
  std::unique_ptr<bpf_program> filter_;  ///< for classic_ (libpcap applies its own otherwise)
};

}  // namespace netmeter::capture
