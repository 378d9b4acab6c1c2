#include "query/mac_lists.hpp"

#include <gtest/gtest.h>

#include "query/macs.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

constexpr stats::MacKey kLanMac = 0x02000000000a;     // 192.168.1.10 and 192.168.1.11
constexpr stats::MacKey kRouterMac = 0x020000000001;  // the Internet behind it: web, dns
constexpr stats::MacKey kOtherMac = 0x02000000000b;   // 10.0.0.5
constexpr stats::MacKey kSilentMac = 0x02000000000c;  // only LLDP, no address

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  return r;
}

/// `packets` frames of `bytes` in all sent by `from` to `to` with `ethertype`, on `vlan` (0: untagged).
void frames(stats::ShardDelta& d, stats::MacKey from, stats::MacKey to, uint16_t ethertype, uint64_t bytes,
            uint64_t packets = 1, uint16_t vlan = 0) {
  stats::Traffic t{0, 0, packets, bytes};
  d.macs[from] += t;
  d.macs[to] += t.swapped();
  d.mac_vlans[from << 12 | vlan] += t;
  d.mac_ethertypes[from << 16 | ethertype] += t;
  d.iface.traffic += t.swapped();
}

/// Two LAN hosts behind one MAC, two Internet hosts behind the router's MAC, one more host, a MAC that
/// only sends LLDP; the connections of connection_store.hpp plus one between the two LAN hosts.
class MacListsTest : public ::testing::Test {
 protected:
  MacListsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    for (auto [h, mac] : {std::pair{lan, kLanMac}, std::pair{lan2, kLanMac}, std::pair{web, kRouterMac},
                          std::pair{dns, kRouterMac}, std::pair{other, kOtherMac}}) {
      send(d, h, lan, 1, kT0 * kNs);  // makes the host, and says which MAC it sent from
      d.hosts[h].macs[0] = mac;
    }
    frames(d, kLanMac, kRouterMac, 0x0800, 200, 2);
    frames(d, kLanMac, kRouterMac, 0x0806, 60);
    frames(d, kRouterMac, kLanMac, 0x0800, 1000, 1, 7);
    frames(d, kRouterMac, kLanMac, 0x86DD, 100);
    frames(d, kOtherMac, kRouterMac, 0x0800, 500);
    frames(d, kSilentMac, 0x0180c200000e, 0x88CC, 64);
    Conn c1{1, lan, 40000, web, 443, 6, 10, 1000, 20, 20000, kT0 * kNs, (kT0 + 10) * kNs};
    Conn c2{2, lan, 40001, dns, 53, 17, 1, 80, 1, 200, (kT0 + 1) * kNs, (kT0 + 1) * kNs + 5000, true};
    Conn c3{3, other, 50000, web, 80, 6, 5, 500, 5, 5000, (kT0 + 2) * kNs, (kT0 + 4) * kNs};
    Conn c4{4, web, 1234, lan, 22, 6, 3, 300, 3, 3000, (kT0 + 5) * kNs, (kT0 + 5) * kNs};
    Conn c5{5, lan, 40002, lan2, 445, 6, 2, 200, 2, 400, (kT0 + 6) * kNs, (kT0 + 6) * kNs};
    for (const auto& c : {c1, c2, c3, c4, c5})
      d.connections.push_back(update(c));
    store.apply(d);
    auto d1 = delta(kT0 + 1);
    frames(d1, kLanMac, kRouterMac, 0x0800, 150);
    store.apply(d1);
  }

  /// A caller who may see everything but 8.8.8.8 and the 10.0.0.0/8 network.
  static ListRequest limited() {
    ListRequest r;
    r.visible = [](const core::IpAddress& a) { return a != addr("8.8.8.8") && a.bytes()[0] != 10; };
    return r;
  }

  stats::HostKey lan = host("192.168.1.10");
  stats::HostKey lan2 = host("192.168.1.11");
  stats::HostKey web = host("93.184.216.34");
  stats::HostKey dns = host("8.8.8.8");
  stats::HostKey other = host("10.0.0.5");
  stats::StatsStore store;
};

TEST(EtherTypeName, KnownUnknownAndNone) {
  EXPECT_EQ(query::ethertype_name(0x0800), "IPv4");
  EXPECT_EQ(query::ethertype_name(0x86DD), "IPv6");
  EXPECT_EQ(query::ethertype_name(0x9100), "QinQ");
  EXPECT_EQ(query::ethertype_name(0x0801), "0x0801");
  EXPECT_EQ(query::ethertype_name(0xFFFF), "0xffff");
  EXPECT_EQ(query::ethertype_name(0), "Unknown");
}

