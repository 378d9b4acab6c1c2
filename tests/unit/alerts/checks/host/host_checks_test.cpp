#include <gtest/gtest.h>

#include "alerts/alert_types.hpp"
#include "alerts/checks/host/flow_flood.hpp"
#include "alerts/checks/host/syn_flood.hpp"
#include "alerts/checks/host/syn_scan.hpp"

namespace netmeter::alerts {
namespace {

std::vector<HostTrigger> run(const HostCheck& check, const HostCounters& c) {
  std::vector<HostTrigger> out;
  check.on_periodic(c, out);
  return out;
}

TEST(SynFloodCheck, AttackerAndVictimAboveNtopngDefault) {
  SynFloodCheck check;
  EXPECT_EQ(check.type_id(), host_alert::kSynFlood);
  EXPECT_EQ(check.period(), Period::Second);
  EXPECT_EQ(check.config().threshold, 256u);
  EXPECT_TRUE(run(check, {.syn_sent = 256, .syn_rcvd = 256}).empty());  // "> threshold"
  auto t = run(check, {.syn_sent = 257});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(t[0].attacker);
  EXPECT_EQ(t[0].value, 257u);
  t = run(check, {.syn_rcvd = 1000});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_FALSE(t[0].attacker);
  check.config().threshold = 10;
  EXPECT_EQ(run(check, {.syn_sent = 11, .syn_rcvd = 11}).size(), 2u);
}

TEST(SynScanCheck, CountsOnlyUnansweredSynsPerMinute) {
  SynScanCheck check;
  EXPECT_EQ(check.type_id(), host_alert::kSynScan);
  EXPECT_EQ(check.period(), Period::Minute);
  // 400 SYNs of which 300 were answered: 100 unanswered, under 256.
  EXPECT_TRUE(run(check, {.syn_sent = 400, .synack_rcvd = 300}).empty());
  auto t = run(check, {.syn_sent = 400, .synack_rcvd = 100});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(t[0].attacker);
  EXPECT_EQ(t[0].value, 300u);
  t = run(check, {.synack_sent = 10, .syn_rcvd = 500});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_FALSE(t[0].attacker);
  EXPECT_EQ(t[0].value, 490u);
  // More answers than SYNs (a capture that started mid-way) is not negative.
  EXPECT_TRUE(run(check, {.syn_sent = 1, .synack_rcvd = 1000}).empty());
}

TEST(FlowFloodCheck, NewFlowsAsClientOrServer) {
  FlowFloodCheck check;
  EXPECT_EQ(check.type_id(), host_alert::kFlowFlood);
  check.config().threshold = 5;
  EXPECT_TRUE(run(check, {.flows_as_client = 5}).empty());
  auto t = run(check, {.flows_as_client = 6, .flows_as_server = 7});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[0].attacker);
  EXPECT_FALSE(t[1].attacker);
  EXPECT_EQ(t[1].value, 7u);
}

}  // namespace
}  // namespace netmeter::alerts
