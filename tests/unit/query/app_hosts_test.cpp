#include "query/app_hosts.hpp"

#include <gtest/gtest.h>

#include <string>
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

std::vector<std::string> names_of(const std::vector<query::NamedKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    out.push_back(k.name);
  return out;
}

// A connection detected only when it ended keeps its traffic under Unknown (what was known while it
// flowed); its application is still known, through the connection.
TEST_F(AppHostsTest, KnownApplicationsIncludeThoseOfConnectionsOnly) {
  query::NumericNames names;
  EXPECT_EQ(names_of(query::known_applications(store, names)), (std::vector<std::string>{"7", "91.124"}));
  auto d = delta(kT0 + 20);
  Conn late{9, lan, 40009, web, 8443, 6, 2, 200, 2, 400, (kT0 + 20) * kNs, (kT0 + 20) * kNs};
  late.master = 0;
  late.app = 0;
  stats::ConnectionUpdate pending = update(late);
  pending.dpi_status = flow::DpiStatus::Pending;
  d.connections.push_back(pending);
  store.apply(d);
  auto d1 = delta(kT0 + 21);
  late.master = 91;
  late.ended = true;
  d1.connections.push_back(update(late));
  store.apply(d1);
  EXPECT_EQ(names_of(query::known_applications(store, names)),
            (std::vector<std::string>{"0", "7", "91", "91.124"}));
  EXPECT_EQ(store.apps().find(stats::app_key(91, 0)), nullptr);  // no traffic of its own
  EXPECT_EQ(query::find_application(store, names, "91"), stats::app_key(91, 0));
  EXPECT_EQ(query::find_application(store, names, "91.124"), stats::app_key(91, 124));
  EXPECT_FALSE(query::find_application(store, names, "9"));
  auto hosts = query::application_hosts(store, stats::app_key(91, 0), ListRequest{});
  ASSERT_EQ(hosts.total, 2u);
  EXPECT_TRUE(hosts.items[0].traffic.empty());
  EXPECT_EQ(hosts.items[0].flows, 1u);
}

TEST_F(AppHostsTest, KnownCategories) {
  query::NumericNames names;
  auto cats = query::known_categories(store, names);
  ASSERT_EQ(cats.size(), 1u);
  EXPECT_EQ(cats[0].key, 5u);
  EXPECT_EQ(cats[0].name, "5");
}

// Names are matched whole, in any case.
TEST(FindApplication, AnyCase) {
  struct Names : query::NameResolver {
    std::string application(uint16_t master, uint16_t app) const override {
      return master == 91 && app == 124 ? "TLS.YouTube" : numeric.application(master, app);
    }
    std::string category(uint16_t category) const override { return numeric.category(category); }
    std::string breed(uint8_t breed) const override { return numeric.breed(breed); }
    query::NumericNames numeric;
  } names;
  ConnectionStore s;
  EXPECT_EQ(query::find_application(s.store, names, "tls.youtube"), stats::app_key(91, 124));
  EXPECT_FALSE(query::find_application(s.store, names, "YouTube"));
}

}  // namespace
}  // namespace netmeter::test
