// The hot packet path with the statistics on allocates nothing: a worker that hands its per-second
// deltas to a running aggregator must not call operator new for the packets of established flows, also
// when packet time enters a new second (the delta goes to the aggregator, a recycled one comes back).
// Only the allocations of the test's own thread count: the aggregator thread grows its tables and
// histories, which is allowed. This binary replaces the global allocation functions to count calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "alloc_frames.hpp"
#include "allocation_counter.hpp"
#include "decode/dissector.hpp"
#include "engine/worker.hpp"
#include "stats/aggregator.hpp"

namespace netmeter {
namespace {

using test::record_for;
using test::udp_frame;

TEST(HotPathWithStatistics, NoAllocationPerPacketAcrossSeconds) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  ASSERT_TRUE(created.classifier) << created.error;
  engine::EngineConfig config;
  config.workers = 1;
  ASSERT_GE(config.stats.deltas_per_worker, 2u);
  stats::Aggregator aggregator(config.stats, 1);
  engine::Worker worker(config, std::move(created.classifier), &aggregator.channel(), 0);
  decode::Dissector dissector(core::LinkType::Ethernet);
  core::AnomalyCounters anomalies;
  // Two flows of three hosts, both directions.
  std::vector<std::vector<uint8_t>> frames = {udp_frame(1, false), udp_frame(1, true), udp_frame(2, false),
                                              udp_frame(2, true)};
  int64_t t = 1'700'000'000'000'000;  // microseconds
  auto send = [&](int packets, int64_t gap_us) {
    for (int i = 0; i < packets; ++i) {
      const auto& frame = frames[static_cast<size_t>(i) % frames.size()];
      auto rec = record_for(dissector, frame, t += gap_us, anomalies);
      worker.handle(rec, frame.data() + rec.pkt.l3_offset);
    }
  };

  // Warm-up without the aggregator thread: the flows are created, detection gives up (24 UDP packets
  // each), and every delta of the worker's pool is filled and handed over once, so each has grown what
  // it needs (a free delta is taken last in, first out: with a running aggregator some might never be
  // used before the counting starts). The recorder holds one delta and takes a free one at each second
  // it enters; applied deltas come back cleared, their capacity kept.
  auto one_second = [&] { send(100, 10'000); };  // ends in the next second
  for (size_t d = 0; d + 1 < config.stats.deltas_per_worker; ++d)
    one_second();      // the free deltas are all handed over now
  aggregator.drain();  // applied and recycled on this thread (nothing is counted yet)
  one_second();        // hands over the delta held since the start
  aggregator.drain();
  aggregator.start();

  long allocations = 0;
  {
    test::AllocationScope counting;
    send(20'000, 1'000);  // 20 seconds of packet time: 20 hand-overs to the running aggregator
    allocations = counting.allocations();
  }
  EXPECT_EQ(allocations, 0);

  engine::Results results = worker.finish();
  aggregator.stop();
  aggregator.finish();
  ASSERT_EQ(results.flows.size(), 2u);
  EXPECT_EQ(anomalies.total(), 0u);
  // The statistics saw every packet, the seconds after warm-up included.
  uint64_t packets =
      aggregator.read([](const stats::StatsStore& s) { return s.iface().traffic.total.packets(); });
  EXPECT_EQ(packets, 100u * config.stats.deltas_per_worker + 20'000u);
  EXPECT_EQ(aggregator.read([](const stats::StatsStore& s) { return s.hosts().size(); }), 3u);
}

}  // namespace
}  // namespace netmeter
