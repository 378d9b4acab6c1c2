#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
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
/// dropped and counted. Consumer methods must be called from one thread at a time. A consumer that finds
/// the ring empty does not wait either: it arms a notification (arm_notify), which the reader fires once
/// when it queues the next packet or the tap ends.
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
  /// Consumer, once, before the first arm_notify(): called on the reader thread; must be quick.
  void set_notify(std::function<void()> notify) { notify_ = std::move(notify); }
  /// Consumer: about to wait. Arms one call of the notify function; false (nothing armed) when a packet
  /// is queued or the tap ended already.
  bool arm_notify();
  /// True once the slot's source ended or the tap was closed: nothing more will be added.
  bool ended() const { return ended_.load(std::memory_order_acquire); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  uint64_t matched() const { return matched_.load(std::memory_order_relaxed); }

 private:
  friend class PacketTap;
  /// Producer (reader thread): copies the packet if it matches the filter and fits.
  void offer(const capture::RawPacket& raw);
  void end();
  /// Producer: fires the armed notification, if any.
  void notify_if_armed();

  core::SpscByteRing ring_;
  std::unique_ptr<bpf_program> filter_;
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> matched_{0};
  std::atomic<bool> ended_{false};
  std::atomic<bool> armed_{false};
  std::function<void()> notify_;  ///< set before the first arm, read by the producer only while armed
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
  /// Each subscriber's filter runs on the reader thread for every packet: a bound on that fan-out. The
  /// API bounds downloads over all slots below this (`--max-downloads`).
  static constexpr size_t kMaxSubscribers = 256;

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
