#include "alerts/checks/mac/mac_ip_association_change.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;

TEST(MacIpAssociationCheck, OneFindingPerChangeOfMac) {
  MacIpAssociationCheck check;
  EXPECT_EQ(check.type_id(), 4096 + 16);  // ntopng other_alert_keys.alert_mac_ip_association_change
  EXPECT_FALSE(check.config().enabled);
  std::vector<ArpFinding> out;
  auto ip = test::host("10.5.0.9");
  check.on_sender(ip, 0xA, out);
  check.on_sender(ip, 0xA, out);
  check.on_sender(test::host("10.5.0.10"), 0xB, out);  // another address: its own MAC
  EXPECT_TRUE(out.empty());
  check.on_sender(ip, 0xB, out);
  check.on_sender(ip, 0xB, out);
  check.on_sender(ip, 0xA, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].old_mac, 0xAu);
  EXPECT_EQ(out[0].new_mac, 0xBu);
  EXPECT_EQ(out[1].old_mac, 0xBu);
  EXPECT_EQ(out[1].new_mac, 0xAu);
}

TEST(MacIpAssociationCheck, EngineRaisesAOneShotMacAlertWithBothMacs) {
  MemoryAlertSink sink(10);
  auto engine = AlertEngine::with_default_checks(4, sink);
  auto announce = [&](int64_t second, stats::MacKey a, stats::MacKey b) {
    stats::ShardDelta d;
    d.second = second;
    d.arp.sender_macs[test::host("10.5.0.9")].note(a);
    if (b) d.arp.sender_macs[test::host("10.5.0.9")].note(b);
    engine->on_delta(d);
  };
  announce(kT0, 0x020000000001, 0);
  announce(kT0 + 1, 0x020000000002, 0);
  EXPECT_TRUE(sink.alerts().empty());  // off by default
  ASSERT_TRUE(engine->configure("mac_ip_association_change", [](CheckConfig& c) { c.enabled = true; }));
  announce(kT0 + 2, 0x020000000002, 0);  // learnt now
  announce(kT0 + 3, 0x020000000001, 0x020000000002);
  auto alerts = sink.alerts();
  ASSERT_EQ(alerts.size(), 2u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.entity, Entity::Mac);
  EXPECT_EQ(a.type_id, mac_alert::kMacIpAssociationChange);
  EXPECT_EQ(a.ip, test::ip("10.5.0.9"));
  EXPECT_EQ(a.begin_s, kT0 + 3);
  EXPECT_EQ(a.severity, Severity::Warning);
  EXPECT_EQ(a.info, "02:00:00:00:00:02 -> 02:00:00:00:00:01");
  EXPECT_EQ(alerts[1].info, "02:00:00:00:00:01 -> 02:00:00:00:00:02");
}

}  // namespace
}  // namespace netmeter::alerts
