#include "alerts/checks/interface/capture_stalled.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kNow = 1'700'000'000;

TEST(CaptureStalledCheck, NtopngDefaultsAndIdleAboveThreshold) {
  CaptureStalledCheck check;
  EXPECT_EQ(check.type_id(), 4096 + 50);  // ntopng other_alert_keys.alert_no_if_activity
  EXPECT_EQ(check.name(), "no_if_activity");
  EXPECT_TRUE(check.config().enabled);
  EXPECT_EQ(check.config().threshold, 60u);
  EXPECT_EQ(check.period(), Period::WallClock);
  EXPECT_FALSE(check.on_periodic({.idle_seconds = 60}));
  EXPECT_EQ(check.on_periodic({.idle_seconds = 61}), 61u);
}

std::vector<Alert> stalled(const MemoryAlertSink& sink) {
  std::vector<Alert> out;
  for (const auto& a : sink.alerts())
    if (a.entity == Entity::Interface && a.type_id == interface_alert::kNoIfActivity) out.push_back(a);
  return out;
}

TEST(CaptureStalledCheck, EngagedWhileNoPacketComesReleasedWhenOneDoes) {
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(0, sink);
  engine->note_wall_clock(kNow, 100);
  engine->note_wall_clock(kNow + 30, 200);
  engine->note_wall_clock(kNow + 90, 200);  // 60 s without a packet: not above
  EXPECT_TRUE(engine->engaged().empty());
  engine->note_wall_clock(kNow + 91, 200);
  auto engaged = engine->engaged();
  ASSERT_EQ(engaged.size(), 1u);
  EXPECT_EQ(engaged[0].entity, Entity::Interface);
  EXPECT_EQ(engaged[0].severity, Severity::Critical);
  engine->note_wall_clock(kNow + 200, 200);
  EXPECT_EQ(engine->engaged().size(), 1u);
  EXPECT_TRUE(stalled(sink).empty());
  engine->note_wall_clock(kNow + 205, 201);  // packets again
  EXPECT_TRUE(engine->engaged().empty());
  auto released = stalled(sink);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].begin_s, kNow + 91);
  EXPECT_EQ(released[0].duration_s(), 114);
  EXPECT_EQ(released[0].value, 170u);  // the longest silence seen while engaged
}

TEST(CaptureStalledCheck, PacketTimeAloneNeverRaisesIt) {
  // A capture file: only deltas (packet time), with a long gap between two packets.
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(1, sink);
  for (int64_t s : {kNow, kNow + 3600, kNow + 3605}) {
    stats::ShardDelta d;
    d.second = s;
    d.iface.traffic.add_rx(100);
    engine->on_delta(d);
  }
  engine->on_finish();
  EXPECT_TRUE(stalled(sink).empty());
}

TEST(CaptureStalledCheck, DisabledRaisesNothing) {
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(0, sink);
  ASSERT_TRUE(engine->configure("no_if_activity", [](CheckConfig& c) { c.enabled = false; }));
  engine->note_wall_clock(kNow, 1);
  engine->note_wall_clock(kNow + 1000, 1);
  EXPECT_TRUE(engine->engaged().empty());
}

}  // namespace
}  // namespace netmeter::alerts
