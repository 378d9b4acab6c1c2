#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "core/link_type.hpp"
#include "core/spsc_byte_ring.hpp"
#include "core/timestamp.hpp"

struct bpf_program;

namespace netmeter::engine {

/// libpcap's DLT number and the pcap file LINKTYPE number of a link type.
int dlt_of(core::LinkType link);
uint32_t pcap_linktype_of(core::LinkType link);

/// One consumer of a slot's packets (a capture download): a bounded ring filled by the slot's reader
/// thread and drained by one other thread. The reader never waits for it: a packet that does not fit is
/// dropped and counted. Consumer methods must be called from one thread at a time.
class TapSubscriber {
 public:
  struct Packet {
    core::Timestamp ts;
    uint32_t caplen = 0;
    uint32_t wire_len = 0;
    std::span<const std::byte> data;
  };

  TapSubscriber(size_t ring_bytes, std::unique_ptr<bpf_program> filter);
  ~TapSubscriber();
  TapSubscriber(const TapSubscriber&) = delete;
  TapSubscriber& operator=(const TapSubscriber&) = delete;

  /// Consumer: the oldest packet, valid until pop(); nullopt when the ring is empty.
  std::optional<Packet> front();
  void pop();
  /// Consumer: hands consumed space back now (call before waiting).
  void release() { ring_.release(); }
  /// True once the slot's source ended or the tap was closed: nothing more will be added.
  bool ended() const { return ended_.load(std::memory_order_acquire); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  uint64_t matched() const { return matched_.load(std::memory_order_relaxed); }

 private:
  friend class PacketTap;
  /// Producer (reader thread): copies the packet if it matches the filter and fits.
  void offer(const capture::RawPacket& raw);
  void end() { ended_.store(true, std::memory_order_release); }

  core::SpscByteRing ring_;
  std::unique_ptr<bpf_program> filter_;
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> matched_{0};
  std::atomic<bool> ended_{false};
};

/// The packet tap of one slot: copies of the packets the reader reads, to subscribers. With no
/// subscriber the reader pays one relaxed atomic load per packet.
class PacketTap {
 public:
  struct Subscribed {
    std::shared_ptr<TapSubscriber> subscriber;
    std::string error;  ///< set when `subscriber` is null
    bool busy = false;  ///< null because kMaxSubscribers are attached (else: the filter does not compile)
  };

  static constexpr size_t kDefaultRingBytes = 8u << 20;
  static constexpr size_t kMaxSubscribers = 16;

  /// Any thread. `bpf` (libpcap syntax, may be empty) is compiled once for `link`. A tap that already
  /// ended gives a subscriber that has ended too. The tap holds subscribers weakly: dropping the last
  /// shared_ptr unsubscribes, so a subscriber may outlive the tap and the tap may outlive it.
  Subscribed subscribe(const std::string& bpf, core::LinkType link, size_t ring_bytes = kDefaultRingBytes);
  /// Reader thread, once per packet.
  void offer(const capture::RawPacket& raw) {
    if (active_.load(std::memory_order_relaxed)) offer_all(raw);
  }
  /// The source ended (or the daemon shuts down): every subscriber, present or future, has ended.
  void end();

 private:
  void offer_all(const capture::RawPacket& raw);

  std::atomic<bool> active_{false};
  std::mutex mutex_;  ///< taken by the reader only while there are subscribers
  std::vector<std::weak_ptr<TapSubscriber>> subscribers_;
  bool ended_ = false;
};

}  // namespace netmeter::engine
