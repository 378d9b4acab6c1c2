#include "alerts/checks/host/dns_errors_ratio.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;  // the start of a minute

TEST(DnsErrorsRatioCheck, DefaultsAndRatioAboveThresholdOnceEnoughReplies) {
  DnsErrorsRatioCheck check;
  EXPECT_EQ(check.type_id(), 4096 + 54);  // ntopng other_alert_keys.alert_dns_positive_error_ratio
  EXPECT_EQ(check.name(), "dns_positive_error_ratio");
  EXPECT_TRUE(check.config().enabled);
  EXPECT_EQ(check.config().threshold, 50u);
  EXPECT_EQ(check.config().threshold2, 10u);
  std::vector<HostTrigger> out;
  check.on_periodic({.dns_replies_sent = 9, .dns_errors_sent = 9}, out);    // too few replies
  check.on_periodic({.dns_replies_sent = 20, .dns_errors_sent = 10}, out);  // 50 %: not above
  check.on_periodic({}, out);
  EXPECT_TRUE(out.empty());
  check.on_periodic({.dns_replies_sent = 21, .dns_errors_sent = 11}, out);  // 52.4 %
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].attacker);
  EXPECT_EQ(out[0].value, 52u);
}

/// `n` DNS responses from `server` to `client`, `errors` of them NXDOMAIN.
void add_replies(stats::ShardDelta& d, std::string_view server, std::string_view client, int n, int errors) {
  for (int i = 0; i < n; ++i) {
    stats::L7Event& e = d.events.emplace_back();
    e.kind = stats::L7Kind::DnsResponse;
    e.server = test::host(server);
    e.client = test::host(client);
    e.rcode = i < errors ? 3 : 0;
  }
}

TEST(DnsErrorsRatioCheck, EngineJudgesAMinuteOfRepliesPerServerAndReleasesWithDuration) {
  MemoryAlertSink sink(100);
  auto engine = AlertEngine::with_default_checks(0, sink);
  for (int64_t s = 0; s < 60; s += 10) {  // one minute: 7 errors of 10 from .53, 1 of 10 from .54
    for (unsigned worker = 0; worker < 2; ++worker) {
      stats::ShardDelta d;
      d.second = kT0 + s;
      d.worker = worker;
      add_replies(d, "10.0.0.53", "10.0.0.7", 5, worker == 0 ? 5 : 2);
      add_replies(d, "10.0.0.54", "10.0.0.7", 5, worker == 0 ? 1 : 0);
      if (worker == 0) add_replies(d, "10.0.0.55", "10.0.0.7", 1, 1);  // 6 replies a minute: too few
      engine->on_delta(d);
    }
  }
  // The next minute has no error: the alert of the first one is released when it ends.
  for (int64_t s : {kT0 + 60, kT0 + 125, kT0 + 130}) {
    stats::ShardDelta d;
    d.second = s;
    add_replies(d, "10.0.0.53", "10.0.0.7", 20, 0);
    engine->on_delta(d);
  }
  std::vector<Alert> found;
  for (const auto& a : sink.alerts())
    if (a.type_id == host_alert::kDnsErrorsRatio) found.push_back(a);
  ASSERT_EQ(found.size(), 1u);
  const Alert& a = found[0];
  EXPECT_EQ(a.entity, Entity::Host);
  EXPECT_EQ(a.ip, test::ip("10.0.0.53"));
  EXPECT_EQ(a.value, 70u);  // 42 errors of 60 replies
  EXPECT_EQ(a.begin_s, kT0);
  EXPECT_EQ(a.duration_s(), 60);
  EXPECT_EQ(a.severity, Severity::Warning);
}

}  // namespace
}  // namespace netmeter::alerts
