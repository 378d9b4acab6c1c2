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
  check.on_periodic({.icmp_sent = 256, .icmp_rcvd = 256}, out);
  EXPECT_TRUE(out.empty());
  check.on_periodic({.icmp_sent = 257}, out);
  check.on_periodic({.icmp_rcvd = 300}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].attacker);
  EXPECT_EQ(out[0].value, 257u);
  EXPECT_FALSE(out[1].attacker);
}

TEST(IcmpFloodCheck, EngineSumsTheWorkersIcmpPacketsPerSecondAndReleasesWithDuration) {
  MemoryAlertSink sink(100);
  auto engine = AlertEngine::with_default_checks(0, sink);
  ASSERT_TRUE(engine->configure("icmp_flood", [](CheckConfig& c) {
    c.enabled = true;
    c.threshold = 5;
  }));
  for (int64_t s = 0; s < 2; ++s) {
    for (unsigned worker = 0; worker < 2; ++worker) {  // 3 + 3 packets: 6 in the second
      stats::ShardDelta d;
      d.second = kT0 + s;
      d.worker = worker;
      d.hosts[test::host("10.0.0.1")].icmp_sent = 3;
      d.hosts[test::host("10.0.0.2")].icmp_rcvd = 3;
      d.hosts[test::host("10.0.0.3")].icmp_sent = 2;  // under the threshold
      engine->on_delta(d);
    }
  }
  for (int64_t s : {kT0 + 3, kT0 + 5}) {  // the second judges kT0 + 2: no ICMP, released
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
