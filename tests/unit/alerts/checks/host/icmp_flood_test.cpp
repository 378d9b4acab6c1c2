#include "alerts/checks/host/icmp_flood.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;

TEST(IcmpFloodCheck, NtopngDefaultsAndAttackerVictim) {
  IcmpFloodCheck check;
  EXPECT_EQ(check.type_id(), 18);  // ntopng 6.x host_alert_icmp_flood
  EXPECT_EQ(check.config().threshold, 256u);
  EXPECT_FALSE(check.config().enabled);  // off by default, as in ntopng
  std::vector<HostTrigger> out;
  check.on_periodic({.icmp_flows_as_client = 256, .icmp_flows_as_server = 256}, out);
  EXPECT_TRUE(out.empty());
  check.on_periodic({.icmp_flows_as_client = 257}, out);
  check.on_periodic({.icmp_flows_as_server = 300}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].attacker);
  EXPECT_EQ(out[0].value, 257u);
  EXPECT_FALSE(out[1].attacker);
}

stats::ConnectionUpdate icmp(uint64_t id, std::string_view from, std::string_view to) {
  auto u = test::connection(id, from, static_cast<uint16_t>(id), to, 0);
  u.key.l4 = 1;
  return u;
}

TEST(IcmpFloodCheck, EngineCountsNewIcmpFlowsPerSecondAndReleasesWithDuration) {
  MemoryAlertSink sink(100);
  auto engine = AlertEngine::with_default_checks(0, sink);
  ASSERT_TRUE(engine->configure("icmp_flood", [](CheckConfig& c) {
    c.enabled = true;
    c.threshold = 5;
  }));
  for (int64_t s = 0; s < 2; ++s) {
    stats::ShardDelta d;
    d.second = kT0 + s;
    for (uint64_t i = 0; i < 6; ++i)
      d.connections.push_back(icmp(100 * (s + 1) + i, "10.0.0.1", "10.0.0.2"));
    d.connections.push_back(test::connection(900 + s, "10.0.0.1", 1, "10.0.0.2", 80));  // TCP: not counted
    engine->on_delta(d);
  }
  for (int64_t s : {kT0 + 3, kT0 + 5}) {  // the second judges kT0 + 2: no new flow, released
    stats::ShardDelta quiet;
    quiet.second = s;
    engine->on_delta(quiet);
  }
  std::vector<Alert> icmp_alerts;
  for (const auto& a : sink.alerts())
    if (a.type_id == host_alert::kIcmpFlood) icmp_alerts.push_back(a);
  ASSERT_EQ(icmp_alerts.size(), 2u);
  for (const auto& a : icmp_alerts) {
    EXPECT_EQ(a.begin_s, kT0);
    EXPECT_EQ(a.duration_s(), 2);
    EXPECT_EQ(a.value, 6u);
    EXPECT_EQ(a.ip, test::ip(a.is_attacker ? "10.0.0.1" : "10.0.0.2"));
  }
}

}  // namespace
}  // namespace netmeter::alerts
