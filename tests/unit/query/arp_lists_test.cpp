#include "query/arp_lists.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

constexpr stats::MacKey kMacA = 0x02000000000a;
constexpr stats::MacKey kMacB = 0x02000000000b;
constexpr stats::MacKey kMacC = 0x02000000000c;  // ARP only: no address it sent IP from

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  return r;
}

stats::ArpCounts counts(uint64_t requests, uint64_t replies, uint64_t gratuitous) {
  return {requests, replies, gratuitous};
}

/// a (MAC A) asks 5 times and announces itself twice; b (MAC B) answers 3 times; 0.0.0.0 (MAC C) probes
/// once; one ARP packet of another protocol type has no sender address.
class ArpListsTest : public ::testing::Test {
 protected:
  ArpListsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    send(d, a, b, 100, kT0 * kNs);
    send(d, b, a, 100, kT0 * kNs);
    d.hosts[a].macs[0] = kMacA;
    d.hosts[b].macs[0] = kMacB;
    d.arp.by_ip[a] += counts(5, 0, 2);
    d.arp.by_ip[b] += counts(0, 3, 0);
    d.arp.by_ip[probe] += counts(1, 0, 0);
    d.arp.by_mac[kMacA] += counts(5, 0, 2);
    d.arp.by_mac[kMacB] += counts(0, 3, 0);
    d.arp.by_mac[kMacC] += counts(2, 0, 0);
    d.arp.total = counts(10, 3, 2);
    store.apply(d);
  }

  stats::HostKey a = host("192.168.1.2");
  stats::HostKey b = host("192.168.1.3");
  stats::HostKey probe = host("0.0.0.0");
  stats::StatsStore store;
};

TEST_F(ArpListsTest, Totals) {
  query::ArpTotals t = query::arp_totals(store);
  EXPECT_EQ(t.counts.requests, 10u);  // the slot's own count, with the packet without a sender address
  EXPECT_EQ(t.counts.replies, 3u);
  EXPECT_EQ(t.counts.gratuitous, 2u);
  EXPECT_EQ(t.ips, 3u);
  EXPECT_EQ(t.macs, 3u);
}

TEST_F(ArpListsTest, TotalsOfAVisibilityLimitedCaller) {
  auto only_a = [&](const core::IpAddress& ip) { return ip == a.ip; };
  query::ArpTotals t = query::arp_totals(store, only_a);
  EXPECT_EQ(t.counts.requests, 5u);
  EXPECT_EQ(t.counts.replies, 0u);
  EXPECT_EQ(t.counts.gratuitous, 2u);
  EXPECT_EQ(t.ips, 1u);
  EXPECT_EQ(t.macs, 1u);
}

TEST_F(ArpListsTest, HostsBySortKey) {
  auto p = query::list_arp_hosts(store, sorted(SortKey::Requests, Order::Descending));
  ASSERT_EQ(p.total, 3u);  // not the hosts without ARP
  EXPECT_EQ(p.items[0].host, a);
  EXPECT_EQ(p.items[0].mac, kMacA);
  EXPECT_EQ(p.items[0].arp.requests, 5u);
  EXPECT_EQ(p.items[0].arp.gratuitous, 2u);
  EXPECT_EQ(p.items[1].host, probe);
  EXPECT_EQ(p.items[1].mac, 0u);
  EXPECT_EQ(p.items[2].host, b);

  EXPECT_EQ(query::list_arp_hosts(store, sorted(SortKey::Replies, Order::Descending)).items[0].host, b);
  auto packets = query::list_arp_hosts(store, sorted(SortKey::Packets, Order::Ascending));
  EXPECT_EQ(packets.items[0].host, probe);
  EXPECT_EQ(packets.items[2].host, a);
  // Bytes are not counted: by address.
  EXPECT_EQ(query::list_arp_hosts(store, sorted(SortKey::Bytes, Order::Descending)).items[0].host, b);
  EXPECT_EQ(query::list_arp_hosts(store, {}, {"168.1.3"}).total, 1u);
}

TEST_F(ArpListsTest, HostsOfAVisibilityLimitedCaller) {
  ListRequest r;
  r.visible = [&](const core::IpAddress& ip) { return ip != b.ip; };
  EXPECT_EQ(query::list_arp_hosts(store, r).total, 2u);
}

TEST_F(ArpListsTest, Macs) {
  auto p = query::list_arp_macs(store, sorted(SortKey::Gratuitous, Order::Descending));
  ASSERT_EQ(p.total, 3u);
  EXPECT_EQ(p.items[0].mac, kMacA);
  ASSERT_EQ(p.items[0].ips.size(), 1u);
  EXPECT_EQ(p.items[0].ips[0], a.ip);
  EXPECT_EQ(query::list_arp_macs(store, {}, {"00:00:0c"}).total, 1u);

  ListRequest r = sorted(SortKey::Key, Order::Ascending);
  r.visible = [&](const core::IpAddress& ip) { return ip == a.ip; };
  auto limited = query::list_arp_macs(store, r);
  ASSERT_EQ(limited.total, 1u);  // B's address is hidden, C has none
  EXPECT_EQ(limited.items[0].mac, kMacA);
}

}  // namespace
}  // namespace netmeter::test
