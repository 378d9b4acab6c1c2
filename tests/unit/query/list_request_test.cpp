#include "query/list_request.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connection_store.hpp"
#include "query/connections.hpp"
#include "query/host_lists.hpp"
#include "query/hosts.hpp"
#include "query/macs.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;

/// Only these addresses are visible.
ListRequest seeing(std::vector<stats::HostKey> hosts) {
  ListRequest r;
  r.page_size = 0;
  r.visible = [hosts = std::move(hosts)](const core::IpAddress& a) {
    for (const auto& h : hosts)
      if (h.ip == a) return true;
    return false;
  };
  return r;
}

// ListRequest::visible over the four connections of ConnectionStore (lan, web, dns, other).
class VisibleTest : public ::testing::Test, public ConnectionStore {
 protected:
  std::vector<std::string> hosts(const ListRequest& r) const {
    std::vector<std::string> out;
    for (const auto& h : query::list_hosts(store, r).items)
      out.push_back(h.key.to_string());
    return out;
  }
  std::vector<uint64_t> connections(const ListRequest& r) const {
    std::vector<uint64_t> out;
    for (const auto& c : query::list_connections(store, names, r).items)
      out.push_back(c.id);
    return out;
  }
  query::NumericNames names;
};

TEST(MaySee, WithoutAFunctionEverythingIsVisible) {
  ListRequest r;
  EXPECT_TRUE(query::may_see(r, addr("10.0.0.1")));
  r.visible = [](const core::IpAddress& a) { return a.is_v4(); };
  EXPECT_TRUE(query::may_see(r, addr("10.0.0.1")));
  EXPECT_FALSE(query::may_see(r, addr("2001:db8::1")));
}

TEST_F(VisibleTest, HostsShowOnlyVisibleAddresses) {
  ListRequest all;
  all.page_size = 0;
  EXPECT_EQ(hosts(all).size(), 4u);
  EXPECT_EQ(hosts(seeing({lan, dns})), (std::vector<std::string>{"8.8.8.8", "192.168.1.10"}));
  auto page = query::list_hosts(store, seeing({web}));
  EXPECT_EQ(page.total, 1u);  // the total counts visible hosts only
  EXPECT_EQ(page.pages, 1u);
  EXPECT_EQ(query::list_hosts(store, seeing({})).total, 0u);
}

TEST_F(VisibleTest, PeersShowOnlyVisibleAddresses) {
  // lan's peers are web and dns; the host itself need not be visible for its list to be filtered.
  auto p = query::host_peers(store, lan, seeing({dns}));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 1u);
  EXPECT_EQ(p->items[0].peer, dns);
  EXPECT_EQ(query::host_peers(store, lan, seeing({lan}))->total, 0u);
  EXPECT_EQ(query::host_peers(store, web, seeing({lan, other}))->total, 2u);
}

TEST_F(VisibleTest, ConnectionsNeedOneVisibleEnd) {
  EXPECT_EQ(connections(seeing({lan})), (std::vector<uint64_t>{1, 2, 4}));
  EXPECT_EQ(connections(seeing({dns})), (std::vector<uint64_t>{2}));
  EXPECT_EQ(connections(seeing({other, dns})), (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(connections(seeing({web})), (std::vector<uint64_t>{1, 3, 4}));
  EXPECT_EQ(connections(seeing({})), (std::vector<uint64_t>{}));
  // A host's connection list too.
  auto c = query::host_connections(store, names, web, seeing({other}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->total, 1u);
  EXPECT_EQ(c->items[0].id, 3u);
}

// A MAC is visible when one of the addresses it sent from is.
TEST(VisibleMacs, NeedOneVisibleAddress) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto a = host("192.168.1.2"), b = host("192.168.1.3"), c = host("10.0.0.9");
  constexpr stats::MacKey kA = 0x02000000000a, kShared = 0x02000000000b, kNone = 0x02000000000c;
  auto d = delta(kT0);
  send(d, a, c, 100, kT0 * kNs);
  send(d, b, c, 100, kT0 * kNs);
  d.hosts[a].macs[0] = kA;
  d.hosts[b].macs[0] = kShared;
  d.hosts[c].macs[0] = kShared;  // a router's MAC carries several addresses
  for (auto m : {kA, kShared, kNone})
    d.macs[m].add_tx(60);
  store.apply(d);

  auto macs = [&](const ListRequest& r) {
    std::vector<stats::MacKey> out;
    for (const auto& m : query::list_macs(store, r).items)
      out.push_back(m.mac);
    return out;
  };
  using V = std::vector<stats::MacKey>;
  ListRequest all;
  EXPECT_EQ(macs(all), (V{kA, kShared, kNone}));
  EXPECT_EQ(macs(seeing({a})), (V{kA}));
  EXPECT_EQ(macs(seeing({c})), (V{kShared}));
  EXPECT_EQ(macs(seeing({a, b})), (V{kA, kShared}));
  EXPECT_EQ(macs(seeing({host("10.9.9.9")})), (V{}));  // and a MAC without addresses never is
}

}  // namespace
}  // namespace netmeter::test