TEST_F(MacListsTest, TotalsAddUpTheMacs) {
  query::MacTotals t = query::mac_totals(store, {});
  EXPECT_EQ(t.macs, 5u);  // the LLDP multicast destination is a MAC too
  // Each frame once as sent and once as received: 8 frames, 2074 bytes.
  EXPECT_EQ(t.traffic.all_time.tx_packets, 8u);
  EXPECT_EQ(t.traffic.all_time.tx_bytes, 2074u);
  EXPECT_EQ(t.traffic.all_time.rx_packets, 8u);
  EXPECT_EQ(t.traffic.all_time.rx_bytes, 2074u);
  // Without an interval: the last complete second (kT0, the source still running).
  EXPECT_EQ(t.traffic.last_second.tx_bytes, 1924u);
  query::MacTotals later = query::mac_totals(store, {kT0 + 1, kT0 + 2});
  EXPECT_EQ(later.traffic.interval.tx_bytes, 150u);
  EXPECT_EQ(later.traffic.interval_per_second.tx_bytes, 150u);
  query::MacTotals both = query::mac_totals(store, {kT0, kT0 + 2});
  EXPECT_EQ(both.traffic.interval.tx_bytes, 2074u);
  EXPECT_EQ(both.traffic.interval_per_second.tx_bytes, 1037u);
}

TEST_F(MacListsTest, TotalsOfAVisibilityLimitedCaller) {
  query::MacTotals t = query::mac_totals(store, {}, limited().visible);
  EXPECT_EQ(t.macs, 2u);  // lan's and the router's (web); not 10.0.0.5's, not those without addresses
  EXPECT_EQ(t.traffic.all_time.tx_bytes, 200u + 60 + 150 + 1000 + 100);
}

TEST_F(MacListsTest, TotalsGraphIsTheSumOfTheMacGraphs) {
  query::GraphRequest g;
  g.range = {kT0, kT0 + 2};
  g.timespan = 1;
  query::Graph all = query::mac_totals_graph(store, g);
  ASSERT_EQ(all.points.size(), 2u);
  EXPECT_EQ(all.points[0].time_ms, kT0 * 1000);
  EXPECT_EQ(all.points[0].value.tx_bytes, 1924u);
  EXPECT_EQ(all.points[1].value.tx_bytes, 150u);
  query::Graph some = query::mac_totals_graph(store, g, limited().visible);
  EXPECT_EQ(some.points[0].value.tx_bytes, 1360u);
}

TEST_F(MacListsTest, VendorIsTheNameOfAMac) {
  auto r = sorted(SortKey::Name, Order::Ascending);
  query::Page<query::MacItem> p = query::list_macs(store, r);
  ASSERT_EQ(p.total, 5u);
  // No vendor table here: every name is empty, so the address decides.
  EXPECT_EQ(p.items[0].mac, 0x0180c200000eu);
  EXPECT_EQ(p.items[1].mac, kRouterMac);
}

