// Micro-benchmarks of the per-packet hot path: decode::Dissector on representative frames, the flow key
// the reader builds from a decoded packet, and flow::FlowTable::find_or_create on its hit and miss paths.
//
//   build/release/bench/netmeter_dissector_bench [--benchmark_filter=REGEX]
//
// Each "ns/packet" figure is Google Benchmark's time per iteration (one frame or one lookup).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "core/anomaly.hpp"
#include "core/flow_key.hpp"
#include "core/link_type.hpp"
#include "decode/decoded_packet.hpp"
#include "decode/dissector.hpp"
#include "flow/flow.hpp"
#include "flow/flow_table.hpp"

namespace {

using netmeter::core::AnomalyCounters;
using netmeter::core::FlowKey;
using netmeter::core::IpAddress;
using netmeter::core::LinkType;
using netmeter::core::Timestamp;
using netmeter::decode::DecodedPacket;
using netmeter::decode::Dissector;

// ---------------------------------------------------------------------------------------------------
// Frame builders (checksums are left zero: netmeter does not verify them).

void put16(std::vector<uint8_t>& f, uint16_t v) {
  f.push_back(static_cast<uint8_t>(v >> 8));
  f.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& f, uint32_t v) {
  put16(f, static_cast<uint16_t>(v >> 16));
  put16(f, static_cast<uint16_t>(v));
}
void ethernet(std::vector<uint8_t>& f, uint16_t type) {
  const uint8_t macs[12] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};
  f.insert(f.end(), macs, macs + 12);
  put16(f, type);
}
void ipv4(std::vector<uint8_t>& f, uint8_t proto, uint16_t total, uint32_t src, uint32_t dst) {
  f.push_back(0x45);
  f.push_back(0);
  put16(f, total);
  put16(f, 0x1234);  // id
  put16(f, 0x4000);  // DF
  f.push_back(64);
  f.push_back(proto);
  put16(f, 0);  // checksum
  put32(f, src);
  put32(f, dst);
}
void ipv6(std::vector<uint8_t>& f, uint8_t next, uint16_t payload) {
  put32(f, 0x60000000);
  put16(f, payload);
  f.push_back(next);
  f.push_back(64);
  const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
  const uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x35};
  f.insert(f.end(), src, src + 16);
  f.insert(f.end(), dst, dst + 16);
}
void tcp(std::vector<uint8_t>& f, uint16_t sport, uint16_t dport, uint8_t flags) {
  put16(f, sport);
  put16(f, dport);
  put32(f, 1000);  // seq
  put32(f, 2000);  // ack
  f.push_back(0x50);
  f.push_back(flags);
  put16(f, 65535);
  put16(f, 0);
  put16(f, 0);
}
void udp(std::vector<uint8_t>& f, uint16_t sport, uint16_t dport, uint16_t length) {
  put16(f, sport);
  put16(f, dport);
  put16(f, length);
  put16(f, 0);
}
void payload(std::vector<uint8_t>& f, size_t n) {
  for (size_t i = 0; i < n; ++i)
    f.push_back(static_cast<uint8_t>('a' + i % 26));
}

// Ethernet / IPv4 / TCP, 100 bytes of payload (an HTTPS data segment).
std::vector<uint8_t> frame_ipv4_tcp() {
  std::vector<uint8_t> f;
  f.reserve(256);  // also keeps GCC 12 from a false -Wstringop-overflow on the inserts
  ethernet(f, 0x0800);
  ipv4(f, 6, 20 + 20 + 100, 0x0a000001, 0x5db8d822);
  tcp(f, 51234, 443, 0x18);
  payload(f, 100);
  return f;
}

// Ethernet / 802.1Q / IPv6 / UDP, a 40-byte DNS-sized payload.
std::vector<uint8_t> frame_vlan_ipv6_udp() {
  std::vector<uint8_t> f;
  f.reserve(256);  // also keeps GCC 12 from a false -Wstringop-overflow on the inserts
  ethernet(f, 0x8100);
  put16(f, 100);     // VLAN 100
  put16(f, 0x86DD);  // IPv6
  ipv6(f, 17, 8 + 40);
  udp(f, 53000, 53, 8 + 40);
  payload(f, 40);
  return f;
}

// Ethernet / IPv4 / UDP 2152 / GTP-U (G-PDU) / IPv4 / TCP with 64 bytes of payload.
std::vector<uint8_t> frame_gtpu() {
  std::vector<uint8_t> f;
  f.reserve(256);  // also keeps GCC 12 from a false -Wstringop-overflow on the inserts
  const uint16_t inner = 20 + 20 + 64;
  const uint16_t gtp_len = inner;  // GTP length: bytes after the 8-byte mandatory header
  ethernet(f, 0x0800);
  ipv4(f, 17, 20 + 8 + 8 + inner, 0xc0a80001, 0xc0a80002);
  udp(f, 2152, 2152, 8 + 8 + inner);
  f.push_back(0x30);  // version 1, PT=1, no optional fields
  f.push_back(0xFF);  // G-PDU
  put16(f, gtp_len);
  put32(f, 0x00000001);  // TEID
  ipv4(f, 6, inner, 0x0a0a0001, 0x08080808);
  tcp(f, 40000, 80, 0x18);
  payload(f, 64);
  return f;
}

