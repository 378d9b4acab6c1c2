#include "alerts/checks/host/score_threshold.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "dpi/risks.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;  // the start of a minute
constexpr int kDga = 16;                // nDPI's NDPI_SUSPICIOUS_DGA_DOMAIN

TEST(ScoreThresholdCheck, NtopngDefaultsAndRoleFromTheLargerPart) {
  ScoreThresholdCheck check;
  EXPECT_EQ(check.type_id(), 17);  // ntopng 6.x host_alert_score_threshold
  EXPECT_TRUE(check.config().enabled);
  EXPECT_EQ(check.config().threshold, 5000u);
  std::vector<HostTrigger> out;
  check.on_periodic({.score_as_client = 2500, .score_as_server = 2500}, out);
  EXPECT_TRUE(out.empty());
  check.on_periodic({.score_as_client = 4000, .score_as_server = 1001}, out);
  check.on_periodic({.score_as_client = 1, .score_as_server = 5000}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].attacker);
  EXPECT_EQ(out[0].value, 5001u);
  EXPECT_FALSE(out[1].attacker);
}

stats::ConnectionUpdate dga_flow(uint64_t id, std::string_view client, std::string_view server) {
  auto u = test::connection(id, client, 40000 + static_cast<uint16_t>(id), server, 53);
  u.risk = uint64_t{1} << kDga;
  return u;
}

TEST(ScoreThresholdCheck, HostScoreIsTheSumOfItsActiveFlowsClientAndServerParts) {
  MemoryAlertSink sink(100);
  auto engine = AlertEngine::with_default_checks(0, sink);
  dpi::RiskScore one = dpi::risk_score(uint64_t{1} << kDga);
  ASSERT_GT(one.client, 0u);
  // Threshold: more than what 3 flows give their client; 4 cross it.
  uint64_t threshold = 3 * uint64_t{one.client};
  ASSERT_TRUE(engine->configure("score_threshold", [&](CheckConfig& c) { c.threshold = threshold; }));
  stats::ShardDelta d;
  d.second = kT0;
  for (uint64_t id = 1; id <= 4; ++id)
    d.connections.push_back(dga_flow(id, "10.1.0.5", "10.1.0.53"));
  d.connections.push_back(dga_flow(9, "10.1.0.6", "10.1.0.53"));  // another client, under the threshold
  engine->on_delta(d);
  // Second minute: two of the flows end; the host scores 2 flows' worth: released at its start.
  stats::ShardDelta ends;
  ends.second = kT0 + 61;
  for (uint64_t id = 1; id <= 2; ++id) {
    auto u = dga_flow(id, "10.1.0.5", "10.1.0.53");
    u.ended = true;
    ends.connections.push_back(u);
  }
  engine->on_delta(ends);
  for (int64_t s : {kT0 + 121, kT0 + 125}) {  // close the second minute
    stats::ShardDelta quiet;
    quiet.second = s;
    engine->on_delta(quiet);
  }
  std::vector<Alert> found;
  for (const auto& a : sink.alerts())
    if (a.type_id == host_alert::kScoreThreshold) found.push_back(a);
  ASSERT_EQ(found.size(), 1u);
  const Alert& a = found[0];
  EXPECT_EQ(a.ip, test::ip("10.1.0.5"));
  EXPECT_TRUE(a.is_attacker);
  EXPECT_EQ(a.value, 4 * uint64_t{one.client});
  EXPECT_EQ(a.threshold, threshold);
  EXPECT_EQ(a.begin_s, kT0);
  EXPECT_EQ(a.duration_s(), 60);
  EXPECT_EQ(a.severity, Severity::Error);
}

TEST(ScoreThresholdCheck, TheServerOfManyRiskyFlowsIsTheVictimWhenItsPartIsLarger) {
  MemoryAlertSink sink(100);
  auto engine = AlertEngine::with_default_checks(0, sink);
  dpi::RiskScore one = dpi::risk_score(uint64_t{1} << kDga);
  ASSERT_GT(one.server, 0u);
  // Each client's part stays under the threshold; the server's sum crosses it.
  uint64_t threshold = std::max<uint64_t>(4 * uint64_t{one.server}, one.client);
  uint64_t flows = threshold / one.server + 1;
  ASSERT_TRUE(engine->configure("score_threshold", [&](CheckConfig& c) { c.threshold = threshold; }));
  stats::ShardDelta d;
  d.second = kT0;
  for (uint64_t id = 1; id <= flows; ++id)  // one client each, one server
    d.connections.push_back(
        dga_flow(id, "10.2." + std::to_string(id / 200) + "." + std::to_string(id % 200 + 1), "10.3.0.53"));
  engine->on_delta(d);
  engine->on_finish();  // the capture ends: the minute is judged, then released
  std::vector<Alert> found;
  for (const auto& a : sink.alerts())
    if (a.type_id == host_alert::kScoreThreshold) found.push_back(a);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].ip, test::ip("10.3.0.53"));
  EXPECT_TRUE(found[0].is_victim);
  EXPECT_EQ(found[0].value, flows * one.server);
}

}  // namespace
}  // namespace netmeter::alerts
