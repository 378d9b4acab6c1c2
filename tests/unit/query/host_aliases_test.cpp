#include "query/host_aliases.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/app_hosts.hpp"
#include "query/connections.hpp"
#include "query/host_export.hpp"
#include "query/host_lists.hpp"
#include "query/hosts.hpp"
#include "query/port_hosts.hpp"
#include "query/query_service.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  r.page_size = 100;
  return r;
}

std::vector<std::string> keys(const query::Page<query::HostItem>& p) {
  std::vector<std::string> out;
  for (const auto& h : p.items)
    out.push_back(h.key.to_string());
  return out;
}

TEST(HostAliases, ViewsAreSnapshots) {
  query::HostAliases aliases;
  EXPECT_TRUE(aliases.view().empty());
  const uint64_t v0 = aliases.version();
  aliases.set(addr("10.0.0.1"), "printer");
  auto before = aliases.view();
  EXPECT_GT(aliases.version(), v0);
  aliases.set(addr("10.0.0.1"), "laser");
  aliases.set(addr("fe80::1"), "router");
  ASSERT_NE(before.find(addr("10.0.0.1")), nullptr);
  EXPECT_EQ(*before.find(addr("10.0.0.1")), "printer");  // a change never alters a view taken earlier
  EXPECT_EQ(before.find(addr("fe80::1")), nullptr);
  auto now = aliases.view();
  EXPECT_EQ(*now.find(addr("10.0.0.1")), "laser");
  EXPECT_EQ(*now.find(addr("fe80::1")), "router");
}

TEST(HostAliases, EmptyNameRemovesAndNoAliasLeavesNothing) {
  query::HostAliases aliases;
  aliases.set(addr("10.0.0.1"), "printer");
  const uint64_t v = aliases.version();
  aliases.set(addr("10.0.0.1"), "");
  EXPECT_GT(aliases.version(), v);
  EXPECT_TRUE(aliases.view().empty());  // the fast path: no map at all
  aliases.set(addr("10.0.0.9"), "");    // removing what is not there is harmless
  EXPECT_TRUE(aliases.view().empty());
  query::AliasMap loaded;
  loaded[addr("10.0.0.2")] = "nas";
  aliases.assign(loaded);
  EXPECT_EQ(*aliases.view().find(addr("10.0.0.2")), "nas");
  aliases.assign({});
  EXPECT_TRUE(aliases.view().empty());
}

/// Three hosts: a talks to b (which serves "www.example.com") and to c; c also exists on VLAN 7.
class AliasListsTest : public ::testing::Test {
 protected:
  AliasListsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    send(d, a, b, 100, kT0 * kNs + 1);
    send(d, a, c, 300, kT0 * kNs + 2);
    send(d, c7, a, 200, kT0 * kNs + 3);
    d.connections.push_back(update(Conn{1, a, 40000, b, 443}));
    d.connections.push_back(update(Conn{2, a, 40001, c, 53, 17}));
    std::string name = "www.example.com";
    std::copy(name.begin(), name.end(), d.connections[0].server_name);
    d.connections[0].server_name_len = static_cast<uint8_t>(name.size());
    store.apply(d);
  }

  stats::HostKey a = host("10.0.0.1");
  stats::HostKey b = host("10.0.0.2");
  stats::HostKey c = host("10.0.0.3");
  stats::HostKey c7 = host("10.0.0.3", 7);
  stats::StatsStore store;
  query::HostAliases aliases;
};

TEST_F(AliasListsTest, WithoutAliasesNamesAreTheStatistics) {
  auto page = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), {}, aliases.view());
  ASSERT_EQ(page.items.size(), 4u);
  EXPECT_EQ(page.items[0].name, "");
  EXPECT_EQ(page.items[1].name, "www.example.com");
}

TEST_F(AliasListsTest, AliasNamesTheHostOnEveryVlan) {
  aliases.set(addr("10.0.0.3"), "resolver");
  aliases.set(addr("10.0.0.2"), "web server");  // the alias wins over the served name
  auto page = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), {}, aliases.view());
  ASSERT_EQ(keys(page), (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.3@7"}));
  EXPECT_EQ(page.items[0].name, "");
  EXPECT_EQ(page.items[1].name, "web server");
  EXPECT_EQ(page.items[2].name, "resolver");
  EXPECT_EQ(page.items[3].name, "resolver");
  auto detail = query::get_host(store, c7, {}, aliases.view());
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->summary.name, "resolver");
}

