#include <gtest/gtest.h>

#include "alerts/alert_service.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "stats/shard_delta.hpp"
#include "store/database.hpp"
#include "store/temp_dir.hpp"

namespace netmeter::alerts {
namespace {

constexpr int64_t kT0 = 1'700'000'040;

class AlertServiceConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    db_.reset();
    auto opened = store::Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  const CheckConfig* find(const AlertService& s, Entity e, std::string_view name) {
    checks_ = s.checks();
    for (const auto& c : checks_)
      if (c.entity == e && c.name == name) return &c.config;
    return nullptr;
  }
  /// Four SYNs from 10.0.0.1 to 10.0.0.2 in one second, then enough quiet seconds to judge it.
  static void syn_burst(AlertEngine& engine) {
    stats::ShardDelta d;
    d.second = kT0;
    d.hosts[test::host("10.0.0.1")].tcp_flags[static_cast<size_t>(stats::TcpFlagCount::Syn)] = 4;
    d.hosts[test::host("10.0.0.2")].syn_rcvd = 4;
    engine.on_delta(d);
    stats::ShardDelta quiet;
    quiet.second = kT0 + AlertEngine::kLateSeconds;
    engine.on_delta(quiet);
  }
  std::vector<AlertEngine::CheckInfo> checks_;
  store::test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(AlertServiceConfigTest, ConfigurationIsStoredAndAppliedToRunningAndNewEngines) {
  {
    AlertService service(*db_, {});
    ASSERT_TRUE(service.load());
    auto running = service.make_engine(1);
    EXPECT_EQ(service.configure(Entity::Host, "no_such", [](CheckConfig&) {}),
              AlertService::Configured::NoSuchCheck);
    EXPECT_EQ(service.configure(Entity::Flow, "syn_flood", [](CheckConfig&) {}),
              AlertService::Configured::NoSuchCheck);  // a host check
    ASSERT_EQ(service.configure(Entity::Host, "syn_flood", [](CheckConfig& c) { c.threshold = 3; }),
              AlertService::Configured::Ok);
    ASSERT_EQ(service.configure(Entity::Flow, "unexpected_dns",
                                [](CheckConfig& c) { c.servers = {test::ip("192.168.1.1")}; }),
              AlertService::Configured::Ok);
    syn_burst(*running);  // 4 > 3 on the running engine
    EXPECT_EQ(running->engaged().size(), 2u);
  }
  reopen();  // a restart
  AlertService service(*db_, {});
  ASSERT_TRUE(service.load());
  const CheckConfig* flood = find(service, Entity::Host, "syn_flood");
  ASSERT_NE(flood, nullptr);
  EXPECT_EQ(flood->threshold, 3u);
  const CheckConfig* dns = find(service, Entity::Flow, "unexpected_dns");
  ASSERT_NE(dns, nullptr);
  ASSERT_EQ(dns->servers.size(), 1u);
  EXPECT_EQ(dns->servers[0], test::ip("192.168.1.1"));
  auto fresh = service.make_engine(2);
  syn_burst(*fresh);
  EXPECT_EQ(fresh->engaged().size(), 2u);
  ASSERT_EQ(service.configure(Entity::Host, "syn_flood", [](CheckConfig& c) { c.enabled = false; }),
            AlertService::Configured::Ok);
  auto disabled = service.make_engine(3);
  syn_burst(*disabled);
  EXPECT_TRUE(disabled->engaged().empty());
}

TEST_F(AlertServiceConfigTest, ExclusionsSilenceAHostOrBlockForOneTypeAndPersist) {
  {
    AlertService service(*db_, {});
    ASSERT_TRUE(service.load());
    ASSERT_EQ(service.configure(Entity::Host, "syn_flood", [](CheckConfig& c) { c.threshold = 3; }),
              AlertService::Configured::Ok);
    auto id = service.add_exclusion(Entity::Host, host_alert::kSynFlood, *core::Cidr::parse("10.0.0.0/31"));
    ASSERT_TRUE(id);
    auto again =
        service.add_exclusion(Entity::Host, host_alert::kSynFlood, *core::Cidr::parse("10.0.0.1/31"));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *id);  // the same block once masked
    auto other = service.add_exclusion(Entity::Host, host_alert::kSynScan, *core::Cidr::parse("10.0.0.2"));
    ASSERT_TRUE(other);
  }
  reopen();
  AlertService service(*db_, {});
  ASSERT_TRUE(service.load());
  ASSERT_EQ(service.exclusions()->list().size(), 2u);
  auto engine = service.make_engine(1);
  syn_burst(*engine);
  auto engaged = engine->engaged();
  ASSERT_EQ(engaged.size(), 1u);  // 10.0.0.1 (attacker) is excluded, 10.0.0.2 (victim) is not
  EXPECT_EQ(engaged[0].ip, test::ip("10.0.0.2"));
  auto first = service.exclusions()->list()[0].id;
  auto removed = service.remove_exclusion(first);
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto missing = service.remove_exclusion(first);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  EXPECT_EQ(service.exclusions()->list().size(), 1u);
}

TEST(AlertExclusions, FlowAlertsMatchEitherEnd) {
  AlertExclusions ex({{1, Entity::Flow, flow_alert::kLongLived, *core::Cidr::parse("192.168.1.0/24")}});
  EXPECT_TRUE(ex.excludes(Entity::Flow, flow_alert::kLongLived, test::ip("192.168.1.77")));
  EXPECT_FALSE(ex.excludes(Entity::Flow, flow_alert::kElephantFlow, test::ip("192.168.1.77")));
  EXPECT_FALSE(ex.excludes(Entity::Host, flow_alert::kLongLived, test::ip("192.168.1.77")));
  EXPECT_FALSE(ex.excludes(Entity::Flow, flow_alert::kLongLived, test::ip("192.168.2.1")));
}

}  // namespace
}  // namespace netmeter::alerts
