#include <gtest/gtest.h>

#include <memory>

#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "alerts/blacklist.hpp"
#include "alerts/checks/flow/blacklisted_flow.hpp"
#include "alerts/checks/flow/elephant_flow.hpp"
#include "alerts/checks/flow/long_lived_flow.hpp"
#include "alerts/checks/flow/remote_to_local_insecure_proto.hpp"
#include "alerts/checks/flow/unexpected_server.hpp"
#include "flow/flow.hpp"

namespace netmeter::alerts {
namespace {

using test::connection;
using test::ip;

std::vector<core::Cidr> local() {
  return *core::parse_cidr_list("192.168.1.0/24");
}

TEST(BlacklistedFlowCheck, ServerAndClientInAListRaiseTheirContactAlertOnce) {
  auto lists = std::make_shared<Blacklist>();
  lists->add_text("drop", "203.0.113.0/24\n");
  lists->seal();
  BlacklistedFlowCheck check(lists);
  std::vector<FlowAlertDraft> out;
  FlowState to_listed;
  auto u = connection(1, "192.168.1.5", 40000, "203.0.113.9", 443);
  check.on_periodic(u, to_listed, out);
  check.on_periodic(u, to_listed, out);
  check.on_end(u, to_listed, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kBlacklistedServerContact);
  EXPECT_EQ(out[0].score, 250u);
  EXPECT_EQ(out[0].severity, Severity::Critical);
  out.clear();
  FlowState from_listed;
  check.on_end(connection(2, "203.0.113.200", 5555, "192.168.1.5", 22), from_listed, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kBlacklistedClientContact);
  out.clear();
  FlowState clean;
  check.on_periodic(connection(3, "192.168.1.5", 40000, "198.51.100.1", 443), clean, out);
  EXPECT_TRUE(out.empty());
  BlacklistedFlowCheck without_lists(nullptr);
  FlowState s;
  without_lists.on_periodic(u, s, out);
  EXPECT_TRUE(out.empty());
}

stats::ConnectionUpdate lasting(int64_t seconds) {
  auto u = connection(1, "192.168.1.5", 40000, "198.51.100.1", 22);
  u.dir[0].packets = u.dir[1].packets = 1;
  u.dir[0].first_seen = core::Timestamp::from_seconds(1000);
  u.dir[1].first_seen = core::Timestamp::from_seconds(1001);
  u.dir[0].last_seen = core::Timestamp::from_seconds(1000 + seconds);
  u.dir[1].last_seen = core::Timestamp::from_seconds(1001);
  return u;
}

TEST(LongLivedFlowCheck, FiresOnceBeyondThirtyMinutes) {
  LongLivedFlowCheck check;
  EXPECT_EQ(check.config().threshold, 1800u);
  std::vector<FlowAlertDraft> out;
  FlowState s;
  check.on_periodic(lasting(1800), s, out);
  EXPECT_TRUE(out.empty());
  check.on_periodic(lasting(1801), s, out);
  check.on_end(lasting(4000), s, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kLongLived);
  EXPECT_EQ(out[0].severity, Severity::Notice);
}

TEST(ElephantFlowCheck, LocalToRemoteAndRemoteToLocalThresholds) {
  ElephantFlowCheck check(local());
  check.config().threshold = 1000;   // local → remote
  check.config().threshold2 = 5000;  // remote → local
  std::vector<FlowAlertDraft> out;
  auto upload = connection(1, "192.168.1.5", 40000, "198.51.100.1", 443);
  upload.dir[flow::Flow::kClientToServer].bytes = 1000;
  upload.dir[flow::Flow::kServerToClient].bytes = 5000;
  FlowState s1;
  check.on_periodic(upload, s1, out);
  EXPECT_TRUE(out.empty());  // at the thresholds, not above
  upload.dir[flow::Flow::kClientToServer].bytes = 1001;
  check.on_periodic(upload, s1, out);
  check.on_end(upload, s1, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kElephantFlow);
  // A remote client sending to a local server: its bytes are remote → local.
  auto download = connection(2, "198.51.100.1", 40000, "192.168.1.5", 80);
  download.dir[flow::Flow::kClientToServer].bytes = 5001;
  FlowState s2;
  check.on_end(download, s2, out);
  EXPECT_EQ(out.size(), 2u);
  // Local to local and remote to remote are never elephants.
  auto inside = connection(3, "192.168.1.5", 40000, "192.168.1.6", 80);
  inside.dir[0].bytes = 1u << 30;
  FlowState s3;
  check.on_end(inside, s3, out);
  auto outside = connection(4, "198.51.100.1", 40000, "198.51.100.2", 80);
  outside.dir[0].bytes = 1u << 30;
  check.on_end(outside, s3, out);
  EXPECT_EQ(out.size(), 2u);
}

TEST(RemoteToLocalInsecureProtoCheck, RemoteClientLocalServerUnsafeBreedScoredByBreed) {
  RemoteToLocalInsecureProtoCheck check(local());
  std::vector<FlowAlertDraft> out;
  auto telnet_in = connection(1, "198.51.100.1", 40000, "192.168.1.5", 23);
  telnet_in.breed = 3;  // unsafe
  FlowState s1;
  check.on_detected(telnet_in, s1, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kRemoteToLocalInsecureProto);
  EXPECT_EQ(out[0].score, 10u);
  auto dangerous = telnet_in;
  dangerous.breed = 5;
  FlowState s2;
  check.on_detected(dangerous, s2, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].severity, Severity::Error);
  auto telnet_out = connection(3, "192.168.1.5", 40000, "198.51.100.1", 23);
  telnet_out.breed = 3;
  auto safe_in = telnet_in;
  safe_in.breed = 0;
  FlowState s3, s4;
  check.on_detected(telnet_out, s3, out);
  check.on_detected(safe_in, s4, out);
  EXPECT_EQ(out.size(), 2u);
}

TEST(UnexpectedServerCheck, OffWithoutAListThenRaisesForServersNotAllowed) {
  auto check = UnexpectedServerCheck::dns();
  EXPECT_EQ(check.name(), "unexpected_dns");
  std::vector<FlowAlertDraft> out;
  auto dns = connection(1, "192.168.1.5", 40000, "8.8.8.8", 53);
  dns.key.l4 = 17;
  dns.app = 5;
  FlowState s1;
  check.on_detected(dns, s1, out);
  EXPECT_TRUE(out.empty());  // no allowed list: off, as in ntopng
  check.config().servers = {ip("192.168.1.1")};
  check.on_detected(dns, s1, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, flow_alert::kUnexpectedDnsServer);
  auto allowed = connection(2, "192.168.1.5", 40000, "192.168.1.1", 53);
  allowed.app = 5;
  FlowState s2;
  check.on_detected(allowed, s2, out);
  auto not_dns = connection(3, "192.168.1.5", 40000, "8.8.8.8", 443);
  not_dns.app = 91;
  FlowState s3;
  check.on_detected(not_dns, s3, out);
  EXPECT_EQ(out.size(), 1u);
  auto ntp = UnexpectedServerCheck::ntp();
  ntp.config().servers = {ip("192.168.1.1")};
  auto ntp_flow = connection(4, "192.168.1.5", 123, "198.51.100.1", 123);
  ntp_flow.app = 9;
  FlowState s4;
  ntp.on_detected(ntp_flow, s4, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].type_id, flow_alert::kUnexpectedNtpServer);
}

}  // namespace
}  // namespace netmeter::alerts
