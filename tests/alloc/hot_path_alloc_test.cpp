// The hot packet path allocates nothing: once a flow exists and its detection has ended, further packets
// through the reader's decoder and the worker's flow update must not call operator new. This binary
// replaces the global allocation functions to count calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "alloc_frames.hpp"
#include "allocation_counter.hpp"
#include "decode/dissector.hpp"
#include "engine/reader.hpp"
#include "engine/worker.hpp"

namespace netmeter {
namespace {

using test::record_for;
using test::udp_frame;

TEST(HotPath, NoAllocationPerPacketOnAnEstablishedFlow) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  ASSERT_TRUE(created.classifier) << created.error;
  engine::EngineConfig config;
  config.workers = 1;
  engine::Worker worker(config, std::move(created.classifier));
  decode::Dissector dissector(core::LinkType::Ethernet);
  core::AnomalyCounters anomalies;
  auto request = udp_frame(1, false);
  auto reply = udp_frame(1, true);

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
  auto request = udp_frame(1, false);
  auto reply = udp_frame(1, true);
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
