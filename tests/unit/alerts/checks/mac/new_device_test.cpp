#include "alerts/checks/mac/new_device.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;
constexpr stats::MacKey kKnown = 0x020000000001;
constexpr stats::MacKey kNew = 0x020000000002;

TEST(NewDeviceCheck, MacsOfTheLearningPeriodAreKnownLaterOnesRaiseOnce) {
  NewDeviceCheck check;
  EXPECT_EQ(check.type_id(), 4096 + 51);  // ntopng other_alert_keys.alert_unexpected_new_device
  EXPECT_FALSE(check.config().enabled);   // off by default, as in ntopng
  EXPECT_EQ(check.config().threshold, 3600u);
  check.config().threshold = 10;
  EXPECT_FALSE(check.on_source_mac(kKnown, kT0));
  EXPECT_FALSE(check.on_source_mac(kKnown + 2, kT0 + 9));       // still learning
  EXPECT_FALSE(check.on_source_mac(kKnown, kT0 + 10));          // known
  EXPECT_FALSE(check.on_source_mac(0xFFFFFFFFFFFF, kT0 + 20));  // broadcast: no device
  EXPECT_FALSE(check.on_source_mac(0x01005E000001, kT0 + 20));  // multicast: no device
  EXPECT_TRUE(check.on_source_mac(kNew, kT0 + 10));
  EXPECT_FALSE(check.on_source_mac(kNew, kT0 + 11));  // known from then on
}

TEST(NewDeviceCheck, EngineRaisesAOneShotMacAlertForASenderNotARecipient) {
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(2, sink);
  ASSERT_TRUE(engine->configure("unexpected_new_device", [](CheckConfig& c) {
    c.enabled = true;
    c.threshold = 5;
  }));
  auto frame = [&](int64_t second, stats::MacKey src, stats::MacKey dst) {
    stats::ShardDelta d;
    d.second = second;
    d.macs[src].add_tx(60);
    d.macs[dst].add_rx(60);
    d.hosts[test::host("10.9.0.1")].macs[0] = kKnown;
    if (src == kNew) d.hosts[test::host("10.9.0.3")].macs[0] = kNew;  // the address it sends from
    engine->on_delta(d);
  };
  frame(kT0, kKnown, 0xFFFFFFFFFFFF);
  frame(kT0 + 6, kKnown, kNew);  // kNew only receives: not seen as a device yet
  EXPECT_TRUE(sink.alerts().empty());
  frame(kT0 + 7, kNew, kKnown);
  frame(kT0 + 8, kNew, kKnown);
  auto alerts = sink.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].entity, Entity::Mac);
  EXPECT_EQ(alerts[0].type_id, mac_alert::kUnexpectedNewDevice);
  EXPECT_EQ(alerts[0].info, "02:00:00:00:00:02");
  EXPECT_EQ(alerts[0].ip, test::ip("10.9.0.3"));
  EXPECT_EQ(alerts[0].begin_s, kT0 + 7);
  EXPECT_EQ(alerts[0].severity, Severity::Warning);
}

TEST(NewDeviceCheck, ConfiguredThroughTheEngineAsAMacCheck) {
  MemoryAlertSink sink(1);
  auto engine = AlertEngine::with_default_checks(0, sink);
  bool listed = false;
  for (const auto& c : engine->checks())
    if (c.name == "unexpected_new_device") listed = c.entity == Entity::Mac;
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace netmeter::alerts
