#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "capture/packet_source.hpp"
#include "core/growing_file.hpp"

struct pcap;

namespace netmeter::capture {

struct GrowingFileOptions {
  std::string name;             ///< shown as the source's name
  uint64_t expected_bytes = 0;  ///< the size the uploader announced, for progress (0: unknown)
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};  ///< no new byte for this long: error
  /// When set, bytes handed to libpcap so far are also published here, for observers that do not own
  /// the source.
  std::shared_ptr<std::atomic<uint64_t>> bytes_read;
};

/// A pcap or pcapng capture read while it is still being written (an upload being received): libpcap
/// reads a stdio stream (glibc fopencookie) whose read waits for more bytes of the core::GrowingFile,
/// ends at its end, and fails when it was aborted, when no byte arrived for `idle_timeout`, or on stop().
/// Memory stays bounded by libpcap's buffer whatever the file's size. While the next packet has not
/// arrived, next() returns Timeout now and then (as an idle live source does), so that the engine hands
/// what it queued to its workers and the statistics show every packet received so far.
class GrowingFileSource final : public PacketSource {
 public:
  GrowingFileSource(std::shared_ptr<core::GrowingFile> file, GrowingFileOptions options);
  ~GrowingFileSource() override;
  GrowingFileSource(const GrowingFileSource&) = delete;
  GrowingFileSource& operator=(const GrowingFileSource&) = delete;

  /// Waits for the capture's file header and opens it: empty on success, else why not (not a capture,
  /// aborted, timed out, stopped). Call once, before next(); link_type() is valid after success.
  std::string open();

  ReadStatus next(RawPacket& pkt) override;
  core::LinkType link_type() const override { return link_; }
  std::string name() const override { return options_.name; }
  bool is_live() const override { return false; }
  SourceStats stats() const override { return counted_; }
  std::optional<Progress> progress() const override;
  std::string error() const override { return error_; }
  /// Makes a waiting or later read end (next() returns End); safe from another thread.
  void stop() override;
  bool stopped() const { return stopped_.load(); }

 private:
  static ssize_t read_cookie(void* cookie, char* buffer, size_t size);
  static int close_cookie(void* cookie);
  ssize_t read_more(char* buffer, size_t size);
  /// libpcap's message, or the reason the stream failed when it was ours.
  std::string failure(const std::string& pcap_message) const;
  /// True when the next record (pcap record or pcapng block) is not whole in what was written yet: the
  /// next packet would wait.
  bool starved();
  /// Bytes of the record whose first 16 (pcap) or 12 (pcapng) bytes are `head`.
  uint64_t record_bytes(const unsigned char* head);
  void advance(uint64_t offset);

  std::shared_ptr<core::GrowingFile> file_;
  GrowingFileOptions options_;
  pcap* handle_ = nullptr;
  core::LinkType link_ = core::LinkType::Ethernet;
  std::atomic<uint64_t> offset_{0};  ///< bytes handed to libpcap
  std::atomic<bool> stopped_{false};
  bool pcapng_ = false;
  bool big_endian_ = false;   ///< of the file (pcapng: of the current section)
  std::string stream_error_;  ///< why read_more failed, if it did (reader thread only)
  SourceStats counted_;
  std::string error_;
  std::chrono::steady_clock::time_point last_byte_ = std::chrono::steady_clock::now();
};

}  // namespace netmeter::capture
