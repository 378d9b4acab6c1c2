#include "query/flow_counts.hpp"

#include <gtest/gtest.h>

#include <map>

#include "connection_store.hpp"
#include "core/cidr.hpp"

namespace netmeter::test {
namespace {

class FlowCountsTest : public ::testing::Test, public ConnectionStore {
 protected:
  /// Everything but 8.8.8.8 and 10.0.0.0/8.
  static bool limited(const core::IpAddress& ip) {
    return ip != addr("8.8.8.8") && !core::in_any(*core::parse_cidr_list("10.0.0.0/8"), ip);
  }
};

TEST_F(FlowCountsTest, ActiveFlowsByL4AndProtocol) {
  const query::FlowCounts c = query::count_flows(store, false);
  EXPECT_EQ(c.flows, 3u);  // connection 2 has finished
  EXPECT_EQ(c.by_l4, (std::map<uint8_t, size_t>{{6, 3}}));
  // TLS.YouTube counts as YouTube (its app protocol), the others as protocol 7.
  EXPECT_EQ(c.by_protocol, (std::map<uint16_t, size_t>{{7, 2}, {124, 1}}));
}

TEST_F(FlowCountsTest, FinishedFlowsWhenAsked) {
  const query::FlowCounts c = query::count_flows(store, true);
  EXPECT_EQ(c.flows, 4u);
  EXPECT_EQ(c.by_l4, (std::map<uint8_t, size_t>{{6, 3}, {17, 1}}));
  EXPECT_EQ(c.by_protocol, (std::map<uint16_t, size_t>{{7, 3}, {124, 1}}));
}

TEST_F(FlowCountsTest, LimitedCallerCountsFlowsWithAVisibleEnd) {
  // Connection 3 (10.0.0.5 → web) still has a visible end; connection 2 (lan → 8.8.8.8) too.
  EXPECT_EQ(query::count_flows(store, true, limited).flows, 4u);
  auto only_dns = [](const core::IpAddress& ip) { return ip == addr("8.8.8.8"); };
  const query::FlowCounts c = query::count_flows(store, true, only_dns);
  EXPECT_EQ(c.flows, 1u);
  EXPECT_EQ(c.by_l4, (std::map<uint8_t, size_t>{{17, 1}}));
}

TEST_F(FlowCountsTest, TotalAloneAgreesWithTheCounts) {
  EXPECT_EQ(query::count_flow_total(store, false), 3u);
  EXPECT_EQ(query::count_flow_total(store, true), 4u);
  auto only_dns = [](const core::IpAddress& ip) { return ip == addr("8.8.8.8"); };
  EXPECT_EQ(query::count_flow_total(store, true, only_dns), 1u);
  EXPECT_EQ(query::count_flow_total(store, false, only_dns), 0u);
}

TEST_F(FlowCountsTest, CountedProtocol) {
  EXPECT_EQ(query::counted_protocol(91, 124), 124);  // TLS.YouTube
  EXPECT_EQ(query::counted_protocol(0, 5), 5);       // DNS
  EXPECT_EQ(query::counted_protocol(5, 0), 5);       // a master without app
  EXPECT_EQ(query::counted_protocol(0, 0), 0);       // Unknown
}

class HostCountsTest : public ::testing::Test {
 protected:
  HostCountsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    for (auto [h, mac] : {std::pair{lan, stats::MacKey{0x02000000000a}}, std::pair{web, kRouterMac},
                          std::pair{dns, kRouterMac}}) {
      send(d, h, lan, 100, kT0 * kNs);
      d.hosts[h].macs[0] = mac;
      d.macs[mac] += stats::Traffic{0, 0, 1, 100};
    }
    d.macs[0xffffffffffff] += stats::Traffic{1, 100, 0, 0};  // broadcast and multicast: no devices
    d.macs[0x01005e0000fb] += stats::Traffic{1, 100, 0, 0};
    store.apply(d);
  }
  static constexpr stats::MacKey kRouterMac = 0x020000000001;
  stats::HostKey lan = host("192.168.1.10");
  stats::HostKey web = host("93.184.216.34");
  stats::HostKey dns = host("8.8.8.8");
  stats::StatsStore store;
};

TEST_F(HostCountsTest, AllHostsLocalOnesAndMacs) {
  const query::HostCounts c = query::count_hosts(store);
  EXPECT_EQ(c.hosts, 3u);
  EXPECT_EQ(c.local_hosts, 1u);  // 192.168.1.0/24 is local by default
  EXPECT_EQ(c.devices, 2u);
}

TEST_F(HostCountsTest, LimitedCallerCountsWhatItSees) {
  auto only_dns = [](const core::IpAddress& ip) { return ip == addr("8.8.8.8"); };
  const query::HostCounts c = query::count_hosts(store, only_dns);
  EXPECT_EQ(c.hosts, 1u);
  EXPECT_EQ(c.local_hosts, 0u);
  EXPECT_EQ(c.devices, 1u);  // the router's MAC carries 8.8.8.8
  auto nothing = [](const core::IpAddress&) { return false; };
  EXPECT_EQ(query::count_hosts(store, nothing).devices, 0u);
}

}  // namespace
}  // namespace netmeter::test
