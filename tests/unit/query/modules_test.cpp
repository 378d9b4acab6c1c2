#include "query/modules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Module;
using query::Order;
using query::SortKey;

class ModulesTest : public ::testing::Test {
 protected:
  ModulesTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    d.ports[stats::port_key(6, 443)].add_rx(1000);
    d.ports[stats::port_key(6, 80)].add_rx(500);
    d.ports[stats::port_key(17, 53)].add_rx(80);
    d.vlans[stats::vlan_key(0, 10)].add_rx(700);
    d.vlans[stats::vlan_key(1, 20)].add_rx(600);
    d.mpls[100].add_rx(64);
    d.icmp[stats::icmp_key(false, 8, 0)].add_rx(98);
    d.icmp[stats::icmp_key(true, 128, 0)].add_rx(118);
    d.multicast[host("239.1.2.3")].add_rx(300);
    d.dscp[0].add_rx(1000);
    d.dscp[46].add_rx(200);
    d.sizes[2].add_rx(100);
    Conn c{1, host("192.168.1.10"), 40000, host("93.184.216.34"), 443};
    c.master = 91;
    c.app = 124;
    d.connections.push_back(update(c));
    Conn c2{2, host("192.168.1.10"), 40001, host("8.8.8.8"), 53, 17, 1, 80, 1, 200};
    d.connections.push_back(update(c2));
    store.apply(d);
    auto d1 = delta(kT0 + 1);
    d1.ports[stats::port_key(6, 80)].add_rx(2000);
    store.apply(d1);
  }
  std::vector<std::string> names_of(Module m, SortKey k, Order o, const query::ModuleFilter& f = {}) const {
    ListRequest r;
    r.sort = k;
    r.order = o;
    std::vector<std::string> out;
    for (const auto& item : query::list_module(store, names, m, r, f).items)
      out.push_back(item.name);
    return out;
  }
  using V = std::vector<std::string>;

  stats::StatsStore store;
  query::NumericNames names;
};

TEST_F(ModulesTest, Ports) {
  EXPECT_EQ(names_of(Module::Port, SortKey::Key, Order::Ascending), (V{"80", "443", "53"}));  // TCP first
  query::ModuleFilter tcp;
  tcp.l4 = 6;
  EXPECT_EQ(names_of(Module::Port, SortKey::Bytes, Order::Descending, tcp), (V{"80", "443"}));
  tcp.l4 = 17;
  EXPECT_EQ(names_of(Module::Port, SortKey::Bytes, Order::Descending, tcp), (V{"53"}));
  ListRequest r;
  r.sort = SortKey::Bytes;
  r.order = Order::Descending;
  r.interval = {kT0, kT0 + 1};
  r.scope = query::Scope::Interval;
  auto p = query::list_module(store, names, Module::Port, r);
  ASSERT_EQ(p.total, 3u);
  EXPECT_EQ(p.items[0].ref, query::port_ref(6, 443));  // 1000 in kT0; port 80 had 500 then
  EXPECT_EQ(p.items[0].traffic.interval.rx_bytes, 1000u);
  EXPECT_EQ(query::port_l4(p.items[0].ref.id), 6);
  EXPECT_EQ(query::port_number(p.items[0].ref.id), 443);
}

TEST_F(ModulesTest, ApplicationsCategoriesBreeds) {
  EXPECT_EQ(names_of(Module::Application, SortKey::Name, Order::Ascending), (V{"7", "91.124"}));
  EXPECT_EQ(names_of(Module::Application, SortKey::Bytes, Order::Descending), (V{"91.124", "7"}));
  query::ModuleFilter f;
  f.text = "91";
  EXPECT_EQ(names_of(Module::Application, SortKey::Key, Order::Ascending, f), (V{"91.124"}));
  EXPECT_EQ(names_of(Module::Category, SortKey::Key, Order::Ascending), (V{"5"}));
  EXPECT_EQ(names_of(Module::Breed, SortKey::Key, Order::Ascending), (V{"2"}));
  auto app = query::get_module_item(store, names, query::app_ref(91, 124));
  ASSERT_TRUE(app);
  EXPECT_EQ(app->traffic.all_time.bytes(), 1100u);
  EXPECT_EQ(app->name, "91.124");
}

TEST_F(ModulesTest, SmallModules) {
  EXPECT_EQ(names_of(Module::Dscp, SortKey::Key, Order::Ascending),
            (V{"Best Effort (CS0)", "Expedited Forwarding (EF)"}));
  EXPECT_EQ(names_of(Module::PacketSize, SortKey::Key, Order::Ascending), (V{"65-127"}));
  EXPECT_EQ(names_of(Module::Icmp, SortKey::Key, Order::Ascending), (V{"ICMP 8/0", "ICMPv6 128/0"}));
  EXPECT_EQ(names_of(Module::Multicast, SortKey::Key, Order::Ascending), (V{"239.1.2.3"}));
  EXPECT_EQ(names_of(Module::Mpls, SortKey::Key, Order::Ascending), (V{"100"}));
  EXPECT_EQ(names_of(Module::Vlan, SortKey::Bytes, Order::Ascending), (V{"20", "10"}));
  query::ModuleFilter inner;
  inner.vlan_level = 1;
  EXPECT_EQ(names_of(Module::Vlan, SortKey::Key, Order::Ascending, inner), (V{"20"}));
}

TEST_F(ModulesTest, GetItem) {
  EXPECT_FALSE(query::get_module_item(store, names, query::port_ref(6, 22)));
  EXPECT_FALSE(query::get_module_item(store, names, query::module_ref(Module::Dscp, 10)));  // no traffic
  EXPECT_FALSE(query::get_module_item(store, names, query::module_ref(Module::Dscp, 64)));
  EXPECT_FALSE(query::get_module_item(store, names, query::host_ref(host("192.168.1.10"))));  // not small
  auto port = query::get_module_item(store, names, query::port_ref(6, 80), {kT0 + 1, kT0 + 2});
  ASSERT_TRUE(port);
  EXPECT_EQ(port->traffic.all_time.rx_bytes, 2500u);
  EXPECT_EQ(port->traffic.interval.rx_bytes, 2000u);
  auto group = query::get_module_item(store, names, query::multicast_ref(host("239.1.2.3")));
  ASSERT_TRUE(group);
  EXPECT_EQ(group->traffic.all_time.rx_bytes, 300u);
  EXPECT_TRUE(query::list_module(store, names, Module::Host, {}).items.empty());
}

TEST(DscpNames, Labels) {
  EXPECT_EQ(query::dscp_name(0), "Best Effort (CS0)");
  EXPECT_EQ(query::dscp_name(8), "Priority (CS1)");
  EXPECT_EQ(query::dscp_name(16), "Immediate (CS2)");
  EXPECT_EQ(query::dscp_name(24), "Flash (CS3)");
  EXPECT_EQ(query::dscp_name(32), "Flash Override (CS4)");
  EXPECT_EQ(query::dscp_name(40), "Critical (CS5)");
  EXPECT_EQ(query::dscp_name(48), "Internetwork Control (CS6)");
  EXPECT_EQ(query::dscp_name(56), "Network Control (CS7)");
  EXPECT_EQ(query::dscp_name(10), "AF11");
  EXPECT_EQ(query::dscp_name(38), "AF43");
  EXPECT_EQ(query::dscp_name(46), "Expedited Forwarding (EF)");
  EXPECT_EQ(query::dscp_name(1), "Lower Effort (LE)");
  EXPECT_EQ(query::dscp_name(3), "DSCP 3");
}

}  // namespace
}  // namespace netmeter::test
