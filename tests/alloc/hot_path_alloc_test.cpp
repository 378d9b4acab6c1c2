// The hot packet path allocates nothing: once a flow exists and its detection has ended, further packets
// through the reader's decoder and the worker's flow update must not call operator new. This binary
// replaces the global allocation functions to count calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "allocation_counter.hpp"
#include "decode/dissector.hpp"
#include "engine/reader.hpp"
#include "engine/worker.hpp"

namespace netmeter {
namespace {

// Ethernet / IPv4 / UDP 192.0.2.1:40000 -> 198.51.100.7:5555 with 16 bytes of payload.
std::vector<uint8_t> udp_frame(bool reply) {
  std::vector<uint8_t> f = {0x02, 0, 0,   0,  0,   2, 0x02, 0,    0,    0,    0, 1,  0x08, 0x00,
                            0x45, 0, 0,   44, 0,   1, 0,    0,    64,   17,   0, 0,  192,  0,
                            2,    1, 198, 51, 100, 7, 0x9c, 0x40, 0x15, 0xb3, 0, 24, 0,    0};
  for (int i = 0; i < 16; ++i)
    f.push_back(0xab);  // (resize() trips a GCC 12 -Warray-bounds false positive)
  if (reply) {
    for (int i = 0; i < 4; ++i)
      std::swap(f[26 + i], f[30 + i]);
    std::swap(f[34], f[36]);
    std::swap(f[35], f[37]);
  }
  return f;
}

engine::PacketRecord record_for(const decode::Dissector& dissector, const std::vector<uint8_t>& frame,
                                int64_t t, core::AnomalyCounters& anomalies) {
  engine::PacketRecord rec;
  rec.pkt.ts = core::Timestamp::from_micros(t);
  rec.pkt.caplen = rec.pkt.wire_len = static_cast<uint32_t>(frame.size());
  dissector.decode({frame.data(), frame.size()}, rec.pkt, anomalies);
  bool swapped = false;
  rec.flow_hash = core::FlowKey::make({rec.pkt.src_ip, rec.pkt.src_port}, {rec.pkt.dst_ip, rec.pkt.dst_port},
                                      rec.pkt.vlan_inner, rec.pkt.l4_proto, swapped)
                      .hash();
  rec.l3_bytes = static_cast<uint32_t>(frame.size() - rec.pkt.l3_offset);
  return rec;
}

TEST(HotPath, NoAllocationPerPacketOnAnEstablishedFlow) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  ASSERT_TRUE(created.classifier) << created.error;
  engine::EngineConfig config;
  config.workers = 1;
  engine::Worker worker(config, std::move(created.classifier));
  decode::Dissector dissector(core::LinkType::Ethernet);
  core::AnomalyCounters anomalies;
  auto request = udp_frame(false);
  auto reply = udp_frame(true);

  // Warm up: the flow is created and detection runs until it gives up (24 UDP packets).
  int64_t t = 1'700'000'000'000'000;
  for (int i = 0; i < 40; ++i) {
    const auto& frame = i % 2 ? reply : request;
    auto rec = record_for(dissector, frame, t += 1000, anomalies);
    worker.handle(rec, frame.data() + rec.pkt.l3_offset);
  }

  {
    test::AllocationScope scope;
    for (int i = 0; i < 10000; ++i) {
      const auto& frame = i % 2 ? reply : request;
      auto rec = record_for(dissector, frame, t += 1000, anomalies);
      worker.handle(rec, frame.data() + rec.pkt.l3_offset);
    }
    EXPECT_EQ(scope.allocations(), 0);
  }

  engine::Results results = worker.finish();
  ASSERT_EQ(results.flows.size(), 1u);
  EXPECT_EQ(results.flows[0].packets(), 10040u);
  EXPECT_EQ(anomalies.total(), 0u);
}

TEST(HotPath, ReaderAndQueueDoNotAllocatePerPacket) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  ASSERT_TRUE(created.classifier) << created.error;
  engine::EngineConfig config;
  config.workers = 1;
  engine::Worker worker(config, std::move(created.classifier));
  engine::Reader reader(core::LinkType::Ethernet, {&worker}, false);
  auto request = udp_frame(false);
  auto reply = udp_frame(true);
  auto send = [&](int packets, int64_t& t) {
    for (int i = 0; i < packets; ++i) {
      const auto& frame = i % 2 ? reply : request;
      capture::RawPacket raw{core::Timestamp::from_micros(t += 1000), static_cast<uint32_t>(frame.size()),
                             static_cast<uint32_t>(frame.size()), frame.data()};
      reader.dispatch(raw);
    }
  };
  int64_t t = 1'700'000'000'000'000;
  send(40, t);  // flow creation and detection may allocate
  reader.send_end();
  worker.run();  // drains the queue on this thread, up to the end marker
  {
    test::AllocationScope scope;
    send(5000, t);
    reader.send_end();
    worker.run();  // drains the queue on this thread, up to the end marker
    EXPECT_EQ(scope.allocations(), 0);
  }
  engine::Results results = worker.finish();
  ASSERT_EQ(results.flows.size(), 1u);
  EXPECT_EQ(results.flows[0].packets(), 5040u);
}

}  // namespace
}  // namespace netmeter
