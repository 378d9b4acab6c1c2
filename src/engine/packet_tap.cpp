#include "engine/packet_tap.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstring>

namespace netmeter::engine {

namespace {

// What precedes the bytes of a packet in a subscriber's ring.
struct StoredHeader {
  int64_t ts_ns;
  uint32_t caplen;
  uint32_t wire_len;
};

constexpr int kFilterSnaplen = 262144;

}  // namespace

int dlt_of(core::LinkType link) {
  using core::LinkType;
  switch (link) {
    case LinkType::Ethernet:
      return DLT_EN10MB;
    case LinkType::LinuxSll:
      return DLT_LINUX_SLL;
    case LinkType::LinuxSll2:
      return DLT_LINUX_SLL2;
    case LinkType::Raw:
      return DLT_RAW;
    case LinkType::Ipv4:
      return DLT_IPV4;
    case LinkType::Ipv6:
      return DLT_IPV6;
    case LinkType::Null:
      return DLT_NULL;
    case LinkType::Loop:
      return DLT_LOOP;
    case LinkType::Radiotap:
      return DLT_IEEE802_11_RADIO;
    case LinkType::Ieee80211:
      return DLT_IEEE802_11;
    case LinkType::Ppp:
      return DLT_PPP;
    case LinkType::CiscoHdlc:
      return DLT_C_HDLC;
    case LinkType::Fddi:
      return DLT_FDDI;
    case LinkType::PppoeSession:
      return DLT_PPP_ETHER;
    case LinkType::Pflog:
      return DLT_PFLOG;
    case LinkType::Enc:
      return DLT_ENC;
    case LinkType::Nflog:
      return DLT_NFLOG;
    case LinkType::Ipoib:
      return DLT_IPOIB;
  }
  return DLT_EN10MB;
}

uint32_t pcap_linktype_of(core::LinkType link) {
  // LINKTYPE_* of the pcap file format; they differ from the DLT_* numbers for a few framings.
  using core::LinkType;
  switch (link) {
    case LinkType::Raw:
      return 101;
    case LinkType::Loop:
      return 108;
    case LinkType::CiscoHdlc:
      return 104;
    default:
      return static_cast<uint32_t>(dlt_of(link));
  }
}

TapSubscriber::TapSubscriber(size_t ring_bytes, std::unique_ptr<bpf_program> filter)
    : ring_(ring_bytes), filter_(std::move(filter)) {}

TapSubscriber::~TapSubscriber() {
  if (filter_) pcap_freecode(filter_.get());
}

void TapSubscriber::offer(const capture::RawPacket& raw) {
  if (filter_) {
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(raw.ts.ns / core::kNanosPerSecond);
    h.ts.tv_usec = static_cast<suseconds_t>(raw.ts.ns % core::kNanosPerSecond / 1000);
    h.caplen = raw.caplen;
    h.len = raw.wire_len;
    if (pcap_offline_filter(filter_.get(), &h, raw.data) == 0) return;
  }
  matched_.fetch_add(1, std::memory_order_relaxed);
  uint32_t caplen =
      std::min<uint32_t>(raw.caplen, static_cast<uint32_t>(ring_.max_record() - sizeof(StoredHeader)));
  std::span<std::byte> slot = ring_.try_reserve(sizeof(StoredHeader) + caplen);
  if (slot.empty()) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  StoredHeader header{raw.ts.ns, caplen, raw.wire_len};
  std::memcpy(slot.data(), &header, sizeof header);
  if (caplen > 0) std::memcpy(slot.data() + sizeof header, raw.data, caplen);
  ring_.commit();
  ring_.publish();  // a download is no hot path: let the consumer see each packet at once
  notify_if_armed();
}

void TapSubscriber::end() {
  ended_.store(true, std::memory_order_release);
  notify_if_armed();
}

void TapSubscriber::notify_if_armed() {
  // Pairs with the fence in arm_notify(): either the consumer sees what was just published, or this
  // load sees its arm.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (armed_.load(std::memory_order_relaxed) && armed_.exchange(false, std::memory_order_acq_rel)) notify_();
}

bool TapSubscriber::arm_notify() {
  if (!notify_) return false;
  ring_.release();  // hand consumed space back before idling
  armed_.store(true, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (!ring_.front().empty() || ended()) {
    armed_.store(false, std::memory_order_relaxed);
    return false;
  }
  return true;
}

std::optional<TapSubscriber::Packet> TapSubscriber::front() {
  std::span<const std::byte> record = ring_.front();
  if (record.empty()) return std::nullopt;
  StoredHeader header;
  std::memcpy(&header, record.data(), sizeof header);
  return Packet{core::Timestamp{header.ts_ns}, header.caplen, header.wire_len,
                record.subspan(sizeof header, header.caplen)};
}

void TapSubscriber::pop() {
  ring_.pop();
}

PacketTap::Subscribed PacketTap::subscribe(const std::string& bpf, core::LinkType link, size_t ring_bytes) {
  std::unique_ptr<bpf_program> filter;
  if (!bpf.empty()) {
    pcap_t* dead = pcap_open_dead(dlt_of(link), kFilterSnaplen);
    if (!dead) return {nullptr, "cannot prepare a BPF compiler"};
    filter = std::make_unique<bpf_program>();
    if (pcap_compile(dead, filter.get(), bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      std::string error = pcap_geterr(dead);
      pcap_close(dead);
      return {nullptr, "invalid BPF filter: " + error};
    }
    pcap_close(dead);
  }
  auto subscriber = std::make_shared<TapSubscriber>(ring_bytes, std::move(filter));
  std::lock_guard lock(mutex_);
  if (ended_) {
    subscriber->end();
    return {std::move(subscriber), {}};
  }
  std::erase_if(subscribers_, [](const auto& s) { return s.expired(); });
  if (subscribers_.size() >= kMaxSubscribers)
    return {nullptr, "too many capture downloads on this slot", true};
  subscribers_.push_back(subscriber);
  active_.store(true, std::memory_order_relaxed);
  return {std::move(subscriber), {}};
}

void PacketTap::end() {
  std::lock_guard lock(mutex_);
  ended_ = true;
  for (auto& weak : subscribers_)
    if (auto s = weak.lock()) s->end();
  subscribers_.clear();
  active_.store(false, std::memory_order_relaxed);
}

void PacketTap::offer_all(const capture::RawPacket& raw) {
  std::lock_guard lock(mutex_);
  bool expired = false;
  for (auto& weak : subscribers_) {
    if (auto s = weak.lock())
      s->offer(raw);
    else
      expired = true;
  }
  if (!expired) return;
  std::erase_if(subscribers_, [](const auto& s) { return s.expired(); });
  active_.store(!subscribers_.empty(), std::memory_order_relaxed);
}

}  // namespace netmeter::engine
