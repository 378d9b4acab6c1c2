#include "alerts/alert_engine.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "alerts/checks/flow/ndpi_risk.hpp"
#include "alerts/checks/host/syn_flood.hpp"
#include "alerts/checks/host/syn_scan.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {
namespace {

using test::host;

constexpr int64_t kT0 = 1'700'000'040;  // a minute boundary (divisible by 60)

class AlertEngineTest : public ::testing::Test {
 protected:
  AlertEngineTest() : sink_(100), engine_(3, sink_) {
    auto flood = std::make_unique<SynFloodCheck>();
    flood->config().threshold = 10;
    engine_.add_host_check(std::move(flood));
    auto scan = std::make_unique<SynScanCheck>();
    scan->config().threshold = 20;
    engine_.add_host_check(std::move(scan));
    engine_.add_flow_check(std::make_unique<NdpiRiskCheck>());
  }

  /// One worker's delta: `from` sent `syns` SYNs to `to` during `second`.
  void syns(int64_t second, std::string_view from, std::string_view to, uint32_t syns, unsigned worker = 0) {
    stats::ShardDelta d;
    d.second = second;
    d.worker = worker;
    d.hosts[host(from)].tcp_flags[static_cast<size_t>(stats::TcpFlagCount::Syn)] = syns;
    d.hosts[host(to)].syn_rcvd = syns;
    engine_.on_delta(d);
  }
  void quiet(int64_t second) {
    stats::ShardDelta d;
    d.second = second;
    engine_.on_delta(d);
  }