TEST_F(MacListsTest, EtherTypesOverTheSlot) {
  auto p = query::list_ethertypes(store, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_EQ(p.total, 4u);
  EXPECT_EQ(p.items[0].ethertype, 0x0800);
  EXPECT_EQ(p.items[0].name, "IPv4");
  EXPECT_EQ(p.items[0].traffic.rx_packets, 5u);  // every frame once, as received
  EXPECT_EQ(p.items[0].traffic.rx_bytes, 1850u);
  EXPECT_EQ(p.items[0].traffic.tx_bytes, 0u);
  EXPECT_EQ(p.items[0].macs, 3u);
  EXPECT_EQ(p.items[3].ethertype, 0x0806);

  auto by_macs = query::list_ethertypes(store, sorted(SortKey::Flows, Order::Descending));
  EXPECT_EQ(by_macs.items[0].ethertype, 0x0800);
  EXPECT_EQ(query::list_ethertypes(store, {}, {"ipv"}).total, 2u);
  auto arp = query::list_ethertypes(store, {}, {"0x0806"});
  ASSERT_EQ(arp.total, 1u);
  EXPECT_EQ(arp.items[0].name, "ARP");

  auto limited_list = query::list_ethertypes(store, limited());
  EXPECT_EQ(limited_list.total, 3u);  // LLDP came from a MAC without an address
  EXPECT_EQ(limited_list.items[0].traffic.rx_bytes, 1350u);
}

TEST_F(MacListsTest, EtherTypesOfOneMac) {
  auto p = query::mac_ethertypes(store, kRouterMac, sorted(SortKey::Key, Order::Ascending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 2u);
  EXPECT_EQ(p->items[0].ethertype, 0x0800);
  EXPECT_EQ(p->items[0].traffic.tx_bytes, 1000u);  // what it sent
  EXPECT_EQ(p->items[1].name, "IPv6");
  EXPECT_FALSE(query::mac_ethertypes(store, 0x02000000ffff, {}));
  EXPECT_FALSE(query::mac_ethertypes(store, kOtherMac, limited()));
  EXPECT_FALSE(query::mac_ethertypes(store, kSilentMac, limited()));
  EXPECT_TRUE(query::mac_ethertypes(store, kSilentMac, {}));
}

TEST_F(MacListsTest, VlansOfOneMac) {
  auto p = query::mac_vlans(store, kRouterMac, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 2u);
  EXPECT_EQ(p->items[0].vlan, 7u);  // no traffic per VLAN: by id, in the order asked for
  EXPECT_EQ(p->items[1].vlan, 0u);
  EXPECT_EQ(query::mac_vlans(store, kLanMac, {})->total, 1u);
  EXPECT_FALSE(query::mac_vlans(store, 0x02000000ffff, {}));
}

TEST_F(MacListsTest, PeersFromTheConnectionsOfItsAddresses) {
  auto p = query::mac_peers(store, kLanMac, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 1u);  // connection 5 stays behind the MAC: not a peer of itself
  const query::MacPeerItem& r = p->items[0];
  EXPECT_EQ(r.mac, kRouterMac);
  // Connections 1, 2 and 4 from lan's view: rx 20000 + 200 + 300, tx 1000 + 80 + 3000.
  EXPECT_EQ(r.traffic.rx_bytes, 20500u);
  EXPECT_EQ(r.traffic.tx_bytes, 4080u);
  EXPECT_EQ(r.connections, 3u);
  EXPECT_EQ(r.active_connections, 2u);
  EXPECT_EQ(r.first_ns, kT0 * kNs);
  EXPECT_EQ(r.last_ns, (kT0 + 10) * kNs);
  ASSERT_EQ(r.ips.size(), 2u);
  EXPECT_EQ(r.ips[0], dns.ip);
  EXPECT_EQ(r.ips[1], web.ip);

  auto router = query::mac_peers(store, kRouterMac, sorted(SortKey::Flows, Order::Descending));
  ASSERT_TRUE(router);
  ASSERT_EQ(router->total, 2u);
  EXPECT_EQ(router->items[0].mac, kLanMac);
  EXPECT_EQ(router->items[0].connections, 3u);
  EXPECT_EQ(router->items[0].traffic.tx_bytes, 20500u);  // the router's view
  EXPECT_EQ(router->items[1].mac, kOtherMac);
  EXPECT_EQ(router->items[1].connections, 1u);

  EXPECT_EQ(query::mac_peers(store, kSilentMac, {})->total, 0u);
  EXPECT_FALSE(query::mac_peers(store, 0x02000000ffff, {}));
}

TEST_F(MacListsTest, PeersOfAVisibilityLimitedCaller) {
  auto p = query::mac_peers(store, kLanMac, limited());
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 1u);
  EXPECT_EQ(p->items[0].connections, 2u);  // not the one with 8.8.8.8
  ASSERT_EQ(p->items[0].ips.size(), 1u);
  auto router = query::mac_peers(store, kRouterMac, limited());
  ASSERT_TRUE(router);
  EXPECT_EQ(router->total, 1u);  // not 10.0.0.5's MAC
}

TEST_F(MacListsTest, PeersSortByRate) {
  auto p = query::mac_peers(store, kRouterMac, sorted(SortKey::Bps, Order::Ascending));
  ASSERT_TRUE(p);
  // kOtherMac: 5500 bytes over 2 s; kLanMac: 24580 bytes over 10 s.
  EXPECT_EQ(p->items[0].mac, kLanMac);
}

TEST(MacVendorsInLists, SortAndFilterOnTheVendor) {
  stats::StatsConfig config;
  config.mac_vendors =
      stats::MacVendors::parse("00:00:0C\tCisco\tCisco Systems, Inc\nAC:DE:48\tPrivate\tPrivate\n");
  stats::StatsStore store(config);
  auto d = delta(kT0);
  send(d, host("10.0.0.1"), host("10.0.0.2"), 100, kT0 * kNs);
  frames(d, 0xacde48000001, 0x00000c000001, 0x0800, 100);
  frames(d, 0x00000c000002, 0x020000000001, 0x0800, 100);
  store.apply(d);
  auto p = query::list_macs(store, sorted(SortKey::Name, Order::Descending));
  ASSERT_EQ(p.total, 4u);
  EXPECT_EQ(p.items[0].vendor, "Private");
  EXPECT_EQ(p.items[1].mac, 0x00000c000001u);  // equal vendors: by address, ascending in both orders
  EXPECT_EQ(p.items[2].mac, 0x00000c000002u);
  EXPECT_EQ(p.items[3].vendor, "");
  query::MacFilter cisco;
  cisco.text = "CISCO";
  EXPECT_EQ(query::list_macs(store, {}, cisco).total, 2u);
  cisco.text = "00:00:0c:00:00:02";
  EXPECT_EQ(query::list_macs(store, {}, cisco).total, 1u);
}

}  // namespace
}  // namespace netmeter::test
