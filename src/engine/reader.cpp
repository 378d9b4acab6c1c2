#include "engine/reader.hpp"

#include <cstring>
#include <new>

namespace netmeter::engine {

namespace {

constexpr unsigned kSpinRounds = 256;
constexpr std::chrono::microseconds kMaxSleep{1000};

uint64_t mac_hash(const decode::DecodedPacket& pkt) {
  uint64_t a = 0, b = 0;
  std::memcpy(&a, pkt.src_mac.data(), 6);
  std::memcpy(&b, pkt.dst_mac.data(), 6);
  return core::mix64(a ^ b);  // symmetric: both directions reach the same worker
}

}  // namespace

Reader::Reader(core::LinkType link, std::vector<Worker*> workers, bool drop_when_full)
    : dissector_(link), workers_(std::move(workers)), drop_when_full_(drop_when_full) {}

Worker& Reader::route(uint64_t hash) const {
  uint64_t n = workers_.size();
  return *workers_[((hash >> 32) * n) >> 32];
}

void Reader::dispatch(const capture::RawPacket& raw) {
  record_.kind = PacketRecord::kPacket;
  decode::DecodedPacket& pkt = record_.pkt;
  pkt = decode::DecodedPacket{};
  pkt.ts = raw.ts;
  pkt.caplen = raw.caplen;
  pkt.wire_len = raw.wire_len;
  if (raw.caplen > raw.wire_len) {
    anomalies_.add(core::Anomaly::caplen_exceeds_len);
    pkt.wire_len = raw.caplen;
  }
  dissector_.decode({raw.data, raw.caplen}, pkt, anomalies_);

  uint32_t l3_bytes = 0;
  if (pkt.has_ip) {
    if (pkt.is_fragment && !fragments_.resolve(pkt)) anomalies_.add(core::Anomaly::fragment_without_first);
    bool swapped = false;
    core::FlowKey key = core::FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port},
                                            pkt.vlan_inner, pkt.l4_proto, swapped);
    record_.flow_hash = key.hash();
    record_.key_swapped = swapped;
    l3_bytes = raw.caplen > pkt.l3_offset ? raw.caplen - pkt.l3_offset : 0;
  } else {
    record_.flow_hash = mac_hash(pkt);
  }
  record_.l3_bytes = l3_bytes;
  push(route(record_.flow_hash), record_, raw.data + pkt.l3_offset, l3_bytes);
}

void Reader::push(Worker& worker, const PacketRecord& header, const uint8_t* l3, uint32_t l3_bytes) {
  auto& ring = worker.queue();
  size_t size = sizeof(PacketRecord) + l3_bytes;
  if (size > ring.max_record()) {
    l3_bytes = static_cast<uint32_t>(ring.max_record() - sizeof(PacketRecord));
    size = ring.max_record();
  }
  std::span<std::byte> slot = ring.try_reserve(size);
  unsigned spins = 0;
  while (slot.empty()) {
    if (drop_when_full_) {
      ++queue_drops_;
      return;
    }
    // A file reader waits for the worker: briefly spinning, then asleep until it hands space back.
    if (++spins > kSpinRounds) worker.space_bell().wait([&] { return ring.has_room(size); }, kMaxSleep);
    slot = ring.try_reserve(size);
  }
  auto* rec = new (slot.data()) PacketRecord(header);
  rec->l3_bytes = l3_bytes;
  if (l3_bytes > 0) std::memcpy(slot.data() + sizeof(PacketRecord), l3, l3_bytes);
  ring.commit();
  worker.doorbell().ring();
}

void Reader::send_end() {
  PacketRecord end;
  end.kind = PacketRecord::kEnd;
  bool saved = drop_when_full_;
  drop_when_full_ = false;  // the end marker must arrive
  for (Worker* w : workers_)
    push(*w, end, nullptr, 0);
  drop_when_full_ = saved;
}

}  // namespace netmeter::engine