void run_dissector(benchmark::State& state, const std::vector<uint8_t>& frame) {
  Dissector dissector(LinkType::Ethernet);
  AnomalyCounters anomalies;
  DecodedPacket pkt;
  // Sanity: the frame decodes to a packet with ports and no anomalies.
  pkt.caplen = pkt.wire_len = static_cast<uint32_t>(frame.size());
  dissector.decode({frame.data(), frame.size()}, pkt, anomalies);
  if (!pkt.has_ip || !pkt.has_l4 || anomalies.total() != 0) {
    state.SkipWithError("test frame did not decode cleanly");
    return;
  }
  for (auto _ : state) {
    // As the reader does per packet: a fresh DecodedPacket, then the decoder chain.
    pkt = DecodedPacket{};
    pkt.caplen = pkt.wire_len = static_cast<uint32_t>(frame.size());
    dissector.decode({frame.data(), frame.size()}, pkt, anomalies);
    benchmark::DoNotOptimize(pkt);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["frame_bytes"] = static_cast<double>(frame.size());
}

void BM_Dissector_Eth_IPv4_TCP(benchmark::State& state) {
  run_dissector(state, frame_ipv4_tcp());
}
void BM_Dissector_Eth_VLAN_IPv6_UDP(benchmark::State& state) {
  run_dissector(state, frame_vlan_ipv6_udp());
}
void BM_Dissector_Eth_IPv4_GTPU_IPv4_TCP(benchmark::State& state) {
  run_dissector(state, frame_gtpu());
}
BENCHMARK(BM_Dissector_Eth_IPv4_TCP);
BENCHMARK(BM_Dissector_Eth_VLAN_IPv6_UDP);
BENCHMARK(BM_Dissector_Eth_IPv4_GTPU_IPv4_TCP);

// Just the reset of the DecodedPacket the reader does before every decode, for scale.
void BM_DecodedPacket_Reset(benchmark::State& state) {
  DecodedPacket pkt;
  for (auto _ : state) {
    pkt = DecodedPacket{};
    benchmark::DoNotOptimize(pkt);
    benchmark::ClobberMemory();
  }
  state.counters["sizeof"] = sizeof(DecodedPacket);
}
BENCHMARK(BM_DecodedPacket_Reset);

// The reader's per-packet key work after decoding: canonical key and its hash.
void BM_FlowKey_MakeAndHash(benchmark::State& state) {
  auto frame = frame_ipv4_tcp();
  AnomalyCounters anomalies;
  DecodedPacket pkt =
      netmeter::decode::decode_frame(LinkType::Ethernet, {frame.data(), frame.size()}, anomalies);
  for (auto _ : state) {
    bool swapped = false;
    FlowKey key = FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port}, pkt.vlan_inner,
                                pkt.l4_proto, swapped);
    benchmark::DoNotOptimize(key.hash());
    benchmark::DoNotOptimize(swapped);
  }
  state.counters["sizeof_key"] = sizeof(FlowKey);
}
BENCHMARK(BM_FlowKey_MakeAndHash);

// ---------------------------------------------------------------------------------------------------
// Flow table.

class NullEndHandler final : public netmeter::flow::FlowEndHandler {
 public:
  void on_flow_end(netmeter::flow::Flow&) override { ++ended; }
  uint64_t ended = 0;
};

// A distinct IPv4 TCP key per index: client 10.x.y.z:port -> server 172.16.a.b:443.
FlowKey make_key(uint64_t i) {
  uint8_t src[4] = {10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
  uint8_t dst[4] = {172, 16, static_cast<uint8_t>(i >> 30), static_cast<uint8_t>(i >> 24)};
  bool swapped = false;
  return FlowKey::make({IpAddress::v4(src), static_cast<uint16_t>(1024 + (i % 50000))},
                       {IpAddress::v4(dst), 443}, 0, 6, swapped);
}

struct KeyAndHash {
  FlowKey key;
  uint64_t hash;
};

std::vector<KeyAndHash> make_keys(size_t n, uint64_t first) {
  std::vector<KeyAndHash> keys;
  keys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    FlowKey k = make_key(first + i);
    keys.push_back({k, k.hash()});
  }
  return keys;
}

netmeter::flow::FlowTableConfig table_config(size_t max_flows) {
  netmeter::flow::FlowTableConfig c;
  c.max_flows = max_flows;
  c.expire_idle = false;  // as in file analysis
  return c;
}