  MemoryAlertSink sink_;
  AlertEngine engine_;
};

TEST_F(AlertEngineTest, SynFloodEngagesWhileItLastsThenReleasesWithItsDuration) {
  syns(kT0, "10.0.0.1", "10.0.0.2", 6, 0);
  syns(kT0 + 1, "10.0.0.1", "10.0.0.2", 30, 0);
  // Worker 1 hands its part of kT0 over after worker 0 moved on: still counted in kT0 (12, over 10).
  syns(kT0, "10.0.0.1", "10.0.0.2", 6, 1);
  EXPECT_TRUE(engine_.engaged().empty());  // kT0 is judged once kT0 + kLateSeconds is seen
  quiet(kT0 + AlertEngine::kLateSeconds);
  auto engaged = engine_.engaged();
  ASSERT_EQ(engaged.size(), 2u);  // attacker and victim
  EXPECT_EQ(engaged[0].type_id, host_alert::kSynFlood);
  EXPECT_EQ(engaged[0].ifid, 3u);
  EXPECT_EQ(engaged[0].entity, Entity::Host);
  EXPECT_EQ(engaged[0].begin_s, kT0);
  EXPECT_EQ(engaged[0].end_s, 0);
  EXPECT_EQ(engaged[0].severity, Severity::Error);
  bool attacker_seen = false, victim_seen = false;
  for (const auto& a : engaged) {
    if (a.is_attacker && a.ip == test::ip("10.0.0.1")) attacker_seen = true;
    if (a.is_victim && a.ip == test::ip("10.0.0.2")) victim_seen = true;
    EXPECT_EQ(a.value, 12u);
    EXPECT_EQ(a.threshold, 10u);
  }
  EXPECT_TRUE(attacker_seen && victim_seen);
  quiet(kT0 + 3);  // judges kT0 + 1: still flooding (30)
  ASSERT_EQ(engine_.engaged().size(), 2u);
  EXPECT_EQ(engine_.engaged()[0].value, 30u);
  EXPECT_TRUE(sink_.alerts().empty());
  quiet(kT0 + 4);  // judges kT0 + 2: quiet, released
  EXPECT_TRUE(engine_.engaged().empty());
  auto past = sink_.alerts();
  ASSERT_EQ(past.size(), 2u);
  for (const auto& a : past) {
    EXPECT_EQ(a.begin_s, kT0);
    EXPECT_EQ(a.end_s, kT0 + 2);
    EXPECT_EQ(a.duration_s(), 2);
  }
  EXPECT_EQ(engine_.totals().host_engaged, 2u);
  EXPECT_EQ(engine_.totals().host_released, 2u);
}

TEST_F(AlertEngineTest, APartLaterThanTheLagCountsInTheOldestOpenSecond) {
  syns(kT0, "10.0.0.1", "10.0.0.2", 6, 0);
  quiet(kT0 + 2);                           // judges kT0: 6, under 10
  syns(kT0, "10.0.0.1", "10.0.0.2", 6, 1);  // too late for kT0: counted in kT0 + 2 (6, still under)
  quiet(kT0 + 4);
  EXPECT_TRUE(engine_.engaged().empty());
  EXPECT_TRUE(sink_.alerts().empty());
}

// The host tables of judged seconds are cleared and reused for later ones: nothing a second counted may
// be counted again in a later second that reuses its table (60 hosts: the table grew beyond its start).
TEST_F(AlertEngineTest, ASecondsCountsDoNotCarryIntoLaterSeconds) {
  auto a = [](int i) { return "10.0.1." + std::to_string(i); };
  auto b = [](int i) { return "10.0.2." + std::to_string(i); };
  for (int i = 1; i <= 30; ++i)
    syns(kT0, a(i), b(i), 11);  // over 10: each pair floods
  quiet(kT0 + 1);
  quiet(kT0 + 2);  // judges kT0
  EXPECT_EQ(engine_.engaged().size(), 60u);
  for (int s = 3; s < 5; ++s)  // kT0 + 3 reuses kT0's table
    for (int i = 1; i <= 30; ++i)
      syns(kT0 + s, a(i), b(i), 4);  // 4 + 11 would flood again (19 in the minute: no SYN scan)
  engine_.on_finish();
  EXPECT_EQ(engine_.totals().host_engaged, 60u) << "engaged again: a second's counts leaked";
  size_t floods = 0;
  for (const auto& alert : sink_.alerts()) {
    if (alert.type_id != host_alert::kSynFlood) continue;
    ++floods;
    EXPECT_EQ(alert.end_s, kT0 + 1);
  }
  EXPECT_EQ(floods, 60u);
}

TEST_F(AlertEngineTest, UnderThresholdRaisesNothing) {
  for (int s = 0; s < 130; ++s)
    syns(kT0 + s, "10.0.0.1", "10.0.0.2", 10);  // 10/s: not over 10, but 600/min over the scan's 20
  engine_.on_finish();
  for (const auto& a : sink_.alerts())
    EXPECT_NE(a.type_id, host_alert::kSynFlood);
}

TEST_F(AlertEngineTest, SynScanIsJudgedPerMinuteAndASilentGapReleases) {
  for (int s = 0; s < 60; ++s)
    syns(kT0 + s, "10.0.0.9", "10.0.0.2", 1);  // 60 unanswered in the minute, over 20
  syns(kT0 + 60, "10.0.0.9", "10.0.0.2", 1);
  EXPECT_TRUE(engine_.engaged().empty());
  quiet(kT0 + 62);  // judges kT0 + 60: the minute before it closes
  auto engaged = engine_.engaged();
  ASSERT_EQ(engaged.size(), 2u);
  EXPECT_EQ(engaged[0].type_id, host_alert::kSynScan);
  EXPECT_EQ(engaged[0].begin_s, kT0);
  EXPECT_EQ(engaged[0].value, 60u);
  quiet(kT0 + 300);
  quiet(kT0 + 302);  // minutes without traffic: released at the end of the minute that held
  EXPECT_TRUE(engine_.engaged().empty());
  auto past = sink_.alerts();
  ASSERT_EQ(past.size(), 2u);
  EXPECT_EQ(past[0].end_s, kT0 + 60);
}

TEST_F(AlertEngineTest, FinishReleasesWhatIsEngaged) {
  syns(kT0, "10.0.0.1", "10.0.0.2", 50);
  engine_.on_finish();
  EXPECT_TRUE(engine_.engaged().empty());
  // The flood (per second) and, its minute closed by the end, the scan (50 unanswered > 20).
  auto past = sink_.alerts();
  ASSERT_EQ(past.size(), 4u);
  int floods = 0, scans = 0;
  for (const auto& a : past) {
    EXPECT_EQ(a.begin_s, kT0);
    EXPECT_EQ(a.end_s, kT0 + 1);
    floods += a.type_id == host_alert::kSynFlood;
    scans += a.type_id == host_alert::kSynScan;
  }
  EXPECT_EQ(floods, 2);
  EXPECT_EQ(scans, 2);
}

TEST_F(AlertEngineTest, FlowRiskAlertsAreOneShotWithTheFlowsFields) {
  auto u = test::connection(42, "192.168.1.5", 50000, "1.2.3.4", 443);
  u.risk = uint64_t{1} << 6;  // self-signed certificate
  u.dpi_status = flow::DpiStatus::Pending;
  stats::ShardDelta d;
  d.second = kT0;
  d.connections.push_back(u);
  engine_.on_delta(d);
  EXPECT_TRUE(sink_.alerts().empty());  // nDPI is not done with it yet
  d.connections[0].dpi_status = flow::DpiStatus::Detected;
  std::string sni = "self-signed.example";
  std::copy(sni.begin(), sni.end(), d.connections[0].server_name);
  d.connections[0].server_name_len = static_cast<uint8_t>(sni.size());
  d.second = kT0 + 1;
  engine_.on_delta(d);
  d.connections[0].ended = true;
  d.second = kT0 + 2;
  engine_.on_delta(d);
  auto past = sink_.alerts();
  ASSERT_EQ(past.size(), 1u);
  const Alert& a = past[0];
  EXPECT_EQ(a.entity, Entity::Flow);
  EXPECT_EQ(a.type_id, 28);  // ntopng 6.x: tls_certificate_selfsigned (nDPI risk 6)
  EXPECT_EQ(a.flow_id, 42u);
  EXPECT_EQ(a.client.ip, test::ip("192.168.1.5"));
  EXPECT_EQ(a.client.port, 50000);
  EXPECT_EQ(a.server.ip, test::ip("1.2.3.4"));
  EXPECT_EQ(a.server.port, 443);
  EXPECT_EQ(a.info, sni);
  EXPECT_EQ(a.begin_s, kT0 + 1);
  EXPECT_GT(a.score, 0u);
  EXPECT_EQ(a.flow_score, a.score);  // its only risk
  EXPECT_EQ(engine_.totals().alerted_flows, 1u);
  EXPECT_TRUE(engine_.engaged().empty());
}

TEST_F(AlertEngineTest, TheFlowAlertTapHearsEachFlowAlertInTheDeltaThatRaisedIt) {
  std::vector<std::array<uint64_t, 3>> heard;
  engine_.set_flow_alert_tap([&](uint64_t flow, uint16_t type, uint32_t score) {
    heard.push_back({flow, type, score});
    EXPECT_EQ(sink_.alerts().size(), heard.size() - 1);  // before the sink has it
  });
  auto u = test::connection(7, "192.168.1.5", 50000, "1.2.3.4", 443);
  u.risk = uint64_t{1} << 6;  // self-signed certificate
  u.dpi_status = flow::DpiStatus::Detected;
  u.ended = true;  // its first and last update: the alert comes with its end
  stats::ShardDelta d;
  d.second = kT0;
  d.connections.push_back(u);
  syns(kT0, "10.0.0.1", "10.0.0.2", 50);  // host alerts are not flow alerts
  engine_.on_delta(d);
  ASSERT_EQ(heard.size(), 1u);
  const Alert a = sink_.alerts().at(0);
  EXPECT_EQ(heard[0], (std::array<uint64_t, 3>{7, a.type_id, a.score}));
  EXPECT_EQ(a.type_id, 28);
}

TEST_F(AlertEngineTest, NewFlowsCountForFlowFlood) {
  auto flood = AlertEngine::with_default_checks(0, sink_);
  ASSERT_TRUE(flood->configure("flow_flood", [](CheckConfig& c) { c.threshold = 3; }));
  EXPECT_FALSE(flood->configure("no_such_check", [](CheckConfig&) {}));
  stats::ShardDelta d;
  d.second = kT0;
  for (uint16_t p = 0; p < 4; ++p)
    d.connections.push_back(test::connection(100 + p, "10.0.0.7", 1000 + p, "10.0.0.8", 80));
  flood->on_delta(d);
  flood->on_delta(d);  // the same flows again do not count: they are not new
  d.connections.clear();
  d.second = kT0 + 2;
  flood->on_delta(d);
  auto engaged = flood->engaged();
  ASSERT_EQ(engaged.size(), 2u);
  EXPECT_EQ(engaged[0].type_id, host_alert::kFlowFlood);
  EXPECT_EQ(engaged[0].value, 4u);
}

TEST_F(AlertEngineTest, PacketDropsEngageAnInterfaceAlertPerMinute) {
  auto engine = AlertEngine::with_default_checks(5, sink_);
  auto at = [&](int64_t second) {
    stats::ShardDelta d;
    d.second = second;
    engine->on_delta(d);
  };
  engine->note_interface({.packets = 1000, .drops = 200});  // 16.6 %
  at(kT0);
  at(kT0 + 60);
  at(kT0 + 62);  // judges kT0 + 60: the first minute closes with too many drops
  auto engaged = engine->engaged();
  ASSERT_EQ(engaged.size(), 1u);
  EXPECT_EQ(engaged[0].entity, Entity::Interface);
  EXPECT_EQ(engaged[0].type_id, interface_alert::kTooManyDrops);
  EXPECT_EQ(engaged[0].ifid, 5u);
  EXPECT_EQ(engaged[0].begin_s, kT0);
  EXPECT_EQ(engaged[0].value, 16u);
  EXPECT_EQ(engaged[0].severity, Severity::Error);
  engine->note_interface({.packets = 100000, .drops = 200});  // 0.2 % since the start
  at(kT0 + 120);
  at(kT0 + 122);
  EXPECT_TRUE(engine->engaged().empty());
  auto past = sink_.alerts();
  ASSERT_EQ(past.size(), 1u);
  EXPECT_EQ(past[0].entity, Entity::Interface);
  EXPECT_EQ(past[0].end_s, kT0 + 60);
  EXPECT_EQ(past[0].duration_s(), 60);
  EXPECT_TRUE(engine->configure("too_many_drops", [](CheckConfig& c) { c.enabled = false; }));
}

TEST(MemoryAlertSink, DropsTheOldestBeyondCapacity) {
  MemoryAlertSink sink(2);
  for (uint64_t i = 1; i <= 3; ++i) {
    Alert a;
    a.id = i;
    sink.store(a);
  }
  auto kept = sink.alerts();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].id, 2u);
  EXPECT_EQ(sink.dropped(), 1u);
}

}  // namespace
}  // namespace netmeter::alerts
