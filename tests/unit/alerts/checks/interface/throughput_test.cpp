#include "alerts/checks/interface/throughput.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;

TEST(ThroughputCheck, AverageBitRateOfTheMinuteAboveThreshold) {
  ThroughputCheck check;
  EXPECT_EQ(check.type_id(), 4096 + 40);  // ntopng alert_threshold_cross
  EXPECT_FALSE(check.config().enabled);
  check.config().threshold = 8000;
  EXPECT_EQ(check.on_periodic({.period_bytes = 60'000}), std::nullopt);  // 8000 bit/s: not above
  EXPECT_EQ(check.on_periodic({.period_bytes = 60'060}), 8008u);
}

TEST(ThroughputCheck, EngineJudgesEachMinuteOfPacketTime) {
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(2, sink);
  ASSERT_TRUE(engine->configure("throughput", [](CheckConfig& c) {
    c.enabled = true;
    c.threshold = 8000;
  }));
  auto at = [&](int64_t second, uint64_t bytes) {
    stats::ShardDelta d;
    d.second = second;
    d.iface.traffic.rx_packets = 1;
    d.iface.traffic.rx_bytes = bytes;
    engine->on_delta(d);
  };
  at(kT0, 30'000);
  at(kT0 + 30, 40'000);  // 70 000 bytes in the minute: 9333 bit/s
  at(kT0 + 60, 100);     // the next minute: under
  at(kT0 + 62, 100);
  auto engaged = engine->engaged();
  ASSERT_EQ(engaged.size(), 1u);
  EXPECT_EQ(engaged[0].type_id, interface_alert::kThresholdCross);
  EXPECT_EQ(engaged[0].entity, Entity::Interface);
  EXPECT_EQ(engaged[0].value, 9333u);
  EXPECT_EQ(engaged[0].begin_s, kT0);
  engine->on_finish();
  ASSERT_EQ(sink.alerts().size(), 1u);
  EXPECT_EQ(sink.alerts()[0].end_s, kT0 + 60);  // the quiet minute released it
}

}  // namespace
}  // namespace netmeter::alerts
