#include "query/app_hosts.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "connection_store.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

class AppHostsTest : public ::testing::Test, public ConnectionStore {
 protected:
  std::vector<stats::HostKey> hosts_of(const query::Page<query::AppHostItem>& p) const {
    std::vector<stats::HostKey> out;
    for (const auto& r : p.items)
      out.push_back(r.host);
    return out;
  }
  using V = std::vector<stats::HostKey>;
};

TEST_F(AppHostsTest, BothEndsOfAnApplication) {
  auto p = query::application_hosts(store, stats::app_key(91, 124), ListRequest{});
  ASSERT_EQ(p.total, 2u);
  EXPECT_EQ(hosts_of(p), (V{web, lan}));
  EXPECT_EQ(p.items[0].traffic, (stats::Traffic{10, 1000, 20, 20000}));  // web served it
  EXPECT_EQ(p.items[0].flows, 1u);
  EXPECT_EQ(p.items[1].traffic, (stats::Traffic{20, 20000, 10, 1000}));
}

TEST_F(AppHostsTest, EveryConnectionOfTheHostCounts) {
  // Application 7: connections 2 (lan -> dns), 3 (other -> web) and 4 (web -> lan).
  auto p = query::application_hosts(store, stats::app_key(0, 7), ListRequest{});
  EXPECT_EQ(hosts_of(p), (V{dns, other, web, lan}));
  const auto& lan_row = p.items[3];
  EXPECT_EQ(lan_row.traffic, (stats::Traffic{4, 500, 4, 3080}));
  EXPECT_EQ(lan_row.flows, 2u);
  const auto& web_row = p.items[2];
  EXPECT_EQ(web_row.traffic, (stats::Traffic{8, 3500, 8, 5300}));
}

TEST_F(AppHostsTest, UnknownApplication) {
  EXPECT_EQ(query::application_hosts(store, stats::app_key(0, 124), ListRequest{}).total, 0u);
  EXPECT_EQ(query::category_hosts(store, 6, ListRequest{}).total, 0u);
}

TEST_F(AppHostsTest, Categories) {
  // Every connection is in category 5.
  auto p = query::category_hosts(store, 5, ListRequest{});
  EXPECT_EQ(hosts_of(p), (V{dns, other, web, lan}));
  EXPECT_EQ(p.items[3].traffic, (stats::Traffic{24, 20500, 14, 4080}));
  EXPECT_EQ(p.items[3].flows, 3u);
}

TEST_F(AppHostsTest, SortsAndVisibility) {
  ListRequest by_bytes;
  by_bytes.sort = SortKey::Bytes;
  by_bytes.order = Order::Descending;
  EXPECT_EQ(hosts_of(query::category_hosts(store, 5, by_bytes)), (V{web, lan, other, dns}));
  ListRequest by_flows;
  by_flows.sort = SortKey::Flows;
  by_flows.order = Order::Descending;
  EXPECT_EQ(hosts_of(query::category_hosts(store, 5, by_flows)), (V{web, lan, dns, other}));  // ties: key
  ListRequest by_rate = by_bytes;  // no history: a rate key sorts on the key
  by_rate.sort = SortKey::Bps;
  EXPECT_EQ(hosts_of(query::category_hosts(store, 5, by_rate)), (V{lan, web, other, dns}));
  ListRequest visible;
  visible.visible = [](const core::IpAddress& a) { return a.bytes()[0] != 192; };
  EXPECT_EQ(hosts_of(query::category_hosts(store, 5, visible)), (V{dns, other, web}));
}

}  // namespace
}  // namespace netmeter::test
