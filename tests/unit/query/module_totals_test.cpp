#include "query/module_totals.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Module;
using query::ModuleFilter;

class ModuleTotalsTest : public ::testing::Test {
 protected:
  ModuleTotalsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    d.ports[stats::port_key(6, 443)].add_rx(1000);
    d.ports[stats::port_key(6, 443)].add_tx(3000);
    d.ports[stats::port_key(6, 80)].add_rx(500);
    d.ports[stats::port_key(17, 53)].add_rx(80);
    d.vlans[stats::vlan_key(0, 10)].add_rx(700);
    d.vlans[stats::vlan_key(1, 20)].add_rx(700);
    d.multicast[host("239.1.2.3")].add_rx(300);
    d.multicast[host("ff02::fb")].add_rx(120);
    store.apply(d);
    auto d1 = delta(kT0 + 1);
    d1.ports[stats::port_key(6, 80)].add_rx(2000);
    store.apply(d1);
    store.mark_finished();  // kT0 + 1 is the last complete second
  }

  stats::StatsStore store;
  query::NumericNames names;
};

TEST_F(ModuleTotalsTest, SumsOfTheEntities) {
  auto t = query::module_totals(store, names, Module::Port, ListRequest{});
  EXPECT_EQ(t.items, 3u);
  EXPECT_EQ(t.traffic.all_time, (stats::Traffic{4, 3580, 1, 3000}));
  EXPECT_EQ(t.traffic.last_second, (stats::Traffic{1, 2000, 0, 0}));
  EXPECT_EQ(t.traffic.interval, t.traffic.last_second);  // no interval asked: the last second
  EXPECT_EQ(t.first_ns, kT0 * kNs);
  EXPECT_EQ(t.last_ns, (kT0 + 1) * kNs);
}

TEST_F(ModuleTotalsTest, Interval) {
  ListRequest r;
  r.interval = {kT0, kT0 + 2};
  auto t = query::module_totals(store, names, Module::Port, r);
  EXPECT_EQ(t.traffic.interval, (stats::Traffic{4, 3580, 1, 3000}));
  EXPECT_EQ(t.traffic.interval_per_second, (stats::Traffic{2, 1790, 0, 1500}));
}

TEST_F(ModuleTotalsTest, Filtered) {
  ModuleFilter tcp;
  tcp.l4 = 6;
  auto t = query::module_totals(store, names, Module::Port, ListRequest{}, tcp);
  EXPECT_EQ(t.items, 2u);
  EXPECT_EQ(t.traffic.all_time.rx_bytes, 3500u);
  ModuleFilter outer;
  outer.vlan_level = 0;
  EXPECT_EQ(query::module_totals(store, names, Module::Vlan, ListRequest{}, outer).traffic.all_time.rx_bytes,
            700u);
  // Without a level a double-tagged packet counts once per tag.
  EXPECT_EQ(query::module_totals(store, names, Module::Vlan, ListRequest{}).traffic.all_time.rx_bytes, 1400u);
}

TEST_F(ModuleTotalsTest, MulticastGroupsAreAddresses) {
  ListRequest r;
  r.visible = [](const core::IpAddress& a) { return a.is_v4(); };
  auto t = query::module_totals(store, names, Module::Multicast, r);
  EXPECT_EQ(t.items, 1u);
  EXPECT_EQ(t.traffic.all_time.rx_bytes, 300u);
  EXPECT_EQ(query::list_module(store, names, Module::Multicast, r).total, 1u);
  EXPECT_EQ(query::list_module(store, names, Module::Multicast, ListRequest{}).total, 2u);
}

TEST_F(ModuleTotalsTest, NotASmallModule) {
  auto t = query::module_totals(store, names, Module::Host, ListRequest{});
  EXPECT_EQ(t.items, 0u);
  EXPECT_TRUE(t.traffic.all_time.empty());
}

TEST_F(ModuleTotalsTest, GraphIsTheSumOfTheEntityGraphs) {
  query::GraphRequest g;
  g.range = {kT0, kT0 + 2};
  g.timespan = 1;
  auto graph = query::module_graph(store, names, Module::Port, g, ListRequest{});
  ASSERT_EQ(graph.points.size(), 2u);
  EXPECT_EQ(graph.step, 1);
  EXPECT_EQ(graph.points[0].time_ms, kT0 * 1000);
  EXPECT_EQ(graph.points[0].value, (stats::Traffic{3, 1580, 1, 3000}));
  EXPECT_EQ(graph.points[1].value, (stats::Traffic{1, 2000, 0, 0}));
  ModuleFilter udp;
  udp.l4 = 17;
  auto udp_graph = query::module_graph(store, names, Module::Port, g, ListRequest{}, udp);
  EXPECT_EQ(udp_graph.points[0].value, (stats::Traffic{1, 80, 0, 0}));
  EXPECT_TRUE(udp_graph.points[1].value.empty());
  // A module without entities: the plan's points, all zero.
  auto none = query::module_graph(store, names, Module::Mpls, g, ListRequest{});
  ASSERT_EQ(none.points.size(), 2u);
  EXPECT_TRUE(none.points[0].value.empty());
}

}  // namespace
}  // namespace netmeter::test