// Hit path: the table holds `flows` flows; lookups visit them in a shuffled order (as packets of many
// interleaved flows would), each followed by touch() as the worker does.
void BM_FlowTable_Hit(benchmark::State& state) {
  const auto flows = static_cast<size_t>(state.range(0));
  NullEndHandler handler;
  netmeter::flow::FlowTable table(table_config(flows * 2), handler);
  auto keys = make_keys(flows, 0);
  Timestamp now = Timestamp::from_seconds(1'700'000'000);
  for (const auto& k : keys)
    table.find_or_create(k.key, k.hash, now);
  std::mt19937_64 rng(42);
  std::shuffle(keys.begin(), keys.end(), rng);
  size_t i = 0;
  for (auto _ : state) {
    const auto& k = keys[i];
    if (++i == keys.size()) i = 0;
    auto found = table.find_or_create(k.key, k.hash, now);
    table.touch(found.handle);
    benchmark::DoNotOptimize(found.flow);
  }
  if (table.size() != flows) state.SkipWithError("hit benchmark created flows");
  state.SetItemsProcessed(state.iterations());
  state.counters["table_MB"] = static_cast<double>(table.memory_bytes()) / 1e6;
  state.counters["table_bytes_per_flow"] =
      static_cast<double>(table.memory_bytes()) / static_cast<double>(flows);
}
BENCHMARK(BM_FlowTable_Hit)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// The same lookups without touch(): how much of the hit path is the activity-list update, which
// touches the entries before and after the flow and the list's tail.
void BM_FlowTable_FindOnly(benchmark::State& state) {
  const auto flows = static_cast<size_t>(state.range(0));
  NullEndHandler handler;
  netmeter::flow::FlowTable table(table_config(flows * 2), handler);
  auto keys = make_keys(flows, 0);
  Timestamp now = Timestamp::from_seconds(1'700'000'000);
  for (const auto& k : keys)
    table.find_or_create(k.key, k.hash, now);
  std::mt19937_64 rng(42);
  std::shuffle(keys.begin(), keys.end(), rng);
  size_t i = 0;
  for (auto _ : state) {
    const auto& k = keys[i];
    if (++i == keys.size()) i = 0;
    auto found = table.find(k.key, k.hash);
    benchmark::DoNotOptimize(found.flow);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FlowTable_FindOnly)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// Miss path, growing: every lookup is a new flow and the table never fills (file analysis of traffic
// with many short flows). Includes chunk allocation and index growth as they happen. Keys are made
// ahead, in batches, outside the timed region.
void BM_FlowTable_Miss_Grow(benchmark::State& state) {
  NullEndHandler handler;
  auto table = std::make_unique<netmeter::flow::FlowTable>(table_config(size_t{1} << 30), handler);
  Timestamp now = Timestamp::from_seconds(1'700'000'000);
  constexpr size_t kBatch = 1 << 16;
  std::vector<KeyAndHash> keys;
  uint64_t next = 0;
  size_t i = kBatch;
  for (auto _ : state) {
    if (i == kBatch) {
      state.PauseTiming();
      keys = make_keys(kBatch, next);
      next += kBatch;
      i = 0;
      state.ResumeTiming();
    }
    const auto& k = keys[i++];
    auto found = table->find_or_create(k.key, k.hash, now);
    table->touch(found.handle);
    benchmark::DoNotOptimize(found.flow);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["flows_at_end"] = static_cast<double>(table->size());
  state.counters["flow_sizeof"] = sizeof(netmeter::flow::Flow);
  state.counters["table_bytes_per_flow"] =
      static_cast<double>(table->memory_bytes()) / static_cast<double>(std::max<size_t>(1, table->size()));
}  // the table is freed after the timed loop
BENCHMARK(BM_FlowTable_Miss_Grow)->Iterations(1'000'000);

// Miss path, full: the table holds `max_flows` flows; every new flow evicts the least recently active
// one (end handler, index erase, slot reuse). The steady state of a long live capture.
void BM_FlowTable_Miss_Evict(benchmark::State& state) {
  const auto max_flows = static_cast<size_t>(state.range(0));
  NullEndHandler handler;
  netmeter::flow::FlowTable table(table_config(max_flows), handler);
  Timestamp now = Timestamp::from_seconds(1'700'000'000);
  for (const auto& k : make_keys(max_flows, 0))
    table.find_or_create(k.key, k.hash, now);
  constexpr size_t kBatch = 1 << 16;
  std::vector<KeyAndHash> keys;
  uint64_t next = max_flows;
  size_t i = kBatch;
  for (auto _ : state) {
    if (i == kBatch) {
      state.PauseTiming();
      keys = make_keys(kBatch, next);
      next += kBatch;
      i = 0;
      state.ResumeTiming();
    }
    const auto& k = keys[i++];
    auto found = table.find_or_create(k.key, k.hash, now);
    table.touch(found.handle);
    benchmark::DoNotOptimize(found.flow);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["evicted"] = static_cast<double>(table.stats().evicted);
}
BENCHMARK(BM_FlowTable_Miss_Evict)->Arg(1 << 16)->Arg(1 << 20);

}  // namespace

BENCHMARK_MAIN();