TEST_F(AliasListsTest, NameSortAndTextFilterSeeAliases) {
  aliases.set(addr("10.0.0.1"), "zulu");
  aliases.set(addr("10.0.0.3"), "alpha");
  auto asc = query::list_hosts(store, sorted(SortKey::Name, Order::Ascending), {}, aliases.view());
  // "alpha" (both VLANs, by key), "www.example.com", "zulu"
  EXPECT_EQ(keys(asc), (std::vector<std::string>{"10.0.0.3", "10.0.0.3@7", "10.0.0.2", "10.0.0.1"}));
  query::HostFilter f;
  f.text = "ZUL";
  auto found = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), f, aliases.view());
  EXPECT_EQ(keys(found), (std::vector<std::string>{"10.0.0.1"}));
  f.text = "example";  // b has no alias: its own name still matches
  found = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), f, aliases.view());
  EXPECT_EQ(keys(found), (std::vector<std::string>{"10.0.0.2"}));
}

TEST_F(AliasListsTest, PeersAndConnectionEnds) {
  aliases.set(addr("10.0.0.3"), "resolver");
  auto peers = query::host_peers(store, a, sorted(SortKey::Key, Order::Ascending), aliases.view());
  ASSERT_TRUE(peers);
  ASSERT_EQ(peers->items.size(), 2u);
  EXPECT_EQ(peers->items[0].name, "www.example.com");
  EXPECT_EQ(peers->items[1].name, "resolver");

  query::NumericNames names;
  auto conns =
      query::list_connections(store, names, sorted(SortKey::Key, Order::Ascending), {}, aliases.view());
  ASSERT_EQ(conns.items.size(), 2u);
  EXPECT_EQ(conns.items[0].client_host_name, "");
  EXPECT_EQ(conns.items[0].server_host_name, "www.example.com");
  EXPECT_EQ(conns.items[1].server_host_name, "resolver");
  auto one = query::get_connection(store, names, 2, aliases.view());
  ASSERT_TRUE(one);
  EXPECT_EQ(one->server_host_name, "resolver");
  aliases.set(addr("10.0.0.1"), "laptop");
  auto mine =
      query::host_connections(store, names, a, sorted(SortKey::Key, Order::Ascending), {}, aliases.view());
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->items[0].client_host_name, "laptop");
}

TEST_F(AliasListsTest, PortAndApplicationHosts) {
  aliases.set(addr("10.0.0.2"), "web server");
  auto port = query::port_hosts(store, 6, 443, sorted(SortKey::Key, Order::Ascending), {}, aliases.view());
  ASSERT_EQ(port.items.size(), 2u);
  EXPECT_EQ(port.items[0].name, "");  // 10.0.0.1, the client
  EXPECT_EQ(port.items[1].name, "web server");
  auto apps = query::application_hosts(store, stats::app_key(0, 7), sorted(SortKey::Name, Order::Descending),
                                       aliases.view());
  ASSERT_FALSE(apps.items.empty());
  EXPECT_EQ(apps.items[0].name, "web server");
}

TEST(QueryServiceAliases, ServiceShowsAliasesAndItsGenerationMoves) {
  stats::Aggregator agg(stats::StatsConfig{}, 1);
  query::NumericNames names;
  query::HostAliases aliases;
  query::QueryService q(agg, names, &aliases);
  auto a = host("192.168.1.2"), b = host("10.1.1.1");
  auto d = agg.channel().acquire(0);
  d->second = kT0;
  send(*d, a, b, 1000, kT0 * kNs);
  d->connections.push_back(update(Conn{1, a, 40000, b, 443}));
  agg.channel().publish(std::move(d));
  agg.drain();
  const uint64_t g = q.generation();
  aliases.set(addr("10.1.1.1"), "server");
  EXPECT_NE(q.generation(), g);  // cached answers with the old names are not served again
  EXPECT_EQ(q.host(b)->summary.name, "server");
  EXPECT_EQ(q.hosts(sorted(SortKey::Key, Order::Ascending)).items[0].name, "server");
  EXPECT_EQ(q.host_peers(a, {})->items[0].name, "server");
  EXPECT_EQ(q.connection(1)->server_host_name, "server");
  EXPECT_EQ(q.connections({}).items[0].server_host_name, "server");
  EXPECT_EQ(q.host_connections(a, {})->items[0].server_host_name, "server");
  query::HostExport ex(q, sorted(SortKey::Key, Order::Ascending));
  std::vector<query::HostItem> out;
  ex.next(10, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "server");

  query::QueryService plain(agg, names);  // without aliases: the statistics' names
  EXPECT_EQ(plain.host(b)->summary.name, "");
  agg.finish();
}

}  // namespace
}  // namespace netmeter::test
